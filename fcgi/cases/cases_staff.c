/* The analyst console's case page (CASE-8): every tenant's case with its
 * internal notes; comment publicly or as an internal note, change the
 * status along CASE-5, assign an analyst. Like the customer's actions each
 * change names the version it was made against. Public changes mail the
 * customer; internal notes mail nobody and never enter the search text. */
#include "cases.h"
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_visibility(const struct mm_input *in, const char *v)
{
	return strcmp(v, "public") == 0 || strcmp(v, "internal") == 0 ? NULL : "err.format";
}

static const char *v_status(const struct mm_input *in, const char *v)
{
	return case_status_parse(v) >= 0 ? NULL : "err.format";
}

static const struct mm_input cases_staff_act_inputs[] = {
	{ "body", cases_v_text, 0, 0, CASES_TEXT_MAX },
	{ "visibility", v_visibility, 0, 0, 8 },
	{ "status", v_status, 0, 0, 20 },
	{ "assignee", cases_v_int, 0, 0, 18 },
	{ "version", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	MM_INPUT_END
};

static void fill_staff_actions(struct mm_req *r, const struct case_row *c)
{
	enum case_status to;
	char p[48];
	int n = 0;
	for (int s = 0; s < CASE_NSTATUS; s++) {
		if (case_transition(c->status, CASE_BY_STAFF, CASE_ACT_SET_STATUS, s, &to) != CASE_OK)
			continue;
		snprintf(p, sizeof p, "Targets.%d", n++);
		mm_set(r, p, case_status_name(s));
	}
	mm_set(r, "Actions.Comment",
	       case_transition(c->status, CASE_BY_STAFF, CASE_ACT_COMMENT, c->status, &to) == CASE_OK ?
	       "1" : "0");
}

#define MAX_ANALYSTS 200

static int fill_analysts(struct mm_req *r, long long current)
{
	struct case_analyst *a = calloc(MAX_ANALYSTS, sizeof *a);
	if (!a)
		return MM_DB_ERR;
	int n = cases_db_analysts(a, MAX_ANALYSTS);
	char p[48];
	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof p, "Analysts.%d.Id", i);
		mm_set_int(r, p, a[i].id);
		snprintf(p, sizeof p, "Analysts.%d.Name", i);
		mm_set(r, p, a[i].name);
		snprintf(p, sizeof p, "Analysts.%d.Current", i);
		mm_set(r, p, a[i].id == current ? "1" : "0");
	}
	free(a);
	return n < 0 ? n : 0;
}

int cases_staff_fill_actions(struct mm_req *r, const struct case_row *c)
{
	fill_staff_actions(r, c);
	mm_set_int(r, "Me.Id", r->user.id);
	mm_set(r, "Me.Assigned", c->assignee_id == r->user.id ? "1" : "0");
	return fill_analysts(r, c->assignee_id);
}

static const char *v_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "comment") == 0 || strcmp(v, "status") == 0 ||
	       strcmp(v, "assign") == 0 || strcmp(v, "created") == 0 ? NULL : "err.format";
}

static const char *v_flag_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

