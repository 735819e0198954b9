/* GET /: who is logged in and for which customer. */
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
	int rc = dashboard_status_fill(r);
	if (rc == 0)
		rc = dashboard_notices(r);
	if (rc < 0)
		return rc;
	mm_event_after(r, "dashboard.view");
	return mm_render(r, 200, "dashboard/home.cs");
}

int dashboard_redirect_home(struct mm_req *r)
{
	return mm_redirect(r, "/");
}
