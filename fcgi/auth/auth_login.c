/* /auth/login: the login form and its submission. Every failure - unknown
 * user ID, wrong password, locked or disabled user - gets the same answer
 * after the same work (one Argon2id verify, an attempt claimed and settled),
 * so nothing tells them apart. */
#include "auth.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

const struct mm_pw_policy *auth_policy(void)
{
	const struct mm_pw_policy *p = mm_pw_policy_named(mm_cfg_str("Auth.PasswordPolicy", "client"));
	return p ? p : &mm_pw_policy_client;
}

void auth_policy_fill(struct mm_req *r, const struct auth_account *a)
{
	const struct mm_pw_policy *p = auth_policy();
	/* the checklist's "no user ID or e-mail" needs the very values that
	 * auth_new_password_ok compares with */
	mm_set(r, "Policy.UserId", a->user.login_id);
	mm_set(r, "Policy.Email", a->email);
	mm_set(r, "Policy.Name", p->name);
	mm_set_int(r, "Policy.Min", p->min_len);
	mm_set_int(r, "Policy.Max", p->max_len);
	mm_set_int(r, "Policy.Classes", p->require_classes);
	mm_set(r, "Policy.Symbols", p->symbols ? p->symbols : "");
}

int auth_new_password_ok(struct mm_req *r, const struct auth_account *a,
			 const char *pw, const char *confirm, const char *current)
{
	int ok = 1;
	if (!pw || !confirm)
		return 0;	/* the required-field errors are already set */
	unsigned bad = mm_pw_check(auth_policy(), pw, a->user.login_id, a->email);
	if (bad) {
		int i = 0;
		for (unsigned bit = 1; bit <= MM_PW_HAS_USER; bit <<= 1) {
			if (!(bad & bit))
				continue;
			char path[48];
			snprintf(path, sizeof path, "Errors.password_rules.%d", i++);
			mm_set(r, path, mm_t(r, mm_pw_rule_key(bit)));
		}
		mm_set(r, "Errors.password", mm_t(r, "pw.rejected"));
		ok = 0;
	} else if (current && strcmp(pw, current) == 0) {
		mm_set(r, "Errors.password", mm_t(r, "pw.same_as_old"));
		ok = 0;
	}
	if (strcmp(pw, confirm) != 0) {
		mm_set(r, "Errors.password_confirm", mm_t(r, "pw.mismatch"));
		ok = 0;
	}
	return ok;
}

int auth_notify(struct mm_req *r, const struct auth_account *a, const char *mail_name)
{
	mm_set(r, "Mail.DisplayName", a->user.display_name);
	mm_set(r, "Mail.LoginId", a->user.login_id);
	mm_set(r, "Mail.Ip", r->remote_addr);
	mm_mail_when(r, a->user.time_zone, r->now);
	return mm_mail_queue(r, a->email, a->user.lang, mail_name);
}

int auth_lockout_notice(struct mm_req *r, const struct auth_account *a, int by_code)
{
	/* anyone who knows a user ID can lock it every lock period: the lock
	 * still happens, but its mailbox gets only a few notices a day */
	int ok = mm_rate_limit_recipient("lockout", a->email,
					 (int)mm_cfg_int("Auth.LockoutMailsPerAddressPerDay", 3),
					 86400, r->now);
	if (ok <= 0)
		return ok;
	mm_set_int(r, "Mail.LockMinutes", mm_cfg_int("Auth.LockMinutes", 20));
	if (by_code)
		mm_set_int(r, "Mail.ByCode", 1);
	return auth_notify(r, a, "lockout");
}

void auth_unknown_login(const char *typed, char out[41])
{
	auth_keyed_marker(typed, strlen(typed), out);
}

int auth_unknown_key(const char *typed, char out[41])
{
	/* a login may type an ID of any length; its weight string takes at
	 * most 2 bytes per character (4 leaves room) */
	size_t size = 4 * strlen(typed) + 16, len = 0;
	unsigned char *folded = malloc(size);
	if (!folded)
		return MM_DB_ERR;
	int rc = auth_login_fold(typed, folded, size, &len);
	if (rc == 0)
		auth_keyed_marker(folded, len, out);
	free(folded);
	return rc;
}

void auth_keyed_marker(const void *data, size_t len, char out[41])
{
	unsigned char key[64], mac[32];
	long keylen = mm_cfg_key("Secrets.Key", key, 16, 64);
	mm_hmac_sha256(key, keylen > 0 ? (size_t)keylen : 0, data, len, mac);
	OPENSSL_cleanse(key, sizeof key);
	out[0] = '?';
	mm_hex_encode(mac, 16, out + 1);
}

