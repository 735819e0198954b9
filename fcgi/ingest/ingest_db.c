/* Device API queries. A batch is handed to MariaDB as one JSON parameter
 * and unpacked there with JSON_TABLE: one prepared statement per step
 * whatever the batch size, instead of hundreds of bound values.
 *
 * The batch's transaction first updates the device row: that both checks
 * the token is still the device's and holds the row, so two batches of one
 * device run one after the other and "which alert ids are new" stays true
 * until the insert (exactly what alert_daily must count). */
#include "ingest.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char SQL_DEVICE_BY_TOKEN[] =
	"SELECT id, tenant_id FROM devices WHERE token_hash = ? AND status = 'registered'";
static const char SQL_SEEN[] =
	"UPDATE devices SET last_seen_at = ? WHERE id = ?";
static const char SQL_HOLD_DEVICE[] =
	"UPDATE devices SET last_seen_at = ? WHERE id = ? AND token_hash = ?"
	" AND status = 'registered'";
static const char SQL_KNOWN_IDS[] =
	"SELECT jt.i FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	" i INT PATH '$.i', aid VARCHAR(64) PATH '$.id')) AS jt"
	" JOIN alerts a ON a.device_id = ? AND a.device_alert_id = jt.aid";
#define ALERT_COLUMNS \
	" COLUMNS (aid VARCHAR(64) PATH '$.id', at DATETIME PATH '$.at'," \
	" c VARCHAR(40) PATH '$.c', s INT PATH '$.s'," \
	" src VARCHAR(255) PATH '$.src', dst VARCHAR(255) PATH '$.dst'," \
	" url VARCHAR(2048) PATH '$.url', d TEXT PATH '$.d', a TEXT PATH '$.a'," \
	" st VARCHAR(20) PATH '$.st')) AS jt"
static const char SQL_INSERT_ALERTS[] =
	"INSERT IGNORE INTO alerts (tenant_id, device_id, device_alert_id, detected_at,"
	" received_at, category, severity, source, destination, url, description, action,"
	" status) SELECT ?, ?, jt.aid, jt.at, ?, jt.c, jt.s, jt.src, jt.dst, jt.url, jt.d,"
	" jt.a, jt.st FROM JSON_TABLE(?, '$[*]'" ALERT_COLUMNS;
/* The batch's new alerts counted per day, category and severity in the
 * program: a handful of rows for MariaDB instead of a grouped scan. */
static const char SQL_COUNT_DAILY[] =
	"INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)"
	" SELECT ?, jt.day, ?, jt.c, jt.s, jt.n FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	" day DATE PATH '$.day', c VARCHAR(40) PATH '$.c', s INT PATH '$.s', n INT PATH '$.n'))"
	" AS jt ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts)";
/* The report's top lists (sql/017_reports.sql): the same new alerts counted
 * per Japanese day (no DST: UTC + 9 h) and blocked destination, blocked URL
 * or source. */
static const char SQL_COUNT_TOP[] =
	"INSERT INTO alert_top (tenant_id, kind, day, value_hash, device_id, value, alerts)"
	" SELECT ?, t.k, t.d, t.h, ?, MIN(t.v), COUNT(*) FROM ("
	" SELECT 1 AS k, DATE(jt.at + INTERVAL 9 HOUR) AS d, UNHEX(SHA2(jt.v, 256)) AS h, jt.v AS v"
	" FROM JSON_TABLE(?, '$[*]' COLUMNS (at DATETIME PATH '$.at', st VARCHAR(20) PATH '$.st',"
	" v VARCHAR(255) PATH '$.dst')) AS jt WHERE jt.v <> '' AND jt.st = 'blocked'"
	" UNION ALL SELECT 2, DATE(jt.at + INTERVAL 9 HOUR), UNHEX(SHA2(jt.v, 256)), jt.v"
	" FROM JSON_TABLE(?, '$[*]' COLUMNS (at DATETIME PATH '$.at', st VARCHAR(20) PATH '$.st',"
	" v VARCHAR(2048) PATH '$.url')) AS jt WHERE jt.v <> '' AND jt.st = 'blocked'"
	" UNION ALL SELECT 3, DATE(jt.at + INTERVAL 9 HOUR), UNHEX(SHA2(jt.v, 256)), jt.v"
	" FROM JSON_TABLE(?, '$[*]' COLUMNS (at DATETIME PATH '$.at',"
	" v VARCHAR(255) PATH '$.src')) AS jt WHERE jt.v <> ''"
	") t GROUP BY t.k, t.d, t.h ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts)";
