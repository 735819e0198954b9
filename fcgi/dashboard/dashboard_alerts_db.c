/* Alert queries of the dashboard. The status reads the kept daily counts
 * (alert_daily), never the alerts themselves. */
#include "dashboard_alerts.h"
#include "mm_civil.h"
#include "mm_session.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SQL_SEVERITY_COUNTS[] =
	"SELECT ad.severity, SUM(ad.alerts) FROM alert_daily ad"
	" JOIN devices d ON d.id = ad.device_id AND d.status = 'registered'"
	" WHERE ad.tenant_id = ? AND ad.day BETWEEN ? AND ? GROUP BY ad.severity";
/* The alerts of the parts of the first and last Japanese day outside a
 * reader's period, by severity: two ranges of alerts_list_detected, which
 * holds the severity and the device. */
static const char SQL_SEVERITY_OUTSIDE[] =
	"SELECT a.severity, COUNT(*) FROM alerts a FORCE INDEX (alerts_list_detected)"
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
	" WHERE a.tenant_id = ? AND ((a.detected_at >= ? AND a.detected_at < ?)"
	" OR (a.detected_at >= ? AND a.detected_at < ?)) GROUP BY a.severity";
static const char SQL_AWAITING[] =
	"SELECT EXISTS (SELECT 1 FROM devices WHERE tenant_id = ?"
	" AND status = 'awaiting_registration')";

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

int dash_db_severity_counts(long long tenant_id, const char *from_day, const char *to_day,
			    long long counts[4])
{
	struct mm_res res;
	memset(counts, 0, 4 * sizeof *counts);
	int rc = mm_db_query(&res, SQL_SEVERITY_COUNTS, "iss", tenant_id, from_day, to_day);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		long long sev = mm_db_int(&res, 0);
		if (sev >= 1 && sev <= 3)
			counts[sev] = mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	return rc;
}

void dash_tokyo_days(time_t start, time_t before, char from_day[11], char to_day[11])
{
	mm_time_japan_day(start, from_day);
	mm_time_japan_day(before - 1, to_day);
}

#define MAX_OF(a, b) ((a) > (b) ? (a) : (b))

int dash_db_severity_outside(long long tenant_id, time_t start, time_t before,
			     long long counts[4])
{
	time_t head = mm_time_japan_midnight(start);
	time_t tail_end = mm_time_japan_midnight(before - 1) + 86400;
	if (head == start && tail_end == before)
		return 0;	/* a period of whole Japanese days */
	/* a part not to take away is an empty range */
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_SEVERITY_OUTSIDE, "itttt", tenant_id, head, start, before,
			     tail_end);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		long long sev = mm_db_int(&res, 0);
		/* never below none, should a daily count lack its alerts */
		if (sev >= 1 && sev <= 3)
			counts[sev] = MAX_OF(counts[sev] - mm_db_int(&res, 1), 0);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

int dash_db_awaiting_device(long long tenant_id)
{
	long long v = 0;
	int rc = mm_db_get_int(&v, SQL_AWAITING, "i", tenant_id);
	return rc < 0 ? rc : v != 0;
}

/* The tenant's devices (on devices_tenant) and its kept status in one
 * statement; the sums are the fingerprint the kept status must match. The
 * home page's variant also brings the reader's dismissals of the
 * announcements it may show (on the primary key of kb_dismissals) in the
 * same round trip, as a bit mask of their places in the asked list, and
 * reads all of it with the session (dash_db_home_session).
 * Neither a derived table nor GROUP_CONCAT: each made MariaDB create an
 * internal temporary table at every page. The status columns repeat on
 * every device row, hence MAX. */
#define STATUS_AGGREGATES \
	" CAST(COALESCE(SUM(IF(d.status = 'registered', d.id, 0)), 0) AS UNSIGNED)," \
	" CAST(COALESCE(SUM(IF(d.status = 'registered', d.alerts_gen, 0)), 0) AS UNSIGNED)," \
	" COALESCE(MAX(d.status = 'awaiting_registration'), 0), MAX(ds.period_from)," \
	" MAX(ds.period_to), MAX(ds.devices_sum), MAX(ds.gen_sum), MAX(ds.low), MAX(ds.medium)," \
	" MAX(ds.high)"
#define STATUS_NCOLS 10
/* joined to the tenant, t */
#define STATUS_JOINS \
	" LEFT JOIN dashboard_status ds ON ds.tenant_id = t.id" \
	" LEFT JOIN devices d ON d.tenant_id = t.id"
#define STATUS_FROM " FROM tenants t" STATUS_JOINS " WHERE t.id = ?"
/* bit i (from 1) set: the i-th id of the list was dismissed. The primary
 * key (user_id, article_id) is named: on a table without statistics the
 * planner took kb_dismissals_article_fk for the article_id range, a plan
 * that reads every user's dismissals of the current announcements (with
 * 15,000 dismissals and statistics it chose the primary key itself: 1 key
 * read, 2 next). The reader comes between the two parts: a parameter, or
 * the session's column. */
#define DISMISSED_MASK_HEAD \
	"SELECT CAST(COALESCE(BIT_OR(1 << FIND_IN_SET(k.article_id, ?)), 0) AS UNSIGNED)" \
	" FROM kb_dismissals k FORCE INDEX (PRIMARY) WHERE k.user_id = "
#define DISMISSED_MASK_TAIL " AND k.article_id >= ?"
static const char SQL_STATUS_KEPT[] = "SELECT" STATUS_AGGREGATES STATUS_FROM;
static const char SQL_STATUS_KEPT_DISMISSED[] =
	"SELECT" STATUS_AGGREGATES ", (" DISMISSED_MASK_HEAD "?" DISMISSED_MASK_TAIL ")" STATUS_FROM;
