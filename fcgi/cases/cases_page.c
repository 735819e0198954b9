/* Pieces every case page shares: the case named in the path, the scope of
 * the reader, the case and activity data for templates, the validators. */
#include "cases.h"
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cases_scope_of(struct mm_req *r, struct case_scope *s)
{
	int staff = mm_role_is_staff(r->user.role);
	/* a customer without a tenant would otherwise read as "every tenant" */
	s->tenant_id = staff ? 0 : (r->user.tenant_id > 0 ? r->user.tenant_id : -1);
	s->include_internal = staff;
	s->customer_no = !staff && s->tenant_id > 0 ? r->user.customer_no : NULL;
	s->tenant_name = !staff && s->tenant_id > 0 ? r->user.tenant_name : NULL;
}

/* The routes' prefix ends in "CS": the path goes on with exactly 7
 * digits (one spelling per case), then the end or "/" and a name: an item
 * has one URL, so ".../CS0000001/" is no page (404), as for every other
 * item route (their '*' segments never end in '/'). */
int cases_from_path(struct mm_req *r, const struct case_scope *s, struct case_row *c,
		    struct mm_buf *description, const char **tail)
{
	const char *rest = r->path_rest ? r->path_rest : "";
	for (int i = 0; i < 7; i++)
		if (rest[i] < '0' || rest[i] > '9')
			return 0;
	if (rest[7] != '\0' && (rest[7] != '/' || rest[8] == '\0'))
		return 0;
	char no[10];
	snprintf(no, sizeof no, "CS%.7s", rest);
	*tail = rest[7] == '/' ? rest + 8 : rest + 7;
	return cases_db_get(s, no, c, description);
}

int cases_on_case(struct mm_req *r, cases_case_fn fn)
{
	struct case_scope s;
	struct case_row c;
	struct mm_buf description = { 0 };
	const char *tail = "";
	cases_scope_of(r, &s);
	int rc = cases_from_path(r, &s, &c, &description, &tail);
	if (rc > 0)
		rc = fn(r, &c, mm_buf_str(&description), tail);
	else if (rc == 0)
		rc = 404;
	mm_buf_free(&description);
	return rc;
}

static void setp(struct mm_req *r, const char *prefix, const char *field, const char *v)
{
	char path[96];
	snprintf(path, sizeof path, "%s.%s", prefix, field);
	mm_set(r, path, v);
}

void cases_fill_case(struct mm_req *r, const char *prefix, const struct case_row *c)
{
	char path[96];
	int ja = strcmp(r->lang, "en") != 0;
	setp(r, prefix, "No", c->case_no);
	setp(r, prefix, "Status", case_status_name(c->status));
	setp(r, prefix, "Category", ja ? c->category_ja : c->category_en);
	setp(r, prefix, "CategoryCode", c->category_code);
	setp(r, prefix, "Subject", c->subject);
	setp(r, prefix, "CustomerNo", c->customer_no);
	setp(r, prefix, "TenantName", c->tenant_name);
	setp(r, prefix, "Service", c->service_name);
	setp(r, prefix, "Contact", c->contact_name);
	setp(r, prefix, "Assignee", c->assignee_name);
	snprintf(path, sizeof path, "%s.Version", prefix);
	mm_set_int(r, path, c->version);
	snprintf(path, sizeof path, "%s.CreatedAt", prefix);
	mm_time_set(r, path, c->created_at);
	snprintf(path, sizeof path, "%s.UpdatedAt", prefix);
	mm_time_set(r, path, c->updated_at);
	snprintf(path, sizeof path, "%s.ClosedAt", prefix);
	mm_time_set(r, path, c->closed_at);
}

static void fill_categories(struct mm_req *r, const struct case_category *k, int n,
			    int customer_only)
{
	int ja = strcmp(r->lang, "en") != 0, shown = 0;
	char p[48];
	for (int i = 0; i < n; i++) {
		if (k[i].retired || (customer_only && !k[i].customer_selectable))
			continue;
		snprintf(p, sizeof p, "Categories.%d.Id", shown);
		mm_set_int(r, p, k[i].id);
		snprintf(p, sizeof p, "Categories.%d.Code", shown);
		mm_set(r, p, k[i].code);
		snprintf(p, sizeof p, "Categories.%d.Name", shown);
		mm_set(r, p, ja ? k[i].name_ja : k[i].name_en);
		snprintf(p, sizeof p, "Categories.%d.Hint", shown);
		mm_set(r, p, ja ? k[i].hint_ja : k[i].hint_en);
		shown++;
	}
}

