/* /auth/login: the login form and its submission. Every failure - unknown
 * user ID, wrong password, locked or disabled user - gets the same answer
 * after the same work (one Argon2id verify), so nothing tells them apart. */
#include "auth.h"
#include <string.h>

struct mm_argon2_params auth_argon2_params(void)
{
	struct mm_argon2_params p;
	p.m_kib = (unsigned)mm_cfg_int("Auth.Argon2.MemoryKiB", (long)mm_argon2_default.m_kib);
	p.t_cost = (unsigned)mm_cfg_int("Auth.Argon2.Iterations", (long)mm_argon2_default.t_cost);
	p.parallelism = (unsigned)mm_cfg_int("Auth.Argon2.Parallelism",
					     (long)mm_argon2_default.parallelism);
	return p;
}

static const char *next_or_home(struct mm_req *r)
{
	const char *next = mm_param(r, "next");
	/* never bounce back into the auth pages themselves */
	if (!next || strncmp(next, "/auth/", 6) == 0)
		return "/";
	return next;
}

static void fill_policy_hint(struct mm_req *r)
{
	mm_set_int(r, "Auth.MaxFailures", mm_cfg_int("Auth.MaxFailures", 5));
	mm_set_int(r, "Auth.LockMinutes", mm_cfg_int("Auth.LockMinutes", 20));
}

int auth_login_form(struct mm_req *r)
{
	if (r->logged_in)
		return mm_redirect(r, next_or_home(r));
	if (mm_param(r, "bye"))
		mm_set(r, "Login.Notice", mm_t(r, "auth.logged_out"));
	fill_policy_hint(r);
	return mm_render(r, 200, "auth/login.cs");
}

static int login_refused(struct mm_req *r)
{
	mm_set(r, "Login.Error", mm_t(r, "auth.login_failed"));
	fill_policy_hint(r);
	return mm_render(r, 200, "auth/login.cs");
}

int auth_login_submit(struct mm_req *r)
{
	const char *login_id = mm_param(r, "user_id");
	const char *password = mm_param(r, "password");
	if (r->invalid) {
		if (mm_param_error(r, "user_id") || mm_param_error(r, "password"))
			mm_set(r, "Login.Error", mm_t(r, "auth.login_missing"));
		fill_policy_hint(r);
		return mm_render(r, 200, "auth/login.cs");
	}
	struct auth_account a;
	int rc = auth_account_by_login(login_id, &a);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		mm_pw_dummy_verify(password);
		mm_event(r, "login.failed", NULL, login_id);
		return login_refused(r);
	}
	if (a.disabled || a.locked_until > r->now) {
		mm_pw_dummy_verify(password);
		mm_event(r, a.disabled ? "login.disabled" : "login.locked", &a.user, NULL);
		return login_refused(r);
	}
	int ok = mm_pw_verify(a.password_hash, password);
	if (ok != 1) {
		int locked = 0;
		rc = auth_failure_record(a.user.id, r->now, &locked);
		if (rc < 0)
			return rc;
		mm_event(r, "login.failed", &a.user, NULL);
		if (locked)
			mm_event(r, "login.lockout", &a.user, NULL);
		return login_refused(r);
	}
	rc = auth_success_record(a.user.id);
	if (rc < 0)
		return rc;
	struct mm_argon2_params ap = auth_argon2_params();
	if (mm_pw_needs_rehash(&ap, a.password_hash)) {
		char phc[MM_PHC_MAX];
		if (mm_pw_hash(&ap, password, phc) == 0)
			auth_password_hash_update(a.user.id, phc);
	}
	rc = mm_session_start(r, &a.user);
	if (rc < 0)
		return rc;
	mm_event(r, "login.ok", &a.user, NULL);
	return mm_redirect(r, next_or_home(r));
}
