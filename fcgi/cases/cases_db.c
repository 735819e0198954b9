/* Case queries. Every read of a customer is scoped by tenant_id in the SQL
 * itself, so a number of another tenant finds no row, exactly like a number
 * that does not exist. */
#include "cases.h"
#include "cases_attach.h"
#include "mm_civil.h"
#include "mm_fold.h"
#include "mm_ngram.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SQL_CATEGORIES[] =
	"SELECT id, code, name_ja, name_en, hint_ja, hint_en, customer_selectable, retired,"
	" position FROM case_categories ORDER BY position, id";
static const char SQL_CATEGORY_BY_CODE[] = "SELECT id FROM case_categories WHERE code = ?";
static const char SQL_TENANT_BY_NO[] = "SELECT id FROM tenants WHERE customer_no = ?";

#define ROW_COLUMNS \
	"SELECT c.id, c.tenant_id, c.category_id, c.contact_user_id, c.opened_by_user_id," \
	" c.assignee_user_id, c.version, c.case_no, c.status, cat.code, cat.name_ja," \
	" cat.name_en, c.subject, t.customer_no, t.name, COALESCE(k.service_name, '')," \
	" COALESCE(u.display_name, ''), COALESCE(a.display_name, ''), c.created_at," \
	" c.updated_at, c.closed_at"
#define ROW_JOINS \
	" FROM cases c JOIN tenants t ON t.id = c.tenant_id" \
	" JOIN case_categories cat ON cat.id = c.category_id" \
	" LEFT JOIN contracts k ON k.id = c.contract_id" \
	" LEFT JOIN users u ON u.id = c.contact_user_id" \
	" LEFT JOIN users a ON a.id = c.assignee_user_id"
enum { ROW_NCOLS = 21 };

static const char SQL_GET[] =
	ROW_COLUMNS ", c.description" ROW_JOINS " WHERE c.case_no = ? AND (? = 0 OR c.tenant_id = ?)";

/* The list's statements follow docs/case-search.md: a filter that is off
 * names no column (so the index of the active ones is used on every
 * execution), the page's ids are found on an index first and joined to the
 * rest afterwards (deferred join), every order ends in its tie-breakers in
 * the same direction, and each statement runs under a time cap.
 *
 * Each filter takes two placeholders whether it is on or off, so one
 * binding order serves every variant. The variants are assembled from the
 * fixed fragments below when first used and kept for the life of the
 * process (the statement cache is keyed by the text's address). */
#define CAP "SET STATEMENT max_statement_time = 1 FOR "
/* The walk of a tenant's cases against its keyword (F_WALK) as the
 * designed plan only: each case of the sort's index in order, its search
 * row probed by primary key, stopping at the page. As a semi-join the
 * optimizer at some executions of the prepared statement and not others
 * (in the bench's keyword rows at nearly every one) read every search row
 * of the tenant instead, joined the matches' cases and sorted them: the
 * largest bench tenant's 「VPN」 page 1 or 2 then read 53,000 rows and
 * 21,000 buffer pool pages instead of 350-560 rows and 500-800 pages, in
 * 0.2-0.9 s. Without semi-joins and subquery materialization the IN is a
 * probe per walked case (the subquery's own plan: a primary-key lookup). */
#define CAP_WALK "SET STATEMENT max_statement_time = 1," \
	" optimizer_switch = 'semijoin=off,materialization=off' FOR "
#define OFF2 " AND COALESCE(?, ?, 1) IS NOT NULL"

enum {
	F_STATUS = 1 << 0, F_CATEGORY = 1 << 1, F_FROM = 1 << 2, F_BEFORE = 1 << 3,
	F_CONTACT = 1 << 4, F_ASSIGNEE = 1 << 5, F_UNASSIGNED = 1 << 6,
	F_KEYWORD = 1 << 7, F_ALL = 1 << 8,	/* every tenant (staff) */
	F_TENANT_NAME = 1 << 9,
	/* bits 10-15: the sort and its direction (variant) */
	F_WALK = 1 << 16,	/* a tenant's keyword, cases first (see cases_db_list) */
	F_GRAMS = 1 << 17,	/* a tenant's keyword, candidates from the side index */
	F_MANY = 1 << 18,	/* … whose rarest gram is in 2,000 cases or more (count capped) */
	F_FIRST = 1 << 19,	/* a page with the kept count as a column (cases_db_list_first) */
	F_ONE_TERM = 1 << 20,	/* F_GRAMS, both grams of one term: the count probes the rarest only */
	F_DEEP = 1 << 21,	/* F_WALK | F_GRAMS far into the matches: the rarest gram's set first */
	F_MARKS = 1 << 22,	/* a tenant's kept positions in one order (build_marks) */
	F_MARK = 1 << 23,	/* a page from the nearest kept position (list_from_mark) */
	F_MARK_NULL = 1 << 24,	/* … whose sort key is NULL (no contact, no contract) */
	F_ZERO = 1 << 25,	/* a page at offset 0 without filters or keyword (list_page) */
	F_OWN_TENANT = 1 << 26,	/* a page of the reader's own tenant (own_tenant): tenants not joined */
	F_DEFER = 1 << 27,	/* F_FIRST past offset 0 or with the contact filter: the ids first */
	F_STAMP = 1 << 28	/* a page with the tenant's list stamp as a column (cases_db_list) */
};

static const struct {
	unsigned bit;
	const char *on;
} filter_sql[] = {
	{ F_STATUS, " AND c.status IN (?, ?)" },
	{ F_CATEGORY, " AND c.category_id = ? AND ? <> 0" },
	{ F_FROM, " AND c.updated_at >= ? AND ? <> 0" },
	{ F_BEFORE, " AND c.updated_at < ? AND ? <> 0" },
	{ F_CONTACT, " AND c.contact_user_id = ? AND ? <> 0" },
	{ F_ASSIGNEE, " AND c.assignee_user_id = ? AND ? <> 0" },
	{ F_UNASSIGNED, " AND c.assignee_user_id IS NULL AND ? <> 0 AND ? <> 0" },
	{ F_TENANT_NAME, " AND c.tenant_id IN (SELECT tn.id FROM tenants tn"
	  " WHERE tn.name LIKE ? ESCAPE '!') AND ? IS NOT NULL" },
};

/* FROM and the scope: one tenant placeholder, two grams (mm_ngram_pick),
 * MM_FOLD_MAX_TERMS patterns. */
#define LIKE4 " AND s.folded LIKE ? ESCAPE '!' AND s.folded LIKE ? ESCAPE '!'" \
	" AND s.folded LIKE ? ESCAPE '!' AND s.folded LIKE ? ESCAPE '!'"
/* A tenant's cases are read on its (tenant_id, …) indexes only. With a
 * LIMIT the optimizer sometimes walked the portal-wide update-time index
 * backwards, skipping the other tenants' cases (「VPN」 page 50 of the
 * largest tenant: 54,382 index entries instead of 6,287; a small tenant's
 * rare word would read every case of the portal), depending on the
 * statistics when the worker prepared the statement: the slow requests in
 * a mix of fast ones. */
#define TENANT_CASES " FROM cases c IGNORE INDEX (cases_updated, cases_status_updated," \
	" cases_category_fk)"
/* The rarest gram's set and the search row after each walked case (F_DEEP,
 * below): its placeholders (tenant, gram) come before the others. */
#define DEEP_JOIN " STRAIGHT_JOIN (SELECT DISTINCT m.doc_id FROM search_grams m" \
	" WHERE m.scope = 1 AND m.tenant_id = ? AND m.gram = ?) m ON m.doc_id = c.id" \
	" STRAIGHT_JOIN case_search s FORCE INDEX (PRIMARY) ON s.tenant_id = c.tenant_id" \
	" AND s.case_id = c.id"
