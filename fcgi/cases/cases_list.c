/* The case list (CASE-3, CASE-4, seed 002 §4.8): every user of the tenant
 * sees the tenant's cases; quick filters, filters, keyword, sort by any
 * column both ways, paging. The whole state is in the query string, so a
 * list is bookmarkable and Back works, without JavaScript. */
#include "cases.h"
#include "mm_fold.h"
#include "mm_template.h"
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const sort_names[CASE_NSORT] = {
	[CASE_SORT_NO] = "no", [CASE_SORT_STATUS] = "status", [CASE_SORT_CATEGORY] = "category",
	[CASE_SORT_SUBJECT] = "subject", [CASE_SORT_CUSTOMER_NO] = "customer",
	[CASE_SORT_TENANT] = "tenant", [CASE_SORT_SERVICE] = "service",
	[CASE_SORT_CONTACT] = "contact", [CASE_SORT_UPDATED] = "updated",
};

static const char *v_sort(const struct mm_input *in, const char *v)
{
	return mm_name_index(sort_names, CASE_NSORT, v) >= 0 ? NULL : "err.format";
}

static const char *v_status(const struct mm_input *in, const char *v)
{
	return case_status_parse(v) >= 0 ? NULL : "err.format";
}

static const char *v_quick(const struct mm_input *in, const char *v)
{
	return strcmp(v, "action") == 0 || strcmp(v, "monthly") == 0 ? NULL : "err.format";
}

static const char *v_date(const struct mm_input *in, const char *v)
{
	return mm_time_local_date("UTC", v) ? NULL : "cases.err.date";
}

