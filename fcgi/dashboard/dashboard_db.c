#include "dashboard.h"
#include <stdio.h>
#include <string.h>

static const char SQL_TENANT_BY_ID[] =
	"SELECT customer_no, name FROM tenants WHERE id = ?";

int dashboard_tenant_by_id(long long tenant_id, struct dashboard_tenant *t)
{
	struct mm_res q;
	memset(t, 0, sizeof *t);
	int rc = mm_db_query(&q, SQL_TENANT_BY_ID, "i", tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc == 1) {
		snprintf(t->customer_no, sizeof t->customer_no, "%s", mm_db_str(&q, 0));
		snprintf(t->name, sizeof t->name, "%s", mm_db_str(&q, 1));
	}
	mm_db_done(&q);
	return rc;
}
