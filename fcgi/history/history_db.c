/* The login history's queries. Every statement is literal text; the
 * filter's shape and the sort pick one of them (an ORDER BY cannot be a
 * parameter), each served by an index of sql/012 or sql/028 that starts
 * with the tenant.
 *
 * A tenant's history is in two tables: the security events in auth_events,
 * the page views in page_views (sql/034, the same columns and one index
 * per filter shape). Every statement reads both, each table in the order
 * of its own index, with the same WHERE (both tables alias "e"): a page's
 * keys are the first offset + 20 of each, merged by the server, and its 20
 * rows are read by those keys; a count is the sum of two; an export in time
 * order merges the two tables here, chunk by chunk. Between the two tables rows of the same second come
 * security events first, then views, each table in its own order (id,
 * chain seq): src 0 / 1 and k in the merged order. */
#include "history.h"
#include <stdlib.h>
#include <string.h>

/* No function per row in the statement: the time and the numbers come in
 * their binary form (H_KINDS, mm_db_native), which neither side has to
 * format; the hashes come as bytes and are hexed here. */
#define H_SELECT \
	"SELECT e.occurred_at, e.event, e.login_id, e.ip, e.user_agent," \
	" e.chain_id, e.chain_seq, e.user_id, e.prev_hash, e.row_hash"
#define H_KINDS "tssssiiiss"
/* the same columns of a page view: its tenant is its chain */
#define V_SELECT \
	"SELECT e.occurred_at, e.event, e.login_id, e.ip, e.user_agent," \
	" e.tenant_id, e.chain_seq, e.user_id, e.prev_hash, e.row_hash"
/* The filter's shape picks the statement: a condition on a column, even
 * one switched off by its parameter ("? = 0 OR e.user_id = ?"), makes the
 * server read that column of every row, so a count could never be answered
 * from the index alone (a page's count of 221 rows touched 677 pages
 * instead of 3). Each optional filter is therefore either on the column or
 * a test of its parameters alone; both forms take the same parameters, so
 * every statement binds H_ARGS. The "off" form is chosen only when the
 * filter is empty, and is false otherwise: a wrong pick finds nothing. */
#define U_OFF " AND ? = 0 AND ? = 0"
#define U_ON " AND ? <> 0 AND e.user_id = ?"
#define E_OFF " AND ? = '' AND ? = ''"
#define E_ON " AND ? <> '' AND e.event = ?"
#define L_OFF " AND ? = '' AND ? = ''"
#define L_ON " AND ? <> '' AND e.login_id = ?"
#define H_TIME " AND (? IS NULL OR e.occurred_at >= ?) AND (? IS NULL OR e.occurred_at < ?)"
#define W(u, ev, l) " WHERE e.tenant_id = ?" u ev l H_TIME
/* The optimizer's own work is most of a page's statement: it estimates
 * every usable index by diving into it (0.2–0.5 ms against 0.05–0.1 ms of
 * reading). So a page's count names the one index that answers it
 * (I_*), and a page's rows leave out the indexes that cannot serve a page
 * (P_*): the chain's and the purge's, and without a user filter the user's. */
#define I_TIME " FORCE INDEX (auth_events_tenant_time)"
#define I_EVENT " FORCE INDEX (auth_events_tenant_event_time)"
#define I_LOGIN " FORCE INDEX (auth_events_tenant_login_time)"
#define I_USER " FORCE INDEX (auth_events_tenant_user_time)"
#define I_USER_EVENT " FORCE INDEX (auth_events_user_event)"	/* the tenant is read for matches only */
#define I_EVENT_LOGIN " USE INDEX (auth_events_tenant_event_time, auth_events_tenant_login_time)"
#define P_ANY " IGNORE INDEX (auth_events_chain, auth_events_time, auth_events_tenant_user_time)"
#define P_USER " IGNORE INDEX (auth_events_chain, auth_events_time)"
/* page_views: the same per shape, its primary key (the chain) left out of
 * every page */