static const struct mm_input cases_staff_view_inputs[] = {
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

static int staff_view(struct mm_req *r, struct case_row *c, const char *description,
		      const char *tail)
{
	if (*tail != '\0')
		return 404;
	const char *done = mm_param(r, "done");
	char key[40];
	snprintf(key, sizeof key, "cases.staff.done.%s", done ? done : "");
	return cases_view_render(r, c, description, 200, NULL, done ? key : NULL);
}

static int cases_staff_view(struct mm_req *r)
{
	return cases_on_case(r, staff_view);
}

struct staff_tx {
	struct mm_req *r;
	const struct case_row *c;	/* as read before the change: never written */
	struct case_change ch;
	const char *event;	/* customer mail: "comment" or "status"; NULL none */
	struct cases_staged *files;	/* a comment's attachments */
};

static int staff_tx(void *ctx)
{
	struct staff_tx *t = ctx;
	int rc = cases_db_change(&t->ch);
	if (rc == 0 && t->files)
		rc = cases_attach_record(t->files, t->ch.case_id, t->ch.tenant_id, t->ch.activity_id,
					 strcmp(t->ch.kind, "note") == 0, t->ch.author_id, t->ch.now);
	if (rc != 0 || !t->event)
		return rc;
	/* the mail names the new status; the case read before the change stays
	 * as it was: a retry that then finds the case changed shows it as saved */
	mm_set(t->r, "Mail.Status", case_status_name(t->ch.status_to));
	return cases_notify_customer(t->r, t->c, t->event, t->ch.body,
				     strcmp(t->event, "status") == 0);
}

/* Fills the change for the action named by tail; 0 ready, else the i18n
 * key of the refusal in *why and the HTTP status returned. */
static int plan(struct mm_req *r, const char *tail, const struct case_row *c,
		struct staff_tx *t, const char **why)
{
	const char *body = mm_param(r, "body");
	enum case_action action;
	enum case_status wanted = c->status;
	t->ch.kind = "comment";
	t->ch.assignee_id = -1;
	if (strcmp(tail, "comment") == 0) {
		action = CASE_ACT_COMMENT;
		if (cases_blank(body) && r->uploads.n == 0 && !r->upload_refused) {
			mm_set(r, "Errors.body", mm_t(r, "err.required"));
			*why = "cases.err.invalid";
			return 400;
		}
		const char *vis = mm_param(r, "visibility");
		int internal = vis && strcmp(vis, "internal") == 0;
		t->ch.kind = internal ? "note" : "comment";
		t->event = internal ? NULL : "comment";
	} else if (strcmp(tail, "status") == 0) {
		action = CASE_ACT_SET_STATUS;
		if (!mm_param(r, "status")) {
			*why = "cases.err.invalid";
			return 400;
		}
		wanted = case_status_parse(mm_param(r, "status"));
		t->ch.kind = body ? "comment" : "status";
		t->event = "status";
	} else if (strcmp(tail, "assign") == 0) {
		action = CASE_ACT_ASSIGN;
		t->ch.kind = "assign";
		t->ch.assignee_id = mm_param(r, "assignee") ? strtoll(mm_param(r, "assignee"), NULL, 10) : 0;
		int rc = t->ch.assignee_id ? cases_db_is_analyst(t->ch.assignee_id) : 1;
		if (rc < 0)
			return rc;
		if (!rc) {
			*why = "cases.err.invalid";
			return 400;
		}
		body = NULL;
	} else {
		return 404;
	}
	enum case_status to;
	enum case_refusal refusal = case_transition(c->status, CASE_BY_STAFF, action, wanted, &to);
	if (refusal != CASE_OK) {
		*why = refusal == CASE_REFUSED_CLOSED ? "cases.err.closed" : "cases.err.state";
		return 409;
	}
	t->ch.status_to = to;
	t->ch.body = body ? body : "";
	return 0;
}

static int staff_act(struct mm_req *r, struct case_row *c, const char *description,
		     const char *tail)
{
	struct mm_buf text = { 0 };
	const char *why = NULL;
	struct cases_staged *files = calloc(1, sizeof *files);
	if (!files)
		return MM_DB_ERR;
	struct staff_tx t = { r, c, {
		.case_id = c->id, .tenant_id = c->tenant_id, .version = c->version,
		.author_id = r->user.id, .status_from = c->status, .now = r->now }, NULL, files };
	/* a refused form comes back with what the analyst typed */
	mm_set(r, "Form.Action", tail);
	/* every check that needs no file comes first: a refused request
	 * copies nothing into the store */
	int rc = r->invalid ? (why = "cases.err.invalid", 400) : plan(r, tail, c, &t, &why);
	if (rc == 0 && strtoll(mm_param(r, "version"), NULL, 10) != c->version) {
		why = "cases.err.changed";
		rc = 409;
	}
	if (rc == 0) {
		cases_text_store(&text, t.ch.body);
		t.ch.body = mm_buf_str(&text);
		rc = text.oom ? MM_DB_ERR : 0;
	}
	/* only the comment location of nginx hands over files */
	if (rc == 0)
		rc = cases_attach_stage(r, files, &why);
	if (rc == 0) {
		rc = mm_db_transaction(staff_tx, &t);
		if (rc != 0)
			cases_attach_undo(files);
		if (rc == 1 || rc == CASES_FULL) {
			why = rc == 1 ? "cases.err.changed" : "cases.err.full";
			rc = 409;
		}
	}
	free(files);
	mm_buf_free(&text);
	if (why)
		return cases_view_render(r, c, description, rc, why, NULL);
	if (rc != 0)
		return rc;
	char next[64];
	snprintf(next, sizeof next, "/staff/cases/%s?done=%s", c->case_no, tail);
	return mm_redirect(r, next);
}

static int cases_staff_act(struct mm_req *r)
{
	return cases_on_case(r, staff_act);
}

static const struct mm_input done_inputs[] = {
	{ "done", v_flag_done, 0, 0, 1 },
	MM_INPUT_END
};

const struct mm_route cases_staff_routes[] = {
	{ "GET", "/staff/cases/", cases_list, MM_STAFF, cases_staff_list_inputs },
	{ "GET", "/staff/cases/new", cases_staff_new_form, MM_STAFF, cases_staff_new_preset_inputs },
	{ "POST", "/staff/cases/new", cases_staff_new_submit, MM_STAFF | MM_UPLOAD | MM_UPLOAD_FORM,
	  cases_staff_new_inputs },
	{ "GET", "/staff/cases/categories", cases_staff_categories, MM_STAFF, done_inputs },
	{ "POST", "/staff/cases/categories", cases_staff_categories_submit, MM_STAFF,
	  cases_staff_categories_inputs },
	{ "GET", "/staff/cases/CS", cases_staff_view, MM_STAFF | MM_PREFIX, cases_staff_view_inputs },
	{ "POST", "/staff/cases/CS", cases_staff_act,
	  MM_STAFF | MM_PREFIX | MM_UPLOAD | MM_UPLOAD_FORM,
	  cases_staff_act_inputs },
};
const size_t cases_staff_nroutes = sizeof cases_staff_routes / sizeof *cases_staff_routes;

const char *const cases_staff_templates[] = {
	"staff/cases/case.cs", "staff/cases/new.cs", "staff/cases/categories.cs", NULL
};
