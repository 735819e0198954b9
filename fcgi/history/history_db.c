/* The login history's queries. Every statement is literal text; the sort
 * picks one of them (an ORDER BY cannot be a parameter), each served by an
 * index of sql/012 that starts with the tenant. */
#include "history.h"
#include <string.h>

/* Every column comes as text (the client library would format a DATETIME
 * or a BIGINT with sprintf per value: a sixth of an export's time). */
#define H_SELECT \
	"SELECT CAST(e.occurred_at AS CHAR), e.event, e.login_id, e.ip, e.user_agent," \
	" CAST(e.chain_id AS CHAR), CAST(e.chain_seq AS CHAR), CAST(e.user_id AS CHAR)," \
	" e.prev_hash, e.row_hash"
#define H_COLS H_SELECT " FROM auth_events e"
/* A tenant that holds most of the table makes the optimizer prefer a full
 * scan and a filesort: right for a page of 20 only with LIMIT, and for an
 * export it means no first byte until every row is sorted. Forced onto the
 * tenant's indexes, the rows come in the export's order as they are read. */
#define H_COLS_INDEXED H_SELECT " FROM auth_events e FORCE INDEX (auth_events_tenant_time," \
	" auth_events_tenant_event_time, auth_events_tenant_login_time)"
/* optional filters switch themselves off with their empty value */
#define H_WHERE \
	" WHERE e.tenant_id = ? AND (? = 0 OR e.user_id = ?)" \
	" AND (? = '' OR e.event = ?) AND (? = '' OR e.login_id = ?)" \
	" AND (? IS NULL OR e.occurred_at >= ?) AND (? IS NULL OR e.occurred_at < ?)"
#define H_TYPES "iiissssTTTT"
#define H_ARGS(f) (f)->tenant_id, (f)->user_id, (f)->user_id, (f)->event, (f)->event, \
	(f)->login_id, (f)->login_id, (f)->from, (f)->from, (f)->before, (f)->before

#define O_TIME_ASC " ORDER BY e.occurred_at, e.id"
#define O_TIME_DESC " ORDER BY e.occurred_at DESC, e.id DESC"
#define O_EVENT_ASC " ORDER BY e.event, e.occurred_at, e.id"
#define O_EVENT_DESC " ORDER BY e.event DESC, e.occurred_at DESC, e.id DESC"
#define O_USER_ASC " ORDER BY e.login_id, e.occurred_at, e.id"
#define O_USER_DESC " ORDER BY e.login_id DESC, e.occurred_at DESC, e.id DESC"

#define H_PAGE " LIMIT 20 OFFSET ?"
/* Deep pages (OFFSET ≥ HISTORY_DEFER_OFFSET): the skipped rows are read in
 * the index alone and only the page's 20 rows from the table (a plain
 * OFFSET reads every skipped row in full: 22 ms against 14 ms at offset
 * 5,000, while the join costs more than it saves on the first pages). */
#define H_DEFER(order) " JOIN (SELECT e.id FROM auth_events e" H_WHERE order H_PAGE ") k" \
	" ON k.id = e.id" order
/* an export may rightly run longer than a page's statement cap, but not
 * for ever: HISTORY_EXPORT_SECONDS */
#define H_EXPORT "SET STATEMENT max_statement_time = 300 FOR "

/* the export's count, under the export's cap (a large tenant's may take
 * longer than a page's statement may) */
static const char SQL_COUNT[] =
	H_EXPORT "SELECT COUNT(*) FROM auth_events e FORCE INDEX (auth_events_tenant_time,"
	" auth_events_tenant_event_time, auth_events_tenant_login_time)" H_WHERE;
/* a page counts no further than the limit it gives (the derived table
 * keeps the scan to that many index entries) */
static const char SQL_COUNT_UPTO[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM auth_events e" H_WHERE " LIMIT ?) n";

/* [sort][desc] */
static const char *const page_sql[HISTORY_NSORT][2] = {
	{ H_COLS H_WHERE O_TIME_ASC H_PAGE, H_COLS H_WHERE O_TIME_DESC H_PAGE },
	{ H_COLS H_WHERE O_EVENT_ASC H_PAGE, H_COLS H_WHERE O_EVENT_DESC H_PAGE },
	{ H_COLS H_WHERE O_USER_ASC H_PAGE, H_COLS H_WHERE O_USER_DESC H_PAGE },
};
static const char *const page_deep_sql[HISTORY_NSORT][2] = {
	{ H_COLS H_DEFER(O_TIME_ASC), H_COLS H_DEFER(O_TIME_DESC) },
	{ H_COLS H_DEFER(O_EVENT_ASC), H_COLS H_DEFER(O_EVENT_DESC) },
	{ H_COLS H_DEFER(O_USER_ASC), H_COLS H_DEFER(O_USER_DESC) },
};
static const char *const export_sql[HISTORY_NSORT][2] = {
	{ H_EXPORT H_COLS_INDEXED H_WHERE O_TIME_ASC, H_EXPORT H_COLS_INDEXED H_WHERE O_TIME_DESC },
	{ H_EXPORT H_COLS_INDEXED H_WHERE O_EVENT_ASC, H_EXPORT H_COLS_INDEXED H_WHERE O_EVENT_DESC },
	{ H_EXPORT H_COLS_INDEXED H_WHERE O_USER_ASC, H_EXPORT H_COLS_INDEXED H_WHERE O_USER_DESC },
};

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
	COPY(h->at_utc, 0);
	h->at = mm_db_parse_datetime(h->at_utc);
	COPY(h->event, 1);
	COPY(h->login_id, 2);
	COPY(h->ip, 3);
	COPY(h->user_agent, 4);
	h->chain_id = mm_db_int(q, 5);
	h->chain_seq = mm_db_int(q, 6);
	h->user_id = mm_db_int(q, 7);
	hex_of(q, 8, h->prev_hash);
	hex_of(q, 9, h->row_hash);
}

static int sort_of(const struct history_filter *f)
{
	return f->sort >= 0 && f->sort < HISTORY_NSORT ? f->sort : HISTORY_SORT_TIME;
}

int history_db_count(const struct history_filter *f, long long *n)
{
	int rc = mm_db_get_int(n, SQL_COUNT, H_TYPES, H_ARGS(f));
	return rc < 0 ? rc : 0;
}

int history_db_count_upto(const struct history_filter *f, long long limit, long long *n)
{
	int rc = mm_db_get_int(n, SQL_COUNT_UPTO, H_TYPES "i", H_ARGS(f), limit);
	return rc < 0 ? rc : 0;
}

int history_db_page(const struct history_filter *f, long long offset, struct history_row *out)
{
	int deep = offset >= HISTORY_DEFER_OFFSET;
	const char *sql = (deep ? page_deep_sql : page_sql)[sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, sql, H_TYPES "i", H_ARGS(f), offset);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < HISTORY_PAGE_SIZE && (rc = mm_db_next(q)) > 0)
		row_of(q, &out[n++]);
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int history_db_stream(const struct history_filter *f,
		      int (*fn)(void *ctx, const struct history_row *row), void *ctx)
{
	const char *sql = export_sql[sort_of(f)][f->desc ? 1 : 0];
	struct mm_res res, *q = &res;
	struct history_row row;
	int rc = mm_db_query_stream(q, sql, H_TYPES, H_ARGS(f));
	if (rc < 0)
		return rc;
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
