/* /auth/reset: password reset (AUTH-9). The answer to a request is the same
 * whether or not the user ID exists, the e-mail matches or the 24-hour pause
 * after a reset holds (only the owner's mailbox learns that); mismatches
 * count per user ID (as the login compares it: letter case and trailing
 * spaces do not make another one) and block further requests for the lock
 * time; each client has a limit of requests per hour, and each mailbox of
 * the mails they cause (the same answer when it holds). The link is
 * single use, short lived, and leads to the login page afterwards, so a
 * reset never skips the second factor. */
#include "auth.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define RESET_LIFETIME (30 * 60)
#define RESET_COOLDOWN (24 * 3600)

static int show_request_form(struct mm_req *r)
{
	r->referrer_policy = "no-referrer";
	auth_set_with_limits(r, "Reset.Warning", "reset.block_warning");
	return mm_render(r, 200, "auth/reset.cs");
}

int auth_reset_form(struct mm_req *r)
{
	return show_request_form(r);
}

static int send_link(struct mm_req *r, const struct auth_account *a)
{
	char tok[MM_TOKEN_CHARS + 1];
	unsigned char hash[32];
	if (mm_token_new(tok) < 0)
		return MM_DB_ERR;
	mm_sha256(tok, strlen(tok), hash);
	int rc = auth_reset_insert(a->user.id, hash, r->now, r->now + RESET_LIFETIME);
	if (rc < 0)
		return rc;
	mm_setf(r, "Mail.Link", "%s/auth/reset/%s", mm_cfg_str("Site.BaseURL", ""), tok);
	mm_set_int(r, "Mail.Minutes", RESET_LIFETIME / 60);
	return auth_notify(r, a, "password_reset");
}

/* 1 when this client may make another request this hour, 0 not, < 0 error. */
static int client_allowed(struct mm_req *r)
{
	char bucket[96], client[64];
	snprintf(bucket, sizeof bucket, "reset:client:%s", mm_rate_client(r->remote_addr, client));
	return mm_rate_limit(bucket, (int)mm_cfg_int("Auth.ResetPerClientPerHour", 50), 3600, r->now);
}

/* 1 when the user's mailbox may get another mail of this page this hour
 * (a link or the note about the pause), 0 not, < 0 error: requests from
 * many addresses must not flood it (AUTH-13). Counted per address, kept as
 * a hash, so users sharing one share the limit. */
static int recipient_allowed(struct mm_req *r, const struct auth_account *a)
{
	return mm_rate_limit_recipient("reset", a->email,
				       (int)mm_cfg_int("Auth.ResetMailsPerAddressPerHour", 3), 3600,
				       r->now);
}

/* What failures count against (AUTH-9): every text that finds the same
 * account counts as one (the login_id column ignores letter case and
 * trailing spaces, so "alice", "ALICE" and "alice " are one user ID), and
 * so does every text that finds none but would be the same ID. The user
 * when found, else a keyed hash of the folded text: what was typed may be
 * anything (a password in the wrong field) and is not stored. */
static int failure_key(const char *typed, const struct auth_account *a, char key[41])
{
	if (a) {
		snprintf(key, 41, "#%lld", a->user.id);
		return 0;
	}
	return auth_unknown_key(typed, key);
}

int auth_reset_submit(struct mm_req *r)
{
	const char *login_id = mm_param(r, "user_id");
	const char *email = mm_param(r, "email");
	if (r->invalid)
		return show_request_form(r);
	int rc = client_allowed(r);
	if (rc <= 0) {
		if (rc < 0)
			return rc;
		mm_set(r, "Reset.Error", mm_t(r, "reset.client_limit"));
		r->referrer_policy = "no-referrer";
		auth_set_with_limits(r, "Reset.Warning", "reset.block_warning");
		return mm_render(r, 429, "auth/reset.cs");
	}
	struct auth_account a;
	rc = auth_account_by_login(login_id, &a);
	if (rc < 0)
		return rc;
	int found = rc == 1;
	char key[41], typed[41];
	auth_unknown_login(login_id, typed);
	if ((rc = failure_key(login_id, found ? &a : NULL, key)) < 0)
		return rc;
	rc = auth_reset_blocked(key, r->now);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		auth_set_with_limits(r, "Reset.Error", "reset.blocked");
		return show_request_form(r);
	}
	int match = found && !a.disabled && strcasecmp(a.email, email) == 0;
	if (match && (rc = auth_reset_matched(key, r->now)) < 0)
		return rc;
	if (match && (rc = recipient_allowed(r, &a)) <= 0) {
		if (rc < 0)
			return rc;
		mm_event(r, "password.reset_limited", &a.user, NULL);
	} else if (!match) {
		if ((rc = auth_reset_failure(key, r->now)) < 0)
			return rc;
		mm_event(r, "password.reset_failed", found ? &a.user : NULL, found ? NULL : typed);
	} else if (a.last_reset && r->now - a.last_reset < RESET_COOLDOWN) {
		if ((rc = auth_notify(r, &a, "reset_cooldown")) < 0)
			return rc;
		mm_event(r, "password.reset_paused", &a.user, NULL);
	} else {
		if ((rc = send_link(r, &a)) < 0)
			return rc;
		mm_event(r, "password.reset_requested", &a.user, NULL);
	}
	mm_set(r, "Reset.Sent", "1");
	return show_request_form(r);
}

