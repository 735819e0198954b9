#include "mm_db.h"
#include "mm_civil.h"
#include "mm_config.h"
#include "mm_log.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <mysql.h>
#include <errmsg.h>
#include <poll.h>
#include <mysqld_error.h>

/* The per-process connection and its statement cache, keyed by the SQL text
 * pointer (callers pass string literals). */
static MYSQL *db_conn;
static int db_down;
/* A transaction is open; it stays "open" after its connection was lost, so
 * that its remaining statements fail instead of running on a new connection
 * outside it, until the caller commits or rolls back. */
static int db_in_tx;
/* Counts connections closed: a result from an older one can no longer be read. */
static unsigned db_gen;
static int db_unlimited;
static unsigned db_long_read;	/* mm_db_long_reads: seconds, 0 = Db.ReadTimeout */
/* When the server last answered a statement (CLOCK_MONOTONIC seconds). */
static double db_answered_at;

#define STMT_CACHE 64
static struct {
	const char *sql;
	MYSQL_STMT *stmt;
	unsigned busy;		/* open results reading from it */
	unsigned long long used;	/* when it was last used, for eviction */
} stmt_cache[STMT_CACHE];
static unsigned long long stmt_clock;

/* A prepared statement in use: a cache slot, or slot -1 when it is a one-off
 * (its cached twin is busy, or every slot is) closed after use. */
struct stmt_ref {
	MYSQL_STMT *stmt;
	int slot;
};

/* Statements with an open result are left to that result: mysql_close only
 * detaches them, and mm_db_done closes them once it sees the old generation. */
static void stmt_cache_clear(void)
{
	for (int i = 0; i < STMT_CACHE; i++) {
		if (stmt_cache[i].stmt && !stmt_cache[i].busy)
			mysql_stmt_close(stmt_cache[i].stmt);
		stmt_cache[i].sql = NULL;
		stmt_cache[i].stmt = NULL;
		stmt_cache[i].busy = 0;
	}
}

static void stmt_ref_end(struct stmt_ref *ref)
{
	if (ref->stmt && ref->slot < 0)
		mysql_stmt_close(ref->stmt);
	ref->stmt = NULL;
}

static int is_conn_error(unsigned err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	       err == CR_CONNECTION_ERROR || err == CR_CONN_HOST_ERROR ||
	       err == CR_SERVER_LOST_EXTENDED || err == ER_CONNECTION_KILLED ||
	       err == CR_COMMANDS_OUT_OF_SYNC || err == ER_SERVER_SHUTDOWN;
}

static int classify(unsigned err)
{
	if (is_conn_error(err)) {
		db_down = 1;
		return MM_DB_DOWN;
	}
	/* a statement over the server's time cap: overloaded, not broken; a
	 * handler that does not ask the user to narrow a search answers 503 */
	if (err == ER_STATEMENT_TIMEOUT) {
		db_down = 1;
		return MM_DB_TIMEOUT;
	}
	if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
		return MM_DB_RETRY;
	/* a Galera node that is not (yet) part of the primary component, e.g.
	 * while it catches up after a restart, refuses every statement */
	if (err == ER_UNKNOWN_COM_ERROR) {
		db_down = 1;
		return MM_DB_DOWN;
	}
	if (err == ER_DUP_ENTRY)
		return MM_DB_DUP;
	return MM_DB_ERR;
}

/* Drops the connection but not the transaction state (see db_in_tx). */
static void conn_drop(void)
{
	stmt_cache_clear();
	if (db_conn)
		mysql_close(db_conn);
	db_conn = NULL;
	db_gen++;
}

void mm_db_close(void)
{
	conn_drop();
	db_in_tx = 0;
}

void mm_db_unlimited(void)
{
	db_unlimited = 1;
}

static unsigned cfg_seconds(const char *key, long def)
{
	long v = mm_cfg_int(key, def);
	return v < 0 || v > 86400 ? (unsigned)def : (unsigned)v;
}

static unsigned read_timeout(void)
{
	return db_unlimited ? 0 : db_long_read ? db_long_read : cfg_seconds("Db.ReadTimeout", 5);
}

void mm_db_long_reads(unsigned seconds)
{
	if (seconds == db_long_read)
		return;
	db_long_read = seconds;
	/* the client library takes the timeout at connect time only */
	if (db_conn && !db_in_tx)
		conn_drop();
}

/* Db.Tls = on: TLS with the server certificate verified (against Db.CaFile,
 * else the system's CAs) and its name checked; no fallback to plain text. */
