/* The alert list and the alert page (DASH-1 details, DASH-6 page). The
 * list's whole state (filters, sort, page) is in the query string, so it
 * works without JavaScript and Back and bookmarks keep it. Times are shown
 * in the reader's zone; the period's dates are the reader's days. */
#include "dashboard_alerts.h"
#include "mm_alert_category.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sort_names[DASH_NSORT] = {
	[DASH_SORT_DETECTED] = "detected", [DASH_SORT_SEVERITY] = "severity",
	[DASH_SORT_CATEGORY] = "category", [DASH_SORT_DEVICE] = "device",
};

static const char *v_sort(const struct mm_input *in, const char *v)
{
	return mm_name_index(sort_names, DASH_NSORT, v) >= 0 ? NULL : "err.format";
}

static const char *v_date(const struct mm_input *in, const char *v)
{
	return mm_time_local_date("UTC", v) ? NULL : "alerts.err.date";
}

/* high, medium, low, or medium_up (the dashboard's "issues") */
static const char *v_severity(const struct mm_input *in, const char *v)
{
	return strcmp(v, "high") == 0 || strcmp(v, "medium") == 0 || strcmp(v, "low") == 0 ||
	       strcmp(v, "medium_up") == 0 ? NULL : "err.format";
}

/* one of the categories a UTM sends: any other is a wrong filter, as a
 * wrong severity or state is, not an empty list */
static const char *v_category(const struct mm_input *in, const char *v)
{
	return mm_alert_category_known(v) ? NULL : "err.format";
}

static const char *v_state(const struct mm_input *in, const char *v)
{
	return strcmp(v, "open") == 0 || strcmp(v, "blocked") == 0 ? NULL : "err.format";
}

static const char *v_id(const struct mm_input *in, const char *v)
{
	if (!*v || strlen(v) > 18 || v[0] == '0')
		return "err.format";
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return "err.format";
	return NULL;
}

/* The keyset of the previous page's last row: "<detected, seconds since
 * 1970>_<public number of the alert>". */
static int after_parse(const char *v, time_t *at, long long *id)
{
	if (!v)
		return 0;
	const char *sep = strchr(v, '_');
	if (!sep || sep == v || sep - v > 12)
		return 0;
	for (const char *p = v; p < sep; p++)
		if (*p < '0' || *p > '9')
			return 0;
	if (mm_pubid_decode(MM_PUBID_ALERT, sep + 1, id) < 0)
		return 0;
	*at = (time_t)strtoll(v, NULL, 10);
	return 1;
}

static const char *v_after(const struct mm_input *in, const char *v)
{
	time_t at;
	long long id;
	return after_parse(v, &at, &id) ? NULL : "err.format";
}

const struct mm_input dashboard_alerts_inputs[] = {
	{ "from", v_date, 0, 0, 10 },
	{ "to", v_date, 0, 0, 10 },
	{ "severity", v_severity, 0, 0, 10 },
	{ "category", v_category, 0, 0, 40 },
	{ "device", v_id, 0, 0, 18 },
	{ "state", v_state, 0, 0, 10 },
	{ "sort", v_sort, 0, 0, 10 },
	{ "dir", mm_v_dir, 0, 0, 4 },
	{ "page", mm_v_digits, 0, 1, 7 },
	{ "after", v_after, 0, 0, 32 },
	MM_INPUT_END
};

static const char *const filter_params[] = { "from", "to", "severity", "category", "device",
					     "state", NULL };

/* The filter part of the query string, for the sort links and the pager. */
static void fill_filter_query(struct mm_req *r)
{
	struct mm_buf qs = { 0 };
	for (const char *const *p = filter_params; *p; p++) {
		const char *v = mm_param(r, *p);
		if (!v || !*v)
			continue;
		mm_buf_puts(&qs, qs.len ? "&" : "");
		mm_buf_puts(&qs, *p);
		mm_buf_puts(&qs, "=");
		mm_url_encode(&qs, v);
	}
	mm_set(r, "List.Filter", mm_buf_str(&qs));
	mm_buf_free(&qs);
}