static const char SQL_DISMISSED[] = DISMISSED_MASK_HEAD "?" DISMISSED_MASK_TAIL;
/* The session's row (mm_session.h) with the status of the reader's tenant
 * (NULLs for provider staff, who have none) and, in the second variant, the
 * reader's dismissals. */
static const char SQL_HOME_SESSION[] =
	MM_SESSION_COLUMNS "," STATUS_AGGREGATES MM_SESSION_FROM STATUS_JOINS MM_SESSION_WHERE
	MM_SESSION_GROUP;
static const char SQL_HOME_SESSION_DISMISSED[] =
	MM_SESSION_COLUMNS "," STATUS_AGGREGATES ", (" DISMISSED_MASK_HEAD "s.user_id" DISMISSED_MASK_TAIL ")"
	MM_SESSION_FROM STATUS_JOINS MM_SESSION_WHERE MM_SESSION_GROUP;
static const char SQL_STATUS_KEEP[] =
	"INSERT INTO dashboard_status (tenant_id, period_from, period_to, devices_sum, gen_sum,"
	" low, medium, high, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON DUPLICATE KEY UPDATE period_from = VALUES(period_from), period_to = VALUES(period_to),"
	" devices_sum = VALUES(devices_sum), gen_sum = VALUES(gen_sum), low = VALUES(low),"
	" medium = VALUES(medium), high = VALUES(high), computed_at = VALUES(computed_at)";

void dash_dismissed_ids(const struct dash_dismissed_ask *ask, unsigned long long mask,
			struct mm_buf *out)
{
	for (int i = 0; i < ask->n; i++)
		if (mask >> (i + 1) & 1)
			mm_buf_printf(out, "%s%lld", out->len ? "," : "", ask->id[i]);
}

int dash_db_dismissed(const struct dash_dismissed_ask *ask, struct mm_buf *out)
{
	long long mask = 0;
	int rc = mm_db_get_int(&mask, SQL_DISMISSED, "sii", ask->list, ask->user_id, ask->min_id);
	if (rc < 0)
		return rc;
	dash_dismissed_ids(ask, (unsigned long long)mask, out);
	return 0;
}

int dash_db_home_session(const struct dash_dismissed_ask *ask, const unsigned char *token_hash,
			 size_t len, struct mm_res *res)
{
	return ask ? mm_db_query(res, SQL_HOME_SESSION_DISMISSED, "sib", ask->list, ask->min_id,
				 token_hash, len)
		   : mm_db_query(res, SQL_HOME_SESSION, "b", token_hash, len);
}

void dash_status_read_row(const struct mm_res *res, unsigned base, int with_mask,
			  struct dash_status_read *st)
{
	memset(st, 0, sizeof *st);
	st->devices_sum = mm_db_int(res, base);
	st->gen_sum = mm_db_int(res, base + 1);
	st->awaiting = mm_db_int(res, base + 2) != 0;
	const char *from = mm_db_str(res, base + 3), *to = mm_db_str(res, base + 4);
	if (from && to) {
		st->has_kept = 1;
		snprintf(st->kept_from, sizeof st->kept_from, "%s", from);
		snprintf(st->kept_to, sizeof st->kept_to, "%s", to);
		st->kept_devices_sum = mm_db_int(res, base + 5);
		st->kept_gen_sum = mm_db_int(res, base + 6);
		for (unsigned sev = 1; sev <= 3; sev++)
			st->kept_counts[sev] = mm_db_int(res, base + 6 + sev);
	}
	if (with_mask)
		st->dismissed = (unsigned long long)mm_db_int(res, base + STATUS_NCOLS);
}

int dash_db_status_finish(long long tenant_id, const char *from_day, const char *to_day,
			  time_t now, const struct dash_status_read *st, long long counts[4],
			  struct dash_status_keep *keep)
{
	memset(counts, 0, 4 * sizeof *counts);
	keep->due = 0;
	int kept = st->has_kept && strcmp(st->kept_from, from_day) == 0 &&
		   strcmp(st->kept_to, to_day) == 0 && st->kept_devices_sum == st->devices_sum &&
		   st->kept_gen_sum == st->gen_sum;
	if (kept) {
		memcpy(counts, st->kept_counts, 4 * sizeof *counts);
		return 0;
	}
	/* The fingerprint was read before the counts: alerts stored in between
	 * make the kept row mismatch at the next page, never look current. */
	int rc = dash_db_severity_counts(tenant_id, from_day, to_day, counts);
	if (rc < 0)
		return rc;
	keep->due = 1;
	keep->tenant_id = tenant_id;
	keep->devices_sum = st->devices_sum;
	keep->gen_sum = st->gen_sum;
	memcpy(keep->counts, counts, sizeof keep->counts);
	snprintf(keep->from, sizeof keep->from, "%s", from_day);
	snprintf(keep->to, sizeof keep->to, "%s", to_day);
	keep->now = now;
	return 0;
}

int dash_db_status_read(long long tenant_id, const struct dash_dismissed_ask *ask,
			struct dash_status_read *st)
{
	struct mm_res res;
	int rc = ask ? mm_db_query(&res, SQL_STATUS_KEPT_DISMISSED, "siii", ask->list,
				   ask->user_id, ask->min_id, tenant_id)
		     : mm_db_query(&res, SQL_STATUS_KEPT, "i", tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc > 0)
		dash_status_read_row(&res, 0, ask != NULL, st);
	mm_db_done(&res);
	return rc < 0 ? rc : rc == 0 ? MM_DB_ERR : 0;
}

int dash_db_status_keep(const struct dash_status_keep *k)
{
	long long n = mm_db_exec(SQL_STATUS_KEEP, "issiiiiit", k->tenant_id, k->from, k->to,
				 k->devices_sum, k->gen_sum, k->counts[1], k->counts[2],
				 k->counts[3], k->now);
	/* a status that could not be kept is still right for the page */
	if (n < 0)
		mm_log_warn("dashboard status of tenant %lld not kept (%lld)", k->tenant_id, n);
	return n < 0 ? (int)n : 0;
}