/* The text of key with "{max}" and "{n}" replaced by the failures that
 * block and the minutes of the block: the settings, not fixed figures. */
void auth_set_with_limits(struct mm_req *r, const char *path, const char *key)
{
	char max[24], minutes[24], out[1024];
	snprintf(max, sizeof max, "%lld", (long long)mm_cfg_int("Auth.MaxFailures", 5));
	snprintf(minutes, sizeof minutes, "%lld", (long long)mm_cfg_int("Auth.LockMinutes", 20));
	size_t len = 0;
	for (const char *t = mm_t(r, key); *t && len < sizeof out - 1;) {
		const char *v = strncmp(t, "{max}", 5) == 0 ? max : strncmp(t, "{n}", 3) == 0 ? minutes : NULL;
		if (v) {
			len += (size_t)snprintf(out + len, sizeof out - len, "%s", v);
			t += v == max ? 5 : 3;
		} else {
			out[len++] = *t++;
		}
	}
	out[len < sizeof out ? len : sizeof out - 1] = '\0';
	mm_set(r, path, out);
}

static int locked_page(struct mm_req *r, const struct auth_account *a, const char *event,
		       const char *message_key)
{
	if (event)
		mm_event(r, event, &a->user, NULL);
	if (r->session_id)
		mm_session_end(r);
	auth_set_with_limits(r, "Login.Error", message_key);
	mm_set_int(r, "Auth.MaxFailures", mm_cfg_int("Auth.MaxFailures", 5));
	mm_set_int(r, "Auth.LockMinutes", mm_cfg_int("Auth.LockMinutes", 20));
	return mm_render(r, 200, "auth/login.cs");
}

int auth_locked_out(struct mm_req *r, const struct auth_account *a, const char *event)
{
	return locked_page(r, a, event, "auth.login_failed");
}

