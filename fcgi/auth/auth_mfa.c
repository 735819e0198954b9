/* /auth/mfa: the second factor at login (AUTH-6) and "don't ask again on this
 * browser for 8 hours" (AUTH-8). Wrong codes count with wrong passwords
 * toward the lockout, so codes cannot be guessed faster than passwords. */
#include "auth.h"
#include "mm_aead.h"
#include "mm_otp.h"
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>

#define CODE_LIFETIME 300
#define CODE_RESEND_AFTER 30
#define TRUST_LIFETIME (8 * 3600)

/* A code is bound to the session, the channel and the recipient it went
 * to: a code sent to one number cannot confirm another. */
static void code_hash(long long session_id, enum auth_mfa channel, const char *to,
		      const char *code, unsigned char out[32])
{
	struct mm_buf msg = { 0 };
	mm_buf_printf(&msg, "%lld:%s:%s:%s", session_id, auth_mfa_name(channel), to, code);
	mm_sha256(mm_buf_str(&msg), msg.len, out);
	mm_buf_free(&msg);
}

/* A uniformly random 6-digit code. */
static int code_new(char out[7])
{
	unsigned char b[4];
	unsigned v;
	do {
		if (mm_random_bytes(b, sizeof b) < 0)
			return -1;
		v = ((unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3]);
	} while (v >= 4294000000u);	/* largest multiple of 10^6 below 2^32 */
	snprintf(out, 7, "%06u", v % 1000000u);
	return 0;
}

int auth_code_send(struct mm_req *r, const struct auth_account *a, enum auth_mfa channel,
		   const char *to)
{
	char code[7];
	unsigned char hash[32];
	if (code_new(code) < 0)
		return MM_DB_ERR;
	code_hash(r->session_id, channel, to, code, hash);
	int rc = auth_code_insert(r->session_id, a->user.id, channel == AUTH_MFA_SMS ? "sms" : "email",
				  hash, r->now, r->now + CODE_LIFETIME);
	if (rc < 0)
		return rc;
	mm_set(r, "Mail.Code", code);
	mm_set(r, "Mail.DisplayName", a->user.display_name);
	mm_set_int(r, "Mail.Minutes", CODE_LIFETIME / 60);
	rc = channel == AUTH_MFA_SMS ? mm_sms_queue(r, to, a->user.lang, "mfa_code") :
				       mm_mail_queue(r, to, a->user.lang, "mfa_code");
	OPENSSL_cleanse(code, sizeof code);
	return rc;
}

int auth_mfa_code_send(struct mm_req *r, const struct auth_account *a)
{
	return auth_code_send(r, a, a->mfa, a->mfa == AUTH_MFA_SMS ? a->mobile : a->email);
}

int auth_code_check(struct mm_req *r, enum auth_mfa channel, const char *to, const char *code)
{
	unsigned char hash[32];
	code_hash(r->session_id, channel, to, code, hash);
	return auth_code_use(r->session_id, hash, r->now);
}

/* Loads the account of an MFA-stage session; 1 ok, 0 redirected elsewhere. */
static int mfa_stage(struct mm_req *r, struct auth_account *a)
{
	if (r->stage != MM_STAGE_MFA) {
		mm_redirect(r, mm_session_stage_path(r->stage));
		return 0;
	}
	int rc = auth_account_by_id(r->user.id, a);
	return rc < 0 ? rc : rc == 1 ? 1 : MM_DB_ERR;
}

static int show_form(struct mm_req *r, const struct auth_account *a)
{
	mm_set(r, "Mfa.Method", auth_mfa_name(a->mfa));
	if (a->mfa == AUTH_MFA_SMS && strlen(a->mobile) >= 4)
		mm_set(r, "Mfa.MobileTail", a->mobile + strlen(a->mobile) - 4);
	mm_set_int(r, "Mfa.ResendAfter", CODE_RESEND_AFTER);
	mm_set_int(r, "Mfa.TrustHours", TRUST_LIFETIME / 3600);
	return mm_render(r, 200, "auth/mfa.cs");
}

int auth_mfa_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = mfa_stage(r, &a);
	if (rc <= 0)
		return rc;
	if (mm_param(r, "sent"))
		mm_set(r, "Mfa.Notice", mm_t(r, "mfa.code_resent"));
	return show_form(r, &a);
}

