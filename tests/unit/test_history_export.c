/* The Excel and PDF formats of the login-history export (HIST-2): rows go
 * through a format into a file, which openpyxl (tests/unit/check_xlsx.py)
 * or poppler (pdfinfo, pdftotext, pdffonts) reads back; an out() that fails
 * part way stops the export and everything is freed (LeakSanitizer checks
 * the rest at exit). */
#include "mm_test.h"
#include "history_export.h"
#include "history_cell.h"
#include "history_zip.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char workdir[256];

struct sink {
	FILE *f;
	long long budget;	/* bytes accepted before out() fails; < 0: no limit */
	long long written;
};

static int sink_out(void *ctx, const void *buf, size_t len)
{
	struct sink *s = ctx;
	if (s->budget >= 0 && s->written + (long long)len > s->budget)
		return -1;
	s->written += (long long)len;
	if (s->f && fwrite(buf, 1, len, s->f) != len)
		return -1;
	return 0;
}

static struct hx_meta meta_ja(long long rows)
{
	struct hx_meta m = {
		.lang = "ja",
		.title = "ログイン履歴",
		.tenant = "N200000001 株式会社みまもり商事",
		.period = "2026-11-01 – 2026-11-30",
		.filter = "イベント: ログイン",
		.generated_at = "2026-12-04 17:00:00",
		.headers = { "日時", "イベント", "ユーザーID", "IPアドレス", "ユーザーエージェント" },
		.total_rows = rows,
	};
	return m;
}

/* Row i of the test data; bufs hold its strings until the next call. */
struct row_bufs {
	char at_local[32], login[64], ip[64], ua[700];
};

static struct hx_row make_row(long long i, struct row_bufs *b, int long_ua)
{
	struct tm base = { .tm_year = 126, .tm_mon = 10, .tm_mday = 1 };
	time_t t = timegm(&base) + 61 * i;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(b->at_local, sizeof b->at_local, "%Y-%m-%d %H:%M:%S", &tm);
	if (i == 3)
		snprintf(b->login, sizeof b->login, "%s", "=HYPERLINK(\"x\")");
	else
		snprintf(b->login, sizeof b->login, "日電太郎%lld@例え.jp", i);
	snprintf(b->ip, sizeof b->ip, "2001:db8::%llx", i);
	if (long_ua && i == 5) {
		memset(b->ua, 'W', 600);
		strcpy(b->ua + 600, "TAILMARK");
	} else {
		/* \xff is not UTF-8 and \x01 is a control: both are cleaned */
		snprintf(b->ua, sizeof b->ua, "Mozilla/5.0 髙橋 ① 𠮷野家 \xff x\x01%lld", i);
	}
	struct hx_row r = {
		.at = t,
		.at_local = b->at_local,
		.at_serial = (double)t / 86400.0 + 25569.0,	/* local = UTC here */
		.event = i % 2 == 0 ? "ログイン" : "ログアウト",
		.login_id = b->login,
		.ip = b->ip,
		.user_agent = b->ua,
	};
	return r;
}

/* Writes rows through fmt into path; returns what end() returned. */
static int export_file(const struct hx_format *fmt, const struct hx_meta *m, long long rows,
		       int long_ua, const char *path)
{
	struct sink s = { .f = fopen(path, "wb"), .budget = -1 };
	if (!s.f)
		return -99;
	void *st;
	int rc = fmt->begin(&st, m, sink_out, &s);
	for (long long i = 0; rc == 0 && i < rows; i++) {
		struct row_bufs b;
		struct hx_row r = make_row(i, &b, long_ua);
		rc = fmt->row(st, &r);
	}
	if (rc == 0)
		rc = fmt->end(st);
	else
		fmt->abort(st);
	if (fclose(s.f) != 0)
		rc = -98;
	return rc;
}

/* Output of a shell command (at most cap - 1 bytes); its exit status. */
static int run(const char *cmd, char *out, size_t cap)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0;
	if (!p)
		return -1;
	for (size_t n; len + 1 < cap && (n = fread(out + len, 1, cap - 1 - len, p)) > 0;)
		len += n;
	out[len] = '\0';
	char drain[4096];
	while (fread(drain, 1, sizeof drain, p) > 0)
		;
	return pclose(p);
}

static int open_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

