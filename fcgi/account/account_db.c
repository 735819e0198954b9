/* account: the SQL of the user's own settings, the profile and the
 * customer admin's user management (the account security data itself is
 * in auth_db.c). */
#include "account.h"
#include <stdio.h>
#include <string.h>

static const char SQL_LANG_SET[] = "UPDATE users SET lang = ? WHERE id = ?";

int account_lang_set(long long user_id, const char *lang)
{
	long long n = mm_db_exec(SQL_LANG_SET, "si", lang, user_id);
	return n < 0 ? (int)n : 0;
}

#define USER_COLUMNS \
	"SELECT u.id, u.tenant_id, u.login_id, u.email, u.display_name, u.role, u.lang," \
	" u.time_zone, u.phone, COALESCE(u.mobile, ''), u.mfa_method, u.mfa_required," \
	" u.disabled, u.password_hash = '', u.locked_until," \
	" (SELECT MAX(e.occurred_at) FROM auth_events e WHERE e.user_id = u.id" \
	" AND e.event = 'login.ok') FROM users u"

static const char SQL_USER_IN_TENANT[] = USER_COLUMNS
	" WHERE u.id = ? AND u.tenant_id = ?";
static const char SQL_USER_SELF[] = USER_COLUMNS " WHERE u.id = ?";
static const char SQL_USER_COUNT[] = "SELECT COUNT(*) FROM users WHERE tenant_id = ?";

/* One statement per direction; the column is chosen by a bound key, so the
 * text stays fixed. A tenant has tens of users, sorted in memory. */
#define USER_ORDER \
	" WHERE u.tenant_id = ? ORDER BY CASE ?" \
	" WHEN 'name' THEN u.display_name WHEN 'login' THEN u.login_id" \
	" WHEN 'email' THEN u.email WHEN 'role' THEN CAST(u.role AS CHAR)" \
	" WHEN 'mfa' THEN CAST(u.mfa_method AS CHAR)" \
	" WHEN 'state' THEN CASE WHEN u.disabled = 1 THEN 'disabled'" \
	" WHEN u.locked_until > ? THEN 'locked' WHEN u.password_hash = '' THEN 'unset'" \
	" ELSE 'active' END" \
	" WHEN 'last_login' THEN (SELECT MAX(e.occurred_at)" \
	" FROM auth_events e WHERE e.user_id = u.id AND e.event = 'login.ok') END"
static const char SQL_USER_LIST_ASC[] = USER_COLUMNS USER_ORDER " ASC, u.id ASC LIMIT ? OFFSET ?";
static const char SQL_USER_LIST_DESC[] = USER_COLUMNS USER_ORDER " DESC, u.id DESC LIMIT ? OFFSET ?";

static const char SQL_OTHER_ADMINS[] =
	"SELECT COUNT(*) FROM (SELECT id FROM users WHERE tenant_id = ? AND id <> ?"
	" AND role = 'customer_admin' AND disabled = 0 FOR UPDATE) a";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash,"
	" lang, time_zone, phone, mobile, mfa_method, mfa_required, setup_state, created_at)"
	" VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, 'done', ?)";
static const char SQL_USER_UPDATE[] =
	"UPDATE users SET login_id = ?, email = ?, display_name = ?, role = ?, lang = ?,"
	" time_zone = ?, phone = ?, mobile = ?, mfa_required = ? WHERE id = ? AND tenant_id = ?";
/* enabling also ends a lockout (seed 002 §5.1.3) */
static const char SQL_USER_DISABLE[] =
	"UPDATE users SET disabled = 1 WHERE id = ? AND tenant_id = ?";
static const char SQL_USER_ENABLE[] =
	"UPDATE users SET disabled = 0, failed_logins = 0, locked_until = NULL"
	" WHERE id = ? AND tenant_id = ?";
static const char SQL_PROFILE_UPDATE[] =
	"UPDATE users SET display_name = ?, phone = ?, mobile = ?, lang = ?, time_zone = ?"
	" WHERE id = ?";
static const char SQL_EMAIL_VOID[] =
	"UPDATE email_changes SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
static const char SQL_EMAIL_INSERT[] =
	"INSERT INTO email_changes (user_id, new_email, token_hash, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_EMAIL_PENDING[] =
	"SELECT new_email FROM email_changes WHERE user_id = ? AND used_at IS NULL"
	" AND expires_at > ? ORDER BY id DESC LIMIT 1";
static const char SQL_EMAIL_LOOKUP[] =
	"SELECT user_id, new_email FROM email_changes WHERE token_hash = ? AND used_at IS NULL"
	" AND expires_at > ?";
static const char SQL_EMAIL_CONSUME[] =
	"UPDATE email_changes SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
static const char SQL_EMAIL_SET[] = "UPDATE users SET email = ? WHERE id = ?";
static const char SQL_RESETS_VOID[] =
	"UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL";

static void user_read(const struct mm_res *q, struct account_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = mm_db_int(q, 0);
	u->tenant_id = mm_db_int(q, 1);
	mm_copy_str(u->login_id, sizeof u->login_id, mm_db_str(q, 2));
	mm_copy_str(u->email, sizeof u->email, mm_db_str(q, 3));
	mm_copy_str(u->display_name, sizeof u->display_name, mm_db_str(q, 4));
	mm_copy_str(u->role, sizeof u->role, mm_db_str(q, 5));
	mm_copy_str(u->lang, sizeof u->lang, mm_db_str(q, 6));
	mm_copy_str(u->time_zone, sizeof u->time_zone, mm_db_str(q, 7));
	mm_copy_str(u->phone, sizeof u->phone, mm_db_str(q, 8));
	mm_copy_str(u->mobile, sizeof u->mobile, mm_db_str(q, 9));
	mm_copy_str(u->mfa, sizeof u->mfa, mm_db_str(q, 10));
	u->mfa_required = (int)mm_db_int(q, 11);
	u->disabled = (int)mm_db_int(q, 12);
	u->password_unset = (int)mm_db_int(q, 13);
	u->locked_until = mm_db_time(q, 14);
	u->last_login = mm_db_time(q, 15);
}

