/* MariaDB access: one persistent connection per process, prepared
 * statements only (cached per SQL text), reconnect, transactions.
 *
 * Parameters are described by a type string, one letter per argument:
 *   s  const char *          (NULL binds SQL NULL)
 *   i  long long
 *   n  long long, 0 binds SQL NULL (optional ids)
 *   t  time_t                (bound as a UTC DATETIME)
 *   T  time_t, 0 binds SQL NULL
 *   b  const void *, size_t  (binary)
 * Result columns are read as text; helpers convert. */
#ifndef MM_DB_H
#define MM_DB_H
#include <stddef.h>
#include <time.h>

enum {
	MM_DB_ERR = -1,		/* a query failed: a programming or data error */
	MM_DB_DOWN = -2,	/* the server cannot be reached: answer 503 */
	MM_DB_RETRY = -3,	/* deadlock / certification failure: retry the transaction */
	MM_DB_DUP = -4,		/* unique key violation */
	MM_DB_TIMEOUT = -5	/* SET STATEMENT max_statement_time fired: the page
				 * asks the user to narrow the search */
};

/* From config Db.*: the server (Socket or Host/Port), TLS (Tls, CaFile,
 * CertFile, KeyFile) and the limits (ConnectTimeout, ReadTimeout,
 * WriteTimeout, StatementTimeout, in seconds). 0 or MM_DB_DOWN. */
int mm_db_connect(void);
void mm_db_close(void);
/* For tools whose statements may rightly run long (migrations): no read or
 * write timeout and no statement time cap on the connections made after it. */
void mm_db_unlimited(void);
/* For statements that may rightly keep the server busy before their first
 * row (an export sorting a large result): the following statements run on
 * a connection that waits up to seconds for an answer; 0 goes back to
 * Db.ReadTimeout. Changing it replaces the connection (outside a
 * transaction), a millisecond or two. */
void mm_db_long_reads(unsigned seconds);
/* Whether the last failure means the server is down. */
int mm_db_is_down(void);

/* INSERT/UPDATE/DELETE: affected rows (>= 0; for UPDATE the rows matched,
 * whether or not a value changed) or an MM_DB_* error.
 *
 * A statement is sent a second time only when it cannot run twice: the
 * connection was found closed before it was sent, or it is a SELECT. A lost
 * connection after a write was sent answers MM_DB_DOWN (the write may or may
 * not have happened), as does any failure inside a transaction. */
long long mm_db_exec(const char *sql, const char *types, ...);
unsigned long long mm_db_insert_id(void);
/* One statement run once per row, all rows in one round trip (array
 * binding, STMT_ATTR_ARRAY_SIZE): a batch insert without a statement per row
 * and without SQL text that depends on the number of rows. types has one
 * letter per placeholder; each argument is an array of rows values:
 *   s  const char *const *  (a NULL element binds SQL NULL)
 *   i  const long long *
 *   n  const long long *    (0 binds SQL NULL)
 *   t  const time_t *       (UTC DATETIME)
 *   h  const unsigned char (*)[32]  (a SHA-256 digest, BINARY(32))
 * Affected rows of all rows together, or an MM_DB_* error. Never sent
 * twice (see mm_db_exec). */
long long mm_db_exec_bulk(const char *sql, unsigned rows, const char *types, ...);

#define MM_DB_MAXCOLS 32
struct mm_res {
	void *stmt;		/* MYSQL_STMT * */
	int slot;		/* its statement cache slot, -1: the result owns it */
	unsigned conn_gen;	/* the connection it came from (a reconnect ends it) */
	unsigned ncols;
	void *binds;		/* MYSQL_BIND[ncols] */
	char *bufs[MM_DB_MAXCOLS];
	unsigned long caps[MM_DB_MAXCOLS];
	unsigned long lens[MM_DB_MAXCOLS];
	char nulls[MM_DB_MAXCOLS];
	int unbuffered;		/* mm_db_query_stream: rows still on the wire */
	int ended;		/* mm_db_next said 0: every row was read */
	char kinds[MM_DB_MAXCOLS];	/* mm_db_native: 0/'s' text, 'i', 't' */
};
/* SELECT: 0 and an open result, or an MM_DB_* error. Results are buffered,
 * so another query (even the same SQL) may run before mm_db_done; when the
 * connection is lost meanwhile, mm_db_next answers MM_DB_DOWN. */
int mm_db_query(struct mm_res *r, const char *sql, const char *types, ...);
/* 1 = a row is ready, 0 = no more rows, < 0 = error. */
int mm_db_next(struct mm_res *r);
const char *mm_db_str(const struct mm_res *r, unsigned col);	/* NULL for SQL NULL */
size_t mm_db_len(const struct mm_res *r, unsigned col);
long long mm_db_int(const struct mm_res *r, unsigned col);	/* 0 for NULL */
time_t mm_db_time(const struct mm_res *r, unsigned col);	/* DATETIME as UTC; 0 for NULL */
void mm_db_done(struct mm_res *r);

