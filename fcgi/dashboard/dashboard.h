/* dashboard: the home page (the full dashboard of §3 grows here). */
#ifndef DASHBOARD_H
#define DASHBOARD_H
#include "mm.h"

/* dashboard_home.c */
int dashboard_home(struct mm_req *r);
int dashboard_redirect_home(struct mm_req *r);
/* dashboard_notices.c: Banner.N and Notices.N (KB-3, DASH-2). 0 or < 0. */
int dashboard_notices(struct mm_req *r);

#endif
