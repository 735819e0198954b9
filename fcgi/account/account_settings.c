/* /account/: overview, password change, language, 2-step method. */
#include "account.h"
#include <stdio.h>
#include <string.h>

static const char SQL_LANG_SET[] = "UPDATE users SET lang = ? WHERE id = ?";

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

int account_password_form(struct mm_req *r)
{
	auth_policy_fill(r);
	return mm_render(r, 200, "account/password.cs");
}

/* The current password is checked first and alone (a claimed attempt, like
 * a login): nothing about the new one is told before it is right. A locked
 * user's sessions all end, this one too. */
static int current_password_refused(struct mm_req *r, const struct auth_account *a, int locked)
{
	if (locked) {
		mm_session_end_all(a->user.id);
		mm_session_end(r);
		return mm_redirect(r, "/auth/login");
	}
	mm_set(r, "Errors.current_password", mm_t(r, "account.current_wrong"));
	auth_policy_fill(r);
	return mm_render(r, 200, "account/password.cs");
}

int account_password_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	const char *current = mm_param(r, "current_password");
	const char *pw = mm_param(r, "password");
	if (!current) {
		auth_policy_fill(r);
		return mm_render(r, 200, "account/password.cs");
	}
	if ((rc = auth_attempt_claim(a.user.id, r->now)) <= 0) {
		if (rc < 0)
			return rc;
		mm_event(r, "login.locked", &a.user, NULL);
		return current_password_refused(r, &a, 1);
	}
	if (mm_pw_verify(a.password_hash, current) != 1) {
		int locked = 0;
		if ((rc = auth_attempt_failed(a.user.id, r->now, &locked)) < 0)
			return rc;
		mm_event(r, "password.change_failed", &a.user, NULL);
		if (locked) {
			mm_event(r, "login.lockout", &a.user, NULL);
			auth_notify(r, &a, "lockout");
		}
		return current_password_refused(r, &a, locked);
	}
	if ((rc = auth_attempt_clear(a.user.id, r->now)) <= 0)
		return rc < 0 ? rc : current_password_refused(r, &a, 1);
	if (!auth_new_password_ok(r, &a, pw, mm_param(r, "password_confirm"), current)) {
		auth_policy_fill(r);
		return mm_render(r, 200, "account/password.cs");
	}
	struct mm_argon2_params ap = auth_argon2_params();
	char phc[MM_PHC_MAX];
	if (mm_pw_hash(&ap, pw, phc) < 0)
		return 500;
	/* every other session of the user ends; this browser gets a new one */
	if ((rc = auth_password_set(a.user.id, phc, r->now)) < 0 ||
	    (rc = mm_session_end_all(a.user.id)) < 0 ||
	    (rc = auth_trust_revoke_all(a.user.id)) < 0)
		return rc;
	r->session_id = 0;
	if ((rc = mm_session_start(r, &a.user, MM_STAGE_FULL)) < 0)
		return rc;
	mm_event(r, "password.change", &a.user, NULL);
	return mm_redirect(r, "/account/?saved=1");
}

int account_language_submit(struct mm_req *r)
{
	const char *lang = mm_param(r, "lang");
	if (!lang)
		return 400;
	long long n = mm_db_exec(SQL_LANG_SET, "si", lang, r->user.id);
	if (n < 0)
		return (int)n;
	mm_set_cookie(r, MM_LANG_COOKIE, lang, 365L * 86400);
	return mm_redirect(r, "/account/?saved=1");
}

int account_mfa_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = load(r, &a);
	if (rc < 0)
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
	int rc = load(r, &a);
	if (rc < 0)
		return rc;
	fill_account(r, &a);
	return auth_mfa_choice_apply(r, &a);
}