MM_TEST(test_cell_clean)
{
	char buf[16];
	int cut;
	CHECK_INTEQ(hx_cell_clean(buf, sizeof buf, "a\tb\x7f" "c", &cut), 5);
	CHECK_STREQ(buf, "a b c");
	CHECK(!cut);
	/* invalid bytes, overlong form, surrogate, lone continuation */
	hx_cell_clean(buf, sizeof buf, "\xc0\xaf\xed\xa0\x80", NULL);
	CHECK_STREQ(buf, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* cut at a character boundary, never inside 𠮷 */
	CHECK_INTEQ(hx_cell_clean(buf, 8, "ab𠮷𠮷", &cut), 6);
	CHECK_STREQ(buf, "ab𠮷");
	CHECK(cut);
	CHECK_INTEQ(hx_cell_clean(buf, sizeof buf, NULL, &cut), 0);
	CHECK_STREQ(buf, "");
	/* a C1 control (U+0085) becomes one space; U+00A0 stays */
	hx_cell_clean(buf, sizeof buf, "x\xc2\x85y\xc2\xa0", NULL);
	CHECK_STREQ(buf, "x y\xc2\xa0");
}

/* Random bytes: the result is always valid UTF-8 without controls, within
 * the cap, and cleaning it again changes nothing. */
MM_TEST(test_cell_clean_random)
{
	unsigned int seed = 12345;
	char in[64], out[40], again[40];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand_r(&seed) % (sizeof in - 1));
		for (size_t i = 0; i < n; i++) {
			int r = rand_r(&seed) % 4;
			/* mostly bytes that start or continue UTF-8 sequences */
			in[i] = (char)(r == 0 ? rand_r(&seed) % 0x80 : r == 1 ? 0x80 + rand_r(&seed) % 0x40
				       : r == 2 ? 0xc0 + rand_r(&seed) % 0x40 : rand_r(&seed) % 0x100);
			if (in[i] == 0)
				in[i] = 'x';
		}
		in[n] = '\0';
		size_t len = hx_cell_clean(out, sizeof out, in, NULL);
		if (len >= sizeof out || strlen(out) != len) {
			CHECK(0);
			break;
		}
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f) {
				CHECK(0);
				break;
			}
		int cut;
		hx_cell_clean(again, sizeof again, out, &cut);
		if (strcmp(out, again) != 0 || cut) {
			CHECK_STREQ(again, out);
			break;
		}
	}
}

MM_TEST(test_xlsx_read_back)
{
	char path[300], cmd[800], out[4096];
	struct hx_meta m = meta_ja(1000);
	snprintf(path, sizeof path, "%s/history.xlsx", workdir);
	int fds = open_fds();
	CHECK_INTEQ(export_file(&hx_xlsx, &m, 1000, 0, path), 0);
	CHECK_INTEQ(open_fds(), fds);	/* both temp files closed */
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/unit/check_xlsx.py %s 1000 'ログイン履歴' 2>&1",
		 MM_SRCDIR, path);
	int rc = run(cmd, out, sizeof out);
	CHECK_STREQ(out, "");
	CHECK_INTEQ(rc, 0);
}

MM_TEST(test_xlsx_limits)
{
	void *st = NULL;
	struct sink s = { .budget = -1 };
	/* Excel holds 1,048,576 rows, the header included: refused up front,
	 * before anything was sent */
	struct hx_meta m = meta_ja(1048576);
	CHECK(hx_xlsx.begin(&st, &m, sink_out, &s) < 0);
	CHECK(st == NULL);
	m.total_rows = 1048575;
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &s), 0);
	hx_xlsx.abort(st);
	CHECK_INTEQ(s.written, 0);
	/* an unusable title still gives a valid sheet name */
	char path[300], cmd[800], out[4096];
	m = meta_ja(0);
	m.title = "[:*?/\\]";
	snprintf(path, sizeof path, "%s/empty.xlsx", workdir);
	CHECK_INTEQ(export_file(&hx_xlsx, &m, 0, 0, path), 0);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]);"
		 " print(wb.sheetnames, wb.active.max_row)' %s 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	CHECK_STREQ(out, "['History'] 1\n");

	/* a time that is no number still gives a file Excel opens */
	struct sink f = { .f = NULL, .budget = -1 };
	snprintf(path, sizeof path, "%s/nan.xlsx", workdir);
	f.f = fopen(path, "wb");
	m = meta_ja(1);
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &f), 0);
	struct row_bufs b;
	struct hx_row r = make_row(0, &b, 0);
	r.at_serial = NAN;
	CHECK_INTEQ(hx_xlsx.row(st, &r), 0);
	CHECK_INTEQ(hx_xlsx.end(st), 0);
	fclose(f.f);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]);"
		 " print(repr(wb.active[\"A2\"].value))' %s 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	CHECK_STREQ(out, "'2026-11-01 00:00:00'\n");
}