int cases_fill_categories(struct mm_req *r, int customer_only)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES);
	fill_categories(r, k, n, customer_only);
	free(k);
	return n < 0 ? n : 0;
}

/* The list's filter shows the id and the name only (no hints, codes),
 * each set under the category's own node (a full path per value, printed
 * and walked from the root, cost more than the value). */
int cases_fill_list_categories(struct mm_req *r)
{
	const struct case_category *k = NULL;
	int n = cases_db_categories_kept(&k);
	int ja = strcmp(r->lang, "en") != 0, shown = 0;
	char name[12], id[24];
	HDF *list = NULL;
	NEOERR *err = r->hdf && n > 0 ? hdf_get_node(r->hdf, "Categories", &list) : STATUS_OK;
	nerr_ignore(&err);
	for (int i = 0; list && i < n; i++) {
		if (k[i].retired)
			continue;
		HDF *node = NULL;
		snprintf(name, sizeof name, "%d", shown++);
		err = hdf_get_node(list, name, &node);
		nerr_ignore(&err);
		if (!node)
			break;
		snprintf(id, sizeof id, "%lld", k[i].id);
		err = hdf_set_value(node, "Id", id);
		nerr_ignore(&err);
		err = hdf_set_value(node, "Name", ja ? k[i].name_ja : k[i].name_en);
		nerr_ignore(&err);
	}
	return n < 0 ? n : 0;
}

int cases_category_ok(long long id, int customer)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES), found = 0;
	for (int i = 0; i < n; i++)
		if (k[i].id == id && !k[i].retired && (k[i].customer_selectable || !customer))
			found = 1;
	free(k);
	return n < 0 ? n : found;
}

struct activity_fill {
	struct mm_req *r;
	int n;
};

static int fill_one_activity(const struct case_activity_row *a, void *ctx)
{
	struct activity_fill *f = ctx;
	char p[64];
	int i = f->n++;
#define SETA(field, v) (snprintf(p, sizeof p, "Activity.%d." field, i), mm_set(f->r, p, v))
	SETA("Kind", a->kind);
	SETA("Author", a->author_name);
	SETA("ByStaff", a->author_is_staff ? "1" : "0");
	SETA("StatusFrom", a->status_from);
	SETA("StatusTo", a->status_to);
	SETA("Body", mm_buf_str((struct mm_buf *)&a->body));
#undef SETA
	snprintf(p, sizeof p, "Activity.%d.Time", i);
	mm_time_set(f->r, p, a->created_at);
	return 0;
}

int cases_fill_activity(struct mm_req *r, const struct case_scope *s, long long case_id)
{
	struct activity_fill f = { r, 0 };
	return cases_db_activity(s, case_id, fill_one_activity, &f);
}

/* A textarea sends CRLF; a line break counts as one character, as the
 * browser counted it and as the LF it is stored as. */
const char *cases_v_text(const struct mm_input *in, const char *v)
{
	static const struct mm_input any_length = { "text", NULL, 0, 0, 0 };
	const char *err = mm_v_text(&any_length, v);
	if (err)
		return err;
	size_t n = mm_utf8_chars(v);
	for (const char *p = strstr(v, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		n--;
	if (in->max && n > in->max)
		return "err.too_long";
	if ((in->flags & MM_IN_REQUIRED) && cases_blank(v))
		return "cases.err.blank";
	return n < in->min ? "err.too_short" : NULL;
}

const char *cases_v_line(const struct mm_input *in, const char *v)
{
	const char *err = mm_v_line(in, v);
	return !err && (in->flags & MM_IN_REQUIRED) && cases_blank(v) ? "cases.err.blank" : err;
}

int cases_blank(const char *v)
{
	size_t n = 0;
	if (v)
		mm_trim_span(v, &n);
	return n == 0;
}

const char *cases_v_customer_no(const struct mm_input *in, const char *v)
{
	if (v[0] != 'N' || strlen(v) != 10)
		return "err.format";
	return mm_v_digits(in, v + 1) ? "err.format" : NULL;
}

const char *cases_v_int(const struct mm_input *in, const char *v)
{
	if (!*v || strlen(v) > 18)
		return "err.format";
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return "err.format";
	return NULL;
}

void cases_text_store(struct mm_buf *out, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			mm_buf_add(out, p, 1);
}
