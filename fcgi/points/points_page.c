/* The point pages every user of a tenant may read (PTS-1, PTS-3, seed 002
 * §4.10, §4.11.2), and the periods-and-ledger part that the staff page of
 * a tenant shows too. */
#include "points.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void points_today(struct mm_req *r, char out[PTS_DATE_LEN])
{
	struct pts_date d;
	pts_tokyo_date(r->now, &d);
	pts_date_format(&d, out);
}

long long points_id(const char *s)
{
	if (!s || !*s || strlen(s) > 18)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return strtoll(s, NULL, 10);
}

static const char *v_id(const struct mm_input *in, const char *v)
{
	return points_id(v) > 0 ? NULL : "err.format";
}

const struct mm_input points_page_inputs[] = {
	{ "period", v_id, 0, 0, 18 },
	{ "ppage", mm_v_digits, 0, 1, 7 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

static void set_path(struct mm_req *r, const char *prefix, const char *field, const char *v)
{
	char path[96];
	snprintf(path, sizeof path, "%s.%s", prefix, field);
	mm_set(r, path, v);
}

static void set_int_path(struct mm_req *r, const char *prefix, const char *field, long long v)
{
	char path[96];
	snprintf(path, sizeof path, "%s.%s", prefix, field);
	mm_set_int(r, path, v);
}

static void fill_period(struct mm_req *r, const char *prefix, const struct points_period *p,
			const char *customer_no, const char *today)
{
	long long left = 0;
	/* the table's CHECK keeps consumed within contracted + credited */
	if (pts_remaining(p->contracted, p->credited, p->consumed, &left) < 0)
		left = 0;
	set_int_path(r, prefix, "Id", p->id);
	set_path(r, prefix, "CustomerNo", customer_no);
	set_path(r, prefix, "StartsOn", p->starts_on);
	set_path(r, prefix, "EndsOn", p->ends_on);
	set_int_path(r, prefix, "Contracted", p->contracted);
	set_int_path(r, prefix, "Credited", p->credited);
	set_int_path(r, prefix, "Consumed", p->consumed);
	set_int_path(r, prefix, "Remaining", left);
	int current = strcmp(p->starts_on, today) <= 0 && strcmp(today, p->ends_on) <= 0;
	set_path(r, prefix, "Current", current ? "1" : "0");
	set_path(r, prefix, "Future", strcmp(today, p->starts_on) < 0 ? "1" : "0");
}

/* Page n of a list of total rows: clamps n, gives the offset, fills
 * prefix.{Total,From,To,Page,Pages} once the shown count is known. */
static long long page_of(long long total, long long size, long long *page)
{
	long long pages = total ? (total + size - 1) / size : 1;
	*page = *page < 1 ? 1 : *page > pages ? pages : *page;
	return (*page - 1) * size;
}

static void fill_pager(struct mm_req *r, const char *prefix, long long total, long long size,
		       long long page, long long offset, int shown)
{
	set_int_path(r, prefix, "Total", total);
	set_int_path(r, prefix, "From", total ? offset + 1 : 0);
	set_int_path(r, prefix, "To", offset + shown);
	set_int_path(r, prefix, "Page", page);
	set_int_path(r, prefix, "Pages", total ? (total + size - 1) / size : 1);
}

static void fill_entry(struct mm_req *r, const char *prefix, const struct points_entry *e)
{
	char signed_points[32];
	if (strcmp(e->kind, "consume") == 0)
		snprintf(signed_points, sizeof signed_points, "-%lld", e->points);
	else if (strcmp(e->kind, "contract_change") == 0)
		snprintf(signed_points, sizeof signed_points, "%lld", e->points);
	else
		snprintf(signed_points, sizeof signed_points, "+%lld", e->points);
	char path[96];
	snprintf(path, sizeof path, "%s.When", prefix);
	mm_time_set(r, path, e->created_at);
	set_path(r, prefix, "Kind", e->kind);
	set_path(r, prefix, "Points", signed_points);
	set_path(r, prefix, "RequestNo", e->request_no);
	set_path(r, prefix, "CaseNo", e->case_no);
	set_path(r, prefix, "Reason", e->reason);
	set_path(r, prefix, "Actor", e->actor);
}

static int fill_ledger(struct mm_req *r, const struct points_view *v, long long period)
{
	long long total = 0;
	int rc = points_db_ledger_count(v->tenant, period, &total);
	if (rc < 0)
		return rc;
	long long page = v->ledger_page;
	long long offset = page_of(total, POINTS_LEDGER_PAGE, &page);
	struct points_entry *rows = calloc(POINTS_LEDGER_PAGE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = total ? points_db_ledger(v->tenant, period, offset, rows, POINTS_LEDGER_PAGE) : 0;
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Ledger.Rows.%d", i);
		fill_entry(r, prefix, &rows[i]);
	}
	free(rows);
	if (n < 0)
		return n;
	fill_pager(r, "Ledger", total, POINTS_LEDGER_PAGE, page, offset, n);
	return 0;
}

int points_fill(struct mm_req *r, const struct points_view *v)
{
	char today[PTS_DATE_LEN];
	points_today(r, today);
	struct points_period selected;
	int have = 0, rc;
	if (v->period) {
		rc = points_db_period(v->tenant, v->period, v->started_by, &selected);
		if (rc <= 0)
			return rc < 0 ? rc : 404;
		have = 1;
	} else {
		rc = points_db_periods(v->tenant, today, v->started_by, 0, &selected, 1);
		if (rc < 0)
			return rc;
		have = rc == 1;
	}
	long long total = 0;
	rc = points_db_period_count(v->tenant, v->started_by, &total);
	if (rc < 0)
		return rc;
	long long page = v->period_page;
	long long offset = page_of(total, POINTS_PERIOD_PAGE, &page);
	struct points_period *rows = calloc(POINTS_PERIOD_PAGE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = total ? points_db_periods(v->tenant, today, v->started_by, offset, rows,
					  POINTS_PERIOD_PAGE) : 0;
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Periods.Rows.%d", i);
		fill_period(r, prefix, &rows[i], v->customer_no, today);
		set_path(r, prefix, "Selected", have && rows[i].id == selected.id ? "1" : "0");
	}
	free(rows);
	if (n < 0)
		return n;
	fill_pager(r, "Periods", total, POINTS_PERIOD_PAGE, page, offset, n);
	mm_set(r, "Points.CustomerNo", v->customer_no);
	mm_set(r, "Points.Today", today);
	if (!have)
		return 0;
	fill_period(r, "Selected", &selected, v->customer_no, today);
	return fill_ledger(r, v, selected.id);
}

static long long page_param(struct mm_req *r, const char *name)
{
	const char *v = mm_param(r, name);
	return v ? strtoll(v, NULL, 10) : 1;
}

int points_page(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return mm_redirect(r, "/staff/points/");
	/* a period id that is not a number is no period at all */
	if (mm_param_error(r, "period"))
		return 404;
	if (r->invalid)
		return mm_error_page(r, 400, "points.err.page");
	char today[PTS_DATE_LEN];
	points_today(r, today);
	const struct points_view v = {
		.tenant = r->user.tenant_id, .customer_no = r->user.customer_no,
		.started_by = today, .period = points_id(mm_param(r, "period")),
		.period_page = page_param(r, "ppage"), .ledger_page = page_param(r, "page"),
	};
	mm_set(r, "Points.Base", "/points/");
	mm_set(r, "Points.CaseBase", "/cases/");
	int rc = points_fill(r, &v);
	return rc ? rc : mm_render(r, 200, "points/points.cs");
}

int points_service(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role))
		return mm_redirect(r, "/staff/points/");
	struct points_contract *k = calloc(POINTS_MAX_CONTRACTS, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = points_db_contracts(r->user.tenant_id, k, POINTS_MAX_CONTRACTS);
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Contracts.%d", i);
		set_int_path(r, prefix, "Index", i + 1);
		set_path(r, prefix, "CustomerNo", k[i].customer_no);
		set_path(r, prefix, "TenantName", k[i].tenant_name);
		set_path(r, prefix, "Service", k[i].service_name);
		set_path(r, prefix, "Start", k[i].start_date);
		set_path(r, prefix, "Renewal", k[i].renewal_date);
		set_path(r, prefix, "Type", k[i].type);
		set_path(r, prefix, "Plan", k[i].plan);
	}
	free(k);
	if (n < 0)
		return n;
	mm_set_int(r, "Points.Contracts", n);
	mm_set(r, "Points.CustomerNo", r->user.customer_no);
	return mm_render(r, 200, "points/service.cs");
}
