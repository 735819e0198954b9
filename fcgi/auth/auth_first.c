/* First login (AUTH-3): new password -> user ID -> 2-step choice -> home.
 * The session stays in its setup stage until the last step, so no other
 * page can be reached by typing its URL; each step page also checks that it
 * is the user's current step. */
#include "auth.h"
#include "mm_login_id.h"
#include <stdio.h>
#include <string.h>

static const char *const step_paths[] = {
	[AUTH_SETUP_PASSWORD] = "/auth/first/password",
	[AUTH_SETUP_USER_ID] = "/auth/first/user-id",
	[AUTH_SETUP_MFA] = "/auth/first/mfa",
	[AUTH_SETUP_DONE] = "/",
};

/* Loads the account of a setup-stage session; 1 when it is at step want,
 * 0 when a redirect to the right place was made, < 0 on error. */
static int at_step(struct mm_req *r, struct auth_account *a, enum auth_setup want)
{
	if (r->stage != MM_STAGE_SETUP) {
		mm_redirect(r, mm_session_stage_path(r->stage));
		return 0;
	}
	int rc = auth_account_by_id(r->user.id, a);
	if (rc <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (a->setup == want)
		return 1;
	if (a->setup == AUTH_SETUP_DONE)
		return auth_first_next(r);
	mm_redirect(r, step_paths[a->setup]);
	return 0;
}

static void fill_steps(struct mm_req *r, int current)
{
	mm_set_int(r, "Steps.Current", current);
}

/* Finishes setup when done, else goes to the current step. */
int auth_first_next(struct mm_req *r)
{
	if (r->stage != MM_STAGE_SETUP)
		return mm_redirect(r, mm_session_stage_path(r->stage));
	struct auth_account a;
	int rc = auth_account_by_id(r->user.id, &a);
	if (rc <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (a.setup != AUTH_SETUP_DONE)
		return mm_redirect(r, step_paths[a.setup]);
	/* the password was proven by this login (and again on the first step):
	 * a complete login counts as a step-up proof (AUTH-12) */
	if ((rc = mm_session_set_stage(r, MM_STAGE_FULL)) < 0 ||
	    (rc = auth_stepup_mark(r)) < 0)
		return rc;
	mm_event(r, "login.ok", &a.user, NULL);
	return mm_redirect(r, "/");
}

int auth_first_password_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_PASSWORD);
	if (rc <= 0)
		return rc;
	auth_policy_fill(r, &a);
	fill_steps(r, 1);
	return mm_render(r, 200, "auth/first_password.cs");
}

/* The new password replaces the temporary one and logs the user out
 * everywhere else (AUTH-10): whoever else logged in with the temporary
 * password must not follow this user's next steps to a full session. */
struct first_password_tx {
	struct mm_req *r;
	long long user_id;
	const char *phc;
};

static int first_password_apply(void *ctx)
{
	const struct first_password_tx *tx = ctx;
	int rc;
	if ((rc = auth_password_set(tx->user_id, tx->phc, tx->r->now)) < 0 ||
	    (rc = auth_setup_advance(tx->user_id, AUTH_SETUP_USER_ID)) < 0 ||
	    (rc = mm_session_end_others(tx->user_id, tx->r->session_id)) < 0 ||
	    (rc = auth_trust_revoke_all(tx->user_id)) < 0)
		return rc;
	return 0;
}

