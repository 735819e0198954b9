/* mm_db against a real, throwaway MariaDB server (tests/unit/db-server.sh):
 * open results outlive cache evictions, reuses of their SQL and reconnects;
 * a connection closed by the server is replaced before a statement is sent;
 * a transaction whose connection was lost does not go on outside it; the
 * notifier's UPDATEs give the same rows under SIMULTANEOUS_ASSIGNMENT. */
#include "mm.h"
#include "../../fcgi/notifier/notifier.h"
#include "mm_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/mm-unit-db-XXXXXX";
static const char *srcdir = ".";

static int shell(const char *action, const char *arg)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "sh '%s/tests/unit/db-server.sh' %s '%s' %s", srcdir, action, dir,
		 arg ? arg : "");
	return system(cmd);
}

/* The schema of the installation, by the tool that installs it (make check
 * runs in the build directory, where mimamori-admin was built). */
static int migrate(const char *cfg)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "./mimamori-admin --config '%s' migrate --dir '%s/sql' >/dev/null",
		 cfg, srcdir);
	return system(cmd) == 0 ? 0 : -1;
}

static long long connection_id(void)
{
	long long id = 0;
	mm_db_get_int(&id, "SELECT CONNECTION_ID()", "");
	return id;
}

/* The server ends this process's connection, as an idle timeout or a
 * restart would (the script returns once the server has let it go). */
static void server_kills_connection(void)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", connection_id());
	CHECK(shell("kill-connection", id) == 0);
}

static const char SQL_SEQ[] = "SELECT seq FROM seq_1_to_5 WHERE seq >= ? ORDER BY seq";

MM_TEST(test_result_survives_cache_eviction)
{
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, SQL_SEQ, "i", 1LL), 0);
	CHECK_INTEQ(mm_db_next(&r), 1);
	CHECK_INTEQ(mm_db_int(&r, 0), 1);
	/* more distinct statements than the cache holds: each its own text */
	static char texts[100][32];
	for (int i = 0; i < 100; i++) {
		snprintf(texts[i], sizeof texts[i], "SELECT %d + ?", i);
		long long v = -1;
		CHECK_INTEQ(mm_db_get_int(&v, texts[i], "i", 1LL), 1);
		CHECK_INTEQ(v, i + 1);
	}
	for (long long want = 2; want <= 5; want++) {
		CHECK_INTEQ(mm_db_next(&r), 1);
		CHECK_INTEQ(mm_db_int(&r, 0), want);
	}
	CHECK_INTEQ(mm_db_next(&r), 0);
	mm_db_done(&r);
}

MM_TEST(test_same_sql_inside_its_own_result)
{
	struct mm_res outer, inner;
	CHECK_INTEQ(mm_db_query(&outer, SQL_SEQ, "i", 1LL), 0);
	CHECK_INTEQ(mm_db_next(&outer), 1);
	CHECK_INTEQ(mm_db_query(&inner, SQL_SEQ, "i", 4LL), 0);
	CHECK_INTEQ(mm_db_next(&inner), 1);
	CHECK_INTEQ(mm_db_int(&inner, 0), 4);
	CHECK_INTEQ(mm_db_next(&inner), 1);
	CHECK_INTEQ(mm_db_next(&inner), 0);
	mm_db_done(&inner);
	for (long long want = 2; want <= 5; want++) {
		CHECK_INTEQ(mm_db_next(&outer), 1);
		CHECK_INTEQ(mm_db_int(&outer, 0), want);
	}
	CHECK_INTEQ(mm_db_next(&outer), 0);
	mm_db_done(&outer);
	/* the cached statement is usable again afterwards */
	CHECK_INTEQ(mm_db_query(&outer, SQL_SEQ, "i", 5LL), 0);
	CHECK_INTEQ(mm_db_next(&outer), 1);
	CHECK_INTEQ(mm_db_int(&outer, 0), 5);
	mm_db_done(&outer);
}

/* One row: the first row's fields, no row, an error; the result is
 * released each time (the statement runs again at once). */
