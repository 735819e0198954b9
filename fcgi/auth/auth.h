/* auth: login, lockout, logout, first login, 2-step verification, password
 * reset (AUTH-1..AUTH-11). */
#ifndef AUTH_H
#define AUTH_H
#include "mm.h"

enum auth_setup { AUTH_SETUP_PASSWORD, AUTH_SETUP_USER_ID, AUTH_SETUP_MFA, AUTH_SETUP_DONE };
enum auth_mfa { AUTH_MFA_NONE, AUTH_MFA_TOTP, AUTH_MFA_EMAIL, AUTH_MFA_SMS };

#define AUTH_SEALED_MAX 96

struct auth_account {
	struct mm_user user;
	char email[255];
	char mobile[21];
	char password_hash[MM_PHC_MAX];
	time_t locked_until;
	time_t temp_password_expires;
	time_t last_reset;
	int disabled;
	enum auth_setup setup;
	enum auth_mfa mfa;
	int mfa_required;
	unsigned char totp_sealed[AUTH_SEALED_MAX];
	size_t totp_sealed_len;
	long long totp_last_step;
};

/* auth_db.c — accounts */
int auth_account_by_login(const char *login_id, struct auth_account *a);
int auth_account_by_id(long long user_id, struct auth_account *a);
/* Attempts (passwords and codes) are claimed before the check runs
 * (AUTH-13): claim 1 = go ahead, 0 = locked or every place taken (answer as
 * locked). Then settle the claim: after a wrong answer, failed (sets
 * *locked_now when this one engaged the lock); after a right password with a
 * second factor still to come, undo; after a complete login or a right code,
 * clear. undo/clear return 0 when a lock engaged meanwhile (then refuse). A
 * claim never settled lapses after Auth.AttemptLeaseSeconds. */
struct auth_attempt {
	long long user_id;
	char login_key[41];	/* an unknown user ID's (auth_unknown_key), else "" */
	long long claim;
};
int auth_attempt_claim(struct auth_attempt *at, long long user_id, time_t now);
/* The same claim for a user ID that names no user, keyed by login_key
 * (auth_unknown_key): it locks after as many failures (AUTH-2), and is
 * settled with auth_attempt_failed. */
int auth_unknown_attempt_claim(struct auth_attempt *at, const char *login_key, time_t now);
int auth_attempt_failed(const struct auth_attempt *at, time_t now, int *locked_now);
int auth_attempt_undo(const struct auth_attempt *at, time_t now);
int auth_attempt_clear(const struct auth_attempt *at, time_t now);
int auth_password_hash_update(long long user_id, const char *phc);
/* New password chosen by the user: also ends the temporary password. */
int auth_password_set(long long user_id, const char *phc, time_t now);
int auth_setup_advance(long long user_id, enum auth_setup to);
/* 1 changed, 0 taken by someone else, < 0 error. */
int auth_login_id_change(long long user_id, const char *login_id);
/* 1 when no other user holds login_id (as the column compares), 0 taken, < 0 error. */
int auth_login_id_free(long long user_id, const char *login_id);
int auth_mfa_set(long long user_id, enum auth_mfa method, const char *mobile);
int auth_totp_save(long long user_id, const unsigned char *sealed, size_t len, long long step);
/* Records the accepted step unless a newer one was used: 1 stored, 0 replay. */
int auth_totp_step_use(long long user_id, long long step);
const char *auth_mfa_name(enum auth_mfa m);
enum auth_mfa auth_mfa_parse(const char *s);
const char *auth_v_mfa_method(const struct mm_input *in, const char *v);	/* input validator */

/* auth_db.c — sessions' pending TOTP secret and mobile number */
int auth_pending_mobile_set(long long session_id, const char *mobile);
/* 1 and the number in out, 0 when none is pending. */
int auth_pending_mobile_get(long long session_id, char *out, size_t outsize);
int auth_pending_totp_set(long long session_id, const unsigned char *sealed, size_t len);
int auth_pending_totp_get(long long session_id, unsigned char *sealed, size_t *len);

/* When the session last proved the password or a code (0: never). */
int auth_session_reauth_set(long long session_id, time_t at);
int auth_session_reauth_get(long long session_id, time_t *at);

/* auth_db.c — e-mail / SMS codes */
int auth_code_insert(long long session_id, long long user_id, const char *channel,
		     const unsigned char hash[32], time_t now, time_t expires);