MM_TEST(test_xlsx_out_fails)
{
	struct hx_meta m = meta_ja(50000);
	struct sink s = { .budget = 1000 };
	void *st;
	int fds = open_fds();
	/* the workbook streams: the client going away part way shows in the
	 * row that fills the first chunk, not only at the end */
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &s), 0);
	int rc = 0;
	long long i;
	for (i = 0; rc == 0 && i < 50000; i++) {
		struct row_bufs b;
		struct hx_row r = make_row(i, &b, 0);
		rc = hx_xlsx.row(st, &r);
	}
	CHECK(rc < 0);
	CHECK(i < 50000);
	hx_xlsx.abort(st);
	CHECK_INTEQ(s.written, 0);
	CHECK_INTEQ(open_fds(), fds);	/* no file of any kind */
	/* abort() part way frees everything (LeakSanitizer checks) */
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &s), 0);
	for (i = 0; i < 10; i++) {
		struct row_bufs b;
		struct hx_row r = make_row(i, &b, 0);
		CHECK_INTEQ(hx_xlsx.row(st, &r), 0);
	}
	hx_xlsx.abort(st);
	/* end() with a client gone frees too */
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &s), 0);
	CHECK(hx_xlsx.end(st) < 0);
	CHECK_INTEQ(open_fds(), fds);
}

/* Text XML 1.0 cannot hold, and text it must escape, read back by openpyxl. */
MM_TEST(test_xlsx_text_escaping)
{
	char path[300], cmd[1200], out[4096];
	snprintf(path, sizeof path, "%s/escape.xlsx", workdir);
	struct sink f = { .f = fopen(path, "wb"), .budget = -1 };
	struct hx_meta m = meta_ja(1);
	m.title = "A&B <履歴>";
	m.tenant = "N1 \"x\" & <y>";
	void *st;
	CHECK_INTEQ(hx_xlsx.begin(&st, &m, sink_out, &f), 0);
	struct row_bufs b;
	struct hx_row r = make_row(0, &b, 0);
	r.event = "a<b>&c\"d'e";
	r.login_id = "  lead and trail  ";
	/* C0 controls (TAB, LF, VT, ESC), a C1 control, U+FFFE, U+FFFF */
	r.ip = "x\ty\nz\x0bw\x1bv\xc2\x9bu\xef\xbf\xbe\xef\xbf\xbf";
	r.user_agent = "]]> &amp; &#1;";
	CHECK_INTEQ(hx_xlsx.row(st, &r), 0);
	CHECK_INTEQ(hx_xlsx.end(st), 0);
	fclose(f.f);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]);"
		 " ws=wb.active; print(ws.title); print(wb.properties.title);"
		 " print(\"|\".join(repr(c.value) for c in ws[2][1:]))' %s 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	CHECK_STREQ(out, "A&B <履歴>\nA&B <履歴>\n"
		     "'a<b>&c\"d\\'e'|'  lead and trail  '|'x y z w v u\ufffd\ufffd'|']]> &amp; &#1;'\n");
}

/* The ZIP writer alone: members of every size read back by python's
 * zipfile, CRC-32 of each checked, the data descriptors where a streaming
 * reader looks for them. */
static int write_member(struct hx_zip *z, const char *name, const unsigned char *data, size_t len,
			size_t piece)
{
	char plain[400];
	snprintf(plain, sizeof plain, "%s/plain", workdir);
	mkdir(plain, 0700);
	snprintf(plain, sizeof plain, "%s/plain/%s", workdir, name);
	for (char *p = plain + strlen(workdir) + 7; *p; p++)
		if (*p == '/')
			*p = '_';
	FILE *f = fopen(plain, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		return -1;
	if (hx_zip_entry(z, name) < 0)
		return -1;
	for (size_t at = 0; at < len; at += piece)
		if (hx_zip_write(z, data + at, len - at < piece ? len - at : piece) < 0)
			return -1;
	return hx_zip_entry_end(z);
}

MM_TEST(test_zip_read_back)
{
	char path[300], cmd[800];
	static char out[4096];
	snprintf(path, sizeof path, "%s/t.zip", workdir);
	struct sink f = { .f = fopen(path, "wb"), .budget = -1 };
	struct tm stamp = { .tm_year = 126, .tm_mon = 11, .tm_mday = 4, .tm_hour = 17, .tm_min = 5 };
	struct hx_zip *z = hx_zip_new(sink_out, &f, &stamp, 1);
	CHECK(z != NULL);
	/* noise does not compress: the output buffer fills many times over */
	size_t big = 3 * 1024 * 1024 + 17;
	unsigned char *data = malloc(big);
	unsigned int seed = 7;
	for (size_t i = 0; i < big; i++)
		data[i] = (unsigned char)(i < big / 2 ? rand_r(&seed) : "history "[i % 8]);
	CHECK_INTEQ(write_member(z, "check.txt", (const unsigned char *)"123456789", 9, 9), 0);
	CHECK_INTEQ(write_member(z, "empty", (const unsigned char *)"", 0, 1), 0);
	CHECK_INTEQ(write_member(z, "dir/big.bin", data, big, 4099), 0);
	CHECK_INTEQ(write_member(z, "名前.xml", data + 5, 70000, 70000), 0);
	CHECK_INTEQ(hx_zip_finish(z), 0);
	fclose(f.f);
	free(data);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/unit/check_zip.py %s %s/plain"
		 " check.txt empty dir/big.bin 名前.xml 2>&1", MM_SRCDIR, path, workdir);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	/* the CRC-32 check value of "123456789" (ISO-HDLC), and of nothing */
	CHECK(strstr(out, "crc check.txt cbf43926\n") != NULL);
	CHECK(strstr(out, "crc empty 00000000\n") != NULL);
	CHECK(strstr(out, "differ") == NULL && strstr(out, "wrong") == NULL);
	if (strstr(out, "crc 名前.xml") == NULL)
		fprintf(stderr, "%s", out);
	/* the time stamp is the one given (DOS time: even seconds) */
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import zipfile,sys;"
		 " print(zipfile.ZipFile(sys.argv[1]).infolist()[0].date_time)' %s 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	CHECK_STREQ(out, "(2026, 12, 4, 17, 5, 0)\n");
}