static const char *const scope_from[10] = {
	/* a tenant: its cases, newest first on (tenant_id, …) indexes */
	TENANT_CASES,
	/* a tenant's keyword: one scan of its search rows, then its cases, by
	 * id: with a status or category filter the planner otherwise read the
	 * tenant's cases of that status again for every search row (2,054 ×
	 * 411 index entries for a tenant of 2,100 cases: 0.4-0.6 s) */
	" FROM case_search s STRAIGHT_JOIN cases c FORCE INDEX (PRIMARY) ON c.id = s.case_id",
	" FROM cases c",
	" FROM cases c",
	/* a tenant's keyword, walking its cases in the list's order */
	TENANT_CASES,
	/* a tenant's keyword: the cases holding its two rarest grams (the
	 * postings of the first, each probed for the second), then the LIKE
	 * on their search rows only (sql/019_search_index.sql) */
	" FROM search_grams g1 STRAIGHT_JOIN search_grams g2 ON g2.scope = g1.scope"
	" AND g2.tenant_id = g1.tenant_id AND g2.doc_id = g1.doc_id"
	" STRAIGHT_JOIN case_search s FORCE INDEX (PRIMARY) ON s.tenant_id = g1.tenant_id"
	" AND s.case_id = g1.doc_id"
	/* by id: with a contact filter the planner otherwise reads the
	 * contact's cases again for every candidate */
	" STRAIGHT_JOIN cases c FORCE INDEX (PRIMARY) ON c.id = s.case_id",
	/* the count of a tenant's keyword without other filters: its search
	 * rows alone (each has its case, by the foreign key). Joining the
	 * case only to find no filter on it took two thirds of the count's
	 * server CPU (「VPN」 up to 1,001 matches: ~14 ms with the cases read
	 * by id, ~4 ms without) */
	" FROM case_search s",
	" FROM search_grams g1 STRAIGHT_JOIN search_grams g2 ON g2.scope = g1.scope"
	" AND g2.tenant_id = g1.tenant_id AND g2.doc_id = g1.doc_id"
	" STRAIGHT_JOIN case_search s FORCE INDEX (PRIMARY) ON s.tenant_id = g1.tenant_id"
	" AND s.case_id = g1.doc_id",
	/* the count of a word whose two picked grams are of one term
	 * (F_ONE_TERM): the rarest gram's postings, each probed for its search
	 * row and the LIKE. The second gram of the same word is in nearly
	 * every one of them (vp and pn of 「VPN」, なメ and 不審 of 「不審な
	 * メール」: 1,452 of 1,452), so probing it first only added a lookup
	 * per candidate: a third of a capped count's server CPU, half of the
	 * lookups of an exact one */
	" FROM search_grams g1 STRAIGHT_JOIN case_search s FORCE INDEX (PRIMARY)"
	" ON s.tenant_id = g1.tenant_id AND s.case_id = g1.doc_id",
	/* the walk far into a common word's matches (F_DEEP): the cases
	 * holding the rarest gram are read once into a temporary table (its
	 * postings are one range of the index), and the walk in the list's
	 * order looks each case up there before reading its search row. A
	 * lookup in search_grams or case_search per case walked cost ~2 µs
	 * of server CPU; 「VPN」 page 50 walks ~6,300 cases (15 ms → 9 ms).
	 * DISTINCT keeps the derived table from being merged back into those
	 * lookups. Its placeholders (tenant, gram) come before the others */
	TENANT_CASES DEEP_JOIN,
};
static const char *const scope_where[10] = {
	" WHERE c.tenant_id = ? AND COALESCE(?, ?, ?, ?, ?, ?, 1) IS NOT NULL",
	" WHERE s.tenant_id = ? AND COALESCE(?, ?, 1) IS NOT NULL"
	" AND c.tenant_id = s.tenant_id" LIKE4,
	" WHERE COALESCE(?, ?, ?, ?, ?, ?, ?, 1) IS NOT NULL",
	/* every tenant's keyword: newest first, bounded by the time cap */
	" WHERE COALESCE(?, ?, ?, 1) IS NOT NULL AND c.id IN (SELECT s.case_id FROM case_search s"
	" WHERE 1 = 1" LIKE4 ")",
	" WHERE c.tenant_id = ? AND COALESCE(?, ?, 1) IS NOT NULL"
	" AND c.id IN (SELECT s.case_id FROM case_search s"
	" WHERE s.tenant_id = c.tenant_id" LIKE4 ")",
	" WHERE g1.scope = 1 AND g1.tenant_id = ? AND g1.gram = ? AND g2.gram = ?"
	" AND c.tenant_id = s.tenant_id" LIKE4,
	" WHERE s.tenant_id = ? AND COALESCE(?, ?, 1) IS NOT NULL" LIKE4,
	" WHERE g1.scope = 1 AND g1.tenant_id = ? AND g1.gram = ? AND g2.gram = ?" LIKE4,
	" WHERE g1.scope = 1 AND g1.tenant_id = ? AND g1.gram = ? AND ? IS NOT NULL" LIKE4,
	" WHERE c.tenant_id = ? AND COALESCE(?, ?, 1) IS NOT NULL" LIKE4,
};

#define CASE_FILTERS (F_STATUS | F_CATEGORY | F_FROM | F_BEFORE | F_CONTACT | F_ASSIGNEE | \
		      F_UNASSIGNED | F_TENANT_NAME)

/* The FROM and WHERE of a statement (count: of the count). */
static int scope_of(unsigned key, int count)
{
	int bare = count && !(key & (CASE_FILTERS | F_ALL));
	if (key & F_DEEP)
		return 9;
	if (key & F_WALK)
		return 4;
	if (bare && (key & F_ONE_TERM))
		return 8;
	if (key & F_GRAMS)
		return bare ? 7 : 5;
	if (bare && (key & F_KEYWORD))
		return 6;
	return (key & F_ALL ? 2 : 0) + (key & F_KEYWORD ? 1 : 0);
}

/* The order of each sort column (dir goes after each %s-free part); the
 * join a sort needs inside the id query. Customer number, contractor and
 * service are one value per tenant for a customer: within a tenant they
 * sort like the update time. */
static const struct {
	const char *key;	/* before the tie-breakers; NULL: update time only */
	const char *join;
	int staff_only;		/* the key means something only across tenants */
} sorts[CASE_NSORT] = {
	[CASE_SORT_NO] = { "c.case_no", "", 0 },
	[CASE_SORT_STATUS] = { "c.status", "", 0 },
	[CASE_SORT_CATEGORY] = { "c.category_id", "", 0 },
	[CASE_SORT_SUBJECT] = { "c.subject", "", 0 },
	[CASE_SORT_CUSTOMER_NO] = { "t.customer_no", " JOIN tenants t ON t.id = c.tenant_id", 1 },
	[CASE_SORT_TENANT] = { "t.name", " JOIN tenants t ON t.id = c.tenant_id", 1 },
	/* the contract's service name kept on the case (sql/036): an index
	 * walk, not every case of the tenant joined and sorted */
	[CASE_SORT_SERVICE] = { "c.service_sort", "", 0 },
	/* the contact's name kept on the case (sql/019): an index walk */
	[CASE_SORT_CONTACT] = { "c.contact_sort", "", 0 },
	[CASE_SORT_UPDATED] = { NULL, "", 0 },
};

/* The index whose order is each sort's within a tenant (sql/007, 019, 036). */
static const char *const sort_index[CASE_NSORT] = {
	[CASE_SORT_NO] = "cases_tenant_case_no", [CASE_SORT_STATUS] = "cases_tenant_status_updated",
	[CASE_SORT_CATEGORY] = "cases_tenant_category_updated",
	[CASE_SORT_SUBJECT] = "cases_tenant_subject", [CASE_SORT_CUSTOMER_NO] = "cases_tenant_updated",
	[CASE_SORT_TENANT] = "cases_tenant_updated", [CASE_SORT_SERVICE] = "cases_tenant_service_sort",
	[CASE_SORT_CONTACT] = "cases_tenant_contact_sort", [CASE_SORT_UPDATED] = "cases_tenant_updated",
};

/* FROM a tenant's cases without filters: only the sort's index. The
 * optimizer otherwise weighs every (tenant_id, …) index of cases on each
 * execution of the prepared statement, two index dives each: at page 1 of
 * the largest tenant that took twice as long as running the plan (0.45 ms
 * against 0.16 ms of the statement's time, 0.23 ms with the one index). */
static void put_tenant_cases(struct mm_buf *b, int sort)
{
	mm_buf_puts(b, " FROM cases c USE INDEX (");
	mm_buf_puts(b, sort_index[sort]);
	mm_buf_puts(b, ")");
}

static void put_order(struct mm_buf *b, int sort, int all, int desc)
{
	const char *dir = desc ? " DESC" : "";
	const char *key = sorts[sort].staff_only && !all ? NULL : sorts[sort].key;
	mm_buf_puts(b, " ORDER BY ");
	if (key) {
		mm_buf_puts(b, key);
		mm_buf_puts(b, dir);
		mm_buf_puts(b, ", ");
	}
	/* case numbers are unique and subjects mostly so: the id alone breaks
	 * their ties, which (tenant_id, subject) gives in index order; with the
	 * update time between, the largest tenant's last page by subject read
	 * every row (290 ms of server CPU) */
	if (sort != CASE_SORT_NO && sort != CASE_SORT_SUBJECT) {
		mm_buf_puts(b, "c.updated_at");
		mm_buf_puts(b, dir);
		mm_buf_puts(b, ", ");
	}
	mm_buf_puts(b, "c.id");
	mm_buf_puts(b, dir);
}

