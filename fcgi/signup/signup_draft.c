/* signup: the wizard's draft, kept on the server and bound to the browser by
 * a random cookie token (SIGNUP-1: back and forward keep every value).
 * The database holds only the token's SHA-256 and the values as one
 * urlencoded string; a draft lives a day after its last change. */
#include "signup_wizard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_COOKIE "mm_signup"
#define DRAFT_SECONDS 86400L

int signup_draft_load(struct mm_req *r, struct signup_draft *d)
{
	memset(d, 0, sizeof *d);
	const char *tok = mm_cookie(r, DRAFT_COOKIE);
	if (!tok || !mm_token_wellformed(tok))
		return 0;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	char *data = NULL;
	long long id = 0;
	int rc = signup_draft_row_get(hash, r->now, &id, &data);
	if (rc == 0)
		d->gone = 1;
	if (rc <= 0)
		return rc;
	if (signup_draft_parse(d, data, strlen(data)) < 0) {
		/* written by this program, so only a newer limit can refuse it:
		 * the applicant starts over on the same draft */
		mm_log_warn("signup draft %lld unreadable, starting over", id);
		mm_kvlist_free(&d->vals);
	}
	free(data);
	d->id = id;
	snprintf(d->token, sizeof d->token, "%s", tok);
	return 0;
}

static int draft_create(struct mm_req *r, struct signup_draft *d, const char *data)
{
	char bucket[96], client[64];
	snprintf(bucket, sizeof bucket, "signup:draft:ip:%s", mm_rate_client(r->remote_addr, client));
	int ok = mm_rate_limit(bucket, (int)mm_cfg_int("Signup.DraftsPerHour", 60), 3600, r->now);
	if (ok < 0)
		return ok;
	if (!ok)
		return SIGNUP_LIMITED;
	int rc = signup_draft_rows_purge(r->now);
	if (rc < 0)
		return rc;
	if (mm_token_new(d->token) < 0)
		return MM_DB_ERR;
	unsigned char hash[32];
	mm_sha256(d->token, strlen(d->token), hash);
	return signup_draft_row_insert(hash, data, r->now, r->now + DRAFT_SECONDS, &d->id);
}

int signup_draft_save(struct mm_req *r, struct signup_draft *d)
{
	struct mm_buf b = { 0 };
	signup_draft_serialise(d, &b);
	if (b.oom) {
		mm_buf_free(&b);
		return MM_DB_ERR;
	}
	int rc = d->id ? signup_draft_row_update(d->id, mm_buf_str(&b), r->now + DRAFT_SECONDS) :
			 draft_create(r, d, mm_buf_str(&b));
	mm_buf_free(&b);
	if (rc == 0)
		mm_set_cookie(r, DRAFT_COOKIE, d->token, DRAFT_SECONDS);
	return rc;
}

int signup_draft_delete(const struct signup_draft *d)
{
	return d->id ? signup_draft_row_delete(d->id) : 0;
}

void signup_draft_forget(struct mm_req *r)
{
	mm_set_cookie(r, DRAFT_COOKIE, "", -1);
}

