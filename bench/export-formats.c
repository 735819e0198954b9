/* Speed and memory of the login-history export formats (HIST-2, §11):
 * writes N synthetic rows (Japanese names, IPv4/IPv6, browser user agents)
 * through a format to a sink and prints rows, wall time, rows/s and the
 * peak RSS of the process. Run one format per process so the peak RSS is
 * that format's own:
 *   bench/export-formats xlsx 100000 [OUT]     (OUT defaults to /dev/null)
 * RSS is also sampled every 10,000 rows to show it stays flat, in all and
 * without file pages (RssAnon: the PDF format maps the font and the
 * fontconfig caches, which count in RSS but are shared and reclaimable);
 * cpu is user + system time, the figure to read on a busy machine. */
#include "history_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int file_out(void *ctx, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

static long rss_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(field);
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0)
			v = strtol(line + n, NULL, 10);
	fclose(f);
	return v;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const agents[] = {
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	"Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
	"Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
	"(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
};
static const char *const events_ja[] = { "ログイン", "ログアウト", "ログイン失敗", "ワンタイムコード確認" };
static const char *const names[] = { "nichiden.taro", "takahashi", "yoshino", "sato.hanako", "admin-a" };

int main(int argc, char **argv)
{
	const struct hx_format *fmt = NULL;
	if (argc >= 3 && strcmp(argv[1], "xlsx") == 0)
		fmt = &hx_xlsx;
	else if (argc >= 3 && strcmp(argv[1], "pdf") == 0)
		fmt = &hx_pdf;
	long long rows = argc >= 3 ? atoll(argv[2]) : 0;
	if (!fmt || rows < 0) {
		fprintf(stderr, "usage: %s xlsx|pdf ROWS [OUT]\n", argv[0]);
		return 2;
	}
	const char *path = argc >= 4 ? argv[3] : "/dev/null";
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);

	struct hx_meta m = {
		.lang = "ja", .title = "ログイン履歴", .tenant = "N200000001 株式会社みまもり商事",
		.period = "2026-01-01 – 2026-11-30", .filter = "",
		.generated_at = "2026-12-04 17:00:00",
		.headers = { "日時", "イベント", "ユーザーID", "IPアドレス", "ユーザーエージェント" },
		.total_rows = rows,
	};
	double t0 = now();
	long rss_start = rss_kib("VmRSS:"), rss_min_sample = -1, rss_max_sample = -1;
	long anon_min_sample = -1, anon_max_sample = -1;
	void *st;
	if (fmt->begin(&st, &m, file_out, f) < 0) {
		fprintf(stderr, "begin failed\n");
		return 1;
	}
	double t_begun = now();
	time_t base = 1767225600;	/* 2026-01-01 00:00 */
	for (long long i = 0; i < rows; i++) {
		char at[32], login[96], ip[64];
		time_t t = base + i * 25;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(login, sizeof login, "%s%lld@mimamori-shoji.example.jp", names[i % 5], i % 997);
		if (i % 3 == 0)
			snprintf(ip, sizeof ip, "2001:db8:85a3::%llx:%llx", i % 65536, i / 65536);
		else
			snprintf(ip, sizeof ip, "198.51.%lld.%lld", i / 256 % 256, i % 256);
		struct hx_row r = {
			.at = t, .at_local = at, .at_serial = (double)t / 86400.0 + 25569.0,
			.event = events_ja[i % 4], .login_id = login, .ip = ip,
			.user_agent = agents[i % 4],
		};
		if (fmt->row(st, &r) < 0) {
			fprintf(stderr, "row %lld failed\n", i);
			fmt->abort(st);
			return 1;
		}
		if (i % 10000 == 9999) {
			long rss = rss_kib("VmRSS:");
			if (rss_min_sample < 0 || rss < rss_min_sample)
				rss_min_sample = rss;
			if (rss > rss_max_sample)
				rss_max_sample = rss;
			/* without the font and fontconfig cache files mapped in */
			long anon = rss_kib("RssAnon:");
			if (anon_min_sample < 0 || anon < anon_min_sample)
				anon_min_sample = anon;
			if (anon > anon_max_sample)
				anon_max_sample = anon;
		}
	}
	double t_rows = now();
	if (fmt->end(st) < 0) {
		fprintf(stderr, "end failed\n");
		return 1;
	}
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	double secs = now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%s rows=%lld wall=%.2fs (begin %.2f, rows %.2f, end %.2f) cpu=%.2fs rows/s=%.0f "
	       "peak_rss=%.1fMiB rss_start=%.1fMiB rss_during=%.1f..%.1fMiB "
	       "anon_during=%.1f..%.1fMiB\n",
	       argv[1], rows, secs, t_begun - t0, t_rows - t_begun, t0 + secs - t_rows,
	       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
	       + ru.ru_stime.tv_usec / 1e6,
	       secs > 0 ? rows / secs : 0.0, ru.ru_maxrss / 1024.0,
	       rss_start / 1024.0, rss_min_sample / 1024.0, rss_max_sample / 1024.0,
	       anon_min_sample / 1024.0, anon_max_sample / 1024.0);
	return 0;
}