#define VI_TIME " FORCE INDEX (page_views_tenant_time)"
#define VI_EVENT " FORCE INDEX (page_views_tenant_event_time)"
#define VI_LOGIN " FORCE INDEX (page_views_tenant_login_time)"
#define VI_USER " FORCE INDEX (page_views_tenant_user_time)"
#define VI_EVENT_LOGIN " USE INDEX (page_views_tenant_event_time, page_views_tenant_login_time)"
#define VP_ANY " IGNORE INDEX (PRIMARY, page_views_tenant_user_time)"
#define VP_USER " IGNORE INDEX (PRIMARY)"
/* [shape]: bit 1 user, 2 event, 4 login ID; X(count index, page hint, WHERE,
 * the same two of page_views) */
#define SHAPES(X) { X(I_TIME, P_ANY, W(U_OFF, E_OFF, L_OFF), VI_TIME, VP_ANY), \
	X(I_USER, P_USER, W(U_ON, E_OFF, L_OFF), VI_USER, VP_USER), \
	X(I_EVENT, P_ANY, W(U_OFF, E_ON, L_OFF), VI_EVENT, VP_ANY), \
	X(I_USER_EVENT, P_USER, W(U_ON, E_ON, L_OFF), VI_USER, VP_USER), \
	X(I_LOGIN, P_ANY, W(U_OFF, E_OFF, L_ON), VI_LOGIN, VP_ANY), \
	X(I_USER, P_USER, W(U_ON, E_OFF, L_ON), VI_USER, VP_USER), \
	X(I_EVENT_LOGIN, P_ANY, W(U_OFF, E_ON, L_ON), VI_EVENT_LOGIN, VP_ANY), \
	X(I_USER_EVENT, P_USER, W(U_ON, E_ON, L_ON), VI_USER, VP_USER) }
#define NSHAPES 8
#define H_TYPES "iiissssTTTT"
#define H_ARGS(f) (f)->tenant_id, (f)->user_id, (f)->user_id, (f)->event, (f)->event, \
	(f)->login_id, (f)->login_id, (f)->from, (f)->from, (f)->before, (f)->before

/* one table's order: its own tie-breaker (id, or the view's chain seq) */
#define O_TIME_ASC(k) " ORDER BY e.occurred_at, e." k
#define O_TIME_DESC(k) " ORDER BY e.occurred_at DESC, e." k " DESC"
#define O_EVENT_ASC(k) " ORDER BY e.event, e.occurred_at, e." k
#define O_EVENT_DESC(k) " ORDER BY e.event DESC, e.occurred_at DESC, e." k " DESC"
#define O_USER_ASC(k) " ORDER BY e.login_id, e.occurred_at, e." k
#define O_USER_DESC(k) " ORDER BY e.login_id DESC, e.occurred_at DESC, e." k " DESC"
/* the merged order of both, over the union's columns */
#define U_TIME_ASC " ORDER BY occurred_at, src, k"
#define U_TIME_DESC " ORDER BY occurred_at DESC, src DESC, k DESC"
#define U_EVENT_ASC " ORDER BY event, occurred_at, src, k"
#define U_EVENT_DESC " ORDER BY event DESC, occurred_at DESC, src DESC, k DESC"
#define U_USER_ASC " ORDER BY login_id, occurred_at, src, k"
#define U_USER_DESC " ORDER BY login_id DESC, occurred_at DESC, src DESC, k DESC"

/* Both tables, each in its order and cut at the limit given (first + vfirst
 * the SELECT … FROM of each, where the common WHERE), then in the merged
 * order: X(order of one table, merged order). */
#define UNION_OF(head, first, vfirst, where, ao, vo, uo, tail) \
	head "(" first where ao " LIMIT ?) UNION ALL (" vfirst where vo " LIMIT ?)" uo tail
#define U_SORTS(head, first, vfirst, where, tail) { \
	{ UNION_OF(head, first, vfirst, where, O_TIME_ASC("id"), O_TIME_ASC("chain_seq"), U_TIME_ASC, tail), \
	  UNION_OF(head, first, vfirst, where, O_TIME_DESC("id"), O_TIME_DESC("chain_seq"), U_TIME_DESC, tail) }, \
	{ UNION_OF(head, first, vfirst, where, O_EVENT_ASC("id"), O_EVENT_ASC("chain_seq"), U_EVENT_ASC, tail), \
	  UNION_OF(head, first, vfirst, where, O_EVENT_DESC("id"), O_EVENT_DESC("chain_seq"), U_EVENT_DESC, tail) }, \
	{ UNION_OF(head, first, vfirst, where, O_USER_ASC("id"), O_USER_ASC("chain_seq"), U_USER_ASC, tail), \
	  UNION_OF(head, first, vfirst, where, O_USER_DESC("id"), O_USER_DESC("chain_seq"), U_USER_DESC, tail) } }