static int one_user(struct mm_res *q, int rc, struct account_user *u)
{
	if (rc == 1)
		user_read(q, u);
	mm_db_done(q);
	return rc;
}

int account_db_user(long long tenant_id, long long user_id, struct account_user *u)
{
	struct mm_res q;
	if (tenant_id <= 0)
		return 0;
	int rc = mm_db_query_row(&q, SQL_USER_IN_TENANT, "ii", user_id, tenant_id);
	return one_user(&q, rc, u);
}

int account_db_self(long long user_id, struct account_user *u)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_USER_SELF, "i", user_id);
	return one_user(&q, rc, u);
}

int account_db_user_count(long long tenant_id, long long *n)
{
	int rc = mm_db_get_int(n, SQL_USER_COUNT, "i", tenant_id);
	return rc < 0 ? rc : 0;
}

int account_db_user_list(long long tenant_id, int sort, int desc, time_t now,
			 long long offset, struct account_user rows[ACCOUNT_PAGE_SIZE])
{
	struct mm_res q;
	const char *key = sort >= 0 && sort < ACCOUNT_NSORT ? account_sort_names[sort] : "name";
	int rc = mm_db_query(&q, desc ? SQL_USER_LIST_DESC : SQL_USER_LIST_ASC, "istii",
			     tenant_id, key, now, (long long)ACCOUNT_PAGE_SIZE, offset);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < ACCOUNT_PAGE_SIZE && (rc = mm_db_next(&q)) == 1)
		user_read(&q, &rows[n++]);
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

int account_db_other_admins(long long tenant_id, long long user_id, long long *n)
{
	int rc = mm_db_get_int(n, SQL_OTHER_ADMINS, "ii", tenant_id, user_id);
	return rc < 0 ? rc : 0;
}

long long account_db_user_insert(const struct account_new_user *u, time_t now)
{
	long long n = mm_db_exec(SQL_USER_INSERT, "isssssssssit", u->tenant_id, u->login_id,
				 u->email, u->display_name, u->role, u->lang, u->time_zone,
				 u->phone, *u->mobile ? u->mobile : NULL, u->mfa,
				 (long long)u->mfa_required, now);
	return n < 0 ? n : (long long)mm_db_insert_id();
}

int account_db_user_update(const struct account_user *u)
{
	long long n = mm_db_exec(SQL_USER_UPDATE, "ssssssssiii", u->login_id, u->email,
				 u->display_name, u->role, u->lang, u->time_zone, u->phone,
				 *u->mobile ? u->mobile : NULL, (long long)u->mfa_required,
				 u->id, u->tenant_id);
	return n < 0 ? (int)n : n > 0;
}

int account_db_user_set_disabled(long long tenant_id, long long user_id, int disabled)
{
	long long n = mm_db_exec(disabled ? SQL_USER_DISABLE : SQL_USER_ENABLE, "ii",
				 user_id, tenant_id);
	return n < 0 ? (int)n : n > 0;
}

int account_db_profile_update(long long user_id, const char *display_name, const char *phone,
			      const char *mobile, const char *lang, const char *time_zone)
{
	long long n = mm_db_exec(SQL_PROFILE_UPDATE, "sssssi", display_name, phone,
				 *mobile ? mobile : NULL, lang, time_zone, user_id);
	return n < 0 ? (int)n : 0;
}

int account_db_email_void(long long user_id, time_t now)
{
	long long n = mm_db_exec(SQL_EMAIL_VOID, "ti", now, user_id);
	return n < 0 ? (int)n : 0;
}

int account_db_email_request(long long user_id, const char *new_email,
			     const unsigned char hash[32], time_t now, time_t expires)
{
	int rc = account_db_email_void(user_id, now);
	if (rc < 0)
		return rc;
	long long n = mm_db_exec(SQL_EMAIL_INSERT, "isbtt", user_id, new_email, hash, (size_t)32,
				 now, expires);
	return n < 0 ? (int)n : 0;
}

int account_db_email_pending(long long user_id, time_t now, char out[255])
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_EMAIL_PENDING, "it", user_id, now);
	if (rc == 1)
		mm_copy_str(out, 255, mm_db_str(&q, 0));
	mm_db_done(&q);
	return rc;
}

int account_db_email_lookup(const unsigned char hash[32], time_t now, long long *user_id,
			    char new_email[255])
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_EMAIL_LOOKUP, "bt", hash, (size_t)32, now);
	if (rc == 1) {
		*user_id = mm_db_int(&q, 0);
		mm_copy_str(new_email, 255, mm_db_str(&q, 1));
	}
	mm_db_done(&q);
	return rc;
}

int account_db_email_consume(const unsigned char hash[32], long long user_id, time_t now)
{
	long long n = mm_db_exec(SQL_EMAIL_CONSUME, "tb", now, hash, (size_t)32);
	if (n <= 0)
		return n < 0 ? (int)n : 0;
	int rc = account_db_email_void(user_id, now);
	return rc < 0 ? rc : 1;
}

int account_db_email_set(long long user_id, const char *email)
{
	long long n = mm_db_exec(SQL_EMAIL_SET, "si", email, user_id);
	return n < 0 ? (int)n : 0;
}

int account_db_resets_void(long long user_id, time_t now)
{
	long long n = mm_db_exec(SQL_RESETS_VOID, "ti", now, user_id);
	return n < 0 ? (int)n : 0;
}
