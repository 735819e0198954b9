/* /auth/mfa/sms: the mobile number chosen for SMS codes is confirmed with a
 * code sent to it before it replaces the user's method (seed 001 §4⑤ B).
 * Wrong codes count toward the lockout like any other code. */
#include "auth.h"
#include <stdio.h>
#include <string.h>

static int show_form(struct mm_req *r, const char *mobile)
{
	size_t n = strlen(mobile);
	mm_set(r, "Sms.MobileTail", n >= 4 ? mobile + n - 4 : mobile);
	mm_set_int(r, "Steps.Current", 3);
	return mm_render(r, 200, "auth/mfa_sms.cs");
}

/* 1 with the account and the pending number loaded, 0 redirected, < 0 error. */
static int pending(struct mm_req *r, struct auth_account *a, char *mobile, size_t size)
{
	int rc = auth_enrol_allowed(r, a);
	if (rc <= 0)
		return rc;
	rc = auth_pending_mobile_get(r->session_id, mobile, size);
	if (rc == 0) {	/* nothing to verify: back to the choice */
		mm_redirect(r, r->stage == MM_STAGE_SETUP ? "/auth/first/mfa" : "/account/mfa");
		return 0;
	}
	return rc;
}

int auth_sms_verify_form(struct mm_req *r)
{
	struct auth_account a;
	char mobile[21];
	int rc = pending(r, &a, mobile, sizeof mobile);
	if (rc <= 0)
		return rc;
	if (mm_param(r, "sent"))
		mm_set(r, "Sms.Notice", mm_t(r, "mfa.code_resent"));
	return show_form(r, mobile);
}

int auth_sms_verify_submit(struct mm_req *r)
{
	struct auth_account a;
	char mobile[21];
	int rc = pending(r, &a, mobile, sizeof mobile);
	if (rc <= 0)
		return rc;
	const char *code = mm_param(r, "code");
	struct auth_attempt at;
	if ((rc = auth_attempt_claim(&at, a.user.id, r->now)) <= 0)
		return rc < 0 ? rc : auth_locked_out(r, &a, "mfa.locked");
	if (!code || (rc = auth_code_check(r, AUTH_MFA_SMS, mobile, code)) != 1) {
		if (rc < 0)
			return rc;
		int locked = 0;
		if ((rc = auth_attempt_failed(&at, r->now, &locked)) < 0)
			return rc;
		mm_event(r, "mfa.enrol_failed", &a.user, NULL);
		if (locked)
			return auth_code_locked_out(r, &a);
		mm_set(r, "Errors.code", mm_t(r, "mfa.code_wrong"));
		return show_form(r, mobile);
	}
	if ((rc = auth_attempt_clear(&at, r->now)) <= 0)
		return rc < 0 ? rc : auth_locked_out(r, &a, "mfa.locked");
	if ((rc = auth_pending_mobile_set(r->session_id, NULL)) < 0)
		return rc;
	return auth_mfa_method_take(r, &a, AUTH_MFA_SMS, mobile);
}

int auth_sms_verify_resend(struct mm_req *r)
{
	struct auth_account a;
	char mobile[21];
	int rc = pending(r, &a, mobile, sizeof mobile);
	if (rc <= 0)
		return rc;
	const char *refused = NULL;
	if ((rc = auth_code_send(r, &a, AUTH_MFA_SMS, mobile, &refused)) == AUTH_CODE_REFUSED) {
		mm_set(r, "Errors.code", mm_t(r, refused));
		return show_form(r, mobile);
	}
	if (rc < 0)
		return rc;
	return mm_redirect(r, "/auth/mfa/sms?sent=1");
}
