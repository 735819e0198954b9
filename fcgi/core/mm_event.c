/* AUTH-11 event recording: the rows behind the login history (§8). Each
 * row is appended to the hash chain of its tenant (HIST-3, mm_chain.h):
 * the chain head is locked FOR UPDATE inside the inserting transaction, so
 * appends of one tenant queue behind each other while other tenants'
 * proceed. */
#include "mm.h"
#include "mm_chain.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SQL_EVENT_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent, chain_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
/* with it, whether unchained rows wait to be sealed (page views written
 * before sql/034): an index probe, and two statements less per append
 * when, as from then on, none do */
static const char SQL_CHAIN_HEAD[] =
	"SELECT h.seq, h.head_hash, EXISTS (SELECT 1 FROM auth_events e WHERE e.chain_id = h.chain_id"
	" AND e.chain_seq IS NULL AND (e.chain_id > 0 OR e.tenant_id IS NULL))"
	" FROM history_chains h WHERE h.chain_id = ? FOR UPDATE";
static const char SQL_CHAIN_START[] =
	"INSERT INTO history_chains (chain_id, seq, head_hash, updated_at) VALUES (?, 0, ?, ?)";
static const char SQL_CHAIN_EVENT_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent, chain_id, chain_seq, prev_hash, row_hash)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* Page views written before sql/034 are rows of auth_events without the
 * chain (chain_seq NULL), sealed into it by the next append to their
 * chain: numbered in id order, then hashed in the server, the running hash
 * in a session variable (the canonical encoding of mm_chain.h, computed in
 * SQL). New views go to page_views, chained when written. */
static const char SQL_SEAL_NUMBER_START[] = "SET @mm_chain_seq = ?";
static const char SQL_SEAL_NUMBER[] =
	"UPDATE auth_events SET chain_seq = (@mm_chain_seq := @mm_chain_seq + 1)"
	" WHERE chain_id = ? AND chain_seq IS NULL AND (chain_id > 0 OR tenant_id IS NULL)"
	" ORDER BY id";
static const char SQL_SEAL_HASH_START[] = "SET @mm_chain_hash = ?";
/* prev_hash is assigned before the variable moves on: single-table UPDATE
 * assignments run left to right, row by row in the ORDER BY */
static const char SQL_SEAL_HASH[] =
	"UPDATE auth_events SET prev_hash = @mm_chain_hash,"
	" row_hash = (@mm_chain_hash := UNHEX(SHA2(CONCAT(@mm_chain_hash,"
	"  LENGTH(chain_id), ':', chain_id, ',', LENGTH(chain_seq), ':', chain_seq, ',',"
	"  '19:', CAST(occurred_at AS CHAR), ',',"
	"  LENGTH(COALESCE(user_id, 0)), ':', COALESCE(user_id, 0), ',',"
	"  LENGTH(login_id), ':', login_id, ',', LENGTH(event), ':', event, ',',"
	"  LENGTH(ip), ':', ip, ',', LENGTH(user_agent), ':', user_agent, ','), 256)))"
	" WHERE chain_id = ? AND chain_seq > ? ORDER BY chain_seq";
static const char SQL_SEAL_HEAD[] = "SELECT @mm_chain_hash";
/* the hashes as hex: array binding has no binary type, and UNHEX of 64
 * characters is cheaper than a statement per row */
static const char SQL_VIEW_INSERT[] =
	"INSERT INTO page_views (tenant_id, chain_seq, occurred_at, user_id, login_id, event, ip,"
	" user_agent, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UNHEX(?), UNHEX(?))";
/* The heads of a flush's chains (a JSON array of ids, ascending), locked
 * in that order: the ids drive the join, each head read on its key (on a
 * small table the planner would rather scan it, locking every head). */
static const char SQL_CHAIN_HEADS[] =
	"SELECT h.chain_id, h.seq, h.head_hash, EXISTS (SELECT 1 FROM auth_events e"
	" WHERE e.chain_id = h.chain_id AND e.chain_seq IS NULL"
	" AND (e.chain_id > 0 OR e.tenant_id IS NULL))"
	" FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j"
	" STRAIGHT_JOIN history_chains h FORCE INDEX (PRIMARY) ON h.chain_id = j.id FOR UPDATE";
static const char SQL_CHAIN_ADVANCE_HEX[] =
	"UPDATE history_chains SET seq = ?, head_hash = UNHEX(?), updated_at = ? WHERE chain_id = ?";
