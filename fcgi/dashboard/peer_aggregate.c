/* The peer aggregate job: counts per participating device, averaged over
 * every participant, thresholded and rounded before anything is stored. */
#include "mm.h"
#include "peer_aggregate.h"
#include "report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEER_MAX_BUCKETS 512

int peer_bucket_visible(long long tenants)
{
	return tenants >= PEER_MIN_TENANTS;
}

long long peer_round_tenths(long long alerts, long long devices)
{
	if (devices <= 0 || alerts <= 0)
		return 0;
	return (alerts * 20 + devices) / (devices * 2);
}

struct job {
	struct peer_run *run;
	struct peer_bucket *buckets;
	int nbuckets;
	long long last_tenant, last_device;
};

static struct peer_bucket *bucket_of(struct job *j, const char *dimension, const char *name)
{
	for (int i = 0; i < j->nbuckets; i++)
		if (strcmp(j->buckets[i].bucket, name) == 0 &&
		    strcmp(j->buckets[i].dimension, dimension) == 0)
			return &j->buckets[i];
	if (j->nbuckets == PEER_MAX_BUCKETS)
		return NULL;
	struct peer_bucket *b = &j->buckets[j->nbuckets++];
	memset(b, 0, sizeof *b);
	snprintf(b->dimension, sizeof b->dimension, "%s", dimension);
	snprintf(b->bucket, sizeof b->bucket, "%s", name);
	return b;
}

static void tally(struct peer_bucket *b, const struct peer_scan_row *row)
{
	if (!b)
		return;
	b->alerts += row->alerts;
	if (b->last_tenant != row->tenant_id) {
		b->tenants++;
		b->last_tenant = row->tenant_id;
	}
}

static int fold(const struct peer_scan_row *row, void *ctx)
{
	struct job *j = ctx;
	if (row->tenant_id != j->last_tenant) {
		j->run->tenants++;
		j->last_tenant = row->tenant_id;
	}
	if (row->device_id != j->last_device) {
		j->run->devices++;
		j->last_device = row->device_id;
	}
	char sev[2] = { (char)('0' + (row->severity >= 1 && row->severity <= 3 ? row->severity : 0)), 0 };
	tally(bucket_of(j, "total", ""), row);
	tally(bucket_of(j, "severity", sev), row);
	tally(bucket_of(j, "category", row->category), row);
	return 0;
}

static int job_tx(void *ctx)
{
	struct job *j = ctx;
	struct peer_run *run = j->run;
	/* a retried transaction starts over */
	run->buckets = 0;
	run->tenants = run->devices = 0;
	j->nbuckets = 0;
	j->last_tenant = j->last_device = 0;
	int rc = peer_db_scan(run->from, run->to, fold, j);
	if (rc < 0)
		return rc;
	if ((rc = peer_db_replace_run(run)) < 0)
		return rc;
	/* too few participants: the run is recorded, with nothing to show */
	if (!peer_bucket_visible(run->tenants))
		return 0;
	for (int i = 0; i < j->nbuckets; i++) {
		const struct peer_bucket *b = &j->buckets[i];
		if (!peer_bucket_visible(b->tenants))
			continue;
		struct peer_average a = { .tenths = peer_round_tenths(b->alerts, run->devices) };
		snprintf(a.dimension, sizeof a.dimension, "%s", b->dimension);
		snprintf(a.bucket, sizeof a.bucket, "%s", b->bucket);
		if ((rc = peer_db_insert_average(run, &a)) < 0)
			return rc;
		run->buckets++;
	}
	return 0;
}

int peer_aggregate_run(const char *from, const char *to, time_t now, struct peer_run *out)
{
	long first = report_day_number(from), last = report_day_number(to);
	if (first < 0 || last < first || last - first + 1 > REPORT_MAX_DAYS)
		return MM_DB_ERR;
	memset(out, 0, sizeof *out);
	snprintf(out->from, sizeof out->from, "%s", from);
	snprintf(out->to, sizeof out->to, "%s", to);
	out->computed_at = now;
	struct job j = { out, calloc(PEER_MAX_BUCKETS, sizeof *j.buckets), 0, 0, 0 };
	if (!j.buckets)
		return MM_DB_ERR;
	int rc = mm_db_transaction(job_tx, &j);
	free(j.buckets);
	return rc;
}

int peer_aggregate_defaults(time_t now, struct peer_run out[2])
{
	char today[MM_TIME_LEN], from[11], to[11];
	/* alert_daily's days are Japanese days */
	mm_time_format("Asia/Tokyo", now, today);
	today[10] = '\0';
	long yesterday = report_day_number(today) - 1;
	if (yesterday < 0)
		return MM_DB_ERR;
	report_day_string(yesterday - 29, from);
	report_day_string(yesterday, to);
	int rc = peer_aggregate_run(from, to, now, &out[0]);
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	/* the previous calendar month: the day before this month's first */
	char first[11];
	snprintf(first, sizeof first, "%.8s01", today);
	long prev_last = report_day_number(first) - 1;
	report_day_string(prev_last, to);
	snprintf(from, sizeof from, "%.8s01", to);
	rc = peer_aggregate_run(from, to, now, &out[1]);
	return rc != 0 ? (rc < 0 ? rc : MM_DB_ERR) : 2;
}