MM_TEST(test_zip_refusals)
{
	struct sink s = { .budget = -1 };
	struct hx_zip *z = hx_zip_new(sink_out, &s, NULL, 1);
	char name[80];
	memset(name, 'n', 70);
	name[70] = '\0';
	CHECK(hx_zip_entry(z, name) < 0);	/* name too long: the writer stays failed */
	CHECK(hx_zip_write(z, "x", 1) < 0);
	CHECK(hx_zip_finish(z) < 0);
	CHECK_INTEQ(s.written, 0);
	/* data without an open entry, an entry left open at the end */
	z = hx_zip_new(sink_out, &s, NULL, 1);
	CHECK(hx_zip_write(z, "x", 1) < 0);
	hx_zip_free(z);
	z = hx_zip_new(sink_out, &s, NULL, 1);
	CHECK_INTEQ(hx_zip_entry(z, "a"), 0);
	CHECK(hx_zip_finish(z) < 0);
	/* at most 16 members */
	z = hx_zip_new(sink_out, &s, NULL, 1);
	for (int i = 0; i < 16; i++) {
		snprintf(name, sizeof name, "m%d", i);
		CHECK_INTEQ(hx_zip_entry(z, name), 0);
		CHECK_INTEQ(hx_zip_entry_end(z), 0);
	}
	CHECK(hx_zip_entry(z, "m16") < 0);
	hx_zip_free(z);
}

static int page_count(const char *path)
{
	char cmd[400], out[4096];
	snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", path);
	if (run(cmd, out, sizeof out) != 0)
		return -1;
	const char *p = strstr(out, "\nPages:");
	return p ? atoi(p + 7) : -1;
}

MM_TEST(test_pdf_read_back)
{
	/* 41 rows a page: 100 rows are pages of 41, 41, 18 */
	char path[300], cmd[800];
	static char out[1 << 16];
	struct hx_meta m = meta_ja(100);
	snprintf(path, sizeof path, "%s/history.pdf", workdir);
	CHECK_INTEQ(export_file(&hx_pdf, &m, 100, 1, path), 0);
	CHECK_INTEQ(page_count(path), 3);

	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	const char *want[] = { "日電太郎0@例え.jp", "日電太郎99@例え.jp", "髙橋", "①", "𠮷野家",
			       "ログアウト", "2026-11-01 01:40:39", "2001:db8::63",
			       "=HYPERLINK(\"x\")" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(out, want[i])) {
			fprintf(stderr, "missing in the PDF text: %s\n", want[i]);
			CHECK(0);
		}
	/* the long user agent was cut to its column */
	CHECK(strstr(out, "TAILMARK") == NULL);
	CHECK(strstr(out, "WWWW…") != NULL || strstr(out, "WWWW ...") != NULL);

	/* header and footer on every page */
	for (int p = 1; p <= 3; p++) {
		char page_no[64];
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d %s - 2>&1", p, p, path);
		CHECK_INTEQ(run(cmd, out, sizeof out), 0);
		snprintf(page_no, sizeof page_no, "%d / 3 ページ", p);
		const char *each[] = { "ログイン履歴", "N200000001 株式会社みまもり商事",
				       "2026-11-01 – 2026-11-30", "イベント: ログイン",
				       "ユーザーエージェント", "作成日時: 2026-12-04 17:00:00", page_no };
		for (size_t i = 0; i < sizeof each / sizeof each[0]; i++)
			if (!strstr(out, each[i])) {
				fprintf(stderr, "page %d lacks: %s\n", p, each[i]);
				CHECK(0);
			}
	}

	/* the fonts are embedded subsets */
	snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	int fonts = 0, ours = 0;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0)
			continue;
		fonts++;
		if (strstr(line, "+NotoSansCJK") || strstr(line, "+IPAex"))
			ours++;
		/* fallbacks (U+FFFD comes from DejaVu) are embedded subsets too */
		CHECK(strstr(line, " yes yes ") != NULL);	/* emb sub */
	}
	CHECK(fonts >= 1);
	CHECK(ours >= 1);
}

