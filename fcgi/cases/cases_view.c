/* The customer's case page (seed 002 §4.8.1): fields, the message of the
 * status, the activity stream, the comment form and the actions the status
 * allows (CASE-5); and the confirmation page of "close the case". */
#include "cases.h"
#include "cases_attach.h"
#include <stdio.h>
#include <string.h>

/* After a change the page says what was done (post, redirect, get). */
static const char *const done_keys[][2] = {
	{ "created", "cases.done.created" }, { "comment", "cases.done.comment" },
	{ "close", "cases.done.close" }, { "accept", "cases.done.accept" },
	{ "reject", "cases.done.reject" },
};
#define NDONE (sizeof done_keys / sizeof *done_keys)

static const char *done_key(const char *v)
{
	for (size_t i = 0; v && i < NDONE; i++)
		if (strcmp(done_keys[i][0], v) == 0)
			return done_keys[i][1];
	return NULL;
}

static const char *v_done(const struct mm_input *in, const char *v)
{
	return done_key(v) ? NULL : "err.format";
}

const struct mm_input cases_view_inputs[] = {
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

static int allowed(const struct case_row *c, enum case_action a)
{
	enum case_status to;
	return case_transition((enum case_status)c->status, CASE_BY_CUSTOMER, a, c->status, &to) ==
	       CASE_OK;
}

static void fill_actions(struct mm_req *r, const struct case_row *c)
{
	mm_set(r, "Actions.Comment", allowed(c, CASE_ACT_COMMENT) ? "1" : "0");
	mm_set(r, "Actions.Close", allowed(c, CASE_ACT_CLOSE) ? "1" : "0");
	mm_set(r, "Actions.Accept", allowed(c, CASE_ACT_ACCEPT) ? "1" : "0");
	mm_set(r, "Actions.Reject", allowed(c, CASE_ACT_REJECT) ? "1" : "0");
}

int cases_view_render(struct mm_req *r, const struct case_row *c, const char *description,
		      int status, const char *error_key, const char *notice_key)
{
	struct case_scope s;
	int staff = mm_role_is_staff(r->user.role);
	cases_scope_of(r, &s);
	cases_fill_case(r, "Case", c);
	mm_set(r, "Case.Description", description);
	error_key = cases_attach_form_error(r, error_key);
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (notice_key)
		mm_set(r, "Message.Notice", mm_t(r, notice_key));
	int rc = 0;
	if (staff)
		rc = cases_staff_fill_actions(r, c);
	else
		fill_actions(r, c);
	if (rc == 0)
		rc = cases_fill_activity(r, &s, c->id);
	if (rc == 0)
		rc = cases_attach_fill(r, "Attachments", c->id, c->tenant_id, staff, staff);
	if (rc < 0)
		return rc;
	mm_event_after(r, "case.view");
	return mm_render(r, status, staff ? "staff/cases/case.cs" : "cases/case.cs");
}

/* The close confirmation warns that a closed case never reopens. */
static int close_confirm(struct mm_req *r, const struct case_row *c)
{
	if (!allowed(c, CASE_ACT_CLOSE)) {
		char back[32];
		snprintf(back, sizeof back, "/cases/%s", c->case_no);
		return mm_redirect(r, back);
	}
	cases_fill_case(r, "Case", c);
	return mm_render(r, 200, "cases/close.cs");
}

static int view(struct mm_req *r, struct case_row *c, const char *description, const char *tail)
{
	if (*tail == '\0')
		return cases_view_render(r, c, description, 200, NULL, done_key(mm_param(r, "done")));
	return strcmp(tail, "close") == 0 ? close_confirm(r, c) : 404;
}

int cases_view(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	return cases_on_case(r, view);
}
