/* mimamori-admin verify-history: walks each chain of the login history in
 * seq order, recomputing every row's hash (mm_chain.h), and names the first
 * row that does not fit. Rows are streamed: any size in flat memory. */
#include "mm.h"
#include "mm_chain.h"
#include "history_admin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_CHAINS[] =
	"SELECT h.chain_id, h.seq, h.head_hash, COALESCE(t.customer_no, '-')"
	" FROM history_chains h LEFT JOIN tenants t ON t.id = h.chain_id ORDER BY h.chain_id";
/* A chain's rows are in two tables (security events in auth_events, page
 * views in page_views since sql/034), one seq in one of them: read in
 * chunks of the next CHUNK seqs of both, merged by the server, so memory
 * stays flat and neither table is sorted beyond its chunk. src 0 names an
 * auth_events row by its id, src 1 a page_views row by its seq. A chunk
 * starts again at the last seq of the one before: a second row with that
 * seq (one written into the other table behind the portal's back) could
 * otherwise fall between two chunks unseen. */
#define CHUNK 2000
static const char SQL_CHAIN_ROWS[] =
	"(SELECT 0 AS src, id, chain_seq, occurred_at, user_id, login_id, event, ip, user_agent,"
	" prev_hash, row_hash, COALESCE(tenant_id, 0) FROM auth_events"
	" WHERE chain_id = ? AND chain_seq >= ? ORDER BY chain_seq LIMIT 2000)"
	" UNION ALL (SELECT 1, chain_seq, chain_seq, occurred_at, user_id, login_id, event, ip,"
	" user_agent, prev_hash, row_hash, tenant_id FROM page_views"
	" WHERE tenant_id = ? AND chain_seq >= ? ORDER BY chain_seq LIMIT 2000)"
	" ORDER BY chain_seq LIMIT 2000";
