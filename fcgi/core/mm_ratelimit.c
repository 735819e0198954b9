/* Fixed-window rate limits kept in MariaDB (X-6: shared by every app host,
 * no GET_LOCK). One statement both counts and, when the window is over,
 * starts a new one. */
#include "mm.h"
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

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

const char *mm_rate_client(const char *remote_addr, char out[64])
{
	unsigned char a[16];
	if (remote_addr && inet_pton(AF_INET6, remote_addr, a) == 1 &&
	    !(memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)) {
		memset(a + 8, 0, 8);
		char net[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, a, net, sizeof net);
		snprintf(out, 64, "%s/64", net);
		return out;
	}
	snprintf(out, 64, "%s", remote_addr ? remote_addr : "");
	return out;
}

int mm_rate_limit_recipient(const char *kind, const char *email, int limit, int window_seconds,
			    time_t now)
{
	char lower[320], hex[33], bucket[96];
	unsigned char hash[32];
	size_t i = 0;
	for (; email[i] && i < sizeof lower - 1; i++)
		lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
	mm_sha256(lower, i, hash);
	mm_hex_encode(hash, 16, hex);
	snprintf(bucket, sizeof bucket, "%.40s:to:%s", kind, hex);
	return mm_rate_limit(bucket, limit, window_seconds, now);
}
