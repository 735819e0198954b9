/* Kept report figures (sql/024_report_rollups.sql). Grouping a 50-UTM
 * tenant's month of alert_daily costs MariaDB tens of milliseconds, and a
 * year ten times that; the figures of a period only change when a batch
 * stores an alert of one of its days, which alert_day_gen counts. So a
 * page reads one row: the kept figures with their fingerprint and the
 * fingerprint of now, and groups again only when they differ.
 *
 * The fingerprint is read before the figures are grouped: a batch
 * committed in between is either in the figures or not, and in both cases
 * the next view sees a larger generation and groups again, so a kept row
 * is never newer-looking than its figures. */
#include "report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_KEPT[] =
	"SELECT (SELECT CAST(COALESCE(SUM(g.gen), 0) AS UNSIGNED) FROM alert_day_gen g"
	" WHERE g.tenant_id = ? AND g.day BETWEEN ? AND ?),"
	" k.devices_n, k.devices_hash, k.gen_sum, k.figures"
	" FROM (SELECT 1 AS one) o LEFT JOIN report_kept k ON k.tenant_id = ?"
	" AND k.period_from = ? AND k.period_to = ? AND k.device_id = ?";
static const char SQL_KEEP[] =
	"INSERT INTO report_kept (tenant_id, period_from, period_to, device_id, devices_n,"
	" devices_hash, gen_sum, figures, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" ON DUPLICATE KEY UPDATE devices_n = VALUES(devices_n), devices_hash = VALUES(devices_hash),"
	" gen_sum = VALUES(gen_sum), figures = VALUES(figures), computed_at = VALUES(computed_at)";
/* Kept rows nobody asked for again in a while (ranges chosen once). */
static const char SQL_FORGET[] =
	"DELETE FROM report_kept WHERE tenant_id = ? AND computed_at < ?";
#define KEPT_FORGET_SECONDS (40L * 86400)

/* The fingerprint of a rendered report (report.h). The participants'
 * average is the one of exactly the period when computed, else the latest
 * 30-day one (as peer_db_period_for); re-running a period replaces its
 * row, so computed_at tells runs apart. The day sums read the period's
 * alert_day_gen rows by primary key (one a day: 30 for the default page)
 * and as many for the average's period, whose bounds come from
 * uncorrelated subqueries: a correlated bound would read every day the
 * tenant ever had. One statement, one read view: the run shown and the run
 * summed are the same. */
#define FP_GEN_SUM \
	"(SELECT CAST(COALESCE(SUM(g.gen), 0) AS UNSIGNED) FROM alert_day_gen g WHERE g.tenant_id = ?"
#define FP_PEER_RUN \
	" FROM ((SELECT period_from, period_to, computed_at, 0 AS pref FROM peer_runs" \
	" WHERE period_from = ? AND period_to = ?)" \
	" UNION ALL (SELECT period_from, period_to, computed_at, 1 AS pref FROM peer_runs" \
	" WHERE DATEDIFF(period_to, period_from) = 29 ORDER BY period_to DESC LIMIT 1)) c" \
	" ORDER BY c.pref LIMIT 1"
static const char SQL_FINGERPRINT[] = "SELECT " FP_GEN_SUM " AND g.day BETWEEN ? AND ?)";
static const char SQL_FINGERPRINT_PEER[] =
	"SELECT " FP_GEN_SUM " AND g.day BETWEEN ? AND ?), r.period_from, r.period_to, r.computed_at, "
	FP_GEN_SUM " AND g.day BETWEEN (SELECT c.period_from" FP_PEER_RUN ")"
	" AND (SELECT c.period_to" FP_PEER_RUN "))"
	" FROM (SELECT 1 AS one) o LEFT JOIN (SELECT c.period_from, c.period_to, c.computed_at"
	FP_PEER_RUN ") r ON 1 = 1";

int report_db_fingerprint(long long tenant_id, const char *from, const char *to, int with_peer,
			  struct report_fingerprint *fp)
{
	struct mm_res res;
	int rc = with_peer ?
		 mm_db_query(&res, SQL_FINGERPRINT_PEER, "ississssss", tenant_id, from, to, tenant_id,
			     from, to, from, to, from, to) :
		 mm_db_query(&res, SQL_FINGERPRINT, "iss", tenant_id, from, to);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc <= 0) {
		mm_db_done(&res);
		return rc < 0 ? rc : MM_DB_ERR;
	}
	fp->gen = (unsigned long long)mm_db_int(&res, 0);
	fp->peer = with_peer && mm_db_str(&res, 1) && mm_db_str(&res, 2);
	memset(fp->peer_from, 0, sizeof fp->peer_from);
	memset(fp->peer_to, 0, sizeof fp->peer_to);
	fp->peer_computed = 0;
	fp->peer_gen = 0;
	if (fp->peer) {
		snprintf(fp->peer_from, sizeof fp->peer_from, "%s", mm_db_str(&res, 1));
		snprintf(fp->peer_to, sizeof fp->peer_to, "%s", mm_db_str(&res, 2));
		fp->peer_computed = mm_db_time(&res, 3);
		fp->peer_gen = (unsigned long long)mm_db_int(&res, 4);
	}
	mm_db_done(&res);
	return 0;
}

