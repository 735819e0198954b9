/* CSV export of the login history: field quoting (RFC 4180), formula
 * neutralisation, and a whole small export through hx_csv. */
#include "mm_test.h"
#include "history_csv.h"
#include "history_export.h"

static const char *field(const char *s, int free_text)
{
	static struct mm_buf b;
	mm_buf_reset(&b);
	hx_csv_field(&b, s, free_text);
	return mm_buf_str(&b);
}

MM_TEST(test_plain_and_quoted)
{
	CHECK_STREQ(field("admin-a@example.com", 1), "admin-a@example.com");
	CHECK_STREQ(field("", 1), "");
	CHECK_STREQ(field("a,b", 1), "\"a,b\"");
	CHECK_STREQ(field("say \"hi\"", 1), "\"say \"\"hi\"\"\"");
	CHECK_STREQ(field("two\r\nlines", 1), "\"two\r\nlines\"");
	CHECK_STREQ(field("\"", 1), "\"\"\"\"");
	CHECK_STREQ(field("日電 太郎 𠮷", 1), "日電 太郎 𠮷");
}

MM_TEST(test_neutralised)
{
	CHECK_STREQ(field("=1+2", 1), "'=1+2");
	CHECK_STREQ(field("+81", 1), "'+81");
	CHECK_STREQ(field("-x", 1), "'-x");
	CHECK_STREQ(field("@SUM(A1)", 1), "'@SUM(A1)");
	CHECK_STREQ(field("\tx", 1), "'\tx");
	CHECK_STREQ(field("\rx", 1), "\"'\rx\"");
	CHECK_STREQ(field("'quoted", 1), "''quoted");
	CHECK_STREQ(field("=HYPERLINK(\"http://x\",\"y\")", 1),
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	/* inside, the characters are harmless */
	CHECK_STREQ(field("a=b", 1), "a=b");
	/* times and numbers are not free text */
	CHECK_STREQ(field("-1", 0), "-1");
	CHECK_STREQ(field("2026-12-04 10:00:00", 0), "2026-12-04 10:00:00");
}

static struct mm_buf sink;
static int fail_after = -1;

static int collect(void *ctx, const void *buf, size_t len)
{
	if (fail_after == 0)
		return -1;
	if (fail_after > 0)
		fail_after--;
	mm_buf_add(&sink, buf, len);
	return 0;
}

static const struct hx_meta meta = {
	"ja", "ログイン履歴", "N200000001 株式会社みまもり商事", "", "", "2026-12-04 10:00:00", "Asia/Tokyo",
	{ "日時", "イベント", "ユーザーID", "IPアドレス", "ユーザーエージェント" }, 2, NULL
};

MM_TEST(test_export)
{
	void *st = NULL;
	mm_buf_reset(&sink);
	fail_after = -1;
	CHECK_INTEQ(hx_csv.begin(&st, &meta, collect, NULL), 0);
	struct hx_row row = { 0, "2026-12-04 19:00:00", 0, "ログイン", "=evil", "192.0.2.1",
			      "UA, \"quoted\"", "2026-12-04 10:00:00", "login.ok", 7, 3, 11,
			      "00", "ff" };
	CHECK_INTEQ(hx_csv.row(st, &row), 0);
	CHECK_INTEQ(hx_csv.end(st), 0);
	CHECK_STREQ(mm_buf_str(&sink),
		    "\xEF\xBB\xBF日時,イベント,ユーザーID,IPアドレス,ユーザーエージェント,"
		    "utc,event_code,chain,seq,user_no,prev_hash,row_hash\r\n"
		    "2026-12-04 19:00:00,ログイン,'=evil,192.0.2.1,\"UA, \"\"quoted\"\"\","
		    "2026-12-04 10:00:00,login.ok,7,3,11,00,ff\r\n");
}

MM_TEST(test_client_gone)
{
	void *st = NULL;
	mm_buf_reset(&sink);
	fail_after = 1;	/* the header goes, then the client is gone */
	CHECK_INTEQ(hx_csv.begin(&st, &meta, collect, NULL), 0);
	struct hx_row row = { 0, "2026-12-04 19:00:00", 0, "ログイン", "u", "ip", "ua",
			      "2026-12-04 10:00:00", "login.ok", 7, 3, 11, "00", "ff" };
	int rc = 0;
	for (int i = 0; i < 100000 && rc == 0; i++)
		rc = hx_csv.row(st, &row);
	CHECK(rc < 0);
	hx_csv.abort(st);
	mm_buf_free(&sink);
}

MM_TEST_MAIN(test_plain_and_quoted, test_neutralised, test_export, test_client_gone)
