/* The scanners' positive control: a FastCGI program with one SQL injection
 * (the "id" parameter is pasted into the query) and one reflected XSS (the
 * "q" parameter is echoed unescaped). tools/security/check.sh runs sqlmap and
 * wapiti against it and fails unless they find both: a scan setup that
 * finds nothing here would find nothing in the product either.
 *
 * Deliberately unsafe. Built only by `make security-control`, never
 * installed, never behind the production site; it serves on its own nginx
 * on 127.0.0.1 while the check runs.
 *
 *   mm-scan-control FCGI_SOCKET MARIADB_SOCKET */
#include <fcgiapp.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Query-string value of name, percent-decoded into out. */
static void query_value(const char *qs, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name), o = 0;
	out[0] = '\0';
	for (const char *p = qs; p && *p;) {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			for (const char *s = p + nlen + 1; s < end && o + 1 < outlen; s++) {
				unsigned int c;
				if (*s == '+') {
					out[o++] = ' ';
				} else if (*s == '%' && end - s >= 3 && sscanf(s + 1, "%2x", &c) == 1) {
					out[o++] = (char)c;
					s += 2;
				} else {
					out[o++] = *s;
				}
			}
			out[o] = '\0';
			return;
		}
		p = amp ? amp + 1 : NULL;
	}
}

static void answer(FCGX_Request *rq, MYSQL *db)
{
	const char *qs = FCGX_GetParam("QUERY_STRING", rq->envp);
	char id[512], q[512], sql[1024];
	query_value(qs, "id", id, sizeof id);
	query_value(qs, "q", q, sizeof q);
	FCGX_FPrintF(rq->out, "Content-Type: text/html; charset=utf-8\r\n\r\n"
		     "<!doctype html><html lang=\"en\"><head><title>scan control</title></head><body>\n"
		     "<h1>Scan control</h1>\n"
		     "<p><a href=\"/?id=1&amp;q=hello\">item 1</a></p>\n"
		     "<form method=\"get\" action=\"/\"><input name=\"id\" value=\"1\">"
		     "<input name=\"q\" value=\"hello\"><button>go</button></form>\n");
	if (q[0])
		FCGX_FPrintF(rq->out, "<p>You searched for %s</p>\n", q);	/* the planted XSS */
	if (id[0]) {
		/* the planted injection */
		snprintf(sql, sizeof sql, "SELECT 'item found' FROM DUAL WHERE 1 = %s", id);
		if (mysql_query(db, sql) != 0) {
			FCGX_FPrintF(rq->out, "<p>error: %s</p>\n", mysql_error(db));
		} else {
			MYSQL_RES *res = mysql_store_result(db);
			MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
			FCGX_FPrintF(rq->out, "<p>%s</p>\n", row && row[0] ? row[0] : "no such item");
			if (res)
				mysql_free_result(res);
		}
	}
	FCGX_FPrintF(rq->out, "</body></html>\n");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mm-scan-control FCGI_SOCKET MARIADB_SOCKET\n");
		return 2;
	}
	MYSQL *db = mysql_init(NULL);
	if (!db || !mysql_real_connect(db, NULL, "root", NULL, NULL, 0, argv[2], 0)) {
		fprintf(stderr, "mm-scan-control: MariaDB: %s\n", db ? mysql_error(db) : "no memory");
		return 1;
	}
	if (FCGX_Init() != 0)
		return 1;
	int fd = FCGX_OpenSocket(argv[1], 16);
	if (fd < 0) {
		fprintf(stderr, "mm-scan-control: cannot listen on %s\n", argv[1]);
		return 1;
	}
	/* nginx's workers may run as nobody */
	chmod(argv[1], 0666);
	FCGX_Request rq;
	FCGX_InitRequest(&rq, fd, 0);
	while (FCGX_Accept_r(&rq) >= 0) {
		if (mysql_ping(db) == 0)
			answer(&rq, db);
		FCGX_Finish_r(&rq);
	}
	mysql_close(db);
	return 0;
}
