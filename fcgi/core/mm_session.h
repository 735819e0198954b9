/* Sessions (AUTH-10): random tokens stored as SHA-256 hashes in MariaDB,
 * idle and absolute timeouts, rotation at login. */
#ifndef MM_SESSION_H
#define MM_SESSION_H
#include "mm_request.h"

#define MM_SESSION_COOKIE "mm_session"
#define MM_PRE_COOKIE "mm_pre"
/* language chosen before login (after login the user's own setting wins) */
#define MM_LANG_COOKIE "mm_lang"

/* The session statement, in parts for a page that adds its own columns and
 * joins (struct mm_session_join): MM_SESSION_COLUMNS, the page's columns
 * (from column MM_SESSION_NCOLS on), MM_SESSION_FROM, the page's joins,
 * MM_SESSION_WHERE (the token hash, the last parameter) and, when the joins
 * bring several rows, MM_SESSION_GROUP with aggregates for the page's
 * columns. */
#define MM_SESSION_COLUMNS \
	"SELECT s.id, s.user_id, s.last_seen_at, s.expires_at, u.tenant_id, u.role," \
	" u.login_id, u.display_name, u.lang, u.disabled, s.stage, t.customer_no, t.name," \
	" u.time_zone"
#define MM_SESSION_NCOLS 14
#define MM_SESSION_FROM \
	" FROM sessions s JOIN users u ON u.id = s.user_id" \
	" LEFT JOIN tenants t ON t.id = u.tenant_id"
#define MM_SESSION_WHERE " WHERE s.token_hash = ?"
#define MM_SESSION_GROUP " GROUP BY s.id"

/* Loads r->user from the session cookie; 1 logged in, 0 not, < 0 DB error. */
int mm_session_load(struct mm_req *r);
/* The same with a page's statement (NULL: the session's alone). */
int mm_session_load_join(struct mm_req *r, const struct mm_session_join *join);
/* Ends any current session and starts a new one for user at stage (new token). */
int mm_session_start(struct mm_req *r, const struct mm_user *user, enum mm_stage stage);
/* Moves the current session to another stage under a new token (privilege change). */
int mm_session_set_stage(struct mm_req *r, enum mm_stage stage);
/* Where a partial session must go next ("/auth/mfa" or "/auth/first"). */
const char *mm_session_stage_path(enum mm_stage stage);
/* Ends the current session and clears the cookie. */
int mm_session_end(struct mm_req *r);
/* Ends every session of a user (password change). */
int mm_session_end_all(long long user_id);
/* Ends every session of a user but keep_session_id (a password change made
 * by that session). */
int mm_session_end_others(long long user_id, long long keep_session_id);

#endif