/* --- the list ---------------------------------------------------------- */

/* A tenant's list is read on one of four indexes of sql/035 that lead
 * with the tenant and then a sort column, detected_at and id, and hold
 * every filter column after those: the rows a filter drops and the rows
 * before a page's offset are index entries only. A page's 20 ids are read
 * there first; only those rows are read from the table. */
#define ALERT_COLUMNS \
	"SELECT a.id, a.device_id, a.detected_at, a.received_at, a.severity, a.category," \
	" a.source, a.destination, a.url, a.status, d.name, COALESCE(d.mac, '')," \
	" COALESCE(d.serial, '')"
#define ALERT_FROM \
	" FROM alerts a JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
#define INDEXED_FROM(index) \
	" FROM alerts a FORCE INDEX (" index ")" \
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
/* Every filter binds its placeholders whether it is on or off, so one
 * binding order serves every statement. The state: an alert the UTM
 * blocked or quarantined is handled; any other (detected, allowed) is
 * open, a threat not resolved (seed 004 通知①「解決されていない脅威」). */
#define ALERT_WHERE \
	" WHERE a.tenant_id = ?" \
	" AND (? IS NULL OR a.detected_at >= ?)" \
	" AND (? IS NULL OR a.detected_at < ?)" \
	" AND a.severity BETWEEN ? AND ?" \
	" AND (? IS NULL OR a.category = ?)" \
	" AND (? IS NULL OR a.device_id = ?)" \
	" AND (? = 0 OR (? = 1 AND a.status NOT IN ('blocked', 'quarantined'))" \
	" OR (? = 2 AND a.status IN ('blocked', 'quarantined')))"
#define FILTER_TYPES "iTTTTiissnniii"
#define FILTER_ARGS(t, f) (t), (f)->from, (f)->from, (f)->before, (f)->before, \
	(long long)(f)->severity_min, (long long)(f)->severity_max, (f)->category, (f)->category, \
	(f)->device_id, (f)->device_id, (long long)(f)->state, (long long)(f)->state, \
	(long long)(f)->state

#define IX_DETECTED "alerts_list_detected"
#define IX_SEVERITY "alerts_list_severity"
#define IX_CATEGORY "alerts_list_category"
#define IX_DEVICE "alerts_list_device"

/* Counts on the index the filter narrows most: an equality on the device,
 * the category or one severity is a range of its own index. */
#define COUNT(index) "SELECT COUNT(*)" INDEXED_FROM(index) ALERT_WHERE
#define COUNT_CAPPED(index) \
	"SELECT COUNT(*) FROM (SELECT 1" INDEXED_FROM(index) ALERT_WHERE " LIMIT 1001) n"
static const char SQL_COUNT_DETECTED[] = COUNT(IX_DETECTED);
static const char SQL_COUNT_SEVERITY[] = COUNT(IX_SEVERITY);
static const char SQL_COUNT_CATEGORY[] = COUNT(IX_CATEGORY);
static const char SQL_COUNT_DEVICE[] = COUNT(IX_DEVICE);
static const char SQL_COUNT_CAPPED_DETECTED[] = COUNT_CAPPED(IX_DETECTED);
static const char SQL_COUNT_CAPPED_SEVERITY[] = COUNT_CAPPED(IX_SEVERITY);
static const char SQL_COUNT_CAPPED_CATEGORY[] = COUNT_CAPPED(IX_CATEGORY);
static const char SQL_COUNT_CAPPED_DEVICE[] = COUNT_CAPPED(IX_DEVICE);

/* The filters that alert_daily (Japanese days, written in the alerts' own
 * transaction) can count: all but the status. About 1,500 rows of
 * alert_daily for the largest tenant's 45 days instead of 200,000 alerts. */
static const char SQL_COUNT_DAILY[] =
	"SELECT CAST(COALESCE(SUM(ad.alerts), 0) AS SIGNED) FROM alert_daily ad"
	" JOIN devices d ON d.id = ad.device_id AND d.status = 'registered'"
	" WHERE ad.tenant_id = ? AND (? IS NULL OR ad.day >= ?) AND (? IS NULL OR ad.day <= ?)"
	" AND ad.severity BETWEEN ? AND ? AND (? IS NULL OR ad.category = ?)"
	" AND (? IS NULL OR ad.device_id = ?)";
/* The same daily counts by day, in the list's direction: where a far page
 * of the detection-time order begins (day_jump). */
#define DAYS \
	"SELECT ad.day, CAST(SUM(ad.alerts) AS SIGNED) FROM alert_daily ad" \
	" JOIN devices d ON d.id = ad.device_id AND d.status = 'registered'" \
	" WHERE ad.tenant_id = ? AND (? IS NULL OR ad.day >= ?) AND (? IS NULL OR ad.day <= ?)" \
	" AND ad.severity BETWEEN ? AND ? AND (? IS NULL OR ad.category = ?)" \
	" AND (? IS NULL OR ad.device_id = ?) GROUP BY ad.day"
static const char SQL_DAYS_ASC[] = DAYS " ORDER BY ad.day";
static const char SQL_DAYS_DESC[] = DAYS " ORDER BY ad.day DESC";

/* A page's ids in the list's order on index, then their rows by primary
 * key in that order (STRAIGHT_JOIN keeps it: no second sort). */
#define PAGE(index, where, order) \
	ALERT_COLUMNS " FROM (SELECT a.id" INDEXED_FROM(index) ALERT_WHERE where \
	" ORDER BY " order " LIMIT ?, ?) p STRAIGHT_JOIN alerts a ON a.id = p.id" \
	" JOIN devices d ON d.id = a.device_id"