#define H_PAGE " LIMIT 20 OFFSET ?"
/* an export may rightly run longer than a page's statement cap, but not
 * for ever: HISTORY_EXPORT_SECONDS */
#define H_EXPORT "SET STATEMENT max_statement_time = 300 FOR "
#define A_FIRST(hint) H_SELECT ", 0 AS src, e.id AS k FROM auth_events e" hint
#define V_FIRST(hint) V_SELECT ", 1, e.chain_seq FROM page_views e" hint
/* A tenant that holds most of the table makes the optimizer prefer a full
 * scan and a filesort: right for a page of 20 only with LIMIT, and for an
 * export it means no first byte until every row is sorted. Forced onto the
 * tenant's indexes, the rows come in the export's order as they are read. */
#define ALL_INDEXES " FORCE INDEX (auth_events_tenant_time, auth_events_tenant_event_time," \
	" auth_events_tenant_login_time, auth_events_tenant_user_time)"
#define V_ALL_INDEXES " FORCE INDEX (page_views_tenant_time, page_views_tenant_event_time," \
	" page_views_tenant_login_time, page_views_tenant_user_time)"

/* the export's count, under the export's cap (a large tenant's may take
 * longer than a page's statement may) */
#define COUNT_OF(index, hint, where, vindex, vhint) H_EXPORT \
	"SELECT (SELECT COUNT(*) FROM auth_events e" ALL_INDEXES where ")" \
	" + (SELECT COUNT(*) FROM page_views e" V_ALL_INDEXES where ")"
static const char *const count_sql[NSHAPES] = SHAPES(COUNT_OF);
/* a page counts no further than the limit it gives, in each table (the
 * derived tables keep each scan to that many index entries): a sum above
 * the limit is more than the limit, one below it exact */
#define COUNT_UPTO_OF(index, hint, where, vindex, vhint) \
	"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM auth_events e" index where " LIMIT ?) n)" \
	" + (SELECT COUNT(*) FROM (SELECT 1 FROM page_views e" vindex where " LIMIT ?) v)"
static const char *const count_upto_sql[NSHAPES] = SHAPES(COUNT_UPTO_OF);
/* The whole history of a large tenant, the page an admin opens first:
 * every row of the tenant is in its chain, each seq in one of the two
 * tables, so when the last `limit` seqs of the chain are all there, the
 * tenant has at least that many rows and nothing more need be counted.
 * That reads `limit` index entries in all (each seq in its one table) where
 * the count reads up to `limit` of each, and no temporary table. Seqs
 * missing among them (purged by age, a tenant with fewer rows) make the
 * page count its rows as any filter does. */
static const char SQL_CHAIN_TAIL[] =
	"SELECT (SELECT COUNT(*) FROM auth_events e FORCE INDEX (auth_events_chain)"
	"  WHERE e.chain_id = h.chain_id AND e.chain_seq > CAST(h.seq AS SIGNED) - ?)"
	" + (SELECT COUNT(*) FROM page_views e FORCE INDEX (PRIMARY)"
	"  WHERE e.tenant_id = h.chain_id AND e.chain_seq > CAST(h.seq AS SIGNED) - ?)"
	" FROM history_chains h WHERE h.chain_id = ?";

/* A page is a deferred join. Each table gives the keys of its first
 * offset + 20 rows in the page's order (the sort column, the time, the id
 * or chain seq: all in the index that serves the order, so the walk reads
 * no row); the server merges the two lists and keeps the page's 20 keys;
 * only those 20 rows are then read, by primary key, and only the columns
 * the page shows. The skipped rows of a deep page cost an index entry
 * each, not a row.
 *
 * Each (filter shape, sort) names the one index per table that yields its
 * order (an equality on the sort column makes the order the time's): the
 * optimizer then estimates nothing (its index dives were most of the
 * statement). Where no index yields the order (a customer user's rows by
 * event or user ID, event with user ID) and with a period (the time range
 * or the sort's index, whichever reads less), the optimizer chooses among
 * the indexes that can serve (P_ANY, P_USER). */
