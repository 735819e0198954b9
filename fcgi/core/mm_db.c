#include "mm_db.h"
#include "mm_config.h"
#include "mm_log.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

/* The per-process connection and its statement cache, keyed by the SQL text
 * pointer (callers pass string literals). */
static MYSQL *db_conn;
static int db_down;
static int db_in_tx;

#define STMT_CACHE 64
static struct {
	const char *sql;
	MYSQL_STMT *stmt;
} stmt_cache[STMT_CACHE];

static void stmt_cache_clear(void)
{
	for (int i = 0; i < STMT_CACHE; i++) {
		if (stmt_cache[i].stmt)
			mysql_stmt_close(stmt_cache[i].stmt);
		stmt_cache[i].sql = NULL;
		stmt_cache[i].stmt = NULL;
	}
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
	if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
		return MM_DB_RETRY;
	if (err == ER_DUP_ENTRY)
		return MM_DB_DUP;
	if (err == ER_STATEMENT_TIMEOUT)
		return MM_DB_TIMEOUT;
	return MM_DB_ERR;
}

void mm_db_close(void)
{
	stmt_cache_clear();
	if (db_conn)
		mysql_close(db_conn);
	db_conn = NULL;
	db_in_tx = 0;
}

int mm_db_connect(void)
{
	mm_db_close();
	db_conn = mysql_init(NULL);
	if (!db_conn)
		return MM_DB_DOWN;
	unsigned timeout = 3;
	mysql_optionsv(db_conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db_conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* every DATETIME the programs write is UTC */
	mysql_optionsv(db_conn, MYSQL_INIT_COMMAND,
		       "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
	const char *sock = mm_cfg_str("Db.Socket", NULL);
	const char *host = mm_cfg_str("Db.Host", sock ? "localhost" : "127.0.0.1");
	if (!mysql_real_connect(db_conn, host, mm_cfg_str("Db.User", "mimamori"),
				mm_cfg_str("Db.Password", ""), mm_cfg_str("Db.Name", "mimamori"),
				(unsigned)mm_cfg_int("Db.Port", 3306), sock,
				/* affected rows = rows matched: a conditional UPDATE
				 * that matches but changes nothing still counts */
				CLIENT_FOUND_ROWS)) {
		mm_log_error("db connect failed: %s", mysql_error(db_conn));
		mysql_close(db_conn);
		db_conn = NULL;
		db_down = 1;
		return MM_DB_DOWN;
	}
	db_down = 0;
	return 0;
}

int mm_db_is_down(void)
{
	return db_down;
}

/* A cached prepared statement for sql, connecting first when needed. */
static MYSQL_STMT *stmt_get(const char *sql, int *rc)
{
	if (!db_conn && mm_db_connect() < 0) {
		*rc = MM_DB_DOWN;
		return NULL;
	}
	unsigned h = (unsigned)(((uintptr_t)sql >> 3) % STMT_CACHE);
	for (unsigned probe = 0; probe < STMT_CACHE; probe++) {
		unsigned i = (h + probe) % STMT_CACHE;
		if (stmt_cache[i].sql == sql)
			return stmt_cache[i].stmt;
		if (!stmt_cache[i].sql) {
			h = i;
			goto fresh;
		}
	}
	/* cache full: evict the home slot */
	mysql_stmt_close(stmt_cache[h].stmt);
	stmt_cache[h].sql = NULL;
	stmt_cache[h].stmt = NULL;
fresh:;
	MYSQL_STMT *st = mysql_stmt_init(db_conn);
	if (!st) {
		*rc = MM_DB_ERR;
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		unsigned err = mysql_stmt_errno(st);
		mm_log_error("db prepare failed (%u): %s", err, mysql_stmt_error(st));
		mysql_stmt_close(st);
		*rc = classify(err);
		return NULL;
	}
	stmt_cache[h].sql = sql;
	stmt_cache[h].stmt = st;
	return st;
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

/* Binds and executes; on a lost connection outside a transaction, reconnects
 * once and tries again. */
static MYSQL_STMT *stmt_run(const char *sql, const char *types, va_list ap, int *rc)
{
	struct params p;
	for (int attempt = 0; attempt < 2; attempt++) {
		va_list aq;
		va_copy(aq, ap);
		int bad = params_bind(&p, types, aq);
		va_end(aq);
		if (bad) {
			mm_log_error("db: bad parameter types \"%s\"", types);
			*rc = MM_DB_ERR;
			return NULL;
		}
		MYSQL_STMT *st = stmt_get(sql, rc);
		if (!st) {
			if (*rc == MM_DB_DOWN && attempt == 0 && !db_in_tx && db_conn) {
				mm_db_close();
				continue;
			}
			return NULL;
		}
		if (mysql_stmt_param_count(st) != strlen(types)) {
			mm_log_error("db: %lu placeholders, %zu parameters",
				     mysql_stmt_param_count(st), strlen(types));
			*rc = MM_DB_ERR;
			return NULL;
		}
		if (mysql_stmt_bind_param(st, p.bind) == 0 && mysql_stmt_execute(st) == 0) {
			*rc = 0;
			return st;
		}
		unsigned err = mysql_stmt_errno(st);
		*rc = classify(err);
		if (*rc == MM_DB_DOWN && attempt == 0 && !db_in_tx) {
			mm_log_warn("db connection lost (%u), reconnecting", err);
			mm_db_close();
			if (mm_db_connect() < 0)
				return NULL;
			continue;
		}
		if (*rc != MM_DB_DUP)
			mm_log_error("db execute failed (%u): %s", err, mysql_stmt_error(st));
		if (*rc == MM_DB_DOWN)
			mm_db_close();
		return NULL;
	}
	return NULL;
}

long long mm_db_exec(const char *sql, const char *types, ...)
{
	int rc;
	va_list ap;
	va_start(ap, types);
	MYSQL_STMT *st = stmt_run(sql, types, ap, &rc);
	va_end(ap);
	if (!st)
		return rc;
	return (long long)mysql_stmt_affected_rows(st);
}

unsigned long long mm_db_insert_id(void)
{
	return db_conn ? mysql_insert_id(db_conn) : 0;
}

static int res_open(struct mm_res *r, MYSQL_STMT *st)
{
	memset(r, 0, sizeof *r);
	r->stmt = st;
	r->ncols = mysql_stmt_field_count(st);
	if (r->ncols > MM_DB_MAXCOLS)
		return MM_DB_ERR;
	if (mysql_stmt_store_result(st) != 0) {
		int rc = classify(mysql_stmt_errno(st));
		/* An error while the rows arrive (ERROR 1969 of max_statement_time
		 * comes here) leaves the statement in the middle of a result: its
		 * next execution would wait for packets that never come. Reset it;
		 * if even that fails, start again on a fresh connection. */
		if (mysql_stmt_reset(st) != 0) {
			r->stmt = NULL;
			mm_db_close();
		}
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

int mm_db_query(struct mm_res *r, const char *sql, const char *types, ...)
{
	int rc;
	va_list ap;
	va_start(ap, types);
	MYSQL_STMT *st = stmt_run(sql, types, ap, &rc);
	va_end(ap);
	if (!st) {
		memset(r, 0, sizeof *r);
		return rc;
	}
	rc = res_open(r, st);
	if (rc < 0)
		mm_db_done(r);
	return rc;
}

int mm_db_next(struct mm_res *r)
{
	MYSQL_STMT *st = r->stmt;
	if (!st)
		return 0;
	int rc = mysql_stmt_fetch(st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		return classify(mysql_stmt_errno(st));
	MYSQL_BIND *b = r->binds;
	int rebind = 0;
	for (unsigned i = 0; i < r->ncols; i++) {
		if (r->nulls[i]) {
			r->bufs[i][0] = '\0';
			continue;
		}
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

time_t mm_db_parse_datetime(const char *s)
{
	struct tm tm;
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

void mm_db_done(struct mm_res *r)
{
	/* the result was buffered whole: freeing it is enough, and it costs no
	 * round trip (mysql_stmt_reset would add one to every query) */
	if (r->stmt)
		mysql_stmt_free_result(r->stmt);
	for (unsigned i = 0; i < r->ncols && i < MM_DB_MAXCOLS; i++)
		free(r->bufs[i]);
	free(r->binds);
	memset(r, 0, sizeof *r);
}

int mm_db_get_int(long long *out, const char *sql, const char *types, ...)
{
	int rc;
	va_list ap;
	va_start(ap, types);
	MYSQL_STMT *st = stmt_run(sql, types, ap, &rc);
	va_end(ap);
	if (!st)
		return rc;
	struct mm_res r;
	rc = res_open(&r, st);
	if (rc == 0) {
		rc = mm_db_next(&r);
		if (rc == 1)
			*out = mm_db_int(&r, 0);
	}
	mm_db_done(&r);
	return rc;
}

static int simple_command(const char *sql)
{
	if (!db_conn && mm_db_connect() < 0)
		return MM_DB_DOWN;
	/* constant SQL only: transaction control */
	if (mysql_real_query(db_conn, sql, (unsigned long)strlen(sql)) != 0) {
		int rc = classify(mysql_errno(db_conn));
		mm_log_error("db %s failed: %s", sql, mysql_error(db_conn));
		if (rc == MM_DB_DOWN)
			mm_db_close();
		return rc;
	}
	return 0;
}

int mm_db_begin(void)
{
	int rc = simple_command("START TRANSACTION");
	if (rc == MM_DB_DOWN && db_conn == NULL)
		rc = simple_command("START TRANSACTION");	/* reconnect once */
	if (rc == 0)
		db_in_tx = 1;
	return rc;
}

int mm_db_commit(void)
{
	int rc = simple_command("COMMIT");
	db_in_tx = 0;
	return rc;
}

void mm_db_rollback(void)
{
	if (db_conn)
		simple_command("ROLLBACK");
	db_in_tx = 0;
}

int mm_db_transaction(int (*fn)(void *ctx), void *ctx)
{
	int rc = MM_DB_RETRY;
	for (int attempt = 0; attempt < 4 && rc == MM_DB_RETRY; attempt++) {
		rc = mm_db_begin();
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

int mm_db_run_script(const char *sql_text)
{
	if (!db_conn && mm_db_connect() < 0)
		return MM_DB_DOWN;
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