MM_TEST(test_query_row)
{
	struct mm_res r;
	for (int round = 0; round < 2; round++) {
		CHECK_INTEQ(mm_db_query_row(&r, SQL_SEQ, "i", 3LL), 1);
		CHECK_INTEQ(mm_db_int(&r, 0), 3);
		CHECK_STREQ(mm_db_str(&r, 0), "3");
		mm_db_done(&r);
		CHECK_INTEQ(mm_db_query_row(&r, SQL_SEQ, "i", 6LL), 0);
		mm_db_done(&r);
		CHECK_INTEQ(mm_db_query_row(&r, "SELECT no_such_column FROM seq_1_to_5", ""),
			    MM_DB_ERR);
		mm_db_done(&r);
	}
	long long v = 0;
	CHECK_INTEQ(mm_db_get_int(&v, SQL_SEQ, "i", 5LL), 1);
	CHECK_INTEQ(v, 5);
	CHECK_INTEQ(mm_db_get_int(&v, SQL_SEQ, "i", 9LL), 0);
}

MM_TEST(test_result_of_a_closed_connection_ends)
{
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, SQL_SEQ, "i", 1LL), 0);
	CHECK_INTEQ(mm_db_next(&r), 1);
	server_kills_connection();
	long long v = 0;
	/* a SELECT is read again on a new connection */
	CHECK_INTEQ(mm_db_get_int(&v, "SELECT 42", ""), 1);
	CHECK_INTEQ(v, 42);
	/* the old result cannot be read any more, and says so */
	CHECK_INTEQ(mm_db_next(&r), MM_DB_DOWN);
	mm_db_done(&r);
	CHECK_INTEQ(mm_db_query(&r, SQL_SEQ, "i", 3LL), 0);
	CHECK_INTEQ(mm_db_next(&r), 1);
	CHECK_INTEQ(mm_db_int(&r, 0), 3);
	mm_db_done(&r);
}

MM_TEST(test_write_after_server_closed_connection_runs_once)
{
	CHECK(mm_db_exec("CREATE TABLE IF NOT EXISTS unit_writes (id INT AUTO_INCREMENT PRIMARY KEY,"
			 " tag VARCHAR(20) NOT NULL)", "") >= 0);
	server_kills_connection();
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "once"), 1);
	long long n = -1;
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT COUNT(*) FROM unit_writes WHERE tag = ?", "s", "once"), 1);
	CHECK_INTEQ(n, 1);
}

MM_TEST(test_lost_transaction_does_not_go_on_outside_it)
{
	CHECK_INTEQ(mm_db_begin(), 0);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "tx-first"), 1);
	server_kills_connection();
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "tx-second"), MM_DB_DOWN);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "tx-third"), MM_DB_DOWN);
	mm_db_rollback();
	long long n = -1;
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT COUNT(*) FROM unit_writes WHERE tag LIKE 'tx-%'", ""), 1);
	CHECK_INTEQ(n, 0);
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int refuse(void *ctx)
{
	(void)ctx;
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "commit-refused"), 1);
	return 1;
}

static long long tagged(const char *tag)
{
	long long n = -1;
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT COUNT(*) FROM unit_writes WHERE tag = ?", "s", tag), 1);
	return n;
}

/* Whether a failed transaction may have committed: not when it was refused,
 * nor when its connection was gone before COMMIT was sent (the server
 * rolled it back); it may when COMMIT was sent and no answer came (here:
 * another session holds commits back for longer than Db.ReadTimeout). */
