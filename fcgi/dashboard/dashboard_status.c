/* The home page's security status (DASH-1, DASH-3, seed 001 §4⑥): the last
 * 30 days up to today in the reader's zone, from the kept daily counts. */
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

/* The last period worked out, for its zone and UTC minute: a zone's
 * conversions read its rules again each time (three per page), and local
 * midnight falls on a whole UTC minute in every zone in use today, so
 * every request of that minute and zone has the same days. */
static struct {
	char zone[64 + 1];
	time_t minute;
	char from[11], to[11];
} period_kept;

/* The first and last day of the status period, "YYYY-MM-DD", in zone. */
static void status_period(const char *zone, time_t now, char from[11], char to[11])
{
	time_t minute = now - (now % 60 + 60) % 60;
	if (period_kept.zone[0] && period_kept.minute == minute &&
	    strcmp(period_kept.zone, zone) == 0) {
		memcpy(from, period_kept.from, 11);
		memcpy(to, period_kept.to, 11);
		return;
	}
	char buf[MM_TIME_LEN];
	mm_time_format(zone, now, buf);
	snprintf(to, 11, "%.10s", buf);
	time_t midnight = mm_time_local_date(zone, to);
	/* noon of the first day: a DST change on the way moves it by an hour only */
	mm_time_format(zone, midnight - (DASH_STATUS_DAYS - 1) * 86400L + 12 * 3600, buf);
	snprintf(from, 11, "%.10s", buf);
	if (strlen(zone) < sizeof period_kept.zone) {
		snprintf(period_kept.zone, sizeof period_kept.zone, "%s", zone);
		period_kept.minute = minute;
		memcpy(period_kept.from, from, 11);
		memcpy(period_kept.to, to, 11);
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
	char from[11], to[11];
	status_period(mm_time_zone(r), r->now, from, to);
	long long counts[4];
	int rc = dash_db_status_finish(r->user.tenant_id, from, to, r->now, st, counts, &pending);
	if (rc < 0)
		return rc;
	if (pending.due)
		mm_after_response(r, keep_pending);
	status_show(r, from, to, counts, st->awaiting);
	return 0;
}