int auth_code_locked_out(struct mm_req *r, const struct auth_account *a)
{
	/* only someone who typed the right password gets here: saying that
	 * the codes locked the ID tells them nothing about other IDs, and the
	 * user learns that the password may be known to someone else */
	auth_lockout_notice(r, a, 1);
	return locked_page(r, a, "login.lockout", "auth.code_lockout");
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

static int login_refused(struct mm_req *r, const char *message_key)
{
	mm_set(r, "Login.Error", mm_t(r, message_key));
	fill_policy_hint(r);
	return mm_render(r, 200, "auth/login.cs");
}

/* 1 when this browser carries a live "don't ask again" mark for the user. */
static int browser_trusted(struct mm_req *r, long long user_id)
{
	const char *tok = mm_cookie(r, "mm_trust");
	if (!tok || !mm_token_wellformed(tok))
		return 0;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	return auth_trust_valid(user_id, hash, r->now) == 1;
}

int auth_login_continue(struct mm_req *r, struct auth_account *a, const struct auth_attempt *at,
			const char *next)
{
	int rc;
	int needs_code = a->mfa != AUTH_MFA_NONE && !browser_trusted(r, a->user.id);
	/* a login without a second factor to pass is complete here; with one,
	 * only this password try is taken back: wrong codes still add up */
	rc = needs_code ? auth_attempt_undo(at, r->now) : auth_attempt_clear(at, r->now);
	if (rc < 0)
		return rc;
	if (rc == 0) {	/* a parallel wrong try locked the user meanwhile */
		mm_event(r, "login.locked", &a->user, NULL);
		return login_refused(r, "auth.login_failed");
	}
	if (a->setup != AUTH_SETUP_DONE ||
	    (a->mfa_required && a->mfa == AUTH_MFA_NONE)) {
		if (a->setup == AUTH_SETUP_DONE && (rc = auth_setup_advance(a->user.id, AUTH_SETUP_MFA)) < 0)
			return rc;
		rc = mm_session_start(r, &a->user, MM_STAGE_SETUP);
		return rc < 0 ? rc : mm_redirect(r, "/auth/first");
	}
	if (needs_code) {
		rc = mm_session_start(r, &a->user, MM_STAGE_MFA);
		if (rc < 0)
			return rc;
		int held = 0;
		if (a->mfa == AUTH_MFA_EMAIL || a->mfa == AUTH_MFA_SMS) {
			rc = auth_mfa_code_send(r, a);
			if (rc < 0)
				return rc;
			held = rc == AUTH_CODE_REFUSED;
		}
		struct mm_buf loc = { 0 };
		mm_buf_puts(&loc, "/auth/mfa");
		if (held)
			mm_buf_puts(&loc, "?held=1");
		if (next && strcmp(next, "/") != 0) {
			mm_buf_puts(&loc, held ? "&next=" : "?next=");
			mm_url_encode(&loc, next);
		}
		mm_redirect(r, mm_buf_str(&loc));
		mm_buf_free(&loc);
		return 0;
	}
	if ((rc = mm_session_start(r, &a->user, MM_STAGE_FULL)) < 0 ||
	    (rc = auth_stepup_mark(r)) < 0)
		return rc;
	mm_event(r, "login.ok", &a->user, NULL);
	return mm_redirect(r, next ? next : "/");
}

/* A user ID that names no user: the same claim, check and settle as a
 * wrong password of a known one (AUTH-2: the work, the lock after
 * Auth.MaxFailures and the answer do not tell whether the ID exists). */
static int unknown_login_refused(struct mm_req *r, const char *login_id, const char *password,
				 const struct mm_argon2_params *ap)
{
	struct auth_attempt at;
	char key[41], marker[41];
	int rc = auth_unknown_key(login_id, key);
	if (rc < 0 || (rc = auth_unknown_attempt_claim(&at, key, r->now)) < 0)
		return rc;
	mm_pw_dummy_verify(ap, password);
	auth_unknown_login(login_id, marker);
	if (rc == 0) {
		mm_event(r, "login.locked", NULL, marker);
		return login_refused(r, "auth.login_failed");
	}
	int locked = 0;
	if ((rc = auth_attempt_failed(&at, r->now, &locked)) < 0)
		return rc;
	mm_event(r, "login.failed", NULL, marker);
	if (locked)
		mm_event(r, "login.lockout", NULL, marker);
	return login_refused(r, "auth.login_failed");
}

int auth_login_submit(struct mm_req *r)
{
	const char *login_id = mm_param(r, "user_id");
	const char *password = mm_param(r, "password");
	/* a bad next is only ignored (next_or_home); it must not block the login */
	const char *id_err = mm_param_error(r, "user_id"), *pw_err = mm_param_error(r, "password");
	if ((id_err && strcmp(id_err, "err.required") == 0) ||
	    (pw_err && strcmp(pw_err, "err.required") == 0))
		return login_refused(r, "auth.login_missing");
	/* typed, but longer than any user ID or password can be: no such user */
	if (id_err || pw_err)
		return login_refused(r, "auth.login_failed");
	struct auth_account a;
	struct auth_attempt at;
	struct mm_argon2_params ap = mm_cfg_argon2();
	int rc = auth_account_by_login(login_id, &a);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return unknown_login_refused(r, login_id, password, &ap);
	if (!a.disabled && (rc = auth_attempt_claim(&at, a.user.id, r->now)) < 0)
		return rc;
	if (a.disabled || rc == 0) {
		mm_pw_dummy_verify(&ap, password);
		mm_event(r, a.disabled ? "login.disabled" : "login.locked", &a.user, NULL);
		return login_refused(r, "auth.login_failed");
	}
	int ok = mm_pw_verify(a.password_hash, password);
	if (ok != 1) {
		int locked = 0;
		rc = auth_attempt_failed(&at, r->now, &locked);
		if (rc < 0)
			return rc;
		mm_event(r, "login.failed", &a.user, NULL);
		if (locked) {
			mm_event(r, "login.lockout", &a.user, NULL);
			auth_lockout_notice(r, &a, 0);
		}
		return login_refused(r, "auth.login_failed");
	}
	/* the right password for an expired temporary one: the reissue path */
	if (a.setup == AUTH_SETUP_PASSWORD && a.temp_password_expires &&
	    a.temp_password_expires <= r->now) {
		if ((rc = auth_attempt_undo(&at, r->now)) < 0)
			return rc;
		mm_event(r, "login.temp_expired", &a.user, NULL);
		return login_refused(r, "auth.temp_expired");
	}
	/* the failure count is not reset yet: wrong second-factor codes after
	 * a right password must keep adding up (auth_login_continue) */
	if (mm_pw_needs_rehash(&ap, a.password_hash)) {
		char phc[MM_PHC_MAX];
		if (mm_pw_hash(&ap, password, phc) == 0)
			auth_password_hash_update(a.user.id, phc);
	}
	return auth_login_continue(r, &a, &at, next_or_home(r));
}