/* The user behind the token in the path: 1 found, 0 invalid/expired/used. */
static int link_user(struct mm_req *r, unsigned char hash[32], struct auth_account *a)
{
	const char *tok = r->path_rest;
	if (!mm_token_wellformed(tok))
		return 0;
	mm_sha256(tok, strlen(tok), hash);
	long long user_id = 0;
	int rc = auth_reset_lookup(hash, r->now, &user_id);
	if (rc <= 0)
		return rc;
	return auth_account_by_id(user_id, a);
}

/* a NULL a: the link is invalid. A valid one names the user ID whose
 * password it sets: the browser may be logged in as someone else. */
static int show_link_form(struct mm_req *r, const struct auth_account *a)
{
	r->referrer_policy = "no-referrer";
	if (!a) {
		mm_set(r, "Reset.Invalid", mm_t(r, "reset.link_invalid"));
		return mm_render(r, 404, "auth/reset_link.cs");
	}
	mm_set(r, "Reset.Token", r->path_rest);
	mm_set(r, "Reset.LoginId", a->user.login_id);
	auth_policy_fill(r, a);
	return mm_render(r, 200, "auth/reset_link.cs");
}

int auth_reset_link_form(struct mm_req *r)
{
	unsigned char hash[32];
	struct auth_account a;
	int rc = link_user(r, hash, &a);
	if (rc < 0)
		return rc;
	return show_link_form(r, rc == 1 ? &a : NULL);
}

/* The link's one use: consumed, the password set, every session and
 * trusted browser ended and the owner told (a user setting a first password
 * through a welcome link had none to change), in one transaction (retried
 * when it loses a deadlock or a Galera certification conflict). */
enum { RESET_LINK_USED = 1 };
struct reset_tx {
	struct mm_req *r;
	const unsigned char *hash;
	const struct auth_account *a;
	const char *phc;
	time_t now;
};

static int reset_apply(void *ctx)
{
	const struct reset_tx *tx = ctx;
	int rc = auth_reset_consume(tx->hash, tx->now);
	if (rc <= 0)
		return rc < 0 ? rc : RESET_LINK_USED;
	if ((rc = auth_password_set(tx->a->user.id, tx->phc, tx->now)) < 0 ||
	    (rc = auth_reset_done(tx->a->user.id, tx->now)) < 0 ||
	    (rc = mm_session_end_all(tx->a->user.id)) < 0 ||
	    (rc = auth_trust_revoke_all(tx->a->user.id)) < 0)
		return rc;
	if (tx->a->password_hash[0] && (rc = auth_notify(tx->r, tx->a, "password_changed")) < 0)
		return rc;
	return 0;
}

int auth_reset_link_submit(struct mm_req *r)
{
	unsigned char hash[32];
	struct auth_account a;
	int rc = link_user(r, hash, &a);
	if (rc <= 0)
		return rc < 0 ? rc : show_link_form(r, NULL);
	const char *pw = mm_param(r, "password");
	if (!auth_new_password_ok(r, &a, pw, mm_param(r, "password_confirm"), NULL))
		return show_link_form(r, &a);
	struct mm_argon2_params ap = mm_cfg_argon2();
	char phc[MM_PHC_MAX];
	if (mm_pw_hash(&ap, pw, phc) < 0)
		return 500;
	struct reset_tx tx = { r, hash, &a, phc, r->now };
	rc = mm_db_transaction(reset_apply, &tx);
	if (rc == RESET_LINK_USED)	/* used by a concurrent request a moment ago */
		return show_link_form(r, NULL);
	if (rc != 0)
		return rc;
	mm_event(r, "password.reset", &a.user, NULL);
	r->referrer_policy = "no-referrer";
	return mm_redirect(r, "/auth/login?reset=1");
}
