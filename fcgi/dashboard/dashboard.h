/* dashboard: the home page (the full dashboard of §3 grows here). */
#ifndef DASHBOARD_H
#define DASHBOARD_H
#include "mm.h"

struct dashboard_tenant {
	char customer_no[11];
	char name[201 * 4];
};

/* dashboard_db.c: 1 found, 0 none, < 0 error. */
int dashboard_tenant_by_id(long long tenant_id, struct dashboard_tenant *t);

/* dashboard_home.c */
int dashboard_home(struct mm_req *r);
int dashboard_redirect_home(struct mm_req *r);

#endif
