/* Case queries. Every read of a customer is scoped by tenant_id in the SQL
 * itself, so a number of another tenant finds no row, exactly like a number
 * that does not exist. */
#include "cases.h"
#include "mm_fold.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_CATEGORIES[] =
	"SELECT id, code, name_ja, name_en, hint_ja, hint_en, customer_selectable, retired"
	" FROM case_categories ORDER BY position, id";
static const char SQL_CATEGORY_BY_CODE[] = "SELECT id FROM case_categories WHERE code = ?";
static const char SQL_TENANT_BY_NO[] = "SELECT id FROM tenants WHERE customer_no = ?";

#define ROW_COLUMNS \
	"SELECT c.id, c.tenant_id, c.category_id, c.contact_user_id, c.opened_by_user_id," \
	" c.assignee_user_id, c.version, c.case_no, c.status, cat.code, cat.name_ja," \
	" cat.name_en, c.subject, t.customer_no, t.name, COALESCE(k.service_name, '')," \
	" COALESCE(u.display_name, ''), COALESCE(a.display_name, ''), c.created_at," \
	" c.updated_at, c.closed_at"
#define ROW_JOINS " FROM cases c" ROW_OTHER_JOINS
#define ROW_OTHER_JOINS \
	" JOIN tenants t ON t.id = c.tenant_id" \
	" JOIN case_categories cat ON cat.id = c.category_id" \
	" LEFT JOIN contracts k ON k.id = c.contract_id" \
	" LEFT JOIN users u ON u.id = c.contact_user_id" \
	" LEFT JOIN users a ON a.id = c.assignee_user_id"
enum { ROW_NCOLS = 21 };

static const char SQL_GET[] =
	ROW_COLUMNS ", c.description" ROW_JOINS " WHERE c.case_no = ? AND (? = 0 OR c.tenant_id = ?)";

/* The list's SQL differs in the scope, the keyword plan, the order and which
 * filters are active. The variants are built once per process from the
 * fragments below and never change (the statement cache is keyed by the
 * text's address). The query design and its measurements on 1,000,000
 * cases are in docs/case-search.md. */
static const char *const scope_where[2] = {
	" WHERE c.tenant_id = ?",		/* a customer's tenant */
	" WHERE ? = 0",			/* staff: every tenant */
};
#define LIKE_TERMS \
	" AND s.folded LIKE ? ESCAPE '!' AND s.folded LIKE ? ESCAPE '!'" \
	" AND s.folded LIKE ? ESCAPE '!' AND s.folded LIKE ? ESCAPE '!'"
/* MM_FOLD_MAX_TERMS terms, all of which must occur. Cases first: walk the
 * cases in the list's order and stop at the page (a common word). */
static const char *const keyword_where[2] = {
	" AND ? IS NULL AND ? IS NULL AND ? IS NULL AND ? IS NULL",
	" AND c.id IN (SELECT s.case_id FROM case_search s WHERE s.tenant_id = c.tenant_id"
	LIKE_TERMS ")",
};
/* Search first: one scan of the tenant's search rows, which lie together
 * (sql/007), then the matching cases (few matches, or a count). The tenant
 * is the first placeholder, as in scope_where. */
#define SEARCH_FIRST \
	" FROM case_search s STRAIGHT_JOIN cases c ON c.id = s.case_id"
#define SEARCH_FIRST_WHERE " WHERE s.tenant_id = ? AND c.tenant_id = s.tenant_id" LIKE_TERMS
enum { KW_NONE, KW_CASES_FIRST, KW_SEARCH_FIRST, KW_NPLANS };

/* Each filter in two forms taking the same placeholders: active and
 * sargable, or inactive and naming no column. A "(? = 0 OR c.col = ?)"
 * form would be evaluated row by row from the second execution of the
 * prepared statement on, reading every row of the tenant. */
enum { NFILTERS = 7 };
static const char *const filter_on[NFILTERS] = {
	" AND ? <> '' AND c.status IN (?, ?)",
	" AND ? <> 0 AND c.category_id = ?",
	" AND ? <> 0 AND c.updated_at >= ?",
	" AND ? <> 0 AND c.updated_at < ?",
	" AND ? <> 0 AND c.contact_user_id = ?",
	" AND ? <> 0 AND c.assignee_user_id = ?",
	" AND ? <> 0 AND c.assignee_user_id IS NULL",
};
static const char *const filter_off[NFILTERS] = {
	" AND COALESCE(?, ?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, ?, 1) IS NOT NULL",
	" AND COALESCE(?, 1) IS NOT NULL",
};