static int tls_options(MYSQL *c)
{
	const char *tls = mm_cfg_str("Db.Tls", "off");
	if (strcmp(tls, "off") == 0)
		return 0;
	if (strcmp(tls, "on") != 0) {
		mm_log_error("db: Db.Tls must be off or on, not %s", tls);
		return -1;
	}
	my_bool on = 1;
	const char *ca = mm_cfg_str("Db.CaFile", NULL);
	const char *cert = mm_cfg_str("Db.CertFile", NULL);
	const char *key = mm_cfg_str("Db.KeyFile", NULL);
	if (mysql_optionsv(c, MYSQL_OPT_SSL_ENFORCE, &on) ||
	    mysql_optionsv(c, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on) ||
	    mysql_optionsv(c, MARIADB_OPT_TLS_VERSION, "TLSv1.2,TLSv1.3") ||
	    (ca && mysql_optionsv(c, MYSQL_OPT_SSL_CA, ca)) ||
	    (cert && mysql_optionsv(c, MYSQL_OPT_SSL_CERT, cert)) ||
	    (key && mysql_optionsv(c, MYSQL_OPT_SSL_KEY, key))) {
		mm_log_error("db: TLS options refused by the client library");
		return -1;
	}
	return 0;
}

/* SET SESSION <variable> = ? with one integer, as a prepared statement. */
static int set_session_int(MYSQL *c, const char *sql, long long value, const char *what)
{
	MYSQL_BIND b;
	memset(&b, 0, sizeof b);
	b.buffer_type = MYSQL_TYPE_LONGLONG;
	b.buffer = &value;
	MYSQL_STMT *st = mysql_stmt_init(c);
	int ok = st && mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) == 0 &&
		 mysql_stmt_bind_param(st, &b) == 0 && mysql_stmt_execute(st) == 0;
	if (!ok)
		mm_log_error("db: cannot set %s: %s", what,
			     st ? mysql_stmt_error(st) : mysql_error(c));
	if (st)
		mysql_stmt_close(st);
	return ok ? 0 : -1;
}

/* The server stops a statement a second before the client would give up
 * waiting, so a slow statement ends with an error and a usable connection,
 * never left running on the server after the client went away. A wait for
 * a table's metadata lock (a statement's prepare, which max_statement_time
 * does not cover, behind a schema change or LOCK TABLES) ends as early. */
static int set_statement_cap(MYSQL *c)
{
	if (db_unlimited)
		return 0;
	unsigned rt = read_timeout();
	long cap = rt > 1 ? (long)rt - 1 : 0;
	/* Db.StatementTimeout caps the pages' statements (0: none). Under long
	 * reads the job's own wait decides: a configured page cap would cut
	 * the job short. */
	if (!db_long_read) {
		long configured = mm_cfg_int("Db.StatementTimeout", cap);
		cap = configured <= 0 ? 0 : cap > 0 && cap < configured ? cap : configured;
	}
	if (cap <= 0)
		return 0;
	if (set_session_int(c, "SET SESSION max_statement_time = ?", cap, "max_statement_time") < 0)
		return -1;
	return set_session_int(c, "SET SESSION lock_wait_timeout = ?", cap, "lock_wait_timeout");
}

/* Galera (Db.SyncWait = 1): a node applies the others' write sets a moment
 * after they commit, so a request that lands on another app host than the
 * one before (a login, then the next page) could miss the session it just
 * made. With wsrep_sync_wait = 1 every read waits until this node has
 * applied what the cluster committed before it began. 0 (one server) sets
 * nothing. */
static int set_sync_wait(MYSQL *c)
{
	long mask = mm_cfg_int("Db.SyncWait", 0);
	if (mask <= 0 || mask > 15)
		return 0;
	return set_session_int(c, "SET SESSION wsrep_sync_wait = ?", mask, "wsrep_sync_wait");
}

