/* Demo login history: DEMO_HISTORY_PER_TENANT events for each demo tenant,
 * spread over its users who can log in (a password set, not disabled: the
 * others have no sign-ins to show), the past half year and a handful of event kinds,
 * appended to the tenant's hash chain (HIST-3).
 *
 * Loaded in one transaction per tenant with two statements: one INSERT …
 * SELECT over MariaDB's sequence engine writes the rows with their chain
 * numbers, then one UPDATE walks them in chain order and computes each
 * row's hash in the server, the running hash held in a session variable.
 * The hash is the canonical one of mm_chain.h (docs/history-chain.md);
 * `mimamori-admin verify-history` checks it against the C code. The page
 * views among them then move to page_views (sql/034), as the portal writes
 * them: the hash does not depend on the table, so the chain stays whole.
 * Idempotent: a tenant whose demo rows are there is skipped. */
#include "mm.h"
#include "mm_chain.h"
#include "history_admin.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEMO_HISTORY_PER_TENANT 100000
#define DEMO_SPACING_SECONDS 157	/* 100,000 events ≈ 6 months */

/* demo rows come from TEST-NET-3 addresses, which real clients never have */
static const char SQL_DEMO_COUNT[] =
	"SELECT COUNT(*) FROM auth_events WHERE chain_id = ? AND ip LIKE '203.0.113.%'";
static const char SQL_HEAD[] =
	"SELECT seq, head_hash FROM history_chains WHERE chain_id = ? FOR UPDATE";
static const char SQL_HEAD_START[] =
	"INSERT INTO history_chains (chain_id, seq, head_hash, updated_at) VALUES (?, 0, ?, ?)";
static const char SQL_DEMO_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent, chain_id, chain_seq)"
	" SELECT ? - INTERVAL (100000 - s.seq) * 157 SECOND, ?, u.id, u.login_id,"
	" ELT(1 + s.seq MOD 12, 'login.ok', 'dashboard.view', 'dashboard.view', 'case.view',"
	"  'logout', 'login.ok', 'dashboard.view', 'login.failed', 'history.view', 'mfa.ok',"
	"  'case.view', IF(s.seq MOD 1200 = 7, 'login.lockout', 'password.change')),"
	" CONCAT('203.0.113.', 1 + s.seq MOD 200),"
	" IF(s.seq MOD 997 = 0, '=HYPERLINK(\"http://example.com\",\"curl/8.5.0\")', ELT(1 + s.seq MOD 3,"
	"  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',"
	"  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',"
	"  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0')),"
	" ?, ? + s.seq"
	" FROM seq_1_to_100000 s JOIN (SELECT id, login_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k,"
	"  COUNT(*) OVER () AS nu FROM users WHERE tenant_id = ? AND setup_state = 'done'"
	"  AND password_hash <> '' AND disabled = 0) u"
	"  ON u.k = s.seq MOD u.nu";
static const char SQL_HASH_START[] = "SET @mm_chain_hash = ?";
/* prev_hash is assigned before the variable moves on: single-table UPDATE
 * assignments run left to right, row by row in the ORDER BY */
static const char SQL_DEMO_HASH[] =
	"UPDATE auth_events SET prev_hash = @mm_chain_hash,"
	" row_hash = (@mm_chain_hash := UNHEX(SHA2(CONCAT(@mm_chain_hash,"
	"  LENGTH(chain_id), ':', chain_id, ',', LENGTH(chain_seq), ':', chain_seq, ',',"
	"  '19:', CAST(occurred_at AS CHAR), ',',"
	"  LENGTH(COALESCE(user_id, 0)), ':', COALESCE(user_id, 0), ',',"
	"  LENGTH(login_id), ':', login_id, ',', LENGTH(event), ':', event, ',',"
	"  LENGTH(ip), ':', ip, ',', LENGTH(user_agent), ':', user_agent, ','), 256)))"
	" WHERE chain_id = ? AND chain_seq > ? ORDER BY chain_seq";
