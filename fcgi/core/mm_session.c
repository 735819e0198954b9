#include "mm.h"
#include <stdio.h>
#include <string.h>

static const char SQL_SESSION_LOAD[] = MM_SESSION_COLUMNS MM_SESSION_FROM MM_SESSION_WHERE;
static const char SQL_SESSION_TOUCH[] =
	"UPDATE sessions SET last_seen_at = ? WHERE id = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = ?";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM sessions WHERE user_id = ?";
static const char SQL_SESSION_DELETE_OTHERS[] =
	"DELETE FROM sessions WHERE user_id = ? AND id <> ?";
static const char SQL_SESSION_DELETE_EXPIRED[] =
	"DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ? LIMIT 100";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at,"
	" ip, user_agent, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SESSION_RESTAGE[] =
	"UPDATE sessions SET token_hash = ?, stage = ?, last_seen_at = ? WHERE id = ?";

static const char *const stage_names[] = {
	[MM_STAGE_FULL] = "full", [MM_STAGE_MFA] = "mfa", [MM_STAGE_SETUP] = "setup"
};

static enum mm_stage stage_parse(const char *s)
{
	if (s && strcmp(s, "mfa") == 0)
		return MM_STAGE_MFA;
	if (s && strcmp(s, "setup") == 0)
		return MM_STAGE_SETUP;
	return MM_STAGE_FULL;
}

const char *mm_session_stage_path(enum mm_stage stage)
{
	return stage == MM_STAGE_MFA ? "/auth/mfa" : stage == MM_STAGE_SETUP ? "/auth/first" : "/";
}

static long idle_seconds(void)
{
	return mm_cfg_int("Session.IdleMinutes", 30) * 60;
}

static long absolute_seconds(void)
{
	return mm_cfg_int("Session.AbsoluteHours", 12) * 3600;
}

/* Last-seen is written at most once a minute: one write per page would
 * double the database load of every page view. */
#define TOUCH_INTERVAL 60

int mm_session_load(struct mm_req *r)
{
	return mm_session_load_join(r, NULL);
}

int mm_session_load_join(struct mm_req *r, const struct mm_session_join *join)
{
	const char *tok = mm_cookie(r, MM_SESSION_COOKIE);
	if (!tok || !mm_token_wellformed(tok))
		return 0;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	struct mm_res q;
	int rc = join ? join->query(r, hash, sizeof hash, &q) :
			mm_db_query(&q, SQL_SESSION_LOAD, "b", hash, sizeof hash);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc <= 0) {
		mm_db_done(&q);
		if (rc == 0)
			mm_set_cookie(r, MM_SESSION_COOKIE, "", -1);
		return rc;
	}
	long long sid = mm_db_int(&q, 0);
	time_t last_seen = mm_db_time(&q, 2), expires = mm_db_time(&q, 3);
	int disabled = (int)mm_db_int(&q, 9);
	if (r->now >= expires || r->now - last_seen >= idle_seconds() || disabled) {
		mm_db_done(&q);
		mm_db_exec(SQL_SESSION_DELETE, "i", sid);
		mm_set_cookie(r, MM_SESSION_COOKIE, "", -1);
		return 0;
	}
	r->session_id = sid;
	r->user.id = mm_db_int(&q, 1);
	r->user.tenant_id = mm_db_int(&q, 4);
	r->user.role = mm_role_parse(mm_db_str(&q, 5));
	snprintf(r->user.login_id, sizeof r->user.login_id, "%s", mm_db_str(&q, 6));
	snprintf(r->user.display_name, sizeof r->user.display_name, "%s", mm_db_str(&q, 7));
	snprintf(r->user.lang, sizeof r->user.lang, "%s", mm_db_str(&q, 8));
	r->stage = stage_parse(mm_db_str(&q, 10));
	snprintf(r->user.customer_no, sizeof r->user.customer_no, "%s",
		 mm_db_str(&q, 11) ? mm_db_str(&q, 11) : "");
	snprintf(r->user.tenant_name, sizeof r->user.tenant_name, "%s",
		 mm_db_str(&q, 12) ? mm_db_str(&q, 12) : "");
	snprintf(r->user.time_zone, sizeof r->user.time_zone, "%s",
		 mm_db_str(&q, 13) ? mm_db_str(&q, 13) : "");
	if (join) {
		join->row(r, &q);
		r->session_joined = 1;
	}
	mm_db_done(&q);
	snprintf(r->session_token, sizeof r->session_token, "%s", tok);
	r->logged_in = r->stage == MM_STAGE_FULL;
	if (r->now - last_seen >= TOUCH_INTERVAL) {
		long long n = mm_db_exec(SQL_SESSION_TOUCH, "ti", r->now, sid);
		if (n < 0)
			return (int)n;
	}
	return 1;
}

