/* The login history's queries. Every statement is literal text; the
 * filter's shape and the sort pick one of them (an ORDER BY cannot be a
 * parameter), each served by an index of sql/012 or sql/028 that starts
 * with the tenant. */
#include "history.h"
#include <string.h>

/* No function per row in the statement: the time and the numbers come in
 * their binary form (H_KINDS, mm_db_native), which neither side has to
 * format; the hashes come as bytes and are hexed here. */
#define H_SELECT \
	"SELECT e.occurred_at, e.event, e.login_id, e.ip, e.user_agent," \
	" e.chain_id, e.chain_seq, e.user_id, e.prev_hash, e.row_hash"
#define H_KINDS "tssssiiiss"
#define H_COLS H_SELECT " FROM auth_events e"
/* A tenant that holds most of the table makes the optimizer prefer a full
 * scan and a filesort: right for a page of 20 only with LIMIT, and for an
 * export it means no first byte until every row is sorted. Forced onto the
 * tenant's indexes, the rows come in the export's order as they are read. */
#define H_COLS_INDEXED H_SELECT " FROM auth_events e FORCE INDEX (auth_events_tenant_time," \
	" auth_events_tenant_event_time, auth_events_tenant_login_time, auth_events_tenant_user_time)"

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
/* [shape]: bit 1 user, 2 event, 4 login ID; X(count index, page hint, WHERE) */
#define SHAPES(X) { X(I_TIME, P_ANY, W(U_OFF, E_OFF, L_OFF)), \
	X(I_USER, P_USER, W(U_ON, E_OFF, L_OFF)), X(I_EVENT, P_ANY, W(U_OFF, E_ON, L_OFF)), \
	X(I_USER_EVENT, P_USER, W(U_ON, E_ON, L_OFF)), X(I_LOGIN, P_ANY, W(U_OFF, E_OFF, L_ON)), \
	X(I_USER, P_USER, W(U_ON, E_OFF, L_ON)), X(I_EVENT_LOGIN, P_ANY, W(U_OFF, E_ON, L_ON)), \
	X(I_USER_EVENT, P_USER, W(U_ON, E_ON, L_ON)) }
#define NSHAPES 8
#define H_TYPES "iiissssTTTT"
#define H_ARGS(f) (f)->tenant_id, (f)->user_id, (f)->user_id, (f)->event, (f)->event, \
	(f)->login_id, (f)->login_id, (f)->from, (f)->from, (f)->before, (f)->before

#define O_TIME_ASC " ORDER BY e.occurred_at, e.id"
#define O_TIME_DESC " ORDER BY e.occurred_at DESC, e.id DESC"
#define O_EVENT_ASC " ORDER BY e.event, e.occurred_at, e.id"
#define O_EVENT_DESC " ORDER BY e.event DESC, e.occurred_at DESC, e.id DESC"
#define O_USER_ASC " ORDER BY e.login_id, e.occurred_at, e.id"
#define O_USER_DESC " ORDER BY e.login_id DESC, e.occurred_at DESC, e.id DESC"
/* [sort][desc] of one shape */
#define SORTS(head, where, tail) { \
	{ head where O_TIME_ASC tail, head where O_TIME_DESC tail }, \
	{ head where O_EVENT_ASC tail, head where O_EVENT_DESC tail }, \
	{ head where O_USER_ASC tail, head where O_USER_DESC tail } }

#define H_PAGE " LIMIT 20 OFFSET ?"
/* Deep pages (OFFSET ≥ HISTORY_DEFER_OFFSET): the skipped rows are read in
 * the index alone and only the page's 20 rows from the table (a plain
 * OFFSET reads every skipped row in full: 22 ms against 14 ms at offset
 * 5,000, while the join costs more than it saves on the first pages). */
#define DEFER_SORTS(index, hint, where) { \
	{ H_COLS H_DEFER(hint where, O_TIME_ASC), H_COLS H_DEFER(hint where, O_TIME_DESC) }, \
	{ H_COLS H_DEFER(hint where, O_EVENT_ASC), H_COLS H_DEFER(hint where, O_EVENT_DESC) }, \
	{ H_COLS H_DEFER(hint where, O_USER_ASC), H_COLS H_DEFER(hint where, O_USER_DESC) } }
#define H_DEFER(where, order) " JOIN (SELECT e.id FROM auth_events e" where order H_PAGE ") k" \
	" ON k.id = e.id" order
/* an export may rightly run longer than a page's statement cap, but not
 * for ever: HISTORY_EXPORT_SECONDS */
#define H_EXPORT "SET STATEMENT max_statement_time = 300 FOR "

/* the export's count, under the export's cap (a large tenant's may take
 * longer than a page's statement may) */
#define COUNT_OF(index, hint, where) H_EXPORT "SELECT COUNT(*) FROM auth_events e FORCE INDEX" \
	" (auth_events_tenant_time, auth_events_tenant_event_time, auth_events_tenant_login_time," \
	" auth_events_tenant_user_time)" where
static const char *const count_sql[NSHAPES] = SHAPES(COUNT_OF);
/* a page counts no further than the limit it gives (the derived table
 * keeps the scan to that many index entries) */
#define COUNT_UPTO_OF(index, hint, where) \
	"SELECT COUNT(*) FROM (SELECT 1 FROM auth_events e" index where " LIMIT ?) n"
static const char *const count_upto_sql[NSHAPES] = SHAPES(COUNT_UPTO_OF);

/* [shape][sort][desc] */
#define PAGE_OF(index, hint, where) SORTS(H_COLS hint, where, H_PAGE)
static const char *const page_sql[NSHAPES][HISTORY_NSORT][2] = SHAPES(PAGE_OF);
static const char *const page_deep_sql[NSHAPES][HISTORY_NSORT][2] = SHAPES(DEFER_SORTS);
#define EXPORT_OF(index, hint, where) SORTS(H_EXPORT H_COLS_INDEXED, where, "")
static const char *const export_sql[NSHAPES][HISTORY_NSORT][2] = SHAPES(EXPORT_OF);

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
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)mm_db_str(q, col);
	size_t len = mm_db_len(q, col);
	if (!p || len != 32)
		len = 0;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
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
	int rc = mm_db_get_int(n, sql, H_TYPES, H_ARGS(f));
	return rc < 0 ? rc : 0;
}

int history_db_count_upto(const struct history_filter *f, long long limit, long long *n)
{
	const char *sql = count_upto_sql[shape_of(f)];
	int rc = mm_db_get_int(n, sql, H_TYPES "i", H_ARGS(f), limit);
	return rc < 0 ? rc : 0;
}

int history_db_page(const struct history_filter *f, long long offset, struct history_row *out)
{
	int deep = offset >= HISTORY_DEFER_OFFSET;
	const char *sql = (deep ? page_deep_sql : page_sql)[shape_of(f)][sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, sql, H_TYPES "i", H_ARGS(f), offset);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_native(q, H_KINDS)) < 0) {
		mm_db_done(q);
		return rc;
	}
	int n = 0;
	while (n < HISTORY_PAGE_SIZE && (rc = mm_db_next(q)) > 0)
		row_of(q, &out[n++]);
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int history_db_stream(const struct history_filter *f,
		      int (*fn)(void *ctx, const struct history_row *row), void *ctx)
{
	const char *sql = export_sql[shape_of(f)][sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	struct history_row row;
	int rc = mm_db_query_stream(q, sql, H_TYPES, H_ARGS(f));
	if (rc < 0)
		return rc;
	if ((rc = mm_db_native(q, H_KINDS)) < 0) {
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