#define BY_TIME_ASC "a.detected_at, a.id"
#define BY_TIME_DESC "a.detected_at DESC, a.id DESC"
static const char SQL_PAGE_DETECTED_ASC[] = PAGE(IX_DETECTED, "", BY_TIME_ASC);
static const char SQL_PAGE_DETECTED_DESC[] = PAGE(IX_DETECTED, "", BY_TIME_DESC);
/* the detection-time order within one severity, category or device */
static const char SQL_PAGE_IN_SEVERITY_ASC[] = PAGE(IX_SEVERITY, "", BY_TIME_ASC);
static const char SQL_PAGE_IN_SEVERITY_DESC[] = PAGE(IX_SEVERITY, "", BY_TIME_DESC);
static const char SQL_PAGE_IN_CATEGORY_ASC[] = PAGE(IX_CATEGORY, "", BY_TIME_ASC);
static const char SQL_PAGE_IN_CATEGORY_DESC[] = PAGE(IX_CATEGORY, "", BY_TIME_DESC);
static const char SQL_PAGE_IN_DEVICE_ASC[] = PAGE(IX_DEVICE, "", BY_TIME_ASC);
static const char SQL_PAGE_IN_DEVICE_DESC[] = PAGE(IX_DEVICE, "", BY_TIME_DESC);
static const char SQL_PAGE_SEVERITY_ASC[] =
	PAGE(IX_SEVERITY, "", "a.severity, a.detected_at, a.id");
static const char SQL_PAGE_SEVERITY_DESC[] =
	PAGE(IX_SEVERITY, "", "a.severity DESC, a.detected_at DESC, a.id DESC");
static const char SQL_PAGE_CATEGORY_ASC[] =
	PAGE(IX_CATEGORY, "", "a.category, a.detected_at, a.id");
static const char SQL_PAGE_CATEGORY_DESC[] =
	PAGE(IX_CATEGORY, "", "a.category DESC, a.detected_at DESC, a.id DESC");
/* The devices sort by name (their MAC when unnamed) and are read one after
 * another (device_walk); several devices of the same name are read
 * together, in detection-time order. */
#define DEVICE_KEY "COALESCE(NULLIF(name, ''), mac, '')"
#define SAME_NAME \
	" AND a.device_id IN (SELECT n.id FROM devices n WHERE n.tenant_id = ?" \
	" AND n.status = 'registered' AND COALESCE(NULLIF(n.name, ''), n.mac, '') = ?)"
static const char SQL_PAGE_NAMED_ASC[] = PAGE(IX_DETECTED, SAME_NAME, BY_TIME_ASC);
static const char SQL_PAGE_NAMED_DESC[] = PAGE(IX_DETECTED, SAME_NAME, BY_TIME_DESC);
static const char SQL_COUNT_NAMED[] = COUNT(IX_DETECTED) SAME_NAME;
/* The tenant's registered devices in the device sort's order; devices of
 * the same name (as the collation compares them) share a rank. */
static const char SQL_DEVICE_ORDER[] =
	"SELECT id, " DEVICE_KEY ", DENSE_RANK() OVER (ORDER BY " DEVICE_KEY ")"
	" FROM devices WHERE tenant_id = ? AND status = 'registered' ORDER BY " DEVICE_KEY ", id";

/* Keyset pages of the detection-time sort: a range of alerts_list_detected
 * from the previous page's last row, where an offset would walk every row
 * before the page. The bound on detected_at alone makes it a range; the
 * planner still prefers the tenant's whole ref (and walks it from the end)
 * unless the index is named. */
#define KEYSET_FROM \
	" FROM alerts a FORCE INDEX (alerts_list_detected)" \
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
static const char SQL_KEYSET_DETECTED_ASC[] =
	ALERT_COLUMNS KEYSET_FROM ALERT_WHERE
	" AND a.detected_at >= ? AND (a.detected_at > ? OR a.id > ?)"
	" ORDER BY a.detected_at, a.id LIMIT 20";
static const char SQL_KEYSET_DETECTED_DESC[] =
	ALERT_COLUMNS KEYSET_FROM ALERT_WHERE
	" AND a.detected_at <= ? AND (a.detected_at < ? OR a.id < ?)"
	" ORDER BY a.detected_at DESC, a.id DESC LIMIT 20";

static const char SQL_GET[] =
	ALERT_COLUMNS ", a.description, a.action, a.device_alert_id" ALERT_FROM " WHERE a.id = ? AND a.tenant_id = ?";

/* Which index narrows the filter most. */
enum narrow { NARROW_NONE, NARROW_SEVERITY, NARROW_CATEGORY, NARROW_DEVICE };

static enum narrow narrow_of(const struct dash_filter *f)
{
	return f->device_id ? NARROW_DEVICE : f->category ? NARROW_CATEGORY :
	       f->severity_min == f->severity_max ? NARROW_SEVERITY : NARROW_NONE;
}

#define COUNT_QUERY(sql) mm_db_get_int(n, sql, FILTER_TYPES, FILTER_ARGS(tenant_id, f))

/* The exact count of the filter, row by row; capped: up to
 * DASH_STATUS_COUNT_CAP + 1. */
static int count_rows(long long tenant_id, const struct dash_filter *f, int capped, long long *n)
{
	int rc;
	switch (narrow_of(f)) {
	case NARROW_DEVICE:
		rc = COUNT_QUERY(capped ? SQL_COUNT_CAPPED_DEVICE : SQL_COUNT_DEVICE);
		break;
	case NARROW_CATEGORY:
		rc = COUNT_QUERY(capped ? SQL_COUNT_CAPPED_CATEGORY : SQL_COUNT_CATEGORY);
		break;
	case NARROW_SEVERITY:
		rc = COUNT_QUERY(capped ? SQL_COUNT_CAPPED_SEVERITY : SQL_COUNT_SEVERITY);
		break;
	default:
		rc = COUNT_QUERY(capped ? SQL_COUNT_CAPPED_DETECTED : SQL_COUNT_DETECTED);
		break;
	}
	return rc < 0 ? rc : 0;
}

