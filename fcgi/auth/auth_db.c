#include "auth.h"
#include <stdio.h>
#include <string.h>

static const char SQL_ACCOUNT_COLUMNS_BY_LOGIN[] =
	"SELECT id, tenant_id, role, login_id, display_name, lang, email, password_hash,"
	" locked_until, disabled, setup_state, temp_password_expires_at, mfa_method,"
	" mfa_required, totp_secret, totp_last_step, mobile, last_reset_at, time_zone"
	" FROM users WHERE login_id = ?";
static const char SQL_ACCOUNT_COLUMNS_BY_ID[] =
	"SELECT id, tenant_id, role, login_id, display_name, lang, email, password_hash,"
	" locked_until, disabled, setup_state, temp_password_expires_at, mfa_method,"
	" mfa_required, totp_secret, totp_last_step, mobile, last_reset_at, time_zone"
	" FROM users WHERE id = ?";
/* Every password or code check is claimed here before it runs (AUTH-13):
 * settled failures plus live claims never exceed Auth.MaxFailures, so
 * parallel requests cannot run more checks than that in a lock period, and a
 * right answer cannot clear a lock that engaged meanwhile. A claim that never
 * settles (the worker died, the database failed) lapses after its lease. */
static const char SQL_ATTEMPT_USER[] =
	"SELECT failed_logins, locked_until FROM users WHERE id = ? FOR UPDATE";
static const char SQL_ATTEMPT_LAPSE[] =
	"DELETE FROM auth_attempts WHERE user_id = ? AND claimed_at <= ?";
static const char SQL_ATTEMPT_LIVE[] = "SELECT COUNT(*) FROM auth_attempts WHERE user_id = ?";
static const char SQL_ATTEMPT_INSERT[] =
	"INSERT INTO auth_attempts (user_id, claimed_at) VALUES (?, ?)";
static const char SQL_ATTEMPT_SETTLE[] = "DELETE FROM auth_attempts WHERE id = ?";
static const char SQL_ATTEMPT_COUNT[] = "UPDATE users SET failed_logins = ? WHERE id = ?";
/* the lock starts the count again, so fresh tries follow it */
static const char SQL_ATTEMPT_LOCK[] =
	"UPDATE users SET locked_until = ?, failed_logins = 0 WHERE id = ?";
static const char SQL_ATTEMPT_CLEAR[] =
	"UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?";
/* An unknown user ID runs the same claim and settle (AUTH-2: a refused login
 * takes the same work and commits whether the ID exists), on its row of
 * unknown_logins keyed by the keyed hash of the folded ID. The row is made
 * first when missing (and its lock taken at once): a locking read of a row
 * that does not exist locks nothing at READ COMMITTED, so the first claims
 * of a new ID would not be serialised. */
static const char SQL_UNKNOWN_ENSURE[] =
	"INSERT INTO unknown_logins (login_key, failed_logins, locked_until, updated_at)"
	" VALUES (?, 0, NULL, ?) ON DUPLICATE KEY UPDATE login_key = login_key";
static const char SQL_UNKNOWN_ROW[] =
	"SELECT failed_logins, locked_until FROM unknown_logins WHERE login_key = ? FOR UPDATE";
static const char SQL_UNKNOWN_LAPSE[] =
	"DELETE FROM unknown_login_attempts WHERE login_key = ? AND claimed_at <= ?";
static const char SQL_UNKNOWN_LIVE[] =
	"SELECT COUNT(*) FROM unknown_login_attempts WHERE login_key = ?";
static const char SQL_UNKNOWN_INSERT[] =
	"INSERT INTO unknown_login_attempts (login_key, claimed_at) VALUES (?, ?)";
