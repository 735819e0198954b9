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

/* One limiter for every e-mail and SMS code, on every route (AUTH-13): one
 * per session and channel per 30 s, a few per recipient and hour, some per user and day,
 * and per client address (IPv4, IPv6 /64). SMS cost money and reach other
 * people's phones, so their limits are the tighter ones. 1 go ahead, 0
 * refused (*refused = message key), < 0 error. */
static int code_send_allowed(struct mm_req *r, const struct auth_account *a, enum auth_mfa channel,
			     const char *to, const char **refused)
{
	int sms = channel == AUTH_MFA_SMS;
	unsigned char to_hash[32];
	char to_hex[65], client[64];
	mm_sha256(to, strlen(to), to_hash);
	mm_hex_encode(to_hash, 16, to_hex);	/* recipients are not kept in clear */
	struct {
		char bucket[120];
		long limit;
		int window;
		const char *message;
	} limits[4];
	snprintf(limits[0].bucket, sizeof limits[0].bucket, "code:wait:%s:%lld", sms ? "sms" : "mail",
		 r->session_id);
	limits[0].limit = 1;
	limits[0].window = CODE_RESEND_AFTER;
	limits[0].message = "mfa.resend_wait";
	snprintf(limits[1].bucket, sizeof limits[1].bucket, "code:to:%s:%s", sms ? "sms" : "mail", to_hex);
	limits[1].limit = sms ? mm_cfg_int("Auth.SmsPerNumberPerHour", 3) :
				mm_cfg_int("Auth.MailCodesPerAddressPerHour", 10);
	limits[1].window = 3600;
	snprintf(limits[2].bucket, sizeof limits[2].bucket, "code:user:%s:%lld", sms ? "sms" : "mail",
		 a->user.id);
	limits[2].limit = sms ? mm_cfg_int("Auth.SmsPerUserPerDay", 10) :
				mm_cfg_int("Auth.MailCodesPerUserPerDay", 30);
	limits[2].window = 86400;
	snprintf(limits[3].bucket, sizeof limits[3].bucket, "code:client:%s",
		 mm_rate_client(r->remote_addr, client));
	limits[3].limit = mm_cfg_int("Auth.CodesPerClientPerHour", 100);
	limits[3].window = 3600;
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		int rc = mm_rate_limit(limits[i].bucket, (int)limits[i].limit, limits[i].window, r->now);
		if (rc <= 0) {
			if (rc == 0)
				*refused = i == 0 ? limits[i].message : sms ? "mfa.sms_limit" : "mfa.code_limit";
			return rc;
		}
	}
	return 1;
}

int auth_code_send(struct mm_req *r, const struct auth_account *a, enum auth_mfa channel,
		   const char *to, const char **refused)
{
	char code[7];
	unsigned char hash[32];
	int rc = code_send_allowed(r, a, channel, to, refused);
	if (rc <= 0) {
		if (rc == 0)
			mm_event(r, "mfa.code_limited", &a->user, NULL);
		return rc < 0 ? rc : AUTH_CODE_REFUSED;
	}
	if (code_new(code) < 0)
		return MM_DB_ERR;
	code_hash(r->session_id, channel, to, code, hash);
	rc = auth_code_insert(r->session_id, a->user.id, channel == AUTH_MFA_SMS ? "sms" : "email",
			      hash, r->now, r->now + CODE_LIFETIME);
	if (rc < 0)
		return rc;
	mm_set(r, "Mail.Code", code);
	mm_set(r, "Mail.DisplayName", a->user.display_name);
	mm_set_int(r, "Mail.Minutes", CODE_LIFETIME / 60);
	rc = channel == AUTH_MFA_SMS ? mm_sms_queue(r, to, a->user.lang, "mfa_code") :
				       mm_mail_queue(r, to, a->user.lang, "mfa_code");
	OPENSSL_cleanse(code, sizeof code);
	/* every route's code shows in the history; the code itself never does */
	if (rc == 0)
		mm_event(r, "mfa.code_sent", &a->user, NULL);
	return rc;
}

int auth_mfa_code_send(struct mm_req *r, const struct auth_account *a)
{
	const char *refused = NULL;
	int rc = auth_code_send(r, a, a->mfa, a->mfa == AUTH_MFA_SMS ? a->mobile : a->email, &refused);
	if (rc == AUTH_CODE_REFUSED)
		mm_set(r, "Errors.code", mm_t(r, refused));
	return rc;
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
	else if (mm_param(r, "held"))	/* the code at login was over a limit */
		mm_set(r, "Errors.code", mm_t(r, "mfa.code_held"));
	return show_form(r, &a);
}

int auth_mfa_code_accepted(struct mm_req *r, const struct auth_account *a, const char *code)
{
	if (a->mfa == AUTH_MFA_TOTP) {
		unsigned char secret[AUTH_SEALED_MAX];
		size_t len = 0;
		char aad[32];
		snprintf(aad, sizeof aad, "totp:%lld", a->user.id);
		if (mm_aead_open_config(aad, a->totp_sealed, a->totp_sealed_len, secret, sizeof secret,
					&len) < 0) {
			mm_log_error("TOTP secret of user %lld cannot be opened", a->user.id);
			return 0;
		}
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

int auth_mfa_submit(struct mm_req *r)
{
	struct auth_account a;
	struct auth_attempt at;
	int rc = mfa_stage(r, &a);
	if (rc <= 0)
		return rc;
	const char *code = mm_param(r, "code");
	if ((rc = auth_attempt_claim(&at, a.user.id, r->now)) <= 0)
		return rc < 0 ? rc : auth_locked_out(r, &a, "mfa.locked");
	if (!code || code[0] == '\0' || (rc = auth_mfa_code_accepted(r, &a, code)) != 1) {
		if (rc < 0)
			return rc;
		int locked = 0;
		if ((rc = auth_attempt_failed(&at, r->now, &locked)) < 0)
			return rc;
		mm_event(r, "mfa.failed", &a.user, NULL);
		if (locked)
			return auth_code_locked_out(r, &a);
		mm_set(r, "Errors.code", mm_t(r, "mfa.code_wrong"));
		return show_form(r, &a);
	}
	if ((rc = auth_attempt_clear(&at, r->now)) <= 0)
		return rc < 0 ? rc : auth_locked_out(r, &a, "mfa.locked");	/* locked meanwhile */
	if ((rc = mm_session_set_stage(r, MM_STAGE_FULL)) < 0 ||
	    (rc = auth_stepup_mark(r)) < 0)
		return rc;
	if (mm_param(r, "trust") && (rc = remember_browser(r, a.user.id)) < 0)
		return rc;
	mm_event(r, "mfa.ok", &a.user, NULL);
	mm_event(r, "login.ok", &a.user, NULL);
	const char *next = mm_param(r, "next");
	return mm_redirect(r, next && strncmp(next, "/auth/", 6) != 0 ? next : "/");
}

int auth_mfa_resend(struct mm_req *r)
{
	struct auth_account a;
	int rc = mfa_stage(r, &a);
	if (rc <= 0)
		return rc;
	if (a.mfa != AUTH_MFA_EMAIL && a.mfa != AUTH_MFA_SMS)
		return mm_redirect(r, "/auth/mfa");
	if ((rc = auth_mfa_code_send(r, &a)) != 0)
		return rc == AUTH_CODE_REFUSED ? show_form(r, &a) : rc;
	return mm_redirect(r, "/auth/mfa?sent=1");
}
