/* AUTH-11 event recording: the rows behind the login history (§8). Each
 * row is appended to the hash chain of its tenant (HIST-3, mm_chain.h):
 * the chain head is locked FOR UPDATE inside the inserting transaction, so
 * appends of one tenant queue behind each other while other tenants'
 * proceed. */
#include "mm.h"
#include "mm_chain.h"
#include <string.h>

static const char SQL_EVENT_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CHAIN_HEAD[] =
	"SELECT seq, head_hash FROM history_chains WHERE chain_id = ? FOR UPDATE";
static const char SQL_CHAIN_START[] =
	"INSERT INTO history_chains (chain_id, seq, head_hash, updated_at) VALUES (?, 0, ?, ?)";
static const char SQL_CHAIN_EVENT_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent, chain_id, chain_seq, prev_hash, row_hash)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CHAIN_ADVANCE[] =
	"UPDATE history_chains SET seq = ?, head_hash = ?, updated_at = ? WHERE chain_id = ?";

/* The head of chain_id, locked until the transaction ends; a chain seen for
 * the first time is created (a parallel creator makes the insert fail with
 * a duplicate key after it committed: the head is then read again). */
static int chain_head(long long chain_id, time_t now, long long *seq,
		      unsigned char head[MM_CHAIN_HASH])
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
		memcpy(head, zero, MM_CHAIN_HASH);
		return 0;
	}
	return MM_DB_RETRY;
}

struct append {
	struct mm_chain_row row;
};

static int append_tx(void *ctx)
{
	struct append *a = ctx;
	unsigned char prev[MM_CHAIN_HASH], hash[MM_CHAIN_HASH];
	long long seq = 0;
	int rc = chain_head(a->row.chain_id, a->row.occurred_at, &seq, prev);
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
		n = mm_db_exec(SQL_EVENT_INSERT, "tnnssss", r->now,
			       user ? user->tenant_id : 0LL, user ? user->id : 0LL,
			       login, event, ip, ua);
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