/* The rows of [from, before) under f's other filters, both ends within
 * one Japanese day. */
static int count_part(long long tenant_id, const struct dash_filter *f, time_t from,
		      time_t before, long long *n)
{
	struct dash_filter part = *f;
	part.from = from;
	part.before = before;
	return count_rows(tenant_id, &part, 0, n);
}

/* A filter without status from the daily counts: the Japanese days the
 * period touches, less the rows of its first and last day outside it
 * (periods of another time zone begin and end within a Japanese day). */
static int count_daily(long long tenant_id, const struct dash_filter *f, long long *n)
{
	char from[11] = "", to[11] = "";
	time_t day_from = f->from ? mm_time_japan_midnight(f->from) : 0;
	time_t day_end = f->before ? mm_time_japan_midnight(f->before - 1) + 86400 : 0;
	if (f->from)
		mm_time_japan_day(f->from, from);
	if (f->before)
		mm_time_japan_day(f->before - 1, to);
	int rc = mm_db_get_int(n, SQL_COUNT_DAILY, "iTsTsiissnn", tenant_id, f->from, from,
			       f->before, to, (long long)f->severity_min,
			       (long long)f->severity_max, f->category, f->category, f->device_id,
			       f->device_id);
	long long outside = 0;
	if (rc >= 0 && f->from && day_from < f->from && (rc = count_part(tenant_id, f, day_from,
									 f->from, &outside)) >= 0)
		*n -= outside;
	if (rc >= 0 && f->before && f->before < day_end &&
	    (rc = count_part(tenant_id, f, f->before, day_end, &outside)) >= 0)
		*n -= outside;
	return rc < 0 ? rc : 0;
}

/* Japanese midnight of "YYYY-MM-DD", 0 when malformed. */
static time_t tokyo_day_start(const char *day)
{
	int y, m, d;
	if (!day || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return (time_t)(mm_days_from_civil(y, m, d) * 86400 - 9 * 3600);
}

/* Pages this far from both ends of a list in detection-time order start
 * from the day that holds them. */
#define DAY_JUMP_MIN 2000

/* For a list in detection-time order counted from alert_daily: narrows
 * f's period to begin (descending: end) at the Japanese day that holds row
 * *offset, and makes *offset the row's place within that day, so the
 * index entries walked before the page are that day's at most instead of
 * every row before it. 1 when narrowed, 0 not, < 0 error. */
static int day_jump(long long tenant_id, struct dash_filter *f, long long *offset)
{
	if (f->state != DASH_STATE_ANY || *offset < DAY_JUMP_MIN ||
	    (f->from && mm_time_japan_midnight(f->from) != f->from) ||
	    (f->before && mm_time_japan_midnight(f->before) != f->before))
		return 0;
	char from[11] = "", to[11] = "";
	if (f->from)
		mm_time_japan_day(f->from, from);
	if (f->before)
		mm_time_japan_day(f->before - 1, to);
	struct mm_res res;
	int rc = mm_db_query(&res, f->desc ? SQL_DAYS_DESC : SQL_DAYS_ASC, "iTsTsiissnn",
			     tenant_id, f->from, from, f->before, to, (long long)f->severity_min,
			     (long long)f->severity_max, f->category, f->category, f->device_id,
			     f->device_id);
	if (rc < 0)
		return rc;
	long long passed = 0;
	time_t day = 0;
	while ((rc = mm_db_next(&res)) > 0) {
		long long n = mm_db_int(&res, 1);
		if (passed + n > *offset) {
			day = tokyo_day_start(mm_db_str(&res, 0));
			break;
		}
		passed += n;
	}
	mm_db_done(&res);
	if (rc < 0 || !day)
		return rc < 0 ? rc : 0;
	if (f->desc)
		f->before = day + 86400;
	else
		f->from = day;
	*offset -= passed;
	return 1;
}

int dash_db_alert_count(long long tenant_id, const struct dash_filter *f, long long *n,
			int *capped)
{
	*capped = 0;
	if (f->state != DASH_STATE_ANY) {
		/* the status is in no kept count: rows, up to the cap */
		int rc = count_rows(tenant_id, f, 1, n);
		if (rc >= 0 && *n > DASH_STATUS_COUNT_CAP) {
			*n = DASH_STATUS_COUNT_CAP;
			*capped = 1;
		}
		return rc;
	}
	/* a large tenant is counted from the daily counts; one with few
	 * alerts row by row (exact even for rows stored without their daily
	 * count, as tests and imports may) */
	int rc = count_daily(tenant_id, f, n);
	if (rc < 0 || *n > DASH_COUNT_EXACT_MAX)
		return rc;
	return count_rows(tenant_id, f, 0, n);
}

static void read_alert(const struct mm_res *res, struct dash_alert *a)
{
	memset(a, 0, sizeof *a);
	a->id = mm_db_int(res, 0);
	a->device_id = mm_db_int(res, 1);
	a->detected_at = mm_db_time(res, 2);
	a->received_at = mm_db_time(res, 3);
	a->severity = (int)mm_db_int(res, 4);
	copy(a->category, sizeof a->category, mm_db_str(res, 5));
	copy(a->source, sizeof a->source, mm_db_str(res, 6));
	copy(a->destination, sizeof a->destination, mm_db_str(res, 7));
	copy(a->url, sizeof a->url, mm_db_str(res, 8));
	copy(a->status, sizeof a->status, mm_db_str(res, 9));
	copy(a->device_name, sizeof a->device_name, mm_db_str(res, 10));
	copy(a->mac, sizeof a->mac, mm_db_str(res, 11));
	copy(a->serial, sizeof a->serial, mm_db_str(res, 12));
}

static int read_rows(struct mm_res *res, struct dash_alert *out, int cap)
{
	int n = 0, rc;
	while ((rc = mm_db_next(res)) > 0)
		if (n < cap)
			read_alert(res, &out[n++]);
	mm_db_done(res);
	return rc < 0 ? rc : n;
}

#define NAMED_QUERY(sql) mm_db_query(&res, sql, FILTER_TYPES "isii", FILTER_ARGS(tenant_id, f), \
				     tenant_id, name, offset, (long long)limit)