MM_TEST(test_commit_outcome_unknown_only_when_commit_was_sent_unanswered)
{
	CHECK_INTEQ(mm_db_transaction(refuse, NULL), 1);
	CHECK_INTEQ(mm_db_commit_unknown(), 0);
	CHECK_INTEQ(tagged("commit-refused"), 0);

	CHECK_INTEQ(mm_db_begin(), 0);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "commit-gone"), 1);
	server_kills_connection();
	CHECK_INTEQ(mm_db_commit(), MM_DB_DOWN);
	CHECK_INTEQ(mm_db_commit_unknown(), 0);
	CHECK_INTEQ(tagged("commit-gone"), 0);

	/* the statement and lock wait caps would answer a COMMIT held back past
	 * them with an error (nothing committed): here no answer must come, as
	 * when the connection drops (a network cut, a crash) */
	CHECK(mm_db_exec("SET SESSION max_statement_time = 0", "") >= 0);
	CHECK(mm_db_exec("SET SESSION lock_wait_timeout = 3600", "") >= 0);
	CHECK_INTEQ(mm_db_begin(), 0);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "commit-unanswered"), 1);
	CHECK(shell("block-commits", "30") == 0);
	double t0 = seconds_now();
	CHECK_INTEQ(mm_db_commit(), MM_DB_DOWN);
	CHECK(seconds_now() - t0 >= 4.5);	/* Db.ReadTimeout = 5 */
	CHECK_INTEQ(mm_db_commit_unknown(), 1);
	CHECK(shell("unblock-commits", NULL) == 0);

	/* the next transaction starts with a known outcome again */
	CHECK_INTEQ(mm_db_begin(), 0);
	CHECK_INTEQ(mm_db_commit_unknown(), 0);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_writes (tag) VALUES (?)", "s", "commit-ok"), 1);
	CHECK_INTEQ(mm_db_commit(), 0);
	CHECK_INTEQ(mm_db_commit_unknown(), 0);
	CHECK_INTEQ(tagged("commit-ok"), 1);
}

MM_TEST(test_statement_over_the_cap_ends_on_a_usable_connection)
{
	long long conn = connection_id();
	long long n = 0;
	double t0 = seconds_now();
	/* 10^10 row pairs: far longer than the 1 s cap of this test's config */
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT COUNT(*) FROM seq_1_to_100000 a, seq_1_to_100000 b"
				  " WHERE a.seq + b.seq = 7", ""), MM_DB_TIMEOUT);
	double took = seconds_now() - t0;
	CHECK(took >= 0.9 && took < 3.0);
	CHECK(mm_db_is_down());	/* answered with 503 */
	CHECK_INTEQ(connection_id(), conn);
	CHECK(!mm_db_is_down());
}

static const char SQL_OUTBOX_ADD[] =
	"INSERT INTO outbox (channel, recipient, subject, body, created_at, status, attempts,"
	" next_attempt_at, lease_until, claim) VALUES ('mail', 'a@t.example', 's', 'secret body',"
	" NOW(), 'sending', 1, NOW(), NOW() + INTERVAL 1 MINUTE, ?)";
static const char SQL_OUTBOX_ROW[] =
	"SELECT status, body, claim IS NULL FROM outbox WHERE id = ?";

static void check_mark_failed(int final)
{
	struct nt_msg m;
	memset(&m, 0, sizeof m);
	memset(m.claim, final ? 0xA5 : 0x5A, sizeof m.claim);
	CHECK_INTEQ(mm_db_exec(SQL_OUTBOX_ADD, "b", (const void *)m.claim, sizeof m.claim), 1);
	m.id = mm_db_insert_id();
	CHECK_INTEQ(nt_db_mark_failed(&m, final, time(NULL) + 60, "relay said no"), 1);
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, SQL_OUTBOX_ROW, "i", (long long)m.id), 0);
	CHECK_INTEQ(mm_db_next(&r), 1);
	CHECK_STREQ(mm_db_str(&r, 0), final ? "failed" : "pending");
	/* a final failure drops the body; a retry keeps it to send later */
	CHECK_STREQ(mm_db_str(&r, 1), final ? "" : "secret body");
	CHECK_STREQ(mm_db_str(&r, 2), "1");
	mm_db_done(&r);
}

