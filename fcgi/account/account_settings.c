/* /account/: overview, password change, language, 2-step method. */
#include "account.h"
#include <stdio.h>
#include <string.h>

static int load(struct mm_req *r, struct auth_account *a)
{
	int rc = auth_account_by_id(r->user.id, a);
	return rc < 0 ? rc : rc == 1 ? 0 : MM_DB_ERR;
}

static void fill_account(struct mm_req *r, const struct auth_account *a)
{
	mm_set(r, "Account.Email", a->email);
	mm_set(r, "Account.Mobile", a->mobile);
	mm_set(r, "Account.Mfa", auth_mfa_name(a->mfa));
	mm_set_int(r, "Account.MfaRequired", a->mfa_required);
	mm_set(r, "Account.Lang", a->user.lang);
}

int account_overview(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	fill_account(r, &a);
	if (mm_param(r, "saved"))
		mm_set(r, "Account.Notice", mm_t(r, "account.saved"));
	return mm_render(r, 200, "account/overview.cs");
}

static int show_password_form(struct mm_req *r, const struct auth_account *a)
{
	auth_policy_fill(r, a);
	return mm_render(r, 200, "account/password.cs");
}

int account_password_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	return rc < 0 ? rc : show_password_form(r, &a);
}

/* The current password is checked first and alone, through the step-up
 * proof (a claimed attempt, like a login): nothing about the new one is told
 * before it is right. */
int account_password_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	const char *current = mm_param(r, "current_password");
	const char *pw = mm_param(r, "password");
	if (!current)
		return show_password_form(r, &a);
	rc = auth_stepup_prove(r, &a, current, NULL, "password.change_failed");
	if (rc < 0)
		return rc;
	if (rc == AUTH_PROOF_LOCKED)
		return auth_locked_out(r, &a, NULL);
	if (rc == AUTH_PROOF_WRONG) {
		mm_set(r, "Errors.current_password", mm_t(r, "account.current_wrong"));
		return show_password_form(r, &a);
	}
	if (!auth_new_password_ok(r, &a, pw, mm_param(r, "password_confirm"), current))
		return show_password_form(r, &a);
	struct mm_argon2_params ap = mm_cfg_argon2();
	char phc[MM_PHC_MAX];
	if (mm_pw_hash(&ap, pw, phc) < 0)
		return 500;
	/* every other session of the user ends; this browser gets a new one */
	if ((rc = auth_password_set(a.user.id, phc, r->now)) < 0 ||
	    (rc = mm_session_end_all(a.user.id)) < 0 ||
	    (rc = auth_trust_revoke_all(a.user.id)) < 0)
		return rc;
	r->session_id = 0;
	if ((rc = mm_session_start(r, &a.user, MM_STAGE_FULL)) < 0 ||
	    (rc = auth_stepup_mark(r)) < 0)
		return rc;
	mm_event(r, "password.change", &a.user, NULL);
	if ((rc = auth_notify(r, &a, "password_changed")) < 0)
		return rc;
	return mm_redirect(r, "/account/?saved=1");
}

int account_language_submit(struct mm_req *r)
{
	const char *lang = mm_param(r, "lang");
	if (!lang)
		return 400;
	int rc = account_lang_set(r->user.id, lang);
	if (rc < 0)
		return rc;
	mm_set_cookie(r, MM_LANG_COOKIE, lang, 365L * 86400);
	return mm_redirect(r, "/account/?saved=1");
}

int account_mfa_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = auth_stepup_require(r, "/account/mfa");
	if (rc <= 0 || (rc = load(r, &a)) < 0)
		return rc;
	fill_account(r, &a);
	mm_set_int(r, "Mfa.Required", a.mfa_required);
	mm_set(r, "Query.method", auth_mfa_name(a.mfa));
	mm_set(r, "Query.mobile", a.mobile);
	if (mm_param(r, "saved"))
		mm_set(r, "Account.Notice", mm_t(r, "account.saved"));
	return mm_render(r, 200, "auth/mfa_settings.cs");
}

int account_mfa_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = auth_stepup_require(r, "/account/mfa");
	if (rc <= 0 || (rc = load(r, &a)) < 0)
		return rc;
	fill_account(r, &a);
	return auth_mfa_choice_apply(r, &a);
}
