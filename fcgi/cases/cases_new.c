/* New inquiry (CASE-1, seed 002 §4.6): category with its hint, subject,
 * description, attachments. The case gets a random number; the provider is
 * told. Files are staged before the transaction and recorded in it; a
 * refused or failed inquiry leaves none of them behind. */
#include "cases.h"
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mm_input cases_new_inputs[] = {
	{ "category", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "subject", mm_v_line, MM_IN_REQUIRED, 1, CASES_SUBJECT_MAX },
	{ "description", cases_v_text, MM_IN_REQUIRED, 1, CASES_TEXT_MAX },
	MM_INPUT_END
};

int cases_new_form(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	int rc = cases_fill_categories(r, 1);
	return rc < 0 ? rc : mm_render(r, 200, "cases/new.cs");
}

static int form_again(struct mm_req *r, int status, const char *msg_key)
{
	mm_set(r, "Message.Error", mm_t(r, msg_key));
	int rc = cases_fill_categories(r, 1);
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
		rc = cases_attach_record(t->files, n->id, n->tenant_id, 0, 0, n->opened_by, n->now);
	if (rc < 0)
		return rc;
	struct case_scope s = { n->tenant_id, 0 };
	struct case_row c;
	if ((rc = cases_db_get(&s, n->case_no, &c, NULL)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return t->by_staff ? cases_notify_customer(t->r, &c, "opened", n->description, 1) :
	       cases_notify_provider(t->r, &c, "new", n->description);
}

int cases_open(struct mm_req *r, struct case_new *n, int by_staff, const char **msg_key)
{
	struct cases_staged *files = calloc(1, sizeof *files);
	if (!files)
		return MM_DB_ERR;
	int rc = cases_attach_stage(r, files, msg_key);
	if (rc) {
		free(files);
		return rc;
	}
	struct mm_buf description = { 0 };
	cases_text_store(&description, n->description);
	n->description = mm_buf_str(&description);
	struct new_tx t = { r, n, files, by_staff };
	rc = description.oom ? MM_DB_ERR : mm_db_transaction(new_tx, &t);
	n->description = NULL;
	mm_buf_free(&description);
	if (rc < 0)
		cases_attach_discard(files);
	free(files);
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