/* FNV-1a over each UTM's id, name and MAC: a rename changes the labels a
 * rendered report shows. */
long long report_devices_sig(const struct report_device *d, int n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", d[i].id);
		const char *parts[3] = { id, d[i].name, d[i].mac };
		for (int k = 0; k < 3; k++) {
			for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++)
				h = (h ^ *p) * 0x100000001b3ULL;
			h = (h ^ 0xff) * 0x100000001b3ULL;	/* separator no UTF-8 text holds */
		}
	}
	return (long long)(h >> 1);
}

/* A set of registered UTMs as one number: a sum of well-mixed ids, so the
 * order they are read in does not matter and two different sets of the
 * same size practically never collide (plain sums do: {1,4} and {2,3}). */
long long report_devices_hash(const struct report_device *d, int n)
{
	unsigned long long h = 0;
	for (int i = 0; i < n; i++) {
		unsigned long long z = (unsigned long long)d[i].id + 0x9e3779b97f4a7c15ULL;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		h += z ^ (z >> 31);
	}
	return (long long)(h >> 1);	/* kept in a signed column */
}

void report_data_free(struct report_data *d)
{
	free(d->cells);
	free(d->days);
	for (int k = 0; k < 3; k++)
		free(d->top[k]);
	memset(d, 0, sizeof *d);
}

/* The encoding: one line per figure, strings with their length first
 * (a URL may hold any byte but NUL).
 *   "K <details>"                          header
 *   "c <device> <severity> <alerts> <len>:<category>"
 *   "d <YYYY-MM-DD> <alerts>"
 *   "t <kind> <alerts> <len>:<value>"      in rank order */
static void put_string(struct mm_buf *b, const char *s)
{
	mm_buf_printf(b, "%u:", (unsigned)strlen(s));
	mm_buf_puts(b, s);
	mm_buf_puts(b, "\n");
}

static void encode(struct mm_buf *b, const struct report_data *d)
{
	mm_buf_printf(b, "K %d\n", d->details);
	for (int i = 0; i < d->ncells; i++) {
		const struct report_cell *c = &d->cells[i];
		mm_buf_printf(b, "c %lld %d %lld ", c->device_id, c->severity, c->alerts);
		put_string(b, c->category);
	}
	for (int i = 0; d->details && i < d->ndays; i++)
		mm_buf_printf(b, "d %s %lld\n", d->days[i].day, d->days[i].alerts);
	for (int k = 0; d->details && k < 3; k++)
		for (int i = 0; i < d->ntop[k]; i++) {
			mm_buf_printf(b, "t %d %lld ", k + 1, d->top[k][i].alerts);
			put_string(b, d->top[k][i].key);
		}
}

struct cursor {
	const char *p, *end;
};

static int next_int(struct cursor *c, long long *v)
{
	char *e;
	if (c->p >= c->end)
		return -1;
	*v = strtoll(c->p, &e, 10);
	if (e == c->p || e >= c->end || (*e != ' ' && *e != '\n' && *e != ':'))
		return -1;
	c->p = e + 1;
	return 0;
}

static int next_string(struct cursor *c, char *out, size_t cap)
{
	long long len;
	if (next_int(c, &len) < 0 || c->p[-1] != ':' || len < 0 || len >= (long long)cap ||
	    len >= c->end - c->p || c->p[len] != '\n')
		return -1;
	memcpy(out, c->p, (size_t)len);
	out[len] = '\0';
	c->p += len + 1;
	return 0;
}

