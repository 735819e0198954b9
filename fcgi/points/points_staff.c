/* The staff side of points (PTS-2): find a tenant, read its periods and
 * ledger, set the contracted points of a period, grant credit, create a
 * period; and open an over-consumption case for it through the case
 * console. Each change is one transaction that either writes the period
 * and its ledger row or nothing. */
#include "points.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_customer_no(const char *v)
{
	if (strlen(v) != 10 || v[0] != 'N')
		return "err.format";
	for (int i = 1; i < 10; i++)
		if (v[i] < '0' || v[i] > '9')
			return "err.format";
	return NULL;
}

static const char *v_id(const struct mm_input *in, const char *v)
{
	return points_id(v) > 0 ? NULL : "err.format";
}

static const char *v_amount(const struct mm_input *in, const char *v)
{
	long long n;
	return pts_amount_parse(v, &n) == 0 ? NULL : "points.err.amount";
}

static const char *v_credit(const struct mm_input *in, const char *v)
{
	long long n;
	return pts_amount_parse(v, &n) == 0 && n > 0 ? NULL : "points.err.credit";
}

static const char *v_reason(const struct mm_input *in, const char *v)
{
	const char *err = mm_v_text(in, v);
	if (err)
		return err;
	/* a reason of blanks is no reason */
	for (const char *p = v; *p; p++)
		if (!strchr(" \t\r\n", *p))
			return NULL;
	return "points.err.reason";
}

static const char *v_date(const struct mm_input *in, const char *v)
{
	struct pts_date d;
	return pts_date_parse(v, &d) == 0 ? NULL : "points.err.date";
}

static const char *v_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "contracted") == 0 || strcmp(v, "credit") == 0 ||
	       strcmp(v, "period") == 0 ? NULL : "err.format";
}

/* --- the tenant list -------------------------------------------------------- */

static const struct mm_input list_inputs[] = {
	{ "q", mm_v_line, 0, 0, 100 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

/* q as a LIKE pattern with '!' escaping its own wildcards. */
static void like_of(struct mm_buf *b, const char *q)
{
	mm_buf_puts(b, "%");
	for (const char *p = q; *p; p++) {
		if (*p == '!' || *p == '%' || *p == '_')
			mm_buf_puts(b, "!");
		mm_buf_add(b, p, 1);
	}
	mm_buf_puts(b, "%");
}

static int staff_list(struct mm_req *r)
{
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "points.err.search"));
		return mm_render(r, 400, "staff/points/list.cs");
	}
	const char *q = mm_param(r, "q");
	struct mm_buf pattern = { 0 };
	if (q && *q)
		like_of(&pattern, q);
	if (pattern.oom) {
		mm_buf_free(&pattern);
		return MM_DB_ERR;
	}
	const char *like = pattern.len ? mm_buf_str(&pattern) : NULL;
	char today[PTS_DATE_LEN];
	points_today(r, today);
	long long total = 0;
	int rc = points_db_tenant_count(like, &total);
	struct mm_page pg = mm_page_of(r, total, POINTS_TENANT_PAGE);
	long long page = pg.page, pages = pg.pages, offset = pg.offset;
	struct points_tenant *t = calloc(POINTS_TENANT_PAGE, sizeof *t);
	int n = 0;
	if (rc == 0 && total > 0)
		rc = t ? (n = points_db_tenants(like, today, offset, t, POINTS_TENANT_PAGE)) : MM_DB_ERR;
	mm_buf_free(&pattern);
	if (rc < 0) {
		free(t);
		return rc;
	}
	char p[48];
	for (int i = 0; i < n; i++) {
		long long left = 0;
		if (pts_remaining(t[i].contracted, t[i].credited, t[i].consumed, &left) < 0)
			left = 0;
		snprintf(p, sizeof p, "Tenants.%d.No", i);
		mm_set(r, p, t[i].customer_no);
		snprintf(p, sizeof p, "Tenants.%d.Name", i);
		mm_set(r, p, t[i].name);
		snprintf(p, sizeof p, "Tenants.%d.HasCurrent", i);
		mm_set(r, p, t[i].has_current ? "1" : "0");
		snprintf(p, sizeof p, "Tenants.%d.Contracted", i);
		mm_set_int(r, p, t[i].contracted + t[i].credited);
		snprintf(p, sizeof p, "Tenants.%d.Consumed", i);
		mm_set_int(r, p, t[i].consumed);
		snprintf(p, sizeof p, "Tenants.%d.Remaining", i);
		mm_set_int(r, p, left);
	}
	free(t);
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", total ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return mm_render(r, 200, "staff/points/list.cs");
}