static const char SQL_TENANT_BY_NO[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_UNCHAINED[] = "SELECT COUNT(*) FROM auth_events WHERE chain_seq IS NULL";
static const char SQL_CHAIN_IDS[] = "SELECT chain_id FROM history_chains ORDER BY chain_id";

#define MAX_CHAINS 4096

struct chain {
	long long id, head_seq;
	unsigned char head[MM_CHAIN_HASH];
	char customer_no[16];
};

/* 0 intact, 1 broken (reported), < 0 database error */
static int verify_chain(const struct chain *ch)
{
	struct mm_res res, *q = &res;
	struct mm_chain_check c;
	mm_chain_check_init(&c, ch->id);
	enum mm_chain_fault fault = MM_CHAIN_OK;
	long long bad_id = 0, bad_seq = 0, after = 0, got;
	int bad_src = 0, rc, again = 0;
	do {
		rc = mm_db_query(q, SQL_CHAIN_ROWS, "iiii", ch->id, after, ch->id, after);
		if (rc < 0)
			return rc;
		got = 0;
		while (fault == MM_CHAIN_OK && (rc = mm_db_next(q)) > 0) {
			const struct mm_chain_row row = {
				ch->id, mm_db_int(q, 2), mm_db_time(q, 3), mm_db_int(q, 4),
				mm_db_str(q, 5), mm_db_str(q, 6), mm_db_str(q, 7), mm_db_str(q, 8),
			};
			got++;
			if (again && row.seq == after) {
				again = 0;	/* the previous chunk's last row */
				continue;
			}
			after = row.seq;
			if (mm_db_len(q, 9) != MM_CHAIN_HASH || mm_db_len(q, 10) != MM_CHAIN_HASH)
				fault = MM_CHAIN_BAD_HASH;
			else if (mm_db_int(q, 11) != ch->id)	/* moved to another tenant */
				fault = MM_CHAIN_BAD_HASH;
			else
				fault = mm_chain_check_row(&c, &row, (const unsigned char *)mm_db_str(q, 9),
							   (const unsigned char *)mm_db_str(q, 10));
			if (fault != MM_CHAIN_OK) {
				bad_src = (int)mm_db_int(q, 0);
				bad_id = mm_db_int(q, 1);
				bad_seq = row.seq;
			}
		}
		mm_db_done(q);
		if (rc < 0)
			return rc;
		again = 1;
	} while (fault == MM_CHAIN_OK && got == CHUNK);
	if (fault == MM_CHAIN_OK)
		fault = mm_chain_check_end(&c, ch->head_seq, ch->head);
	if (fault == MM_CHAIN_OK) {
		printf("chain %lld (%s): %lld rows intact, head seq %lld\n", ch->id,
		       ch->customer_no, c.rows, ch->head_seq);
		return 0;
	}
	if (bad_seq && bad_src == 0)
		printf("chain %lld (%s): BROKEN at auth_events id %lld (seq %lld): %s\n",
		       ch->id, ch->customer_no, bad_id, bad_seq, mm_chain_fault_text(fault));
	else if (bad_seq)
		printf("chain %lld (%s): BROKEN at page_views seq %lld: %s\n",
		       ch->id, ch->customer_no, bad_seq, mm_chain_fault_text(fault));
	else
		printf("chain %lld (%s): BROKEN after seq %lld (head seq %lld): %s\n", ch->id,
		       ch->customer_no, c.last_seq, ch->head_seq, mm_chain_fault_text(fault));
	return 1;
}

static int wanted(long long id, const long long *only, int nonly)
{
	if (nonly == 0)
		return 1;
	for (int i = 0; i < nonly; i++)
		if (only[i] == id)
			return 1;
	return 0;
}

int history_verify_cmd(int argc, char **argv)
{
	long long only[64];
	int nonly = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--tenant") != 0 || i + 1 == argc || nonly == 64) {
			fprintf(stderr, "usage: verify-history [--tenant N#########|0]...\n");
			return 2;
		}
		const char *t = argv[++i];
		long long id = 0;
		if (strcmp(t, "0") != 0) {
			int rc = mm_db_get_int(&id, SQL_TENANT_BY_NO, "s", t);
			if (rc < 0)
				return 1;
			if (rc == 0) {
				fprintf(stderr, "verify-history: no tenant %s\n", t);
				return 2;
			}
		}
		only[nonly++] = id;
	}
	struct chain *chains = calloc(MAX_CHAINS, sizeof *chains);
	if (!chains)
		return 1;
	/* page views still waiting join their chains first */
	struct mm_res res, *q = &res;
	int n = 0, rc = mm_db_query(q, SQL_CHAIN_IDS, "");
	if (rc == 0) {
		while ((rc = mm_db_next(q)) > 0)
			if (n < MAX_CHAINS && wanted(mm_db_int(q, 0), only, nonly))
				chains[n++].id = mm_db_int(q, 0);
		mm_db_done(q);
	}
	for (int i = 0; rc >= 0 && i < n; i++) {
		long long sealed = mm_event_seal(chains[i].id, mm_clock_now());
		if (sealed > 0)
			printf("chain %lld: %lld page views sealed into the chain\n", chains[i].id, sealed);
		rc = sealed < 0 ? (int)sealed : 0;
	}
	n = 0;
	if (rc >= 0)
		rc = mm_db_query(q, SQL_CHAINS, "");
	if (rc == 0) {
		while ((rc = mm_db_next(q)) > 0) {
			long long id = mm_db_int(q, 0);
			if (!wanted(id, only, nonly))
				continue;
			if (n == MAX_CHAINS || mm_db_len(q, 2) != MM_CHAIN_HASH) {
				rc = MM_DB_ERR;
				break;
			}
			struct chain *ch = &chains[n++];
			ch->id = id;
			ch->head_seq = mm_db_int(q, 1);
			memcpy(ch->head, mm_db_str(q, 2), MM_CHAIN_HASH);
			mm_copy_str(ch->customer_no, sizeof ch->customer_no,
				    id == 0 ? "no tenant" : mm_db_str(q, 3));
		}
		mm_db_done(q);
	}
	int broken = 0;
	for (int i = 0; rc >= 0 && i < n; i++) {
		rc = verify_chain(&chains[i]);
		broken += rc == 1;
	}
	free(chains);
	if (rc < 0) {
		fprintf(stderr, "verify-history: database error\n");
		return 1;
	}
	long long unchained = 0;
	if (nonly == 0 && mm_db_get_int(&unchained, SQL_UNCHAINED, "") == 1 && unchained)
		printf("%lld rows written before the chain existed are not covered\n", unchained);
	printf("%d chain(s) checked, %d broken\n", n, broken);
	return broken ? 1 : 0;
}