MM_TEST(test_notifier_failed_rows_under_either_assignment_order)
{
	check_mark_failed(1);
	check_mark_failed(0);
	CHECK(mm_db_exec("SET SESSION sql_mode = CONCAT(@@sql_mode, ',SIMULTANEOUS_ASSIGNMENT')", "") >= 0);
	long long on = 0;
	CHECK_INTEQ(mm_db_get_int(&on, "SELECT FIND_IN_SET('SIMULTANEOUS_ASSIGNMENT', @@sql_mode) > 0", ""), 1);
	CHECK_INTEQ(on, 1);
	check_mark_failed(1);
	check_mark_failed(0);
}

static int setup(void)
{
	const char *s = getenv("srcdir");
	if (s && *s)
		srcdir = s;
	char pid[24];
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	if (!mkdtemp(dir) || shell("start", pid) != 0) {
		fprintf(stderr, "test_db: cannot start a throwaway MariaDB server\n");
		return -1;
	}
	char cfg[256];
	snprintf(cfg, sizeof cfg, "%s/mm.hdf", dir);
	FILE *f = fopen(cfg, "w");
	if (!f)
		return -1;
	fprintf(f, "Db.Socket = %s/db.sock\nDb.User = root\nDb.Name = mm_unit\n"
		"Db.ReadTimeout = 5\nDb.StatementTimeout = 1\n", dir);
	fclose(f);
	if (migrate(cfg) < 0 || mm_config_load(cfg) < 0 || mm_db_connect() < 0) {
		fprintf(stderr, "test_db: cannot connect or create the schema\n");
		return -1;
	}
	return 0;
}

static void teardown(void)
{
	mm_db_close();
	mm_config_free();
	shell("stop", NULL);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "test_db: could not remove %s\n", dir);
}

static const char SQL_BULK[] =
	"INSERT IGNORE INTO unit_bulk (k, n, at, note) VALUES (?, ?, ?, ?)";

/* Array binding: every row in one execute, NULLs and times as sent, the
 * affected rows of all rows together (INSERT IGNORE skips a known key);
 * the cached statement then runs single rows again. */
MM_TEST(test_bulk_runs_every_row_once)
{
	CHECK(mm_db_exec("CREATE TABLE IF NOT EXISTS unit_bulk (k VARCHAR(20) PRIMARY KEY,"
			 " n BIGINT NOT NULL, at DATETIME NOT NULL, note VARCHAR(40) NULL)", "") >= 0);
	const char *keys[] = { "b1", "b2", "b3" };
	const long long ns[] = { 1, -2, 3000000000LL };
	const time_t ats[] = { 0, 1780000000, 1780003600 };
	const char *notes[] = { "一つ目", NULL, "" };
	CHECK_INTEQ(mm_db_exec_bulk(SQL_BULK, 3, "sits", keys, ns, ats, notes), 3);
	const char *again[] = { "b3", "b4" };
	CHECK_INTEQ(mm_db_exec_bulk(SQL_BULK, 2, "sits", again, ns, ats, notes), 1);
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, "SELECT k, n, at, note FROM unit_bulk ORDER BY k", ""), 0);
	static const char *const want[][4] = {
		{ "b1", "1", "1970-01-01 00:00:00", "一つ目" }, { "b2", "-2", "2026-05-28 20:26:40", NULL },
		{ "b3", "3000000000", "2026-05-28 21:26:40", "" }, { "b4", "-2", "2026-05-28 20:26:40", NULL },
	};
	for (size_t i = 0; i < 4; i++) {
		CHECK_INTEQ(mm_db_next(&r), 1);
		for (unsigned c = 0; c < 3; c++)
			CHECK_STREQ(mm_db_str(&r, c), want[i][c]);
		if (want[i][3])
			CHECK_STREQ(mm_db_str(&r, 3), want[i][3]);
		else
			CHECK(mm_db_str(&r, 3) == NULL);
	}
	CHECK_INTEQ(mm_db_next(&r), 0);
	mm_db_done(&r);
	CHECK_INTEQ(mm_db_exec(SQL_BULK, "sitn", "b5", 5LL, (time_t)1780000000, 0LL), 1);
	CHECK_INTEQ(mm_db_exec_bulk(SQL_BULK, 0, "sits", keys, ns, ats, notes), 0);
	long long n = 0;
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT COUNT(*) FROM unit_bulk", ""), 1);
	CHECK_INTEQ(n, 5);
}

