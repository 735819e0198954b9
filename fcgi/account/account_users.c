/* /account/users/: the customer admin's user management (ACC-3, seed 002
 * §5.1, §5.2). The contact list of the tenant, create a user, edit one
 * (user ID included), disable / enable login. Users are never deleted.
 *
 * Only customer admins reach these pages; everyone else gets the refusal
 * page. A user is addressed by its public number (mm_pubid.h, kind user),
 * never by the id shared by all tenants; a number that is not canonical or
 * names a user of another tenant answers exactly like one that does not
 * exist. A tenant always keeps an enabled admin: disabling or demoting the
 * last one is refused, whoever tries it.
 *
 * A new user gets no password: the welcome mail holds a single-use link of
 * the password reset machinery (password_resets), through which the user
 * sets the first one and then logs in. */
#include "account.h"
#include "mm_login_id.h"
#include "mm_once.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The welcome link lives longer than a reset link: the mail may wait
 * over a weekend. "Forgot your password" works for such a user too. */
#define SETUP_LINK_HOURS_DEFAULT 72

/* Refusals of a change, answered with the form and a message. */
enum { USERS_TAKEN = 1, USERS_LAST_ADMIN = 2, USERS_GONE = 3, USERS_MAIL_LIMITED = 4 };

const char *const account_sort_names[ACCOUNT_NSORT] = {
	[ACCOUNT_SORT_NAME] = "name", [ACCOUNT_SORT_LOGIN] = "login",
	[ACCOUNT_SORT_EMAIL] = "email", [ACCOUNT_SORT_ROLE] = "role",
	[ACCOUNT_SORT_MFA] = "mfa", [ACCOUNT_SORT_STATE] = "state",
	[ACCOUNT_SORT_LAST_LOGIN] = "last_login",
};

static const char *v_sort(const struct mm_input *in, const char *v)
{
	return mm_name_index(account_sort_names, ACCOUNT_NSORT, v) >= 0 ? NULL : "err.format";
}

/* What was just done, for the notice on the page it leads to. */
static const char *const done_names[] = { "created", "saved", "disabled", "enabled", "resent", NULL };

static const char *v_done(const struct mm_input *in, const char *v)
{
	for (const char *const *d = done_names; *d; d++)
		if (strcmp(*d, v) == 0)
			return NULL;
	return "err.format";
}