/* Columns in their binary form, for results read by the million (exports):
 * as text, a DATETIME or BIGINT costs a sprintf per value in the client
 * library, or a CAST per row in the server, which is the slower side of an
 * export. kinds has one letter per column: 's' text (as before), 'i'
 * integer, 't' DATETIME. Call it after mm_db_query / mm_db_query_stream and
 * before the first mm_db_next. 0 or MM_DB_ERR. */
int mm_db_native(struct mm_res *r, const char *kinds);
long long mm_db_i64(const struct mm_res *r, unsigned col);	/* 'i' column; 0 for NULL */
/* 't' column: UTC seconds, and its "YYYY-MM-DD HH:MM:SS" in out (20
 * bytes); 0 and "" for NULL */
time_t mm_db_datetime(const struct mm_res *r, unsigned col, char out[20]);

/* SELECT whose rows are read from the server one at a time as they come
 * (mysql_use_result style), for results too large for memory (exports).
 * Until mm_db_done no other statement may run on the connection. Calling
 * mm_db_done before the last row drops the connection instead of reading
 * the rest: the server stops the query when it finds the client gone, and
 * the next statement connects again. */
int mm_db_query_stream(struct mm_res *r, const char *sql, const char *types, ...);

/* SELECT of at most one row that matters (the first): 1 and its fields
 * ready in r (mm_db_str, mm_db_int...), 0 no row, or an MM_DB_* error.
 * Call mm_db_done(r) afterwards whatever it returned:
 *   struct mm_res q;
 *   int rc = mm_db_query_row(&q, SQL_X, "i", id);
 *   if (rc == 1)
 *           x->name = mm_db_str(&q, 0) ...;
 *   mm_db_done(&q);
 *   return rc; */
int mm_db_query_row(struct mm_res *r, const char *sql, const char *types, ...);

/* One-row helpers: 1 found (value copied), 0 no row, < 0 error. */
int mm_db_get_int(long long *out, const char *sql, const char *types, ...);

int mm_db_begin(void);
/* 1 inside mm_db_begin … commit/rollback: a helper that needs several
 * statements to be atomic then joins the caller's transaction. */
int mm_db_in_transaction(void);
int mm_db_commit(void);
void mm_db_rollback(void);
/* Runs fn inside a transaction, retrying it on MM_DB_RETRY (ERROR 1213 arrives
 * at COMMIT under Galera). fn returns 0 to commit, anything else to roll back;
 * that value is returned. */
int mm_db_transaction(int (*fn)(void *ctx), void *ctx);
/* The same at READ COMMITTED: no gap locks, so transactions that first
 * lock one row of their own (SELECT … FOR UPDATE on a row that exists) and
 * then delete and insert in ranges of other tables do not wait on, nor
 * deadlock with, those of other rows whose ranges border theirs. Their
 * reads after that lock see every transaction it waited for. Needs
 * binlog_format ROW or MIXED (the default) on a server that writes a
 * binary log. */
int mm_db_transaction_read_committed(int (*fn)(void *ctx), void *ctx);
/* After a failed mm_db_commit or mm_db_transaction: 1 when the COMMIT was
 * sent and its answer lost (connection dropped, read timeout): the
 * transaction may have committed. 0 when it surely did not: fn refused,
 * a statement before COMMIT failed, or the server answered the COMMIT with
 * an error. Work outside the database that only a committed transaction
 * keeps (a stored file) is then left for a sweep that checks the rows,
 * rather than undone. Reset by mm_db_begin. */
int mm_db_commit_unknown(void);

/* Runs a multi-statement SQL script read from the installed sql/ directory
 * (migrations; trusted text only, never user input). 0 or an error. */
int mm_db_run_script(const char *sql_text);

/* Counts one hit in bucket (e.g. "signup:ip:192.0.2.1"): 1 when within limit
 * hits per window_seconds, 0 when over it, < 0 on error. */
int mm_rate_limit(const char *bucket, int limit, int window_seconds, time_t now);
/* The part of a client address a per-client limit counts: the address for
 * IPv4, its /64 network for IPv6 (one subscriber holds a whole /64). */
const char *mm_rate_client(const char *remote_addr, char out[64]);
/* Counts one mail to email in the bucket "<kind>:to:<hash>" (the address
 * with ASCII letters folded to lower case, SHA-256, 16 bytes in hex: no
 * address is stored, and "A@x" and "a@x" are one mailbox); as
 * mm_rate_limit. */
int mm_rate_limit_recipient(const char *kind, const char *email, int limit, int window_seconds,
			    time_t now);

/* "YYYY-MM-DD HH:MM:SS" (UTC) to time_t; 0 when malformed. */
time_t mm_db_parse_datetime(const char *s);

#endif