#define PAGE_QUERY(sql) mm_db_query(&res, sql, FILTER_TYPES "ii", FILTER_ARGS(tenant_id, f), \
				    offset, (long long)limit)

/* limit rows from offset in f's sort, direction desc (one device group for
 * the device sort: f->device_id, or the devices named name when set). */
static int page_rows(long long tenant_id, const struct dash_filter *f, int desc,
		     long long offset, int limit, const char *name, struct dash_alert *out)
{
	struct mm_res res;
	int rc;
	if (name) {
		rc = NAMED_QUERY(desc ? SQL_PAGE_NAMED_DESC : SQL_PAGE_NAMED_ASC);
	} else if (f->sort == DASH_SORT_SEVERITY && f->severity_min != f->severity_max) {
		/* (one severity sorted by severity is in time order: below; with
		 * the severity both in the equality and in ORDER BY the planner
		 * sorted all the severity's rows instead of walking the index) */
		rc = PAGE_QUERY(desc ? SQL_PAGE_SEVERITY_DESC : SQL_PAGE_SEVERITY_ASC);
	} else if (f->sort == DASH_SORT_CATEGORY && !f->category) {
		rc = PAGE_QUERY(desc ? SQL_PAGE_CATEGORY_DESC : SQL_PAGE_CATEGORY_ASC);
	} else switch (narrow_of(f)) {
	/* one category, device or severity: its index is in time order */
	case NARROW_DEVICE:
		rc = PAGE_QUERY(desc ? SQL_PAGE_IN_DEVICE_DESC : SQL_PAGE_IN_DEVICE_ASC);
		break;
	case NARROW_CATEGORY:
		rc = PAGE_QUERY(desc ? SQL_PAGE_IN_CATEGORY_DESC : SQL_PAGE_IN_CATEGORY_ASC);
		break;
	case NARROW_SEVERITY:
		rc = PAGE_QUERY(desc ? SQL_PAGE_IN_SEVERITY_DESC : SQL_PAGE_IN_SEVERITY_ASC);
		break;
	default:
		rc = PAGE_QUERY(desc ? SQL_PAGE_DETECTED_DESC : SQL_PAGE_DETECTED_ASC);
		break;
	}
	return rc < 0 ? rc : read_rows(&res, out, limit);
}

/* A page whose offset is past the middle of a known total is read from the
 * end, in the opposite order, with the smaller offset: the index entries
 * walked before the page are at most half the rows. */
static int page_either_end(long long tenant_id, const struct dash_filter *f, long long total,
			   long long offset, int limit, const char *name, struct dash_alert *out)
{
	/* a list in detection-time order counted from alert_daily: its far
	 * pages start from their day */
	int by_time = !name && (f->sort == DASH_SORT_DETECTED || f->sort == DASH_SORT_DEVICE ||
				(f->sort == DASH_SORT_SEVERITY && f->severity_min == f->severity_max) ||
				(f->sort == DASH_SORT_CATEGORY && f->category));
	if (by_time && total > DASH_COUNT_EXACT_MAX && offset + limit < total - DAY_JUMP_MIN) {
		struct dash_filter day = *f;
		long long within = offset;
		int rc = day_jump(tenant_id, &day, &within);
		if (rc != 0)
			return rc < 0 ? rc : page_rows(tenant_id, &day, f->desc, within, limit, NULL,
						       out);
	}
	if (total <= 0 || offset <= total / 2 || offset >= total)
		return page_rows(tenant_id, f, f->desc, offset, limit, name, out);
	int n = (int)(total - offset < limit ? total - offset : limit);
	int got = page_rows(tenant_id, f, !f->desc, total - offset - n, n, name, out);
	for (int i = 0; i < got / 2; i++) {
		struct dash_alert tmp = out[i];
		out[i] = out[got - 1 - i];
		out[got - 1 - i] = tmp;
	}
	return got;
}

#define NAMED_COUNT(sql) mm_db_get_int(rows, sql, FILTER_TYPES "is", FILTER_ARGS(tenant_id, f), \
				       tenant_id, name)

/* The rows of one device group of the device sort (see device_walk). */
static int group_count(long long tenant_id, const struct dash_filter *f, const char *name,
		       long long *rows)
{
	if (name) {
		int rc = NAMED_COUNT(SQL_COUNT_NAMED);
		return rc < 0 ? rc : 0;
	}
	if (f->state != DASH_STATE_ANY)
		return count_rows(tenant_id, f, 0, rows);
	int rc = count_daily(tenant_id, f, rows);
	if (rc < 0 || *rows > DASH_COUNT_EXACT_MAX)
		return rc;
	return count_rows(tenant_id, f, 0, rows);
}

struct device_rank {
	long long id, rank;
	char name[101 * 4];
};

/* The device sort: the devices in order, each a range of
 * alerts_list_device in detection-time order, from the page's offset on.
 * A device whose rows all lie before the offset is skipped by its count
 * (from alert_daily when the filter allows). */