/* 1 when code is right for the user's method (and, for TOTP, not replayed). */
static int code_accepted(struct mm_req *r, const struct auth_account *a, const char *code)
{
	if (a->mfa == AUTH_MFA_TOTP) {
		unsigned char key[32], secret[AUTH_SEALED_MAX];
		size_t len = 0;
		char aad[32];
		snprintf(aad, sizeof aad, "totp:%lld", a->user.id);
		if (mm_aead_config_key(key) < 0 ||
		    mm_aead_open(key, aad, strlen(aad), a->totp_sealed, a->totp_sealed_len,
				 secret, &len) < 0) {
			OPENSSL_cleanse(key, sizeof key);
			mm_log_error("TOTP secret of user %lld cannot be opened", a->user.id);
			return 0;
		}
		OPENSSL_cleanse(key, sizeof key);
		long long step = mm_totp_verify(secret, len, code, r->now, 1, a->totp_last_step);
		OPENSSL_cleanse(secret, sizeof secret);
		if (step < 0)
			return 0;
		/* the conditional update makes a concurrent replay lose */
		return auth_totp_step_use(a->user.id, step);
	}
	return auth_code_check(r, a->mfa, a->mfa == AUTH_MFA_SMS ? a->mobile : a->email, code);
}

static int remember_browser(struct mm_req *r, long long user_id)
{
	char tok[MM_TOKEN_CHARS + 1];
	unsigned char hash[32];
	if (mm_token_new(tok) < 0)
		return MM_DB_ERR;
	mm_sha256(tok, strlen(tok), hash);
	int rc = auth_trust_insert(user_id, hash, r->now, r->now + TRUST_LIFETIME);
	if (rc == 0)
		mm_set_cookie(r, "mm_trust", tok, TRUST_LIFETIME);
	return rc;
}

/* The answer of a locked user: the half-done login ends, and the login page
 * says what it says for every refused login. */
static int locked_out(struct mm_req *r, const struct auth_account *a, const char *event)
{
	mm_event(r, event, &a->user, NULL);
	mm_session_end(r);
	mm_set(r, "Login.Error", mm_t(r, "auth.login_failed"));
	return mm_render(r, 200, "auth/login.cs");
}

int auth_mfa_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = mfa_stage(r, &a);
	if (rc <= 0)
		return rc;
	const char *code = mm_param(r, "code");
	if ((rc = auth_attempt_claim(a.user.id, r->now)) <= 0) {
		if (rc < 0)
			return rc;
		return locked_out(r, &a, "mfa.locked");
	}
	if (!code || code[0] == '\0' || (rc = code_accepted(r, &a, code)) != 1) {
		if (rc < 0)
			return rc;
		int locked = 0;
		if ((rc = auth_attempt_failed(a.user.id, r->now, &locked)) < 0)
			return rc;
		mm_event(r, "mfa.failed", &a.user, NULL);
		if (locked) {
			auth_notify(r, &a, "lockout");
			return locked_out(r, &a, "login.lockout");
		}
		mm_set(r, "Errors.code", mm_t(r, "mfa.code_wrong"));
		return show_form(r, &a);
	}
	if ((rc = auth_attempt_clear(a.user.id, r->now)) <= 0) {
		if (rc < 0)
			return rc;
		return locked_out(r, &a, "mfa.locked");	/* locked meanwhile */
	}
	if ((rc = mm_session_set_stage(r, MM_STAGE_FULL)) < 0)
		return rc;
	if (mm_param(r, "trust") && (rc = remember_browser(r, a.user.id)) < 0)
		return rc;
	mm_event(r, "mfa.ok", &a.user, NULL);
	mm_event(r, "login.ok", &a.user, NULL);
	const char *next = mm_param(r, "next");
	return mm_redirect(r, next && strncmp(next, "/auth/", 6) != 0 ? next : "/");
}

int auth_code_resend_wait(struct mm_req *r)
{
	long age;
	int rc = auth_code_age(r->session_id, r->now, &age);
	if (rc < 0)
		return rc;
	return age >= 0 && age < CODE_RESEND_AFTER;
}

int auth_mfa_resend(struct mm_req *r)
{
	struct auth_account a;
	int rc = mfa_stage(r, &a);
	if (rc <= 0)
		return rc;
	if (a.mfa != AUTH_MFA_EMAIL && a.mfa != AUTH_MFA_SMS)
		return mm_redirect(r, "/auth/mfa");
	int wait = auth_code_resend_wait(r);
	if (wait < 0)
		return wait;
	if (wait) {
		mm_set(r, "Errors.code", mm_t(r, "mfa.resend_wait"));
		return show_form(r, &a);
	}
	if ((rc = auth_mfa_code_send(r, &a)) < 0)
		return rc;
	mm_event(r, "mfa.code_sent", &a.user, NULL);
	return mm_redirect(r, "/auth/mfa?sent=1");
}