static int grow(void **p, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return 0;
	int n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, (size_t)n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* 0, or -1 for a row this version cannot read (then it is grouped again). */
static int decode(const char *s, size_t len, struct report_data *d)
{
	struct cursor c = { s, s + len };
	int cells_cap = 0, days_cap = 0;
	long long v;
	if (len < 4 || memcmp(s, "K ", 2) != 0)
		return -1;
	c.p += 2;
	if (next_int(&c, &v) < 0)
		return -1;
	d->details = v == 1;
	while (c.p < c.end) {
		char tag = *c.p;
		c.p += 2;
		if (c.p > c.end)
			return -1;
		if (tag == 'c') {
			long long dev, sev, n;
			if (grow((void **)&d->cells, &cells_cap, d->ncells + 1, sizeof *d->cells) < 0 ||
			    next_int(&c, &dev) < 0 || next_int(&c, &sev) < 0 || next_int(&c, &n) < 0)
				return -1;
			struct report_cell *cell = &d->cells[d->ncells];
			memset(cell, 0, sizeof *cell);
			if (next_string(&c, cell->category, sizeof cell->category) < 0)
				return -1;
			cell->device_id = dev;
			cell->severity = (int)sev;
			cell->alerts = n;
			d->ncells++;
		} else if (tag == 'd') {
			if (grow((void **)&d->days, &days_cap, d->ndays + 1, sizeof *d->days) < 0 ||
			    c.end - c.p < 11 || c.p[10] != ' ')
				return -1;
			memcpy(d->days[d->ndays].day, c.p, 10);
			d->days[d->ndays].day[10] = '\0';
			c.p += 11;
			if (next_int(&c, &d->days[d->ndays].alerts) < 0)
				return -1;
			d->ndays++;
		} else if (tag == 't') {
			long long kind, n;
			if (next_int(&c, &kind) < 0 || kind < 1 || kind > 3 || next_int(&c, &n) < 0)
				return -1;
			int k = (int)kind - 1;
			if (d->ntop[k] >= REPORT_TOP)
				return -1;
			if (!d->top[k] && !(d->top[k] = malloc(REPORT_TOP * sizeof *d->top[k])))
				return -1;
			if (next_string(&c, d->top[k][d->ntop[k]].key, sizeof d->top[k][0].key) < 0)
				return -1;
			d->top[k][d->ntop[k]++].alerts = n;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Groups the period's kept daily counts. */
static int compute(long long tenant, const char *from, const char *to, long long device,
		   int details, struct report_data *d)
{
	d->details = details;
	d->cells = malloc(REPORT_MAX_ROWS * sizeof *d->cells);
	if (!d->cells)
		return MM_DB_ERR;
	int n = report_db_cells(tenant, from, to, device, d->cells, REPORT_MAX_ROWS);
	if (n < 0)
		return n;
	d->ncells = n;
	if (!details)
		return 0;
	d->days = malloc(REPORT_MAX_DAYS * sizeof *d->days);
	if (!d->days)
		return MM_DB_ERR;
	n = report_db_daily(tenant, from, to, device, d->days, REPORT_MAX_DAYS);
	if (n < 0)
		return n;
	d->ndays = n;
	for (int k = 0; k < 3; k++) {
		d->top[k] = malloc(REPORT_TOP * sizeof *d->top[k]);
		if (!d->top[k])
			return MM_DB_ERR;
		n = report_db_top(tenant, k + 1, from, to, device, d->top[k], REPORT_TOP);
		if (n < 0)
			return n;
		d->ntop[k] = n;
	}
	return 0;
}

int report_data_get(const struct report_key *key, int details, time_t now,
		    struct report_data *d)
{
	memset(d, 0, sizeof *d);
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_KEPT, "ississi", key->tenant_id, key->from, key->to,
			     key->tenant_id, key->from, key->to, key->device_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc <= 0) {
		mm_db_done(&res);
		return rc < 0 ? rc : MM_DB_ERR;
	}
	unsigned long long gen = (unsigned long long)mm_db_int(&res, 0);
	const char *figures = mm_db_str(&res, 4);
	int fresh = figures && mm_db_int(&res, 1) == key->devices_n &&
		    mm_db_int(&res, 2) == key->devices_hash &&
		    (unsigned long long)mm_db_int(&res, 3) == gen;
	if (fresh && decode(figures, mm_db_len(&res, 4), d) == 0 && (d->details || !details)) {
		mm_db_done(&res);
		return 0;
	}
	mm_db_done(&res);
	report_data_free(d);
	rc = compute(key->tenant_id, key->from, key->to, key->device_id, details, d);
	if (rc < 0) {
		report_data_free(d);
		return rc;
	}
	struct mm_buf b = { 0 };
	encode(&b, d);
	/* a row that cannot be kept only costs the next view a grouping */
	if (!b.oom) {
		long long n = mm_db_exec(SQL_KEEP, "issiiiibt", key->tenant_id, key->from, key->to,
					 key->device_id, (long long)key->devices_n,
					 key->devices_hash, (long long)gen,
					 (const void *)mm_buf_str(&b), b.len, now);
		if (n >= 0)
			n = mm_db_exec(SQL_FORGET, "it", key->tenant_id, now - KEPT_FORGET_SECONDS);
		if (n < 0)
			mm_log_warn("report: figures of %s..%s not kept (%lld)", key->from, key->to, n);
	}
	mm_buf_free(&b);
	return 0;
}
