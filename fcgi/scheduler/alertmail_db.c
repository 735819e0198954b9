/* Queries of mimamori-alertmail. */
#include "alertmail.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tenants whose devices stored alerts since the pass's start
 * (devices_alerts_received: one entry per device however many alerts it
 * sent, sql/031_ingest_speed.sql) and whose newest settled alert is past
 * their cursor (alerts_tenant_id read from the tenant's newest entry down,
 * stopping at the first settled one: the index is named because the
 * planner would walk the primary key from the end instead), and the
 * deferred tenants on alert_mail_cursor_waiting. A device still receiving
 * has alerts_received_at after the pass's end: it is a candidate all the
 * same, for its alerts already settled. */
static const char SQL_CANDIDATES[] =
	"SELECT DISTINCT d.tenant_id FROM devices d"
	" LEFT JOIN alert_mail_cursor c ON c.tenant_id = d.tenant_id"
	" WHERE d.alerts_received_at > ?"
	" AND (SELECT a.id FROM alerts a FORCE INDEX (alerts_tenant_id)"
	" WHERE a.tenant_id = d.tenant_id AND a.received_at <= ? ORDER BY a.id DESC LIMIT 1)"
	" > COALESCE(c.last_alert_id, 0)"
	" UNION SELECT tenant_id FROM alert_mail_cursor WHERE waiting = 1";
static const char SQL_CURSOR_CREATE[] =
	"INSERT IGNORE INTO alert_mail_cursor (tenant_id, last_alert_id) VALUES (?, 0)";
static const char SQL_CURSOR_LOCK[] =
	"SELECT last_alert_id, last_mail_at FROM alert_mail_cursor WHERE tenant_id = ? FOR UPDATE";
static const char SQL_CURSOR_ADVANCE[] =
	"UPDATE alert_mail_cursor SET last_alert_id = ?, waiting = 0,"
	" last_mail_at = COALESCE(?, last_mail_at), mails = mails + (? IS NOT NULL)"
	" WHERE tenant_id = ?";
static const char SQL_CURSOR_WAIT[] =
	"UPDATE alert_mail_cursor SET waiting = 1 WHERE tenant_id = ?";
static const char SQL_SETTINGS[] =
	"SELECT threshold, recipients_chosen FROM alert_mail_settings WHERE tenant_id = ?";
/* The newest settled alert past the cursor, read from the newest down: it
 * stops at the first row received before the settling time, where MAX(id)
 * read every alert since the cursor (a waiting tenant's whole window, at
 * every pass). */
static const char SQL_SPAN[] =
	"SELECT COALESCE((SELECT id FROM alerts FORCE INDEX (alerts_tenant_id)"
	" WHERE tenant_id = ? AND id > ? AND received_at <= ?"
	" ORDER BY id DESC LIMIT 1), 0)";
/* blocked or quarantined: the UTM dealt with the threat (alertmail.h) */
#define UNRESOLVED " AND (? = 0 OR a.status NOT IN ('blocked', 'quarantined'))"
static const char SQL_IMPORTANT[] =
	"SELECT COUNT(*), MIN(a.detected_at), MAX(a.detected_at) FROM alerts a"
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
	" WHERE a.tenant_id = ? AND a.id > ? AND a.id <= ? AND a.severity >= ?" UNRESOLVED;
static const char SQL_HEADLINE[] =
	"SELECT a.id, a.detected_at, a.severity, a.category, a.source, a.destination, a.url,"
	" a.status, d.name, COALESCE(d.mac, ''), a.description, a.action, a.device_alert_id"
	" FROM alerts a"
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
	" WHERE a.tenant_id = ? AND a.id > ? AND a.id <= ? AND a.severity >= ?" UNRESOLVED
	" ORDER BY a.severity DESC, a.id LIMIT 1";
static const char SQL_RECIPIENTS_ALL[] =
	"SELECT email, lang, time_zone FROM users WHERE tenant_id = ? AND disabled = 0"
	" AND email <> '' ORDER BY id";
static const char SQL_RECIPIENTS_CHOSEN[] =
	"SELECT u.email, u.lang, u.time_zone FROM alert_mail_recipients r"
	" JOIN users u ON u.id = r.user_id AND u.tenant_id = r.tenant_id"
	" WHERE r.tenant_id = ? AND u.disabled = 0 AND u.email <> '' ORDER BY u.id";