static void filter_of(struct mm_req *r, struct dash_filter *f)
{
	memset(f, 0, sizeof *f);
	const char *zone = mm_time_zone(r);
	if (mm_param(r, "from") && *mm_param(r, "from"))
		f->from = mm_time_local_date(zone, mm_param(r, "from"));
	if (mm_param(r, "to") && *mm_param(r, "to")) {
		time_t to = mm_time_local_date(zone, mm_param(r, "to"));
		/* the next local midnight, whatever the day's length */
		char next[MM_TIME_LEN];
		mm_time_format(zone, to + 36 * 3600, next);
		next[10] = '\0';
		f->before = to ? mm_time_local_date(zone, next) : 0;
	}
	const char *sev = mm_param(r, "severity");
	f->severity_min = 1;
	f->severity_max = 3;
	if (sev && strcmp(sev, "high") == 0)
		f->severity_min = 3;
	else if (sev && strcmp(sev, "medium") == 0)
		f->severity_min = f->severity_max = 2;
	else if (sev && strcmp(sev, "low") == 0)
		f->severity_max = 1;
	else if (sev && strcmp(sev, "medium_up") == 0)
		f->severity_min = 2;
	const char *cat = mm_param(r, "category");
	f->category = cat && *cat ? cat : NULL;
	/* a number that is no device's public number: no device (-1) */
	if (mm_param(r, "device") && *mm_param(r, "device") &&
	    mm_pubid_decode(MM_PUBID_DEVICE, mm_param(r, "device"), &f->device_id) < 0)
		f->device_id = -1;
	const char *state = mm_param(r, "state");
	f->state = !state || !*state ? DASH_STATE_ANY :
		   strcmp(state, "open") == 0 ? DASH_STATE_OPEN : DASH_STATE_BLOCKED;
	int sort = mm_name_index(sort_names, DASH_NSORT, mm_param(r, "sort"));
	f->sort = sort >= 0 ? sort : DASH_SORT_DETECTED;
	const char *dir = mm_param(r, "dir");
	f->desc = dir ? strcmp(dir, "desc") == 0 : f->sort == DASH_SORT_DETECTED ||
		  f->sort == DASH_SORT_SEVERITY;
	mm_set(r, "List.Sort", sort_names[f->sort]);
	mm_set(r, "List.Dir", f->desc ? "desc" : "asc");
}

/* The filter's choices: the tenant's registered devices and categories. */
static int fill_choices(struct mm_req *r)
{
	struct dash_device *devices = calloc(DASH_MAX_DEVICES, sizeof *devices);
	char (*cats)[41 * 4] = calloc(DASH_MAX_CATEGORIES, sizeof *cats);
	int rc = devices && cats ? 0 : MM_DB_ERR;
	int n = 0;
	char path[64], label[600];
	if (rc == 0 && (n = rc = dash_db_devices(r->user.tenant_id, devices, DASH_MAX_DEVICES)) > 0)
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof path, "Devices.%d.Id", i);
			mm_pubid_set(r, path, MM_PUBID_DEVICE, devices[i].id);
			snprintf(path, sizeof path, "Devices.%d.Label", i);
			dash_device_label(label, sizeof label, devices[i].name, devices[i].mac);
			mm_set(r, path, label);
		}
	if (rc >= 0 && (n = rc = dash_db_categories(r->user.tenant_id, cats, DASH_MAX_CATEGORIES)) > 0)
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof path, "AlertCategories.%d", i);
			mm_set(r, path, cats[i]);
		}
	free(devices);
	free(cats);
	return rc < 0 ? rc : 0;
}

static void fill_alert(struct mm_req *r, const char *prefix, const struct dash_alert *a)
{
	char path[96], label[600];
	snprintf(path, sizeof path, "%s.Id", prefix);
	mm_pubid_set(r, path, MM_PUBID_ALERT, a->id);
	snprintf(path, sizeof path, "%s.DetectedAt", prefix);
	mm_time_set(r, path, a->detected_at);
	snprintf(path, sizeof path, "%s.ReceivedAt", prefix);
	mm_time_set(r, path, a->received_at);
	snprintf(path, sizeof path, "%s.Severity", prefix);
	mm_set_int(r, path, a->severity);
	snprintf(path, sizeof path, "%s.Stars", prefix);
	mm_set(r, path, dash_stars(a->severity));
	snprintf(path, sizeof path, "%s.Category", prefix);
	mm_set(r, path, a->category);
	snprintf(path, sizeof path, "%s.Source", prefix);
	mm_set(r, path, a->source);
	snprintf(path, sizeof path, "%s.Destination", prefix);
	mm_set(r, path, a->destination);
	snprintf(path, sizeof path, "%s.Url", prefix);
	mm_set(r, path, a->url);
	snprintf(path, sizeof path, "%s.Status", prefix);
	mm_set(r, path, a->status);
	snprintf(path, sizeof path, "%s.Blocked", prefix);
	/* handled, as the state filter counts it (dashboard_alerts_db.c) */
	mm_set(r, path, strcmp(a->status, "blocked") == 0 || strcmp(a->status, "quarantined") == 0 ?
			"1" : "0");
	snprintf(path, sizeof path, "%s.Device", prefix);
	dash_device_label(label, sizeof label, a->device_name, a->mac);
	mm_set(r, path, label);
	snprintf(path, sizeof path, "%s.Mac", prefix);
	mm_set(r, path, a->mac);
	snprintf(path, sizeof path, "%s.Serial", prefix);
	mm_set(r, path, a->serial);
}