static const char SQL_CHAIN_ADVANCE[] =
	"UPDATE history_chains SET seq = ?, head_hash = ?, updated_at = ? WHERE chain_id = ?";

/* The head of chain_id, locked until the transaction ends, and whether
 * rows wait to be sealed into it (seal_pending); a chain seen for the first
 * time is created (a parallel creator makes the insert fail with a
 * duplicate key after it committed: the head is then read again). */
static int chain_head(long long chain_id, time_t now, long long *seq,
		      unsigned char head[MM_CHAIN_HASH], int *pending)
{
	static const unsigned char zero[MM_CHAIN_HASH];
	for (int attempt = 0; attempt < 2; attempt++) {
		struct mm_res res;
		int rc = mm_db_query(&res, SQL_CHAIN_HEAD, "i", chain_id);
		if (rc < 0)
			return rc;
		rc = mm_db_next(&res);
		if (rc == 1) {
			*seq = mm_db_int(&res, 0);
			*pending = mm_db_int(&res, 2) != 0;
			int ok = mm_db_len(&res, 1) == MM_CHAIN_HASH;
			if (ok)
				memcpy(head, mm_db_str(&res, 1), MM_CHAIN_HASH);
			mm_db_done(&res);
			return ok ? 0 : MM_DB_ERR;
		}
		mm_db_done(&res);
		if (rc < 0)
			return rc;
		long long n = mm_db_exec(SQL_CHAIN_START, "ibt", chain_id, zero,
					 (size_t)MM_CHAIN_HASH, now);
		if (n == MM_DB_DUP)
			continue;
		if (n < 0)
			return (int)n;
		*seq = 0;
		*pending = 1;
		memcpy(head, zero, MM_CHAIN_HASH);
		return 0;
	}
	return MM_DB_RETRY;
}

struct append {
	struct mm_chain_row row;
};

/* Seals the page views of the chain still waiting (the head is locked by
 * the caller): seq and head move on past them. */
static int seal_pending(long long chain_id, long long *seq, unsigned char head[MM_CHAIN_HASH])
{
	if (mm_db_exec(SQL_SEAL_NUMBER_START, "i", *seq) < 0)
		return MM_DB_ERR;
	long long n = mm_db_exec(SQL_SEAL_NUMBER, "i", chain_id);
	if (n <= 0)
		return n < 0 ? (int)n : 0;
	if (mm_db_exec(SQL_SEAL_HASH_START, "b", head, (size_t)MM_CHAIN_HASH) < 0 ||
	    mm_db_exec(SQL_SEAL_HASH, "ii", chain_id, *seq) < 0)
		return MM_DB_ERR;
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_SEAL_HEAD, "");
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	int ok = rc == 1 && mm_db_len(&res, 0) == MM_CHAIN_HASH;
	if (ok)
		memcpy(head, mm_db_str(&res, 0), MM_CHAIN_HASH);
	mm_db_done(&res);
	if (!ok)
		return rc < 0 ? rc : MM_DB_ERR;
	*seq += n;
	return 0;
}

static int append_tx(void *ctx)
{
	struct append *a = ctx;
	unsigned char prev[MM_CHAIN_HASH], hash[MM_CHAIN_HASH];
	long long seq = 0;
	int pending = 0;
	int rc = chain_head(a->row.chain_id, a->row.occurred_at, &seq, prev, &pending);
	if (rc == 0 && pending)
		rc = seal_pending(a->row.chain_id, &seq, prev);
	if (rc < 0)
		return rc;
	a->row.seq = seq + 1;
	mm_chain_hash(prev, &a->row, hash);
	long long n = mm_db_exec(SQL_CHAIN_EVENT_INSERT, "tnnssssiibb", a->row.occurred_at,
				 a->row.chain_id, a->row.user_id, a->row.login_id, a->row.event,
				 a->row.ip, a->row.user_agent, a->row.chain_id, a->row.seq,
				 prev, (size_t)MM_CHAIN_HASH, hash, (size_t)MM_CHAIN_HASH);
	if (n < 0)
		return (int)n;
	n = mm_db_exec(SQL_CHAIN_ADVANCE, "ibti", a->row.seq, hash, (size_t)MM_CHAIN_HASH,
		       a->row.occurred_at, a->row.chain_id);
	return n < 0 ? (int)n : 0;
}

