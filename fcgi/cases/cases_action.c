/* What a customer does on a case page (CASE-5): comment, close (after the
 * confirmation page), accept or reject the solution. Each change is made
 * against the version of the case the user saw: of two people acting at
 * once one wins and the other is told the case changed, and a closed case
 * refuses everything with the reason. */
#include "cases.h"
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_one(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

const struct mm_input cases_act_inputs[] = {
	{ "body", cases_v_text, 0, 0, CASES_TEXT_MAX },
	{ "version", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "confirm", v_one, 0, 0, 1 },
	MM_INPUT_END
};

struct act {
	const char *name;	/* the path's tail */
	enum case_action action;
	int needs_body;
	const char *kind;	/* the activity row */
	const char *event;	/* what the provider is told */
};

static const struct act acts[] = {
	{ "comment", CASE_ACT_COMMENT, 1, "comment", "comment" },
	{ "close", CASE_ACT_CLOSE, 0, "status", "closed" },
	{ "accept", CASE_ACT_ACCEPT, 0, "status", "accepted" },
	{ "reject", CASE_ACT_REJECT, 1, "comment", "rejected" },
};

struct act_tx {
	struct mm_req *r;
	const struct act *act;
	struct case_row *c;
	struct case_change ch;
	struct cases_staged *files;	/* a comment's attachments */
};

static int act_tx(void *ctx)
{
	struct act_tx *t = ctx;
	int rc = cases_db_change(&t->ch);
	if (rc == 0 && t->files)
		rc = cases_attach_record(t->files, t->ch.case_id, t->ch.tenant_id,
					 t->ch.activity_id, 0, t->ch.author_id, t->ch.now);
	if (rc != 0)
		return rc;
	return cases_notify_provider(t->r, t->c, t->act->event, t->ch.body);
}

static const char *refusal_key(enum case_refusal why)
{
	return why == CASE_REFUSED_CLOSED ? "cases.err.closed" : "cases.err.state";
}

static int act_on(struct mm_req *r, const struct act *a, struct case_row *c,
		  const char *description)
{
	/* a refused form comes back with what the user typed */
	mm_set(r, "Form.Action", a->name);
	/* every check that needs no file comes first: a refused request
	 * copies nothing into the store */
	if (r->invalid)
		return cases_view_render(r, c, description, 400, "cases.err.invalid", NULL);
	enum case_status to;
	enum case_refusal why = case_transition((enum case_status)c->status, CASE_BY_CUSTOMER,
						a->action, c->status, &to);
	if (why != CASE_OK)
		return cases_view_render(r, c, description, 409, refusal_key(why), NULL);
	if (strtoll(mm_param(r, "version"), NULL, 10) != c->version)
		return cases_view_render(r, c, description, 409, "cases.err.changed", NULL);
	const char *body = mm_param(r, "body");
	if (a->needs_body && cases_blank(body) && r->uploads.n == 0 && !r->upload_refused) {
		mm_set(r, "Errors.body", mm_t(r, "err.required"));
		return cases_view_render(r, c, description, 400, "cases.err.invalid", NULL);
	}
	if (a->action == CASE_ACT_CLOSE && !mm_param(r, "confirm")) {
		cases_fill_case(r, "Case", c);
		return mm_render(r, 200, "cases/close.cs");
	}
	struct mm_buf text = { 0 };
	cases_text_store(&text, a->needs_body && body ? body : "");
	struct cases_staged *files = text.oom ? NULL : calloc(1, sizeof *files);
	const char *msg_key = NULL;
	if (!files) {
		mm_buf_free(&text);
		return MM_DB_ERR;
	}
	/* only the comment location of nginx hands over files */
	int st = cases_attach_stage(r, files, &msg_key);
	if (st) {
		mm_buf_free(&text);
		free(files);
		return cases_view_render(r, c, description, st, msg_key, NULL);
	}
	struct act_tx t = { r, a, c, {
		.case_id = c->id, .tenant_id = c->tenant_id, .version = c->version,
		.author_id = r->user.id, .status_from = c->status, .status_to = to,
		.assignee_id = -1, .kind = a->kind, .body = mm_buf_str(&text), .now = r->now },
		files };
	int rc = mm_db_transaction(act_tx, &t);
	mm_buf_free(&text);
	/* the change did not happen (conflicting or failed) */
	if (rc != 0)
		cases_attach_undo(files);
	free(files);
	if (rc == 1 || rc == CASES_FULL)
		return cases_view_render(r, c, description, 409,
					 rc == 1 ? "cases.err.changed" : "cases.err.full", NULL);
	if (rc < 0)
		return rc;
	char next[64];
	snprintf(next, sizeof next, "/cases/%s?done=%s", c->case_no, a->name);
	return mm_redirect(r, next);
}

static int act(struct mm_req *r, struct case_row *c, const char *description, const char *tail)
{
	for (size_t i = 0; i < sizeof acts / sizeof *acts; i++)
		if (strcmp(acts[i].name, tail) == 0)
			return act_on(r, &acts[i], c, description);
	return 404;
}

int cases_act(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	return cases_on_case(r, act);
}