/* --- a tenant's page --------------------------------------------------------- */

struct tenant_ref {
	long long id;
	char no[11];
	char name[201 * 4];
};

/* The tenant named by the path's first segment: 1, 0 (no such page), < 0. */
static int tenant_of_path(struct mm_req *r, struct tenant_ref *t)
{
	const char *no = r->path_args[0];
	if (v_customer_no(no))
		return 0;
	mm_copy_str(t->no, sizeof t->no, no);
	return points_db_tenant_by_no(no, &t->id, t->name);
}

static int render_tenant(struct mm_req *r, const struct tenant_ref *t, long long period,
			 long long ppage, long long page, int status, const char *error_key,
			 const char *notice_key)
{
	const struct points_view v = {
		.tenant = t->id, .customer_no = t->no, .started_by = NULL, .period = period,
		.period_page = ppage, .ledger_page = page, .staff = 1,
	};
	char base[48];
	snprintf(base, sizeof base, "/staff/points/%s", t->no);
	mm_set(r, "Points.Base", base);
	mm_set(r, "Points.CaseBase", "/staff/cases/");
	mm_set(r, "Tenant.No", t->no);
	mm_set(r, "Tenant.Name", t->name);
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (notice_key)
		mm_set(r, "Message.Notice", mm_t(r, notice_key));
	long long overrun = 0;
	int rc = points_db_category_by_code("credit_overrun", &overrun);
	if (rc < 0)
		return rc;
	if (rc == 1)
		mm_set_int(r, "Points.OverrunCategory", overrun);
	rc = points_fill(r, &v);
	return rc ? rc : mm_render(r, status, "staff/points/tenant.cs");
}