const struct mm_input account_users_list_inputs[] = {
	{ "sort", v_sort, 0, 0, 12 },
	{ "dir", mm_v_dir, 0, 0, 4 },
	{ "page", mm_v_digits, 0, 1, 7 },
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

const struct mm_input account_user_saved_inputs[] = {
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

const struct mm_input account_user_inputs[] = {
	{ "name", mm_v_line, MM_IN_REQUIRED, 0, 100 },
	{ "email", mm_v_email, MM_IN_REQUIRED, 0, 254 },
	{ "login_id", mm_v_login_id, 0, 0, MM_LOGIN_ID_MAX },
	{ "phone", account_v_phone, 0, 0, 20 },
	{ "mobile", mm_v_digits, 0, 10, 11 },
	{ "lang", mm_v_lang, MM_IN_REQUIRED, 0, 2 },
	{ "time_zone", account_v_zone, MM_IN_REQUIRED, 0, 64 },
	{ "admin", mm_v_one, 0, 0, 1 },
	{ "mfa_required", mm_v_one, 0, 0, 1 },
	MM_ONCE_INPUT,		/* the new-user form's (mm_once.h) */
	MM_INPUT_END
};

/* 1 when the request may manage users, else the refusal page was made. */
static int admin_only(struct mm_req *r)
{
	if (r->user.role == MM_ROLE_CUSTOMER_ADMIN && r->user.tenant_id > 0)
		return 1;
	mm_error_page(r, 403, "account_users.err.admin_only");
	return 0;
}

/* The user of the tenant named by the path: 1 found, 0 not (the 404 page
 * is the answer), < 0 error. */
static int target_user(struct mm_req *r, struct account_user *u)
{
	long long id;
	if (mm_pubid_decode(MM_PUBID_USER, r->path_args[0], &id) < 0)
		return 0;
	return account_db_user(r->user.tenant_id, id, u);
}

/* The address of a user's page, by public number, with tail (a query or
 * "") after it. */
static void user_address(char *out, size_t size, long long id, const char *tail)
{
	char num[MM_PUBID_CHARS];
	mm_pubid_encode(MM_PUBID_USER, id, num);
	snprintf(out, size, "/account/users/%s%s", num, tail);
}

const char *account_user_state(const struct account_user *u, time_t now)
{
	if (u->disabled)
		return "disabled";
	if (u->locked_until > now)
		return "locked";
	return u->password_unset ? "unset" : "active";
}

static void fill_user(struct mm_req *r, const char *prefix, const struct account_user *u)
{
	char path[64];
#define SET(field, value) (snprintf(path, sizeof path, "%s." field, prefix), mm_set(r, path, value))
	snprintf(path, sizeof path, "%s.Id", prefix);
	mm_pubid_set(r, path, MM_PUBID_USER, u->id);
	SET("LoginId", u->login_id);
	SET("Email", u->email);
	SET("Name", u->display_name);
	SET("Role", u->role);
	SET("Mfa", u->mfa);
	SET("MfaRequired", u->mfa_required ? "1" : "0");
	SET("State", account_user_state(u, r->now));
	SET("Self", u->id == r->user.id ? "1" : "0");
	snprintf(path, sizeof path, "%s.LastLogin", prefix);
	mm_time_set(r, path, u->last_login);
#undef SET
}

int account_users_list(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	int sort = mm_name_index(account_sort_names, ACCOUNT_NSORT, mm_param(r, "sort"));
	sort = sort < 0 ? ACCOUNT_SORT_NAME : sort;
	const char *dir = mm_param(r, "dir");
	int desc = dir && strcmp(dir, "desc") == 0;
	long long total = 0;
	int rc = account_db_user_count(r->user.tenant_id, &total);
	if (rc < 0)
		return rc;
	struct mm_page pg = mm_page_of(r, total, ACCOUNT_PAGE_SIZE);
	long long page = pg.page, pages = pg.pages, offset = pg.offset;
	struct account_user *rows = calloc(ACCOUNT_PAGE_SIZE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = account_db_user_list(r->user.tenant_id, sort, desc, r->now, offset, rows);
	if (n < 0) {
		free(rows);
		return n;
	}
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Users.%d", i);
		fill_user(r, prefix, &rows[i]);
	}
	free(rows);
	mm_set(r, "List.Sort", account_sort_names[sort]);
	mm_set(r, "List.Dir", desc ? "desc" : "asc");
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", n ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	const char *done = mm_param(r, "done");
	if (done) {
		char key[48];
		snprintf(key, sizeof key, "account_users.done.%s", done);
		mm_set(r, "Notice", mm_t(r, key));
	}
	return mm_render(r, 200, "account/users.cs");
}

/* --- the form (create and edit) ---------------------------------------- */

static int show_form(struct mm_req *r, int status, const struct account_user *u)
{
	if (account_zones_fill(r) < 0)
		return MM_DB_ERR;
	if (u) {
		char action[64];
		fill_user(r, "Target", u);
		user_address(action, sizeof action, u->id, "");
		mm_set(r, "Form.Action", action);
	} else {
		mm_set(r, "Form.New", "1");
		mm_set(r, "Form.Action", "/account/users/new");
		if (mm_once_fill(r) < 0)
			return MM_DB_ERR;
	}
	return mm_render(r, status, "account/user.cs");
}

static void set_query_of(struct mm_req *r, const struct account_user *u)
{
	mm_set(r, "Query.name", u->display_name);
	mm_set(r, "Query.email", u->email);
	mm_set(r, "Query.login_id", u->login_id);
	mm_set(r, "Query.phone", u->phone);
	mm_set(r, "Query.mobile", u->mobile);
	mm_set(r, "Query.lang", u->lang);
	mm_set(r, "Query.time_zone", u->time_zone);
	mm_set(r, "Query.admin", strcmp(u->role, "customer_admin") == 0 ? "1" : "");
	mm_set(r, "Query.mfa_required", u->mfa_required ? "1" : "");
}

static const char *param_or_empty(struct mm_req *r, const char *name)
{
	const char *v = mm_param(r, name);
	return v ? v : "";
}

int account_user_new_form(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	mm_set(r, "Query.lang", r->user.lang[0] ? r->user.lang : "ja");
	mm_set(r, "Query.time_zone", MM_TIME_DEFAULT_ZONE);
	return show_form(r, 200, NULL);
}

/* 1 when login_id belongs to someone (any tenant), 0 free, < 0 error. */
static int login_taken(const char *login_id)
{
	struct auth_account a;
	return auth_account_by_login(login_id, &a);
}

/* The first free user ID suggested for an e-mail, "" when none is. */
static int suggestion(const char *email, char out[MM_LOGIN_ID_MAX + 1])
{
	for (int n = mm_login_id_first(email); n < MM_LOGIN_ID_VARIANTS; n++) {
		mm_login_id_candidate(email, n, out);
		int rc = login_taken(out);
		if (rc <= 0)
			return rc;
	}
	out[0] = '\0';
	return 0;
}

struct create {
	struct mm_req *r;
	struct account_new_user nu;
	int chosen;		/* the admin typed the user ID */
	char login_id[MM_LOGIN_ID_MAX + 1];
	unsigned char hash[32];
	char token[MM_TOKEN_CHARS + 1];
	long long user_id;
};

static long setup_link_seconds(void)
{
	long hours = mm_cfg_int("Account.SetupLinkHours", SETUP_LINK_HOURS_DEFAULT);
	return (hours > 0 ? hours : SETUP_LINK_HOURS_DEFAULT) * 3600L;
}

/* 1 when another welcome mail may go out, 0 not, < 0 error: each POST
 * of the create, resend and address-change forms queues one, so a mailbox
 * gets at most Account.WelcomeMailsPerAddressPerHour (3) of them and a
 * tenant sends at most Account.WelcomeMailsPerTenantPerHour (30). Counted
 * inside the caller's transaction: a refused or undone mail counts for
 * nothing. */
static int welcome_allowed(struct mm_req *r, const char *email)
{
	char bucket[64];
	snprintf(bucket, sizeof bucket, "welcome:tenant:%lld", r->user.tenant_id);
	int rc = mm_rate_limit(bucket, (int)mm_cfg_int("Account.WelcomeMailsPerTenantPerHour", 30),
			       3600, r->now);
	if (rc <= 0)
		return rc;
	return mm_rate_limit_recipient("welcome", email,
				       (int)mm_cfg_int("Account.WelcomeMailsPerAddressPerHour", 3),
				       3600, r->now);
}

/* The welcome mail (seed 002 §5.2): portal, user ID, the link that sets
 * the first password, and the reset page for when it has expired.
 * USERS_MAIL_LIMITED when over the limits of welcome_allowed. */
static int welcome_mail(struct mm_req *r, const struct mm_user *u, const char *email,
			const char *token)
{
	int rc = welcome_allowed(r, email);
	if (rc <= 0)
		return rc < 0 ? rc : USERS_MAIL_LIMITED;
	mm_set(r, "Mail.DisplayName", u->display_name);
	mm_set(r, "Mail.LoginId", u->login_id);
	mm_set(r, "Mail.Tenant", r->user.tenant_name);
	mm_set(r, "Mail.AdminName", r->user.display_name);
	mm_setf(r, "Mail.Link", "%s/auth/reset/%s", mm_cfg_str("Site.BaseURL", ""), token);
	mm_set_int(r, "Mail.Hours", setup_link_seconds() / 3600);
	rc = mm_mail_queue(r, email, u->lang, "user_welcome");
	mm_set(r, "Mail.Link", "");
	return rc;
}

static void user_of(const struct create *c, struct mm_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = c->user_id;
	u->tenant_id = c->nu.tenant_id;
	u->role = mm_role_parse(c->nu.role);
	mm_copy_str(u->login_id, sizeof u->login_id, c->nu.login_id);
	mm_copy_str(u->display_name, sizeof u->display_name, c->nu.display_name);
	mm_copy_str(u->lang, sizeof u->lang, c->nu.lang);
	mm_copy_str(u->time_zone, sizeof u->time_zone, c->nu.time_zone);
}

/* An admin's change to a user: recorded under the user (their history
 * shows what happened to them) and, when the admin changed someone else,
 * once more under the admin as actor_event with the admin's own login ID,
 * IP address and browser, so the tenant sees who did it. Both rows go into
 * the tenant's hash chain in the caller's transaction, one after the
 * other (consecutive numbers, the same time). */
static int admin_event(struct mm_req *r, const char *event, const char *actor_event,
		       const struct mm_user *target)
{
	int rc = mm_event(r, event, target, NULL);
	if (rc < 0 || target->id == r->user.id)
		return rc;
	return mm_event(r, actor_event, &r->user, NULL);
}

static int create_tx(void *ctx)
{
	struct create *c = ctx;
	struct mm_req *r = c->r;
	long long id = MM_DB_DUP;
	if (c->chosen) {
		mm_copy_str(c->login_id, sizeof c->login_id, mm_param(r, "login_id"));
		c->nu.login_id = c->login_id;
		id = account_db_user_insert(&c->nu, r->now);
		if (id == MM_DB_DUP)
			return USERS_TAKEN;
	} else {
		for (int n = mm_login_id_first(c->nu.email);
		     id == MM_DB_DUP && n < MM_LOGIN_ID_VARIANTS; n++) {
			mm_login_id_candidate(c->nu.email, n, c->login_id);
			c->nu.login_id = c->login_id;
			id = account_db_user_insert(&c->nu, r->now);
		}
		if (id == MM_DB_DUP)
			return USERS_TAKEN;
	}
	if (id < 0)
		return (int)id;
	c->user_id = id;
	struct mm_user u;
	user_of(c, &u);
	int rc = auth_reset_insert(id, c->hash, r->now, r->now + setup_link_seconds());
	if (rc == 0)
		rc = welcome_mail(r, &u, c->nu.email, c->token);
	if (rc == 0)
		rc = admin_event(r, "user.create", "admin.user_create", &u);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", id);
	return rc ? rc : mm_once_record(r, "user", ref);
}

static int refused_taken(struct mm_req *r, const char *email, int status,
			 const struct account_user *u)
{
	char suggested[MM_LOGIN_ID_MAX + 1];
	int rc = suggestion(email, suggested);
	if (rc < 0)
		return rc;
	mm_set(r, "Errors.login_id", mm_t(r, "account_users.err.login_taken"));
	if (*suggested)
		mm_set(r, "Form.Suggestion", suggested);
	return show_form(r, status, u);
}

/* user_id: the id the form's first post recorded (mm_once keeps the
 * database id; the address shows its public number) */
static int created(struct mm_req *r, const char *user_id)
{
	char loc[64];
	user_address(loc, sizeof loc, strtoll(user_id, NULL, 10), "?done=created");
	return mm_redirect(r, loc);
}

int account_user_new_submit(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.invalid"));
		return show_form(r, 400, NULL);
	}
	/* the same form posted again: the user its first post created */
	char made[MM_ONCE_REF_MAX + 1];
	int rc = mm_once_find(r, "user", made);
	if (rc != 0)
		return rc < 0 ? rc : created(r, made);
	struct create c;
	memset(&c, 0, sizeof c);
	c.r = r;
	c.nu = (struct account_new_user){
		.tenant_id = r->user.tenant_id, .email = mm_param(r, "email"),
		.display_name = mm_param(r, "name"),
		.role = mm_param(r, "admin") ? "customer_admin" : "customer_user",
		.lang = mm_param(r, "lang"), .time_zone = mm_param(r, "time_zone"),
		.phone = param_or_empty(r, "phone"), .mobile = param_or_empty(r, "mobile"),
		/* "MFA required" at creation: codes by e-mail from the first
		 * login on, no set-up needed (seed 002 §5.1.5) */
		.mfa = mm_param(r, "mfa_required") ? "email" : "none",
		.mfa_required = mm_param(r, "mfa_required") != NULL,
	};
	c.chosen = mm_param(r, "login_id") != NULL;
	if (mm_token_new(c.token) < 0)
		return MM_DB_ERR;
	mm_sha256(c.token, strlen(c.token), c.hash);
	rc = mm_db_transaction(create_tx, &c);
	if (rc == MM_ONCE_REPEAT)	/* the same form's other post won the race */
		rc = mm_once_find(r, "user", made) == 1 ? 0 : MM_DB_ERR;
	else if (rc == 0)
		snprintf(made, sizeof made, "%lld", c.user_id);
	if (rc == USERS_TAKEN)
		return refused_taken(r, c.nu.email, 409, NULL);
	if (rc == USERS_MAIL_LIMITED) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.welcome_limited"));
		return show_form(r, 429, NULL);
	}
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return created(r, made);
}

