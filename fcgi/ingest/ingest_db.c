/* Device API queries. A batch's alerts go to MariaDB in one round trip by
 * array binding (mm_db_exec_bulk): one prepared INSERT executed for every
 * row, with no JSON to build in the program nor to unpack in the server.
 *
 * The batch's transaction first updates the device row: that both checks
 * the token is still the device's and holds the row, so two batches of one
 * device run one after the other and "which alert ids are new" stays true
 * until the insert (exactly what alert_daily must count).
 *
 * Nearly every batch is all new, and a retried one all known: the
 * transaction looks up the first alert's id only, and all ids only when
 * that one is known (a retry) or when the insert added some of the rows but
 * not all (a retry of a batch that was partly new; the transaction is then
 * rolled back and run again with the lookup first).
 *
 * The batch's rows skip InnoDB's foreign-key checks (SET STATEMENT
 * foreign_key_checks = 0 FOR, that statement only; the constraints stay).
 * Every row they write names exactly the device and tenant of the device
 * row the transaction holds (SQL_HOLD_DEVICE matches its id and tenant_id
 * and locks it): the device exists until the commit, and so does its
 * tenant, which devices_tenant_fk keeps from being deleted while the
 * device row is there (a delete of either waits on the lock, then finds
 * these rows). The checks would look up the same two parent rows for
 * every alert, day count and top count: about 11 lookups per alert. */
#include "ingest.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char SQL_DEVICE_BY_TOKEN[] =
	"SELECT id, tenant_id FROM devices WHERE token_hash = ? AND status = 'registered'";
static const char SQL_SEEN[] =
	"UPDATE devices SET last_seen_at = ? WHERE id = ?";
static const char SQL_HOLD_DEVICE[] =
	"UPDATE devices SET last_seen_at = ? WHERE id = ? AND tenant_id = ? AND token_hash = ?"
	" AND status = 'registered'";
static const char SQL_KNOWN_IDS[] =
	"SELECT jt.i FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	" i INT PATH '$.i', aid VARCHAR(64) PATH '$.id')) AS jt"
	" JOIN alerts a ON a.device_id = ? AND a.device_alert_id = jt.aid";
static const char SQL_FIRST_KNOWN[] =
	"SELECT COUNT(*) FROM alerts WHERE device_id = ? AND device_alert_id = ?";
static const char SQL_INSERT_ALERTS[] =
	"SET STATEMENT foreign_key_checks = 0 FOR"
	" INSERT IGNORE INTO alerts (tenant_id, device_id, device_alert_id, detected_at,"
	" received_at, category, severity, source, destination, url, description, action,"
	" status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* The batch's new alerts counted per day, category and severity in the
 * program: a handful of rows for MariaDB instead of a grouped scan. */
static const char SQL_COUNT_DAILY[] =
	"SET STATEMENT foreign_key_checks = 0 FOR"
	" INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)"
	" VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts)";
/* The report's top lists (sql/017_reports.sql): the batch's new alerts
 * counted per Japanese day and blocked destination, blocked URL or source,
 * grouped in the program; the value is keyed by its SHA-256, computed here
 * (what UNHEX(SHA2(value, 256)) gives) so that the rows go in the key's
 * order and the server evaluates no function per row. */
static const char SQL_COUNT_TOP[] =
	"SET STATEMENT foreign_key_checks = 0 FOR"
	" INSERT INTO alert_top (tenant_id, kind, day, value_hash, device_id, value, alerts)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)"
	" ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts)";
/* The report's kept figures of these days are out of date
 * (sql/024_report_rollups.sql): one row per day of the batch. These rows
 * are the tenant's, shared by all its devices: the transaction writes them
 * last, so that a batch of another device of the tenant waits for them
 * only while this one commits, not while it writes its top counts. */
static const char SQL_COUNT_DAY_GEN[] =
	"SET STATEMENT foreign_key_checks = 0 FOR"
	" INSERT INTO alert_day_gen (tenant_id, day, gen) VALUES (?, ?, 1)"
	" ON DUPLICATE KEY UPDATE gen = gen + 1";
/* alerts_gen: the dashboard's kept status of the tenant is out of date
 * (sql/023_dashboard_speed.sql); alerts_received_at: the alert-mail job's
 * candidates (sql/031_ingest_speed.sql) */
static const char SQL_LAST_ALERT[] =
	"UPDATE devices SET last_alert_at = GREATEST(COALESCE(last_alert_at, ?), ?),"
	" alerts_gen = alerts_gen + 1,"
	" alerts_received_at = GREATEST(COALESCE(alerts_received_at, ?), ?) WHERE id = ?";

int ingest_db_device_by_token(const unsigned char token_hash[32], struct ingest_device *d)
{
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_DEVICE_BY_TOKEN, "b", token_hash, (size_t)32);
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