static const struct mm_input tenant_inputs[] = {
	{ "period", v_id, 0, 0, 18 },
	{ "ppage", mm_v_digits, 0, 1, 7 },
	{ "page", mm_v_digits, 0, 1, 7 },
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

static long long page_param(struct mm_req *r, const char *name)
{
	const char *v = mm_param(r, name);
	return v ? strtoll(v, NULL, 10) : 1;
}

static int staff_tenant(struct mm_req *r)
{
	struct tenant_ref t;
	int rc = tenant_of_path(r, &t);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (mm_param_error(r, "period"))
		return 404;
	const char *done = mm_param(r, "done");
	char key[40];
	snprintf(key, sizeof key, "points.done.%s", done ? done : "");
	return render_tenant(r, &t, points_id(mm_param(r, "period")), page_param(r, "ppage"),
			     page_param(r, "page"), 200, NULL, done ? key : NULL);
}

/* --- changes ------------------------------------------------------------------ */

struct change {
	struct mm_req *r;
	const struct tenant_ref *t;
	long long period, amount;
	const char *reason, *starts_on, *ends_on;
	int (*apply)(struct change *c);
};

static int apply_contracted(struct change *c)
{
	return points_db_set_contracted(c->t->id, c->period, c->amount, c->r->user.id, c->r->now);
}

static int apply_credit(struct change *c)
{
	return points_db_credit(c->t->id, c->period, c->amount, c->reason, c->r->user.id,
				c->r->now);
}

static int apply_period(struct change *c)
{
	return points_db_create_period(c->t->id, c->starts_on, c->ends_on, c->amount, c->r->user.id,
				       c->r->now, &c->period);
}

static int change_tx(void *ctx)
{
	struct change *c = ctx;
	return c->apply(c);
}

/* Runs the change and answers: back to the page with a notice, or the page
 * again with why nothing changed. */
static int run_change(struct mm_req *r, struct change *c, const char *done,
		      const char *refused_key)
{
	int rc = mm_db_transaction(change_tx, c);
	if (rc < 0)
		return rc;
	if (rc == POINTS_MISSING)
		return 404;
	if (rc == POINTS_REFUSED)
		return render_tenant(r, c->t, c->period, 1, 1, 409, refused_key, NULL);
	if (rc == POINTS_OVERLAP)
		return render_tenant(r, c->t, 0, 1, 1, 409, "points.err.overlap", NULL);
	char next[96];
	snprintf(next, sizeof next, "/staff/points/%s?period=%lld&done=%s", c->t->no, c->period, done);
	return mm_redirect(r, next);
}

/* The tenant, and the period the form names (another tenant's period, or
 * none, is a page that does not exist). 0 go on, else the answer. */
static int change_start(struct mm_req *r, struct tenant_ref *t, int with_period)
{
	int rc = tenant_of_path(r, t);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (!with_period)
		return 0;
	struct points_period p;
	long long id = points_id(mm_param(r, "period"));
	rc = id ? points_db_period(t->id, id, NULL, &p) : 0;
	return rc < 0 ? rc : rc == 0 ? 404 : 0;
}

static const struct mm_input contracted_inputs[] = {
	{ "period", v_id, MM_IN_REQUIRED, 0, 18 },
	{ "contracted", v_amount, MM_IN_REQUIRED, 0, 7 },
	MM_INPUT_END
};

static int staff_contracted(struct mm_req *r)
{
	struct tenant_ref t;
	int rc = change_start(r, &t, 1);
	if (rc)
		return rc;
	long long period = points_id(mm_param(r, "period"));
	if (r->invalid)
		return render_tenant(r, &t, period, 1, 1, 400, "points.err.invalid", NULL);
	struct change c = { .r = r, .t = &t, .period = period, .apply = apply_contracted };
	pts_amount_parse(mm_param(r, "contracted"), &c.amount);
	return run_change(r, &c, "contracted", "points.err.below_zero");
}

static const struct mm_input credit_inputs[] = {
	{ "period", v_id, MM_IN_REQUIRED, 0, 18 },
	{ "points", v_credit, MM_IN_REQUIRED, 0, 7 },
	{ "reason", v_reason, MM_IN_REQUIRED, 1, POINTS_REASON_MAX },
	MM_INPUT_END
};

static int staff_credit(struct mm_req *r)
{
	struct tenant_ref t;
	int rc = change_start(r, &t, 1);
	if (rc)
		return rc;
	long long period = points_id(mm_param(r, "period"));
	if (mm_param_error(r, "reason") && strcmp(mm_param_error(r, "reason"), "err.required") == 0)
		mm_set(r, "Errors.reason", mm_t(r, "points.err.reason"));
	if (r->invalid)
		return render_tenant(r, &t, period, 1, 1, 400, "points.err.invalid", NULL);
	struct change c = { .r = r, .t = &t, .period = period, .reason = mm_param(r, "reason"),
			    .apply = apply_credit };
	pts_amount_parse(mm_param(r, "points"), &c.amount);
	return run_change(r, &c, "credit", "points.err.credit_limit");
}

static const struct mm_input period_inputs[] = {
	{ "starts_on", v_date, MM_IN_REQUIRED, 0, 10 },
	{ "ends_on", v_date, MM_IN_REQUIRED, 0, 10 },
	{ "period_contracted", v_amount, MM_IN_REQUIRED, 0, 7 },
	MM_INPUT_END
};

static int staff_period(struct mm_req *r)
{
	struct tenant_ref t;
	int rc = change_start(r, &t, 0);
	if (rc)
		return rc;
	if (!r->invalid && strcmp(mm_param(r, "starts_on"), mm_param(r, "ends_on")) > 0)
		return render_tenant(r, &t, 0, 1, 1, 400, "points.err.range", NULL);
	if (r->invalid)
		return render_tenant(r, &t, 0, 1, 1, 400, "points.err.invalid", NULL);
	struct change c = { .r = r, .t = &t, .starts_on = mm_param(r, "starts_on"),
			    .ends_on = mm_param(r, "ends_on"), .apply = apply_period };
	pts_amount_parse(mm_param(r, "period_contracted"), &c.amount);
	return run_change(r, &c, "period", "points.err.overlap");
}

const struct mm_route points_staff_routes[] = {
	{ "GET", "/staff/points/", staff_list, MM_STAFF, list_inputs },
	{ "GET", "/staff/points/*", staff_tenant, MM_STAFF, tenant_inputs },
	{ "POST", "/staff/points/*/contracted", staff_contracted, MM_STAFF, contracted_inputs },
	{ "POST", "/staff/points/*/credit", staff_credit, MM_STAFF, credit_inputs },
	{ "POST", "/staff/points/*/periods", staff_period, MM_STAFF, period_inputs },
};
const size_t points_staff_nroutes = sizeof points_staff_routes / sizeof *points_staff_routes;