static const char SQL_UNKNOWN_SETTLE[] = "DELETE FROM unknown_login_attempts WHERE id = ?";
static const char SQL_UNKNOWN_COUNT[] =
	"INSERT INTO unknown_logins (login_key, failed_logins, locked_until, updated_at)"
	" VALUES (?, ?, NULL, ?) ON DUPLICATE KEY UPDATE"
	" failed_logins = VALUES(failed_logins), updated_at = VALUES(updated_at)";
static const char SQL_UNKNOWN_LOCK[] =
	"INSERT INTO unknown_logins (login_key, failed_logins, locked_until, updated_at)"
	" VALUES (?, 0, ?, ?) ON DUPLICATE KEY UPDATE"
	" failed_logins = 0, locked_until = VALUES(locked_until), updated_at = VALUES(updated_at)";
static const char SQL_HASH_UPDATE[] = "UPDATE users SET password_hash = ? WHERE id = ?";
static const char SQL_PASSWORD_SET[] =
	"UPDATE users SET password_hash = ?, password_changed_at = ?,"
	" temp_password_expires_at = NULL WHERE id = ?";
static const char SQL_RESETS_VOID[] =
	"UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
static const char SQL_SETUP_ADVANCE[] = "UPDATE users SET setup_state = ? WHERE id = ?";
static const char SQL_LOGIN_ID_CHANGE[] = "UPDATE users SET login_id = ? WHERE id = ?";
static const char SQL_LOGIN_ID_OTHERS[] =
	"SELECT COUNT(*) FROM users WHERE login_id = ? AND id <> ?";
static const char SQL_MFA_SET[] =
	"UPDATE users SET mfa_method = ?, mobile = COALESCE(?, mobile) WHERE id = ?";
static const char SQL_TOTP_SAVE[] =
	"UPDATE users SET totp_secret = ?, totp_last_step = ?, mfa_method = 'totp' WHERE id = ?";
static const char SQL_TOTP_STEP_USE[] =
	"UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?";
static const char SQL_PENDING_TOTP_SET[] = "UPDATE sessions SET pending_totp = ? WHERE id = ?";
static const char SQL_PENDING_TOTP_GET[] = "SELECT pending_totp FROM sessions WHERE id = ?";
static const char SQL_PENDING_MOBILE_SET[] = "UPDATE sessions SET pending_mobile = ? WHERE id = ?";
static const char SQL_PENDING_MOBILE_GET[] = "SELECT pending_mobile FROM sessions WHERE id = ?";
static const char SQL_REAUTH_SET[] = "UPDATE sessions SET reauth_at = ? WHERE id = ?";
static const char SQL_REAUTH_GET[] = "SELECT reauth_at FROM sessions WHERE id = ?";
static const char SQL_CODE_INSERT[] =
	"INSERT INTO mfa_codes (session_id, user_id, channel, code_hash, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_CODE_USE[] =
	"UPDATE mfa_codes SET used_at = ? WHERE session_id = ? AND code_hash = ?"
	" AND used_at IS NULL AND expires_at > ?";
static const char SQL_TRUST_INSERT[] =
	"INSERT INTO trusted_browsers (user_id, token_hash, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_TRUST_VALID[] =
	"SELECT COUNT(*) FROM trusted_browsers WHERE user_id = ? AND token_hash = ?"
	" AND expires_at > ?";
static const char SQL_TRUST_REVOKE[] = "DELETE FROM trusted_browsers WHERE user_id = ?";
/* The form the users.login_id column compares by (utf8mb4_general_ci:
 * letter case and accents folded; a PAD SPACE collation, so trailing spaces
 * do not count, which its weight string alone would keep): texts equal to
 * one another as user IDs have the same one. */
static const char SQL_LOGIN_FOLD[] =
	"SELECT WEIGHT_STRING(TRIM(TRAILING ' ' FROM CONVERT(? USING utf8mb4))"
	" COLLATE utf8mb4_general_ci)";
static const char SQL_RESET_BLOCKED[] =
	"SELECT COUNT(*) FROM reset_failures WHERE login_id = ? AND blocked_until > ?";
