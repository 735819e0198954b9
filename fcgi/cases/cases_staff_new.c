/* An analyst opens a case for a tenant (CASE-8): first the customer number,
 * then the tenant's contact, any category (also the provider-only ones
 * such as 月次レポート送付), subject, description and files (the monthly
 * report). The form works in two plain steps, without JavaScript; the
 * contact and the tenant's admins are mailed. */
#include "cases_staff.h"
#include "cases_attach.h"
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

/* 1 when user is an active customer user of the tenant, else 0. */
static int contact_of(const struct tenant_pick *t, long long user_id)
{
	for (int i = 0; i < t->ncontacts; i++)
		if (t->contacts[i].id == user_id)
			return 1;
	return 0;
}

static int notify_opened(struct mm_req *r, const struct case_row *c, const char *text)
{
	mm_set(r, "Mail.Status", case_status_name(CASE_NEW));
	return cases_notify_customer(r, c, "opened", text, 1);
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
	*rc = cases_category_open(strtoll(mm_param(r, "category"), NULL, 10), 0);
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
	free(t.contacts);
	const char *msg_key = NULL;
	struct mm_buf description = { 0 };
	cases_text_store(&description, mm_param(r, "description"));
	struct case_new n = {
		.tenant_id = t.id, .category_id = strtoll(mm_param(r, "category"), NULL, 10),
		.contact_user_id = strtoll(mm_param(r, "contact"), NULL, 10),
		.opened_by = r->user.id, .subject = mm_param(r, "subject"),
		.description = mm_buf_str(&description), .now = r->now };
	rc = description.oom ? MM_DB_ERR : cases_create(r, &n, notify_opened, &msg_key);
	mm_buf_free(&description);
	if (rc > 0)
		return render_form(r, rc, msg_key);
	if (rc < 0)
		return rc;
	char next[56];
	snprintf(next, sizeof next, "/staff/cases/%s?done=created", n.case_no);
	return mm_redirect(r, next);
}
