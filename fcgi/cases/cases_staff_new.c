/* An analyst opens a case for a tenant (CASE-8): first the customer number,
 * then the tenant's contact, any category (also the provider-only ones
 * such as 月次レポート送付), subject and description. The form works in two
 * plain steps, without JavaScript; the contact is mailed. */
#include "cases_staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "N" + 9 digits, as tenants are numbered. */
static const char *v_customer_no(const struct mm_input *in, const char *v)
{
	if (v[0] != 'N' || strlen(v) != 10)
		return "cases_staff.err.customer_no";
	for (int i = 1; i < 10; i++)
		if (v[i] < '0' || v[i] > '9')
			return "cases_staff.err.customer_no";
	return NULL;
}

const struct mm_input cases_staff_new_form_inputs[] = {
	{ "tenant", v_customer_no, 0, 0, 10 },
	MM_INPUT_END
};

const struct mm_input cases_staff_new_inputs[] = {
	{ "tenant", v_customer_no, MM_IN_REQUIRED, 0, 10 },
	{ "contact", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "category", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "subject", mm_v_line, MM_IN_REQUIRED, 1, CASES_SUBJECT_MAX },
	{ "description", cases_v_text, MM_IN_REQUIRED, 1, CASES_TEXT_MAX },
	MM_INPUT_END
};

struct tenant_pick {
	long long id;
	char name[201 * 4];
	int ncontacts;
	struct staff_person *contacts;
};

/* The tenant numbered by the "tenant" input and its contacts: 1 found, 0
 * not, < 0 error. */
static int pick_tenant(struct mm_req *r, struct tenant_pick *t)
{
	const char *no = mm_param(r, "tenant");
	if (!no || !*no)
		return 0;
	int rc = cases_staff_db_tenant(no, &t->id, t->name);
	if (rc <= 0)
		return rc;
	t->contacts = calloc(CASES_STAFF_MAX_CONTACTS, sizeof *t->contacts);
	if (!t->contacts)
		return MM_DB_ERR;
	t->ncontacts = cases_staff_db_contacts(t->id, t->contacts, CASES_STAFF_MAX_CONTACTS);
	return t->ncontacts < 0 ? t->ncontacts : 1;
}

static void fill_tenant(struct mm_req *r, const struct tenant_pick *t)
{
	char p[40];
	mm_set(r, "Tenant.No", mm_param(r, "tenant"));
	mm_set(r, "Tenant.Name", t->name);
	for (int i = 0; i < t->ncontacts; i++) {
		snprintf(p, sizeof p, "Contacts.%d.Id", i);
		mm_set_int(r, p, t->contacts[i].id);
		snprintf(p, sizeof p, "Contacts.%d.Name", i);
		mm_set(r, p, t->contacts[i].name);
	}
}

static int render_form(struct mm_req *r, int status, const char *error_key)
{
	struct tenant_pick t = { 0 };
	int found = mm_param(r, "tenant") ? pick_tenant(r, &t) : 0;
	if (found > 0)
		fill_tenant(r, &t);
	free(t.contacts);
	if (found < 0)
		return found;
	if (found == 0 && mm_param(r, "tenant") && !error_key) {
		status = 400;
		error_key = "cases_staff.err.tenant";
	}
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	int rc = cases_fill_categories(r, 0);
	return rc < 0 ? rc : mm_render(r, status, "staff/cases/new.cs");
}

int cases_staff_new_form(struct mm_req *r)
{
	return render_form(r, r->invalid ? 400 : 200, r->invalid ? "cases.err.invalid" : NULL);
}

/* 1 when the category exists and is not retired, 0 not, < 0 error. */
static int category_open(long long id)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES), found = 0;
	for (int i = 0; i < n; i++)
		if (k[i].id == id && !k[i].retired)
			found = 1;
	free(k);
	return n < 0 ? n : found;
}

/* 1 when user is an active customer user of the tenant, else 0. */
static int contact_of(const struct tenant_pick *t, long long user_id)
{
	for (int i = 0; i < t->ncontacts; i++)
		if (t->contacts[i].id == user_id)
			return 1;
	return 0;
}

struct staff_new_tx {
	struct mm_req *r;
	struct case_new n;
};

static int staff_new_tx(void *ctx)
{
	struct staff_new_tx *t = ctx;
	int rc = cases_db_create(&t->n);
	if (rc < 0)
		return rc;
	struct case_scope s = { t->n.tenant_id, 0 };
	struct case_row c;
	if ((rc = cases_db_get(&s, t->n.case_no, &c, NULL)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	mm_set(t->r, "Mail.Status", case_status_name(CASE_NEW));
	return cases_notify_customer(t->r, &c, "opened", t->n.description, 1);
}

/* Which input is wrong, checked against the database: NULL when none. */
static const char *check_refs(struct mm_req *r, const struct tenant_pick *t, int found,
			      int *rc)
{
	*rc = 0;
	if (!found)
		return "tenant";
	if (!contact_of(t, strtoll(mm_param(r, "contact"), NULL, 10)))
		return "contact";
	*rc = category_open(strtoll(mm_param(r, "category"), NULL, 10));
	return *rc == 0 ? "category" : NULL;
}

int cases_staff_new_submit(struct mm_req *r)
{
	if (r->invalid)
		return render_form(r, 400, "cases.err.invalid");
	struct tenant_pick t = { 0 };
	int rc = pick_tenant(r, &t);
	const char *wrong = rc < 0 ? NULL : check_refs(r, &t, rc, &rc);
	if (rc < 0 || wrong) {
		free(t.contacts);
		if (rc < 0)
			return rc;
		char path[40];
		snprintf(path, sizeof path, "Errors.%s", wrong);
		mm_set(r, path, mm_t(r, "cases_staff.err.choose"));
		return render_form(r, 400, "cases.err.invalid");
	}
	struct mm_buf description = { 0 };
	cases_text_store(&description, mm_param(r, "description"));
	struct staff_new_tx tx = { r, {
		.tenant_id = t.id, .category_id = strtoll(mm_param(r, "category"), NULL, 10),
		.contact_user_id = strtoll(mm_param(r, "contact"), NULL, 10),
		.opened_by = r->user.id, .subject = mm_param(r, "subject"),
		.description = mm_buf_str(&description), .now = r->now } };
	free(t.contacts);
	rc = description.oom ? MM_DB_ERR : mm_db_transaction(staff_new_tx, &tx);
	mm_buf_free(&description);
	if (rc < 0)
		return rc;
	char next[56];
	snprintf(next, sizeof next, "/staff/cases/%s?done=created", tx.n.case_no);
	return mm_redirect(r, next);
}
