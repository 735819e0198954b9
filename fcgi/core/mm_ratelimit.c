/* Fixed-window rate limits kept in MariaDB (X-6: shared by every app host,
 * no GET_LOCK). One statement both counts and, when the window is over,
 * starts a new one. */
#include "mm.h"

static const char SQL_RATE_HIT[] =
	"INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
	" ON DUPLICATE KEY UPDATE"
	" hits = IF(window_start <= ?, 1, hits + 1),"
	" window_start = IF(window_start <= ?, VALUES(window_start), window_start)";
static const char SQL_RATE_HITS[] = "SELECT hits FROM rate_limits WHERE bucket = ?";

int mm_rate_limit(const char *bucket, int limit, int window_seconds, time_t now)
{
	time_t expired = now - window_seconds;
	long long n = mm_db_exec(SQL_RATE_HIT, "sttt", bucket, now, expired, expired);
	if (n < 0)
		return (int)n;
	long long hits = 0;
	int rc = mm_db_get_int(&hits, SQL_RATE_HITS, "s", bucket);
	if (rc < 0)
		return rc;
	return hits <= limit;
}