/* --- edit ---------------------------------------------------------------- */

int account_user_form(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	struct account_user u;
	int rc = target_user(r, &u);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	set_query_of(r, &u);
	const char *done = mm_param(r, "done");
	if (done) {
		char key[48];
		snprintf(key, sizeof key, "account_users.done.%s", done);
		mm_set(r, "Notice", mm_t(r, key));
	}
	return show_form(r, 200, &u);
}

struct edit {
	struct mm_req *r;
	struct account_user before, after;
	/* a new welcome link when the address of a user without a password
	 * changes (the old link went to the old address) */
	int welcome;
	unsigned char hash[32];
	char token[MM_TOKEN_CHARS + 1];
};

static void event_user(const struct account_user *a, struct mm_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = a->id;
	u->tenant_id = a->tenant_id;
	u->role = mm_role_parse(a->role);
	mm_copy_str(u->login_id, sizeof u->login_id, a->login_id);
	mm_copy_str(u->display_name, sizeof u->display_name, a->display_name);
	mm_copy_str(u->lang, sizeof u->lang, a->lang);
	mm_copy_str(u->time_zone, sizeof u->time_zone, a->time_zone);
}

static int is_enabled_admin(const struct account_user *u)
{
	return strcmp(u->role, "customer_admin") == 0 && !u->disabled;
}

