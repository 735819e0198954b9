/* An analyst opens a case for a tenant (CASE-8): the monthly report
 * delivery, an alarm, a credit overrun — any category, provider-only ones
 * included — with files. The customer contact named (or else the tenant's
 * admins) is told by mail. */
#include "cases.h"
#include "cases_attach.h"
#include "mm_once.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mm_input cases_staff_new_inputs[] = {
	{ "tenant", cases_v_customer_no, MM_IN_REQUIRED, 0, 10 },
	{ "contact", mm_v_login_id, 0, 0, 40 },
	{ "category", cases_v_int, MM_IN_REQUIRED, 0, 18 },
	{ "subject", cases_v_line, MM_IN_REQUIRED, 1, CASES_SUBJECT_MAX },
	{ "description", cases_v_text, MM_IN_REQUIRED, 1, CASES_TEXT_MAX },
	MM_ONCE_INPUT,
	MM_INPUT_END
};

const struct mm_input cases_staff_new_preset_inputs[] = {
	{ "tenant", cases_v_customer_no, 0, 0, 10 },
	{ "category", cases_v_int, 0, 0, 18 },
	MM_INPUT_END
};

static int form(struct mm_req *r, int status, const char *msg_key)
{
	msg_key = cases_attach_form_error(r, msg_key);
	if (msg_key)
		mm_set(r, "Message.Error", mm_t(r, msg_key));
	int rc = cases_fill_categories(r, 0);
	if (rc == 0)
		rc = mm_once_fill(r);
	return rc < 0 ? rc : mm_render(r, status, "staff/cases/new.cs");
}

int cases_staff_new_form(struct mm_req *r)
{
	return form(r, 200, NULL);
}

/* The category, tenant and contact named by the form: 0 found, else the field in
 * error (*field) and 400 (a disabled contact: *contact -1); < 0 error. */
static int resolve(struct mm_req *r, long long *tenant, long long *contact, const char **field)
{
	int rc = cases_category_ok(strtoll(mm_param(r, "category"), NULL, 10), 0);
	if (rc <= 0) {
		*field = "category";
		return rc < 0 ? rc : 400;
	}
	rc = cases_db_tenant_by_no(mm_param(r, "tenant"), tenant);
	if (rc <= 0) {
		*field = "tenant";
		return rc < 0 ? rc : 400;
	}
	*contact = 0;
	if (!mm_param(r, "contact"))
		return 0;
	rc = cases_db_tenant_user(*tenant, mm_param(r, "contact"), contact);
	if (rc <= 0 || *contact < 0) {
		*field = "contact";	/* *contact -1: the user is disabled */
		return rc < 0 ? rc : 400;
	}
	return 0;
}

int cases_staff_new_submit(struct mm_req *r)
{
	if (r->invalid)
		return form(r, 400, "cases.err.invalid");
	long long tenant = 0, contact = 0;
	const char *field = NULL;
	int rc = resolve(r, &tenant, &contact, &field);
	if (rc < 0)
		return rc;
	if (rc) {
		char path[32], key[32];
		snprintf(path, sizeof path, "Errors.%s", field);
		snprintf(key, sizeof key, "cases.err.%s%s", field, contact < 0 ? "_disabled" : "");
		mm_set(r, path, mm_t(r, key));
		return form(r, 400, "cases.err.invalid");
	}
	struct case_new n = {
		.tenant_id = tenant, .category_id = strtoll(mm_param(r, "category"), NULL, 10),
		.contact_user_id = contact, .opened_by = r->user.id,
		.subject = mm_param(r, "subject"), .description = mm_param(r, "description"),
		.now = r->now };
	const char *msg_key = NULL;
	rc = cases_open(r, &n, 1, &msg_key);
	if (rc > 0)
		return form(r, rc, msg_key);
	if (rc < 0)
		return rc;
	char next[64];
	snprintf(next, sizeof next, "/staff/cases/%s?done=created", n.case_no);
	return mm_redirect(r, next);
}
