/* dashboard: the security status, the alert list and page, the settings of
 * the important-alert mails (DASH-1, DASH-3, DASH-6 page, DASH-7). Alerts of
 * a device that is not registered are never read: every query joins the
 * device with status 'registered'. Every query is scoped by the reader's
 * tenant in the SQL, so another tenant's id finds no row. */
#ifndef DASHBOARD_ALERTS_H
#define DASHBOARD_ALERTS_H
#include "mm.h"

#define DASH_PAGE_SIZE 20
/* alert lists longer than this are counted from alert_daily when they can be */
#define DASH_COUNT_EXACT_MAX 10000
/* A status filter is in no kept count: its rows are counted up to this
 * many, then shown as "this many or more" (as the case list's keyword
 * search). Counting 10,000 open alerts of the largest tenant walked 54,000
 * index entries per page. */
#define DASH_STATUS_COUNT_CAP 1000
#define DASH_STATUS_DAYS 30
#define DASH_MAX_DEVICES 200
#define DASH_MAX_CATEGORIES 64
#define DASH_MAX_USERS 500

struct dash_alert {
	long long id, device_id;
	time_t detected_at, received_at;
	int severity;		/* 1 low, 2 medium, 3 high */
	char category[41 * 4];
	char source[256 * 4], destination[256 * 4];
	char url[2049 * 4];
	char status[21 * 4];
	char device_name[101 * 4], mac[18], serial[65];
	char device_alert_id[65];	/* the id the UTM gave it; read for one alert only */
};

enum dash_sort { DASH_SORT_DETECTED, DASH_SORT_SEVERITY, DASH_SORT_CATEGORY, DASH_SORT_DEVICE,
		 DASH_NSORT };
enum dash_state { DASH_STATE_ANY, DASH_STATE_OPEN, DASH_STATE_BLOCKED };

struct dash_filter {
	time_t from, before;	/* 0 open */
	int severity_min, severity_max;
	const char *category;	/* NULL any */
	long long device_id;	/* 0 any */
	int state;		/* enum dash_state */
	int sort, desc;
	long long offset;
	/* keyset page (sort by detection time only): the rows after the
	 * previous page's last one, instead of offset */
	int keyset;
	time_t after_at;
	long long after_id;
};

struct dash_device {
	long long id;
	char name[101 * 4], mac[18];
};

/* Threat counts of the days [from_day, to_day] ("YYYY-MM-DD", Asia/Tokyo
 * days of alert_daily) by severity: counts[1..3]. 0 or < 0. */
int dash_db_severity_counts(long long tenant_id, const char *from_day, const char *to_day,
			    long long counts[4]);
/* The Japanese days (alert_daily's) that the period [start, before)
 * touches, first and last. */
void dash_tokyo_days(time_t start, time_t before, char from_day[11], char to_day[11]);
/* Takes away from counts[1..3] the alerts of registered devices detected on
 * the first and last Japanese day of [start, before) outside it: with the
 * daily counts of dash_tokyo_days, the period's exact counts. Nothing to
 * read for a period of whole Japanese days. 0 or < 0. */
int dash_db_severity_outside(long long tenant_id, time_t start, time_t before,
			     long long counts[4]);
/* 1 when the tenant has a device awaiting registration, 0 not, < 0 error. */
int dash_db_awaiting_device(long long tenant_id);
/* Which dismissals of announcements the home page needs: the reader's, of
 * the n article ids in id (also in list, comma-separated), none below
 * min_id. */
#define DASH_ASK_MAX 32	/* DASH_NOTICES_KEPT, the bits of the mask */
struct dash_dismissed_ask {
	long long user_id, min_id;
	int n;
	long long id[DASH_ASK_MAX];
	char list[DASH_ASK_MAX * 21];
};
/* A status computed again, to be kept in dashboard_status for the next
 * pages (due set) by dash_db_status_keep. */
struct dash_status_keep {
	int due;
	long long tenant_id, devices_sum, gen_sum, counts[4];
	char from[11], to[11];
	time_t now;
};
/* The status columns of a row (from column base) as read, before the kept
 * status is checked against the period. */
struct dash_status_read {
	long long devices_sum, gen_sum;
	int awaiting;
	int has_kept;	/* a kept row exists (dashboard_status) */
	char kept_from[11], kept_to[11];
	long long kept_devices_sum, kept_gen_sum, kept_counts[4];
	unsigned long long dismissed;	/* the dismissals' bit mask, when asked */
};
void dash_status_read_row(const struct mm_res *res, unsigned base, int with_mask,
			  struct dash_status_read *st);