static unsigned filter_mask(const struct case_filter *f)
{
	return (f->status1[0] != '\0') | (f->category_id != 0) << 1 |
	       (f->updated_from != 0) << 2 | (f->updated_before != 0) << 3 |
	       (f->contact_user_id != 0) << 4 | (f->assignee_id != 0) << 5 |
	       (f->unassigned != 0) << 6;
}

static const char *const sort_columns[CASE_NSORT] = {
	[CASE_SORT_NO] = "c.case_no", [CASE_SORT_STATUS] = "c.status",
	[CASE_SORT_CATEGORY] = "cat.position", [CASE_SORT_SUBJECT] = "c.subject",
	[CASE_SORT_CUSTOMER_NO] = "t.customer_no", [CASE_SORT_TENANT] = "t.name",
	[CASE_SORT_SERVICE] = "COALESCE(k.service_name, '')",
	[CASE_SORT_CONTACT] = "COALESCE(u.display_name, '')", [CASE_SORT_UPDATED] = "c.updated_at",
};
/* Columns whose values repeat are followed by the update time, in the same
 * direction, so that (tenant_id, status, updated_at) serves the status
 * sort both ways; c.id ends every order (paging never repeats a row). */
static const int sort_then_updated[CASE_NSORT] = {
	[CASE_SORT_STATUS] = 1, [CASE_SORT_CATEGORY] = 1, [CASE_SORT_CUSTOMER_NO] = 1,
	[CASE_SORT_TENANT] = 1, [CASE_SORT_SERVICE] = 1, [CASE_SORT_CONTACT] = 1,
};
/* What the page's id query joins to sort by a column of another table. */
static const char *const sort_joins[CASE_NSORT] = {
	[CASE_SORT_CATEGORY] = " JOIN case_categories cat ON cat.id = c.category_id",
	[CASE_SORT_CUSTOMER_NO] = " JOIN tenants t ON t.id = c.tenant_id",
	[CASE_SORT_TENANT] = " JOIN tenants t ON t.id = c.tenant_id",
	[CASE_SORT_SERVICE] = " LEFT JOIN contracts k ON k.id = c.contract_id",
	[CASE_SORT_CONTACT] = " LEFT JOIN users u ON u.id = c.contact_user_id",
};

static char *list_sql[2][KW_NPLANS][CASE_NSORT][2][1u << NFILTERS];
static char *count_sql[2][2][1u << NFILTERS];

static void put_where(struct mm_buf *b, int all, int kw, unsigned mask)
{
	if (kw == KW_SEARCH_FIRST) {
		mm_buf_puts(b, SEARCH_FIRST_WHERE);
	} else {
		mm_buf_puts(b, scope_where[all]);
		mm_buf_puts(b, keyword_where[kw == KW_CASES_FIRST]);
	}
	for (int i = 0; i < NFILTERS; i++)
		mm_buf_puts(b, mask & 1u << i ? filter_on[i] : filter_off[i]);
}

static void put_order(struct mm_buf *b, int sort, int desc)
{
	const char *dir = desc ? " DESC" : " ASC";
	mm_buf_puts(b, " ORDER BY ");
	mm_buf_puts(b, sort_columns[sort]);
	mm_buf_puts(b, dir);
	if (sort_then_updated[sort]) {
		mm_buf_puts(b, ", c.updated_at");
		mm_buf_puts(b, dir);
	}
	mm_buf_puts(b, ", c.id");
	mm_buf_puts(b, dir);
}

static char *done_sql(struct mm_buf *b)
{
	if (b->oom) {
		mm_buf_free(b);
		return NULL;
	}
	return b->p;	/* kept for the life of the process */
}

/* Every list statement runs under a time cap: a search that would scan
 * for longer answers MM_DB_TIMEOUT and the page asks to narrow it. */
#define TIME_CAP "SET STATEMENT max_statement_time = 3 FOR "

/* Deferred join: the page's 20 ids come from an index (with the join its
 * order needs), then only those rows are joined for the columns. */
static const char *list_variant(int all, int kw, int sort, int desc, unsigned mask)
{
	char **slot = &list_sql[all][kw][sort][desc][mask];
	if (*slot)
		return *slot;
	struct mm_buf b = { 0 };
	mm_buf_puts(&b, TIME_CAP ROW_COLUMNS " FROM (SELECT c.id");
	mm_buf_puts(&b, kw == KW_SEARCH_FIRST ? SEARCH_FIRST : " FROM cases c");
	if (sort_joins[sort])
		mm_buf_puts(&b, sort_joins[sort]);
	put_where(&b, all, kw, mask);
	put_order(&b, sort, desc);
	mm_buf_puts(&b, " LIMIT ? OFFSET ?) p JOIN cases c ON c.id = p.id" ROW_OTHER_JOINS);
	put_order(&b, sort, desc);
	return *slot = done_sql(&b);
}