MM_TEST(test_pdf_english_and_empty)
{
	char path[300], cmd[800], out[8192];
	struct hx_meta m = {
		.lang = "en", .title = "Login history", .tenant = "N200000002 Sample Industries",
		.period = "2026-11-01 – 2026-11-30", .filter = "", .generated_at = "2026-12-04 08:00:00",
		.headers = { "Time", "Event", "User ID", "IP address", "User agent" },
		.total_rows = 0,
	};
	snprintf(path, sizeof path, "%s/empty.pdf", workdir);
	CHECK_INTEQ(export_file(&hx_pdf, &m, 0, 0, path), 0);
	CHECK_INTEQ(page_count(path), 1);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
	CHECK_INTEQ(run(cmd, out, sizeof out), 0);
	CHECK(strstr(out, "Page 1 / 1") != NULL);
	CHECK(strstr(out, "Generated: 2026-12-04 08:00:00") != NULL);
	CHECK(strstr(out, "Customer: N200000002 Sample Industries") != NULL);
	CHECK(strstr(out, "Filter") == NULL);

	/* exactly a page full: no empty page after it */
	m.total_rows = 82;
	snprintf(path, sizeof path, "%s/two.pdf", workdir);
	CHECK_INTEQ(export_file(&hx_pdf, &m, 82, 0, path), 0);
	CHECK_INTEQ(page_count(path), 2);
}

MM_TEST(test_pdf_out_fails)
{
	struct hx_meta m = meta_ja(100000);
	struct sink s = { .budget = 20000 };
	void *st;
	long long i, failed_at = -1;
	CHECK_INTEQ(hx_pdf.begin(&st, &m, sink_out, &s), 0);
	for (i = 0; i < 100000; i++) {
		struct row_bufs b;
		struct hx_row r = make_row(i, &b, 0);
		if (hx_pdf.row(st, &r) < 0) {
			failed_at = i;
			break;
		}
	}
	hx_pdf.abort(st);
	/* the first pages fit in the budget, a later one does not */
	CHECK(failed_at > 0 && failed_at < 1000);
	CHECK(s.written <= 20000);

	/* a failure at the very end (the fonts) shows in end() */
	struct sink s2 = { .budget = 60000 };
	m.total_rows = 41;
	CHECK_INTEQ(hx_pdf.begin(&st, &m, sink_out, &s2), 0);
	int rc = 0;
	for (i = 0; i < 41 && rc == 0; i++) {
		struct row_bufs b;
		struct hx_row r = make_row(i, &b, 0);
		rc = hx_pdf.row(st, &r);
	}
	if (rc == 0)
		CHECK(hx_pdf.end(st) < 0);
	else
		hx_pdf.abort(st);
}

static void remove_workdir(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", workdir);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(workdir, sizeof workdir, "%s/mm-hx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(workdir)) {
		perror("mkdtemp");
		return 1;
	}
	static const mm_test_fn tests[] = {
		test_cell_clean, test_cell_clean_random, test_xlsx_read_back, test_xlsx_limits, test_xlsx_out_fails,
		test_xlsx_text_escaping, test_zip_read_back, test_zip_refusals,
		test_pdf_read_back, test_pdf_english_and_empty, test_pdf_out_fails,
	};
	int rc = mm_test_run_(tests, sizeof tests / sizeof tests[0],
			      "test_cell_clean, test_cell_clean_random, test_xlsx_read_back, test_xlsx_limits, "
			      "test_xlsx_out_fails, test_xlsx_text_escaping, test_zip_read_back, "
			      "test_zip_refusals, test_pdf_read_back, test_pdf_english_and_empty, "
			      "test_pdf_out_fails");
	remove_workdir();
	return rc;
}