/* the fifth failure blocks for the lock time and starts the count again */
static const char SQL_RESET_FAILURE[] =
	"INSERT INTO reset_failures (login_id, failures, blocked_until, updated_at)"
	" VALUES (?, 1, NULL, ?) ON DUPLICATE KEY UPDATE"
	" blocked_until = IF(failures + 1 >= ?, ?, blocked_until),"
	" failures = IF(failures + 1 >= ?, 0, failures + 1), updated_at = VALUES(updated_at)";
/* a matching request ends the run of failures: only consecutive ones block
 * (a block that a concurrent request has just set stays) */
static const char SQL_RESET_CLEAR[] =
	"DELETE FROM reset_failures WHERE login_id = ?"
	" AND (blocked_until IS NULL OR blocked_until <= ?)";
static const char SQL_RESET_INSERT[] =
	"INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)"
	" VALUES (?, ?, ?, ?)";
static const char SQL_RESET_LOOKUP[] =
	"SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL"
	" AND expires_at > ?";
static const char SQL_RESET_CONSUME[] =
	"UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
static const char SQL_RESET_DONE[] =
	"UPDATE users SET last_reset_at = ?, failed_logins = 0, locked_until = NULL,"
	" setup_state = IF(setup_state = 'password', 'user_id', setup_state) WHERE id = ?";

static const char *const setup_names[] = { "password", "user_id", "mfa", "done" };
static const char *const mfa_names[] = { "none", "totp", "email", "sms" };

const char *auth_mfa_name(enum auth_mfa m)
{
	return mfa_names[m];
}

enum auth_mfa auth_mfa_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, mfa_names[i]) == 0)
			return (enum auth_mfa)i;
	return AUTH_MFA_NONE;
}

const char *auth_v_mfa_method(const struct mm_input *in, const char *v)
{
	return auth_mfa_parse(v) != AUTH_MFA_NONE || strcmp(v, "none") == 0 ? NULL : "err.format";
}

static enum auth_setup setup_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, setup_names[i]) == 0)
			return (enum auth_setup)i;
	return AUTH_SETUP_DONE;
}

/* Reads the row of an account query already run into q
 * (mm_db_query_row, which answered rc). */
static int account_read(struct mm_res *q, int rc, struct auth_account *a)
{
	memset(a, 0, sizeof *a);
	if (rc == 1) {
		a->user.id = mm_db_int(q, 0);
		a->user.tenant_id = mm_db_int(q, 1);
		a->user.role = mm_role_parse(mm_db_str(q, 2));
		snprintf(a->user.login_id, sizeof a->user.login_id, "%s", mm_db_str(q, 3));
		snprintf(a->user.display_name, sizeof a->user.display_name, "%s", mm_db_str(q, 4));
		snprintf(a->user.lang, sizeof a->user.lang, "%s", mm_db_str(q, 5));
		snprintf(a->email, sizeof a->email, "%s", mm_db_str(q, 6));
		snprintf(a->password_hash, sizeof a->password_hash, "%s", mm_db_str(q, 7));
		a->locked_until = mm_db_time(q, 8);
		a->disabled = (int)mm_db_int(q, 9);
		a->setup = setup_parse(mm_db_str(q, 10));
		a->temp_password_expires = mm_db_time(q, 11);
		a->mfa = auth_mfa_parse(mm_db_str(q, 12));
		/* provider staff see every tenant: 2-step verification is not optional */
		a->mfa_required = (int)mm_db_int(q, 13) || mm_role_is_staff(a->user.role);
		size_t len = mm_db_len(q, 14);
		if (mm_db_str(q, 14) && len <= sizeof a->totp_sealed) {
			memcpy(a->totp_sealed, mm_db_str(q, 14), len);
			a->totp_sealed_len = len;
		}
		a->totp_last_step = mm_db_int(q, 15);
		snprintf(a->mobile, sizeof a->mobile, "%s", mm_db_str(q, 16) ? mm_db_str(q, 16) : "");
		a->last_reset = mm_db_time(q, 17);
		/* the notices to the user give their times in it */
		snprintf(a->user.time_zone, sizeof a->user.time_zone, "%s",
			 mm_db_str(q, 18) ? mm_db_str(q, 18) : "");
	}
	mm_db_done(q);
	return rc;
}