static const char *count_variant(int all, int kw, unsigned mask)
{
	char **slot = &count_sql[all][kw][mask];
	if (*slot)
		return *slot;
	struct mm_buf b = { 0 };
	/* with a keyword, a customer's count scans the tenant's search rows;
	 * staff across every tenant walk the cases (bounded by the cap) */
	int plan = !kw ? KW_NONE : all ? KW_CASES_FIRST : KW_SEARCH_FIRST;
	mm_buf_puts(&b, TIME_CAP "SELECT COUNT(*)");
	mm_buf_puts(&b, plan == KW_SEARCH_FIRST ? SEARCH_FIRST : " FROM cases c");
	put_where(&b, all, plan, mask);
	return *slot = done_sql(&b);
}

#define COPY(dst, col) snprintf(dst, sizeof dst, "%s", mm_db_str(q, col) ? mm_db_str(q, col) : "")

static void read_row(const struct mm_res *q, struct case_row *c)
{
	c->id = mm_db_int(q, 0);
	c->tenant_id = mm_db_int(q, 1);
	c->category_id = mm_db_int(q, 2);
	c->contact_user_id = mm_db_int(q, 3);
	c->opened_by = mm_db_int(q, 4);
	c->assignee_id = mm_db_int(q, 5);
	c->version = mm_db_int(q, 6);
	COPY(c->case_no, 7);
	c->status = case_status_parse(mm_db_str(q, 8));
	COPY(c->category_code, 9);
	COPY(c->category_ja, 10);
	COPY(c->category_en, 11);
	COPY(c->subject, 12);
	COPY(c->customer_no, 13);
	COPY(c->tenant_name, 14);
	COPY(c->service_name, 15);
	COPY(c->contact_name, 16);
	COPY(c->assignee_name, 17);
	c->created_at = mm_db_time(q, 18);
	c->updated_at = mm_db_time(q, 19);
	c->closed_at = mm_db_time(q, 20);
}

int cases_db_categories(struct case_category *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_CATEGORIES, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		struct case_category *k = &out[n++];
		k->id = mm_db_int(q, 0);
		COPY(k->code, 1);
		COPY(k->name_ja, 2);
		COPY(k->name_en, 3);
		COPY(k->hint_ja, 4);
		COPY(k->hint_en, 5);
		k->customer_selectable = (int)mm_db_int(q, 6);
		k->retired = (int)mm_db_int(q, 7);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int cases_db_category_by_code(const char *code, long long *id)
{
	return mm_db_get_int(id, SQL_CATEGORY_BY_CODE, "s", code);
}

int cases_db_tenant_by_no(const char *customer_no, long long *id)
{
	return mm_db_get_int(id, SQL_TENANT_BY_NO, "s", customer_no);
}

/* The filter's bound values, in the order of keyword_where and FILTERS. */
#define FILTER_TYPES "sssssssiiiTiTiiiii"
#define FILTER_ARGS(f) \
	(f)->like[0], (f)->like[1], (f)->like[2], (f)->like[3], (f)->status1, (f)->status1, (f)->status2, \
	(long long)(f)->category_id, (long long)(f)->category_id, \
	(long long)(f)->updated_from, (f)->updated_from, \
	(long long)(f)->updated_before, (f)->updated_before, \
	(f)->contact_user_id, (f)->contact_user_id, \
	(f)->assignee_id, (f)->assignee_id, (long long)(f)->unassigned

int cases_db_count(const struct case_scope *s, const struct case_filter *f, long long *n)
{
	const char *sql = count_variant(s->tenant_id == 0, f->like[0] != NULL, filter_mask(f));
	if (!sql)
		return MM_DB_ERR;
	int rc = mm_db_get_int(n, sql, "i" FILTER_TYPES, s->tenant_id, FILTER_ARGS(f));
	return rc < 0 ? rc : 0;
}

int cases_db_list(const struct case_scope *s, const struct case_filter *f, struct case_row *out)
{
	int sort = f->sort >= 0 && f->sort < CASE_NSORT ? f->sort : CASE_SORT_UPDATED;
	int all = s->tenant_id == 0, kw = KW_NONE;
	/* Walking the cases in the list's order finds the page of a common
	 * word within the first few hundred; for fewer matches, or a page far
	 * down, one scan of the tenant's search rows is cheaper and bounded.
	 * Across every tenant only the walk is bounded (by the time cap). */
	if (f->like[0])
		kw = all || (f->matches > 1000 && f->offset < f->matches / 2)
			? KW_CASES_FIRST : KW_SEARCH_FIRST;
	const char *sql = list_variant(all, kw, sort, f->desc != 0, filter_mask(f));
	if (!sql)
		return MM_DB_ERR;
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, sql, "i" FILTER_TYPES "ii", s->tenant_id, FILTER_ARGS(f),
			     (long long)CASES_PAGE_SIZE, f->offset);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < CASES_PAGE_SIZE && (rc = mm_db_next(q)) > 0)
		read_row(q, &out[n++]);
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int cases_db_get(const struct case_scope *s, const char *case_no, struct case_row *c,
		 struct mm_buf *description)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_GET, "sii", case_no, s->tenant_id, s->tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0) {
		read_row(q, c);
		if (description) {
			mm_buf_reset(description);
			mm_buf_add(description, mm_db_str(q, ROW_NCOLS), mm_db_len(q, ROW_NCOLS));
		}
	}
	mm_db_done(q);
	return rc;
}

