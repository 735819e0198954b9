/* Peer aggregate queries. The job's reads group every participating
 * tenant's counts; the page's reads touch only peer_runs/peer_averages. */
#include "mm.h"
#include "peer_aggregate.h"
#include <stdio.h>
#include <string.h>

#define PEER_FROM \
	" FROM alert_daily x JOIN devices d ON d.id = x.device_id AND d.status = 'registered'" \
	" WHERE x.day BETWEEN ? AND ? AND x.alerts > 0"
/* One read of the period: rows come grouped and ordered by tenant and
 * device, so the job counts participants and contributors as they pass.
 * It may rightly outlast the pages' statement cap (a year of every
 * tenant's counts): its callers give the connection long reads
 * (mm_db_long_reads), whose statement cap ends it on the server a second
 * before the client gives up. A cap of its own longer than the client's
 * wait would leave a scan given up on running on the server, and each retry
 * of the job another one beside it. */
static const char SQL_SCAN[] =
	"SELECT x.tenant_id, x.device_id, x.category, x.severity, SUM(x.alerts)" PEER_FROM
	" GROUP BY x.tenant_id, x.device_id, x.category, x.severity"
	" ORDER BY x.tenant_id, x.device_id, x.category, x.severity";
static const char SQL_DELETE_RUN[] =
	"DELETE FROM peer_runs WHERE period_from = ? AND period_to = ?";
static const char SQL_INSERT_RUN[] =
	"INSERT INTO peer_runs (period_from, period_to, tenants, devices, computed_at)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_INSERT_AVERAGE[] =
	"INSERT INTO peer_averages (period_from, period_to, dimension, bucket, per_device_tenths)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_EXACT[] =
	"SELECT period_from, period_to FROM peer_runs WHERE period_from = ? AND period_to = ?";
static const char SQL_LATEST_30[] =
	"SELECT period_from, period_to FROM peer_runs"
	" WHERE DATEDIFF(period_to, period_from) = 29 ORDER BY period_to DESC LIMIT 1";
static const char SQL_AVERAGES[] =
	"SELECT dimension, bucket, per_device_tenths FROM peer_averages"
	" WHERE period_from = ? AND period_to = ? ORDER BY dimension, per_device_tenths DESC, bucket";
static const char SQL_RUNS[] =
	"SELECT r.period_from, r.period_to, r.tenants, r.devices, r.computed_at,"
	" (SELECT COUNT(*) FROM peer_averages a WHERE a.period_from = r.period_from"
	" AND a.period_to = r.period_to)"
	" FROM peer_runs r ORDER BY r.computed_at DESC, r.period_to DESC LIMIT 20";

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* The first row's two dates: 1, 0 no row, < 0. */
static int two_dates(struct mm_res *res, char from[11], char to[11])
{
	int rc = mm_db_next(res);
	if (rc > 0) {
		copy(from, 11, mm_db_str(res, 0));
		copy(to, 11, mm_db_str(res, 1));
	}
	mm_db_done(res);
	return rc;
}

int peer_db_period_for(const char *from, const char *to, char run_from[11], char run_to[11])
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_EXACT, "ss", from, to);
	if (rc == 0)
		rc = two_dates(&res, run_from, run_to);
	if (rc != 0)
		return rc;
	rc = mm_db_query(&res, SQL_LATEST_30, "");
	return rc < 0 ? rc : two_dates(&res, run_from, run_to);
}

int peer_db_averages(const char *from, const char *to, struct peer_average *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_AVERAGES, "ss", from, to);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < cap) {
		copy(out[n].dimension, sizeof out[n].dimension, mm_db_str(&res, 0));
		copy(out[n].bucket, sizeof out[n].bucket, mm_db_str(&res, 1));
		out[n++].tenths = mm_db_int(&res, 2);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int peer_db_runs(struct peer_run *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_RUNS, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < cap) {
		copy(out[n].from, sizeof out[n].from, mm_db_str(&res, 0));
		copy(out[n].to, sizeof out[n].to, mm_db_str(&res, 1));
		out[n].tenants = mm_db_int(&res, 2);
		out[n].devices = mm_db_int(&res, 3);
		out[n].computed_at = mm_db_time(&res, 4);
		out[n].buckets = (int)mm_db_int(&res, 5);
		n++;
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int peer_db_scan(const char *from, const char *to, int (*fn)(const struct peer_scan_row *, void *),
		 void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query_stream(&res, SQL_SCAN, "ss", from, to);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		struct peer_scan_row row = {
			mm_db_int(&res, 0), mm_db_int(&res, 1), mm_db_str(&res, 2),
			(int)mm_db_int(&res, 3), mm_db_int(&res, 4)
		};
		if (!row.category)
			row.category = "";
		if ((rc = fn(&row, ctx)) != 0)
			break;
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

int peer_db_replace_run(const struct peer_run *run)
{
	long long rc = mm_db_exec(SQL_DELETE_RUN, "ss", run->from, run->to);
	if (rc >= 0)
		rc = mm_db_exec(SQL_INSERT_RUN, "ssiit", run->from, run->to, run->tenants,
				run->devices, run->computed_at);
	return rc < 0 ? (int)rc : 0;
}

int peer_db_insert_average(const struct peer_run *run, const struct peer_average *a)
{
	long long rc = mm_db_exec(SQL_INSERT_AVERAGE, "ssssi", run->from, run->to, a->dimension,
				  a->bucket, a->tenths);
	return rc < 0 ? (int)rc : 0;
}