/* Marks the newest live code matching hash as used: 1 ok, 0 no match. */
int auth_code_use(long long session_id, const unsigned char hash[32], time_t now);

/* auth_db.c — trusted browsers */
int auth_trust_insert(long long user_id, const unsigned char hash[32], time_t now, time_t expires);
int auth_trust_valid(long long user_id, const unsigned char hash[32], time_t now);
int auth_trust_revoke_all(long long user_id);

/* auth_db.c — password reset */
/* The typed user ID as the login_id column's collation compares it (its
 * weight string, at most size bytes): 0 and *len set, < 0 error. */
int auth_login_fold(const char *typed, unsigned char *out, size_t size, size_t *len);
/* Failures per user ID, given as a key of at most 40 characters: the user
 * when the ID finds one, else a keyed hash of the folded text (auth_reset.c). */
int auth_reset_blocked(const char *key, time_t now);	/* 1 blocked */
int auth_reset_failure(const char *key, time_t now);
/* A request whose user ID and e-mail matched: the failures before it no
 * longer count (AUTH-9: five in a row block). */
int auth_reset_matched(const char *key, time_t now);
int auth_reset_insert(long long user_id, const unsigned char hash[32], time_t now, time_t expires);
/* The user of a live, unused reset token: 1 found (*user_id set), 0 none. */
int auth_reset_lookup(const unsigned char hash[32], time_t now, long long *user_id);
/* Marks the token used; 1 when this call used it (single use), 0 already used. */
int auth_reset_consume(const unsigned char hash[32], time_t now);
int auth_reset_done(long long user_id, time_t now);

/* auth_login.c */
int auth_login_form(struct mm_req *r);
int auth_login_submit(struct mm_req *r);
const struct mm_pw_policy *auth_policy(void);
/* Continues a login whose password (or reset) is done: first-login steps,
 * second factor or straight in. */
int auth_login_continue(struct mm_req *r, struct auth_account *a, const struct auth_attempt *at,
			const char *next);
/* Fills Policy.* for the live checklist of a new-password form of a's
 * password (its user ID and e-mail for the rule that neither is in it). */
void auth_policy_fill(struct mm_req *r, const struct auth_account *a);
/* Checks new + confirm against the policy and, when current is given, that
 * the new one differs from it; sets Errors.* and returns 0 when bad. */
int auth_new_password_ok(struct mm_req *r, const struct auth_account *a,
			 const char *pw, const char *confirm, const char *current);
/* The answer when a lock stops a session's check (one rule everywhere,
 * README "Lockout"): this session ends, the user's other sessions stay; the
 * login page says what it says for every refused login. */
int auth_locked_out(struct mm_req *r, const struct auth_account *a, const char *event);
/* The answer when wrong second-factor codes after the right password
 * engaged the lock: the lockout notice saying so, the lockout event, and a
 * login page that says the codes failed too often and for how long. */
int auth_code_locked_out(struct mm_req *r, const struct auth_account *a);
/* Sets path to the text of key with "{max}" and "{n}" replaced by
 * Auth.MaxFailures and Auth.LockMinutes. */
void auth_set_with_limits(struct mm_req *r, const char *path, const char *key);
/* What is kept of a typed user ID that may be anything (the login history
 * of unknown IDs, reset failure counts): "?" and a keyed hash of the text,
 * so repeats can be told apart and the text is not stored. */
void auth_unknown_login(const char *typed, char out[41]);
/* The key of a typed user ID's failures when it names no user: the keyed
 * marker of the ID folded as the login_id column compares it, so IDs equal
 * as user IDs share it. 0, or < 0 error. */
int auth_unknown_key(const char *typed, char out[41]);
/* The same marker of any bytes. */
void auth_keyed_marker(const void *data, size_t len, char out[41]);
/* Lockout and MFA-change notices to the user (outbox). */
int auth_notify(struct mm_req *r, const struct auth_account *a, const char *mail_name);
/* The lockout notice to the user's address, at most
 * Auth.LockoutMailsPerAddressPerDay (3) a day per address; by_code when
 * wrong second-factor codes engaged the lock (the mail then advises a new
 * password): 0 queued or skipped, < 0 error. */
int auth_lockout_notice(struct mm_req *r, const struct auth_account *a, int by_code);

/* auth_lang.c */
int auth_lang_switch(struct mm_req *r);

/* auth_logout.c */
int auth_logout_confirm(struct mm_req *r);
int auth_logout_submit(struct mm_req *r);