int mm_event(struct mm_req *r, const char *event, const struct mm_user *user,
	     const char *login_id)
{
	char login[41 * 4], ua[256 * 4];
	mm_clean_text(login, sizeof login, user ? user->login_id : login_id ? login_id : "", 40);
	mm_clean_text(ua, sizeof ua, r->user_agent ? r->user_agent : "", 255);
	const char *ip = r->remote_addr ? r->remote_addr : "";
	long long n;
	/* History.Chain = 0 only to measure what the chain costs */
	if (mm_cfg_int("History.Chain", 1) == 0) {
		n = mm_db_exec(SQL_EVENT_INSERT, "tnnssssi", r->now,
			       user ? user->tenant_id : 0LL, user ? user->id : 0LL,
			       login, event, ip, ua, user ? user->tenant_id : 0LL);
	} else {
		struct append a = { { user ? user->tenant_id : 0LL, 0, r->now,
				      user ? user->id : 0LL, login, event, ip, ua } };
		/* inside the caller's transaction the append is part of it */
		n = mm_db_in_transaction() ? append_tx(&a) : mm_db_transaction(append_tx, &a);
	}
	if (n < 0)
		mm_log_error("event %s not recorded", event);
	return n < 0 ? (int)n : 0;
}

/* Page views, buffered per worker process (one request at a time per
 * process): a view costs a copy into memory, and the buffer goes to the
 * database in one transaction (one commit, one log flush) when
 * History.ViewBatch views are waiting or the oldest has waited
 * History.ViewFlushMs, also in a worker no request comes to (the worker
 * loop asks mm_event_views_due_ms and is woken for it). The views are
 * chained as they are written: the heads of the buffer's tenants are
 * locked by one statement in ascending chain id (two flushes never wait
 * for each other in a cycle), the views numbered and hashed here and
 * written to page_views by one bulk INSERT, and the heads moved on by one
 * bulk UPDATE. A view is never
 * part of the chain before it reaches the database, so the buffer changes
 * nothing in what the chain guarantees. A worker killed with views in its
 * buffer loses them: at most History.ViewBatch - 1 views, of at most
 * History.ViewFlushMs; a worker stopped by SIGTERM writes them. */
/* A flush holds its worker for a commit (a log flush) and holds the heads
 * of its tenants until then, so workers flushing views of one tenant wait
 * for each other's commits: the fewer flushes, the less a busy portal's
 * workers stand still. At the default, a worker flushes about once per
 * History.ViewFlushMs even at hundreds of views a second; the buffer is
 * 256 × 1.3 KiB. */
#define VIEW_BATCH_MAX 256

struct pending_view {
	time_t at;
	long long tenant_id, user_id;
	char login_id[41 * 4], event[41], ip[46], user_agent[256 * 4];
};

static struct pending_view views[VIEW_BATCH_MAX];
static int nviews;
static struct timespec views_since;	/* when the oldest waiting view came, or the last failed write */

static long view_batch(void)
{
	long n = mm_cfg_int("History.ViewBatch", VIEW_BATCH_MAX);
	return n < 1 ? 1 : n > VIEW_BATCH_MAX ? VIEW_BATCH_MAX : n;
}

int mm_event_view(struct mm_req *r, const char *event)
{
	if (nviews == VIEW_BATCH_MAX) {
		mm_log_error("event %s not recorded: the database took no views", event);
		return MM_DB_ERR;
	}
	struct pending_view *v = &views[nviews];
	v->at = r->now;
	v->tenant_id = r->user.tenant_id;
	v->user_id = r->user.id;
	mm_copy_str(v->login_id, sizeof v->login_id, r->user.login_id);
	mm_copy_str(v->event, sizeof v->event, event);
	mm_copy_str(v->ip, sizeof v->ip, r->remote_addr ? r->remote_addr : "");
	mm_clean_text(v->user_agent, sizeof v->user_agent, r->user_agent ? r->user_agent : "", 255);
	if (nviews++ == 0)
		clock_gettime(CLOCK_MONOTONIC, &views_since);
	return 0;
}

/* A page view counts once the page has gone, unless it failed; the worker
 * loop writes it after the request ended. */
static void record_view(struct mm_req *r)
{
	if (r->view_event && r->logged_in && r->status == 200)
		mm_event_view(r, r->view_event);
}

void mm_event_after(struct mm_req *r, const char *event)
{
	/* History.PageViews = 0: security events only (and a measure of what
	 * the page views cost) */
	if (mm_cfg_int("History.PageViews", 1) == 0)
		return;
	r->view_event = event;
	mm_after_response_quick(r, record_view);
}

