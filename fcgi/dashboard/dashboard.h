/* dashboard: the home page (the full dashboard of §3 grows here). */
#ifndef DASHBOARD_H
#define DASHBOARD_H
#include "mm.h"

/* dashboard_home.c */
int dashboard_home(struct mm_req *r);
int dashboard_redirect_home(struct mm_req *r);
int dashboard_downloads(struct mm_req *r);
/* The home page's announcements (KB-3, DASH-2), dashboard_notices.c. The
 * newest DASH_NOTICES_KEPT are kept per process for
 * Dashboard.AnnouncementsKeepMs; the reader's dismissals are read with
 * every page. prepare refreshes the kept list when it is due and says
 * whether (and which) dismissals the page needs (*ask_on 1); fill sets
 * Banner.N and Notices.N from the kept list and the dismissed ids
 * (comma-separated; read here when asked for and not read by the caller,
 * have == 0). 0 or < 0. */
struct dash_dismissed_ask;
int dashboard_notices_prepare(struct mm_req *r, struct dash_dismissed_ask *ask, int *ask_on);
int dashboard_notices_fill(struct mm_req *r, const struct dash_dismissed_ask *ask, int ask_on,
			   int have, struct mm_buf *dismissed);

/* notices_db.c */
#define DASH_NOTICES_KEPT 32
struct dash_notice {
	long long id;
	char no[10];
	char title[200 * 4 + 1];
	time_t published_at, display_from, display_until;	/* 0: open */
	char lang[3];
	int twin;	/* a published announcement in the other language translates it */
};
/* The newest published announcements, up to cap: count or < 0. */
int dash_db_announcements(struct dash_notice *out, int cap);
/* The banner of user_id at now (in its window, not dismissed), newest
 * first, up to cap: count or < 0. */
int dash_db_banner(long long user_id, time_t now, struct dash_notice *out, int cap);

#endif
