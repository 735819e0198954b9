/* /staff/signup/: the analyst console's application list, the detail page
 * of one application and its decision (approve or reject, SIGNUP-7).
 *
 * Only a 'completed' application can be decided, and the decision is a
 * conditional UPDATE on that status: when two analysts decide at once, one
 * UPDATE changes the row and the other changes nothing and is told so. */
#include "signup_staff_db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 1000
#define STAFF_MAX_ANSWERS 100

static const char *const statuses[] = {
	"completed", "unconfirmed", "approved", "rejected", "expired", "all", NULL
};

static const char *v_status(const struct mm_input *in, const char *v)
{
	for (const char *const *s = statuses; *s; s++)
		if (strcmp(*s, v) == 0)
			return NULL;
	return "err.format";
}

/* A textarea sends CRLF; a line break counts as one character, as the
 * browser counted it and as the LF it is stored as. */
static const char *v_reason(const struct mm_input *in, const char *v)
{
	static const struct mm_input any_length = { "reason", NULL, 0, 0, 0 };
	const char *err = mm_v_text(&any_length, v);
	if (err)
		return err;
	size_t n = mm_utf8_chars(v);
	for (const char *p = strstr(v, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		n--;
	return n > REASON_MAX ? "err.too_long" : NULL;
}

const struct mm_input signup_staff_list_inputs[] = {
	{ "status", v_status, 0, 0, 12 },
	{ "q", mm_v_line, 0, 0, 100 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

const struct mm_input signup_staff_decide_inputs[] = {
	{ "reason", v_reason, 0, 0, 0 },
	{ "confirm", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

static void fill_list(struct mm_req *r, const struct staff_app_row *rows, int n)
{
	char p[48];
	for (int i = 0; i < n; i++) {
		const struct staff_app_row *a = &rows[i];
#define SET(field, v) (snprintf(p, sizeof p, "Apps.%d." field, i), mm_set(r, p, v))
#define SET_INT(field, v) (snprintf(p, sizeof p, "Apps.%d." field, i), mm_set_int(r, p, v))
#define SET_TIME(field, v) (snprintf(p, sizeof p, "Apps.%d." field, i), mm_time_set(r, p, v))
		SET("No", a->app_no);
		SET("Company", a->company);
		SET("Surname", a->surname);
		SET("GivenName", a->given_name);
		SET("Email", a->email);
		SET_INT("Units", a->units);
		SET_INT("Users", a->users);
		SET("Status", a->status);
		SET_TIME("ConfirmedAt", a->confirmed_at);
		SET_TIME("CreatedAt", a->created_at);
		SET_TIME("DecidedAt", a->decided_at);
#undef SET
#undef SET_INT
#undef SET_TIME
	}
}

/* Links that ran out are marked before the console shows any state: the
 * wizard marks them only when someone applies, and an application whose
 * link expired must read 期限切れ (and match that filter) at once. */
static int expire_unconfirmed(struct mm_req *r)
{
	long long n = signup_expire_unconfirmed(r->now);
	return n < 0 ? (int)n : 0;
}

int signup_staff_list(struct mm_req *r)
{
	int rc = expire_unconfirmed(r);
	if (rc < 0)
		return rc;
	const char *status = mm_param(r, "status") ? mm_param(r, "status") : "completed";
	const char *filter = strcmp(status, "all") == 0 ? "" : status;
	const char *q = mm_param(r, "q") ? mm_param(r, "q") : "";
	long long page = mm_param(r, "page") ? strtoll(mm_param(r, "page"), NULL, 10) : 1;
	long long total = 0;
	rc = staff_db_app_count(filter, q, &total);
	if (rc < 0)
		return rc;
	long long pages = total ? (total + STAFF_PAGE_SIZE - 1) / STAFF_PAGE_SIZE : 1;
	if (page < 1)
		page = 1;
	if (page > pages)
		page = pages;
	long long offset = (page - 1) * STAFF_PAGE_SIZE;
	struct staff_app_row *rows = calloc(STAFF_PAGE_SIZE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = staff_db_app_list(filter, q, offset, rows);
	if (n >= 0)
		fill_list(r, rows, n);
	free(rows);
	if (n < 0)
		return n;
	mm_set(r, "List.Status", status);
	mm_set(r, "List.Q", q);
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", total ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + STAFF_PAGE_SIZE < total ? offset + STAFF_PAGE_SIZE : total);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return mm_render(r, 200, "staff/signup/list.cs");
}

/* The application named by rest[0..len): exactly "AAP-" + 8 capital
 * letters or digits (one spelling per application: the column compares
 * case-insensitively); 1 found, 0 no such application, < 0 error. */
static int app_from_path(const char *rest, size_t len, struct signup_application *a)
{
	if (len != 12 || strncmp(rest, "AAP-", 4) != 0)
		return 0;
	char no[13];
	for (size_t i = 0; i < len; i++) {
		char c = rest[i];
		if (i >= 4 && !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
		no[i] = c;
	}
	no[len] = '\0';
	return signup_app_by_no(no, a);
}

static void fill_head(struct mm_req *r, const struct signup_application *a)
{
	mm_set(r, "App.No", a->app_no);
	mm_set(r, "App.Status", a->status);
	mm_set(r, "App.Company", a->company);
	mm_set(r, "App.Surname", a->surname);
	mm_set(r, "App.GivenName", a->given_name);
	mm_set(r, "App.Department", a->department);
	mm_set(r, "App.Position", a->position);
	mm_set(r, "App.Email", a->email);
	mm_set(r, "App.PostalCode", a->postal_code);
	mm_set(r, "App.Prefecture", a->prefecture);
	mm_set(r, "App.Address", a->address);
	mm_set(r, "App.Phone", a->phone);
	mm_set(r, "App.Lang", a->lang);
	mm_set(r, "App.Ip", a->ip);
	mm_time_set(r, "App.CreatedAt", a->created_at);
	mm_time_set(r, "App.ConfirmedAt", a->confirmed_at);
	mm_time_set(r, "App.DecidedAt", a->decided_at);
	mm_set(r, "App.RejectReason", a->reject_reason);
	mm_set(r, "App.Decidable", strcmp(a->status, "completed") == 0 ? "1" : "0");
}

/* Who decided, and the tenant approval created. */
static int fill_outcome(struct mm_req *r, const struct signup_application *a)
{
	char login[41 * 4], name[201 * 4], role[16], no[11];
	int rc;
	if (a->decided_by) {
		if ((rc = staff_db_user_brief(a->decided_by, login, name, role)) < 0)
			return rc;
		mm_set(r, "App.DecidedByLogin", rc ? login : "");
		mm_set(r, "App.DecidedByName", rc ? name : "");
	} else if (a->decided_at) {
		mm_set(r, "App.DecidedByAuto", "1");
	}
	if (a->tenant_id) {
		if ((rc = staff_db_tenant_brief(a->tenant_id, no, name)) < 0)
			return rc;
		mm_set(r, "App.CustomerNo", rc ? no : "");
		mm_set(r, "App.TenantName", rc ? name : "");
	}
	return 0;
}

static int fill_destinations(struct mm_req *r, long long app_id)
{
	struct signup_destination d[SIGNUP_MAX_DESTINATIONS];
	int n = signup_app_destinations(app_id, d, SIGNUP_MAX_DESTINATIONS);
	if (n < 0)
		return n;
	long long units = 0;
	char p[48];
	for (int i = 0; i < n; i++) {
#define SET(field, v) (snprintf(p, sizeof p, "Dests.%d." field, i), mm_set(r, p, v))
		SET("Company", d[i].company);
		SET("Surname", d[i].surname);
		SET("GivenName", d[i].given_name);
		SET("Department", d[i].department);
		SET("PostalCode", d[i].postal_code);
		SET("Prefecture", d[i].prefecture);
		SET("Address", d[i].address);
		SET("Phone", d[i].phone);
#undef SET
		snprintf(p, sizeof p, "Dests.%d.Seq", i);
		mm_set_int(r, p, d[i].seq);
		snprintf(p, sizeof p, "Dests.%d.Units", i);
		mm_set_int(r, p, d[i].units);
		units += d[i].units;
	}
	mm_set_int(r, "App.Units", units);
	return 0;
}

static int fill_answers(struct mm_req *r, long long app_id)
{
	struct signup_answer *a = calloc(STAFF_MAX_ANSWERS, sizeof *a);
	if (!a)
		return MM_DB_ERR;
	int n = signup_app_answers(app_id, a, STAFF_MAX_ANSWERS);
	char p[48];
	for (int i = 0; i < n; i++) {
#define SET(field, v) (snprintf(p, sizeof p, "Answers.%d." field, i), mm_set(r, p, v))
		SET("Kind", a[i].kind);
		SET("LabelJa", a[i].label_ja);
		SET("LabelEn", a[i].label_en);
		SET("Value", a[i].answer);
#undef SET
	}
	free(a);
	return n < 0 ? n : 0;
}

static int fill_users(struct mm_req *r, long long app_id)
{
	struct signup_app_user u[SIGNUP_MAX_USERS];
	int n = signup_app_users(app_id, u, SIGNUP_MAX_USERS);
	if (n < 0)
		return n;
	char p[48], login[41 * 4], name[101 * 4], role[16];
	for (int i = 0; i < n; i++) {
#define SET(field, v) (snprintf(p, sizeof p, "Users.%d." field, i), mm_set(r, p, v))
		SET("Surname", u[i].surname);
		SET("GivenName", u[i].given_name);
		SET("Email", u[i].email);
		SET("Mobile", u[i].mobile);
		/* approval makes the first user the customer admin */
		SET("Role", signup_user_role(i));
		int rc = u[i].user_id ? staff_db_user_brief(u[i].user_id, login, name, role) : 0;
		if (rc < 0)
			return rc;
		if (rc == 1) {
			SET("LoginId", login);
			SET("Role", role);
		}
#undef SET
	}
	return 0;
}

static int show_application(struct mm_req *r, const struct signup_application *a)
{
	int rc;
	fill_head(r, a);
	if ((rc = fill_outcome(r, a)) < 0 || (rc = fill_destinations(r, a->id)) < 0 ||
	    (rc = fill_answers(r, a->id)) < 0 || (rc = fill_users(r, a->id)) < 0)
		return rc;
	return mm_render(r, 200, "staff/signup/application.cs");
}

int signup_staff_application(struct mm_req *r)
{
	struct signup_application a;
	int rc = expire_unconfirmed(r);
	if (rc < 0)
		return rc;
	rc = app_from_path(r->path_rest, strlen(r->path_rest), &a);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return show_application(r, &a);
}

struct rejection {
	struct mm_req *r;
	const struct signup_application *app;
	const char *reason;
};

static int reject_tx(void *ctx)
{
	struct rejection *rj = ctx;
	struct mm_req *r = rj->r;
	int done = staff_db_reject(rj->app->id, r->now, r->user.id, rj->reason);
	if (done <= 0)
		return done < 0 ? done : SIGNUP_NOT_PENDING;
	mm_set(r, "Mail.AppNo", rj->app->app_no);
	mm_set(r, "Mail.Company", rj->app->company);
	mm_setf(r, "Mail.Name", "%s %s", rj->app->surname, rj->app->given_name);
	mm_set(r, "Mail.Reason", rj->reason);
	int rc = mm_mail_queue(r, rj->app->email, rj->app->lang, "signup_rejected");
	if (rc == 0)
		rc = mm_event(r, "signup.reject", &r->user, NULL);
	return rc;
}

/* The reason as stored and mailed: LF line ends, no surrounding blanks. */
static char *reason_clean(const char *v)
{
	char *out = malloc(strlen(v) + 1), *o = out;
	if (!out)
		return NULL;
	for (; *v; v++)
		if (*v != '\r')
			*o++ = *v;
		else if (v[1] != '\n')
			*o++ = '\n';
	*o = '\0';
	mm_trim(out);
	return out;
}

/* POST …/applications/AAP-XXXXXXXX/approve or …/reject. */
int signup_staff_decide(struct mm_req *r)
{
	const char *rest = r->path_rest, *slash = strchr(rest, '/');
	if (!slash)
		return 404;
	int approve = strcmp(slash + 1, "approve") == 0;
	if (!approve && strcmp(slash + 1, "reject") != 0)
		return 404;
	struct signup_application a;
	int rc = app_from_path(rest, (size_t)(slash - rest), &a);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (r->invalid)
		return show_application(r, &a);
	if (approve && !mm_param(r, "confirm")) {
		mm_set(r, "Errors.confirm", mm_t(r, "staff_signup.confirm_required"));
		return show_application(r, &a);
	}
	if (approve) {
		rc = signup_approve(r, a.id, r->user.id);
	} else {
		const char *raw = mm_param(r, "reason");
		char *reason = reason_clean(raw ? raw : "");
		if (!reason)
			return MM_DB_ERR;
		if (!*reason) {
			free(reason);
			mm_set(r, "Errors.reason", mm_t(r, "staff_signup.reason_required"));
			return show_application(r, &a);
		}
		struct rejection rj = { r, &a, reason };
		rc = mm_db_transaction(reject_tx, &rj);
		free(reason);
	}
	if (rc < 0)
		return rc;
	if (rc > 0) {
		mm_set(r, "Decide.Error", mm_t(r, rc == SIGNUP_UNFIT ? "staff_signup.unfit" :
					      "staff_signup.not_pending"));
		/* the page shows the state that refused the decision */
		if ((rc = signup_app_by_id(a.id, &a)) <= 0)
			return rc < 0 ? rc : 404;
		return show_application(r, &a);
	}
	char path[64];
	snprintf(path, sizeof path, "/staff/signup/applications/%s", a.app_no);
	return mm_redirect(r, path);
}