/* The ids of the alerts still marked new, with their batch index, for the
 * lookup of ids already stored. */
static char *new_ids_json(const struct ingest_store *st, long long *count)
{
	json_t *arr = json_array();
	int bad = !arr;
	*count = 0;
	for (size_t i = 0; !bad && i < st->batch->n; i++) {
		if (!is_valid(st, i) || st->fate[i] != INGEST_NEW)
			continue;
		(*count)++;
		bad = json_array_append_new(arr, json_pack("{s:s, s:I}", "id",
							   st->batch->items[i].alert.id, "i",
							   (json_int_t)i)) < 0;
	}
	char *text = bad ? NULL : json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

static int mark_known_ids(struct ingest_store *st)
{
	long long count;
	char *ids = new_ids_json(st, &count);
	if (!ids)
		return MM_DB_ERR;
	int rc = 0;
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
	return rc;
}

/* A retried batch is known from its first alert: InnoDB turns each
 * duplicate of an INSERT IGNORE into a row inserted and undone, dearer than
 * looking the ids up first. Sets known_checked when the first id is known. */
static int first_id_known(struct ingest_store *st)
{
	for (size_t i = 0; i < st->batch->n; i++) {
		if (!is_valid(st, i) || st->fate[i] != INGEST_NEW)
			continue;
		long long known = 0;
		int rc = mm_db_get_int(&known, SQL_FIRST_KNOWN, "is", st->device->id,
				       st->batch->items[i].alert.id);
		if (rc < 0)
			return rc;
		st->known_checked = known > 0;
		return 0;
	}
	return 0;
}

/* A bulk statement's column arrays (and any scratch array of the same
 * number of rows) in one allocation: each entry names the pointer to set and
 * the size of one element. Returns the block to free, NULL when out of
 * memory. */
struct column {
	void *ptr;		/* the address of the column's pointer */
	size_t size;
};
#define COLUMN(p) { &(p), sizeof *(p) }

static void *columns_alloc(size_t rows, const struct column *cols, size_t ncols)
{
	/* each array starts on a 16-byte boundary, fit for any element */
	size_t total = 0;
	for (size_t c = 0; c < ncols; c++)
		total += (rows * cols[c].size + 15) & ~(size_t)15;
	char *block = malloc(total ? total : 1);
	if (!block)
		return NULL;
	size_t at = 0;
	for (size_t c = 0; c < ncols; c++) {
		void *start = block + at;
		memcpy(cols[c].ptr, &start, sizeof start);
		at += (rows * cols[c].size + 15) & ~(size_t)15;
	}
	return block;
}

/* The columns of the alerts still marked new, one array per placeholder of
 * SQL_INSERT_ALERTS, and the Japanese day of each for the day and top
 * counts. */
struct alert_rows {
	void *block;
	unsigned n;
	long long *tenant, *device, *severity;
	time_t *detected, *received;
	const char **aid, **category, **source, **destination, **url, **description,
		**action, **status;
	char (*day)[11];
	time_t latest;
};

static int alert_rows_fill(const struct ingest_store *st, struct alert_rows *r)
{
	size_t cap = st->batch->n ? st->batch->n : 1;
	memset(r, 0, sizeof *r);
	const struct column cols[] = {
		COLUMN(r->tenant), COLUMN(r->device), COLUMN(r->severity), COLUMN(r->detected),
		COLUMN(r->received), COLUMN(r->aid), COLUMN(r->category), COLUMN(r->source),
		COLUMN(r->destination), COLUMN(r->url), COLUMN(r->description),
		COLUMN(r->action), COLUMN(r->status), COLUMN(r->day)
	};
	r->block = columns_alloc(cap, cols, sizeof cols / sizeof *cols);
	if (!r->block)
		return MM_DB_ERR;
	for (size_t i = 0; i < st->batch->n; i++) {
		if (!is_valid(st, i) || st->fate[i] != INGEST_NEW)
			continue;
		const struct ingest_alert *a = &st->batch->items[i].alert;
		unsigned k = r->n++;
		r->tenant[k] = st->device->tenant_id;
		r->device[k] = st->device->id;
		r->severity[k] = a->severity;
		r->detected[k] = a->detected_at;
		r->received[k] = st->now;
		r->aid[k] = a->id;
		r->category[k] = a->category;
		r->source[k] = a->source;
		r->destination[k] = a->destination;
		r->url[k] = a->url;
		r->description[k] = a->description;
		r->action[k] = a->action;
		r->status[k] = a->status;
		mm_time_japan_day(a->detected_at, r->day[k]);
		if (a->detected_at > r->latest)
			r->latest = a->detected_at;
	}
	return 0;
}

/* alert_daily's rows of a batch: one per day, category and severity;
 * alert_day_gen's: one per day. */
struct day_counts {
	void *block;
	unsigned n, ndays;
	long long *tenant, *device, *severity, *alerts;
	const char **category, **day, **gen_day;
	unsigned *order;
};

/* alert_daily's key order within the device: day, category, severity
 * (the rows then go into neighbouring places of the key, one after the
 * other) */
static int by_day_category_severity(const void *a, const void *b, void *ctx)
{
	const struct alert_rows *r = ctx;
	unsigned i = *(const unsigned *)a, j = *(const unsigned *)b;
	int c = strcmp(r->day[i], r->day[j]);
	if (c)
		return c;
	c = strcmp(r->category[i], r->category[j]);
	if (c)
		return c;
	return (r->severity[i] > r->severity[j]) - (r->severity[i] < r->severity[j]);
}

/* Sorted, then counted by runs: a batch of alerts spread over a month has
 * hundreds of (day, category, severity) groups, too many for a scan per
 * alert. */
static int day_counts_fill(const struct alert_rows *r, struct day_counts *dc)
{
	size_t cap = r->n ? r->n : 1;
	memset(dc, 0, sizeof *dc);
	const struct column cols[] = {
		COLUMN(dc->tenant), COLUMN(dc->device), COLUMN(dc->severity), COLUMN(dc->alerts),
		COLUMN(dc->category), COLUMN(dc->day), COLUMN(dc->gen_day), COLUMN(dc->order)
	};
	dc->block = columns_alloc(cap, cols, sizeof cols / sizeof *cols);
	if (!dc->block)
		return MM_DB_ERR;
	for (unsigned k = 0; k < r->n; k++)
		dc->order[k] = k;
	qsort_r(dc->order, r->n, sizeof *dc->order, by_day_category_severity, (void *)r);
	for (unsigned o = 0; o < r->n; o++) {
		unsigned k = dc->order[o];
		if (o > 0 && by_day_category_severity(&dc->order[o - 1], &k, (void *)r) == 0) {
			dc->alerts[dc->n - 1]++;
			continue;
		}
		if (dc->ndays == 0 || strcmp(dc->gen_day[dc->ndays - 1], r->day[k]) != 0)
			dc->gen_day[dc->ndays++] = r->day[k];
		unsigned j = dc->n++;
		dc->day[j] = r->day[k];
		dc->tenant[j] = r->tenant[k];
		dc->device[j] = r->device[k];
		dc->category[j] = r->category[k];
		dc->severity[j] = r->severity[k];
		dc->alerts[j] = 1;
	}
	return 0;
}

/* alert_top's rows of a batch: one per kind, day and value. */
enum { TOP_DESTINATION = 1, TOP_URL = 2, TOP_SOURCE = 3 };
struct top_entry {
	long long kind;
	char day[11];
	unsigned char hash[32];	/* SHA-256 of value */
	const char *value;
};

/* alert_top's key order: kind, day, value_hash (a day's string compares
 * like the date; the digests of equal values are equal) */
static int top_entry_cmp(const void *a, const void *b)
{
	const struct top_entry *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->day, y->day);
	return c ? c : memcmp(x->hash, y->hash, sizeof x->hash);
}