static const char SQL_LAST_ALERT[] =
	"UPDATE devices SET last_alert_at = GREATEST(COALESCE(last_alert_at, ?), ?) WHERE id = ?";

int ingest_db_device_by_token(const unsigned char token_hash[32], struct ingest_device *d)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DEVICE_BY_TOKEN, "b", token_hash, (size_t)32);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc == 1) {
		d->id = mm_db_int(&res, 0);
		d->tenant_id = mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	return rc;
}

int ingest_db_seen(const struct ingest_device *d, time_t now)
{
	long long rc = mm_db_exec(SQL_SEEN, "ti", now, d->id);
	return rc < 0 ? (int)rc : 0;
}

static int is_valid(const struct ingest_store *st, size_t i)
{
	return st->batch->items[i].reason == NULL;
}

static int by_id(const void *a, const void *b, void *ctx)
{
	const struct ingest_batch *batch = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	/* the key's collation is case-insensitive: so is "the same id" here */
	int c = strcasecmp(batch->items[i].alert.id, batch->items[j].alert.id);
	return c ? c : (i > j) - (i < j);
}

/* A second alert with an id already in the batch is a duplicate of the
 * first, like a retry of it. */
static int mark_batch_duplicates(struct ingest_store *st)
{
	size_t n = 0, *order = malloc(st->batch->n * sizeof *order);
	if (!order)
		return MM_DB_ERR;
	for (size_t i = 0; i < st->batch->n; i++)
		if (is_valid(st, i))
			order[n++] = i;
	qsort_r(order, n, sizeof *order, by_id, st->batch);
	for (size_t k = 1; k < n; k++)
		if (strcasecmp(st->batch->items[order[k]].alert.id,
			       st->batch->items[order[k - 1]].alert.id) == 0)
			st->fate[order[k]] = INGEST_DUPLICATE;
	free(order);
	return 0;
}

static int json_put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

/* One alert_daily row of a batch. */
struct day_count {
	char day[MM_TIME_LEN];
	const char *category;
	int severity;
	long long n;
};

struct day_counts {
	struct day_count *c;
	size_t n;
};

static int count_day(struct day_counts *dc, const char *day, const struct ingest_alert *a)
{
	for (size_t i = 0; i < dc->n; i++)
		if (dc->c[i].severity == a->severity && strcmp(dc->c[i].day, day) == 0 &&
		    strcmp(dc->c[i].category, a->category) == 0) {
			dc->c[i].n++;
			return 0;
		}
	struct day_count *c = &dc->c[dc->n++];	/* room for one per alert */
	memcpy(c->day, day, sizeof c->day);
	c->category = a->category;
	c->severity = a->severity;
	c->n = 1;
	return 0;
}

static char *day_counts_json(const struct day_counts *dc)
{
	json_t *arr = json_array();
	int bad = !arr;
	for (size_t i = 0; !bad && i < dc->n; i++)
		bad = json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:I}", "day", dc->c[i].day,
							   "c", dc->c[i].category, "s",
							   dc->c[i].severity, "n",
							   (json_int_t)dc->c[i].n)) < 0;
	char *text = bad ? NULL : json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

/* The alerts still marked new, as the JSON the statements unpack; with
 * days, also their alert_daily counts. */