#define K_TIME " e.occurred_at"
#define K_EVENT " e.event, e.occurred_at"
#define K_USER " e.login_id, e.occurred_at"
#define A_KEYS(cols, hint) "SELECT" cols ", 0 AS src, e.id AS k FROM auth_events e" hint
#define V_KEYS(cols, hint) "SELECT" cols ", 1, e.chain_seq FROM page_views e" hint
/* the merged order, of the union's columns (p = "") or of the page's keys */
#define M_TIME_ASC(p) " ORDER BY " p "occurred_at, " p "src, " p "k"
#define M_TIME_DESC(p) " ORDER BY " p "occurred_at DESC, " p "src DESC, " p "k DESC"
#define M_EVENT_ASC(p) " ORDER BY " p "event, " p "occurred_at, " p "src, " p "k"
#define M_EVENT_DESC(p) " ORDER BY " p "event DESC, " p "occurred_at DESC, " p "src DESC, " p "k DESC"
#define M_USER_ASC(p) " ORDER BY " p "login_id, " p "occurred_at, " p "src, " p "k"
#define M_USER_DESC(p) " ORDER BY " p "login_id DESC, " p "occurred_at DESC, " p "src DESC, " p "k DESC"
/* the page's 20 keys, then their rows: a key finds its row in its own
 * table only (src), a view under the page's tenant */
#define DEFER(cols, ah, vh, where, ao, vo, mo) \
	"SELECT p.occurred_at, COALESCE(a.event, v.event), COALESCE(a.login_id, v.login_id)," \
	" COALESCE(a.ip, v.ip), COALESCE(a.user_agent, v.user_agent) FROM" \
	" ((" A_KEYS(cols, ah) where ao " LIMIT ?) UNION ALL (" V_KEYS(cols, vh) where vo " LIMIT ?)" \
	mo("") " LIMIT 20 OFFSET ?) p" \
	" LEFT JOIN auth_events a ON p.src = 0 AND a.id = p.k" \
	" LEFT JOIN page_views v ON p.src = 1 AND v.tenant_id = ? AND v.chain_seq = p.k" mo("p.")
#define D_TIME(ah, vh, where) { \
	DEFER(K_TIME, ah, vh, where, O_TIME_ASC("id"), O_TIME_ASC("chain_seq"), M_TIME_ASC), \
	DEFER(K_TIME, ah, vh, where, O_TIME_DESC("id"), O_TIME_DESC("chain_seq"), M_TIME_DESC) }
#define D_EVENT(ah, vh, where) { \
	DEFER(K_EVENT, ah, vh, where, O_EVENT_ASC("id"), O_EVENT_ASC("chain_seq"), M_EVENT_ASC), \
	DEFER(K_EVENT, ah, vh, where, O_EVENT_DESC("id"), O_EVENT_DESC("chain_seq"), M_EVENT_DESC) }
#define D_USER(ah, vh, where) { \
	DEFER(K_USER, ah, vh, where, O_USER_ASC("id"), O_USER_ASC("chain_seq"), M_USER_ASC), \
	DEFER(K_USER, ah, vh, where, O_USER_DESC("id"), O_USER_DESC("chain_seq"), M_USER_DESC) }
/* [shape][sort][desc] without a period: the index of each sort, per table */
#define D_SHAPE(where, at, vt, ae, ve, al, vl) \
	{ D_TIME(at, vt, where), D_EVENT(ae, ve, where), D_USER(al, vl, where) }
