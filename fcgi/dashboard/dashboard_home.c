/* GET /: who is logged in and for which customer, the security status and
 * the announcements. Besides the session, one statement in the usual case:
 * the kept status with the reader's dismissed announcements (the list of
 * announcements is kept per process, dashboard_notices.c). */
#include "dashboard.h"
#include "dashboard_alerts.h"
#include <stdio.h>

int dashboard_home(struct mm_req *r)
{
	if (r->user.tenant_id) {
		mm_set(r, "Tenant.CustomerNo", r->user.customer_no);
		mm_set(r, "Tenant.Name", r->user.tenant_name);
	}
	char key[48];
	snprintf(key, sizeof key, "role.%s", mm_role_name(r->user.role));
	mm_set(r, "User.RoleLabel", mm_t(r, key));
	struct dash_dismissed_ask ask = { 0 };
	struct mm_buf dismissed = { 0 };
	int ask_on = 0;
	int rc = dashboard_notices_prepare(r, &ask, &ask_on);
	/* provider staff have no status: their dismissals come alone */
	int have = ask_on && r->user.tenant_id > 0;
	if (rc == 0)
		rc = dashboard_status_fill(r, ask_on ? &ask : NULL, &dismissed);
	if (rc == 0)
		rc = dashboard_notices_fill(r, &ask, ask_on, have, &dismissed);
	mm_buf_free(&dismissed);
	if (rc < 0)
		return rc;
	mm_event_after(r, "dashboard.view");
	return mm_render(r, 200, "dashboard/home.cs");
}

int dashboard_redirect_home(struct mm_req *r)
{
	return mm_redirect(r, "/");
}