int mm_session_start(struct mm_req *r, const struct mm_user *user, enum mm_stage stage)
{
	if (r->session_id)
		mm_db_exec(SQL_SESSION_DELETE, "i", r->session_id);
	/* opportunistic cleanup of abandoned sessions, on the process clock: a
	 * request's own clock (test header) must not end other users' sessions */
	time_t now = mm_clock_now();
	mm_db_exec(SQL_SESSION_DELETE_EXPIRED, "tt", now, now - idle_seconds());
	char tok[MM_TOKEN_CHARS + 1];
	if (mm_token_new(tok) < 0)
		return MM_DB_ERR;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	char ua[256 * 4];
	mm_clean_text(ua, sizeof ua, r->user_agent, 255);
	long long n = mm_db_exec(SQL_SESSION_INSERT, "bitttsss", hash, sizeof hash, user->id,
				 r->now, r->now, r->now + absolute_seconds(), r->remote_addr, ua,
				 stage_names[stage]);
	if (n < 0)
		return (int)n;
	r->session_id = (long long)mm_db_insert_id();
	r->user = *user;
	r->stage = stage;
	r->logged_in = stage == MM_STAGE_FULL;
	snprintf(r->session_token, sizeof r->session_token, "%s", tok);
	mm_set_cookie(r, MM_SESSION_COOKIE, tok, 0);
	return 0;
}

int mm_session_set_stage(struct mm_req *r, enum mm_stage stage)
{
	char tok[MM_TOKEN_CHARS + 1];
	if (!r->session_id || mm_token_new(tok) < 0)
		return MM_DB_ERR;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	long long n = mm_db_exec(SQL_SESSION_RESTAGE, "bsti", hash, sizeof hash,
				 stage_names[stage], r->now, r->session_id);
	if (n < 0)
		return (int)n;
	r->stage = stage;
	r->logged_in = stage == MM_STAGE_FULL;
	snprintf(r->session_token, sizeof r->session_token, "%s", tok);
	mm_set_cookie(r, MM_SESSION_COOKIE, tok, 0);
	return 0;
}

int mm_session_end(struct mm_req *r)
{
	int rc = 0;
	if (r->session_id) {
		long long n = mm_db_exec(SQL_SESSION_DELETE, "i", r->session_id);
		rc = n < 0 ? (int)n : 0;
	}
	r->session_id = 0;
	r->logged_in = 0;
	r->stage = MM_STAGE_FULL;
	r->session_token[0] = '\0';
	mm_set_cookie(r, MM_SESSION_COOKIE, "", -1);
	return rc;
}

int mm_session_end_all(long long user_id)
{
	long long n = mm_db_exec(SQL_SESSION_DELETE_USER, "i", user_id);
	return n < 0 ? (int)n : 0;
}

int mm_session_end_others(long long user_id, long long keep_session_id)
{
	long long n = mm_db_exec(SQL_SESSION_DELETE_OTHERS, "ii", user_id, keep_session_id);
	return n < 0 ? (int)n : 0;
}