static const char *const page_sql[NSHAPES][HISTORY_NSORT][2] = {
	D_SHAPE(W(U_OFF, E_OFF, L_OFF), I_TIME, VI_TIME, I_EVENT, VI_EVENT, I_LOGIN, VI_LOGIN),
	D_SHAPE(W(U_ON, E_OFF, L_OFF), I_USER, VI_USER, P_USER, VP_USER, P_USER, VP_USER),
	D_SHAPE(W(U_OFF, E_ON, L_OFF), I_EVENT, VI_EVENT, I_EVENT, VI_EVENT, P_ANY, VP_ANY),
	D_SHAPE(W(U_ON, E_ON, L_OFF), I_USER_EVENT, VI_USER, I_USER_EVENT, VI_USER, P_USER, VP_USER),
	D_SHAPE(W(U_OFF, E_OFF, L_ON), I_LOGIN, VI_LOGIN, P_ANY, VP_ANY, I_LOGIN, VI_LOGIN),
	D_SHAPE(W(U_ON, E_OFF, L_ON), I_USER, VI_USER, P_USER, VP_USER, I_USER, VI_USER),
	D_SHAPE(W(U_OFF, E_ON, L_ON), I_EVENT_LOGIN, VI_EVENT_LOGIN, I_EVENT_LOGIN, VI_EVENT_LOGIN,
		I_EVENT_LOGIN, VI_EVENT_LOGIN),
	D_SHAPE(W(U_ON, E_ON, L_ON), I_USER_EVENT, VI_USER, I_USER_EVENT, VI_USER, I_USER_EVENT, VI_USER),
};
/* with a period: the time's index for the time order, a choice otherwise */
#define PERIOD_OF(index, hint, where, vindex, vhint) \
	{ D_TIME(index, vindex, where), D_EVENT(hint, vhint, where), D_USER(hint, vhint, where) }
static const char *const period_page_sql[NSHAPES][HISTORY_NSORT][2] = SHAPES(PERIOD_OF);
/* Exports sorted by event or user: both tables merged and sorted by the
 * server, streamed (the sort is the server's, in its temporary files) */
#define EXPORT_OF(index, hint, where, vindex, vhint) \
	U_SORTS(H_EXPORT, A_FIRST(ALL_INDEXES), V_FIRST(V_ALL_INDEXES), where, "")
static const char *const export_sql[NSHAPES][HISTORY_NSORT][2] = SHAPES(EXPORT_OF);
/* Exports in time order, the usual case and the large one: each table read
 * in chunks of EXPORT_CHUNK rows after the last row read from it (its own
 * index order, no sort), merged here: memory stays at two chunks (about
 * 2 MiB each in the client library). */
#define EXPORT_CHUNK 5000
#define K_ASC(k) " AND (e.occurred_at > ? OR (e.occurred_at = ? AND e." k " > ?))"
#define K_DESC(k) " AND (e.occurred_at < ? OR (e.occurred_at = ? AND e." k " < ?))"
/* each shape's count index also holds its rows in time order (the time
 * follows the filter's columns, the id or seq the time): a chunk names it,
 * and the optimizer, run once per chunk, estimates nothing else */
#define CHUNK_OF(index, hint, where, vindex, vhint) { \
	{ H_EXPORT A_FIRST(index) where K_ASC("id") O_TIME_ASC("id") " LIMIT 5000", \
	  H_EXPORT A_FIRST(index) where K_DESC("id") O_TIME_DESC("id") " LIMIT 5000" }, \
	{ H_EXPORT V_FIRST(vindex) where K_ASC("chain_seq") O_TIME_ASC("chain_seq") " LIMIT 5000", \
	  H_EXPORT V_FIRST(vindex) where K_DESC("chain_seq") O_TIME_DESC("chain_seq") " LIMIT 5000" } }
/* [shape][table][desc] */
static const char *const chunk_sql[NSHAPES][2][2] = SHAPES(CHUNK_OF);

static const char SQL_SLOTS[] =
	"SELECT slot_no, tenant_id, lease_until > ? FROM history_export_slots"
	" WHERE slot_no <= ? ORDER BY slot_no FOR UPDATE";
static const char SQL_SLOT_TAKE[] =
	"UPDATE history_export_slots SET tenant_id = ?, holder = ?, lease_until = ?"
	" WHERE slot_no = ?";
static const char SQL_SLOT_FREE[] =
	"UPDATE history_export_slots SET tenant_id = NULL, holder = NULL,"
	" lease_until = '2000-01-01 00:00:00' WHERE slot_no = ? AND holder = ?";

#define COPY(dst, col) mm_copy_str(dst, sizeof dst, mm_db_str(q, col))

/* A hash column in lower-case hex ("" when NULL): done here rather than
 * with LOWER(HEX()) in the server, which is what an export waits for. */
static void hex_of(const struct mm_res *q, unsigned col, char out[65])
{
	const unsigned char *p = (const unsigned char *)mm_db_str(q, col);
	size_t len = mm_db_len(q, col);
	mm_hex_encode(p, p && len == 32 ? 32 : 0, out);
}