int am_db_candidates(time_t from, time_t upto, long long **out)
{
	struct mm_res res;
	*out = NULL;
	int rc = mm_db_query(&res, SQL_CANDIDATES, "tt", from, upto);
	if (rc < 0)
		return rc;
	int n = 0, cap = 0;
	while ((rc = mm_db_next(&res)) > 0) {
		if (n == cap) {
			int grown = cap ? cap * 2 : 256;
			long long *p = realloc(*out, (size_t)grown * sizeof *p);
			if (!p) {
				rc = MM_DB_ERR;
				break;
			}
			*out = p;
			cap = grown;
		}
		(*out)[n++] = mm_db_int(&res, 0);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int am_db_cursor_wait(long long tenant_id)
{
	long long n = mm_db_exec(SQL_CURSOR_WAIT, "i", tenant_id);
	return n < 0 ? (int)n : 0;
}

int am_db_cursor_lock(long long tenant_id, long long *last_alert_id, time_t *last_mail_at)
{
	long long n = mm_db_exec(SQL_CURSOR_CREATE, "i", tenant_id);
	if (n < 0)
		return (int)n;
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_CURSOR_LOCK, "i", tenant_id);
	if (rc == 1) {
		*last_alert_id = mm_db_int(&res, 0);
		*last_mail_at = mm_db_time(&res, 1);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : rc == 0 ? MM_DB_ERR : 0;
}

int am_db_cursor_advance(long long tenant_id, long long last_alert_id, time_t mailed_at)
{
	long long n = mm_db_exec(SQL_CURSOR_ADVANCE, "iTTi", last_alert_id, mailed_at, mailed_at,
				 tenant_id);
	return n < 0 ? (int)n : n == 1 ? 0 : MM_DB_ERR;
}

int am_db_settings(long long tenant_id, int default_threshold, int *threshold, int *chosen)
{
	struct mm_res res;
	*threshold = default_threshold;
	*chosen = 0;
	int rc = mm_db_query_row(&res, SQL_SETTINGS, "i", tenant_id);
	if (rc == 1) {
		*threshold = (int)mm_db_int(&res, 0);
		*chosen = (int)mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

int am_db_span(long long tenant_id, long long after, time_t settled_at, long long *upto)
{
	*upto = 0;
	int rc = mm_db_get_int(upto, SQL_SPAN, "iit", tenant_id, after, settled_at);
	return rc < 0 ? rc : 0;
}

int am_db_important_count(long long tenant_id, long long after, long long upto, int threshold,
			  int unresolved, struct am_batch *b)
{
	struct mm_res res;
	memset(b, 0, sizeof *b);
	int rc = mm_db_query_row(&res, SQL_IMPORTANT, "iiiii", tenant_id, after, upto,
				 (long long)threshold, (long long)unresolved);
	if (rc == 1) {
		b->count = mm_db_int(&res, 0);
		b->first_detected = mm_db_time(&res, 1);
		b->last_detected = mm_db_time(&res, 2);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

int am_db_headline(long long tenant_id, long long after, long long upto, int threshold,
		   int unresolved, struct am_alert *a)
{
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_HEADLINE, "iiiii", tenant_id, after, upto,
				 (long long)threshold, (long long)unresolved);
	if (rc == 1) {
		a->id = mm_db_int(&res, 0);
		a->detected_at = mm_db_time(&res, 1);
		a->severity = (int)mm_db_int(&res, 2);
		copy(a->category, sizeof a->category, mm_db_str(&res, 3));
		copy(a->source, sizeof a->source, mm_db_str(&res, 4));
		copy(a->destination, sizeof a->destination, mm_db_str(&res, 5));
		copy(a->url, sizeof a->url, mm_db_str(&res, 6));
		copy(a->status, sizeof a->status, mm_db_str(&res, 7));
		copy(a->device_name, sizeof a->device_name, mm_db_str(&res, 8));
		copy(a->mac, sizeof a->mac, mm_db_str(&res, 9));
		copy(a->device_alert_id, sizeof a->device_alert_id, mm_db_str(&res, 12));
		mm_buf_reset(&a->description);
		mm_buf_reset(&a->action);
		mm_buf_add(&a->description, mm_db_str(&res, 10) ? mm_db_str(&res, 10) : "",
			   mm_db_len(&res, 10));
		mm_buf_add(&a->action, mm_db_str(&res, 11) ? mm_db_str(&res, 11) : "",
			   mm_db_len(&res, 11));
	}
	mm_db_done(&res);
	return rc;
}

int am_db_recipients(long long tenant_id, int chosen,
		     int (*fn)(const char *email, const char *lang, const char *zone, void *ctx),
		     void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query(&res, chosen ? SQL_RECIPIENTS_CHOSEN : SQL_RECIPIENTS_ALL, "i",
			     tenant_id);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		int frc = fn(mm_db_str(&res, 0), mm_db_str(&res, 1), mm_db_str(&res, 2), ctx);
		if (frc) {
			rc = frc;
			break;
		}
	}
	mm_db_done(&res);
	return rc;
}