/* A tenant's list or count without filters or keyword: its statement
 * names only the tenant (one placeholder, bound by tenant_only), not the
 * placeholders of every filter turned off. Binding and folding away the
 * 24 of them took about a quarter of page 1's statement's server CPU. */
static int tenant_only(unsigned key)
{
	return !(key & (CASE_FILTERS | F_KEYWORD | F_ALL | F_GRAMS | F_WALK | F_DEEP));
}

static void put_where(struct mm_buf *b, unsigned key, int count)
{
	if (tenant_only(key)) {
		mm_buf_puts(b, " WHERE c.tenant_id = ?");
		return;
	}
	mm_buf_puts(b, scope_where[scope_of(key, count)]);
	for (size_t i = 0; i < sizeof filter_sql / sizeof *filter_sql; i++)
		mm_buf_puts(b, key & filter_sql[i].bit ? filter_sql[i].on : OFF2);
}

static char *finish(struct mm_buf *b)
{
	if (b->oom) {
		mm_buf_free(b);
		return NULL;
	}
	return b->p;	/* kept for the life of the process */
}

/* Where a count stops (0: exact). Across all tenants the full count of
 * 1,000,000 rows costs 95-110 ms. A tenant's keyword that the side index
 * does not serve is a very common word (or one of single characters, or a
 * tenant whose index is pending): its exact count scans the tenant's whole
 * text (the largest: 20 MB, 25-50 ms of server CPU, seconds under load),
 * while the first 1,001 matches of a common word lie in the first part of
 * the scan. Through the side index, a keyword whose rarest gram is in
 * 2,000 cases or more stops at the 1,001st match too: 「VPN」 (5,494 cases
 * of the largest tenant) probes ~1,000 candidates instead of all of them.
 * Below that every candidate is checked and the count is exact (at most
 * 2,000 probes). The literals below are these caps + 1. */
static long long count_cap(unsigned key)
{
	if (key & F_ALL)
		return CASES_COUNT_CAP;
	if ((key & F_KEYWORD) && (!(key & F_GRAMS) || (key & F_MANY)))
		return CASES_KEYWORD_COUNT_CAP;
	return 0;
}

static char *build_count(unsigned key)
{
	struct mm_buf b = { 0 };
	const char *from = scope_from[scope_of(key, 1)];
	long long cap = count_cap(key);
	if (!(key & (F_ALL | F_KEYWORD | F_FROM | F_BEFORE | F_CONTACT | F_ASSIGNEE | F_UNASSIGNED))) {
		/* a tenant's count by status and category only: the sum of the
		 * counts the triggers of sql/007 keep (alias c: the same fragments
		 * apply), not up to 40,000 index entries counted per page view */
		mm_buf_puts(&b, CAP "SELECT COALESCE(SUM(c.n), 0)");
		from = " FROM case_counts c";
	} else if (!(key & (F_ALL | F_KEYWORD | F_FROM | F_BEFORE | F_ASSIGNEE | F_UNASSIGNED))) {
		/* "my cases", by status and category or not: the counts kept per
		 * contact (sql/036), not the contact's index entries (3,964 for
		 * the largest bench tenant's first user) */
		mm_buf_puts(&b, CAP "SELECT COALESCE(SUM(c.n), 0)");
		from = " FROM case_contact_counts c";
	} else {
		mm_buf_puts(&b, cap ? CAP "SELECT COUNT(*) FROM (SELECT 1" : CAP "SELECT COUNT(*)");
	}
	mm_buf_puts(&b, from);
	put_where(&b, key, 1);
	if (cap == CASES_COUNT_CAP)
		mm_buf_puts(&b, " LIMIT 10001) n");
	else if (cap == CASES_KEYWORD_COUNT_CAP)
		mm_buf_puts(&b, " LIMIT 1001) n");
	return finish(&b);
}

/* The list's columns: only what templates/cases/list.cs shows. The
 * contact's and the service's names are the ones kept on the case for
 * their sorts (sql/019, sql/036, set by triggers whenever the contact, the
 * user's name, the contract or its service name changes), so neither users
 * nor contracts are looked up: 60 primary-key lookups less per page. The
 * category's names come from the categories each worker keeps
 * (list_names), and a customer's own list (F_OWN_TENANT) takes the
 * tenant's number and name from the reader's session, read for this
 * request from the same tenant row: joining case_categories and tenants
 * for each of the 20 rows was a third of the page statement's server CPU. */
static void put_list_columns(struct mm_buf *b, unsigned key)
{
	mm_buf_puts(b, "SELECT c.id, c.tenant_id, c.category_id, c.case_no, c.status, c.subject");
	mm_buf_puts(b, key & F_OWN_TENANT ? ", NULL, NULL" : ", t.customer_no, t.name");
	mm_buf_puts(b, ", COALESCE(c.service_sort, ''), COALESCE(c.contact_sort, ''), c.updated_at");
}

static void put_list_joins(struct mm_buf *b, unsigned key)
{
	if (!(key & F_OWN_TENANT))
		mm_buf_puts(b, " STRAIGHT_JOIN tenants t ON t.id = c.tenant_id");
}

/* The tenant's list stamp (case_list_stamps, grown by triggers with every
 * change that can move a case in a list) as a column, read in the page's
 * own snapshot; its placeholder (tenant) comes before the page's. */
#define MARK_STAMP \
	", (SELECT CAST(COALESCE(MAX(st.stamp), 0) AS SIGNED) FROM case_list_stamps st" \
	" WHERE st.tenant_id = ?)"

static const char LIST_KINDS[] = "iiissssssst";
enum { LIST_NCOLS = 11 };

/* The kept count of a tenant's cases by status and category, or of a
 * contact's ("my cases", build_count), as the page's last column: a page
 * near the start needs no count before its rows (its offset does not
 * depend on the count), so the list's most frequent pages are one
 * statement instead of two. Placeholders: tenant, contact twice, two
 * statuses, category twice ("iiissii" in cases_db_list_first), before
 * those of the page. */
static void put_first_count(struct mm_buf *b, unsigned key)
{
	if (tenant_only(key)) {
		mm_buf_puts(b, ", (SELECT CAST(COALESCE(SUM(n.n), 0) AS SIGNED) FROM case_counts n"
			    " WHERE n.tenant_id = ?)");
		return;
	}
	mm_buf_puts(b, key & F_CONTACT ?
		    ", (SELECT CAST(COALESCE(SUM(n.n), 0) AS SIGNED) FROM case_contact_counts n"
		    " WHERE n.tenant_id = ? AND n.contact_user_id = ? AND ? <> 0" :
		    ", (SELECT CAST(COALESCE(SUM(n.n), 0) AS SIGNED) FROM case_counts n"
		    " WHERE n.tenant_id = ?" OFF2);
	mm_buf_puts(b, key & F_STATUS ? " AND n.status IN (?, ?)" : OFF2);
	mm_buf_puts(b, key & F_CATEGORY ? " AND n.category_id = ? AND ? <> 0" : OFF2);
	mm_buf_puts(b, ")");
}

static char *build_marks_sql(int sort);
static char *build_mark_page(unsigned key, int sort, int desc);

