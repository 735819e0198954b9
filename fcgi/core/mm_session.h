/* Sessions (AUTH-10): random tokens stored as SHA-256 hashes in MariaDB,
 * idle and absolute timeouts, rotation at login. */
#ifndef MM_SESSION_H
#define MM_SESSION_H
#include "mm_request.h"

#define MM_SESSION_COOKIE "mm_session"
#define MM_PRE_COOKIE "mm_pre"
/* language chosen before login (after login the user's own setting wins) */
#define MM_LANG_COOKIE "mm_lang"

/* Loads r->user from the session cookie; 1 logged in, 0 not, < 0 DB error. */
int mm_session_load(struct mm_req *r);
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

#endif