int auth_account_by_login(const char *login_id, struct auth_account *a)
{
	struct mm_res q;
	return account_read(&q, mm_db_query_row(&q, SQL_ACCOUNT_COLUMNS_BY_LOGIN, "s", login_id),
			    a);
}

int auth_account_by_id(long long user_id, struct auth_account *a)
{
	struct mm_res q;
	return account_read(&q, mm_db_query_row(&q, SQL_ACCOUNT_COLUMNS_BY_ID, "i", user_id), a);
}

static int exec_rc(long long n)
{
	return n < 0 ? (int)n : 0;
}

enum attempt_step { ATTEMPT_CLAIM, ATTEMPT_FAILED, ATTEMPT_UNDO, ATTEMPT_CLEAR };

struct attempt_tx {
	enum attempt_step step;
	long long user_id;
	const char *login_key;	/* an unknown user ID's key instead of a user, or NULL */
	long long claim;
	time_t now;
	int outcome;	/* claim: 1 go ahead; failed: 1 locked now; undo/clear: 1 not locked */
};

static time_t lock_end(time_t now)
{
	return now + mm_cfg_int("Auth.LockMinutes", 20) * 60;
}

static int attempt_lock(const struct attempt_tx *t)
{
	if (t->login_key)
		return exec_rc(mm_db_exec(SQL_UNKNOWN_LOCK, "stt", t->login_key, lock_end(t->now),
					  t->now));
	return exec_rc(mm_db_exec(SQL_ATTEMPT_LOCK, "ti", lock_end(t->now), t->user_id));
}

static int attempt_count(const struct attempt_tx *t, long long failed)
{
	if (t->login_key)
		return exec_rc(mm_db_exec(SQL_UNKNOWN_COUNT, "sit", t->login_key, failed, t->now));
	return exec_rc(mm_db_exec(SQL_ATTEMPT_COUNT, "ii", failed, t->user_id));
}

/* Drops lapsed claims and counts the live ones: 0 and *live set, or < 0. */
static int attempt_live(const struct attempt_tx *t, long long *live)
{
	time_t lapsed = t->now - mm_cfg_int("Auth.AttemptLeaseSeconds", 60);
	int rc;
	if (t->login_key) {
		if ((rc = exec_rc(mm_db_exec(SQL_UNKNOWN_LAPSE, "st", t->login_key, lapsed))) < 0)
			return rc;
		return mm_db_get_int(live, SQL_UNKNOWN_LIVE, "s", t->login_key);
	}
	if ((rc = exec_rc(mm_db_exec(SQL_ATTEMPT_LAPSE, "it", t->user_id, lapsed))) < 0)
		return rc;
	return mm_db_get_int(live, SQL_ATTEMPT_LIVE, "i", t->user_id);
}

