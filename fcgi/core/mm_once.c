/* One-time form keys (mm_once.h). The key's uniqueness under its user is
 * the primary key of form_keys: of two posts racing past mm_once_find, the
 * second insert fails (or waits for the first transaction and then fails),
 * and that transaction is rolled back whole. No GET_LOCK. */
#include "mm.h"
#include "mm_once.h"
#include <string.h>

static const char SQL_ONCE_FIND[] =
	"SELECT kind, object_ref FROM form_keys WHERE user_id = ? AND form_key = ?";
static const char SQL_ONCE_RECORD[] =
	"INSERT INTO form_keys (user_id, form_key, kind, object_ref, created_at)"
	" VALUES (?, ?, ?, ?, ?)";

/* The posted key: only a route that declares form_key (the submit) has
 * one; the form's own GET has none. */
static const char *posted_key(struct mm_req *r)
{
	const struct mm_input *in = r->route ? r->route->inputs : NULL;
	while (in && in->name && strcmp(in->name, "form_key") != 0)
		in++;
	if (!in || !in->name)
		return NULL;
	const char *key = mm_param(r, "form_key");
	return key && mm_token_wellformed(key) ? key : NULL;
}

int mm_once_fill(struct mm_req *r)
{
	const char *key = posted_key(r);
	char fresh[MM_TOKEN_CHARS + 1];
	if (!key) {
		if (mm_token_new(fresh) < 0)
			return MM_DB_ERR;
		key = fresh;
	}
	mm_set(r, "FormKey", key);
	return 0;
}

int mm_once_find(struct mm_req *r, const char *kind, char ref[MM_ONCE_REF_MAX + 1])
{
	const char *key = posted_key(r);
	ref[0] = '\0';
	if (!key || !r->user.id)
		return 0;
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_ONCE_FIND, "is", r->user.id, key);
	if (rc == 1) {
		const char *k = mm_db_str(&q, 0), *v = mm_db_str(&q, 1);
		if (k && v && strcmp(k, kind) == 0)
			mm_copy_str(ref, MM_ONCE_REF_MAX + 1, v);
		else
			rc = 0;	/* the key of another form: no match */
	}
	mm_db_done(&q);
	return rc;
}

int mm_once_record(struct mm_req *r, const char *kind, const char *ref)
{
	const char *key = posted_key(r);
	if (!key || !r->user.id)
		return 0;
	long long n = mm_db_exec(SQL_ONCE_RECORD, "issst", r->user.id, key, kind, ref, r->now);
	if (n == MM_DB_DUP)
		return MM_ONCE_REPEAT;
	return n < 0 ? (int)n : 0;
}
