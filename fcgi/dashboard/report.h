/* The UTM threat report (DASH-4): a period's counts by category, severity,
 * day and device, the top blocked destinations / URLs and sources, the
 * comparison with the average of the participating companies and between
 * the tenant's own devices. Every figure comes from kept aggregates
 * (alert_daily, alert_top, peer_averages), never from the alert rows, and
 * every query is scoped by the reader's tenant in the SQL. */
#ifndef REPORT_H
#define REPORT_H
#include "mm.h"

/* The longest period a report covers: a leap year. */
#define REPORT_MAX_DAYS 366
#define REPORT_DEFAULT_DAYS 30
#define REPORT_TOP 10
#define REPORT_MAX_ROWS 20000	/* device x category x severity rows of a period */

enum report_kind { REPORT_LAST30, REPORT_MONTH, REPORT_RANGE };

struct report_period {
	enum report_kind kind;
	char from[11], to[11];	/* "YYYY-MM-DD", both included */
	int days;
};

/* Days since 1970-01-01 of a strict "YYYY-MM-DD" (years 2000-9999), or -1. */
long report_day_number(const char *ymd);
/* The date of a day number, "YYYY-MM-DD". */
void report_day_string(long day, char out[11]);
/* The period asked for: period "30d" (also when empty), "month" with month
 * "YYYY-MM", "range" with from and to; today is the reader's date. Returns
 * NULL, or the i18n key of what is wrong (malformed, reversed, longer than
 * REPORT_MAX_DAYS, starting after today, a range ending after today); the
 * current month ends today. */
const char *report_period_parse(const char *period, const char *month, const char *from,
				const char *to, const char *today, struct report_period *p);

/* One kept count: a device's alerts of a category and severity. */
struct report_cell {
	long long device_id;
	char category[41 * 4];
	int severity;
	long long alerts;
	int devices;		/* distinct devices behind it (peer rows) */
};

struct report_device {
	long long id;
	char name[101 * 4], mac[18];
};

struct report_count {
	char key[2049 * 4];
	long long alerts;
};

enum report_top_kind { REPORT_TOP_DESTINATION = 1, REPORT_TOP_URL = 2, REPORT_TOP_SOURCE = 3 };

/* report_db.c. device 0 means every device. Counts or < 0. */
int report_db_cells(long long tenant_id, const char *from, const char *to, long long device,
		    struct report_cell *out, int cap);
struct report_day {
	char day[11];		/* "YYYY-MM-DD" */
	long long alerts;
};
/* Totals per day, ascending; days without alerts are left out. */
int report_db_daily(long long tenant_id, const char *from, const char *to, long long device,
		    struct report_day *out, int cap);
int report_db_top(long long tenant_id, int kind, const char *from, const char *to,
		  long long device, struct report_count *out, int cap);
/* The tenant's registered devices. */
int report_db_devices(long long tenant_id, struct report_device *out, int cap);
/* Tenant id of a customer number: 1 found, 0 not, < 0. */
int report_db_tenant(const char *customer_no, long long *tenant_id, char *name, size_t cap);

/* report_kept_db.c: a period's figures, kept in report_kept and grouped
 * again from alert_daily / alert_top only when a batch stored an alert of
 * one of its days or the registered UTMs changed since. */
struct report_key {
	long long tenant_id;
	const char *from, *to;
	long long device_id;	/* 0: every registered UTM */
	int devices_n;		/* the tenant's registered UTMs now */
	long long devices_hash;	/* report_devices_hash of them */
};
struct report_data {
	struct report_cell *cells;	/* device x category x severity */
	int ncells;
	int details;		/* days and top lists below were computed */
	struct report_day *days;
	int ndays;
	struct report_count *top[3];	/* by enum report_top_kind - 1 */
	int ntop[3];
};
long long report_devices_hash(const struct report_device *d, int n);
/* details 0: the cells only (a comparison period). 0 or < 0; free the
 * data with report_data_free either way. */
int report_data_get(const struct report_key *key, int details, time_t now,
		    struct report_data *d);
void report_data_free(struct report_data *d);

/* What a report's rendered figures were made from, read in one statement
 * before any figure (report_kept_db.c): equal fingerprints, equal page
 * body. A batch committed after the read makes the next view's
 * fingerprint differ, so a kept body is never newer-looking than its
 * figures. */
struct report_fingerprint {
	unsigned long long gen;	/* alert_day_gen summed over the period */
	int devices_n;		/* registered UTMs, with their ids, names and MACs */
	long long devices_sig;
	int peer;		/* a participants' average applies (every UTM shown) */
	char peer_from[11], peer_to[11];	/* its period */
	time_t peer_computed;
	unsigned long long peer_gen;	/* alert_day_gen summed over its period */
};
/* The registered UTMs as one number (ids, names, MACs, in the order read). */
long long report_devices_sig(const struct report_device *d, int n);
/* Fills gen, and with with_peer the peer fields; devices_* are the
 * caller's. 0 or < 0. */
int report_db_fingerprint(long long tenant_id, const char *from, const char *to, int with_peer,
			  struct report_fingerprint *fp);

/* report_cache.c: rendered report bodies kept per worker process, bounded
 * in entries and bytes, least recently used out first. */
struct report_body_key {
	long long tenant_id;
	char from[11], to[11];
	long long device_id;
	char lang[3];
};
struct report_body {
	const char *html;	/* report_body.cs rendered */
	const char *total;	/* the period's total as shown */
};
/* The body kept under key when it was made from fp; a body kept under key
 * from another fingerprint is dropped. 1 found, 0 not. The body stays
 * valid until the next report_cache_* call. */
int report_cache_find(const struct report_body_key *key, const struct report_fingerprint *fp,
		      struct report_body *out);
/* Keeps a copy of html and total; a body larger than the whole cache is
 * not kept. 0, or -1 out of memory (nothing kept). */
int report_cache_keep(const struct report_body_key *key, const struct report_fingerprint *fp,
		      const char *html, size_t len, const char *total);

/* Pages (report.c). */
int dashboard_report(struct mm_req *r);
int staff_report(struct mm_req *r);
int staff_report_peers(struct mm_req *r);
extern const struct mm_input report_inputs[];
extern const struct mm_input staff_report_inputs[];
extern const struct mm_input staff_peers_inputs[];

#endif