int auth_first_password_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_PASSWORD);
	if (rc <= 0)
		return rc;
	const char *pw = mm_param(r, "password");
	int ok = auth_new_password_ok(r, &a, pw, mm_param(r, "password_confirm"), NULL);
	/* the temporary password itself is no new password (whoever is here
	 * has just logged in with it, so the comparison tells them nothing) */
	if (ok && mm_pw_verify(a.password_hash, pw) == 1) {
		mm_set(r, "Errors.password", mm_t(r, "pw.same_as_old"));
		ok = 0;
	}
	if (!ok) {
		auth_policy_fill(r, &a);
		fill_steps(r, 1);
		return mm_render(r, 200, "auth/first_password.cs");
	}
	struct mm_argon2_params ap = mm_cfg_argon2();
	char phc[MM_PHC_MAX];
	if (mm_pw_hash(&ap, pw, phc) < 0)
		return 500;
	struct first_password_tx tx = { r, a.user.id, phc };
	if ((rc = mm_db_transaction(first_password_apply, &tx)) != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	/* this browser goes on under a new token (AUTH-10) */
	if ((rc = mm_session_set_stage(r, MM_STAGE_SETUP)) < 0)
		return rc;
	mm_event(r, "password.change", &a.user, NULL);
	return mm_redirect(r, step_paths[AUTH_SETUP_USER_ID]);
}

/* The ID offered: the e-mail address (the recommended form) when it is a
 * valid user ID of at most 40 characters that nobody else holds, else the
 * current ID when that is one; never a text the form would refuse
 * (o'brien@…, or an address another user already has as their ID). */
static int fill_user_id_default(struct mm_req *r, const struct auth_account *a)
{
	static const struct mm_input id = { "login_id", mm_v_login_id, MM_IN_REQUIRED, 1, 40 };
	const char *offer = "";
	int free = 0;
	if (mm_login_id_first(a->email) == 0 && (free = auth_login_id_free(a->user.id, a->email)) < 0)
		return free;
	if (free)
		offer = a->email;
	else if (!mm_v_login_id(&id, a->user.login_id))
		offer = a->user.login_id;
	mm_set(r, "Query.login_id", offer);
	return 0;
}

int auth_first_user_id_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_USER_ID);
	if (rc <= 0)
		return rc;
	if ((rc = fill_user_id_default(r, &a)) < 0)
		return rc;
	fill_steps(r, 2);
	return mm_render(r, 200, "auth/first_user_id.cs");
}

int auth_first_user_id_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_USER_ID);
	if (rc <= 0)
		return rc;
	const char *login_id = mm_param(r, "login_id");
	if (r->invalid) {
		fill_steps(r, 2);
		return mm_render(r, 200, "auth/first_user_id.cs");
	}
	if (strcmp(login_id, a.user.login_id) != 0) {
		rc = auth_login_id_change(a.user.id, login_id);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			mm_set(r, "Errors.login_id", mm_t(r, "auth.login_id_taken"));
			fill_steps(r, 2);
			return mm_render(r, 200, "auth/first_user_id.cs");
		}
		snprintf(a.user.login_id, sizeof a.user.login_id, "%s", login_id);
		mm_event(r, "userid.change", &a.user, NULL);
	}
	if ((rc = auth_setup_advance(a.user.id, AUTH_SETUP_MFA)) < 0)
		return rc;
	return mm_redirect(r, step_paths[AUTH_SETUP_MFA]);
}

int auth_first_mfa_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_MFA);
	if (rc <= 0)
		return rc;
	mm_set_int(r, "Mfa.Required", a.mfa_required);
	mm_set(r, "Query.mobile", a.mobile);
	fill_steps(r, 3);
	return mm_render(r, 200, "auth/first_mfa.cs");
}

int auth_first_mfa_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = at_step(r, &a, AUTH_SETUP_MFA);
	if (rc <= 0)
		return rc;
	fill_steps(r, 3);
	return auth_mfa_choice_apply(r, &a);
}

/* Full sessions, and first-login sessions that have reached the 2-step
 * step (enrolling earlier must not skip the password change). 1 allowed,
 * 0 redirected, < 0 error; a is loaded. */