static char *new_alerts_json(const struct ingest_store *st, struct day_counts *days,
			     long long *count, time_t *latest)
{
	json_t *arr = json_array();
	int bad = !arr;
	*count = 0;
	for (size_t i = 0; !bad && i < st->batch->n; i++) {
		if (!is_valid(st, i) || st->fate[i] != INGEST_NEW)
			continue;
		const struct ingest_alert *a = &st->batch->items[i].alert;
		json_t *o = json_object();
		if (!o || json_array_append_new(arr, o) < 0) {
			bad = 1;
			break;
		}
		(*count)++;
		if (a->detected_at > *latest)
			*latest = a->detected_at;
		bad |= json_put(o, "id", json_string(a->id)) < 0;
		if (!days) {
			bad |= json_put(o, "i", json_integer((json_int_t)i)) < 0;
			continue;
		}
		char at[MM_TIME_LEN], day[MM_TIME_LEN];
		mm_time_format("UTC", a->detected_at, at);
		/* alert_daily's day is the Japanese calendar day */
		mm_time_format("Asia/Tokyo", a->detected_at, day);
		day[10] = '\0';
		count_day(days, day, a);
		bad |= json_put(o, "at", json_string(at)) < 0;
		bad |= json_put(o, "c", json_string(a->category)) < 0;
		bad |= json_put(o, "s", json_integer(a->severity)) < 0;
		bad |= json_put(o, "src", json_string(a->source)) < 0;
		bad |= json_put(o, "dst", json_string(a->destination)) < 0;
		bad |= json_put(o, "url", json_string(a->url)) < 0;
		bad |= json_put(o, "d", json_string(a->description)) < 0;
		bad |= json_put(o, "a", json_string(a->action)) < 0;
		bad |= json_put(o, "st", json_string(a->status)) < 0;
	}
	char *text = bad ? NULL : json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

static int store_tx(void *ctx)
{
	struct ingest_store *st = ctx;
	/* a retried transaction starts over */
	memset(st->fate, 0, st->batch->n * sizeof *st->fate);
	st->inserted = 0;
	st->token_gone = 0;
	long long held = mm_db_exec(SQL_HOLD_DEVICE, "tib", st->now, st->device->id,
				    st->token_hash, (size_t)32);
	if (held < 0)
		return (int)held;
	if (held == 0) {
		st->token_gone = 1;
		return 1;
	}
	int rc = mark_batch_duplicates(st);
	if (rc < 0)
		return rc;
	long long count;
	time_t latest = 0;
	char *ids = new_alerts_json(st, NULL, &count, &latest);
	if (!ids)
		return MM_DB_ERR;
	if (count > 0) {
		struct mm_res res;
		rc = mm_db_query(&res, SQL_KNOWN_IDS, "si", ids, st->device->id);
		if (rc == 0) {
			while ((rc = mm_db_next(&res)) == 1) {
				long long i = mm_db_int(&res, 0);
				if (i >= 0 && (size_t)i < st->batch->n)
					st->fate[i] = INGEST_DUPLICATE;
			}
			mm_db_done(&res);
		}
	}
	free(ids);
	if (rc < 0)
		return rc;
	struct day_counts days = { calloc(st->batch->n, sizeof *days.c), 0 };
	char *rows = days.c ? new_alerts_json(st, &days, &count, &latest) : NULL;
	char *counts = rows ? day_counts_json(&days) : NULL;
	rc = counts ? 0 : MM_DB_ERR;
	if (rc == 0 && count > 0) {
		long long n = mm_db_exec(SQL_INSERT_ALERTS, "iits", st->device->tenant_id,
					 st->device->id, st->now, rows);
		if (n >= 0 && n != count) {
			/* the held device row makes this impossible; never count wrong */
			mm_log_error("alert batch: %lld of %lld rows inserted", n, count);
			n = MM_DB_ERR;
		}
		if (n >= 0)
			n = mm_db_exec(SQL_COUNT_DAILY, "iis", st->device->tenant_id,
				       st->device->id, counts);
		if (n >= 0)
			n = mm_db_exec(SQL_COUNT_TOP, "iisss", st->device->tenant_id, st->device->id,
				       rows, rows, rows);
		if (n >= 0)
			n = mm_db_exec(SQL_LAST_ALERT, "tti", latest, latest, st->device->id);
		rc = n < 0 ? (int)n : 0;
		if (rc == 0)
			st->inserted = count;
	}
	free(counts);
	free(rows);
	free(days.c);
	return rc;
}

int ingest_db_store(struct ingest_store *st)
{
	return mm_db_transaction(store_tx, st);
}