static char *build_page(unsigned key, int sort, int desc)
{
	if (key & F_MARK)
		return build_mark_page(key, sort, desc);
	if (key & F_MARKS)
		return build_marks_sql(sort);
	struct mm_buf b = { 0 };
	int all = (key & F_ALL) != 0;
	int walk = (key & (F_WALK | F_DEEP)) == F_WALK;
	mm_buf_puts(&b, walk ? CAP_WALK : CAP);
	put_list_columns(&b, key);
	if (key & F_STAMP)
		mm_buf_puts(&b, MARK_STAMP);
	if (key & F_FIRST)
		put_first_count(&b, key);
	/* Without filters, and by case number or subject with status,
	 * category and period filters (their indexes carry those columns,
	 * sql/036: the walk checks them on the entries), the sort's index. The
	 * optimizer preferred the filter's range and a sort of all its cases
	 * (対応中 by subject: 1,300 cases read and sorted for 20) */
	int bare = !(key & (CASE_FILTERS | F_KEYWORD | F_ALL)) ||
		   (!(key & ((CASE_FILTERS & ~(unsigned)(F_STATUS | F_CATEGORY | F_FROM | F_BEFORE)) |
			     F_KEYWORD | F_ALL)) &&
		    (sort == CASE_SORT_NO || sort == CASE_SORT_SUBJECT));
	/* A keyword's walk without other filters (from the rarest gram's set
	 * or not): the sort's index too, the one the walk is meant to follow
	 * (the optimizer otherwise still weighs every index of the tenant's
	 * cases for the ORDER BY … LIMIT) */
	int walk_bare = (key & F_WALK) && !(key & (CASE_FILTERS | F_ALL));
	if ((key & (F_FIRST | F_ZERO)) && !(key & F_DEFER) && !*sorts[sort].join) {
		/* Page 1 (offset 0) skips no rows: the tenant's index is walked in
		 * the page's order and each of its first 20 cases joined as it
		 * comes, without the ids' derived table (a temporary table created,
		 * written and read per page). So does a tenant's last page, read
		 * from the end at offset 0 (cases_db_list) */
		if (bare)
			put_tenant_cases(&b, sort);
		else
			mm_buf_puts(&b, scope_from[scope_of(key, 0)]);
		put_list_joins(&b, key);
		put_where(&b, key, 0);
		put_order(&b, sort, all, desc);
		mm_buf_puts(&b, " LIMIT ?, ?");
		return finish(&b);
	}
	mm_buf_puts(&b, " FROM (SELECT c.id");
	if (bare || walk_bare) {
		put_tenant_cases(&b, sort);
		if (key & F_DEEP)
			mm_buf_puts(&b, DEEP_JOIN);
	} else {
		mm_buf_puts(&b, scope_from[scope_of(key, 0)]);
	}
	if (!sorts[sort].staff_only || all)
		mm_buf_puts(&b, sorts[sort].join);
	put_where(&b, key, 0);
	put_order(&b, sort, all, desc);
	/* The page's ids first, in order; every later table is a lookup by
	 * primary key in that order (STRAIGHT_JOIN), so the rows come out in
	 * the ids' order and need no second sort: sorting the 20 joined rows
	 * again took a temporary table and a third of the statement's server
	 * CPU (tests/http/cases-list-speed compares every sort with SQL) */
	mm_buf_puts(&b, " LIMIT ?, ?) p STRAIGHT_JOIN cases c ON c.id = p.id");
	put_list_joins(&b, key);
	/* Across tenants the optimizer may join the few tenants' rows through
	 * a join buffer (a scan of tenants, each matched against the buffered
	 * cases), which gives the rows grouped by tenant, not in the ids'
	 * order: the page is sorted again on the same keys (20 rows) */
	if (all)
		put_order(&b, sort, all, desc);
	return finish(&b);
}

#define MAX_VARIANTS 512
static struct {
	unsigned key;
	char *sql;
} variants[MAX_VARIANTS];
static int nvariants;

/* The statement of variant key (count: sort < 0); NULL when out of memory. */
static const char *variant(unsigned key, int sort, int desc)
{
	unsigned full = key | (unsigned)(sort + 1) << 10 | (unsigned)(desc != 0) << 15;
	for (int i = 0; i < nvariants; i++)
		if (variants[i].key == full)
			return variants[i].sql;
	if (nvariants == MAX_VARIANTS)
		return NULL;
	char *sql = sort < 0 ? build_count(key) : build_page(key, sort, desc);
	if (sql) {
		variants[nvariants].key = full;
		variants[nvariants++].sql = sql;
	}
	return sql;
}

static unsigned filter_key(const struct case_scope *s, const struct case_filter *f)
{
	unsigned key = s->tenant_id == 0 ? F_ALL : 0;
	key |= f->status1[0] ? F_STATUS : 0;
	key |= f->category_id ? F_CATEGORY : 0;
	key |= f->updated_from ? F_FROM : 0;
	key |= f->updated_before ? F_BEFORE : 0;
	key |= f->contact_user_id ? F_CONTACT : 0;
	key |= f->assignee_id ? F_ASSIGNEE : 0;
	key |= f->unassigned ? F_UNASSIGNED : 0;
	key |= f->like[0] ? F_KEYWORD : 0;
	key |= f->tenant_like ? F_TENANT_NAME : 0;
	key |= f->like[0] && f->use_grams && s->tenant_id != 0 ? F_GRAMS : 0;
	key |= key & F_GRAMS && f->grams.postings >= CASES_GRAMS_EXACT ? F_MANY : 0;
	key |= key & F_GRAMS && f->grams_one_term ? F_ONE_TERM : 0;
	return key;
}

#define COPY(dst, col) mm_copy_str(dst, sizeof dst, mm_db_str(q, col))

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

/* The list reads its integers and times in binary (mm_db_native: the
 * client library otherwise formats them into text, which the program then
 * parses back). */
static void read_list_row(const struct mm_res *q, struct case_row *c)
{
	char when[20];
	c->id = mm_db_i64(q, 0);
	c->tenant_id = mm_db_i64(q, 1);
	c->category_id = mm_db_i64(q, 2);
	COPY(c->case_no, 3);
	c->status = case_status_parse(mm_db_str(q, 4));
	COPY(c->subject, 5);
	COPY(c->customer_no, 6);
	COPY(c->tenant_name, 7);
	COPY(c->service_name, 8);
	COPY(c->contact_name, 9);
	c->updated_at = mm_db_datetime(q, 10, when);
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
		k->position = mm_db_int(q, 8);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

/* The case list's category filter is the same for every reader and
 * changes only by a staff edit: each worker keeps it this long, so an edit
 * shows in the lists of the other workers within that time (at once in
 * the editing worker's, and the inquiry forms and the editor always read
 * the table). One statement less on every list page. */
#define CATEGORIES_KEPT_SECONDS 5
static struct case_category kept_categories[CASES_MAX_CATEGORIES];
static int kept_count = -1;
static time_t kept_since;
static unsigned long kept_reading;

unsigned long cases_db_categories_reading(void)
{
	return kept_reading;
}

int cases_db_categories_kept(const struct case_category **out)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (kept_count < 0 || now.tv_sec - kept_since >= CATEGORIES_KEPT_SECONDS ||
	    now.tv_sec < kept_since) {
		int n = cases_db_categories(kept_categories, CASES_MAX_CATEGORIES);
		kept_count = n < 0 ? -1 : n;
		kept_since = now.tv_sec;
		kept_reading++;
		if (n < 0)
			return n;
	}
	*out = kept_categories;
	return kept_count;
}

int cases_db_category_by_code(const char *code, long long *id)
{
	return mm_db_get_int(id, SQL_CATEGORY_BY_CODE, "s", code);
}

int cases_db_tenant_by_no(const char *customer_no, long long *id)
{
	return mm_db_get_int(id, SQL_TENANT_BY_NO, "s", customer_no);
}

/* The bound values, in the order of scope_where and filter_sql. */
#define FILTER_TYPES "ibbssssssiiTiTiiiiiiiss"
#define FILTER_ARGS(s, f) \
	(s)->tenant_id, (const void *)(f)->grams.gram[0], (size_t)MM_NGRAM_BYTES, \
	(const void *)(f)->grams.gram[1], (size_t)MM_NGRAM_BYTES, (f)->like[0], (f)->like[1], (f)->like[2], (f)->like[3], \
	(f)->status1, (f)->status2, \
	(long long)(f)->category_id, (long long)(f)->category_id, \
	(f)->updated_from, (long long)(f)->updated_from, \
	(f)->updated_before, (long long)(f)->updated_before, \
	(f)->contact_user_id, (f)->contact_user_id, \
	(f)->assignee_id, (f)->assignee_id, (long long)(f)->unassigned, (long long)(f)->unassigned, \
	(f)->tenant_like, (f)->tenant_like

/* Whether a record of MM_NGRAM_BYTES is among grams. */
static int has_gram(const struct mm_buf *grams, const unsigned char *g)
{
	for (size_t i = 0; i + MM_NGRAM_BYTES <= grams->len; i += MM_NGRAM_BYTES)
		if (memcmp(grams->p + i, g, MM_NGRAM_BYTES) == 0)
			return 1;
	return 0;
}

/* 1 when the two picked grams are grams of one term (then nearly every
 * document holding the rarer holds the other too), 0 if not, -1 on OOM. */
static int one_term(const struct case_filter *f)
{
	struct mm_buf term = { 0 }, grams = { 0 };
	int found = 0;
	for (int i = 0; i < MM_FOLD_MAX_TERMS && f->like[i] && !found; i++) {
		mm_buf_reset(&term);
		mm_buf_reset(&grams);
		if (mm_ngram_like_term(&term, f->like[i]) < 0 ||
		    mm_ngram_extract(&grams, term.p ? term.p : "", term.len) < 0) {
			found = -1;
			break;
		}
		found = has_gram(&grams, f->grams.gram[0]) && has_gram(&grams, f->grams.gram[1]);
	}
	mm_buf_free(&term);
	mm_buf_free(&grams);
	return found;
}