int auth_enrol_allowed(struct mm_req *r, struct auth_account *a)
{
	int rc = auth_account_by_id(r->user.id, a);
	if (rc <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (r->stage == MM_STAGE_FULL)	/* a change of the method: step-up */
		return auth_stepup_require(r, r->path);
	if (r->stage == MM_STAGE_SETUP && a->setup == AUTH_SETUP_MFA)
		return 1;
	mm_redirect(r, mm_session_stage_path(r->stage));
	return 0;
}

/* Shared by first login and the settings page: the chosen method takes
 * effect, except the authenticator app, which takes effect once a code from
 * the new secret has been entered (auth_totp.c). */
int auth_mfa_choice_apply(struct mm_req *r, struct auth_account *a)
{
	const char *template_name = r->stage == MM_STAGE_SETUP ? "auth/first_mfa.cs" : "auth/mfa_settings.cs";
	enum auth_mfa m = auth_mfa_parse(mm_param(r, "method"));
	const char *mobile = mm_param(r, "mobile");
	mm_set_int(r, "Mfa.Required", a->mfa_required);
	if (!mm_param(r, "method") || mm_param_error(r, "method")) {
		mm_set(r, "Errors.method", mm_t(r, "mfa.choose"));
		return mm_render(r, 200, template_name);
	}
	if (m == AUTH_MFA_NONE && a->mfa_required) {
		mm_set(r, "Errors.method", mm_t(r, "mfa.required_by_admin"));
		return mm_render(r, 200, template_name);
	}
	/* "none" only after an explicit confirmation (the no-script dialog,
	 * whose button sends confirm_none=1; any other value is none) */
	const char *confirm = mm_param(r, "confirm_none");
	if (m == AUTH_MFA_NONE && !(confirm && strcmp(confirm, "1") == 0)) {
		mm_set(r, "Mfa.ConfirmNone", "1");
		return mm_render(r, 200, template_name);
	}
	if (m == AUTH_MFA_SMS && (!mobile || mm_param_error(r, "mobile"))) {
		mm_set(r, "Errors.mobile", mm_t(r, mm_param_error(r, "mobile") ?
					  mm_param_error(r, "mobile") : "mfa.mobile_required"));
		return mm_render(r, 200, template_name);
	}
	if (m == AUTH_MFA_TOTP)
		return mm_redirect(r, "/auth/mfa/totp");
	/* a number takes effect once a code sent to it has come back: a typo
	 * must not lock the user out at the next login */
	if (m == AUTH_MFA_SMS) {
		const char *refused = NULL;
		int rc = auth_code_send(r, a, AUTH_MFA_SMS, mobile, &refused);
		if (rc == AUTH_CODE_REFUSED) {
			mm_set(r, "Errors.mobile", mm_t(r, refused));
			return mm_render(r, 200, template_name);
		}
		if (rc < 0 || (rc = auth_pending_mobile_set(r->session_id, mobile)) < 0)
			return rc;
		return mm_redirect(r, "/auth/mfa/sms");
	}
	return auth_mfa_method_take(r, a, m, NULL);
}

int auth_mfa_method_take(struct mm_req *r, struct auth_account *a, enum auth_mfa m,
			 const char *mobile)
{
	int rc = auth_mfa_set(a->user.id, m, mobile);
	if (rc < 0 || (rc = auth_trust_revoke_all(a->user.id)) < 0)
		return rc;
	mm_event(r, m == AUTH_MFA_NONE ? "mfa.remove" : "mfa.enrol", &a->user, NULL);
	/* codes going to another phone are a change of the 2-step setting too */
	int changed = a->mfa != m || (m == AUTH_MFA_SMS && mobile && strcmp(a->mobile, mobile) != 0);
	if (changed && (rc = auth_notify(r, a, "mfa_changed")) < 0)
		return rc;
	if (r->stage == MM_STAGE_SETUP) {
		if ((rc = auth_setup_advance(a->user.id, AUTH_SETUP_DONE)) < 0)
			return rc;
		return auth_first_next(r);
	}
	return mm_redirect(r, "/account/mfa?saved=1");
}
