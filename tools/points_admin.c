/* mimamori-admin points-rollover: the periods of the current and the next
 * month, made ahead so that a work request never finds no period at the
 * start of a month (run daily by mimamori-points-rollover.timer and by
 * ./mimamori up). */
#include "mm.h"
#include "points.h"
#include "points_admin.h"
#include <stdio.h>
#include <string.h>

struct rollover {
	time_t now;
	long long default_monthly;
	struct pts_date today;
	long created;
};

struct rollover_tx {
	long long tenant, contracted, id;
	const char *starts_on, *ends_on;
	time_t now;
};

static int create_tx(void *ctx)
{
	struct rollover_tx *t = ctx;
	return points_db_create_period(t->tenant, t->starts_on, t->ends_on, t->contracted, 0,
				       t->now, &t->id);
}

static int rollover_tenant(long long tenant, void *ctx)
{
	struct rollover *ro = ctx;
	for (int delta = 0; delta <= 1; delta++) {
		struct pts_date first, last;
		char start[PTS_DATE_LEN], end[PTS_DATE_LEN];
		pts_month_add(&ro->today, delta, &first);
		pts_month_of(&first, &first, &last);
		pts_date_format(&first, start);
		pts_date_format(&last, end);
		struct rollover_tx t = { .tenant = tenant, .starts_on = start, .ends_on = end,
					 .now = ro->now };
		int rc = points_db_latest_contracted(tenant, start, &t.contracted);
		if (rc < 0)
			return rc;
		if (rc == 0)
			t.contracted = ro->default_monthly;
		rc = mm_db_transaction(create_tx, &t);
		if (rc < 0)
			return rc;
		/* POINTS_OVERLAP: the month has its period already */
		ro->created += rc == POINTS_DONE;
	}
	return 0;
}

long points_rollover(time_t now, long long tenant)
{
	struct rollover ro = { .now = now, .default_monthly = mm_cfg_int("Points.DefaultMonthly", 0) };
	if (ro.default_monthly < 0 || ro.default_monthly > PTS_AMOUNT_MAX) {
		fprintf(stderr, "points-rollover: Points.DefaultMonthly must be 0 … %lld\n",
			PTS_AMOUNT_MAX);
		return -1;
	}
	pts_tokyo_date(now, &ro.today);
	int rc = tenant ? rollover_tenant(tenant, &ro) : points_db_contract_tenants(rollover_tenant, &ro);
	return rc < 0 ? rc : ro.created;
}

int points_rollover_cmd(int argc, char **argv)
{
	long long tenant = 0;
	if (argc == 3 && strcmp(argv[1], "--tenant") == 0) {
		if (points_db_tenant_by_no(argv[2], &tenant, (char[201 * 4]){ 0 }) != 1) {
			fprintf(stderr, "points-rollover: no tenant %s\n", argv[2]);
			return 1;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: points-rollover [--tenant N#########]\n");
		return 2;
	}
	long n = points_rollover(mm_clock_now(), tenant);
	if (n < 0) {
		fprintf(stderr, "mimamori-admin: points-rollover failed\n");
		return 1;
	}
	printf("%ld period(s) created\n", n);
	return 0;
}