/* A digest column ('h') goes as its 32 bytes, NUL bytes and all, and is
 * the same key as UNHEX(SHA2(text, 256)) made by the server. */
MM_TEST(test_bulk_binds_digests)
{
	CHECK(mm_db_exec("CREATE TABLE IF NOT EXISTS unit_bulk_hash (h BINARY(32) PRIMARY KEY,"
			 " v VARCHAR(40) NOT NULL, n INT NOT NULL)", "") >= 0);
	const char *values[] = { "203.0.113.7", "http://malware.example/dl/1" };
	unsigned char hashes[3][32];
	mm_sha256(values[0], strlen(values[0]), hashes[0]);
	mm_sha256(values[1], strlen(values[1]), hashes[1]);
	memset(hashes[2], 0, sizeof hashes[2]);
	hashes[2][31] = 1;
	const char *texts[] = { values[0], values[1], "zeros" };
	const long long ones[] = { 1, 1, 1 };
	static const char sql[] = "INSERT INTO unit_bulk_hash (h, v, n) VALUES (?, ?, ?)"
				  " ON DUPLICATE KEY UPDATE n = n + VALUES(n)";
	CHECK_INTEQ(mm_db_exec_bulk(sql, 3, "hsi", hashes, texts, ones), 3);
	CHECK_INTEQ(mm_db_exec("INSERT INTO unit_bulk_hash (h, v, n) VALUES (UNHEX(SHA2(?, 256)), ?, 1)"
			       " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", "ss", values[1], values[1]), 2);
	long long n = 0;
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT n FROM unit_bulk_hash WHERE h = UNHEX(SHA2(?, 256))",
				  "s", values[1]), 1);
	CHECK_INTEQ(n, 2);
	CHECK_INTEQ(mm_db_get_int(&n, "SELECT LENGTH(h) FROM unit_bulk_hash WHERE v = 'zeros'"
				  " AND h = UNHEX(CONCAT(REPEAT('00', 31), '01'))", ""), 1);
	CHECK_INTEQ(n, 32);
}

/* 'n' columns of a bulk statement: 0 binds NULL, other values as sent. */
MM_TEST(test_bulk_nullable_ints)
{
	CHECK(mm_db_exec("CREATE TABLE IF NOT EXISTS unit_bulk_n (k INT PRIMARY KEY, v BIGINT NULL)", "") >= 0);
	const long long ks[] = { 1, 2, 3 };
	const long long vs[] = { 0, -7, 9000000000LL };
	CHECK_INTEQ(mm_db_exec_bulk("INSERT INTO unit_bulk_n (k, v) VALUES (?, ?)", 3, "in", ks, vs), 3);
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, "SELECT k, v FROM unit_bulk_n ORDER BY k", ""), 0);
	static const char *const want[] = { NULL, "-7", "9000000000" };
	for (size_t i = 0; i < 3; i++) {
		CHECK_INTEQ(mm_db_next(&r), 1);
		if (want[i])
			CHECK_STREQ(mm_db_str(&r, 1), want[i]);
		else
			CHECK(mm_db_str(&r, 1) == NULL);
	}
	CHECK_INTEQ(mm_db_next(&r), 0);
	mm_db_done(&r);
}

/* Binary columns: the same values as their text, NULLs as 0 and "", on a
 * buffered and on a streamed result; a wrong kind is refused. */