/* The last-admin rule: taking the admin rights or the login from an
 * enabled admin needs another enabled admin in the tenant. */
static int keeps_an_admin(const struct account_user *u)
{
	long long others = 0;
	int rc = account_db_other_admins(u->tenant_id, u->id, &others);
	return rc < 0 ? rc : others > 0;
}

static int profile_changed(const struct account_user *a, const struct account_user *b)
{
	return strcmp(a->display_name, b->display_name) || strcmp(a->email, b->email) ||
	       strcmp(a->phone, b->phone) || strcmp(a->mobile, b->mobile) ||
	       strcmp(a->lang, b->lang) || strcmp(a->time_zone, b->time_zone) ||
	       a->mfa_required != b->mfa_required;
}

/* The user logs in with the ID: the old one stops working at once, so the
 * user learns the new one from the change itself. */
static int userid_changed_mail(struct mm_req *r, const struct account_user *u)
{
	mm_set(r, "Mail.DisplayName", u->display_name);
	mm_set(r, "Mail.LoginId", u->login_id);
	mm_set(r, "Mail.By", r->user.display_name);
	mm_mail_when(r, u->time_zone, r->now);
	return mm_mail_queue(r, u->email, u->lang, "userid_changed");
}

static int edit_tx(void *ctx)
{
	struct edit *e = ctx;
	struct mm_req *r = e->r;
	int demoted = is_enabled_admin(&e->before) && strcmp(e->after.role, "customer_admin") != 0;
	int rc;
	if (demoted && (rc = keeps_an_admin(&e->before)) <= 0)
		return rc < 0 ? rc : USERS_LAST_ADMIN;
	rc = account_db_user_update(&e->after);
	if (rc == MM_DB_DUP)
		return USERS_TAKEN;
	if (rc <= 0)
		return rc < 0 ? rc : USERS_GONE;
	struct mm_user u;
	event_user(&e->after, &u);
	int role_changed = strcmp(e->before.role, e->after.role) != 0;
	if (strcmp(e->before.login_id, e->after.login_id) != 0 &&
	    ((rc = admin_event(r, "userid.change", "admin.userid_change", &u)) < 0 ||
	     (rc = userid_changed_mail(r, &e->after)) < 0))
		return rc;
	if (role_changed) {
		/* the user's sessions carry the old rights: they end (a new
		 * token for the admin's own, after the commit) */
		if ((rc = admin_event(r, "user.role_change", "admin.user_role_change", &u)) < 0 ||
		    (e->after.id != r->user.id && (rc = mm_session_end_all(e->after.id)) < 0))
			return rc;
	}
	if (!e->before.mfa_required && e->after.mfa_required && strcmp(e->before.mfa, "none") == 0 &&
	    e->after.id != r->user.id && !role_changed && (rc = mm_session_end_all(e->after.id)) < 0)
		/* a live session got in without a second factor: the next login
		 * asks for the 2-step set-up the admin now requires (AUTH-6) */
		return rc;
	if (profile_changed(&e->before, &e->after) &&
	    (rc = admin_event(r, "user.profile_change", "admin.user_profile_change", &u)) < 0)
		return rc;
	if (strcasecmp(e->before.email, e->after.email) != 0) {
		/* a pending self-service change would undo the admin's, and
		 * links mailed to the old address stop working */
		if ((rc = account_db_email_void(e->after.id, r->now)) < 0 ||
		    (rc = account_db_resets_void(e->after.id, r->now)) < 0)
			return rc;
		if (e->welcome &&
		    ((rc = auth_reset_insert(e->after.id, e->hash, r->now,
					     r->now + setup_link_seconds())) < 0 ||
		     (rc = welcome_mail(r, &u, e->after.email, e->token)) != 0))
			return rc;
		mm_set(r, "Mail.DisplayName", e->after.display_name);
		mm_set(r, "Mail.NewEmail", e->after.email);
		mm_set(r, "Mail.By", r->user.display_name);
		if ((rc = mm_mail_queue(r, e->before.email, e->after.lang, "email_changed")) < 0)
			return rc;
	}
	return 0;
}