/* auth_first.c — first login (AUTH-3) */
int auth_first_next(struct mm_req *r);
int auth_first_password_form(struct mm_req *r);
int auth_first_password_submit(struct mm_req *r);
int auth_first_user_id_form(struct mm_req *r);
int auth_first_user_id_submit(struct mm_req *r);
int auth_first_mfa_form(struct mm_req *r);
int auth_first_mfa_submit(struct mm_req *r);
/* Applies a 2-step method choice (first login or settings): 0 done and
 * responded, or a status. */
int auth_mfa_choice_apply(struct mm_req *r, struct auth_account *a);
/* Whether this session may enrol a 2-step method: a full session with a
 * recent step-up, or first login at its 2-step step. 1 yes (a loaded), 0
 * redirected, < 0 error. */
int auth_enrol_allowed(struct mm_req *r, struct auth_account *a);
/* Makes m the user's method (mobile for SMS), revokes trusted browsers,
 * records and mails the change, then finishes first login or returns to
 * the settings page. */
int auth_mfa_method_take(struct mm_req *r, struct auth_account *a, enum auth_mfa m,
			 const char *mobile);

/* auth_mfa.c — the second factor at login (AUTH-6, AUTH-8) */
int auth_mfa_form(struct mm_req *r);
int auth_mfa_submit(struct mm_req *r);
int auth_mfa_resend(struct mm_req *r);
/* What auth_code_send returns when a limit refused the send. */
#define AUTH_CODE_REFUSED 1
/* A code of the user's own method (e-mail or SMS): as auth_code_send, and
 * Errors.code says why when refused. */
int auth_mfa_code_send(struct mm_req *r, const struct auth_account *a);
/* Sends a new 6-digit code bound to this session by e-mail or SMS to to,
 * when the one limiter of code sends allows it (AUTH-13): 0 sent,
 * AUTH_CODE_REFUSED (*refused = message key, nothing sent) or an error. */
int auth_code_send(struct mm_req *r, const struct auth_account *a, enum auth_mfa channel,
		   const char *to, const char **refused);
/* 1 when code is a live, unused code this session sent by channel to to
 * (it is used up), 0 not. */
int auth_code_check(struct mm_req *r, enum auth_mfa channel, const char *to, const char *code);
/* 1 when code is right for the user's current method (a TOTP step is
 * accepted once, an e-mail / SMS code used up), 0 not, < 0 error. */
int auth_mfa_code_accepted(struct mm_req *r, const struct auth_account *a, const char *code);

/* auth_stepup.c — step-up (AUTH-12): sensitive changes (2-step method, TOTP
 * re-enrolment, e-mail, password) need the password or a code of the
 * current method proven by this session within Auth.StepUpMinutes. */
/* Records a proof now (a complete login is one). */
int auth_stepup_mark(struct mm_req *r);
/* 1 when this session may make a sensitive change now (a first-login
 * session always: it has just given its password); 0 when it was sent to
 * /auth/stepup (which comes back to back_to), < 0 error. */
int auth_stepup_require(struct mm_req *r, const char *back_to);
/* Proves the user with a password or a code of the current method, as a
 * claimed attempt: AUTH_PROOF_OK (recorded, session fresh), AUTH_PROOF_WRONG,
 * or AUTH_PROOF_LOCKED (the user is locked: answer with auth_locked_out);
 * < 0 error. fail_event names the refused try in the login history. */
enum { AUTH_PROOF_WRONG = 0, AUTH_PROOF_OK = 1, AUTH_PROOF_LOCKED = 2 };
int auth_stepup_prove(struct mm_req *r, const struct auth_account *a, const char *password,
		      const char *code, const char *fail_event);
int auth_stepup_form(struct mm_req *r);
int auth_stepup_submit(struct mm_req *r);
int auth_stepup_send(struct mm_req *r);

/* auth_sms.c — verifying a mobile number before SMS codes are used */
int auth_sms_verify_form(struct mm_req *r);
int auth_sms_verify_submit(struct mm_req *r);
int auth_sms_verify_resend(struct mm_req *r);

/* auth_totp.c — authenticator app enrolment (AUTH-7) */
int auth_totp_form(struct mm_req *r);
int auth_totp_submit(struct mm_req *r);

/* auth_reset.c — password reset (AUTH-9) */
int auth_reset_form(struct mm_req *r);
int auth_reset_submit(struct mm_req *r);
int auth_reset_link_form(struct mm_req *r);
int auth_reset_link_submit(struct mm_req *r);

#endif