int cases_db_plan(const struct case_scope *s, struct case_filter *f)
{
	f->use_grams = 0;
	memset(&f->grams, 0, sizeof f->grams);
	if (!f->like[0] || s->tenant_id == 0)
		return 0;
	/* Probing one gram's postings costs about what the scan spends on one
	 * case's text, but the probes stop at the count's cap and the scan
	 * reads the whole tenant whenever the matches are few: the index
	 * serves every keyword but one whose rarest gram is in 10,000 cases
	 * (two common words rarely together, 「ＶＰＮ 遮断」: 3,263 probes
	 * instead of 35,103 texts read twice, 73 ms of server CPU) */
	int rc = mm_ngram_pick_upto(&f->grams, MM_NGRAM_CASES, s->tenant_id, f->like,
				    CASES_GRAMS_CAP);
	if (rc < 0)
		return rc;
	f->use_grams = rc;
	f->grams_one_term = rc > 0 ? one_term(f) : 0;
	return f->grams_one_term < 0 ? MM_DB_ERR : 0;
}

long long cases_db_count_cap(const struct case_scope *s, const struct case_filter *f)
{
	return count_cap(filter_key(s, f));
}

/* A tenant's count of a period alone (sql/037): the cases of the whole
 * UTC months inside it from the kept counts, those of the two partial
 * months at its ends from the update-time index. Placeholders: tenant,
 * first and end month; tenant, from, first month; tenant, end month,
 * before. */
static const char SQL_PERIOD_COUNT[] =
	CAP "SELECT (SELECT CAST(COALESCE(SUM(n.n), 0) AS SIGNED) FROM case_month_counts n"
	" WHERE n.tenant_id = ? AND n.month >= ? AND n.month < ?)"
	" + (SELECT COUNT(*) FROM cases c USE INDEX (cases_tenant_updated)"
	" WHERE c.tenant_id = ? AND c.updated_at >= ? AND c.updated_at < ?)"
	" + (SELECT COUNT(*) FROM cases c USE INDEX (cases_tenant_updated)"
	" WHERE c.tenant_id = ? AND c.updated_at >= ? AND c.updated_at < ?)";

/* The start of t's UTC month, or (up) of the first month starting at or
 * after t. */
static time_t month_start(time_t t, int up)
{
	long long days = (long long)t / 86400 - ((long long)t % 86400 < 0);
	int y, m, d;
	mm_civil_from_days(days, &y, &m, &d);
	time_t start = (time_t)(mm_days_from_civil(y, m, 1) * 86400);
	if (up && start < t)
		start = (time_t)(mm_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * 86400);
	return start;
}

int cases_db_count(const struct case_scope *s, const struct case_filter *f, long long *n)
{
	unsigned key = filter_key(s, f);
	if (key == (F_FROM | F_BEFORE)) {
		time_t first = month_start(f->updated_from, 1), end = month_start(f->updated_before, 0);
		if (first < end) {
			int rc = mm_db_get_int(n, SQL_PERIOD_COUNT, "itt" "itt" "itt", s->tenant_id,
					       first, end, s->tenant_id, f->updated_from, first,
					       s->tenant_id, end, f->updated_before);
			return rc < 0 ? rc : 0;
		}
	}
	const char *sql = variant(key, -1, 0);
	if (!sql)
		return MM_DB_ERR;
	int rc = tenant_only(key) ? mm_db_get_int(n, sql, "i", s->tenant_id) :
		 mm_db_get_int(n, sql, FILTER_TYPES, FILTER_ARGS(s, f));
	return rc < 0 ? rc : 0;
}

/* The rows of an executed list statement into out (at most limit), and
 * the count of its last column when count is not NULL; n or < 0. */