int account_user_submit(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	struct edit e;
	memset(&e, 0, sizeof e);
	e.r = r;
	int rc = target_user(r, &e.before);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (!mm_param(r, "login_id") && !mm_param_error(r, "login_id")) {
		mm_set(r, "Errors.login_id", mm_t(r, "err.required"));
		r->invalid++;
	}
	const char *mobile = param_or_empty(r, "mobile");
	/* the SMS number changes only through its own confirmation (step-up
	 * and a code sent to the new number) */
	if (strcmp(e.before.mfa, "sms") == 0 && !mm_param_error(r, "mobile") &&
	    strcmp(mobile, e.before.mobile) != 0) {
		mm_set(r, "Errors.mobile", mm_t(r, "account_users.err.mobile_sms"));
		r->invalid++;
	}
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.invalid"));
		return show_form(r, 400, &e.before);
	}
	e.after = e.before;
	mm_copy_str(e.after.login_id, sizeof e.after.login_id, mm_param(r, "login_id"));
	mm_copy_str(e.after.email, sizeof e.after.email, mm_param(r, "email"));
	mm_copy_str(e.after.display_name, sizeof e.after.display_name, mm_param(r, "name"));
	mm_copy_str(e.after.role, sizeof e.after.role,
		    mm_param(r, "admin") ? "customer_admin" : "customer_user");
	mm_copy_str(e.after.lang, sizeof e.after.lang, mm_param(r, "lang"));
	mm_copy_str(e.after.time_zone, sizeof e.after.time_zone, mm_param(r, "time_zone"));
	mm_copy_str(e.after.phone, sizeof e.after.phone, param_or_empty(r, "phone"));
	mm_copy_str(e.after.mobile, sizeof e.after.mobile, mobile);
	e.after.mfa_required = mm_param(r, "mfa_required") != NULL;
	/* a new address receives the user's password resets: the same fresh
	 * proof as the user's own e-mail change (AUTH-12) */
	if (strcasecmp(e.before.email, e.after.email) != 0) {
		char back[64];
		user_address(back, sizeof back, e.before.id, "");
		if ((rc = auth_stepup_require(r, back)) <= 0)
			return rc;
		if ((e.welcome = e.before.password_unset && !e.before.disabled)) {
			if (mm_token_new(e.token) < 0)
				return MM_DB_ERR;
			mm_sha256(e.token, strlen(e.token), e.hash);
		}
	}
	rc = mm_db_transaction(edit_tx, &e);
	if (rc == USERS_TAKEN)
		return refused_taken(r, e.after.email, 409, &e.before);
	if (rc == USERS_LAST_ADMIN) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.last_admin"));
		return show_form(r, 409, &e.before);
	}
	if (rc == USERS_MAIL_LIMITED) {
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.welcome_limited"));
		return show_form(r, 429, &e.before);
	}
	if (rc == USERS_GONE)
		return 404;
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (e.after.id == r->user.id && strcmp(e.before.role, e.after.role) != 0) {
		/* a privilege change of this very session: a new token */
		r->user.role = mm_role_parse(e.after.role);
		if ((rc = mm_session_start(r, &r->user, MM_STAGE_FULL)) < 0 ||
		    (rc = auth_stepup_mark(r)) < 0)
			return rc;
		if (r->user.role != MM_ROLE_CUSTOMER_ADMIN)
			return mm_redirect(r, "/account/profile?done=saved");
	}
	char loc[64];
	user_address(loc, sizeof loc, e.after.id, "?done=saved");
	return mm_redirect(r, loc);
}