static int conn_open(void)
{
	db_conn = mysql_init(NULL);
	if (!db_conn)
		return MM_DB_DOWN;
	unsigned connect_s = cfg_seconds("Db.ConnectTimeout", 3);
	unsigned read_s = read_timeout();
	unsigned write_s = db_unlimited ? 0 : cfg_seconds("Db.WriteTimeout", 5);
	mysql_optionsv(db_conn, MYSQL_OPT_CONNECT_TIMEOUT, &connect_s);
	mysql_optionsv(db_conn, MYSQL_OPT_READ_TIMEOUT, &read_s);
	mysql_optionsv(db_conn, MYSQL_OPT_WRITE_TIMEOUT, &write_s);
	mysql_optionsv(db_conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* every DATETIME the programs write is UTC */
	mysql_optionsv(db_conn, MYSQL_INIT_COMMAND,
		       "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
	const char *sock = mm_cfg_str("Db.Socket", NULL);
	const char *host = mm_cfg_str("Db.Host", sock ? "localhost" : "127.0.0.1");
	if (tls_options(db_conn) < 0 ||
	    !mysql_real_connect(db_conn, host, mm_cfg_str("Db.User", "mimamori"),
				mm_cfg_str("Db.Password", ""), mm_cfg_str("Db.Name", "mimamori"),
				(unsigned)mm_cfg_int("Db.Port", 3306), sock,
				/* affected rows = rows matched: a conditional UPDATE
				 * that matches but changes nothing still counts */
				CLIENT_FOUND_ROWS) ||
	    set_statement_cap(db_conn) < 0 || set_sync_wait(db_conn) < 0) {
		mm_log_error("db connect failed: %s", mysql_error(db_conn));
		mysql_close(db_conn);
		db_conn = NULL;
		db_down = 1;
		return MM_DB_DOWN;
	}
	db_down = 0;
	return 0;
}

int mm_db_connect(void)
{
	mm_db_close();
	return conn_open();
}

int mm_db_is_down(void)
{
	return db_down;
}

/* Between statements nothing is due from the server: a readable socket means
 * it closed the connection (idle timeout, restart, KILL), which a statement
 * sent now would only find out after sending it. */
static int conn_closed_by_server(void)
{
	struct pollfd pfd = { .fd = (int)mysql_get_socket(db_conn), .events = POLLIN };
	if (pfd.fd < 0)
		return 1;
	return poll(&pfd, 1, 0) != 0;
}

static double monotonic_seconds(void);

/* The statements of one request follow each other within milliseconds: a
 * connection that answered that recently is not looked at again (the poll
 * is a system call per statement). Should the server close it even so, a
 * read is sent again on a new connection as for any connection lost. */
#define RECENT_ANSWER_S 0.1

/* A connection to send a statement on: connects when there is none, and
 * replaces one the server has closed, unless a transaction was open on it. */
static int conn_ready(void)
{
	if (db_conn && monotonic_seconds() - db_answered_at >= RECENT_ANSWER_S &&
	    conn_closed_by_server()) {
		conn_drop();
		db_down = 1;
		if (db_in_tx)
			mm_log_warn("db connection lost inside a transaction");
		else
			mm_log_warn("db connection closed by the server, reconnecting");
	}
	if (db_conn)
		return 0;
	if (db_in_tx)
		return MM_DB_DOWN;
	return conn_open();
}

/* A prepared statement for sql: the cached one, or a new one in a free slot
 * (else in the least recently used slot without an open result, else a
 * one-off). Slots with an open result are never closed under it. */
static int stmt_get(const char *sql, struct stmt_ref *ref)
{
	int free_slot = -1, lru = -1, busy_twin = 0;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (stmt_cache[i].sql == sql && stmt_cache[i].stmt) {
			if (!stmt_cache[i].busy) {
				stmt_cache[i].used = ++stmt_clock;
				ref->stmt = stmt_cache[i].stmt;
				ref->slot = i;
				return 0;
			}
			busy_twin = 1;
		} else if (!stmt_cache[i].stmt) {
			if (free_slot < 0)
				free_slot = i;
		} else if (!stmt_cache[i].busy &&
			   (lru < 0 || stmt_cache[i].used < stmt_cache[lru].used)) {
			lru = i;
		}
	}
	int slot = busy_twin ? -1 : free_slot >= 0 ? free_slot : lru;
	MYSQL_STMT *st = mysql_stmt_init(db_conn);
	if (!st)
		return MM_DB_ERR;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		unsigned err = mysql_stmt_errno(st);
		mm_log_error("db prepare failed (%u): %s", err, mysql_stmt_error(st));
		mysql_stmt_close(st);
		return classify(err);
	}
	if (slot >= 0) {
		if (stmt_cache[slot].stmt)
			mysql_stmt_close(stmt_cache[slot].stmt);
		stmt_cache[slot].sql = sql;
		stmt_cache[slot].stmt = st;
		stmt_cache[slot].busy = 0;
		stmt_cache[slot].used = ++stmt_clock;
	}
	ref->stmt = st;
	ref->slot = slot;
	return 0;
}

#define MAXPARAMS 32

struct params {
	MYSQL_BIND bind[MAXPARAMS];
	long long ints[MAXPARAMS];
	MYSQL_TIME times[MAXPARAMS];
	unsigned long lens[MAXPARAMS];
	my_bool nulls[MAXPARAMS];
};