long mm_event_views_due_ms(void)
{
	if (nviews == 0)
		return -1;
	if (nviews >= view_batch())
		return 0;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long waited = (long)(now.tv_sec - views_since.tv_sec) * 1000 +
		      (now.tv_nsec - views_since.tv_nsec) / 1000000;
	long wait = mm_cfg_int("History.ViewFlushMs", 1000);
	return waited >= wait ? 0 : wait - waited;
}

/* The buffer as the column arrays of one bulk INSERT (every chain's views
 * in one round trip) and the heads' new values as those of one bulk
 * UPDATE. */
struct view_columns {
	long long chain_id[VIEW_BATCH_MAX], seq[VIEW_BATCH_MAX], user_id[VIEW_BATCH_MAX];
	time_t at[VIEW_BATCH_MAX];
	const char *login_id[VIEW_BATCH_MAX], *event[VIEW_BATCH_MAX], *ip[VIEW_BATCH_MAX],
		*user_agent[VIEW_BATCH_MAX], *prev[VIEW_BATCH_MAX], *hash[VIEW_BATCH_MAX];
	char hash_hex[VIEW_BATCH_MAX][2 * MM_CHAIN_HASH + 1];	/* view k's hash */
	int order[VIEW_BATCH_MAX];	/* the buffer by chain, then as it came */
	/* per chain of the buffer, ascending: its part of order[], its head */
	int nchains;
	int from[VIEW_BATCH_MAX], to[VIEW_BATCH_MAX];
	long long head_chain[VIEW_BATCH_MAX], head_seq[VIEW_BATCH_MAX];
	time_t head_at[VIEW_BATCH_MAX];
	int head_found[VIEW_BATCH_MAX], head_pending[VIEW_BATCH_MAX];
	unsigned char head[VIEW_BATCH_MAX][MM_CHAIN_HASH];
	char head_hex[VIEW_BATCH_MAX][2 * MM_CHAIN_HASH + 1];	/* before the views */
	const char *new_head[VIEW_BATCH_MAX];	/* after them */
	char ids[VIEW_BATCH_MAX * 21 + 3];	/* the chain ids as a JSON array */
};