static int attempt_tx_run(void *ctx)
{
	struct attempt_tx *t = ctx;
	long long max = mm_cfg_int("Auth.MaxFailures", 5);
	struct mm_res q;
	long long failed = 0;
	time_t locked_until = 0;
	if (t->login_key) {
		int made = exec_rc(mm_db_exec(SQL_UNKNOWN_ENSURE, "st", t->login_key, t->now));
		if (made < 0)
			return made;
	}
	int rc = t->login_key ? mm_db_query_row(&q, SQL_UNKNOWN_ROW, "s", t->login_key)
			      : mm_db_query_row(&q, SQL_ATTEMPT_USER, "i", t->user_id);
	if (rc == 1) {
		failed = mm_db_int(&q, 0);
		locked_until = mm_db_time(&q, 1);
	}
	mm_db_done(&q);
	t->outcome = 0;
	if (rc < 0)
		return rc;
	/* no such user (or the unknown ID's row purged this instant): nothing
	 * claimed, nothing to settle */
	if (rc == 0)
		return 0;
	int locked = locked_until > t->now;
	if (t->step != ATTEMPT_CLAIM &&
	    (rc = exec_rc(mm_db_exec(t->login_key ? SQL_UNKNOWN_SETTLE : SQL_ATTEMPT_SETTLE, "i",
				     t->claim))) < 0)
		return rc;
	switch (t->step) {
	case ATTEMPT_CLAIM: {
		if (locked)
			return 0;
		if (failed >= max)	/* the limit was lowered: a lock with an end */
			return attempt_lock(t);
		long long live = 0;
		if ((rc = attempt_live(t, &live)) < 0)
			return rc;
		if (failed + live >= max)
			return 0;
		rc = t->login_key
			? exec_rc(mm_db_exec(SQL_UNKNOWN_INSERT, "st", t->login_key, t->now))
			: exec_rc(mm_db_exec(SQL_ATTEMPT_INSERT, "it", t->user_id, t->now));
		if (rc < 0)
			return rc;
		t->claim = (long long)mm_db_insert_id();
		t->outcome = 1;
		return 0;
	}
	case ATTEMPT_FAILED:
		if (locked)	/* locked meanwhile: this failure is part of it */
			return 0;
		if (failed + 1 < max)
			return attempt_count(t, failed + 1);
		t->outcome = 1;
		return attempt_lock(t);
	case ATTEMPT_UNDO:
		t->outcome = !locked;
		return 0;
	case ATTEMPT_CLEAR:
		t->outcome = !locked;
		if (locked || t->login_key)	/* an unknown ID never logs in */
			return 0;
		return exec_rc(mm_db_exec(SQL_ATTEMPT_CLEAR, "i", t->user_id));
	}
	return MM_DB_ERR;
}

/* At READ COMMITTED: the transaction first locks its one row (the user's,
 * or the unknown ID's), which serialises the claims and settles of that ID;
 * the range DELETE and the INSERT of auth_attempts / unknown_login_attempts
 * that follow then lock only their own rows. At REPEATABLE READ they took
 * gap locks bordering other IDs' claims, and first failures of different
 * IDs at the same moment deadlocked (ERROR 1213) until the retries ran
 * out. */
static int attempt_run(struct attempt_tx *t)
{
	int rc = mm_db_transaction_read_committed(attempt_tx_run, t);
	return rc < 0 ? rc : t->outcome;
}

static const char *attempt_key(const struct auth_attempt *at)
{
	return at->login_key[0] ? at->login_key : NULL;
}

int auth_attempt_claim(struct auth_attempt *at, long long user_id, time_t now)
{
	struct attempt_tx t = { ATTEMPT_CLAIM, user_id, NULL, 0, now, 0 };
	int rc = attempt_run(&t);
	at->user_id = user_id;
	at->login_key[0] = '\0';
	at->claim = t.claim;
	return rc;
}

int auth_unknown_attempt_claim(struct auth_attempt *at, const char *login_key, time_t now)
{
	snprintf(at->login_key, sizeof at->login_key, "%s", login_key);
	at->user_id = 0;
	struct attempt_tx t = { ATTEMPT_CLAIM, 0, at->login_key, 0, now, 0 };
	int rc = attempt_run(&t);
	at->claim = t.claim;
	return rc;
}

int auth_attempt_failed(const struct auth_attempt *at, time_t now, int *locked_now)
{
	struct attempt_tx t = { ATTEMPT_FAILED, at->user_id, attempt_key(at), at->claim, now, 0 };
	int rc = attempt_run(&t);
	if (rc < 0)
		return rc;
	*locked_now = rc;
	return 0;
}