/* the demo's page views: the events ending in ".view" */
static const char SQL_DEMO_VIEWS_COPY[] =
	"INSERT INTO page_views (tenant_id, chain_seq, occurred_at, user_id, login_id, event, ip,"
	" user_agent, prev_hash, row_hash)"
	" SELECT chain_id, chain_seq, occurred_at, COALESCE(user_id, 0), login_id, event, ip,"
	" user_agent, prev_hash, row_hash FROM auth_events"
	" WHERE chain_id = ? AND chain_seq > ? AND event LIKE '%.view' ORDER BY chain_seq";
static const char SQL_DEMO_VIEWS_DROP[] =
	"DELETE FROM auth_events WHERE chain_id = ? AND chain_seq > ? AND event LIKE '%.view'";
static const char SQL_HEAD_ADVANCE[] =
	"UPDATE history_chains SET seq = ?, head_hash = @mm_chain_hash, updated_at = ?"
	" WHERE chain_id = ?";

struct demo_tenant {
	long long tenant_id;
	time_t now;
	long long rows;
};

static int head_of(long long chain, time_t now, long long *seq, unsigned char head[MM_CHAIN_HASH])
{
	static const unsigned char zero[MM_CHAIN_HASH];
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_HEAD, "i", chain);
	if (rc == 1 && mm_db_len(&res, 1) == MM_CHAIN_HASH) {
		*seq = mm_db_int(&res, 0);
		memcpy(head, mm_db_str(&res, 1), MM_CHAIN_HASH);
	}
	mm_db_done(&res);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	long long n = mm_db_exec(SQL_HEAD_START, "ibt", chain, zero, (size_t)MM_CHAIN_HASH, now);
	*seq = 0;
	memcpy(head, zero, MM_CHAIN_HASH);
	return n < 0 ? (int)n : 0;
}

static int demo_tenant_tx(void *ctx)
{
	struct demo_tenant *d = ctx;
	unsigned char head[MM_CHAIN_HASH];
	long long seq = 0;
	int rc = head_of(d->tenant_id, d->now, &seq, head);
	if (rc < 0)
		return rc;
	long long n = mm_db_exec(SQL_DEMO_INSERT, "tiiii", d->now, d->tenant_id, d->tenant_id, seq,
				 d->tenant_id);
	if (n < 0)
		return (int)n;
	d->rows = n;
	if (mm_db_exec(SQL_HASH_START, "b", head, (size_t)MM_CHAIN_HASH) < 0)
		return MM_DB_ERR;
	if (mm_db_exec(SQL_DEMO_HASH, "ii", d->tenant_id, seq) < 0)
		return MM_DB_ERR;
	n = mm_db_exec(SQL_HEAD_ADVANCE, "iti", seq + d->rows, d->now, d->tenant_id);
	if (n < 0)
		return (int)n;
	if (mm_db_exec(SQL_DEMO_VIEWS_COPY, "ii", d->tenant_id, seq) < 0 ||
	    mm_db_exec(SQL_DEMO_VIEWS_DROP, "ii", d->tenant_id, seq) < 0)
		return MM_DB_ERR;
	return 0;
}

int demo_history(long long tenant_a, long long tenant_b)
{
	const long long tenants[] = { tenant_a, tenant_b };
	for (int i = 0; i < 2; i++) {
		long long have = 0;
		if (mm_db_get_int(&have, SQL_DEMO_COUNT, "i", tenants[i]) < 0)
			return -1;
		if (have > 0)
			continue;
		struct demo_tenant d = { tenants[i], mm_clock_now(), 0 };
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (mm_db_transaction(demo_tenant_tx, &d) != 0) {
			fprintf(stderr, "demo: the login history could not be loaded\n");
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* on stderr: a second run prints the same logins, and nothing here */
		fprintf(stderr, "demo login history: %lld events for tenant %lld in %.1f s\n", d.rows, tenants[i],
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	return 0;
}
