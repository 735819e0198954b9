/* The average of the participating companies (参加企業平均, DASH-4),
 * computed by a job and never at request time: a report reads only the
 * stored, rounded, thresholded figures, so no page ever reads another
 * tenant's rows. Reasoning about anonymity: docs/reports.md. */
#ifndef PEER_AGGREGATE_H
#define PEER_AGGREGATE_H
#include <stddef.h>
#include <time.h>

/* A bucket (category, severity, the period's total) is published only
 * when at least this many tenants contributed to it. */
#define PEER_MIN_TENANTS 5

/* 1 when a bucket with that many contributing tenants may be shown. */
int peer_bucket_visible(long long tenants);
/* alerts / devices in tenths, rounded half up; 0 without devices. */
long long peer_round_tenths(long long alerts, long long devices);

struct peer_run {
	char from[11], to[11];
	long long tenants, devices;	/* participants of the period */
	int buckets;			/* buckets stored (the visible ones) */
	time_t computed_at;
};

/* Recomputes the aggregate of the days [from, to] ("YYYY-MM-DD", the
 * Japanese days of alert_daily) in one transaction: the period's previous
 * figures are replaced. 0 and *out filled, or an MM_DB_* error. */
int peer_aggregate_run(const char *from, const char *to, time_t now, struct peer_run *out);
/* The job's periods: the 30 days that ended yesterday and the previous
 * calendar month (Japan time). How many were computed, or < 0. */
int peer_aggregate_defaults(time_t now, struct peer_run out[2]);

struct peer_average {
	char dimension[11];	/* "total", "category", "severity" */
	char bucket[41 * 4];
	long long tenths;
};

/* peer_aggregate_db.c */
/* The computed period to compare [from, to] with: that very period when
 * it was computed, else the latest 30-day one. 1 found, 0 none, < 0. */
int peer_db_period_for(const char *from, const char *to, char run_from[11], char run_to[11]);
int peer_db_averages(const char *from, const char *to, struct peer_average *out, int cap);
/* The latest runs, newest first (staff page). */
int peer_db_runs(struct peer_run *out, int cap);
/* Inside the job's transaction. */
struct peer_bucket {
	char dimension[11];
	char bucket[41 * 4];
	long long tenants, alerts;
	long long last_tenant;	/* the job's tally of contributors */
};
/* One grouped row of the period: a device's alerts of a category and
 * severity (> 0). */
struct peer_scan_row {
	long long tenant_id, device_id;
	const char *category;
	int severity;
	long long alerts;
};
/* Calls fn for every row, ordered by tenant and device; fn returns 0 to go
 * on. 0, fn's other value, or < 0. */
int peer_db_scan(const char *from, const char *to, int (*fn)(const struct peer_scan_row *, void *),
		 void *ctx);
int peer_db_replace_run(const struct peer_run *run);
int peer_db_insert_average(const struct peer_run *run, const struct peer_average *a);

#endif
