/* The threat report page (DASH-4, seed 001 §4⑥ UTM脅威レポート,
 * 参加企業平均と比べる, 自社UTM同士を比べる) and its staff view. The whole
 * state is in the query string: bookmarks, Back and printing keep it, and
 * no JavaScript is needed. Charts are drawn here (svg_chart.c) with their
 * figures in tables beside them. */
#include "report.h"
#include "peer_aggregate.h"
#include "svg_chart.h"
#include "dashboard_alerts.h"
#include "mm_template.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_MAX_CATEGORIES 64
#define REPORT_CHART_DEVICES SVG_MAX_SERIES
#define PEER_MAX_SHOWN 256

static const char *v_period(const struct mm_input *in, const char *v)
{
	return strcmp(v, "30d") == 0 || strcmp(v, "month") == 0 || strcmp(v, "range") == 0 ?
	       NULL : "report.err.format";
}

static const char *v_id(const struct mm_input *in, const char *v)
{
	if (!*v || strlen(v) > 18 || v[0] == '0')
		return "report.err.device";
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return "report.err.device";
	return NULL;
}

#define REPORT_INPUTS \
	{ "period", v_period, 0, 0, 5 }, \
	{ "month", mm_v_line, 0, 0, 7 }, \
	{ "from", mm_v_line, 0, 0, 10 }, \
	{ "to", mm_v_line, 0, 0, 10 }, \
	{ "device", v_id, 0, 0, 18 }