static int read_list(struct mm_res *q, struct case_row *out, long long limit, long long *count)
{
	char kinds[LIST_NCOLS + 2];
	snprintf(kinds, sizeof kinds, "%s%s", LIST_KINDS, count ? "i" : "");
	int rc = mm_db_native(q, kinds);
	int n = 0;
	while (rc >= 0 && n < limit && (rc = mm_db_next(q)) > 0) {
		read_list_row(q, &out[n++]);
		if (count)
			*count = mm_db_i64(q, LIST_NCOLS);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

/* F_OWN_TENANT when the list is the reader's own tenant's and the scope
 * carries its number and name (a customer's). */
static unsigned own_tenant(const struct case_scope *s)
{
	return s->tenant_id > 0 && s->customer_no && s->tenant_name ? F_OWN_TENANT : 0;
}

/* The category's names of each row from the kept categories, and with
 * F_OWN_TENANT the tenant's number and name from the scope. A category
 * made since the categories were kept is not among them: they are read
 * again once. 0 or < 0. */
static int complete_rows(const struct case_scope *s, struct case_row *out, int n)
{
	const struct case_category *k = NULL;
	int nk = n > 0 ? cases_db_categories_kept(&k) : 0, again = 0;
	if (nk < 0)
		return nk;
	for (int i = 0; i < n; i++) {
		struct case_row *c = &out[i];
		if (own_tenant(s)) {
			mm_copy_str(c->customer_no, sizeof c->customer_no, s->customer_no);
			mm_copy_str(c->tenant_name, sizeof c->tenant_name, s->tenant_name);
		}
		int j = 0;
		while (j < nk && k[j].id != c->category_id)
			j++;
		if (j == nk && !again) {
			again = 1;
			kept_count = -1;
			nk = cases_db_categories_kept(&k);
			if (nk < 0)
				return nk;
			i--;
			continue;
		}
		mm_copy_str(c->category_ja, sizeof c->category_ja, j < nk ? k[j].name_ja : "");
		mm_copy_str(c->category_en, sizeof c->category_en, j < nk ? k[j].name_en : "");
	}
	return 0;
}

int cases_db_count_kept(const struct case_scope *s, const struct case_filter *f)
{
	return !(filter_key(s, f) & (F_ALL | F_KEYWORD | F_FROM | F_BEFORE | F_ASSIGNEE |
				     F_UNASSIGNED | F_TENANT_NAME));
}

int cases_db_list_first(const struct case_scope *s, const struct case_filter *f,
			struct case_row *out, long long *count)
{
	int sort = f->sort >= 0 && f->sort < CASE_NSORT ? f->sort : CASE_SORT_UPDATED;
	unsigned key = filter_key(s, f);
	if (!cases_db_count_kept(s, f) || f->offset < 0 || f->offset >= CASES_FIRST_OFFSET)
		return MM_DB_ERR;
	/* Past offset 0 the page's ids come first (the skipped rows are not
	 * joined); so they do with the contact filter, whose count is not by
	 * the walk's index (as cases_db_list) */
	key |= F_FIRST | own_tenant(s) | (f->offset > 0 || (key & F_CONTACT) ? F_DEFER : 0);
	const char *sql = variant(key, sort, f->desc);
	if (!sql)
		return MM_DB_ERR;
	struct mm_res res;
	*count = 0;
	int rc = tenant_only(key) ?
		 mm_db_query(&res, sql, "iiii", s->tenant_id, s->tenant_id, (long long)f->offset,
			     (long long)CASES_PAGE_SIZE) :
		 mm_db_query(&res, sql, "iiissii" FILTER_TYPES "ii", s->tenant_id,
			     f->contact_user_id, f->contact_user_id, f->status1, f->status2,
			     (long long)f->category_id, (long long)f->category_id,
			     FILTER_ARGS(s, f), (long long)f->offset, (long long)CASES_PAGE_SIZE);
	int n = rc < 0 ? rc : read_list(&res, out, CASES_PAGE_SIZE, count);
	rc = n < 0 ? n : complete_rows(s, out, n);
	return rc < 0 ? rc : n;
}

/* --- Deep pages from kept positions (sql/036) ------------------------- */

/* A page far into a large tenant's list walked the index up to the page
 * (half of the tenant's cases at most, pages nearer the end being read
 * from the end): the largest bench tenant's middle page read 20,000 index
 * entries, ~20 times page 1. Each worker keeps, per tenant and sort, the
 * sort key of every MARK_EVERY-th case in ascending order and the tenant's
 * list stamp (case_list_stamps, grown by triggers with every change that
 * can move a case in a list) it read them at; a deep page then starts at
 * the nearest kept position on the index (a range from that key) and skips
 * fewer than MARK_EVERY entries. The page's statement reads the stamp in
 * its own snapshot: when it differs, the positions are dropped and the page
 * is read the ordinary way. Only a tenant's unfiltered list: the orders
 * whose middle pages are asked for by URL from the pager. */
#define MARK_EVERY 500
#define MARK_MAX 128		/* positions per order; farther apart beyond 64,000 cases */
#define MARK_SETS 16		/* orders kept per worker (tenant × sort) */
/* a dropped set is read again at most this often: with a tenant whose
 * cases change every few seconds, reading 40,000 keys per change would cost
 * more than the walks it saves */
#define MARK_REBUILD_SECONDS 10

struct mark {
	char key[(CASES_SUBJECT_MAX + 1) * 4];
	int key_null;
	long long key_int;
	time_t updated_at;
	long long id;
};

static struct mark_set {
	long long tenant_id;
	int sort;
	int valid;
	long long stamp, count, every;
	int n;
	time_t read_at, used_at;
	struct mark *m;
} mark_sets[MARK_SETS];

/* How a sort's key is compared from a kept position. */
enum mark_shape { MARK_BY_ID, MARK_BY_STATUS, MARK_BY_INT, MARK_BY_TEXT, MARK_BY_TIME };

static enum mark_shape mark_shape_of(int sort)
{
	switch (sort) {
	case CASE_SORT_NO:
	case CASE_SORT_SUBJECT:
		return MARK_BY_ID;	/* (key, id) */
	case CASE_SORT_STATUS:
		return MARK_BY_STATUS;
	case CASE_SORT_CATEGORY:
		return MARK_BY_INT;
	case CASE_SORT_CONTACT:
	case CASE_SORT_SERVICE:
		return MARK_BY_TEXT;	/* (key or NULL, update time, id) */
	default:
		return MARK_BY_TIME;	/* (update time, id); customer and tenant within a tenant too */
	}
}

/* The select list of a position: the sort key, the update time, the id.
 * Only what the order's index holds: the update time read for the case
 * number's order took a row lookup per index entry (12 ms per 500). */
static void put_mark_keys(struct mm_buf *b, int sort)
{
	enum mark_shape shape = mark_shape_of(sort);
	mm_buf_puts(b, CAP "SELECT ");
	mm_buf_puts(b, shape == MARK_BY_TIME ? "NULL" : sorts[sort].key);
	mm_buf_puts(b, shape == MARK_BY_ID ? ", NULL, c.id" : ", c.updated_at, c.id");
	mm_buf_puts(b, MARK_STAMP);
	put_tenant_cases(b, sort);
}

/* The first case's sort keys of a tenant's list in ascending order, with
 * the stamp. Placeholders: tenant (stamp), tenant. */
static char *build_marks_sql(int sort)
{
	struct mm_buf b = { 0 };
	put_mark_keys(&b, sort);
	mm_buf_puts(&b, " WHERE c.tenant_id = ?");
	put_order(&b, sort, 0, 0);
	mm_buf_puts(&b, " LIMIT 1");
	return finish(&b);
}

/* A page from a kept position, the position's row included, in the list's
 * order (deferred join as build_page); with F_MARKS the sort keys of the
 * case at an offset from it instead (the next position, read_marks). The
 * key's part has its placeholders in the order mark_query binds them. */
static char *build_mark_page(unsigned key, int sort, int desc)
{
	struct mm_buf b = { 0 };
	enum mark_shape shape = mark_shape_of(sort);
	const char *gt = desc ? " < ?" : " > ?", *ge = desc ? " <= ?" : " >= ?";
	const char *k = sorts[sort].key;
	int null_key = (key & F_MARK_NULL) != 0;
	if (key & F_MARKS) {
		put_mark_keys(&b, sort);
		mm_buf_puts(&b, " WHERE c.tenant_id = ? AND (");
	} else {
		mm_buf_puts(&b, CAP);
		put_list_columns(&b, key);
		mm_buf_puts(&b, MARK_STAMP " FROM (SELECT c.id");
		put_tenant_cases(&b, sort);
		mm_buf_puts(&b, " WHERE c.tenant_id = ? AND (");
	}
	if (shape == MARK_BY_STATUS) {
		/* the ENUM compares as text in < and >: the statuses after the
		 * kept one are named instead (one range each) */
		mm_buf_puts(&b, "c.status IN (?, ?, ?, ?) OR (c.status = ? AND ");
	} else if (shape == MARK_BY_ID || ((shape == MARK_BY_INT || shape == MARK_BY_TEXT) && !null_key)) {
		mm_buf_puts(&b, k);
		mm_buf_puts(&b, gt);
		mm_buf_puts(&b, " OR (");
		mm_buf_puts(&b, k);
		mm_buf_puts(&b, " = ? AND ");
	} else if (shape == MARK_BY_TEXT) {
		mm_buf_puts(&b, "(");
		mm_buf_puts(&b, k);
		mm_buf_puts(&b, " IS NULL AND ");
	}
	if (shape == MARK_BY_ID) {
		mm_buf_puts(&b, "c.id");
		mm_buf_puts(&b, ge);
	} else {
		mm_buf_puts(&b, "(c.updated_at");
		mm_buf_puts(&b, gt);
		mm_buf_puts(&b, " OR (c.updated_at = ? AND c.id");
		mm_buf_puts(&b, ge);
		mm_buf_puts(&b, "))");
	}
	if (shape != MARK_BY_TIME)
		mm_buf_puts(&b, ")");
	/* NULL sorts first ascending, last descending */
	if (shape == MARK_BY_TEXT && null_key != desc) {
		mm_buf_puts(&b, " OR ");
		mm_buf_puts(&b, k);
		mm_buf_puts(&b, null_key ? " IS NOT NULL" : " IS NULL");
	}
	mm_buf_puts(&b, ")");
	put_order(&b, sort, 0, desc);
	mm_buf_puts(&b, key & F_MARKS ? " LIMIT ?, ?" : " LIMIT ?, ?) p STRAIGHT_JOIN cases c ON c.id = p.id");
	if (!(key & F_MARKS))
		put_list_joins(&b, key);
	return finish(&b);
}

static int mark_query(struct mm_res *q, unsigned kind, long long tenant_id, int sort, int desc,
		      const struct mark *m, long long offset, long long limit);

/* The keys of the row a statement of read_marks found into m: 1, 0 none,
 * or < 0; *stamp gets the stamp. */
static int read_mark(struct mm_res *q, struct mark *m, long long *stamp)
{
	int rc = mm_db_next(q);
	if (rc > 0) {
		const char *k = mm_db_str(q, 0);
		m->key_null = k == NULL;
		mm_copy_str(m->key, sizeof m->key, k ? k : "");
		m->key_int = mm_db_int(q, 0);
		m->updated_at = mm_db_time(q, 1);
		m->id = mm_db_int(q, 2);
		*stamp = mm_db_int(q, 3);
	}
	mm_db_done(q);
	return rc;
}

/* Reads the positions of a tenant's list in one order into set: the first
 * case, then each next position from the one before (an index range
 * skipping every entries, one row sent). The tenant's index is read once,
 * in order: numbering the rows in the server (ROW_NUMBER()) sorted the
 * largest tenant's 40,062 rows in a temporary table (240,000 row reads,
 * 100-370 ms under load), sending every key to the worker cost 40,000 rows
 * over the connection. A stamp that changes meanwhile leaves the set
 * unused. 0, or < 0. */
static int read_marks(struct mark_set *set, long long tenant_id, int sort, long long count)
{
	long long every = MARK_EVERY;
	while (count / every >= MARK_MAX)
		every *= 2;
	const char *sql = variant(F_MARKS, sort, 0);
	if (!set->m)
		set->m = malloc(MARK_MAX * sizeof *set->m);
	if (!sql || !set->m)
		return MM_DB_ERR;
	set->tenant_id = tenant_id;
	set->sort = sort;
	set->valid = 0;
	set->n = 0;
	set->every = every;
	set->count = count;
	struct mm_res res;
	long long stamp = -1;
	int rc = mm_db_query(&res, sql, "ii", tenant_id, tenant_id);
	rc = rc < 0 ? rc : read_mark(&res, &set->m[0], &set->stamp);
	set->n = rc > 0;
	while (rc > 0 && set->n < MARK_MAX) {
		rc = mark_query(&res, F_MARK | F_MARKS, tenant_id, sort, 0, &set->m[set->n - 1], every, 1);
		rc = rc < 0 ? rc : read_mark(&res, &set->m[set->n], &stamp);
		if (rc > 0 && stamp != set->stamp)
			return 0;	/* changed meanwhile: not valid */
		set->n += rc > 0;
	}
	if (rc < 0)
		return rc;
	/* the positions cover count cases exactly (the kept count the page
	 * uses): the last lies within count, and no position beyond it */
	set->valid = set->n > 0 && (set->n - 1) * every < count && set->n * every >= count;
	return 0;
}

/* The kept positions of the tenant's list in this order, read when missing
 * or dropped (no more often than MARK_REBUILD_SECONDS); NULL when there are
 * none to use. */
static struct mark_set *marks_of(long long tenant_id, int sort, long long count, int *err)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	struct mark_set *set = NULL, *oldest = &mark_sets[0];
	for (int i = 0; i < MARK_SETS && !set; i++) {
		struct mark_set *t = &mark_sets[i];
		if (t->m && t->tenant_id == tenant_id && t->sort == sort)
			set = t;
		else if (t->used_at < oldest->used_at || (!t->m && oldest->m))
			oldest = t;
	}
	*err = 0;
	if (set && set->valid && set->count == count) {
		set->used_at = now.tv_sec;
		return set;
	}
	if (set && now.tv_sec - set->read_at < MARK_REBUILD_SECONDS)
		return NULL;
	set = set ? set : oldest;
	set->used_at = set->read_at = now.tv_sec;
	int rc = read_marks(set, tenant_id, sort, count);
	/* the time cap: the page's own statement still has its chance */
	*err = rc == MM_DB_TIMEOUT ? 0 : rc;
	return rc == 0 && set->valid && set->count == count ? set : NULL;
}

/* Runs the statement from kept position m: the page (kind F_MARK) or the
 * keys at offset (F_MARK | F_MARKS). */
static int mark_query(struct mm_res *q, unsigned kind, long long tenant_id, int sort, int desc,
		      const struct mark *m, long long offset, long long limit)
{
	enum mark_shape shape = mark_shape_of(sort);
	unsigned key = kind | (shape == MARK_BY_TEXT && m->key_null ? F_MARK_NULL : 0);
	const char *sql = variant(key, sort, desc);
	if (!sql)
		return MM_DB_ERR;
	if (shape == MARK_BY_ID)
		return mm_db_query(q, sql, "iissiii", tenant_id, tenant_id, m->key, m->key, m->id,
				   offset, limit);
	if (shape == MARK_BY_STATUS) {
		/* the statuses after the kept one in the page's direction; ""
		 * (no case has it) fills the rest */
		const char *after[4] = { "", "", "", "" };
		int st = case_status_parse(m->key), n = 0;
		for (int i = 0; st >= 0 && i < CASE_NSTATUS; i++)
			if (desc ? i < st : i > st)
				after[n++] = case_status_name(i);
		return mm_db_query(q, sql, "iisssssttiii", tenant_id, tenant_id, after[0], after[1],
				   after[2], after[3], m->key, m->updated_at, m->updated_at, m->id,
				   offset, limit);
	}
	if (shape == MARK_BY_INT)
		return mm_db_query(q, sql, "iiiittiii", tenant_id, tenant_id, m->key_int, m->key_int,
				   m->updated_at, m->updated_at, m->id, offset, limit);
	if (shape == MARK_BY_TEXT && !m->key_null)
		return mm_db_query(q, sql, "iissttiii", tenant_id, tenant_id, m->key, m->key,
				   m->updated_at, m->updated_at, m->id, offset, limit);
	return mm_db_query(q, sql, "iittiii", tenant_id, tenant_id, m->updated_at, m->updated_at,
			   m->id, offset, limit);
}

/* The page at offset of a tenant's unfiltered list of count cases, from the
 * nearest kept position: 1 with *n rows in out, 0 when it does not apply
 * (the caller reads the page the ordinary way), < 0 on error. */
static int list_from_mark(long long tenant_id, unsigned own, int sort, int desc, long long offset,
			  long long limit, long long count, struct case_row *out, int *n)
{
	int err;
	struct mark_set *set = marks_of(tenant_id, sort, count, &err);
	if (!set)
		return err;
	/* kept position j is ascending position j × every; descending, the
	 * page's first row is ascending position count - 1 - offset */
	long long j, skip;
	if (!desc) {
		j = offset / set->every;
		skip = offset - j * set->every;
	} else {
		long long pos = count - 1 - offset;
		j = (pos + set->every - 1) / set->every;
		skip = j * set->every - pos;
	}
	if (j <= 0 || j >= set->n)
		return 0;
	struct mm_res res;
	long long stamp = -1;
	int rc = mark_query(&res, F_MARK | own, tenant_id, sort, desc, &set->m[j], skip, limit);
	rc = rc < 0 ? rc : read_list(&res, out, limit, &stamp);
	if (rc < 0)
		return rc;
	if (rc == 0 || stamp != set->stamp) {
		set->valid = 0;	/* changed since: dropped, read again later */
		return 0;
	}
	*n = rc;
	return 1;
}

int cases_db_count_marked(const struct case_scope *s, const struct case_filter *f, long long *n)
{
	int sort = f->sort >= 0 && f->sort < CASE_NSORT ? f->sort : CASE_SORT_UPDATED;
	if (s->tenant_id <= 0 || filter_key(s, f) != 0)
		return 0;
	for (int i = 0; i < MARK_SETS; i++) {
		const struct mark_set *t = &mark_sets[i];
		if (t->m && t->valid && t->tenant_id == s->tenant_id && t->sort == sort) {
			*n = t->count;
			return 1;
		}
	}
	return 0;
}

static int list_page(const struct case_scope *s, const struct case_filter *f, unsigned key,
		     int sort, int desc, long long offset, long long limit, struct case_row *out,
		     long long *stamp);

int cases_db_list(const struct case_scope *s, const struct case_filter *f, struct case_row *out)
{
	int sort = f->sort >= 0 && f->sort < CASE_NSORT ? f->sort : CASE_SORT_UPDATED;
	unsigned key = filter_key(s, f) & ~(unsigned)(F_MANY | F_ONE_TERM);	/* the count's only */
	long long offset = f->offset, limit = CASES_PAGE_SIZE;
	int desc = f->desc;
	/* A page nearer the end is read from the end: every order is total
	 * (it ends in the id) and a statement's reverse is the same statement
	 * with every direction turned, so the page is the reversed statement's
	 * rows counted from the other end, read backwards. The index walk then
	 * skips at most half the rows (the largest tenant's last page skipped
	 * its 40,000: 18-21 ms of server CPU). Only with an exact count. */
	int reversed = !f->matches_capped && f->matches > 0 && offset < f->matches &&
		       f->matches - offset - limit < offset;
	if (reversed) {
		limit = f->matches - offset < limit ? f->matches - offset : limit;
		offset = f->matches - offset - limit;
		desc = !desc;
	}
	int n = 0, rc = 0;
	if (key == 0 && !f->matches_capped && offset >= MARK_EVERY)
		rc = list_from_mark(s->tenant_id, own_tenant(s), sort, desc, offset, limit, f->matches,
				    out, &n);
	if (rc < 0)
		return rc;
	/* A count from the kept positions is confirmed by a page from them, or
	 * by the stamp read with the page the ordinary way (the last pages,
	 * read from the end) being still theirs */
	if (rc == 0 && f->matches_marked) {
		long long kept = -1, stamp = -2;
		for (int i = 0; i < MARK_SETS; i++)
			if (mark_sets[i].m && mark_sets[i].valid && mark_sets[i].tenant_id == s->tenant_id &&
			    mark_sets[i].sort == sort)
				kept = mark_sets[i].stamp;
		if (kept < 0 || key != 0)
			return CASES_RECOUNT;
		n = list_page(s, f, key | F_STAMP, sort, desc, offset, limit, out, &stamp);
		if (n >= 0 && (n == 0 || stamp != kept))
			return CASES_RECOUNT;
		rc = 1;
	}
	if (rc == 0)
		n = list_page(s, f, key, sort, desc, offset, limit, out, NULL);
	if (n < 0)
		return n;
	rc = complete_rows(s, out, n);
	if (rc < 0)
		return rc;
	for (int i = 0; reversed && i < n / 2; i++) {
		struct case_row t = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

/* The page the ordinary way (cases_db_list): rows or < 0. */
/* With F_STAMP in key, *stamp gets the tenant's list stamp. */
static int list_page(const struct case_scope *s, const struct case_filter *f, unsigned key,
		     int sort, int desc, long long offset, long long limit, struct case_row *out,
		     long long *stamp)
{
	/* A tenant's keyword that matches many cases: walking the cases in the
	 * list's order meets the page within the first few hundred (1-3 ms for
	 * a common word in the largest tenant, against 50-80 ms to scan the
	 * search rows, join every match and sort them). A capped count means
	 * many matches and a page within the first CASES_KEYWORD_COUNT_CAP.
	 * Few matches: the scan, bounded by the tenant's size. */
	/* Two common words together (「ＶＰＮ 遮断」: 536 matches; the rarest
	 * gram in 3,263 cases): joining and sorting every candidate read 3,263
	 * postings of the second gram, then the matches' cases (12.7 ms of
	 * server CPU for page 1), while walking the cases against the rarest
	 * gram's set meets page 1 after ~1,500 cases (3.7 ms). Only for the
	 * first quarter of at least 200 matches: the fewer the matches, the
	 * more cases the walk passes per match. */
	int sparse = (key & F_GRAMS) && f->grams.postings >= CASES_GRAMS_EXACT &&
		     !f->matches_capped && f->matches >= 200 && offset + limit <= f->matches / 4;
	if ((key & (F_KEYWORD | F_ALL)) == F_KEYWORD &&
	    (f->matches_capped || (f->matches > 1000 && offset < f->matches / 2) || sparse))
		key |= F_WALK;
	/* Past the first pages the walk looks up more cases than reading the
	 * rarest gram's set once costs (its ~2 ms for 6,000 postings pays
	 * back after ~1,800 cases walked, a common word's page 10 or so) */
	if ((key & (F_WALK | F_GRAMS)) == (F_WALK | F_GRAMS) && (offset >= CASES_DEEP_OFFSET || sparse))
		key |= F_DEEP;
	/* Only without filters: with one, the ids' statement tests it on the
	 * index entries alone (covering), while the page's statement reads each
	 * walked case's row first (a period filter, by case number descending:
	 * 109 rows read for 20) */
	if (offset == 0 && !(key & (CASE_FILTERS | F_KEYWORD | F_ALL)))
		key |= F_ZERO;
	const char *sql = variant(key | own_tenant(s), sort, desc);
	if (!sql)
		return MM_DB_ERR;
	struct mm_res res, *q = &res;
	int rc = key & F_DEEP ?
		 mm_db_query(q, sql, "ib" FILTER_TYPES "ii", s->tenant_id,
			     (const void *)f->grams.gram[0], (size_t)MM_NGRAM_BYTES, FILTER_ARGS(s, f),
			     offset, limit) :
		 tenant_only(key) && (key & F_STAMP) ?
		 mm_db_query(q, sql, "iiii", s->tenant_id, s->tenant_id, offset, limit) :
		 tenant_only(key) ?
		 mm_db_query(q, sql, "iii", s->tenant_id, offset, limit) :
		 key & F_STAMP ?
		 mm_db_query(q, sql, "i" FILTER_TYPES "ii", s->tenant_id, FILTER_ARGS(s, f), offset,
			     limit) :
		 mm_db_query(q, sql, FILTER_TYPES "ii", FILTER_ARGS(s, f), offset, limit);
	return rc < 0 ? rc : read_list(q, out, limit, key & F_STAMP ? stamp : NULL);
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

/* The case is of the tenant's current contract: its latest, as the points
 * periods take it (fcgi/points). The list shows and sorts the service name
 * through it (sql/036); a tenant without a contract leaves it NULL. */
static const char SQL_CREATE[] =
	"INSERT INTO cases (case_no, tenant_id, category_id, status, subject, description,"
	" contact_user_id, opened_by_user_id, version, created_at, updated_at, contract_id)"
	" VALUES (?, ?, ?, 'new', ?, ?, ?, ?, 1, ?, ?,"
	" (SELECT MAX(k.id) FROM contracts k WHERE k.tenant_id = ?))";
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
		rc = mm_db_exec(SQL_CREATE, "siissnitti", n->case_no, n->tenant_id, n->category_id,
				n->subject, n->description, n->contact_user_id, n->opened_by,
				n->now, n->now, n->tenant_id);
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
	if (rc >= 0)
		rc = mm_ngram_add(MM_NGRAM_CASES, n->tenant_id, n->id, mm_buf_str(&folded));
	mm_buf_free(&folded);
	return rc < 0 ? (int)rc : 0;
}

static const char SQL_CHANGE[] =
	"UPDATE cases SET version = version + 1, updated_at = ?, status = ?,"
	" assignee_user_id = IF(? < 0, assignee_user_id, NULLIF(?, 0)),"
	" closed_at = IF(? = 'closed', ?, closed_at)"
	" WHERE id = ? AND tenant_id = ? AND version = ? AND status = ?";
/* An internal note changes nothing the customer sees (CASE-8): neither the
 * version their next change is made against nor the time their list shows
 * and sorts by. It still names the version its author saw, and holds the
 * case row until it commits, so that it never lands on a case that was
 * closed meanwhile. */
static const char SQL_NOTE_LOCK[] =
	"SELECT id FROM cases WHERE id = ? AND tenant_id = ? AND version = ? AND status = ?"
	" FOR UPDATE";
static const char SQL_COMMENT_COUNT[] =
	"SELECT COUNT(*) FROM case_activity WHERE case_id = ? AND kind IN ('comment', 'note')";
static const char SQL_ACTIVITY_ADD[] =
	"INSERT INTO case_activity (case_id, tenant_id, author_user_id, kind, body,"
	" status_from, status_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

int cases_db_change(struct case_change *ch)
{
	const char *from = case_status_name(ch->status_from);
	const char *to = case_status_name(ch->status_to);
	long long n;
	if (strcmp(ch->kind, "note") == 0) {
		if (ch->status_from != ch->status_to || ch->assignee_id >= 0)
			return MM_DB_ERR;	/* a note changes nothing else */
		long long id;
		n = mm_db_get_int(&id, SQL_NOTE_LOCK, "iiis", ch->case_id, ch->tenant_id, ch->version,
				  from);
	} else {
		n = mm_db_exec(SQL_CHANGE, "tsiisTiiis", ch->now, to, ch->assignee_id,
			       ch->assignee_id, to, ch->now, ch->case_id, ch->tenant_id,
			       ch->version, from);
	}
	if (n < 0)
		return (int)n;
	if (n == 0)
		return 1;
	int status_changed = ch->status_from != ch->status_to;
	if (!status_changed && (strcmp(ch->kind, "comment") == 0 || strcmp(ch->kind, "note") == 0)) {
		/* counted with the case row held: comments of one case queue here */
		long long comments = 0;
		n = mm_db_get_int(&comments, SQL_COMMENT_COUNT, "i", ch->case_id);
		if (n < 0)
			return (int)n;
		if (comments >= CASES_MAX_COMMENTS)
			return CASES_FULL;
	}
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
	if (n >= 0)
		n = mm_ngram_add(MM_NGRAM_CASES, ch->tenant_id, ch->case_id, mm_buf_str(&folded));
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
		mm_copy_str(email, 255 * 4, mm_db_str(q, 0));
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

static const char SQL_TENANT_USER[] =
	"SELECT IF(disabled = 0, id, -1) FROM users WHERE tenant_id = ? AND login_id = ?";
static const char SQL_CATEGORY_SAVE[] =
	"UPDATE case_categories SET name_ja = ?, name_en = ?, hint_ja = ?, hint_en = ?,"
	" customer_selectable = ?, retired = ?, position = IF(? >= 0, ?, position) WHERE id = ?";
static const char SQL_CATEGORY_ADD[] =
	"INSERT INTO case_categories (code, position, name_ja, name_en, hint_ja, hint_en,"
	" customer_selectable, retired, created_at)"
	" SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ?, 0, ? FROM case_categories";

int cases_db_tenant_user(long long tenant_id, const char *login_id, long long *id)
{
	return mm_db_get_int(id, SQL_TENANT_USER, "is", tenant_id, login_id);
}

int cases_db_category_save(const struct case_category *k)
{
	long long n = mm_db_exec(SQL_CATEGORY_SAVE, "ssssiiiii", k->name_ja, k->name_en, k->hint_ja,
				 k->hint_en, (long long)k->customer_selectable,
				 (long long)k->retired, k->position, k->position, k->id);
	kept_count = -1;
	return n < 0 ? (int)n : n > 0;
}

int cases_db_category_add(const struct case_category *k, time_t now)
{
	long long n = mm_db_exec(SQL_CATEGORY_ADD, "sssssit", k->code, k->name_ja, k->name_en,
				 k->hint_ja, k->hint_en, (long long)k->customer_selectable, now);
	kept_count = -1;
	return n < 0 ? (int)n : 0;
}