int dashboard_alerts(struct mm_req *r)
{
	if (r->user.tenant_id <= 0)
		return 404;	/* provider staff have no alerts of their own */
	const char *tmpl = "dashboard/alerts.cs";
	int rc = fill_choices(r);
	if (rc < 0)
		return rc;
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "alerts.err.filter"));
		mm_set(r, "List.Sort", "detected");
		mm_set(r, "List.Dir", "desc");
		return mm_render(r, 400, tmpl);
	}
	struct dash_filter f;
	filter_of(r, &f);
	if (f.from && f.before && f.before <= f.from) {
		mm_set(r, "Message.Error", mm_t(r, "alerts.err.period_order"));
		return mm_render(r, 400, tmpl);
	}
	if (f.device_id && (rc = dash_db_device_ok(r->user.tenant_id, f.device_id)) <= 0) {
		if (rc < 0)
			return rc;
		/* another tenant's device reads like one that does not exist */
		mm_set(r, "Message.Error", mm_t(r, "alerts.err.device"));
		return mm_render(r, 400, tmpl);
	}
	long long total = 0;
	int capped = 0;
	if ((rc = dash_db_alert_count(r->user.tenant_id, &f, &total, &capped)) < 0)
		return rc;
	long long pages = total ? (total + DASH_PAGE_SIZE - 1) / DASH_PAGE_SIZE : 1;
	long long page = mm_param(r, "page") ? strtoll(mm_param(r, "page"), NULL, 10) : 1;
	/* a capped count is a lower bound: the pages go on while they have rows */
	page = page < 1 ? 1 : page > pages && !capped ? pages : page;
	f.offset = (page - 1) * DASH_PAGE_SIZE;
	/* the next page of the detection-time sort goes on from this page's
	 * last row (its link carries it): no offset to walk on a large tenant */
	f.keyset = page > 1 && f.sort == DASH_SORT_DETECTED &&
		   after_parse(mm_param(r, "after"), &f.after_at, &f.after_id);
	struct dash_alert *rows = calloc(DASH_PAGE_SIZE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = total > 0 ? dash_db_alert_list(r->user.tenant_id, &f, capped ? 0 : total, rows) : 0;
	if (n < 0) {
		free(rows);
		return n;
	}
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Alerts.%d", i);
		fill_alert(r, prefix, &rows[i]);
	}
	if (n > 0 && f.sort == DASH_SORT_DETECTED) {
		char key[48], num[MM_PUBID_CHARS];
		mm_pubid_encode(MM_PUBID_ALERT, rows[n - 1].id, num);
		snprintf(key, sizeof key, "%lld_%s", (long long)rows[n - 1].detected_at, num);
		mm_set(r, "List.NextKey", key);
	}
	if (capped && page >= pages) {
		/* past the capped count: a next page only when it has rows (a
		 * full page may be the last) */
		int more = 0;
		if (n == DASH_PAGE_SIZE) {
			struct dash_filter next = f;
			next.offset += DASH_PAGE_SIZE;
			next.keyset = 0;
			more = dash_db_alert_list(r->user.tenant_id, &next, 0, rows);
		}
		if (more < 0) {
			free(rows);
			return more;
		}
		pages = more > 0 ? page + 1 : page;
	}
	free(rows);
	fill_filter_query(r);
	mm_set_int(r, "List.Total", total);
	mm_set(r, "List.Capped", capped ? "1" : "0");
	mm_set_int(r, "List.From", total ? f.offset + 1 : 0);
	mm_set_int(r, "List.To", f.offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return mm_render(r, 200, tmpl);
}

int dashboard_alert(struct mm_req *r)
{
	long long id;
	/* a number that is not an alert's public number reads like a missing one */
	if (r->user.tenant_id <= 0 || mm_pubid_decode(MM_PUBID_ALERT, r->path_args[0], &id) < 0)
		return 404;
	struct dash_alert *a = calloc(1, sizeof *a);
	struct mm_buf description = { 0 }, action = { 0 };
	if (!a)
		return MM_DB_ERR;
	int rc = dash_db_alert_get(r->user.tenant_id, id, a, &description, &action);
	if (rc > 0) {
		fill_alert(r, "Alert", a);
		mm_set(r, "Alert.Description", mm_buf_str(&description));
		mm_set(r, "Alert.Action", mm_buf_str(&action));
		mm_set(r, "Alert.DeviceAlertId", a->device_alert_id);
		rc = mm_render(r, 200, "dashboard/alert.cs");
	} else if (rc == 0) {
		rc = 404;
	}
	free(a);
	mm_buf_free(&description);
	mm_buf_free(&action);
	return rc;
}