static void row_of(const struct mm_res *q, struct history_row *h)
{
	h->at = mm_db_datetime(q, 0, h->at_utc);
	COPY(h->event, 1);
	COPY(h->login_id, 2);
	COPY(h->ip, 3);
	COPY(h->user_agent, 4);
	h->chain_id = mm_db_i64(q, 5);
	h->chain_seq = mm_db_i64(q, 6);
	h->user_id = mm_db_i64(q, 7);
	hex_of(q, 8, h->prev_hash);
	hex_of(q, 9, h->row_hash);
}

static int shape_of(const struct history_filter *f)
{
	return (f->user_id ? 1 : 0) | (*f->event ? 2 : 0) | (*f->login_id ? 4 : 0);
}

static int sort_of(const struct history_filter *f)
{
	return f->sort >= 0 && f->sort < HISTORY_NSORT ? f->sort : HISTORY_SORT_TIME;
}

int history_db_count(const struct history_filter *f, long long *n)
{
	const char *sql = count_sql[shape_of(f)];
	int rc = mm_db_get_int(n, sql, H_TYPES H_TYPES, H_ARGS(f), H_ARGS(f));
	return rc < 0 ? rc : 0;
}

int history_db_count_upto(const struct history_filter *f, long long limit, long long *n)
{
	if (shape_of(f) == 0 && !f->from && !f->before && f->tenant_id > 0) {
		long long tail = 0;
		int rc = mm_db_get_int(&tail, SQL_CHAIN_TAIL, "iii", limit, limit, f->tenant_id);
		if (rc < 0)
			return rc;
		if (rc == 1 && tail >= limit) {
			*n = limit;
			return 0;
		}
	}
	const char *sql = count_upto_sql[shape_of(f)];
	int rc = mm_db_get_int(n, sql, H_TYPES "i" H_TYPES "i", H_ARGS(f), limit, H_ARGS(f), limit);
	return rc < 0 ? rc : 0;
}