const struct mm_input report_inputs[] = { REPORT_INPUTS, MM_INPUT_END };
const struct mm_input staff_report_inputs[] = {
	REPORT_INPUTS, { "customer", mm_v_line, 0, 0, 10 }, { "done", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};
const struct mm_input staff_peers_inputs[] = { MM_INPUT_END };

/* Everything one page computes from the tenant's kept counts. */
struct figures {
	struct report_cell *cells;
	int ncells;
	struct report_device devices[DASH_MAX_DEVICES];
	int ndevices;
	char categories[REPORT_MAX_CATEGORIES][41 * 4];
	long long category_total[REPORT_MAX_CATEGORIES];
	int ncategories;
	long long severity[4];
	long long total;
	/* per shown device: [0] its total, [1..3] by severity; and by category
	 * (ndevices x ncategories): the tables read these instead of summing
	 * the cells again for every one of their figures */
	long long device_sev[DASH_MAX_DEVICES][4];
	long long *device_cat;
};

static int category_index(struct figures *f, const char *name)
{
	for (int i = 0; i < f->ncategories; i++)
		if (strcmp(f->categories[i], name) == 0)
			return i;
	if (f->ncategories == REPORT_MAX_CATEGORIES)
		return -1;
	snprintf(f->categories[f->ncategories], sizeof f->categories[0], "%s", name);
	f->category_total[f->ncategories] = 0;
	return f->ncategories++;
}

static int device_index(const struct figures *f, long long id)
{
	for (int i = 0; i < f->ndevices; i++)
		if (f->devices[i].id == id)
			return i;
	return -1;
}

/* Sums of the cells; categories sorted by count, largest first. */
static void summarise(struct figures *f)
{
	memset(f->severity, 0, sizeof f->severity);
	f->total = 0;
	f->ncategories = 0;
	for (int i = 0; i < f->ncells; i++) {
		const struct report_cell *c = &f->cells[i];
		if (c->severity >= 1 && c->severity <= 3)
			f->severity[c->severity] += c->alerts;
		f->total += c->alerts;
		int k = category_index(f, c->category);
		if (k >= 0)
			f->category_total[k] += c->alerts;
	}
	for (int i = 1; i < f->ncategories; i++)
		for (int j = i; j > 0 && f->category_total[j] > f->category_total[j - 1]; j--) {
			char name[41 * 4];
			long long n = f->category_total[j];
			memcpy(name, f->categories[j], sizeof name);
			memcpy(f->categories[j], f->categories[j - 1], sizeof name);
			memcpy(f->categories[j - 1], name, sizeof name);
			f->category_total[j] = f->category_total[j - 1];
			f->category_total[j - 1] = n;
		}
}

static int category_find(const struct figures *f, const char *name)
{
	for (int k = 0; k < f->ncategories; k++)
		if (strcmp(f->categories[k], name) == 0)
			return k;
	return -1;
}

/* The per-device sums, once the shown devices and the categories are
 * final. Cells come ordered by device and category: the last match is
 * tried first. */
static int index_cells(struct figures *f)
{
	memset(f->device_sev, 0, sizeof f->device_sev);
	free(f->device_cat);
	f->device_cat = calloc((size_t)f->ndevices * (size_t)f->ncategories + 1, sizeof *f->device_cat);
	if (!f->device_cat)
		return MM_DB_ERR;
	int i = -1, k = -1;
	for (int c = 0; c < f->ncells; c++) {
		const struct report_cell *cell = &f->cells[c];
		if (i < 0 || f->devices[i].id != cell->device_id)
			i = device_index(f, cell->device_id);
		if (i < 0)
			continue;
		if (k < 0 || strcmp(f->categories[k], cell->category) != 0)
			k = category_find(f, cell->category);
		f->device_sev[i][0] += cell->alerts;
		if (cell->severity >= 1 && cell->severity <= 3)
			f->device_sev[i][cell->severity] += cell->alerts;
		if (k >= 0)
			f->device_cat[(size_t)i * (size_t)f->ncategories + (size_t)k] += cell->alerts;
	}
	return 0;
}

/* A shown device's alerts of category k (-1: none of the shown ones). */
static long long device_cat(const struct figures *f, int i, int k)
{
	return k < 0 ? 0 : f->device_cat[(size_t)i * (size_t)f->ncategories + (size_t)k];
}

static void set_path(struct mm_req *r, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_path(struct mm_req *r, const char *value, const char *fmt, ...)
{
	char path[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	mm_set(r, path, value);
}

static void set_count(struct mm_req *r, long long v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_count(struct mm_req *r, long long v, const char *fmt, ...)
{
	char path[160], num[48];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	svg_number(num, sizeof num, (double)v);
	mm_set(r, path, num);
}

static void tenths_text(char *out, size_t cap, long long tenths)
{
	snprintf(out, cap, "%lld.%lld", tenths / 10, tenths % 10);
}

/* Draws the chart into HDF at path; a chart that cannot be drawn is left
 * out (its table stays). */
static void set_chart(struct mm_req *r, const char *path, const struct svg_chart *c)
{
	struct mm_buf svg = { 0 };
	if (svg_chart_write(&svg, c) == 0)
		mm_set(r, path, mm_buf_str(&svg));
	else
		mm_log_error("report: chart %s not drawn", c->id);
	mm_buf_free(&svg);
}

static void device_label(const struct figures *f, int i, char *out, size_t cap)
{
	dash_device_label(out, cap, f->devices[i].name, f->devices[i].mac);
}

static void fill_summary(struct mm_req *r, const struct figures *f)
{
	static const char *const sev_keys[4] = { "", "report.sev.1", "report.sev.2", "report.sev.3" };
	const char *labels[3];
	double values[3];
	set_count(r, f->total, "Report.Total");
	for (int s = 3, k = 0; s >= 1; s--, k++) {
		labels[k] = mm_t(r, sev_keys[s]);
		values[k] = (double)f->severity[s];
		set_path(r, dash_stars(s), "Report.Severity.%d.Stars", k);
		set_path(r, labels[k], "Report.Severity.%d.Label", k);
		set_count(r, f->severity[s], "Report.Severity.%d.Count", k);
		set_path(r, s == 3 ? "high" : s == 2 ? "medium" : "low", "Report.Severity.%d.Key", k);
	}
	struct svg_series sev = { mm_t(r, "report.alerts"), values };
	struct svg_chart c = { SVG_BARS, "chart-severity", mm_t(r, "report.by_severity"),
			       mm_t(r, "report.chart_desc_severity"), labels, 3, &sev, 1 };
	set_chart(r, "Charts.Severity", &c);

	const char **names = calloc((size_t)f->ncategories + 1, sizeof *names);
	double *counts = calloc((size_t)f->ncategories + 1, sizeof *counts);
	for (int i = 0; names && counts && i < f->ncategories; i++) {
		names[i] = f->categories[i];
		counts[i] = (double)f->category_total[i];
		set_path(r, f->categories[i], "Report.Categories.%d.Name", i);
		set_count(r, f->category_total[i], "Report.Categories.%d.Count", i);
	}
	if (names && counts && f->ncategories) {
		struct svg_series cat = { mm_t(r, "report.alerts"), counts };
		struct svg_chart cc = { SVG_BARS, "chart-category", mm_t(r, "report.by_category"),
					mm_t(r, "report.chart_desc_category"), names,
					(size_t)f->ncategories, &cat, 1 };
		set_chart(r, "Charts.Category", &cc);
	}
	free(names);
	free(counts);
}

static int fill_trend(struct mm_req *r, const struct report_period *p,
		      const struct report_data *data)
{
	const struct report_day *rows = data->days;
	int n = data->ndays;
	char (*labels)[6] = calloc(REPORT_MAX_DAYS, sizeof *labels);
	const char **label_ptrs = calloc(REPORT_MAX_DAYS, sizeof *label_ptrs);
	double *values = calloc(REPORT_MAX_DAYS, sizeof *values);
	int rc = labels && label_ptrs && values ? 0 : MM_DB_ERR;
	long first = report_day_number(p->from);
	for (int d = 0, k = 0; rc == 0 && d < p->days; d++) {
		char day[11];
		report_day_string(first + d, day);
		long long v = 0;
		if (k < n && strcmp(rows[k].day, day) == 0)
			v = rows[k++].alerts;
		snprintf(labels[d], sizeof labels[d], "%s", day + 5);
		label_ptrs[d] = labels[d];
		values[d] = (double)v;
		set_path(r, day, "Report.Daily.%d.Day", d);
		set_count(r, v, "Report.Daily.%d.Count", d);
	}
	if (rc == 0) {
		struct svg_series s = { mm_t(r, "report.alerts"), values };
		struct svg_chart c = { SVG_COLUMNS, "chart-trend", mm_t(r, "report.trend"),
				       mm_t(r, "report.chart_desc_trend"), label_ptrs,
				       (size_t)p->days, &s, 1 };
		set_chart(r, "Charts.Trend", &c);
	}
	free(labels);
	free(label_ptrs);
	free(values);
	return rc;
}

static void fill_tops(struct mm_req *r, const struct report_data *data)
{
	static const struct { int kind; const char *name; } lists[] = {
		{ REPORT_TOP_DESTINATION, "Destinations" }, { REPORT_TOP_URL, "Urls" },
		{ REPORT_TOP_SOURCE, "Sources" },
	};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		const struct report_count *rows = data->top[lists[l].kind - 1];
		int n = data->ntop[lists[l].kind - 1];
		for (int i = 0; i < n; i++) {
			set_path(r, rows[i].key, "Report.Top.%s.%d.Value", lists[l].name, i);
			set_count(r, i + 1, "Report.Top.%s.%d.Rank", lists[l].name, i);
			set_count(r, rows[i].alerts, "Report.Top.%s.%d.Count", lists[l].name, i);
		}
	}
}

/* The per-device table and the own-device comparison (自社UTM同士を比べる). */
static void fill_devices(struct mm_req *r, const struct figures *f)
{
	char label[600];
	int shown = 0;
	const char *series_names[REPORT_CHART_DEVICES];
	double *series_values[REPORT_CHART_DEVICES] = { 0 };
	for (int i = 0; i < f->ndevices; i++) {
		device_label(f, i, label, sizeof label);
		set_path(r, label, "Report.Devices.%d.Label", i);
		set_count(r, f->device_sev[i][0], "Report.Devices.%d.Total", i);
		for (int s = 3; s >= 1; s--)
			set_count(r, f->device_sev[i][s], "Report.Devices.%d.Sev.%d", i, s);
		for (int k = 0; k < f->ncategories; k++)
			set_count(r, device_cat(f, i, k), "Report.Devices.%d.Cat.%d", i, k);
		if (shown < REPORT_CHART_DEVICES && f->ncategories) {
			double *v = calloc((size_t)f->ncategories, sizeof *v);
			if (!v)
				continue;
			for (int k = 0; k < f->ncategories; k++)
				v[k] = (double)device_cat(f, i, k);
			series_values[shown] = v;
			series_names[shown++] = f->devices[i].name[0] ? f->devices[i].name : f->devices[i].mac;
		}
	}
	mm_set_int(r, "Report.DeviceCount", f->ndevices);
	if (f->ndevices > REPORT_CHART_DEVICES)
		mm_set_int(r, "Report.ChartDevices", REPORT_CHART_DEVICES);
	if (shown >= 2) {
		struct svg_series series[REPORT_CHART_DEVICES];
		const char **names = calloc((size_t)f->ncategories, sizeof *names);
		for (int s = 0; s < shown; s++)
			series[s] = (struct svg_series){ series_names[s], series_values[s] };
		for (int k = 0; names && k < f->ncategories; k++)
			names[k] = f->categories[k];
		struct svg_chart c = { SVG_BARS, "chart-devices", mm_t(r, "report.compare_devices"),
				       mm_t(r, "report.chart_desc_devices"), names,
				       (size_t)f->ncategories, series, (size_t)shown };
		if (names)
			set_chart(r, "Charts.Devices", &c);
		free(names);
	}
	for (int s = 0; s < shown; s++)
		free(series_values[s]);
}

/* 参加企業平均と比べる: the stored averages of a computed period against
 * the tenant's own figures per device over the same period. */
static int fill_peers(struct mm_req *r, struct report_key *key, const struct report_period *p,
		      const struct report_fingerprint *fp, struct figures *own)
{
	if (!fp->peer)
		return 0;
	const char *from = fp->peer_from, *to = fp->peer_to;
	struct peer_average *avg = calloc(PEER_MAX_SHOWN, sizeof *avg);
	if (!avg)
		return MM_DB_ERR;
	int navg = peer_db_averages(from, to, avg, PEER_MAX_SHOWN);
	struct report_data data = { 0 };
	struct report_key peer_key = *key;
	peer_key.from = from;
	peer_key.to = to;
	peer_key.device_id = 0;
	int got = navg < 0 ? navg : report_data_get(&peer_key, 0, r->now, &data);
	own->cells = data.cells;
	own->ncells = data.ncells;
	if (got == 0) {
		summarise(own);
		got = index_cells(own);
	}
	if (navg < 0 || got < 0) {
		free(avg);
		report_data_free(&data);
		own->cells = NULL;
		return navg < 0 ? navg : got;
	}
	mm_set(r, "Peer.Show", "1");
	mm_set(r, "Peer.From", from);
	mm_set(r, "Peer.To", to);
	mm_set(r, "Peer.Same", strcmp(from, p->from) == 0 && strcmp(to, p->to) == 0 ? "1" : "0");
	/* the tenant's devices that reported in the period, like the peers' */
	long long own_devices = 0;
	for (int i = 0; i < own->ndevices; i++)
		if (own->device_sev[i][0] > 0)
			own_devices++;
	/* rows: the total, the severities, then every category either side has */
	struct row { const char *dim, *bucket, *label; } rows[4 + 2 * REPORT_MAX_CATEGORIES];
	int nrows = 0;
	static const char sev_bucket[4][2] = { "", "1", "2", "3" };
	rows[nrows++] = (struct row){ "total", "", mm_t(r, "report.total") };
	for (int s = 3; s >= 1; s--)
		rows[nrows++] = (struct row){ "severity", sev_bucket[s],
					      mm_t(r, s == 3 ? "report.sev.3" : s == 2 ? "report.sev.2" :
						   "report.sev.1") };
	for (int k = 0; k < own->ncategories; k++)
		rows[nrows++] = (struct row){ "category", own->categories[k], own->categories[k] };
	for (int i = 0; i < navg && nrows < (int)(sizeof rows / sizeof *rows); i++) {
		if (strcmp(avg[i].dimension, "category") != 0)
			continue;
		int seen = 0;
		for (int k = 0; k < nrows; k++)
			seen |= strcmp(rows[k].dim, "category") == 0 && strcmp(rows[k].bucket, avg[i].bucket) == 0;
		if (!seen)
			rows[nrows++] = (struct row){ "category", avg[i].bucket, avg[i].bucket };
	}
	const char *chart_labels[sizeof rows / sizeof *rows];
	double peer_v[sizeof rows / sizeof *rows], own_v[sizeof rows / sizeof *rows];
	int charted = 0, hidden = 0;
	char text[32], label[600];
	for (int k = 0; k < nrows; k++) {
		const struct peer_average *a = NULL;
		for (int i = 0; i < navg; i++)
			if (strcmp(avg[i].dimension, rows[k].dim) == 0 && strcmp(avg[i].bucket, rows[k].bucket) == 0)
				a = &avg[i];
		int sev = strcmp(rows[k].dim, "severity") == 0 ? rows[k].bucket[0] - '0' : 0;
		const char *cat = strcmp(rows[k].dim, "category") == 0 ? rows[k].bucket : NULL;
		int k_own = cat ? category_find(own, cat) : -1;
		long long mine = sev ? own->severity[sev] : cat ? (k_own < 0 ? 0 : own->category_total[k_own])
				 : own->total;
		long long mine_tenths = peer_round_tenths(mine, own_devices);
		set_path(r, rows[k].label, "Peer.Rows.%d.Label", k);
		char id[32];
		if (sev)
			snprintf(id, sizeof id, "sev-%d", sev);
		else
			snprintf(id, sizeof id, "%s-%d", cat ? "cat" : "total", k);
		set_path(r, cat ? rows[k].bucket : "", "Peer.Rows.%d.Category", k);
		set_path(r, id, "Peer.Rows.%d.Id", k);
		tenths_text(text, sizeof text, mine_tenths);
		set_path(r, text, "Peer.Rows.%d.Own", k);
		if (a) {
			tenths_text(text, sizeof text, a->tenths);
			set_path(r, text, "Peer.Rows.%d.Peer", k);
			chart_labels[charted] = rows[k].label;
			peer_v[charted] = (double)a->tenths / 10;
			own_v[charted++] = (double)mine_tenths / 10;
		} else {
			hidden++;
		}
		for (int i = 0; i < own->ndevices; i++)
			set_count(r, sev ? own->device_sev[i][sev] : cat ? device_cat(own, i, k_own) :
				  own->device_sev[i][0], "Peer.Rows.%d.Devices.%d", k, i);
	}
	for (int i = 0; i < own->ndevices; i++) {
		device_label(own, i, label, sizeof label);
		set_path(r, label, "Peer.Devices.%d", i);
	}
	mm_set_int(r, "Peer.Hidden", hidden);
	if (charted) {
		struct svg_series series[2] = { { mm_t(r, "report.peer_average"), peer_v },
						{ mm_t(r, "report.own_average"), own_v } };
		struct svg_chart c = { SVG_BARS, "chart-peers", mm_t(r, "report.peer_title"),
				       mm_t(r, "report.chart_desc_peers"), chart_labels,
				       (size_t)charted, series, 2 };
		set_chart(r, "Charts.Peers", &c);
	}
	free(avg);
	report_data_free(&data);
	own->cells = NULL;
	return 0;
}

static void period_links(struct mm_req *r, const struct report_period *p, const char *customer)
{
	struct mm_buf qs = { 0 };
	if (customer) {
		mm_buf_puts(&qs, "customer=");
		mm_url_encode(&qs, customer);
		mm_buf_puts(&qs, "&");
	}
	mm_buf_printf(&qs, "period=range&from=%s&to=%s", p->from, p->to);
	mm_set(r, "Report.Query", mm_buf_str(&qs));
	mm_buf_free(&qs);
	struct mm_buf alerts = { 0 };
	mm_buf_printf(&alerts, "/dashboard/alerts?from=%s&to=%s", p->from, p->to);
	mm_set(r, "Report.AlertsLink", mm_buf_str(&alerts));
	mm_buf_free(&alerts);
}

/* The figures of the page (report_body.cs), rendered from the kept
 * figures or reused as rendered from the same fingerprint. */
static int report_body(struct mm_req *r, long long tenant, const struct report_period *p,
		       long long device, struct figures *f, struct figures *own)
{
	/* read before any figure: see struct report_fingerprint */
	struct report_fingerprint fp = { .devices_n = f->ndevices,
					 .devices_sig = report_devices_sig(f->devices, f->ndevices) };
	int rc = report_db_fingerprint(tenant, p->from, p->to, device == 0, &fp);
	if (rc < 0)
		return rc;
	struct report_body_key body_key = { .tenant_id = tenant, .device_id = device };
	memcpy(body_key.from, p->from, sizeof body_key.from);
	memcpy(body_key.to, p->to, sizeof body_key.to);
	snprintf(body_key.lang, sizeof body_key.lang, "%s", r->lang);
	struct report_body kept;
	if (report_cache_find(&body_key, &fp, &kept)) {
		mm_set(r, "Report.Total", kept.total);
		mm_set(r, "Report.Body", kept.html);
		return 0;
	}
	struct report_key key = { tenant, p->from, p->to, device, f->ndevices,
				  report_devices_hash(f->devices, f->ndevices) };
	struct report_data data = { 0 };
	char total[32] = "0";
	rc = report_data_get(&key, 1, r->now, &data);
	if (rc == 0) {
		f->cells = data.cells;
		f->ncells = data.ncells;
		summarise(f);
		svg_number(total, sizeof total, (double)f->total);
		fill_summary(r, f);
		rc = fill_trend(r, p, &data);
		fill_tops(r, &data);
		if (device) {	/* one device chosen: its row only */
			int i = device_index(f, device);
			if (i > 0)
				f->devices[0] = f->devices[i];
			f->ndevices = 1;
		}
		if (rc == 0)
			rc = index_cells(f);
		if (rc == 0) {
			fill_devices(r, f);
			memcpy(own->devices, f->devices, sizeof own->devices);
			own->ndevices = f->ndevices;
			if (!device)
				rc = fill_peers(r, &key, p, &fp, own);
		}
	}
	f->cells = NULL;
	report_data_free(&data);
	if (rc < 0)
		return rc;
	struct mm_buf html = { 0 };
	if (mm_tmpl_render(r->hdf, r->lang, "dashboard/report_body.cs", &html) < 0) {
		mm_buf_free(&html);
		return MM_DB_ERR;
	}
	if (report_cache_keep(&body_key, &fp, mm_buf_str(&html), html.len, total) < 0)
		mm_log_warn("report: rendered figures not kept (out of memory)");
	mm_set(r, "Report.Body", mm_buf_str(&html));
	mm_buf_free(&html);
	return 0;
}

/* The report of one tenant: the page's body for customers and staff. */
static int report_fill(struct mm_req *r, long long tenant, const char *customer)
{
	char today[MM_TIME_LEN];
	mm_time_format(mm_time_zone(r), r->now, today);
	today[10] = '\0';
	mm_set(r, "Report.Today", today);
	struct figures *f = calloc(1, sizeof *f);
	struct figures *own = calloc(1, sizeof *own);
	if (!f || !own) {
		free(f);
		free(own);
		return MM_DB_ERR;
	}
	int rc = report_db_devices(tenant, f->devices, DASH_MAX_DEVICES);
	if (rc >= 0) {
		f->ndevices = rc;
		for (int i = 0; i < f->ndevices; i++) {
			char id[MM_PUBID_CHARS], label[600];
			mm_pubid_encode(MM_PUBID_DEVICE, f->devices[i].id, id);
			set_path(r, id, "Choices.Devices.%d.Id", i);
			device_label(f, i, label, sizeof label);
			set_path(r, label, "Choices.Devices.%d.Label", i);
		}
		rc = 0;
	}
	struct report_period p = { 0 };
	const char *why = NULL;
	if (rc == 0 && r->invalid)
		why = mm_param_error(r, "device") ? "report.err.device" : "report.err.format";
	if (rc == 0 && !why)
		why = report_period_parse(mm_param(r, "period"), mm_param(r, "month"),
					  mm_param(r, "from"), mm_param(r, "to"), today, &p);
	long long device = 0;
	if (rc == 0 && !why && mm_param(r, "device") && *mm_param(r, "device")) {
		int ok = mm_pubid_decode(MM_PUBID_DEVICE, mm_param(r, "device"), &device) < 0 ? 0 :
			 device_index(f, device) >= 0 ? 1 : dash_db_device_ok(tenant, device);
		if (ok < 0)
			rc = ok;
		else if (!ok)	/* another tenant's device reads like one that does not exist */
			why = "report.err.device";
	}
	if (rc == 0 && why) {
		mm_set(r, "Message.Error", mm_t(r, why));
		rc = 400;
	}
	if (rc == 0) {
		mm_set(r, "Report.Show", "1");
		mm_set(r, "Report.From", p.from);
		mm_set(r, "Report.To", p.to);
		mm_set_int(r, "Report.Days", p.days);
		mm_set(r, "Report.Kind", p.kind == REPORT_MONTH ? "month" : p.kind == REPORT_RANGE ? "range" : "30d");
		period_links(r, &p, customer);
	}
	if (rc == 0)
		rc = report_body(r, tenant, &p, device, f, own);
	free(f->device_cat);
	free(own->device_cat);
	free(f);
	free(own);
	return rc;
}

int dashboard_report(struct mm_req *r)
{
	if (r->user.tenant_id <= 0)
		return 404;	/* provider staff read a tenant's report on the staff page */
	int rc = report_fill(r, r->user.tenant_id, NULL);
	if (rc < 0)
		return rc;
	mm_event_after(r, "report.view");
	return mm_render(r, rc == 400 ? 400 : 200, "dashboard/report.cs");
}

static void fill_runs(struct mm_req *r)
{
	struct peer_run runs[20];
	int n = peer_db_runs(runs, 20);
	for (int i = 0; i < n; i++) {
		set_path(r, runs[i].from, "Staff.Runs.%d.From", i);
		set_path(r, runs[i].to, "Staff.Runs.%d.To", i);
		set_count(r, runs[i].tenants, "Staff.Runs.%d.Tenants", i);
		set_count(r, runs[i].devices, "Staff.Runs.%d.Devices", i);
		set_count(r, runs[i].buckets, "Staff.Runs.%d.Buckets", i);
		char path[64];
		snprintf(path, sizeof path, "Staff.Runs.%d.ComputedAt", i);
		mm_time_set(r, path, runs[i].computed_at);
	}
}

int staff_report(struct mm_req *r)
{
	mm_set(r, "Staff.Show", "1");
	mm_set(r, "Staff.Done", mm_param(r, "done") ? "1" : "0");
	fill_runs(r);
	const char *customer = mm_param(r, "customer");
	int status = 200;
	if (customer && *customer) {
		long long tenant = 0;
		char name[201 * 4] = "";
		int rc = report_db_tenant(customer, &tenant, name, sizeof name);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			mm_set(r, "Message.Error", mm_t(r, "report.err.customer"));
			status = 404;
		} else {
			mm_set(r, "Staff.Customer", customer);
			mm_set(r, "Staff.TenantName", name);
			rc = report_fill(r, tenant, customer);
			if (rc < 0)
				return rc;
			status = rc == 400 ? 400 : 200;
		}
	}
	return mm_render(r, status, "dashboard/report.cs");
}

/* The job over every tenant's counts can take seconds: the connection
 * waits up to this long for it (nginx gives a FastCGI answer 60 s). */
#define PEER_STAFF_SECONDS 55

int staff_report_peers(struct mm_req *r)
{
	struct peer_run runs[2];
	mm_db_long_reads(PEER_STAFF_SECONDS);
	int rc = peer_aggregate_defaults(r->now, runs);
	mm_db_long_reads(0);
	if (rc == MM_DB_TIMEOUT || rc == MM_DB_DOWN || mm_db_is_down()) {
		mm_log_error("peer aggregate run by staff user %lld did not finish (%d)", r->user.id, rc);
		mm_set(r, "Staff.Show", "1");
		mm_set(r, "Message.Error", mm_t(r, "report.err.run_slow"));
		fill_runs(r);
		return mm_render(r, 503, "dashboard/report.cs");
	}
	if (rc < 0)
		return rc;
	mm_log_info("peer aggregate run by staff user %lld: %s..%s and %s..%s", r->user.id,
		    runs[0].from, runs[0].to, runs[1].from, runs[1].to);
	return mm_redirect(r, "/staff/dashboard/report?done=1");
}
