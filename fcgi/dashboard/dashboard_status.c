/* The home page's security status (DASH-1, DASH-3, seed 001 §4⑥): the last
 * 30 days up to today in the reader's zone, from the kept daily counts of
 * the Japanese days they touch. */
#include "dashboard_alerts.h"
#include <stdio.h>
#include <string.h>

const char *dash_stars(int severity)
{
	switch (severity) {
	case 3:
		return "★★★";
	case 2:
		return "★★☆";
	default:
		return "★☆☆";
	}
}

void dash_device_label(char *out, size_t cap, const char *name, const char *mac)
{
	if (name[0] && mac[0])
		snprintf(out, cap, "%s (%s)", name, mac);
	else
		snprintf(out, cap, "%s", name[0] ? name : mac);
}

/* The status period, in the reader's zone: its first and last day, and
 * the instants it spans, [start, before) from the first day's midnight to
 * the midnight after the last. */
struct status_period {
	char from[11], to[11];
	time_t start, before;
};

/* The last period worked out, for its zone and UTC minute: a zone's
 * conversions read its rules again each time (six per page), and local
 * midnight falls on a whole UTC minute in every zone in use today, so
 * every request of that minute and zone has the same period. */
static struct {
	char zone[64 + 1];
	time_t minute;
	struct status_period period;
} period_kept;

static void status_period(const char *zone, time_t now, struct status_period *p)
{
	time_t minute = now - (now % 60 + 60) % 60;
	if (period_kept.zone[0] && period_kept.minute == minute &&
	    strcmp(period_kept.zone, zone) == 0) {
		*p = period_kept.period;
		return;
	}
	char buf[MM_TIME_LEN];
	mm_time_format(zone, now, buf);
	snprintf(p->to, sizeof p->to, "%.10s", buf);
	time_t midnight = mm_time_local_date(zone, p->to);
	/* noon of the first day: a DST change on the way moves it by an hour only */
	mm_time_format(zone, midnight - (DASH_STATUS_DAYS - 1) * 86400L + 12 * 3600, buf);
	snprintf(p->from, sizeof p->from, "%.10s", buf);
	p->start = mm_time_local_date(zone, p->from);
	/* the next midnight, whatever the day's length (as the alert list's to) */
	mm_time_format(zone, midnight + 36 * 3600, buf);
	buf[10] = '\0';
	p->before = mm_time_local_date(zone, buf);
	if (strlen(zone) < sizeof period_kept.zone) {
		snprintf(period_kept.zone, sizeof period_kept.zone, "%s", zone);
		period_kept.minute = minute;
		period_kept.period = *p;
	}
}

/* A status computed again is kept once the page has gone (its commit waits
 * for the log flush, a few ms the reader need not wait): one request at a
 * time per process, so one pending status. */
static struct dash_status_keep pending;

static void keep_pending(struct mm_req *r)
{
	(void)r;
	if (pending.due)
		dash_db_status_keep(&pending);
	pending.due = 0;
}

static void status_show(struct mm_req *r, const char *from, const char *to,
			const long long counts[4], int awaiting)
{
	mm_set(r, "Status.Show", "1");
	mm_set(r, "Status.From", from);
	mm_set(r, "Status.To", to);
	mm_set_int(r, "Status.High", counts[3]);
	mm_set_int(r, "Status.Medium", counts[2]);
	mm_set_int(r, "Status.Low", counts[1]);
	mm_set_int(r, "Status.Total", counts[1] + counts[2] + counts[3]);
	mm_set(r, "Status.Awaiting", awaiting ? "1" : "0");
}

int dashboard_status_fill(struct mm_req *r, const struct dash_dismissed_ask *ask,
			  struct mm_buf *dismissed)
{
	if (r->user.tenant_id <= 0)
		return 0;	/* provider staff see their own home */
	struct dash_status_read st;
	int rc = dash_db_status_read(r->user.tenant_id, ask, &st);
	if (rc < 0)
		return rc;
	if (ask)
		dash_dismissed_ids(ask, st.dismissed, dismissed);
	return dashboard_status_fill_read(r, &st);
}

int dashboard_status_fill_read(struct mm_req *r, const struct dash_status_read *st)
{
	if (r->user.tenant_id <= 0)
		return 0;
	struct status_period p;
	status_period(mm_time_zone(r), r->now, &p);
	/* The kept status counts the Japanese days of alert_daily that the
	 * period touches; the alerts of their parts outside it are taken away,
	 * so that the status counts what the alert list of the same days does. */
	char day_from[11], day_to[11];
	dash_tokyo_days(p.start, p.before, day_from, day_to);
	long long counts[4];
	int rc = dash_db_status_finish(r->user.tenant_id, day_from, day_to, r->now, st, counts,
				       &pending);
	if (rc >= 0)
		rc = dash_db_severity_outside(r->user.tenant_id, p.start, p.before, counts);
	if (rc < 0)
		return rc;
	if (pending.due)
		mm_after_response(r, keep_pending);
	status_show(r, p.from, p.to, counts, st->awaiting);
	return 0;
}