MM_TEST(test_native_columns_match_their_text)
{
	CHECK(mm_db_exec("CREATE TABLE IF NOT EXISTS unit_native (k INT PRIMARY KEY,"
			 " n BIGINT NULL, at DATETIME NULL, s VARCHAR(300) NOT NULL)", "") >= 0);
	CHECK(mm_db_exec("INSERT IGNORE INTO unit_native VALUES (1, -9000000000, '2026-12-04 23:59:07',"
			 " REPEAT('x', 300)), (2, NULL, NULL, 'b'), (3, 7, '1999-01-31 00:00:00', '')",
			 "") >= 0);
	static const char SQL_NATIVE[] = "SELECT n, at, s FROM unit_native ORDER BY k";
	for (int stream = 0; stream < 2; stream++) {
		struct mm_res r;
		char at[20];
		CHECK_INTEQ(stream ? mm_db_query_stream(&r, SQL_NATIVE, "")
				   : mm_db_query(&r, SQL_NATIVE, ""), 0);
		CHECK_INTEQ(mm_db_native(&r, "its"), 0);
		CHECK_INTEQ(mm_db_next(&r), 1);
		CHECK(mm_db_i64(&r, 0) == -9000000000LL);
		CHECK(mm_db_datetime(&r, 1, at) == mm_db_parse_datetime("2026-12-04 23:59:07"));
		CHECK_STREQ(at, "2026-12-04 23:59:07");
		CHECK_INTEQ((long long)mm_db_len(&r, 2), 300);	/* text past the first buffer */
		CHECK_INTEQ(mm_db_next(&r), 1);
		CHECK(mm_db_i64(&r, 0) == 0);
		CHECK(mm_db_datetime(&r, 1, at) == 0);
		CHECK_STREQ(at, "");
		CHECK_STREQ(mm_db_str(&r, 2), "b");
		CHECK_INTEQ(mm_db_next(&r), 1);
		CHECK(mm_db_i64(&r, 0) == 7);
		CHECK(mm_db_datetime(&r, 1, at) == mm_db_parse_datetime("1999-01-31 00:00:00"));
		CHECK_INTEQ(mm_db_next(&r), 0);
		mm_db_done(&r);
	}
	struct mm_res r;
	CHECK_INTEQ(mm_db_query(&r, SQL_NATIVE, ""), 0);
	CHECK_INTEQ(mm_db_native(&r, "x"), MM_DB_ERR);
	mm_db_done(&r);
	CHECK_INTEQ(mm_db_query(&r, SQL_NATIVE, ""), 0);
	CHECK_INTEQ(mm_db_native(&r, "iiii"), MM_DB_ERR);	/* more kinds than columns */
	mm_db_done(&r);
}

int main(void)
{
	static const mm_test_fn tests[] = {
		test_result_survives_cache_eviction, test_same_sql_inside_its_own_result,
		test_result_of_a_closed_connection_ends,
		test_write_after_server_closed_connection_runs_once,
		test_lost_transaction_does_not_go_on_outside_it,
		test_statement_over_the_cap_ends_on_a_usable_connection,
		test_notifier_failed_rows_under_either_assignment_order,
		test_bulk_runs_every_row_once, test_bulk_binds_digests, test_bulk_nullable_ints,
		test_native_columns_match_their_text, test_query_row,
		test_commit_outcome_unknown_only_when_commit_was_sent_unanswered,
	};
	int rc = 1;
	if (setup() == 0)
		rc = mm_test_run_(tests, sizeof tests / sizeof *tests,
				  "test_result_survives_cache_eviction, test_same_sql_inside_its_own_result,"
				  " test_result_of_a_closed_connection_ends,"
				  " test_write_after_server_closed_connection_runs_once,"
				  " test_lost_transaction_does_not_go_on_outside_it,"
				  " test_statement_over_the_cap_ends_on_a_usable_connection,"
				  " test_notifier_failed_rows_under_either_assignment_order,"
				  " test_bulk_runs_every_row_once, test_bulk_binds_digests,"
				  " test_bulk_nullable_ints,"
				  " test_native_columns_match_their_text, test_query_row,"
				  " test_commit_outcome_unknown_only_when_commit_was_sent_unanswered");
	else
		printf("0 passed, 1 failed\n");
	teardown();
	return rc;
}
