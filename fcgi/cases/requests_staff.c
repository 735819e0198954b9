/* The analyst console's work requests (CASE-2, CASE-8): the queue of every
 * tenant's pending requests beside the case queue, a request with its
 * values and files, and the decision. Accepting is one transaction: the
 * request is locked and must still be pending, the current period's
 * points are consumed by the conditional UPDATE of sql/008 (nothing else
 * happens when it finds no row), the ledger row and the case of category
 * work_request are written, the files are recorded on the case and the
 * requester is mailed. Of two analysts deciding at once exactly one wins;
 * so does exactly one of two requests that each fit the balance but not
 * together. */
#include "requests.h"
#include "cases.h"
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Refusals a decision's transaction returns (it rolls back). */
enum { DECIDED = 1, NO_BALANCE = 2, NO_PERIOD = 3 };

static const char *v_state(const struct mm_input *in, const char *v)
{
	return strcmp(v, "pending") == 0 || strcmp(v, "accepted") == 0 ||
	       strcmp(v, "rejected") == 0 || strcmp(v, "all") == 0 ? NULL : "err.format";
}

static const char *v_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "accepted") == 0 || strcmp(v, "rejected") == 0 ? NULL : "err.format";
}

const struct mm_input rq_staff_queue_inputs[] = {
	{ "state", v_state, 0, 0, 8 },
	{ "tenant", cases_v_customer_no, 0, 0, 10 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

const struct mm_input rq_staff_view_inputs[] = {
	{ "done", v_done, 0, 0, 8 },
	MM_INPUT_END
};

const struct mm_input rq_staff_reject_inputs[] = {
	{ "reason", cases_v_text, MM_IN_REQUIRED, 1, RQ_REASON_MAX },
	MM_INPUT_END
};

int rq_staff_queue(struct mm_req *r)
{
	const char *state = mm_param(r, "state");
	if (!state)
		state = "pending";
	mm_set(r, "Queue.State", state);
	/* one tenant's requests, by its customer number (none for an unknown one) */
	long long tenant_id = 0;
	const char *tenant = mm_param(r, "tenant");
	int rc = 0;
	if (tenant) {
		rc = cases_db_tenant_by_no(tenant, &tenant_id);
		if (rc == 0)
			tenant_id = -1;
	}
	if (mm_param_error(r, "tenant"))
		tenant_id = -1;	/* Errors.tenant says why */
	if (rc >= 0)
		rc = rq_fill_list(r, tenant_id, strcmp(state, "all") == 0 ? NULL : state, 1);
	return rc < 0 ? rc : mm_render(r, 200, "staff/cases/requests.cs");
}

/* The request page with an optional message; the tenant's balance beside
 * the cost. */
static int view_render(struct mm_req *r, const struct rq_request *q, int status,
		       const char *error_key, const char *notice_key)
{
	long long remaining;
	int rc = rq_fill_request(r, q, "/staff/cases/requests");
	if (rc == 0)
		rc = rq_fill_points(r, q->tenant_id, &remaining);
	if (rc < 0)
		return rc;
	rc = 0;
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (notice_key)
		mm_set(r, "Message.Notice", mm_t(r, notice_key));
	return mm_render(r, status, "staff/cases/request.cs");
}

/* The request the path names (any tenant): 1, 0, < 0. */
static int load(struct mm_req *r, struct rq_request **out)
{
	*out = NULL;
	if (!rq_request_no_ok(r->path_args[0]))
		return 0;
	struct rq_request *q = calloc(1, sizeof *q);
	if (!q)
		return MM_DB_ERR;
	int rc = rq_db_request(r->path_args[0], 0, q);
	if (rc <= 0)
		free(q);
	else
		*out = q;
	return rc;
}

int rq_staff_view(struct mm_req *r)
{
	struct rq_request *q;
	int rc = load(r, &q);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	const char *done = mm_param(r, "done");
	rc = view_render(r, q, 200, NULL, !done ? NULL : strcmp(done, "accepted") == 0 ?
			 "requests.done.accepted" : "requests.done.rejected");
	free(q);
	return rc;
}

struct decide_tx {
	struct mm_req *r;
	struct rq_request *q;
	const char *reason;	/* NULL: accept */
};

struct carry_ctx {
	long long case_id, tenant_id;
	time_t now;
};

/* A request's file becomes the case's: the same stored file, a case row. */
static int carry_file(const struct rq_file *f, void *p)
{
	struct carry_ctx *c = p;
	struct cases_staged_file s = { .size = f->size };
	snprintf(s.store_id, sizeof s.store_id, "%s", f->store_id);
	snprintf(s.file_name, sizeof s.file_name, "%s", f->file_name);
	snprintf(s.content_type, sizeof s.content_type, "%s", f->content_type);
	memcpy(s.sha256, f->sha256, sizeof s.sha256);
	return cases_attach_insert(&s, c->case_id, c->tenant_id, 0, 0, f->uploaded_by, c->now);
}

static int open_case(struct decide_tx *t)
{
	struct mm_req *r = t->r;
	struct rq_request *q = t->q;
	long long category = 0;
	int rc = cases_db_category_by_code("work_request", &category);
	if (rc <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	struct mm_buf description = { 0 };
	if ((rc = rq_render_text(r, q, q->lang, "mail/request_case_text.cs", &description)) < 0) {
		mm_buf_free(&description);
		return rc;
	}
	char subject[(CASES_SUBJECT_MAX + 1) * 4];
	snprintf(subject, sizeof subject, "%s (%s)",
		 strcmp(q->lang, "en") == 0 ? q->item_name_en : q->item_name_ja, q->request_no);
	struct case_new n = {
		.tenant_id = q->tenant_id, .category_id = category,
		.contact_user_id = q->requester_id, .opened_by = r->user.id,
		.subject = subject, .description = mm_buf_str(&description), .now = r->now };
	rc = description.oom ? MM_DB_ERR : cases_db_create(&n);
	mm_buf_free(&description);
	if (rc < 0)
		return rc;
	q->case_id = n.id;
	snprintf(q->case_no, sizeof q->case_no, "%s", n.case_no);
	struct carry_ctx c = { n.id, q->tenant_id, r->now };
	return rq_db_files(q->id, carry_file, &c);
}

static int decide_tx(void *p)
{
	struct decide_tx *t = p;
	struct rq_request *q = t->q;
	struct mm_req *r = t->r;
	char state[10] = "";
	int rc = rq_db_lock_request(q->id, state);
	if (rc <= 0)
		return rc < 0 ? rc : DECIDED;
	if (strcmp(state, "pending") != 0)
		return DECIDED;
	q->case_id = 0;
	q->case_no[0] = '\0';
	if (!t->reason) {
		char today[11];
		struct rq_period period;
		rq_today(r->now, today);
		if ((rc = rq_db_current_period(q->tenant_id, today, &period)) <= 0)
			return rc < 0 ? rc : NO_PERIOD;
		if ((rc = rq_db_consume(period.id, q->cost, r->now)) <= 0)
			return rc < 0 ? rc : NO_BALANCE;
		if ((rc = open_case(t)) < 0)
			return rc;
		rc = rq_db_ledger_consume(q->tenant_id, period.id, q->cost, q->request_no, q->case_id,
					  r->user.id, r->now);
		if (rc < 0)
			return rc;
	}
	const char *to = t->reason ? "rejected" : "accepted";
	rc = rq_db_decide(q->id, to, t->reason, r->user.id, q->case_id, r->now);
	if (rc <= 0)
		return rc < 0 ? rc : DECIDED;
	snprintf(q->state, sizeof q->state, "%s", to);
	if (t->reason)
		mm_copy_str(q->reason, sizeof q->reason, t->reason);
	return rq_notify_requester(r, q, to);
}

static int decide(struct mm_req *r, const char *reason)
{
	struct rq_request *q;
	int rc = load(r, &q);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	const char *why = NULL;
	int status = 409;
	if (r->invalid) {
		why = "requests.err.reason";
		status = 400;
	} else if (strcmp(q->state, "pending") != 0) {
		why = "requests.err.decided";
	} else {
		struct decide_tx t = { r, q, reason };
		rc = mm_db_transaction(decide_tx, &t);
		why = rc == DECIDED ? "requests.err.decided" :
		      rc == NO_BALANCE ? "requests.err.balance" :
		      rc == NO_PERIOD ? "requests.err.no_period_staff" : NULL;
	}
	if (why || rc < 0) {
		/* the page as it stands now, with what refused the decision */
		char no[10];
		snprintf(no, sizeof no, "%s", q->request_no);
		int again = rc < 0 ? rc : rq_db_request(no, 0, q);
		rc = again < 0 ? again : again == 0 ? 404 : view_render(r, q, status, why, NULL);
		free(q);
		return rc;
	}
	mm_log_info("work request %s %s%s%s", q->request_no, reason ? "rejected" : "accepted",
		    reason ? "" : " as ", reason ? "" : q->case_no);
	char next[80];
	snprintf(next, sizeof next, "/staff/cases/requests/%s?done=%s", q->request_no,
		 reason ? "rejected" : "accepted");
	free(q);
	return mm_redirect(r, next);
}

int rq_staff_accept(struct mm_req *r)
{
	return decide(r, NULL);
}

int rq_staff_reject(struct mm_req *r)
{
	struct mm_buf reason = { 0 };
	const char *v = mm_param(r, "reason");
	if (v)
		cases_text_store(&reason, v);
	int rc = reason.oom ? MM_DB_ERR : decide(r, v ? mm_buf_str(&reason) : "");
	mm_buf_free(&reason);
	return rc;
}

int rq_staff_file(struct mm_req *r)
{
	const char *no = r->path_args[0];
	long long id;
	if (!rq_request_no_ok(no) || mm_pubid_decode(MM_PUBID_ATTACHMENT, r->path_args[1], &id) < 0)
		return 404;
	struct rq_file *f = calloc(1, sizeof *f);
	if (!f)
		return MM_DB_ERR;
	int rc = rq_db_file(no, id, 0, f);
	if (rc > 0)
		rc = mm_send_stored_file(r, f->store_id, f->file_name, f->content_type);
	else if (rc == 0)
		rc = 404;
	free(f);
	return rc;
}
