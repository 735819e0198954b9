/* /auth/stepup: step-up (AUTH-12, ASVS 3.7.1). A live session alone does
 * not change the 2-step method, re-enrol TOTP, or change the e-mail or the
 * password: the session must have proven the password or a code of the
 * current method within Auth.StepUpMinutes. A complete login counts as such
 * a proof. Each proof is a claimed attempt like a login, so it cannot be
 * used to guess faster than the lockout allows. Plain forms: no script. */
#include "auth.h"
#include <stdio.h>
#include <string.h>

static long fresh_seconds(void)
{
	return mm_cfg_int("Auth.StepUpMinutes", 10) * 60;
}

int auth_stepup_mark(struct mm_req *r)
{
	return auth_session_reauth_set(r->session_id, r->now);
}

int auth_stepup_require(struct mm_req *r, const char *back_to)
{
	if (r->stage == MM_STAGE_SETUP)
		return 1;
	time_t at = 0;
	int rc = auth_session_reauth_get(r->session_id, &at);
	if (rc < 0)
		return rc;
	if (at && r->now - at < fresh_seconds())
		return 1;
	struct mm_buf loc = { 0 };
	/* a form sent without a fresh proof is not saved: the step-up page
	 * says so, or the user would take the page they come back to for
	 * their saved change */
	mm_buf_puts(&loc, strcmp(r->method, "POST") == 0 ? "/auth/stepup?again=1&next=" : "/auth/stepup?next=");
	mm_url_encode(&loc, back_to);
	mm_redirect(r, mm_buf_str(&loc));
	mm_buf_free(&loc);
	return 0;
}

int auth_stepup_prove(struct mm_req *r, const struct auth_account *a, const char *password,
		      const char *code, const char *fail_event)
{
	struct auth_attempt at;
	int rc = auth_attempt_claim(&at, a->user.id, r->now);
	if (rc <= 0) {
		if (rc < 0)
			return rc;
		if (password) {	/* the same work as a check that runs */
			struct mm_argon2_params ap = mm_cfg_argon2();
			mm_pw_dummy_verify(&ap, password);
		}
		mm_event(r, "login.locked", &a->user, NULL);
		return AUTH_PROOF_LOCKED;
	}
	int ok = 0;
	if (password)
		ok = mm_pw_verify(a->password_hash, password) == 1;
	else if (code && a->mfa != AUTH_MFA_NONE && (ok = auth_mfa_code_accepted(r, a, code)) < 0)
		return ok;	/* the claim lapses by itself */
	if (!ok) {
		int locked = 0;
		if ((rc = auth_attempt_failed(&at, r->now, &locked)) < 0)
			return rc;
		mm_event(r, fail_event, &a->user, NULL);
		if (!locked)
			return AUTH_PROOF_WRONG;
		mm_event(r, "login.lockout", &a->user, NULL);
		auth_lockout_notice(r, a, password == NULL);
		return AUTH_PROOF_LOCKED;
	}
	if ((rc = auth_attempt_clear(&at, r->now)) <= 0) {
		if (rc < 0)
			return rc;
		mm_event(r, "login.locked", &a->user, NULL);	/* locked meanwhile */
		return AUTH_PROOF_LOCKED;
	}
	rc = auth_stepup_mark(r);
	return rc < 0 ? rc : AUTH_PROOF_OK;
}

/* Where to go after the proof: a local page outside the auth pages, except
 * the enrolment pages that asked for it. */
static const char *next_page(struct mm_req *r)
{
	const char *next = mm_param(r, "next");
	if (!next)
		return "/account/";
	if (strncmp(next, "/auth/", 6) == 0 && strcmp(next, "/auth/mfa/totp") != 0 &&
	    strcmp(next, "/auth/mfa/sms") != 0)
		return "/account/";
	return next;
}

static int show_form(struct mm_req *r, const struct auth_account *a)
{
	mm_set(r, "StepUp.Method", auth_mfa_name(a->mfa));
	mm_set(r, "StepUp.Next", next_page(r));
	mm_set_int(r, "StepUp.Minutes", fresh_seconds() / 60);
	mm_set_int(r, "StepUp.Again", mm_param(r, "again") != NULL);
	if (a->mfa == AUTH_MFA_SMS && strlen(a->mobile) >= 4)
		mm_set(r, "StepUp.MobileTail", a->mobile + strlen(a->mobile) - 4);
	return mm_render(r, 200, "auth/stepup.cs");
}

static int load(struct mm_req *r, struct auth_account *a)
{
	int rc = auth_account_by_id(r->user.id, a);
	return rc < 0 ? rc : rc == 1 ? 0 : MM_DB_ERR;
}

int auth_stepup_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	if (mm_param(r, "sent"))
		mm_set(r, "StepUp.Notice", mm_t(r, "mfa.code_resent"));
	return show_form(r, &a);
}

int auth_stepup_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	const char *password = mm_param(r, "password");
	const char *code = mm_param(r, "code");
	if (password && !*password)
		password = NULL;
	if (!password && (!code || !*code)) {
		mm_set(r, "Errors.password", mm_t(r, "stepup.missing"));
		return show_form(r, &a);
	}
	rc = auth_stepup_prove(r, &a, password, password ? NULL : code, "stepup.failed");
	if (rc < 0)
		return rc;
	if (rc == AUTH_PROOF_LOCKED)
		return auth_locked_out(r, &a, NULL);
	if (rc == AUTH_PROOF_WRONG) {
		mm_set(r, password ? "Errors.password" : "Errors.code",
		       mm_t(r, password ? "stepup.password_wrong" : "mfa.code_wrong"));
		return show_form(r, &a);
	}
	mm_event(r, "stepup.ok", &a.user, NULL);
	return mm_redirect(r, next_page(r));
}

int auth_stepup_send(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	if (a.mfa != AUTH_MFA_EMAIL && a.mfa != AUTH_MFA_SMS)
		return show_form(r, &a);
	/* the mail names what the code is for: a settings change, not a login */
	mm_set(r, "Mail.Purpose", "stepup");
	if ((rc = auth_mfa_code_send(r, &a)) != 0)
		return rc == AUTH_CODE_REFUSED ? show_form(r, &a) : rc;
	struct mm_buf loc = { 0 };
	mm_buf_puts(&loc, mm_param(r, "again") ? "/auth/stepup?sent=1&again=1&next=" : "/auth/stepup?sent=1&next=");
	mm_url_encode(&loc, next_page(r));
	mm_redirect(r, mm_buf_str(&loc));
	mm_buf_free(&loc);
	return 0;
}