static int params_bind(struct params *p, const char *types, va_list ap)
{
	memset(p, 0, sizeof *p);
	size_t n = strlen(types);
	if (n > MAXPARAMS)
		return -1;
	for (size_t i = 0; i < n; i++) {
		MYSQL_BIND *b = &p->bind[i];
		switch (types[i]) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			b->buffer_type = MYSQL_TYPE_STRING;
			if (!s) {
				p->nulls[i] = 1;
				b->is_null = &p->nulls[i];
			} else {
				b->buffer = (void *)s;
				p->lens[i] = (unsigned long)strlen(s);
				b->length = &p->lens[i];
			}
			break;
		}
		case 'i':
		case 'n':
			p->ints[i] = va_arg(ap, long long);
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &p->ints[i];
			if (types[i] == 'n' && p->ints[i] == 0) {
				p->nulls[i] = 1;
				b->is_null = &p->nulls[i];
			}
			break;
		case 't':
		case 'T': {
			time_t t = va_arg(ap, time_t);
			if (types[i] == 'T' && t == 0) {
				p->nulls[i] = 1;
				b->is_null = &p->nulls[i];
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			struct tm tm;
			gmtime_r(&t, &tm);
			MYSQL_TIME *mt = &p->times[i];
			mt->year = (unsigned)tm.tm_year + 1900;
			mt->month = (unsigned)tm.tm_mon + 1;
			mt->day = (unsigned)tm.tm_mday;
			mt->hour = (unsigned)tm.tm_hour;
			mt->minute = (unsigned)tm.tm_min;
			mt->second = (unsigned)tm.tm_sec;
			mt->time_type = MYSQL_TIMESTAMP_DATETIME;
			b->buffer_type = MYSQL_TYPE_DATETIME;
			b->buffer = mt;
			break;
		}
		case 'b': {
			const void *data = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			b->buffer_type = MYSQL_TYPE_BLOB;
			b->buffer = (void *)data;
			p->lens[i] = (unsigned long)len;
			b->length = &p->lens[i];
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

static int is_select(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0;
}

static double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A failure that took the whole read timeout: the server hangs, and trying
 * again would keep the request waiting as long once more. */
static int timed_out(double since)
{
	unsigned rt = read_timeout();
	return rt > 0 && monotonic_seconds() - since >= (double)rt - 0.5;
}

/* Binds and executes (see mm_db_exec for when a statement is sent again). */
static int stmt_run(struct stmt_ref *ref, const char *sql, const char *types, va_list ap)
{
	struct params p;
	ref->stmt = NULL;
	for (int attempt = 0;; attempt++) {
		va_list aq;
		va_copy(aq, ap);
		int bad = params_bind(&p, types, aq);
		va_end(aq);
		if (bad) {
			mm_log_error("db: bad parameter types \"%s\"", types);
			return MM_DB_ERR;
		}
		int rc = conn_ready();
		if (rc < 0)
			return rc;
		double t0 = monotonic_seconds();
		rc = stmt_get(sql, ref);
		if (rc < 0) {
			if (rc != MM_DB_DOWN)
				return rc;
			conn_drop();
			/* not executed: a prepare only */
			if (attempt == 0 && !db_in_tx && !timed_out(t0))
				continue;
			return rc;
		}
		MYSQL_STMT *st = ref->stmt;
		if (mysql_stmt_param_count(st) != strlen(types)) {
			mm_log_error("db: %lu placeholders, %zu parameters",
				     mysql_stmt_param_count(st), strlen(types));
			stmt_ref_end(ref);
			return MM_DB_ERR;
		}
		t0 = monotonic_seconds();
		if (mysql_stmt_bind_param(st, p.bind) == 0 && mysql_stmt_execute(st) == 0) {
			db_down = 0;
			db_answered_at = monotonic_seconds();
			return 0;
		}
		unsigned err = mysql_stmt_errno(st);
		rc = classify(err);
		if (rc != MM_DB_DUP)
			mm_log_error("db execute failed (%u): %s", err, mysql_stmt_error(st));
		stmt_ref_end(ref);
		if (rc != MM_DB_DOWN || !is_conn_error(err))
			return rc;
		conn_drop();
		if (attempt == 0 && !db_in_tx && is_select(sql) && !timed_out(t0)) {
			mm_log_warn("db connection lost (%u), reading again", err);
			continue;
		}
		return rc;
	}
}

long long mm_db_exec(const char *sql, const char *types, ...)
{
	struct stmt_ref ref;
	va_list ap;
	va_start(ap, types);
	int rc = stmt_run(&ref, sql, types, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	long long n = (long long)mysql_stmt_affected_rows(ref.stmt);
	stmt_ref_end(&ref);
	return n;
}

unsigned long long mm_db_insert_id(void)
{
	return db_conn ? mysql_insert_id(db_conn) : 0;
}

/* Takes over the statement of ref: from here mm_db_done releases it. */
static int res_open(struct mm_res *r, struct stmt_ref *ref, int buffered)
{
	memset(r, 0, sizeof *r);
	MYSQL_STMT *st = ref->stmt;
	r->stmt = st;
	r->slot = ref->slot;
	r->conn_gen = db_gen;
	if (ref->slot >= 0)
		stmt_cache[ref->slot].busy++;
	ref->stmt = NULL;
	r->ncols = mysql_stmt_field_count(st);
	if (r->ncols > MM_DB_MAXCOLS) {
		r->ncols = 0;
		return MM_DB_ERR;
	}
	r->unbuffered = !buffered;
	if (buffered && mysql_stmt_store_result(st) != 0) {
		int rc = classify(mysql_stmt_errno(st));
		/* An error while the rows arrive (ERROR 1969 of max_statement_time
		 * comes here) leaves the statement in the middle of a result: its
		 * next execution would wait for packets that never come. Reset it;
		 * if even that fails, start again on a fresh connection (mm_db_done
		 * then closes the statement, whose connection generation is gone). */
		if (mysql_stmt_reset(st) != 0)
			mm_db_close();
		return rc;
	}
	MYSQL_BIND *b = calloc(r->ncols ? r->ncols : 1, sizeof *b);
	if (!b)
		return MM_DB_ERR;
	r->binds = b;
	for (unsigned i = 0; i < r->ncols; i++) {
		r->caps[i] = 256;
		r->bufs[i] = malloc(r->caps[i]);
		if (!r->bufs[i])
			return MM_DB_ERR;
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = r->bufs[i];
		b[i].buffer_length = r->caps[i] - 1;
		b[i].length = &r->lens[i];
		b[i].is_null = (my_bool *)&r->nulls[i];
	}
	if (r->ncols && mysql_stmt_bind_result(st, b) != 0)
		return MM_DB_ERR;
	return 0;
}

/* A result that could not be opened: released, and a connection that broke
 * while the rows came in is dropped. */
static int res_failed(struct mm_res *r, int rc)
{
	unsigned err = r->stmt ? mysql_stmt_errno(r->stmt) : 0;
	mm_db_done(r);
	if (rc == MM_DB_DOWN && is_conn_error(err))
		conn_drop();
	return rc;
}

/* buffered: the whole result is fetched into the client at once (the
 * statement is free for the next one); otherwise rows are read from the
 * server as the caller walks them, for results too large to hold */
static int query_open(struct mm_res *r, int buffered, const char *sql,
		      const char *types, va_list ap)
{
	struct stmt_ref ref;
	int rc = stmt_run(&ref, sql, types, ap);
	if (rc < 0) {
		memset(r, 0, sizeof *r);
		return rc;
	}
	rc = res_open(r, &ref, buffered);
	return rc < 0 ? res_failed(r, rc) : rc;
}

int mm_db_query(struct mm_res *r, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = query_open(r, 1, sql, types, ap);
	va_end(ap);
	return rc;
}

int mm_db_query_stream(struct mm_res *r, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = query_open(r, 0, sql, types, ap);
	va_end(ap);
	return rc;
}

int mm_db_next(struct mm_res *r)
{
	MYSQL_STMT *st = r->stmt;
	if (!st)
		return 0;
	/* the connection it came from was closed: the client library has
	 * detached the statement, reading it would crash */
	if (r->conn_gen != db_gen) {
		db_down = 1;
		return MM_DB_DOWN;
	}
	int rc = mysql_stmt_fetch(st);
	if (rc == MYSQL_NO_DATA) {
		r->ended = 1;
		return 0;
	}
	if (rc == 1)
		return classify(mysql_stmt_errno(st));
	MYSQL_BIND *b = r->binds;
	int rebind = 0;
	for (unsigned i = 0; i < r->ncols; i++) {
		if (r->nulls[i]) {
			r->bufs[i][0] = '\0';
			continue;
		}
		if (r->kinds[i] == 'i' || r->kinds[i] == 't')
			continue;	/* fixed size, in its own buffer */
		if (r->lens[i] >= r->caps[i]) {	/* truncated: grow and refetch */
			unsigned long cap = r->lens[i] + 1;
			char *nb = realloc(r->bufs[i], cap);
			if (!nb)
				return MM_DB_ERR;
			r->bufs[i] = nb;
			r->caps[i] = cap;
			b[i].buffer = nb;
			b[i].buffer_length = cap - 1;
			rebind = 1;
			if (mysql_stmt_fetch_column(st, &b[i], i, 0) != 0)
				return MM_DB_ERR;
		}
		r->bufs[i][r->lens[i]] = '\0';
	}
	/* the statement keeps its own copy of the bindings: hand it the grown
	 * buffers, or the next row is written into the freed ones */
	if (rebind && mysql_stmt_bind_result(st, b) != 0)
		return MM_DB_ERR;
	return 1;
}

const char *mm_db_str(const struct mm_res *r, unsigned col)
{
	if (col >= r->ncols || r->nulls[col])
		return NULL;
	return r->bufs[col];
}

size_t mm_db_len(const struct mm_res *r, unsigned col)
{
	return col < r->ncols && !r->nulls[col] ? r->lens[col] : 0;
}

long long mm_db_int(const struct mm_res *r, unsigned col)
{
	const char *s = mm_db_str(r, col);
	return s ? strtoll(s, NULL, 10) : 0;
}

/* the canonical "YYYY-MM-DD HH:MM:SS" of MariaDB's DATETIME text, read
 * without sscanf and timegm: exports parse one per row, a million rows */
static int canonical_datetime(const char *s, time_t *t)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	int v[14], n = 0;
	for (int i = 0; shape[i]; i++) {
		if (shape[i] == 'd') {
			if (s[i] < '0' || s[i] > '9')
				return 0;
			v[n++] = s[i] - '0';
		} else if (s[i] != shape[i]) {
			return 0;
		}
	}
	if (s[19] != '\0')
		return 0;
	long long y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	unsigned m = (unsigned)(v[4] * 10 + v[5]), d = (unsigned)(v[6] * 10 + v[7]);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;	/* timegm's normalising is left to timegm */
	long long days = mm_days_from_civil(y, (int)m, (int)d);
	*t = (time_t)(days * 86400 + (v[8] * 10 + v[9]) * 3600 + (v[10] * 10 + v[11]) * 60 +
		      v[12] * 10 + v[13]);
	return 1;
}

time_t mm_db_parse_datetime(const char *s)
{
	struct tm tm;
	time_t t;
	if (s && canonical_datetime(s, &t))
		return t;
	memset(&tm, 0, sizeof tm);
	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			 &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

time_t mm_db_time(const struct mm_res *r, unsigned col)
{
	return mm_db_parse_datetime(mm_db_str(r, col));
}

int mm_db_native(struct mm_res *r, const char *kinds)
{
	MYSQL_BIND *b = r->binds;
	if (!r->stmt || !b || strlen(kinds) > r->ncols)
		return MM_DB_ERR;
	for (unsigned i = 0; kinds[i]; i++) {
		enum enum_field_types type;
		size_t size;
		switch (kinds[i]) {
		case 's':
			continue;
		case 'i':
			type = MYSQL_TYPE_LONGLONG;
			size = sizeof(long long);
			break;
		case 't':
			type = MYSQL_TYPE_DATETIME;
			size = sizeof(MYSQL_TIME);
			break;
		default:
			return MM_DB_ERR;
		}
		if (size > r->caps[i])
			return MM_DB_ERR;
		r->kinds[i] = kinds[i];
		b[i].buffer_type = type;
		b[i].buffer_length = (unsigned long)size;
		b[i].is_unsigned = 0;
	}
	return mysql_stmt_bind_result(r->stmt, b) != 0 ? MM_DB_ERR : 0;
}

long long mm_db_i64(const struct mm_res *r, unsigned col)
{
	if (col >= r->ncols || r->nulls[col] || r->kinds[col] != 'i')
		return 0;
	long long v;
	memcpy(&v, r->bufs[col], sizeof v);
	return v;
}

static void two_digits(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

time_t mm_db_datetime(const struct mm_res *r, unsigned col, char out[20])
{
	out[0] = '\0';
	if (col >= r->ncols || r->nulls[col] || r->kinds[col] != 't')
		return 0;
	MYSQL_TIME t;
	memcpy(&t, r->bufs[col], sizeof t);
	if (t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 ||
	    t.hour > 23 || t.minute > 59 || t.second > 59)
		return 0;
	two_digits(out, t.year / 100);
	two_digits(out + 2, t.year % 100);
	out[4] = '-';
	two_digits(out + 5, t.month);
	out[7] = '-';
	two_digits(out + 8, t.day);
	out[10] = ' ';
	two_digits(out + 11, t.hour);
	out[13] = ':';
	two_digits(out + 14, t.minute);
	out[16] = ':';
	two_digits(out + 17, t.second);
	out[19] = '\0';
	time_t at;
	return canonical_datetime(out, &at) ? at : 0;
}

void mm_db_done(struct mm_res *r)
{
	MYSQL_STMT *st = r->stmt;
	/* rows of an unbuffered result still coming: reading them all could
	 * take long (an export whose client went away); a new connection is
	 * cheaper, and closing this one stops the query on the server */
	if (st && r->unbuffered && !r->ended && r->conn_gen == db_gen) {
		mm_log_warn("db: unbuffered result left unread, reconnecting");
		conn_drop();
	}
	if (st && (r->slot < 0 || r->conn_gen != db_gen)) {
		mysql_stmt_close(st);	/* one-off, or left over from a closed connection */
	} else if (st) {
		/* the result was buffered whole: freeing it is enough, and it costs
		 * no round trip (mysql_stmt_reset would add one to every query) */
		mysql_stmt_free_result(st);
		stmt_cache[r->slot].busy--;
	}
	for (unsigned i = 0; i < r->ncols && i < MM_DB_MAXCOLS; i++)
		free(r->bufs[i]);
	free(r->binds);
	memset(r, 0, sizeof *r);
}

/* The first row of a buffered result: 1 ready in r, else 0 or an error
 * and r released. */
static int query_row(struct mm_res *r, const char *sql, const char *types, va_list ap)
{
	int rc = query_open(r, 1, sql, types, ap);
	if (rc == 0)
		rc = mm_db_next(r);
	if (rc != 1)
		mm_db_done(r);
	return rc;
}

int mm_db_query_row(struct mm_res *r, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = query_row(r, sql, types, ap);
	va_end(ap);
	return rc;
}

int mm_db_get_int(long long *out, const char *sql, const char *types, ...)
{
	struct mm_res r;
	va_list ap;
	va_start(ap, types);
	int rc = query_row(&r, sql, types, ap);
	va_end(ap);
	if (rc == 1)
		*out = mm_db_int(&r, 0);
	mm_db_done(&r);
	return rc;
}

/* The last COMMIT was sent and no answer came back (mm_db_commit_unknown). */
static int db_commit_unknown;

/* 1 when a statement that failed with err surely did nothing: an error
 * the server itself sent (it reached the server, which refused it), or
 * CR_SERVER_GONE_ERROR, which Connector/C sets when the statement could not
 * be written (a connection the server had already closed: it rolled the
 * transaction back). Its other errors (connection lost while waiting for
 * the answer, read timeout...; 5000 and up) say nothing of what the server
 * did with a statement already sent. */
static int surely_not_done(unsigned err)
{
	return (err >= 1000 && err < 2000) || (err >= 3000 && err < 5000) ||
	       err == CR_SERVER_GONE_ERROR;
}

/* Transaction control: constant SQL, sent once (a COMMIT that was sent may
 * have committed). *unanswered (if given) is set when the statement was
 * sent but its answer lost. */
static int simple_command_sent(const char *sql, int *unanswered)
{
	int rc = conn_ready();
	if (rc < 0)
		return rc;	/* not sent: no connection, or the server closed it */
	if (mysql_real_query(db_conn, sql, (unsigned long)strlen(sql)) != 0) {
		unsigned err = mysql_errno(db_conn);
		if (unanswered)
			*unanswered = !surely_not_done(err);
		rc = classify(err);
		mm_log_error("db %s failed: %s", sql, mysql_error(db_conn));
		if (rc == MM_DB_DOWN && is_conn_error(err))
			conn_drop();
		return rc;
	}
	return 0;
}

static int simple_command(const char *sql)
{
	return simple_command_sent(sql, NULL);
}

/* START TRANSACTION, after isolation (a SET TRANSACTION statement for the
 * next transaction only) when given. */
static int begin_with(const char *isolation)
{
	if (db_in_tx)	/* one left unfinished must not swallow this one */
		mm_db_rollback();
	db_commit_unknown = 0;
	int rc = isolation ? simple_command(isolation) : 0;
	if (rc == 0)
		rc = simple_command("START TRANSACTION");
	if (rc == 0)
		db_in_tx = 1;
	return rc;
}

int mm_db_begin(void)
{
	return begin_with(NULL);
}

int mm_db_in_transaction(void)
{
	return db_in_tx;
}

int mm_db_commit(void)
{
	db_commit_unknown = 0;
	int rc = simple_command_sent("COMMIT", &db_commit_unknown);
	db_in_tx = 0;
	return rc;
}

int mm_db_commit_unknown(void)
{
	return db_commit_unknown;
}

void mm_db_rollback(void)
{
	if (db_conn)
		simple_command("ROLLBACK");
	db_in_tx = 0;
}

static int transaction_run(int (*fn)(void *ctx), void *ctx, const char *isolation)
{
	int rc = MM_DB_RETRY;
	for (int attempt = 0; attempt < 4 && rc == MM_DB_RETRY; attempt++) {
		rc = begin_with(isolation);
		if (rc < 0)
			return rc;
		rc = fn(ctx);
		if (rc != 0) {
			mm_db_rollback();
			continue;
		}
		rc = mm_db_commit();
		if (rc != 0)
			mm_db_rollback();
	}
	return rc;
}

int mm_db_transaction(int (*fn)(void *ctx), void *ctx)
{
	return transaction_run(fn, ctx, NULL);
}

int mm_db_transaction_read_committed(int (*fn)(void *ctx), void *ctx)
{
	/* should the connection be replaced between the two statements, the
	 * transaction runs at the server's level: only the lock waits differ */
	return transaction_run(fn, ctx, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
}

int mm_db_run_script(const char *sql_text)
{
	int ready = conn_ready();
	if (ready < 0)
		return ready;
	if (mysql_set_server_option(db_conn, MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0)
		return classify(mysql_errno(db_conn));
	int rc = 0;
	/* the script comes from the sql/ directory of the installation */
	if (mysql_real_query(db_conn, sql_text, (unsigned long)strlen(sql_text)) != 0) {
		rc = classify(mysql_errno(db_conn));
		mm_log_error("script failed: %s", mysql_error(db_conn));
	} else {
		int more;
		do {
			MYSQL_RES *res = mysql_store_result(db_conn);
			if (res)
				mysql_free_result(res);
			more = mysql_next_result(db_conn);
			if (more > 0) {
				rc = classify(mysql_errno(db_conn));
				mm_log_error("script failed: %s", mysql_error(db_conn));
			}
		} while (more == 0);
	}
	mysql_set_server_option(db_conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
	return rc;
}

/* mm_db_exec_bulk's column arrays. Connector/C reads a variable-length
 * column as an array of pointers and a fixed-size one as packed values;
 * DATETIME counts as variable there, so times go as text. */
#define BULK_TIME_LEN 20	/* "YYYY-MM-DD HH:MM:SS" + NUL */
struct bulk_col {
	unsigned long *lens;
	char *indicators;
	char (*times)[BULK_TIME_LEN];
	const char **row_ptrs;	/* the rows' pointers of a 't' or 'h' column */
};

static void bulk_cols_free(struct bulk_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cols[i].lens);
		free(cols[i].indicators);
		free(cols[i].times);
		free(cols[i].row_ptrs);
	}
}

static int bulk_bind(MYSQL_BIND *b, struct bulk_col *c, char type, unsigned rows, va_list *ap)
{
	switch (type) {
	case 's': {
		const char *const *v = va_arg(*ap, const char *const *);
		c->lens = calloc(rows, sizeof *c->lens);
		c->indicators = calloc(rows, 1);
		if (!c->lens || !c->indicators)
			return -1;
		for (unsigned r = 0; r < rows; r++) {
			if (v[r])
				c->lens[r] = (unsigned long)strlen(v[r]);
			else
				c->indicators[r] = STMT_INDICATOR_NULL;
		}
		b->buffer_type = MYSQL_TYPE_STRING;
		b->buffer = (void *)v;
		b->length = c->lens;
		b->u.indicator = c->indicators;
		return 0;
	}
	case 'i':
	case 'n': {
		const long long *v = va_arg(*ap, const long long *);
		b->buffer_type = MYSQL_TYPE_LONGLONG;
		b->buffer = (void *)v;
		if (type == 'i')
			return 0;
		c->indicators = calloc(rows, 1);
		if (!c->indicators)
			return -1;
		for (unsigned r = 0; r < rows; r++)
			if (v[r] == 0)
				c->indicators[r] = STMT_INDICATOR_NULL;
		b->u.indicator = c->indicators;
		return 0;
	}
	case 't': {
		const time_t *v = va_arg(*ap, const time_t *);
		c->times = calloc(rows, sizeof *c->times);
		c->row_ptrs = calloc(rows, sizeof *c->row_ptrs);
		c->lens = calloc(rows, sizeof *c->lens);
		if (!c->times || !c->row_ptrs || !c->lens)
			return -1;
		for (unsigned r = 0; r < rows; r++) {
			struct tm tm;
			gmtime_r(&v[r], &tm);
			c->lens[r] = (unsigned long)strftime(c->times[r], sizeof c->times[r],
							     "%Y-%m-%d %H:%M:%S", &tm);
			c->row_ptrs[r] = c->times[r];
		}
		b->buffer_type = MYSQL_TYPE_STRING;
		b->buffer = (void *)c->row_ptrs;
		b->length = c->lens;
		return 0;
	}
	case 'h': {
		const unsigned char (*v)[32] = va_arg(*ap, const unsigned char (*)[32]);
		c->row_ptrs = calloc(rows, sizeof *c->row_ptrs);
		c->lens = calloc(rows, sizeof *c->lens);
		if (!c->row_ptrs || !c->lens)
			return -1;
		for (unsigned r = 0; r < rows; r++) {
			c->row_ptrs[r] = (const char *)v[r];
			c->lens[r] = 32;
		}
		b->buffer_type = MYSQL_TYPE_BLOB;
		b->buffer = (void *)c->row_ptrs;
		b->length = c->lens;
		return 0;
	}
	default:
		return -1;
	}
}

long long mm_db_exec_bulk(const char *sql, unsigned rows, const char *types, ...)
{
	size_t n = strlen(types);
	if (rows == 0)
		return 0;
	if (n > MAXPARAMS) {
		mm_log_error("db: bad parameter types \"%s\"", types);
		return MM_DB_ERR;
	}
	MYSQL_BIND bind[MAXPARAMS];
	struct bulk_col cols[MAXPARAMS];
	memset(bind, 0, sizeof bind);
	memset(cols, 0, sizeof cols);
	va_list ap;
	va_start(ap, types);
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++)
		bad = bulk_bind(&bind[i], &cols[i], types[i], rows, &ap);
	va_end(ap);
	long long result = MM_DB_ERR;
	struct stmt_ref ref = { NULL, -1 };
	if (bad) {
		mm_log_error("db: bad bulk parameters \"%s\"", types);
		goto out;
	}
	int rc = conn_ready();
	if (rc == 0)
		rc = stmt_get(sql, &ref);
	if (rc < 0) {
		if (rc == MM_DB_DOWN)
			conn_drop();
		result = rc;
		goto out;
	}
	MYSQL_STMT *st = ref.stmt;
	if (mysql_stmt_param_count(st) != n) {
		mm_log_error("db: %lu placeholders, %zu parameters", mysql_stmt_param_count(st), n);
		goto out;
	}
	unsigned size = rows, none = 0;
	if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &size) == 0 &&
	    mysql_stmt_bind_param(st, bind) == 0 && mysql_stmt_execute(st) == 0) {
		db_down = 0;
		result = (long long)mysql_stmt_affected_rows(st);
	} else {
		unsigned err = mysql_stmt_errno(st);
		result = classify(err);
		if (result != MM_DB_DUP)
			mm_log_error("db bulk execute failed (%u): %s", err, mysql_stmt_error(st));
		if (result == MM_DB_DOWN && is_conn_error(err)) {
			stmt_ref_end(&ref);
			conn_drop();
			goto out;
		}
	}
	/* the cached statement runs single rows again for its next user */
	mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &none);
out:
	stmt_ref_end(&ref);
	bulk_cols_free(cols, n);
	return result;
}