int auth_attempt_undo(const struct auth_attempt *at, time_t now)
{
	struct attempt_tx t = { ATTEMPT_UNDO, at->user_id, attempt_key(at), at->claim, now, 0 };
	return attempt_run(&t);
}

int auth_attempt_clear(const struct auth_attempt *at, time_t now)
{
	struct attempt_tx t = { ATTEMPT_CLEAR, at->user_id, attempt_key(at), at->claim, now, 0 };
	return attempt_run(&t);
}

int auth_password_hash_update(long long user_id, const char *phc)
{
	return exec_rc(mm_db_exec(SQL_HASH_UPDATE, "si", phc, user_id));
}

int auth_password_set(long long user_id, const char *phc, time_t now)
{
	int rc = exec_rc(mm_db_exec(SQL_PASSWORD_SET, "sti", phc, now, user_id));
	/* a new password voids every reset link still out, so an older link
	 * cannot set it again (and skip the 24-hour pause) */
	return rc < 0 ? rc : exec_rc(mm_db_exec(SQL_RESETS_VOID, "ti", now, user_id));
}

int auth_setup_advance(long long user_id, enum auth_setup to)
{
	return exec_rc(mm_db_exec(SQL_SETUP_ADVANCE, "si", setup_names[to], user_id));
}

int auth_login_id_change(long long user_id, const char *login_id)
{
	long long n = mm_db_exec(SQL_LOGIN_ID_CHANGE, "si", login_id, user_id);
	if (n == MM_DB_DUP)
		return 0;
	return n < 0 ? (int)n : 1;
}

int auth_login_id_free(long long user_id, const char *login_id)
{
	long long others = 0;
	int rc = mm_db_get_int(&others, SQL_LOGIN_ID_OTHERS, "si", login_id, user_id);
	return rc < 0 ? rc : others == 0;
}

int auth_mfa_set(long long user_id, enum auth_mfa method, const char *mobile)
{
	return exec_rc(mm_db_exec(SQL_MFA_SET, "ssi", mfa_names[method], mobile, user_id));
}

int auth_totp_save(long long user_id, const unsigned char *sealed, size_t len, long long step)
{
	return exec_rc(mm_db_exec(SQL_TOTP_SAVE, "bii", sealed, len, step, user_id));
}

int auth_totp_step_use(long long user_id, long long step)
{
	long long n = mm_db_exec(SQL_TOTP_STEP_USE, "iii", step, user_id, step);
	return n < 0 ? (int)n : n > 0;
}

int auth_pending_totp_set(long long session_id, const unsigned char *sealed, size_t len)
{
	if (!sealed)
		return exec_rc(mm_db_exec(SQL_PENDING_TOTP_SET, "si", (const char *)NULL, session_id));
	return exec_rc(mm_db_exec(SQL_PENDING_TOTP_SET, "bi", sealed, len, session_id));
}

int auth_pending_totp_get(long long session_id, unsigned char *sealed, size_t *len)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_PENDING_TOTP_GET, "i", session_id);
	if (rc == 1) {
		size_t n = mm_db_len(&q, 0);
		if (!mm_db_str(&q, 0) || n == 0 || n > AUTH_SEALED_MAX) {
			rc = 0;
		} else {
			memcpy(sealed, mm_db_str(&q, 0), n);
			*len = n;
		}
	}
	mm_db_done(&q);
	return rc;
}

int auth_pending_mobile_set(long long session_id, const char *mobile)
{
	return exec_rc(mm_db_exec(SQL_PENDING_MOBILE_SET, "si", mobile, session_id));
}

int auth_pending_mobile_get(long long session_id, char *out, size_t outsize)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_PENDING_MOBILE_GET, "i", session_id);
	if (rc == 1) {
		const char *v = mm_db_str(&q, 0);
		if (v && *v)
			snprintf(out, outsize, "%s", v);
		else
			rc = 0;
	}
	mm_db_done(&q);
	return rc;
}

