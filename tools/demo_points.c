/* Demo points: the current and next month's periods of both demo tenants
 * (N200000001 100 points a month, N200000002 50), last month's period of
 * N200000001 (the work requests demo consumes two real requests from it),
 * and one credit this month.
 * Periods are inserted with INSERT IGNORE on (tenant_id, starts_on), so
 * another part of the demo that inserts the same month with the same values
 * meets no conflict; ledger rows are written only with a period this run
 * created, or found missing (the credit), so a second run changes nothing. */
#include "mm.h"
#include "points_calc.h"
#include "points_admin.h"
#include <stdio.h>
#include <string.h>

static const char SQL_TENANT[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_USER[] = "SELECT id FROM users WHERE login_id = ?";
static const char SQL_CONTRACT[] = "SELECT MAX(id) FROM contracts WHERE tenant_id = ?";
static const char SQL_PERIOD_INSERT[] =
	"INSERT IGNORE INTO point_periods (tenant_id, contract_id, starts_on, ends_on, contracted,"
	" credited, consumed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)";
static const char SQL_PERIOD_ID[] =
	"SELECT id FROM point_periods WHERE tenant_id = ? AND starts_on = ?";
static const char SQL_LEDGER_INSERT[] =
	"INSERT INTO point_ledger (tenant_id, period_id, kind, points, request_no, case_id, reason,"
	" actor_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CREDIT_FOUND[] =
	"SELECT COUNT(*) FROM point_ledger WHERE tenant_id = ? AND period_id = ? AND kind = 'credit'"
	" AND reason = ?";
static const char SQL_ADD_CREDIT[] =
	"UPDATE point_periods SET credited = credited + ?, updated_at = ? WHERE id = ?";

#define DEMO_CREDIT_REASON "障害対応でお待たせしたお詫びとして付与"
#define DEMO_CREDIT 20

/* Inserts the month's period unless it is there: 1 inserted, 0 there, < 0. */
static int period_ensure(long long tenant, const struct pts_date *day, long long contracted,
			 long long consumed, time_t now, long long *id)
{
	struct pts_date first, last;
	char start[PTS_DATE_LEN], end[PTS_DATE_LEN];
	long long contract = 0;
	pts_month_of(day, &first, &last);
	pts_date_format(&first, start);
	pts_date_format(&last, end);
	/* looked up first: an ignored INSERT still spends an AUTO_INCREMENT
	 * value, and a second demo run must leave the schema as it was */
	int found = mm_db_get_int(id, SQL_PERIOD_ID, "is", tenant, start);
	if (found != 0)
		return found < 0 ? -1 : 0;
	if (mm_db_get_int(&contract, SQL_CONTRACT, "i", tenant) < 0)
		return -1;
	long long n = mm_db_exec(SQL_PERIOD_INSERT, "inssiitt", tenant, contract, start, end,
				 contracted, consumed, now, now);
	if (n < 0 || mm_db_get_int(id, SQL_PERIOD_ID, "is", tenant, start) != 1)
		return -1;
	/* a past month's allotment is dated at its start */
	time_t begins = mm_time_local_date("Asia/Tokyo", start);
	if (n == 1 && contracted > 0 &&
	    mm_db_exec(SQL_LEDGER_INSERT, "iisisnsnt", tenant, *id, "contract", contracted,
		       NULL, 0LL, "", 0LL, begins && begins < now ? begins : now) < 0)
		return -1;
	return n == 1;
}

struct demo_tx {
	long long tenant, analyst;
	struct pts_date today;
	time_t now;
};

/* Last month: 100 contracted; tools/demo_requests.c accepts two work
 * requests dated in it, through the same calls as an analyst's acceptance,
 * so that its ledger names requests and cases that exist. */
static int last_month(struct demo_tx *d)
{
	struct pts_date first;
	long long period = 0;
	pts_month_add(&d->today, -1, &first);
	return period_ensure(d->tenant, &first, 100, 0, d->now, &period) < 0 ? -1 : 0;
}

static int demo_tx(void *ctx)
{
	struct demo_tx *d = ctx;
	long long period = 0, found = 0;
	if (period_ensure(d->tenant, &d->today, 100, 0, d->now, &period) < 0 || last_month(d) < 0)
		return -1;
	if (mm_db_get_int(&found, SQL_CREDIT_FOUND, "iis", d->tenant, period, DEMO_CREDIT_REASON) < 0)
		return -1;
	if (found)
		return 0;
	if (mm_db_exec(SQL_ADD_CREDIT, "iti", (long long)DEMO_CREDIT, d->now, period) < 0 ||
	    mm_db_exec(SQL_LEDGER_INSERT, "iisisnsnt", d->tenant, period, "credit",
		       (long long)DEMO_CREDIT, NULL, 0LL, DEMO_CREDIT_REASON, d->analyst, d->now) < 0)
		return -1;
	return 0;
}

struct month_tx {
	long long tenant, contracted;
	struct pts_date day;
	time_t now;
};

static int month_tx(void *ctx)
{
	struct month_tx *m = ctx;
	long long id = 0;
	return period_ensure(m->tenant, &m->day, m->contracted, 0, m->now, &id) < 0 ? -1 : 0;
}

static int demo_points_load(void)
{
	long long a = 0, b = 0, analyst = 0;
	if (mm_db_get_int(&a, SQL_TENANT, "s", "N200000001") != 1 ||
	    mm_db_get_int(&b, SQL_TENANT, "s", "N200000002") != 1 ||
	    mm_db_get_int(&analyst, SQL_USER, "s", "analyst@mimamori.example") != 1)
		return -1;
	time_t now = mm_clock_now();
	struct pts_date today;
	pts_tokyo_date(now, &today);
	struct demo_tx d = { .tenant = a, .analyst = analyst, .today = today, .now = now };
	if (mm_db_transaction(demo_tx, &d) != 0)
		return -1;
	const struct { long long tenant, contracted; int delta; } months[] = {
		{ a, 100, 1 }, { b, 50, 0 }, { b, 50, 1 } };
	for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
		struct month_tx m = { .tenant = months[i].tenant, .contracted = months[i].contracted,
				      .now = now };
		pts_month_add(&today, months[i].delta, &m.day);
		if (mm_db_transaction(month_tx, &m) != 0)
			return -1;
	}
	return 0;
}

int demo_points(void)
{
	if (demo_points_load() == 0)
		return 0;
	fprintf(stderr, "demo: the demo points could not be loaded\n");
	return -1;
}
