/* New inquiry (CASE-1, seed 002 §4.6): category with its hint, subject,
 * description, attachments. The case gets a random number; the provider is
 * told. Files are staged before the transaction and recorded in it; a
 * refused or failed inquiry leaves none of them behind. */
#include "cases.h"
#include "cases_attach.h"
#include "mm_once.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mm_input cases_new_inputs[] = {
	{ "category", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "subject", cases_v_line, MM_IN_REQUIRED, 1, CASES_SUBJECT_MAX },
	{ "description", cases_v_text, MM_IN_REQUIRED, 1, CASES_TEXT_MAX },
	MM_ONCE_INPUT,
	MM_INPUT_END
};

const struct mm_input cases_new_form_inputs[] = {
	{ "alert", cases_v_int, 0, 0, 18 },
	MM_INPUT_END
};

static void line(struct mm_buf *b, struct mm_req *r, const char *key, const char *v)
{
	mm_buf_printf(b, "%s: %s\n", mm_t(r, key), v);
}

/* What seed 001 §8 asks a customer to write about an alert, filled in. An
 * alert the user cannot see (another tenant's, a missing one) adds nothing. */
static int prefill_alert(struct mm_req *r)
{
	const char *num = mm_param(r, "alert");
	long long id;
	if (!num || !*num || mm_pubid_decode(MM_PUBID_ALERT, num, &id) < 0)
		return 0;
	struct case_alert *a = calloc(1, sizeof *a);
	if (!a)
		return MM_DB_ERR;
	long long category = 0;
	int rc = cases_db_alert(r->user.tenant_id, id, a);
	if (rc > 0)
		rc = cases_db_category_by_code("alert", &category);
	if (rc > 0) {
		static const char *const sev_keys[] = { "alerts.sev.1", "alerts.sev.1", "alerts.sev.2",
							"alerts.sev.3" };
		static const char *const stars[] = { "★☆☆", "★☆☆", "★★☆", "★★★" };
		int sev = a->severity >= 1 && a->severity <= 3 ? a->severity : 1;
		char when[MM_TIME_LEN], buf[128];
		struct mm_buf subject = { 0 }, text = { 0 };
		mm_set_int(r, "Query.category", category);
		mm_buf_printf(&subject, "%s %s (%s)", mm_t(r, "alerts.inquiry.subject"), num,
			      a->category);
		mm_set(r, "Query.subject", mm_buf_str(&subject));
		mm_buf_printf(&text, "%s\n\n", mm_t(r, "alerts.inquiry.intro"));
		line(&text, r, "alerts.col.id", num);
		line(&text, r, "alerts.device_alert_id", a->device_alert_id);
		line(&text, r, "alerts.col.detected", mm_time_local(r, a->detected_at, when));
		line(&text, r, "alerts.mac", a->mac);
		if (a->device_name[0])
			line(&text, r, "alerts.col.device", a->device_name);
		line(&text, r, "alerts.col.category", a->category);
		snprintf(buf, sizeof buf, "%s %s", stars[sev], mm_t(r, sev_keys[sev]));
		line(&text, r, "alerts.col.severity", buf);
		line(&text, r, "alerts.col.source", a->source);
		line(&text, r, "alerts.col.destination", a->destination);
		line(&text, r, "alerts.url", a->url);
		mm_buf_printf(&text, "\n%s\n", mm_t(r, "alerts.inquiry.question"));
		mm_set(r, "Query.description", mm_buf_str(&text));
		mm_buf_free(&subject);
		mm_buf_free(&text);
	}
	free(a);
	return rc < 0 ? rc : 0;
}

int cases_new_form(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	int rc = r->invalid ? 0 : prefill_alert(r);
	if (rc == 0)
		rc = cases_fill_categories(r, 1);
	if (rc == 0)
		rc = mm_once_fill(r);
	return rc < 0 ? rc : mm_render(r, 200, "cases/new.cs");
}

static int form_again(struct mm_req *r, int status, const char *msg_key)
{
	mm_set(r, "Message.Error", mm_t(r, cases_attach_form_error(r, msg_key)));
	int rc = cases_fill_categories(r, 1);
	if (rc == 0)
		rc = mm_once_fill(r);
	return rc < 0 ? rc : mm_render(r, status, "cases/new.cs");
}

struct new_tx {
	struct mm_req *r;
	struct case_new *n;
	struct cases_staged *files;
	int by_staff;
};

static int new_tx(void *ctx)
{
	struct new_tx *t = ctx;
	struct case_new *n = t->n;
	int rc = cases_db_create(n);
	if (rc == 0)
		rc = mm_once_record(t->r, "case", n->case_no);
	if (rc != 0)
		return rc;
	rc = cases_attach_record(t->files, n->id, n->tenant_id, 0, 0, n->opened_by, n->now);
	if (rc < 0)
		return rc;
	struct case_scope s = { .tenant_id = n->tenant_id };
	struct case_row c;
	if ((rc = cases_db_get(&s, n->case_no, &c, NULL)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return t->by_staff ? cases_notify_customer(t->r, &c, "opened", n->description, 1) :
	       cases_notify_provider(t->r, &c, "new", n->description);
}

/* The case an earlier post of the same form opened: 1 and its number in
 * n->case_no, 0 none, < 0 error. */
static int opened_before(struct mm_req *r, struct case_new *n)
{
	char ref[MM_ONCE_REF_MAX + 1];
	int rc = mm_once_find(r, "case", ref);
	if (rc == 1)
		mm_copy_str(n->case_no, sizeof n->case_no, ref);
	return rc;
}

int cases_open(struct mm_req *r, struct case_new *n, int by_staff, const char **msg_key)
{
	/* a repeated post stages no files and opens nothing */
	int rc = opened_before(r, n);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	struct cases_staged *files = calloc(1, sizeof *files);
	if (!files)
		return MM_DB_ERR;
	struct mm_buf description = { 0 };
	cases_text_store(&description, n->description);
	rc = description.oom ? MM_DB_ERR : cases_attach_stage(r, files, msg_key);
	if (rc) {
		mm_buf_free(&description);
		free(files);
		return rc;
	}
	n->description = mm_buf_str(&description);
	struct new_tx t = { r, n, files, by_staff };
	rc = mm_db_transaction(new_tx, &t);
	n->description = NULL;
	mm_buf_free(&description);
	if (rc != 0)
		cases_attach_undo(files);
	free(files);
	if (rc == MM_ONCE_REPEAT)	/* the same form's other post won the race */
		return opened_before(r, n) == 1 ? 0 : MM_DB_ERR;
	return rc;
}

int cases_new_submit(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	if (r->invalid)
		return form_again(r, 400, "cases.err.invalid");
	long long category = strtoll(mm_param(r, "category"), NULL, 10);
	int rc = cases_category_ok(category, 1);
	if (rc < 0)
		return rc;
	if (!rc) {
		mm_set(r, "Errors.category", mm_t(r, "cases.err.category"));
		return form_again(r, 400, "cases.err.invalid");
	}
	struct case_new n = {
		.tenant_id = r->user.tenant_id, .category_id = category,
		.contact_user_id = r->user.id, .opened_by = r->user.id,
		.subject = mm_param(r, "subject"), .description = mm_param(r, "description"),
		.now = r->now };
	const char *msg_key = NULL;
	rc = cases_open(r, &n, 0, &msg_key);
	if (rc > 0)
		return form_again(r, rc, msg_key);
	if (rc < 0)
		return rc;
	char next[48];
	snprintf(next, sizeof next, "/cases/%s?done=created", n.case_no);
	return mm_redirect(r, next);
}
