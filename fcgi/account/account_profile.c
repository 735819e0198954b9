/* /account/profile: every logged-in user's own profile (ACC-1, seed 002
 * §4.13.1-4.13.2): display name, phones, language, time zone; the e-mail
 * address changes through a confirmation.
 *
 * An e-mail change needs a step-up proof (AUTH-12). The new address gets a
 * single-use link (stored as its SHA-256, valid Account.EmailLinkHours),
 * the old one a notice; the address changes only when the link is
 * confirmed. The link's page shows a button and only its POST changes
 * anything: mail scanners fetch links. */
#include "account.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define EMAIL_LINK_HOURS_DEFAULT 24
#define EMAIL_REQUESTS_PER_HOUR 5

static const char *const done_names[] = { "saved", "sent", NULL };

static const char *v_done(const struct mm_input *in, const char *v)
{
	for (const char *const *d = done_names; *d; d++)
		if (strcmp(*d, v) == 0)
			return NULL;
	return "err.format";
}

const struct mm_input account_profile_inputs[] = {
	{ "name", mm_v_line, MM_IN_REQUIRED, 0, 100 },
	{ "phone", account_v_phone, 0, 0, 20 },
	{ "mobile", mm_v_digits, 0, 10, 11 },
	{ "lang", mm_v_lang, MM_IN_REQUIRED, 0, 2 },
	{ "time_zone", account_v_zone, MM_IN_REQUIRED, 0, 64 },
	MM_INPUT_END
};

const struct mm_input account_profile_view_inputs[] = {
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

const struct mm_input account_email_inputs[] = {
	{ "email", mm_v_email, MM_IN_REQUIRED, 0, 254 },
	MM_INPUT_END
};

static int load_self(struct mm_req *r, struct account_user *u)
{
	int rc = account_db_self(r->user.id, u);
	return rc < 0 ? rc : rc == 1 ? 0 : MM_DB_ERR;
}

static int show_profile(struct mm_req *r, int status, const struct account_user *u)
{
	char pending[255];
	int rc = account_db_email_pending(u->id, r->now, pending);
	if (rc < 0)
		return rc;
	if (rc == 1)
		mm_set(r, "Profile.PendingEmail", pending);
	if (account_zones_fill(r) < 0)
		return MM_DB_ERR;
	mm_set(r, "Profile.LoginId", u->login_id);
	mm_set(r, "Profile.Email", u->email);
	mm_set(r, "Profile.Role", u->role);
	mm_set(r, "Profile.Mfa", u->mfa);
	return mm_render(r, status, "account/profile.cs");
}

int account_profile_form(struct mm_req *r)
{
	struct account_user u;
	int rc = load_self(r, &u);
	if (rc < 0)
		return rc;
	mm_set(r, "Query.name", u.display_name);
	mm_set(r, "Query.phone", u.phone);
	mm_set(r, "Query.mobile", u.mobile);
	mm_set(r, "Query.lang", u.lang);
	mm_set(r, "Query.time_zone", u.time_zone[0] ? u.time_zone : MM_TIME_DEFAULT_ZONE);
	const char *done = mm_param(r, "done");
	if (done) {
		char key[48];
		snprintf(key, sizeof key, "profile.done.%s", done);
		mm_set(r, "Notice", mm_t(r, key));
	}
	return show_profile(r, 200, &u);
}

int account_profile_submit(struct mm_req *r)
{
	struct account_user u;
	int rc = load_self(r, &u);
	if (rc < 0)
		return rc;
	const char *mobile = mm_param(r, "mobile") ? mm_param(r, "mobile") : "";
	if (strcmp(u.mfa, "sms") == 0 && !mm_param_error(r, "mobile") &&
	    strcmp(mobile, u.mobile) != 0) {
		mm_set(r, "Errors.mobile", mm_t(r, "account_users.err.mobile_sms"));
		r->invalid++;
	}
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.invalid"));
		return show_profile(r, 400, &u);
	}
	const char *lang = mm_param(r, "lang");
	const char *phone = mm_param(r, "phone") ? mm_param(r, "phone") : "";
	if ((rc = account_db_profile_update(u.id, mm_param(r, "name"), phone, mobile, lang,
					    mm_param(r, "time_zone"))) < 0)
		return rc;
	mm_event(r, "profile.change", &r->user, NULL);
	mm_set_cookie(r, MM_LANG_COOKIE, lang, 365L * 86400);
	return mm_redirect(r, "/account/profile?done=saved");
}

/* --- e-mail change ----------------------------------------------------- */

static long email_link_seconds(void)
{
	long hours = mm_cfg_int("Account.EmailLinkHours", EMAIL_LINK_HOURS_DEFAULT);
	return (hours > 0 ? hours : EMAIL_LINK_HOURS_DEFAULT) * 3600L;
}

static int show_email_form(struct mm_req *r, int status, const struct account_user *u)
{
	mm_set(r, "Profile.Email", u->email);
	mm_set_int(r, "Profile.LinkHours", email_link_seconds() / 3600);
	return mm_render(r, status, "account/email.cs");
}

int account_email_form(struct mm_req *r)
{
	struct account_user u;
	int rc = auth_stepup_require(r, "/account/profile/email");
	if (rc <= 0 || (rc = load_self(r, &u)) < 0)
		return rc;
	return show_email_form(r, 200, &u);
}

struct email_request {
	struct mm_req *r;
	struct account_user u;
	const char *new_email;
	unsigned char hash[32];
	char token[MM_TOKEN_CHARS + 1];
};