static const char SQL_ACTIVITY[] =
	"SELECT a.id, a.author_user_id, a.kind, COALESCE(u.display_name, ''),"
	" u.role IN ('analyst', 'staff_admin'), COALESCE(a.status_from, ''),"
	" COALESCE(a.status_to, ''), a.body, a.created_at"
	" FROM case_activity a LEFT JOIN users u ON u.id = a.author_user_id"
	" WHERE a.case_id = ? AND (? = 0 OR a.tenant_id = ?) AND (? = 1 OR a.kind <> 'note')"
	" ORDER BY a.created_at, a.id";

int cases_db_activity(const struct case_scope *s, long long case_id,
		      int (*fn)(const struct case_activity_row *a, void *ctx), void *ctx)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_ACTIVITY, "iiii", case_id, s->tenant_id, s->tenant_id,
			     (long long)s->include_internal);
	if (rc < 0)
		return rc;
	struct case_activity_row a;
	memset(&a, 0, sizeof a);
	while ((rc = mm_db_next(q)) > 0) {
		a.id = mm_db_int(q, 0);
		a.author_id = mm_db_int(q, 1);
		COPY(a.kind, 2);
		COPY(a.author_name, 3);
		a.author_is_staff = (int)mm_db_int(q, 4);
		COPY(a.status_from, 5);
		COPY(a.status_to, 6);
		mm_buf_reset(&a.body);
		mm_buf_add(&a.body, mm_db_str(q, 7) ? mm_db_str(q, 7) : "", mm_db_len(q, 7));
		a.created_at = mm_db_time(q, 8);
		if ((rc = fn(&a, ctx)) < 0)
			break;
	}
	mm_db_done(q);
	mm_buf_free(&a.body);
	return rc < 0 ? rc : 0;
}

static const char SQL_CREATE[] =
	"INSERT INTO cases (case_no, tenant_id, category_id, status, subject, description,"
	" contact_user_id, opened_by_user_id, version, created_at, updated_at)"
	" VALUES (?, ?, ?, 'new', ?, ?, ?, ?, 1, ?, ?)";
static const char SQL_SEARCH_INSERT[] =
	"INSERT INTO case_search (case_id, tenant_id, folded) VALUES (?, ?, ?)";
static const char SQL_SEARCH_APPEND[] =
	"UPDATE case_search SET folded = CONCAT(folded, '\\n', ?) WHERE case_id = ?";

/* Ten tries at a 1-in-10^7 space: a collision streak that long means the
 * space is nearly full, which an error says better than a loop. */
#define CASE_NO_TRIES 10

static int random_case_no(char out[10])
{
	unsigned char rnd[4];
	if (mm_random_bytes(rnd, sizeof rnd) != 0)
		return -1;
	unsigned long v = ((unsigned long)rnd[0] << 24 | (unsigned long)rnd[1] << 16 |
			   (unsigned long)rnd[2] << 8 | rnd[3]) % 10000000UL;
	snprintf(out, 10, "CS%07lu", v);
	return 0;
}

