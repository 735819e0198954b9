/* Case mail through the outbox, queued inside the transaction of the change
 * that causes it. Customer actions go to the assigned analyst, or to the
 * analyst team address while nobody is assigned; provider changes go to
 * the case's customer contact, and the tenant's admins for an opening, a
 * status change or a case with no usable contact address. Internal notes never
 * reach these functions. */
#include "cases.h"
#include <stdio.h>
#include <string.h>

static void fill_mail(struct mm_req *r, const struct case_row *c, const char *event,
		      const char *text, const char *url_prefix)
{
	mm_set(r, "Mail.CaseNo", c->case_no);
	mm_set(r, "Mail.CaseSubject", c->subject);
	mm_set(r, "Mail.CustomerNo", c->customer_no);
	mm_set(r, "Mail.TenantName", c->tenant_name);
	mm_set(r, "Mail.Event", event);
	mm_set(r, "Mail.Text", text ? text : "");
	mm_set(r, "Mail.Actor", r->user.display_name);
	mm_setf(r, "Mail.Url", "%s%s%s", mm_cfg_str("Site.BaseURL", ""), url_prefix, c->case_no);
}

int cases_notify_provider(struct mm_req *r, const struct case_row *c, const char *event,
			  const char *text)
{
	char email[255 * 4] = "", lang[3] = "ja";
	if (c->assignee_id) {
		int rc = cases_db_user_mail(c->assignee_id, email, lang);
		if (rc < 0)
			return rc;
	}
	if (!email[0])
		snprintf(email, sizeof email, "%s", mm_cfg_str("Cases.TeamAddress", ""));
	if (!email[0])
		return 0;
	fill_mail(r, c, event, text, "/staff/cases/");
	return mm_mail_queue(r, email, lang, "case_to_provider");
}

struct customer_mail {
	struct mm_req *r;
	long long contact_id;
};

static int mail_admin(long long user_id, const char *email, const char *lang, void *ctx)
{
	struct customer_mail *m = ctx;
	if (user_id == m->contact_id || !email || !*email)
		return 0;
	return mm_mail_queue(m->r, email, lang ? lang : "ja", "case_to_customer");
}

int cases_notify_customer(struct mm_req *r, const struct case_row *c, const char *event,
			  const char *text, int admins_too)
{
	fill_mail(r, c, event, text, "/cases/");
	char email[255 * 4] = "", lang[3] = "ja";
	int rc = c->contact_user_id ? cases_db_user_mail(c->contact_user_id, email, lang) : 0;
	if (rc < 0)
		return rc;
	if (email[0] && (rc = mm_mail_queue(r, email, lang, "case_to_customer")) < 0)
		return rc;
	/* a case without a usable contact (opened by staff for the tenant, or
	 * whose contact's login is disabled) would otherwise reach nobody */
	if (!email[0])
		admins_too = 1;
	struct customer_mail m = { r, c->contact_user_id };
	return admins_too ? cases_db_tenant_admins(c->tenant_id, mail_admin, &m) : 0;
}