static int device_walk(long long tenant_id, const struct dash_filter *f, long long total,
		       struct dash_alert *out)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DEVICE_ORDER, "i", tenant_id);
	if (rc < 0)
		return rc;
	int ndev = 0, cap = 0;
	struct device_rank *devs = NULL;
	while ((rc = mm_db_next(&res)) > 0) {
		if (ndev == cap) {
			struct device_rank *more = realloc(devs, (size_t)(cap = cap ? 2 * cap : 16) *
							   sizeof *devs);
			if (!more) {
				rc = MM_DB_ERR;
				break;
			}
			devs = more;
		}
		devs[ndev].id = mm_db_int(&res, 0);
		copy(devs[ndev].name, sizeof devs[ndev].name, mm_db_str(&res, 1));
		devs[ndev].rank = mm_db_int(&res, 2);
		ndev++;
	}
	mm_db_done(&res);
	long long skip = f->offset;
	int n = 0;
	for (int g = 0; rc >= 0 && n < DASH_PAGE_SIZE && g < ndev;) {
		/* the group of devices sharing a name: [lo, hi) in ascending
		 * order, taken from the end for the descending sort */
		int lo, hi;
		if (f->desc) {
			hi = ndev - g;
			for (lo = hi - 1; lo > 0 && devs[lo - 1].rank == devs[hi - 1].rank; lo--)
				;
		} else {
			lo = g;
			for (hi = lo + 1; hi < ndev && devs[hi].rank == devs[lo].rank; hi++)
				;
		}
		g += hi - lo;
		struct dash_filter gf = *f;
		const char *name = NULL;
		if (hi - lo == 1) {
			if (f->device_id && f->device_id != devs[lo].id)
				continue;
			gf.device_id = devs[lo].id;
		} else {
			name = devs[lo].name;
		}
		/* a device before the offset is skipped by its count alone (a
		 * status filter has no kept count: its rows are walked) */
		long long rows = -1;
		if (skip > 0 && gf.state == DASH_STATE_ANY) {
			if ((rc = group_count(tenant_id, &gf, name, &rows)) < 0)
				break;
			if (skip >= rows) {
				skip -= rows;
				continue;
			}
		}
		rc = page_either_end(tenant_id, &gf, rows > 0 ? rows : 0, skip,
				     DASH_PAGE_SIZE - n, name, out + n);
		if (rc > 0) {
			n += rc;
			skip = 0;
		} else if (rc == 0 && skip > 0 && rows < 0 &&
			   (rc = group_count(tenant_id, &gf, name, &rows)) >= 0) {
			skip = skip > rows ? skip - rows : 0;
		}
	}
	free(devs);
	return rc < 0 ? rc : n;
}

/* A far page of the severity or category sort counted from alert_daily:
 * the sort's values one after another (as device_walk), each skipped by
 * its count or read in detection-time order from the day of its offset. */
static int key_walk(long long tenant_id, const struct dash_filter *f, struct dash_alert *out)
{
	char (*cats)[41 * 4] = NULL;
	int nkeys;
	if (f->sort == DASH_SORT_SEVERITY) {
		nkeys = f->severity_max - f->severity_min + 1;
	} else {
		cats = calloc(DASH_MAX_CATEGORIES, sizeof *cats);
		nkeys = cats ? dash_db_categories(tenant_id, cats, DASH_MAX_CATEGORIES) : MM_DB_ERR;
		if (nkeys == DASH_MAX_CATEGORIES) {
			/* more categories than read: the plain walk */
			free(cats);
			return page_rows(tenant_id, f, f->desc, f->offset, DASH_PAGE_SIZE, NULL, out);
		}
	}
	long long skip = f->offset;
	int n = 0, rc = nkeys < 0 ? nkeys : 0;
	for (int k = 0; rc >= 0 && k < nkeys && n < DASH_PAGE_SIZE; k++) {
		int i = f->desc ? nkeys - 1 - k : k;
		struct dash_filter gf = *f;
		if (cats)
			gf.category = cats[i];
		else
			gf.severity_min = gf.severity_max = f->severity_min + i;
		long long rows = 0;
		if ((rc = group_count(tenant_id, &gf, NULL, &rows)) < 0)
			break;
		if (skip >= rows) {
			skip -= rows;
			continue;
		}
		rc = page_either_end(tenant_id, &gf, rows, skip, DASH_PAGE_SIZE - n, NULL, out + n);
		if (rc > 0) {
			n += rc;
			skip = 0;
		}
	}
	free(cats);
	return rc < 0 ? rc : n;
}

int dash_db_alert_list(long long tenant_id, const struct dash_filter *f, long long total,
		       struct dash_alert *out)
{
	struct mm_res res;
	int rc;
	if (f->keyset && f->sort == DASH_SORT_DETECTED) {
		rc = mm_db_query(&res, f->desc ? SQL_KEYSET_DETECTED_DESC : SQL_KEYSET_DETECTED_ASC,
				 FILTER_TYPES "tti", FILTER_ARGS(tenant_id, f), f->after_at,
				 f->after_at, f->after_id);
		return rc < 0 ? rc : read_rows(&res, out, DASH_PAGE_SIZE);
	}
	if (f->sort == DASH_SORT_DEVICE)
		return device_walk(tenant_id, f, total, out);
	int by_key = (f->sort == DASH_SORT_SEVERITY && f->severity_min != f->severity_max) ||
		     (f->sort == DASH_SORT_CATEGORY && !f->category);
	if (by_key && f->state == DASH_STATE_ANY && total > DASH_COUNT_EXACT_MAX &&
	    f->offset >= DAY_JUMP_MIN && f->offset + DASH_PAGE_SIZE < total - DAY_JUMP_MIN)
		return key_walk(tenant_id, f, out);
	return page_either_end(tenant_id, f, total, f->offset, DASH_PAGE_SIZE, NULL, out);
}

