/* points: prepaid points per period and their ledger (PTS-1, PTS-2), the
 * service settings information (PTS-3), and the staff pages that set the
 * contracted points, grant credit and create periods. */
#ifndef POINTS_H
#define POINTS_H
#include "mm.h"
#include "points_calc.h"

#define POINTS_PERIOD_PAGE 12	/* a year of monthly periods per page */
#define POINTS_LEDGER_PAGE 20
#define POINTS_TENANT_PAGE 50
#define POINTS_REASON_MAX 500
#define POINTS_MAX_CONTRACTS 20

struct points_period {
	long long id, tenant_id;
	char starts_on[PTS_DATE_LEN], ends_on[PTS_DATE_LEN];
	long long contracted, credited, consumed;
};

struct points_entry {
	long long id, points;
	char kind[16];		/* consume, credit, contract, contract_change */
	char request_no[10], case_no[10];
	char reason[(POINTS_REASON_MAX + 1) * 4];
	char actor[101 * 4];
	time_t created_at;
};

struct points_contract {
	char customer_no[11], tenant_name[201 * 4];
	char service_name[101 * 4], plan[101 * 4], type[51 * 4];
	char start_date[PTS_DATE_LEN], renewal_date[PTS_DATE_LEN];
};

struct points_tenant {
	long long id;
	char customer_no[11], name[201 * 4];
	int has_current;	/* a period holds today */
	long long contracted, credited, consumed;	/* of the current period */
};

/* --- queries (points_db.c) -------------------------------------------------
 * Every read names the tenant in its SQL: another tenant's period id finds
 * no row, exactly like an id that does not exist. started_by: NULL, or a
 * date after which periods are left out (customers see the periods that
 * have begun). today: the Japanese business date, "YYYY-MM-DD". */
int points_db_period_count(long long tenant, const char *started_by, long long *n);
/* The current period first, then the others newest first. Count or < 0. */
int points_db_periods(long long tenant, const char *today, const char *started_by,
		      long long offset, struct points_period *out, int cap);
/* 1 found, 0 none, < 0 error. */
int points_db_period(long long tenant, long long id, const char *started_by,
		     struct points_period *p);
int points_db_ledger_count(long long tenant, long long period, long long *n);
/* Newest first. Count or < 0. */
int points_db_ledger(long long tenant, long long period, long long offset,
		     struct points_entry *out, int cap);
int points_db_contracts(long long tenant, struct points_contract *out, int cap);

/* Staff: tenants whose customer number or name holds the LIKE pattern
 * (NULL: all), with their current period. */
int points_db_tenant_count(const char *like, long long *n);
int points_db_tenants(const char *like, const char *today, long long offset,
		      struct points_tenant *out, int cap);
/* 1 found (id and name), 0 none, < 0 error. */
int points_db_tenant_by_no(const char *customer_no, long long *id, char name[201 * 4]);
int points_db_category_by_code(const char *code, long long *id);

/* Changes, each inside the caller's transaction. Results: POINTS_DONE, or
 * POINTS_MISSING (no such period of the tenant), POINTS_REFUSED (the
 * balance rule says no), POINTS_OVERLAP (the dates meet another period of
 * the tenant), or < 0 MM_DB_*. actor 0: the system (rollover). */
enum { POINTS_DONE = 0, POINTS_MISSING = 1, POINTS_REFUSED = 2, POINTS_OVERLAP = 3 };
int points_db_set_contracted(long long tenant, long long period, long long contracted,
			     long long actor, time_t now);
int points_db_credit(long long tenant, long long period, long long points, const char *reason,
		     long long actor, time_t now);
/* A new period (and its 'contract' ledger row when contracted > 0). *id is set. */
int points_db_create_period(long long tenant, const char *starts_on, const char *ends_on,
			    long long contracted, long long actor, time_t now, long long *id);

/* Rollover (mimamori-admin): fn for each tenant that has a contract. */
int points_db_contract_tenants(int (*fn)(long long tenant, void *ctx), void *ctx);
/* The contracted points of the tenant's latest period that starts before
 * the date: 1 found, 0 the tenant has none, < 0 error. */
int points_db_latest_contracted(long long tenant, const char *before, long long *contracted);

/* --- pages ------------------------------------------------------------------ */

/* Periods.*, Selected.*, Ledger.* for the tenant: the period chosen (0: the
 * current one, else the newest shown), the pages of both lists. 0 done,
 * 404 when the period is not one the reader may see, < 0 error. */
struct points_view {
	long long tenant;
	const char *customer_no;
	const char *started_by;	/* as for points_db_periods */
	long long period;	/* 0: the default */
	long long period_page, ledger_page;
	int staff;
};
int points_fill(struct mm_req *r, const struct points_view *v);
/* "YYYY-MM-DD" of the request's clock in Japan. */
void points_today(struct mm_req *r, char out[PTS_DATE_LEN]);
/* A positive id in decimal digits: its value, or 0. */
long long points_id(const char *s);

int points_page(struct mm_req *r);		/* GET /points/ */
int points_service(struct mm_req *r);		/* GET /points/service */
extern const struct mm_input points_page_inputs[];

extern const struct mm_route points_staff_routes[];
extern const size_t points_staff_nroutes;

#endif