int history_db_page(const struct history_filter *f, long long offset, struct history_row *out)
{
	const char *const (*sqls)[HISTORY_NSORT][2] = f->from || f->before ? period_page_sql : page_sql;
	const char *sql = sqls[shape_of(f)][sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	long long limit = offset + HISTORY_PAGE_SIZE;
	int rc = mm_db_query(q, sql, H_TYPES "i" H_TYPES "iii", H_ARGS(f), limit, H_ARGS(f), limit,
			     offset, f->tenant_id);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_native(q, "tssss")) < 0) {
		mm_db_done(q);
		return rc;
	}
	int n = 0;
	while (n < HISTORY_PAGE_SIZE && (rc = mm_db_next(q)) > 0) {
		struct history_row *h = &out[n++];
		h->at = mm_db_datetime(q, 0, h->at_utc);
		COPY(h->event, 1);
		COPY(h->login_id, 2);
		COPY(h->ip, 3);
		COPY(h->user_agent, 4);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

/* One table of a time-ordered export: its current chunk and where the
 * next one starts. */
struct side {
	struct mm_res q;
	int open, done;
	long long got;			/* rows of the current chunk */
	int have;			/* row holds the next row of this table */
	struct history_row row;
	long long k;			/* its id or chain seq */
};

/* The side's next row into s->row (1), none left (0), or an error. */
static int side_next(const struct history_filter *f, int table, struct side *s)
{
	static const time_t first[2] = { 0, 253402300799 };	/* 1970, 9999-12-31 23:59:59 */
	static const long long first_k[2] = { 0, 0x7fffffffffffffffLL };
	for (;;) {
		if (s->open) {
			int rc = mm_db_next(&s->q);
			if (rc > 0) {
				row_of(&s->q, &s->row);
				s->k = mm_db_i64(&s->q, 11);
				s->got++;
				return s->have = 1;
			}
			mm_db_done(&s->q);
			s->open = 0;
			if (rc < 0)
				return rc;
			if (s->got < EXPORT_CHUNK)
				s->done = 1;
		}
		if (s->done)
			return s->have = 0;
		/* after the last row read, or from the start */
		int desc = f->desc ? 1 : 0, started = s->got > 0;
		time_t at = started ? s->row.at : first[desc];
		long long k = started ? s->k : first_k[desc];
		const char *sql = chunk_sql[shape_of(f)][table][desc];
		int rc = mm_db_query(&s->q, sql, H_TYPES "tti", H_ARGS(f), at, at, k);
		if (rc < 0)
			return rc;
		if ((rc = mm_db_native(&s->q, H_KINDS "ii")) < 0) {
			mm_db_done(&s->q);
			return rc;
		}
		s->open = 1;
		s->got = 0;
	}
}

/* 1 when the auth_events row a goes before the page view b in the export:
 * equal times put security events first (ascending; last descending) */
static int auth_first(const struct history_row *a, const struct history_row *b, int desc)
{
	return desc ? a->at > b->at : a->at <= b->at;
}

static int stream_by_time(const struct history_filter *f,
			  int (*fn)(void *ctx, const struct history_row *row), void *ctx)
{
	struct side *sides = calloc(2, sizeof *sides);	/* a row each: 2 × 1.6 KiB */
	if (!sides)
		return MM_DB_ERR;
	int rc = side_next(f, 0, &sides[0]);
	if (rc >= 0)
		rc = side_next(f, 1, &sides[1]);
	while (rc >= 0 && (sides[0].have || sides[1].have)) {
		int t = !sides[1].have ? 0 : !sides[0].have ? 1
			: auth_first(&sides[0].row, &sides[1].row, f->desc) ? 0 : 1;
		if ((rc = fn(ctx, &sides[t].row)) < 0)
			break;
		rc = side_next(f, t, &sides[t]);
	}
	for (int t = 0; t < 2; t++)
		if (sides[t].open)
			mm_db_done(&sides[t].q);
	free(sides);
	return rc < 0 ? rc : 0;
}

int history_db_stream(const struct history_filter *f,
		      int (*fn)(void *ctx, const struct history_row *row), void *ctx)
{
	if (sort_of(f) == HISTORY_SORT_TIME)
		return stream_by_time(f, fn, ctx);
	const char *sql = export_sql[shape_of(f)][sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	struct history_row row;
	/* no limit on either table: every row goes */
	long long all = 0x7fffffffffffffffLL;
	int rc = mm_db_query_stream(q, sql, H_TYPES "i" H_TYPES "i", H_ARGS(f), all, H_ARGS(f), all);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_native(q, H_KINDS "ii")) < 0) {
		mm_db_done(q);
		return rc;
	}
	while ((rc = mm_db_next(q)) > 0) {
		row_of(q, &row);
		if ((rc = fn(ctx, &row)) < 0)
			break;
	}
	mm_db_done(q);	/* stopped early: the connection goes, and the query with it */
	return rc;
}

struct slot_claim {
	long long tenant_id;
	int cap, per_tenant, slot;
	time_t now, lease_until;
	const unsigned char *holder;
};

static int slot_claim_tx(void *ctx)
{
	struct slot_claim *c = ctx;
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_SLOTS, "ti", c->now, (long long)c->cap);
	if (rc < 0)
		return rc;
	int free_slot = 0, tenant_busy = 0;
	while ((rc = mm_db_next(q)) > 0) {
		int active = mm_db_int(q, 2) != 0;
		if (!active && !free_slot)
			free_slot = (int)mm_db_int(q, 0);
		if (active && mm_db_int(q, 1) == c->tenant_id)
			tenant_busy++;
	}
	mm_db_done(q);
	if (rc < 0)
		return rc;
	c->slot = 0;
	if (!free_slot || tenant_busy >= c->per_tenant)
		return 0;
	long long n = mm_db_exec(SQL_SLOT_TAKE, "ibti", c->tenant_id, c->holder, (size_t)16,
				 c->lease_until, (long long)free_slot);
	if (n < 0)
		return (int)n;
	c->slot = free_slot;
	return 0;
}

int history_db_slot_claim(long long tenant_id, int cap, int per_tenant, time_t now,
			  time_t lease_until, const unsigned char holder[16], int *slot)
{
	struct slot_claim c = { tenant_id, cap, per_tenant, 0, now, lease_until, holder };
	int rc = mm_db_transaction(slot_claim_tx, &c);
	if (rc < 0)
		return rc;
	*slot = c.slot;
	return c.slot > 0;
}

int history_db_slot_release(int slot, const unsigned char holder[16])
{
	long long n = mm_db_exec(SQL_SLOT_FREE, "ib", (long long)slot, holder, (size_t)16);
	return n < 0 ? (int)n : 0;
}