/* --- disable / enable / welcome mail again ------------------------------- */

struct toggle {
	struct mm_req *r;
	struct account_user u;
	int disable;
};

static int toggle_tx(void *ctx)
{
	struct toggle *t = ctx;
	int rc;
	if (t->disable && is_enabled_admin(&t->u) && (rc = keeps_an_admin(&t->u)) <= 0)
		return rc < 0 ? rc : USERS_LAST_ADMIN;
	rc = account_db_user_set_disabled(t->u.tenant_id, t->u.id, t->disable);
	if (rc <= 0)
		return rc < 0 ? rc : USERS_GONE;
	/* a disabled user's sessions end at once, not at their next page,
	 * and no reset link of theirs sets a password meanwhile, nor does a
	 * pending e-mail change take effect (it would receive the resets once
	 * the user is enabled again) */
	if (t->disable && ((rc = mm_session_end_all(t->u.id)) < 0 ||
			   (rc = account_db_resets_void(t->u.id, t->r->now)) < 0 ||
			   (rc = account_db_email_void(t->u.id, t->r->now)) < 0))
		return rc;
	struct mm_user u;
	event_user(&t->u, &u);
	return t->disable ? admin_event(t->r, "user.disable", "admin.user_disable", &u) :
			    admin_event(t->r, "user.enable", "admin.user_enable", &u);
}