int cases_db_create(struct case_new *n)
{
	long long rc = MM_DB_DUP;
	for (int i = 0; i < CASE_NO_TRIES && rc == MM_DB_DUP; i++) {
		if (random_case_no(n->case_no) != 0)
			return MM_DB_ERR;
		rc = mm_db_exec(SQL_CREATE, "siissnitt", n->case_no, n->tenant_id, n->category_id,
				n->subject, n->description, n->contact_user_id, n->opened_by,
				n->now, n->now);
	}
	if (rc < 0)
		return (int)rc;
	n->id = (long long)mm_db_insert_id();
	struct mm_buf folded = { 0 };
	int frc = mm_fold_append(&folded, n->subject);
	mm_buf_puts(&folded, "\n");
	if (frc == 0)
		frc = mm_fold_append(&folded, n->description);
	rc = frc == 0 && !folded.oom ?
	     mm_db_exec(SQL_SEARCH_INSERT, "iis", n->id, n->tenant_id, mm_buf_str(&folded)) :
	     MM_DB_ERR;
	mm_buf_free(&folded);
	return rc < 0 ? (int)rc : 0;
}

static const char SQL_CHANGE[] =
	"UPDATE cases SET version = version + 1, updated_at = ?, status = ?,"
	" assignee_user_id = IF(? < 0, assignee_user_id, NULLIF(?, 0)),"
	" closed_at = IF(? = 'closed', ?, closed_at)"
	" WHERE id = ? AND tenant_id = ? AND version = ? AND status = ?";
static const char SQL_ACTIVITY_ADD[] =
	"INSERT INTO case_activity (case_id, tenant_id, author_user_id, kind, body,"
	" status_from, status_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

int cases_db_change(struct case_change *ch)
{
	const char *from = case_status_name(ch->status_from);
	const char *to = case_status_name(ch->status_to);
	long long n = mm_db_exec(SQL_CHANGE, "tsiisTiiis", ch->now, to, ch->assignee_id,
				 ch->assignee_id, to, ch->now, ch->case_id, ch->tenant_id,
				 ch->version, from);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return 1;
	int status_changed = ch->status_from != ch->status_to;
	n = mm_db_exec(SQL_ACTIVITY_ADD, "iinsssst", ch->case_id, ch->tenant_id, ch->author_id,
		       ch->kind, ch->body ? ch->body : "", status_changed ? from : NULL,
		       status_changed ? to : NULL, ch->now);
	if (n < 0)
		return (int)n;
	ch->activity_id = (long long)mm_db_insert_id();
	if (strcmp(ch->kind, "comment") != 0 || !ch->body || !*ch->body)
		return 0;
	struct mm_buf folded = { 0 };
	n = mm_fold_append(&folded, ch->body) == 0 && !folded.oom ?
	    mm_db_exec(SQL_SEARCH_APPEND, "si", mm_buf_str(&folded), ch->case_id) : MM_DB_ERR;
	mm_buf_free(&folded);
	return n < 0 ? (int)n : 0;
}

static const char SQL_USER_MAIL[] =
	"SELECT email, lang FROM users WHERE id = ? AND disabled = 0";
static const char SQL_TENANT_ADMINS[] =
	"SELECT id, email, lang FROM users WHERE tenant_id = ? AND role = 'customer_admin'"
	" AND disabled = 0 ORDER BY id LIMIT 50";

int cases_db_user_mail(long long user_id, char email[255 * 4], char lang[3])
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_USER_MAIL, "i", user_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0) {
		snprintf(email, 255 * 4, "%s", mm_db_str(q, 0) ? mm_db_str(q, 0) : "");
		snprintf(lang, 3, "%s", mm_db_str(q, 1) ? mm_db_str(q, 1) : "ja");
	}
	mm_db_done(q);
	return rc;
}

int cases_db_tenant_admins(long long tenant_id,
			   int (*fn)(long long user_id, const char *email, const char *lang, void *ctx),
			   void *ctx)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_TENANT_ADMINS, "i", tenant_id);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(q)) > 0)
		if ((rc = fn(mm_db_int(q, 0), mm_db_str(q, 1), mm_db_str(q, 2), ctx)) < 0)
			break;
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

static const char SQL_ANALYSTS[] =
	"SELECT id, display_name FROM users WHERE role IN ('analyst', 'staff_admin')"
	" AND disabled = 0 ORDER BY display_name, id";
static const char SQL_IS_ANALYST[] =
	"SELECT COUNT(*) FROM users WHERE id = ? AND role IN ('analyst', 'staff_admin')"
	" AND disabled = 0";

int cases_db_analysts(struct case_analyst *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_ANALYSTS, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		out[n].id = mm_db_int(q, 0);
		COPY(out[n].name, 1);
		n++;
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int cases_db_is_analyst(long long user_id)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_IS_ANALYST, "i", user_id);
	return rc < 0 ? rc : n > 0;
}