struct top_counts {
	void *block;
	unsigned n;
	long long *tenant, *kind, *device, *alerts;
	const char **day, **value;
	unsigned char (*hash)[32];
	struct top_entry *e;
};

static void top_add(struct top_entry *e, unsigned *n, long long kind, const char *day,
		    const char *value)
{
	if (!value || !*value)
		return;
	e[*n].kind = kind;
	memcpy(e[*n].day, day, sizeof e[*n].day);
	e[*n].value = value;
	mm_sha256(value, strlen(value), e[*n].hash);
	(*n)++;
}

/* Sorted, then counted by runs: a batch of 1,000 alerts gives up to 3,000
 * entries, too many for the short scan alert_daily's rows use. */
static int top_counts_fill(const struct alert_rows *r, struct top_counts *tc)
{
	size_t cap = 3 * (size_t)(r->n ? r->n : 1);
	memset(tc, 0, sizeof *tc);
	const struct column cols[] = {
		COLUMN(tc->e), COLUMN(tc->tenant), COLUMN(tc->kind), COLUMN(tc->device),
		COLUMN(tc->alerts), COLUMN(tc->day), COLUMN(tc->value), COLUMN(tc->hash)
	};
	tc->block = columns_alloc(cap, cols, sizeof cols / sizeof *cols);
	if (!tc->block)
		return MM_DB_ERR;
	unsigned m = 0;
	for (unsigned k = 0; k < r->n; k++) {
		const char *day = r->day[k];
		if (r->status[k] && strcmp(r->status[k], "blocked") == 0) {
			top_add(tc->e, &m, TOP_DESTINATION, day, r->destination[k]);
			top_add(tc->e, &m, TOP_URL, day, r->url[k]);
		}
		top_add(tc->e, &m, TOP_SOURCE, day, r->source[k]);
	}
	qsort(tc->e, m, sizeof *tc->e, top_entry_cmp);
	for (unsigned i = 0; i < m; i++) {
		if (tc->n > 0 && top_entry_cmp(&tc->e[i], &tc->e[i - 1]) == 0) {
			tc->alerts[tc->n - 1]++;
			continue;
		}
		unsigned j = tc->n++;
		tc->tenant[j] = r->tenant[0];
		tc->device[j] = r->device[0];
		tc->kind[j] = tc->e[i].kind;
		tc->day[j] = tc->e[i].day;
		tc->value[j] = tc->e[i].value;
		memcpy(tc->hash[j], tc->e[i].hash, sizeof tc->hash[j]);
		tc->alerts[j] = 1;
	}
	return 0;
}

