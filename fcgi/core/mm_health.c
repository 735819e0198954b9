#include "mm_health.h"
#include "mm_db.h"
#include <string.h>

/* The headers every program response carries that matter for a plain-text
 * answer; HSTS comes from nginx. */
#define HEALTH_HEADERS \
	"Content-Type: text/plain; charset=utf-8\r\n" \
	"Cache-Control: no-store\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"

static int database_answers(void)
{
	long long one = 0;
	return mm_db_get_int(&one, "SELECT 1", "") == 1 && one == 1;
}

int mm_health_answer(FCGX_Request *fcgx)
{
	const char *path = FCGX_GetParam("DOCUMENT_URI", fcgx->envp);
	if (!path || strcmp(path, MM_HEALTH_PATH) != 0)
		return 0;
	const char *method = FCGX_GetParam("REQUEST_METHOD", fcgx->envp);
	int head = method && strcmp(method, "HEAD") == 0;
	if (!head && !(method && strcmp(method, "GET") == 0)) {
		FCGX_PutS("Status: 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n"
			  HEALTH_HEADERS "Content-Length: 0\r\n\r\n", fcgx->out);
		return 1;
	}
	/* a failed query leaves the connection to be made again by the next
	 * request, so a database that comes back is seen at the next check */
	int up = database_answers();
	if (up)
		FCGX_PutS("Status: 200 OK\r\n" HEALTH_HEADERS "Content-Length: 3\r\n\r\n", fcgx->out);
	else
		FCGX_PutS("Status: 503 Service Unavailable\r\nRetry-After: 5\r\n"
			  HEALTH_HEADERS "Content-Length: 12\r\n\r\n", fcgx->out);
	if (!head)
		FCGX_PutS(up ? "ok\n" : "unavailable\n", fcgx->out);
	return 1;
}