static const char *v_one(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

const struct mm_input cases_list_inputs[] = {
	{ "quick", v_quick, 0, 0, 10 },
	{ "status", v_status, 0, 0, 20 },
	{ "category", cases_v_int, 0, 0, 18 },
	{ "from", v_date, 0, 0, 10 },
	{ "to", v_date, 0, 0, 10 },
	{ "mine", v_one, 0, 0, 1 },
	{ "q", mm_v_line, 0, 0, 100 },
	{ "sort", v_sort, 0, 0, 10 },
	{ "dir", mm_v_dir, 0, 0, 4 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

static const char *v_assigned(const struct mm_input *in, const char *v)
{
	return strcmp(v, "mine") == 0 || strcmp(v, "none") == 0 ? NULL : "err.format";
}

/* A customer number, or a part of a tenant's name. */
static const char *v_tenant(const struct mm_input *in, const char *v)
{
	return cases_v_customer_no(in, v) ? mm_v_line(in, v) : NULL;
}

/* The analyst queue: the same, across tenants, plus tenant and assignee. */
const struct mm_input cases_staff_list_inputs[] = {
	{ "quick", v_quick, 0, 0, 10 },
	{ "status", v_status, 0, 0, 20 },
	{ "category", cases_v_int, 0, 0, 18 },
	{ "from", v_date, 0, 0, 10 },
	{ "to", v_date, 0, 0, 10 },
	{ "q", mm_v_line, 0, 0, 100 },
	{ "tenant", v_tenant, 0, 0, 200 },
	{ "assigned", v_assigned, 0, 0, 4 },
	{ "sort", v_sort, 0, 0, 10 },
	{ "dir", mm_v_dir, 0, 0, 4 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

/* The filter part of the query string (without sort, dir and page), for
 * the sort links and the pager. */
static const char *const filter_params[] = { "quick", "status", "category", "from", "to",
					     "mine", "q", NULL };
static const char *const staff_filter_params[] = { "quick", "status", "category", "from", "to",
						   "q", "tenant", "assigned", NULL };

static void fill_filter_query(struct mm_req *r, int staff)
{
	struct mm_buf qs = { 0 };
	for (const char *const *p = staff ? staff_filter_params : filter_params; *p; p++) {
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

/* Reads the filter from the validated inputs; 0, 1 when the keyword has
 * too many words, 2 when the period ends before it starts, or < 0 for an
 * error. terms hold the keyword's patterns. */
static int filter_of(struct mm_req *r, int staff, struct case_filter *f,
		     struct mm_fold_terms *terms)
{
	const char *quick = mm_param(r, "quick");
	const char *status = mm_param(r, "status");
	memset(f, 0, sizeof *f);
	f->status1 = f->status2 = "";
	if (status && *status) {
		f->status1 = f->status2 = status;
	} else if (quick && strcmp(quick, "action") == 0) {
		f->status1 = "awaiting_customer";
		f->status2 = "resolved";
	}
	if (mm_param(r, "category"))
		f->category_id = strtoll(mm_param(r, "category"), NULL, 10);
	if (quick && strcmp(quick, "monthly") == 0) {
		long long id = 0;
		int rc = cases_db_category_by_code("monthly_report_delivery", &id);
		if (rc < 0)
			return rc;
		/* both a category and the quick filter: only cases in both */
		f->category_id = f->category_id && f->category_id != id ? -1 : id;
	}
	const char *zone = mm_time_zone(r);
	/* YYYY-MM-DD compare as text */
	if (mm_param(r, "from") && mm_param(r, "to") && strcmp(mm_param(r, "from"), mm_param(r, "to")) > 0)
		return 2;
	if (mm_param(r, "from"))
		f->updated_from = mm_time_local_date(zone, mm_param(r, "from"));
	if (mm_param(r, "to"))
		f->updated_before = mm_time_local_date_end(zone, mm_param(r, "to"));
	if (!staff && mm_param(r, "mine"))
		f->contact_user_id = r->user.id;
	const char *assigned = staff ? mm_param(r, "assigned") : NULL;
	if (assigned && strcmp(assigned, "mine") == 0)
		f->assignee_id = r->user.id;
	f->unassigned = assigned && strcmp(assigned, "none") == 0;
	int n = mm_fold_like_terms(terms, mm_param(r, "q") ? mm_param(r, "q") : "");
	if (n == -2)
		return 1;
	if (n < 0)
		return MM_DB_ERR;
	for (int i = 0; n > 0 && i < MM_FOLD_MAX_TERMS; i++)
		f->like[i] = mm_buf_str(&terms->like[i]);
	int sort = mm_name_index(sort_names, CASE_NSORT, mm_param(r, "sort"));
	f->sort = sort >= 0 ? sort : CASE_SORT_UPDATED;
	const char *dir = mm_param(r, "dir");
	f->desc = dir ? strcmp(dir, "desc") == 0 : f->sort == CASE_SORT_UPDATED;
	mm_set(r, "List.Sort", sort_names[f->sort]);
	mm_set(r, "List.Dir", f->desc ? "desc" : "asc");
	return 0;
}

/* Only the columns templates/cases/list.cs shows: the case page's full
 * set of 15 values (three of them times formatted in the reader's zone)
 * for each of the 20 rows was a third of the program's instructions per
 * list page. Each row's node is made once and its values set under it: a
 * full path per value ("Cases.7.Subject", printed, then walked from the
 * root) cost more than the value itself. */
static void set_under(HDF *node, const char *name, const char *v)
{
	NEOERR *err = hdf_set_value(node, name, v ? v : "");
	nerr_ignore(&err);
}

/* Update times as the reader sees them, kept per worker by time and zone
 * (direct-mapped): a list's pages are asked for again and again (a
 * tenant's page 1 by each of its users), and converting through the tz
 * database and strftime was ~3,000 instructions per row. A time and zone
 * always give the same text, so nothing kept goes stale. */
#define KEPT_TIMES 256
static struct kept_time {
	time_t t;
	char zone[65];	/* as users.time_zone; "" unused */
	char text[MM_TIME_LEN];
} kept_times[KEPT_TIMES];

static const char *update_time(struct mm_req *r, time_t t)
{
	const char *zone = mm_time_zone(r);
	struct kept_time *k = &kept_times[((unsigned long long)t * 2654435761u >> 8) % KEPT_TIMES];
	if (k->zone[0] && k->t == t && strcmp(k->zone, zone) == 0)
		return k->text;
	mm_time_format(zone, t, k->text);
	mm_copy_str(k->zone, sizeof k->zone, strlen(zone) < sizeof k->zone ? zone : "");
	k->t = t;
	return k->text;
}

static void fill_rows(struct mm_req *r, const struct case_row *rows, int n)
{
	int ja = strcmp(r->lang, "en") != 0;
	_Static_assert(CASES_PAGE_SIZE <= 100, "a row's name is one or two digits");
	char name[3];
	HDF *list = NULL;
	NEOERR *err = r->hdf && n > 0 ? hdf_get_node(r->hdf, "Cases", &list) : STATUS_OK;
	nerr_ignore(&err);
	for (int i = 0; list && i < n; i++) {
		const struct case_row *c = &rows[i];
		HDF *row = NULL;
		/* "0" to "99" without snprintf (~600 instructions a row) */
		name[0] = (char)(i < 10 ? '0' + i : '0' + i / 10);
		name[1] = (char)(i < 10 ? '\0' : '0' + i % 10);
		name[2] = '\0';
		err = hdf_get_node(list, name, &row);
		nerr_ignore(&err);
		if (!row)
			break;
		set_under(row, "No", c->case_no);
		set_under(row, "Status", case_status_name(c->status));
		set_under(row, "Category", ja ? c->category_ja : c->category_en);
		set_under(row, "Subject", c->subject);
		set_under(row, "CustomerNo", c->customer_no);
		set_under(row, "TenantName", c->tenant_name);
		set_under(row, "Service", c->service_name);
		set_under(row, "Contact", c->contact_name);
		set_under(row, "UpdatedAt", update_time(r, c->updated_at));
	}
}

/* Parts of the page that depend on a few values only (the quick filters
 * and the filter form with its options, the column headings with their
 * sort links): as template loops, calls and conditions they were a fifth
 * of a page 1's instructions and two fifths of the last page's, and the
 * categories alone 44 HDF values made and freed per page. Each part is
 * rendered from its own template the first time its values come, kept by
 * the process (the templates and language texts do not change while it
 * runs) and printed by list.cs unescaped: its values were escaped when it
 * was rendered. The key holds every value the part's template reads, each
 * with its length, so two sets of values never share a key. One request
 * at a time per process: nothing is shared. */
#define KEPT_PARTS 64
static struct kept_part {
	const char *tmpl;	/* a literal */
	unsigned long long hash;
	char *key;
	char *html;
} kept_parts[KEPT_PARTS];
static unsigned kept_parts_next;

static unsigned long long fnv1a(const char *s, size_t n)
{
	unsigned long long h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* Appends n in decimal (snprintf costs more than the rest of a key). */
static void add_decimal(struct mm_buf *b, unsigned long long n)
{
	char text[24];
	char *p = text + sizeof text;
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	mm_buf_add(b, p, (size_t)(text + sizeof text - p));
}

/* Adds one value the part reads to its key ("-" when it is not set). */
static void key_add(struct mm_buf *key, const char *v)
{
	if (!v) {
		mm_buf_add(key, "-;", 2);
		return;
	}
	size_t n = strlen(v);
	add_decimal(key, n);
	mm_buf_add(key, ":", 1);
	mm_buf_add(key, v, n);
	mm_buf_add(key, ";", 1);
}

/* Sets path to the part rendered from tmpl for key (the language and the
 * values tmpl reads): the kept HTML, else rendered now (fill, when given,
 * puts the values it reads in the HDF first) and kept. 0 or < 0. */
static int set_part(struct mm_req *r, const char *tmpl, struct mm_buf *key, const char *path,
		    int (*fill)(struct mm_req *r))
{
	key_add(key, r->lang);
	if (key->oom)
		return MM_DB_ERR;
	unsigned long long hash = fnv1a(key->p, key->len);
	for (int i = 0; i < KEPT_PARTS; i++) {
		struct kept_part *k = &kept_parts[i];
		if (k->html && k->hash == hash && k->tmpl == tmpl && strcmp(k->key, key->p) == 0) {
			mm_set(r, path, k->html);
			return 0;
		}
	}
	int rc = fill ? fill(r) : 0;
	struct mm_buf html = { 0 };
	if (rc == 0 && mm_tmpl_render(r->hdf, r->lang, tmpl, &html) < 0)
		rc = MM_DB_ERR;
	if (rc == 0) {
		mm_set(r, path, mm_buf_str(&html));
		/* the oldest part gives way */
		struct kept_part *k = &kept_parts[kept_parts_next++ % KEPT_PARTS];
		free(k->key);
		free(k->html);
		k->key = strdup(key->p);
		k->html = strdup(mm_buf_str(&html));
		if (!k->key || !k->html) {
			free(k->key);
			free(k->html);
			k->key = k->html = NULL;
		}
		k->tmpl = tmpl;
		k->hash = hash;
	}
	mm_buf_free(&html);
	return rc;
}

/* The column headings (templates/cases/list_head.cs). */
static int set_head(struct mm_req *r)
{
	struct mm_buf key = { 0 };
	key_add(&key, mm_get(r, "List.Base"));
	key_add(&key, mm_get(r, "List.Filter"));
	key_add(&key, mm_get(r, "List.Sort"));
	key_add(&key, mm_get(r, "List.Dir"));
	int rc = set_part(r, "cases/list_head.cs", &key, "List.HeadHtml", NULL);
	mm_buf_free(&key);
	return rc;
}

/* The quick filters and the filter form (templates/cases/list_filter.cs):
 * the categories as this process last read them. */
static const char *const filter_reads[] = {
	"User.IsStaff", "List.Base", "Query.quick", "Query.assigned", "Query.q", "Query.status",
	"Query.category", "Query.from", "Query.to", "Query.tenant", "Query.mine", "Query.sort",
	"Query.dir", NULL
};

static int set_filter(struct mm_req *r)
{
	const struct case_category *k = NULL;
	int n = cases_db_categories_kept(&k);
	if (n < 0)
		return n;
	mm_fill_common(r);	/* User.IsStaff */
	struct mm_buf key = { 0 };
	add_decimal(&key, cases_db_categories_reading());
	mm_buf_add(&key, ";", 1);
	for (const char *const *p = filter_reads; *p; p++)
		key_add(&key, mm_get(r, *p));
	int rc = set_part(r, "cases/list_filter.cs", &key, "List.FilterHtml",
			  cases_fill_list_categories);
	mm_buf_free(&key);
	return rc;
}

/* Staff narrow the queue by tenant. A customer number gives the tenant's
 * scope, the same query a customer of it runs; other text matches a part
 * of the tenants' names (name_pattern holds its LIKE pattern). */
static int staff_tenant(struct mm_req *r, struct case_scope *s, struct case_filter *f,
			struct mm_buf *name_pattern)
{
	const char *no = mm_param(r, "tenant");
	if (!no || !*no)
		return 0;
	static const struct mm_input any = { "tenant", NULL, 0, 0, 0 };
	if (cases_v_customer_no(&any, no)) {
		if (mm_fold_like_pattern(name_pattern, no) != 0)
			return MM_DB_ERR;
		f->tenant_like = mm_buf_str(name_pattern);
		return 0;
	}
	long long id = 0;
	int rc = cases_db_tenant_by_no(no, &id);
	if (rc < 0)
		return rc;
	s->tenant_id = rc ? id : -1;
	return 0;
}

/* The page asked for within the pages of total (*page clamped), its
 * offset and the count in f; the number of pages. */
static long long place(struct case_filter *f, long long total, int capped, long long *page)
{
	long long pages = total ? (total + CASES_PAGE_SIZE - 1) / CASES_PAGE_SIZE : 1;
	*page = *page < 1 ? 1 : *page > pages ? pages : *page;
	f->offset = (*page - 1) * CASES_PAGE_SIZE;
	f->matches = total;
	f->matches_capped = capped;
	f->matches_marked = 0;
	return pages;
}

int cases_list(struct mm_req *r)
{
	int staff = mm_role_is_staff(r->user.role);
	const char *tmpl = "cases/list.cs";
	mm_set(r, "List.Base", staff ? "/staff/cases/" : "/cases/");
	if (staff != (strncmp(r->path, "/staff/", 7) == 0))
		return 404;
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "cases.err.filter"));
		int rc = set_filter(r);
		return rc < 0 ? rc : mm_render(r, 400, tmpl);
	}
	struct case_scope s;
	struct case_filter f;
	struct mm_fold_terms terms = { 0 };
	struct mm_buf tenant_pattern = { 0 };
	cases_scope_of(r, &s);
	long long total = 0;
	int rc = filter_of(r, staff, &f, &terms);
	if (rc == 0 && staff)
		rc = staff_tenant(r, &s, &f, &tenant_pattern);
	if (rc == 1 || rc == 2) {
		mm_fold_terms_free(&terms);
		mm_buf_free(&tenant_pattern);
		mm_set(r, "Message.Error", mm_t(r, rc == 1 ? "cases.err.terms" : "cases.err.period_order"));
		rc = set_filter(r);
		return rc < 0 ? rc : mm_render(r, 400, tmpl);
	}
	if (rc == 0)
		rc = cases_db_plan(&s, &f);
	long long page = mm_param(r, "page") ? strtoll(mm_param(r, "page"), NULL, 10) : 1;
	/* not zeroed: cases_db_list writes the fields fill_rows reads (90 KB
	 * cleared per page otherwise) */
	struct case_row *rows = malloc(CASES_PAGE_SIZE * sizeof *rows);
	int n = 0;
	/* a page near the start of a kept count (by status and category, or
	 * "my cases"): the rows and the count in one statement (its offset
	 * does not depend on the count); a page past the last is read again
	 * below, at the last page's offset */
	long long asked = page > 1 ? (page - 1) * CASES_PAGE_SIZE : 0;
	f.offset = asked;
	int first = rc == 0 && asked < CASES_FIRST_OFFSET && cases_db_count_kept(&s, &f);
	if (first)
		rc = rows ? (n = cases_db_list_first(&s, &f, rows, &total)) : MM_DB_ERR;
	/* no row there: the count came with none (past the last page) */
	if (first && rc == 0 && asked > 0)
		first = 0;
	/* a deep page of a tenant's unfiltered list: the count of the kept
	 * positions it is read from, confirmed by the page's statement (one
	 * statement instead of two), else counted below */
	int marked = rc == 0 && !first && asked >= CASES_FIRST_OFFSET &&
		     cases_db_count_marked(&s, &f, &total);
	if (rc == 0 && !first && !marked)
		rc = cases_db_count(&s, &f, &total);
	/* across all tenants, and for a common keyword, the count stops just
	 * past a cap ("N 件以上"); otherwise it is exact (kept counts, or one
	 * tenant's rows) */
	long long cap = rc >= 0 ? cases_db_count_cap(&s, &f) : 0;
	int capped = cap > 0 && total > cap;
	total = capped ? cap : total;
	long long asked_page = page;
	long long pages = place(&f, total, capped, &page);
	f.matches_marked = marked;
	if (first && rc >= 0 && f.offset != asked) {
		first = 0;
		rc = n = 0;
	}
	if (rc == 0 && !first && total > 0)
		rc = rows ? (n = cases_db_list(&s, &f, rows)) : MM_DB_ERR;
	if (rc == CASES_RECOUNT) {
		/* the kept positions' count was not confirmed: counted, and the
		 * page read the ordinary way */
		page = asked_page;
		n = 0;
		rc = cases_db_count(&s, &f, &total);
		pages = place(&f, total, 0, &page);
		if (rc == 0 && total > 0)
			rc = n = cases_db_list(&s, &f, rows);
	}
	if (first && rc >= 0)
		rc = 0;
	if (rc == MM_DB_TIMEOUT) {
		/* the time cap fired: ask for a narrower search, filters kept */
		mm_set(r, "Message.Error", mm_t(r, "cases.err.too_slow"));
		rc = n = 0;
		total = 0;
	}
	if (rc >= 0)
		rc = set_filter(r);
	mm_fold_terms_free(&terms);
	mm_buf_free(&tenant_pattern);
	if (rc < 0) {
		free(rows);
		return rc;
	}
	fill_rows(r, rows, n);
	free(rows);
	fill_filter_query(r, staff);
	rc = set_head(r);
	if (rc < 0)
		return rc;
	mm_set_int(r, "List.Total", total);
	mm_set(r, "List.Capped", capped ? "1" : "0");
	mm_set_int(r, "List.From", total ? f.offset + 1 : 0);
	mm_set_int(r, "List.To", f.offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return mm_render(r, 200, tmpl);
}