static int email_request_tx(void *ctx)
{
	struct email_request *e = ctx;
	struct mm_req *r = e->r;
	int rc = account_db_email_request(e->u.id, e->new_email, e->hash, r->now,
					  r->now + email_link_seconds());
	if (rc < 0)
		return rc;
	mm_set(r, "Mail.DisplayName", e->u.display_name);
	mm_set(r, "Mail.LoginId", e->u.login_id);
	mm_set(r, "Mail.NewEmail", e->new_email);
	mm_set_int(r, "Mail.Hours", email_link_seconds() / 3600);
	mm_setf(r, "Mail.Link", "%s/account/email/%s", mm_cfg_str("Site.BaseURL", ""), e->token);
	rc = mm_mail_queue(r, e->new_email, e->u.lang, "email_confirm");
	mm_set(r, "Mail.Link", "");
	if (rc == 0)
		rc = mm_mail_queue(r, e->u.email, e->u.lang, "email_change_requested");
	if (rc == 0)
		rc = mm_event(r, "email.change_requested", &r->user, NULL);
	return rc;
}

/* 1 when the user may ask for another confirmation mail this hour. */
static int request_allowed(struct mm_req *r)
{
	char bucket[64];
	snprintf(bucket, sizeof bucket, "email_change:user:%lld", r->user.id);
	return mm_rate_limit(bucket, EMAIL_REQUESTS_PER_HOUR, 3600, r->now);
}

int account_email_submit(struct mm_req *r)
{
	struct email_request e;
	memset(&e, 0, sizeof e);
	e.r = r;
	int rc = auth_stepup_require(r, "/account/profile/email");
	if (rc <= 0 || (rc = load_self(r, &e.u)) < 0)
		return rc;
	if (r->invalid)
		return show_email_form(r, 400, &e.u);
	e.new_email = mm_param(r, "email");
	if (strcasecmp(e.new_email, e.u.email) == 0) {
		mm_set(r, "Errors.email", mm_t(r, "profile.err.same_email"));
		return show_email_form(r, 400, &e.u);
	}
	if ((rc = request_allowed(r)) <= 0) {
		if (rc < 0)
			return rc;
		mm_set(r, "Errors.email", mm_t(r, "profile.err.email_limit"));
		return show_email_form(r, 429, &e.u);
	}
	if (mm_token_new(e.token) < 0)
		return MM_DB_ERR;
	mm_sha256(e.token, strlen(e.token), e.hash);
	if ((rc = mm_db_transaction(email_request_tx, &e)) != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return mm_redirect(r, "/account/profile?done=sent");
}

/* The request behind the link's token: 1 found, 0 invalid / expired /
 * used, < 0 error. */
static int link_request(struct mm_req *r, unsigned char hash[32], long long *user_id,
			char new_email[255])
{
	const char *tok = r->path_args[0];
	if (!mm_token_wellformed(tok))
		return 0;
	mm_sha256(tok, strlen(tok), hash);
	return account_db_email_lookup(hash, r->now, user_id, new_email);
}

static int show_confirm(struct mm_req *r, const char *state, const char *new_email)
{
	r->referrer_policy = "no-referrer";
	mm_set(r, "Confirm.State", state);
	mm_set(r, "Confirm.Token", r->path_args[0]);
	if (new_email)
		mm_set(r, "Confirm.Email", new_email);
	return mm_render(r, strcmp(state, "invalid") == 0 ? 404 : 200, "account/email_confirm.cs");
}

int account_email_confirm_form(struct mm_req *r)
{
	unsigned char hash[32];
	long long user_id = 0;
	char new_email[255];
	int rc = link_request(r, hash, &user_id, new_email);
	if (rc < 0)
		return rc;
	return rc == 1 ? show_confirm(r, "ask", new_email) : show_confirm(r, "invalid", NULL);
}

struct email_confirm {
	struct mm_req *r;
	unsigned char hash[32];
	long long user_id;
	char new_email[255];
};

static int email_confirm_tx(void *ctx)
{
	struct email_confirm *c = ctx;
	struct mm_req *r = c->r;
	struct auth_account a;
	int rc = auth_account_by_id(c->user_id, &a);
	if (rc <= 0)
		return rc < 0 ? rc : 1;
	if ((rc = account_db_email_consume(c->hash, c->user_id, r->now)) <= 0)
		return rc < 0 ? rc : 1;	/* used by a concurrent request */
	if ((rc = account_db_email_set(c->user_id, c->new_email)) < 0 ||
	    (rc = account_db_resets_void(c->user_id, r->now)) < 0)
		return rc;
	mm_set(r, "Mail.DisplayName", a.user.display_name);
	mm_set(r, "Mail.NewEmail", c->new_email);
	mm_set(r, "Mail.By", "");
	if ((rc = mm_mail_queue(r, a.email, a.user.lang, "email_changed")) < 0)
		return rc;
	return mm_event(r, "email.change", &a.user, NULL);
}

int account_email_confirm_submit(struct mm_req *r)
{
	struct email_confirm c;
	memset(&c, 0, sizeof c);
	c.r = r;
	int rc = link_request(r, c.hash, &c.user_id, c.new_email);
	if (rc <= 0)
		return rc < 0 ? rc : show_confirm(r, "invalid", NULL);
	rc = mm_db_transaction(email_confirm_tx, &c);
	if (rc == 1)
		return show_confirm(r, "invalid", NULL);
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return show_confirm(r, "done", c.new_email);
}