int auth_session_reauth_set(long long session_id, time_t at)
{
	return exec_rc(mm_db_exec(SQL_REAUTH_SET, "ti", at, session_id));
}

int auth_session_reauth_get(long long session_id, time_t *at)
{
	struct mm_res q;
	*at = 0;
	int rc = mm_db_query_row(&q, SQL_REAUTH_GET, "i", session_id);
	if (rc == 1)
		*at = mm_db_time(&q, 0);
	mm_db_done(&q);
	return rc < 0 ? rc : 0;
}

int auth_code_insert(long long session_id, long long user_id, const char *channel,
		     const unsigned char hash[32], time_t now, time_t expires)
{
	return exec_rc(mm_db_exec(SQL_CODE_INSERT, "iisbtt", session_id, user_id, channel,
				  hash, (size_t)32, now, expires));
}

int auth_code_use(long long session_id, const unsigned char hash[32], time_t now)
{
	long long n = mm_db_exec(SQL_CODE_USE, "tibt", now, session_id, hash, (size_t)32, now);
	return n < 0 ? (int)n : n > 0;
}

int auth_trust_insert(long long user_id, const unsigned char hash[32], time_t now, time_t expires)
{
	return exec_rc(mm_db_exec(SQL_TRUST_INSERT, "ibtt", user_id, hash, (size_t)32, now, expires));
}

int auth_trust_valid(long long user_id, const unsigned char hash[32], time_t now)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_TRUST_VALID, "ibt", user_id, hash, (size_t)32, now);
	return rc < 0 ? rc : n > 0;
}

int auth_trust_revoke_all(long long user_id)
{
	return exec_rc(mm_db_exec(SQL_TRUST_REVOKE, "i", user_id));
}

int auth_login_fold(const char *typed, unsigned char *out, size_t size, size_t *len)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_LOGIN_FOLD, "s", typed);
	*len = 0;
	if (rc == 1) {
		size_t n = mm_db_len(&q, 0);
		if (mm_db_str(&q, 0) && n <= size) {
			memcpy(out, mm_db_str(&q, 0), n);
			*len = n;
		} else {
			rc = MM_DB_ERR;
		}
	}
	mm_db_done(&q);
	return rc < 0 ? rc : rc == 1 ? 0 : MM_DB_ERR;
}

int auth_reset_blocked(const char *key, time_t now)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_RESET_BLOCKED, "st", key, now);
	return rc < 0 ? rc : n > 0;
}

int auth_reset_failure(const char *key, time_t now)
{
	long long max = mm_cfg_int("Auth.MaxFailures", 5);
	time_t until = now + mm_cfg_int("Auth.LockMinutes", 20) * 60;
	return exec_rc(mm_db_exec(SQL_RESET_FAILURE, "stiti", key, now,
				  max, until, max));
}

int auth_reset_matched(const char *key, time_t now)
{
	return exec_rc(mm_db_exec(SQL_RESET_CLEAR, "st", key, now));
}

int auth_reset_insert(long long user_id, const unsigned char hash[32], time_t now, time_t expires)
{
	return exec_rc(mm_db_exec(SQL_RESET_INSERT, "ibtt", user_id, hash, (size_t)32, now, expires));
}

int auth_reset_lookup(const unsigned char hash[32], time_t now, long long *user_id)
{
	return mm_db_get_int(user_id, SQL_RESET_LOOKUP, "bt", hash, (size_t)32, now);
}

int auth_reset_consume(const unsigned char hash[32], time_t now)
{
	long long n = mm_db_exec(SQL_RESET_CONSUME, "tb", now, hash, (size_t)32);
	return n < 0 ? (int)n : n > 0;
}

int auth_reset_done(long long user_id, time_t now)
{
	return exec_rc(mm_db_exec(SQL_RESET_DONE, "ti", now, user_id));
}