int dash_db_alert_get(long long tenant_id, long long id, struct dash_alert *a,
		      struct mm_buf *description, struct mm_buf *action)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_GET, "ii", id, tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc > 0) {
		read_alert(&res, a);
		if (description)
			mm_buf_add(description, mm_db_str(&res, 13) ? mm_db_str(&res, 13) : "",
				   mm_db_len(&res, 13));
		if (action)
			mm_buf_add(action, mm_db_str(&res, 14) ? mm_db_str(&res, 14) : "",
				   mm_db_len(&res, 14));
		snprintf(a->device_alert_id, sizeof a->device_alert_id, "%s", mm_db_str(&res, 15));
	}
	mm_db_done(&res);
	return rc;
}

/* --- the filter's choices ---------------------------------------------- */

static const char SQL_DEVICES[] =
	"SELECT id, name, COALESCE(mac, '') FROM devices WHERE tenant_id = ?"
	" AND status = 'registered' ORDER BY name, mac, id";
static const char SQL_DEVICE_OK[] =
	"SELECT COUNT(*) FROM devices WHERE id = ? AND tenant_id = ? AND status = 'registered'";
/* On alerts_list_category a loose index scan would read one entry per
 * category, but a prepared statement used it at its first execution only
 * (MariaDB 10.11): from the second on it read every alert of the tenant
 * (205,000 for the largest). The tenant's alert_daily rows are 1,500. */
static const char SQL_CATEGORIES[] =
	"SELECT DISTINCT category FROM alert_daily WHERE tenant_id = ? ORDER BY category";

int dash_db_devices(long long tenant_id, struct dash_device *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DEVICES, "i", tenant_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0) {
		if (n == cap)
			continue;
		out[n].id = mm_db_int(&res, 0);
		copy(out[n].name, sizeof out[n].name, mm_db_str(&res, 1));
		copy(out[n].mac, sizeof out[n].mac, mm_db_str(&res, 2));
		n++;
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int dash_db_device_ok(long long tenant_id, long long id)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_DEVICE_OK, "ii", id, tenant_id);
	return rc < 0 ? rc : n > 0;
}

int dash_db_categories(long long tenant_id, char (*out)[41 * 4], int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_CATEGORIES, "i", tenant_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0)
		if (n < cap)
			copy(out[n++], sizeof *out, mm_db_str(&res, 0));
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

/* --- mail settings -------------------------------------------------------- */

static const char SQL_MAIL_SETTINGS[] =
	"SELECT threshold, recipients_chosen FROM alert_mail_settings WHERE tenant_id = ?";
static const char SQL_MAIL_USERS[] =
	"SELECT u.id, u.display_name, u.email,"
	" s.recipients_chosen IS NULL OR s.recipients_chosen = 0 OR r.user_id IS NOT NULL"
	" FROM users u LEFT JOIN alert_mail_settings s ON s.tenant_id = u.tenant_id"
	" LEFT JOIN alert_mail_recipients r ON r.tenant_id = u.tenant_id AND r.user_id = u.id"
	" WHERE u.tenant_id = ? AND u.disabled = 0 ORDER BY u.display_name, u.id";
static const char SQL_MAIL_SAVE[] =
	"INSERT INTO alert_mail_settings (tenant_id, threshold, recipients_chosen, updated_at,"
	" updated_by) VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE threshold = VALUES(threshold),"
	" recipients_chosen = 1, updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)";
static const char SQL_MAIL_CLEAR[] = "DELETE FROM alert_mail_recipients WHERE tenant_id = ?";
/* only an enabled user of the same tenant can be added */
static const char SQL_MAIL_ADD[] =
	"INSERT INTO alert_mail_recipients (tenant_id, user_id) SELECT tenant_id, id FROM users"
	" WHERE id = ? AND tenant_id = ? AND disabled = 0";

int dash_db_mail_settings(long long tenant_id, int *threshold, int *chosen)
{
	struct mm_res res;
	*threshold = (int)mm_cfg_int("AlertMail.DefaultThreshold", 2);
	*chosen = 0;
	int rc = mm_db_query(&res, SQL_MAIL_SETTINGS, "i", tenant_id);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_next(&res)) > 0) {
		*threshold = (int)mm_db_int(&res, 0);
		*chosen = (int)mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

int dash_db_mail_users(long long tenant_id, struct dash_mail_user *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_MAIL_USERS, "i", tenant_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0) {
		if (n == cap)
			continue;
		out[n].id = mm_db_int(&res, 0);
		copy(out[n].name, sizeof out[n].name, mm_db_str(&res, 1));
		copy(out[n].email, sizeof out[n].email, mm_db_str(&res, 2));
		out[n].selected = mm_db_int(&res, 3) != 0;
		n++;
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

struct save_tx {
	long long tenant_id, by_user;
	int threshold, n;
	const long long *users;
	time_t now;
};

static int save_tx(void *ctx)
{
	struct save_tx *t = ctx;
	long long rc = mm_db_exec(SQL_MAIL_SAVE, "iiti", t->tenant_id, (long long)t->threshold,
				  t->now, t->by_user);
	if (rc >= 0)
		rc = mm_db_exec(SQL_MAIL_CLEAR, "i", t->tenant_id);
	for (int i = 0; rc >= 0 && i < t->n; i++)
		rc = mm_db_exec(SQL_MAIL_ADD, "ii", t->users[i], t->tenant_id);
	return rc < 0 ? (int)rc : 0;
}

int dash_db_mail_save(long long tenant_id, int threshold, const long long *users, int n,
		      long long by_user, time_t now)
{
	struct save_tx t = { tenant_id, by_user, threshold, n, users, now };
	return mm_db_transaction(save_tx, &t);
}
