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

/* 1 when id names a category a customer may choose, 0 not, < 0 error. */
static int selectable(long long id)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES), found = 0;
	for (int i = 0; i < n; i++)
		if (k[i].id == id && k[i].customer_selectable && !k[i].retired)
			found = 1;
	free(k);
	return n < 0 ? n : found;
}

struct new_tx {
	struct mm_req *r;
	struct case_new n;
	struct cases_staged *files;
};

static int new_tx(void *ctx)
{
	struct new_tx *t = ctx;
	int rc = cases_db_create(&t->n);
	if (rc == 0)
		rc = cases_attach_record(t->files, t->n.id, t->n.tenant_id, 0, 0, t->n.opened_by,
					 t->n.now);
	if (rc < 0)
		return rc;
	struct case_scope s = { t->n.tenant_id, 0 };
	struct case_row c;
	if ((rc = cases_db_get(&s, t->n.case_no, &c, NULL)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return cases_notify_provider(t->r, &c, "new", t->n.description);
}

int cases_new_submit(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return 404;	/* the console has its own pages */
	if (r->invalid)
		return form_again(r, 400, "cases.err.invalid");
	long long category = strtoll(mm_param(r, "category"), NULL, 10);
	int rc = selectable(category);
	if (rc < 0)
		return rc;
	if (!rc) {
		mm_set(r, "Errors.category", mm_t(r, "cases.err.category"));
		return form_again(r, 400, "cases.err.invalid");
	}
	struct cases_staged *files = calloc(1, sizeof *files);
	const char *msg_key = NULL;
	if (!files)
		return MM_DB_ERR;
	int st = cases_attach_stage(r, files, &msg_key);
	if (st) {
		free(files);
		return form_again(r, st, msg_key);
	}
	struct mm_buf description = { 0 };
	cases_text_store(&description, mm_param(r, "description"));
	struct new_tx t = { r, {
		.tenant_id = r->user.tenant_id, .category_id = category,
		.contact_user_id = r->user.id, .opened_by = r->user.id,
		.subject = mm_param(r, "subject"), .description = mm_buf_str(&description),
		.now = r->now }, files };
	rc = description.oom ? MM_DB_ERR : mm_db_transaction(new_tx, &t);
	mm_buf_free(&description);
	if (rc < 0)
		cases_attach_discard(files);
	free(files);
	if (rc < 0)
		return rc;
	char next[48];
	snprintf(next, sizeof next, "/cases/%s?done=created", t.n.case_no);
	return mm_redirect(r, next);
}