static int toggle(struct mm_req *r, int disable)
{
	if (!admin_only(r))
		return 0;
	struct toggle t;
	memset(&t, 0, sizeof t);
	t.r = r;
	t.disable = disable;
	int rc = target_user(r, &t.u);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	rc = mm_db_transaction(toggle_tx, &t);
	if (rc == USERS_LAST_ADMIN) {
		set_query_of(r, &t.u);
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.last_admin"));
		return show_form(r, 409, &t.u);
	}
	if (rc == USERS_GONE)
		return 404;
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (disable && t.u.id == r->user.id)
		return mm_redirect(r, "/auth/login");
	char loc[64];
	user_address(loc, sizeof loc, t.u.id, disable ? "?done=disabled" : "?done=enabled");
	return mm_redirect(r, loc);
}

int account_user_disable(struct mm_req *r)
{
	return toggle(r, 1);
}

int account_user_enable(struct mm_req *r)
{
	return toggle(r, 0);
}

struct resend {
	struct mm_req *r;
	struct account_user u;
	unsigned char hash[32];
	char token[MM_TOKEN_CHARS + 1];
};

static int resend_tx(void *ctx)
{
	struct resend *s = ctx;
	struct mm_req *r = s->r;
	struct mm_user u;
	event_user(&s->u, &u);
	/* the new link is the only one: a mail that went astray or an older
	 * copy in the inbox must not set the password any more */
	int rc = account_db_resets_void(s->u.id, r->now);
	if (rc == 0)
		rc = auth_reset_insert(s->u.id, s->hash, r->now, r->now + setup_link_seconds());
	if (rc == 0)
		rc = welcome_mail(r, &u, s->u.email, s->token);
	if (rc == 0)
		rc = admin_event(r, "user.welcome_resent", "admin.user_welcome_resent", &u);
	return rc;
}

/* The welcome mail again, with a new link, for a user who has not set a
 * password yet (the mail got lost or its link expired). */
int account_user_resend(struct mm_req *r)
{
	if (!admin_only(r))
		return 0;
	struct resend s;
	memset(&s, 0, sizeof s);
	s.r = r;
	int rc = target_user(r, &s.u);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (!s.u.password_unset || s.u.disabled) {
		set_query_of(r, &s.u);
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.no_resend"));
		return show_form(r, 409, &s.u);
	}
	if (mm_token_new(s.token) < 0)
		return MM_DB_ERR;
	mm_sha256(s.token, strlen(s.token), s.hash);
	rc = mm_db_transaction(resend_tx, &s);
	if (rc == USERS_MAIL_LIMITED) {
		set_query_of(r, &s.u);
		mm_set(r, "Message.Error", mm_t(r, "account_users.err.welcome_limited"));
		return show_form(r, 429, &s.u);
	}
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	char loc[64];
	user_address(loc, sizeof loc, s.u.id, "?done=resent");
	return mm_redirect(r, loc);
}