/* store_tx's answer when the insert found ids already stored: the
 * transaction is rolled back and run again with the lookup first. */
#define STORE_RECHECK 2

static int store_rows(struct ingest_store *st, const struct alert_rows *r)
{
	long long n = mm_db_exec_bulk(SQL_INSERT_ALERTS, r->n, "iisttsissssss", r->tenant,
				      r->device, r->aid, r->detected, r->received, r->category,
				      r->severity, r->source, r->destination, r->url,
				      r->description, r->action, r->status);
	if (n < 0)
		return (int)n;
	if (n == 0 && !st->known_checked) {
		/* every id was known already (a retried batch): nothing to count */
		for (size_t i = 0; i < st->batch->n; i++)
			if (is_valid(st, i))
				st->fate[i] = INGEST_DUPLICATE;
		return 0;
	}
	if (n != (long long)r->n) {
		if (!st->known_checked)
			return STORE_RECHECK;
		/* the held device row makes this impossible; never count wrong */
		mm_log_error("alert batch: %lld of %u rows inserted", n, r->n);
		return MM_DB_ERR;
	}
	struct day_counts dc;
	int rc = day_counts_fill(r, &dc);
	if (rc == 0)
		n = mm_db_exec_bulk(SQL_COUNT_DAILY, dc.n, "isisii", dc.tenant, dc.day, dc.device,
				    dc.category, dc.severity, dc.alerts);
	if (rc == 0 && n >= 0) {
		struct top_counts tc;
		rc = top_counts_fill(r, &tc);
		if (rc == 0 && tc.n > 0)
			n = mm_db_exec_bulk(SQL_COUNT_TOP, tc.n, "iishisi", tc.tenant, tc.kind,
					    tc.day, tc.hash, tc.device, tc.value, tc.alerts);
		free(tc.block);
	}
	if (rc == 0 && n >= 0)
		n = mm_db_exec(SQL_LAST_ALERT, "tttti", r->latest, r->latest, st->now, st->now,
			       st->device->id);
	/* the tenant's shared rows last (SQL_COUNT_DAY_GEN) */
	if (rc == 0 && n >= 0)
		n = mm_db_exec_bulk(SQL_COUNT_DAY_GEN, dc.ndays, "is", dc.tenant, dc.gen_day);
	free(dc.block);
	if (rc < 0)
		return rc;
	if (n < 0)
		return (int)n;
	st->inserted = r->n;
	return 0;
}

static int store_tx(void *ctx)
{
	struct ingest_store *st = ctx;
	/* a retried transaction starts over */
	memset(st->fate, 0, st->batch->n * sizeof *st->fate);
	st->inserted = 0;
	st->token_gone = 0;
	long long held = mm_db_exec(SQL_HOLD_DEVICE, "tiib", st->now, st->device->id,
				    st->device->tenant_id, st->token_hash, (size_t)32);
	if (held < 0)
		return (int)held;
	if (held == 0) {
		st->token_gone = 1;
		return 1;
	}
	int rc = mark_batch_duplicates(st);
	if (rc == 0 && !st->known_checked)
		rc = first_id_known(st);
	if (rc == 0 && st->known_checked)
		rc = mark_known_ids(st);
	if (rc < 0)
		return rc;
	struct alert_rows r;
	rc = alert_rows_fill(st, &r);
	if (rc == 0 && r.n > 0)
		rc = store_rows(st, &r);
	free(r.block);
	return rc;
}

int ingest_db_store(struct ingest_store *st)
{
	st->known_checked = 0;
	int rc = mm_db_transaction(store_tx, st);
	if (rc == STORE_RECHECK) {
		st->known_checked = 1;
		rc = mm_db_transaction(store_tx, st);
	}
	return rc;
}