static int chain_index(const struct view_columns *c, long long chain_id)
{
	int lo = 0, hi = c->nchains;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (c->head_chain[mid] < chain_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nchains && c->head_chain[lo] == chain_id ? lo : -1;
}

/* Every chain's head, locked by one statement in ascending chain id (as
 * chain_head would lock them one by one); a chain seen for the first time,
 * or with unchained rows still to seal, then goes through chain_head and
 * seal_pending on its own. */
static int lock_heads(struct view_columns *c)
{
	size_t len = 0;
	c->ids[len++] = '[';
	for (int i = 0; i < c->nchains; i++)
		len += (size_t)snprintf(c->ids + len, sizeof c->ids - len, "%s%lld", i ? "," : "",
					c->head_chain[i]);
	snprintf(c->ids + len, sizeof c->ids - len, "]");
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_CHAIN_HEADS, "s", c->ids);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) == 1) {
		int i = chain_index(c, mm_db_int(&res, 0));
		if (i < 0 || mm_db_len(&res, 2) != MM_CHAIN_HASH) {
			rc = MM_DB_ERR;
			break;
		}
		c->head_found[i] = 1;
		c->head_seq[i] = mm_db_int(&res, 1);
		c->head_pending[i] = mm_db_int(&res, 3) != 0;
		memcpy(c->head[i], mm_db_str(&res, 2), MM_CHAIN_HASH);
	}
	mm_db_done(&res);
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->nchains; i++) {
		if (!c->head_found[i])
			rc = chain_head(c->head_chain[i], c->head_at[i], &c->head_seq[i], c->head[i],
					&c->head_pending[i]);
		if (rc == 0 && c->head_pending[i])
			rc = seal_pending(c->head_chain[i], &c->head_seq[i], c->head[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The views of chain i, order[from..to), numbered and hashed after its
 * head. */
static void chain_views(struct view_columns *c, int i)
{
	unsigned char head[MM_CHAIN_HASH];
	memcpy(head, c->head[i], MM_CHAIN_HASH);
	mm_hex_encode(head, MM_CHAIN_HASH, c->head_hex[i]);
	const char *prev = c->head_hex[i];
	for (int k = c->from[i]; k < c->to[i]; k++) {
		const struct pending_view *v = &views[c->order[k]];
		const struct mm_chain_row row = { c->head_chain[i], c->head_seq[i] + 1 + (k - c->from[i]),
						  v->at, v->user_id, v->login_id, v->event, v->ip,
						  v->user_agent };
		unsigned char hash[MM_CHAIN_HASH];
		mm_chain_hash(head, &row, hash);
		memcpy(head, hash, MM_CHAIN_HASH);
		mm_hex_encode(head, MM_CHAIN_HASH, c->hash_hex[k]);
		c->chain_id[k] = row.chain_id;
		c->seq[k] = row.seq;
		c->at[k] = v->at;
		c->user_id[k] = v->user_id;
		c->login_id[k] = v->login_id;
		c->event[k] = v->event;
		c->ip[k] = v->ip;
		c->user_agent[k] = v->user_agent;
		c->prev[k] = prev;
		c->hash[k] = c->hash_hex[k];
		prev = c->hash_hex[k];
	}
	c->head_seq[i] += c->to[i] - c->from[i];
	c->new_head[i] = prev;
}

/* One flush is three statements whatever the number of tenants in the
 * buffer: the heads locked, the views inserted, the heads moved on. With a
 * statement triple per tenant, a buffer of many tenants' views held their
 * heads (and the other workers flushing the same tenants) for as many
 * round trips. */
static int views_tx(void *ctx)
{
	struct view_columns *c = ctx;
	/* insertion sort by chain, stable: a buffer holds at most 256 views */
	for (int i = 0; i < nviews; i++) {
		int j = i;
		while (j > 0 && views[c->order[j - 1]].tenant_id > views[i].tenant_id) {
			c->order[j] = c->order[j - 1];
			j--;
		}
		c->order[j] = i;
	}
	c->nchains = 0;
	for (int from = 0; from < nviews;) {
		int to = from + 1;
		while (to < nviews && views[c->order[to]].tenant_id == views[c->order[from]].tenant_id)
			to++;
		int i = c->nchains++;
		c->from[i] = from;
		c->to[i] = to;
		c->head_chain[i] = views[c->order[from]].tenant_id;
		c->head_at[i] = views[c->order[to - 1]].at;
		c->head_found[i] = c->head_pending[i] = 0;
		from = to;
	}
	int rc = lock_heads(c);
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->nchains; i++)
		chain_views(c, i);
	long long n = mm_db_exec_bulk(SQL_VIEW_INSERT, (unsigned)nviews, "iitissssss",
				      c->chain_id, c->seq, c->at, c->user_id, c->login_id, c->event,
				      c->ip, c->user_agent, c->prev, c->hash);
	if (n < 0)
		return (int)n;
	n = mm_db_exec_bulk(SQL_CHAIN_ADVANCE_HEX, (unsigned)c->nchains, "isti", c->head_seq,
			    c->new_head, c->head_at, c->head_chain);
	return n < 0 ? (int)n : 0;
}

int mm_event_views_flush(void)
{
	if (nviews == 0)
		return 0;
	struct view_columns *columns = malloc(sizeof *columns);	/* 37 KiB */
	int rc = columns ? mm_db_transaction(views_tx, columns) : MM_DB_ERR;
	free(columns);
	if (rc < 0) {
		/* kept for the next try, one wait later */
		mm_log_error("%d page views not recorded yet", nviews);
		clock_gettime(CLOCK_MONOTONIC, &views_since);
		return rc;
	}
	int n = nviews;
	nviews = 0;
	return n;
}

struct seal {
	long long chain_id;
	time_t now;
	long long sealed;
};

static int seal_tx(void *ctx)
{
	struct seal *s = ctx;
	unsigned char head[MM_CHAIN_HASH];
	long long seq = 0;
	int pending = 0;
	int rc = chain_head(s->chain_id, s->now, &seq, head, &pending);
	long long before = seq;
	if (rc == 0 && pending)
		rc = seal_pending(s->chain_id, &seq, head);
	if (rc == 0 && seq != before &&
	    mm_db_exec(SQL_CHAIN_ADVANCE, "ibti", seq, head, (size_t)MM_CHAIN_HASH, s->now,
		       s->chain_id) < 0)
		rc = MM_DB_ERR;
	s->sealed = seq - before;
	return rc;
}

long long mm_event_seal(long long chain_id, time_t now)
{
	struct seal s = { chain_id, now, 0 };
	int rc = mm_db_transaction(seal_tx, &s);
	return rc < 0 ? rc : s.sealed;
}