/* The tenant's devices and kept status (dashboard_status, sql/023) in one
 * statement, as dash_status_read_row reads them; with ask (else NULL) also
 * the dismissals' mask. 0 or < 0. */
int dash_db_status_read(long long tenant_id, const struct dash_dismissed_ask *ask,
			struct dash_status_read *st);
/* The security status of [from_day, to_day] from a status read: the kept
 * counts when they were computed for that period and the tenant's devices
 * have stored no alert since, else dash_db_severity_counts, with keep filled
 * for dash_db_status_keep. 0 or < 0. */
int dash_db_status_finish(long long tenant_id, const char *from_day, const char *to_day,
			  time_t now, const struct dash_status_read *st, long long counts[4],
			  struct dash_status_keep *keep);
/* The home page's statement read with the session (struct mm_session_join):
 * the session's columns, then the status columns of dash_status_read_row
 * and, with ask, the dismissals' mask. */
int dash_db_home_session(const struct dash_dismissed_ask *ask, const unsigned char *token_hash,
			 size_t len, struct mm_res *res);
/* The asked ids whose bit is set in mask, appended comma-separated. */
void dash_dismissed_ids(const struct dash_dismissed_ask *ask, unsigned long long mask,
			struct mm_buf *out);
/* Keeps a status dash_db_status_finish computed. 0 or < 0. */
int dash_db_status_keep(const struct dash_status_keep *keep);
/* The same dismissals alone (provider staff have no status). 0 or < 0. */
int dash_db_dismissed(const struct dash_dismissed_ask *ask, struct mm_buf *out);
/* The number of alerts of the filter: exact, from alert_daily when the
 * filter has no status; with a status filter counted up to
 * DASH_STATUS_COUNT_CAP (*capped 1 when there are more). 0 or < 0. */
int dash_db_alert_count(long long tenant_id, const struct dash_filter *f, long long *n,
			int *capped);
/* Up to DASH_PAGE_SIZE rows from f->offset: the count or < 0. total: the
 * exact count of the filter (pages past its middle are read from the
 * end), or 0 when not known. */
int dash_db_alert_list(long long tenant_id, const struct dash_filter *f, long long total,
		       struct dash_alert *out);
/* 1 found, 0 none (another tenant's, an unregistered device's), < 0. */
int dash_db_alert_get(long long tenant_id, long long id, struct dash_alert *a,
		      struct mm_buf *description, struct mm_buf *action);
/* The registered devices of the tenant: count or < 0. */
int dash_db_devices(long long tenant_id, struct dash_device *out, int cap);
/* 1 when id is a registered device of the tenant, 0 not, < 0. */
int dash_db_device_ok(long long tenant_id, long long id);
/* Categories the tenant's alerts have had: count or < 0. */
int dash_db_categories(long long tenant_id, char (*out)[41 * 4], int cap);

/* Mail settings (defaults when the tenant has no row). */
int dash_db_mail_settings(long long tenant_id, int *threshold, int *chosen);
struct dash_mail_user {
	long long id;
	char name[101 * 4], email[255 * 4];
	int selected;
};
/* The tenant's enabled portal users and whether each is a recipient now. */
int dash_db_mail_users(long long tenant_id, struct dash_mail_user *out, int cap);
/* Saves threshold and recipients (user ids of the tenant) in one
 * transaction. 0 or < 0. */
int dash_db_mail_save(long long tenant_id, int threshold, const long long *users, int n,
		      long long by_user, time_t now);

/* Pages. */
/* The home page's status panel; with ask (else NULL), the asked article
 * ids the reader dismissed are appended to dismissed, comma-separated. */
int dashboard_status_fill(struct mm_req *r, const struct dash_dismissed_ask *ask,
			  struct mm_buf *dismissed);
/* The same from the status read with the session. */
int dashboard_status_fill_read(struct mm_req *r, const struct dash_status_read *st);
/* GET / reads the status with the session (dashboard_home.c). */
extern const struct mm_session_join dashboard_home_join;
int dashboard_alerts(struct mm_req *r);
extern const struct mm_input dashboard_alerts_inputs[];
int dashboard_alert(struct mm_req *r);
int dashboard_settings(struct mm_req *r);
int dashboard_settings_submit(struct mm_req *r);
extern const struct mm_input dashboard_settings_inputs[];
extern const struct mm_input dashboard_settings_view_inputs[];
/* "★★☆" for a severity. */
const char *dash_stars(int severity);
/* The device as people name it: "name (MAC)", the MAC alone, or the serial. */
void dash_device_label(char *out, size_t cap, const char *name, const char *mac);

#endif
