#include "auth.h"
#include <stdio.h>
#include <string.h>

static const char SQL_ACCOUNT_BY_LOGIN[] =
	"SELECT id, tenant_id, role, login_id, display_name, lang, email, password_hash,"
	" locked_until, disabled FROM users WHERE login_id = ?";
/* MariaDB applies single-table SET clauses left to right: locked_until is
 * decided from the count before this failure, then the count moves on (and
 * restarts at 0 when the lock engages, so 5 fresh tries follow the lock). */
static const char SQL_FAILURE_RECORD[] =
	"UPDATE users SET"
	" locked_until = IF(failed_logins + 1 >= ?, ?, locked_until),"
	" failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1)"
	" WHERE id = ?";
static const char SQL_LOCKED_UNTIL[] =
	"SELECT UNIX_TIMESTAMP(locked_until) FROM users WHERE id = ?";
static const char SQL_SUCCESS_RECORD[] =
	"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?";
static const char SQL_HASH_UPDATE[] = "UPDATE users SET password_hash = ? WHERE id = ?";

int auth_account_by_login(const char *login_id, struct auth_account *a)
{
	struct mm_res q;
	memset(a, 0, sizeof *a);
	int rc = mm_db_query(&q, SQL_ACCOUNT_BY_LOGIN, "s", login_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc == 1) {
		a->user.id = mm_db_int(&q, 0);
		a->user.tenant_id = mm_db_int(&q, 1);
		a->user.role = mm_role_parse(mm_db_str(&q, 2));
		snprintf(a->user.login_id, sizeof a->user.login_id, "%s", mm_db_str(&q, 3));
		snprintf(a->user.display_name, sizeof a->user.display_name, "%s", mm_db_str(&q, 4));
		snprintf(a->user.lang, sizeof a->user.lang, "%s", mm_db_str(&q, 5));
		snprintf(a->email, sizeof a->email, "%s", mm_db_str(&q, 6));
		snprintf(a->password_hash, sizeof a->password_hash, "%s", mm_db_str(&q, 7));
		a->locked_until = mm_db_time(&q, 8);
		a->disabled = (int)mm_db_int(&q, 9);
	}
	mm_db_done(&q);
	return rc;
}

int auth_failure_record(long long user_id, time_t now, int *locked)
{
	long long max = mm_cfg_int("Auth.MaxFailures", 5);
	time_t until = now + mm_cfg_int("Auth.LockMinutes", 20) * 60;
	long long n = mm_db_exec(SQL_FAILURE_RECORD, "itii", max, until, max, user_id);
	if (n < 0)
		return (int)n;
	long long locked_until = 0;
	int rc = mm_db_get_int(&locked_until, SQL_LOCKED_UNTIL, "i", user_id);
	if (rc < 0)
		return rc;
	*locked = locked_until > (long long)now;
	return 0;
}

int auth_success_record(long long user_id)
{
	long long n = mm_db_exec(SQL_SUCCESS_RECORD, "i", user_id);
	return n < 0 ? (int)n : 0;
}

int auth_password_hash_update(long long user_id, const char *phc)
{
	long long n = mm_db_exec(SQL_HASH_UPDATE, "si", phc, user_id);
	return n < 0 ? (int)n : 0;
}
