/* Work request form fields (CASE-2): every kind's accepted and refused
 * values, the option lists of a choice, and the definition checks of the
 * staff editor. */
#include "mm_test.h"
#include "requests_fields.h"
#include "mm_civil.h"

/* 2026-12-06, the day the date bounds count from */
#define TODAY mm_days_from_civil(2026, 12, 6)

static const char *check(int kind, const char *v)
{
	struct rq_field f = { .kind = kind };
	return rq_value_check(&f, v, TODAY);
}

#define OK(kind, v) CHECK_STREQ(check(kind, v), NULL)
#define BAD(kind, v, key) CHECK_STREQ(check(kind, v), key)

MM_TEST(test_kind_names)
{
	for (int k = 0; k < RQ_NKINDS; k++)
		CHECK_INTEQ(rq_kind_parse(rq_kind_name(k)), k);
	CHECK_INTEQ(rq_kind_parse("TEXT"), -1);
	CHECK_INTEQ(rq_kind_parse(""), -1);
	CHECK_INTEQ(rq_kind_parse(NULL), -1);
	CHECK(rq_kind_name(RQ_NKINDS) == NULL);
	CHECK(rq_kind_name(-1) == NULL);
}

MM_TEST(test_required)
{
	struct rq_field f = { .kind = RQ_TEXT, .required = 1 };
	CHECK_STREQ(rq_value_check(&f, NULL, TODAY), "requests.err.required");
	CHECK_STREQ(rq_value_check(&f, "", TODAY), "requests.err.required");
	CHECK_STREQ(rq_value_check(&f, "x", TODAY), NULL);
	f.required = 0;
	CHECK_STREQ(rq_value_check(&f, "", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, NULL, TODAY), NULL);
	/* an optional field that is filled in is still checked */
	f.kind = RQ_IP;
	CHECK_STREQ(rq_value_check(&f, "nope", TODAY), "requests.err.ip");
}

MM_TEST(test_text)
{
	OK(RQ_TEXT, "ポリシー名 A-1");
	BAD(RQ_TEXT, "two\nlines", "requests.err.characters");
	BAD(RQ_TEXT, "tab\there", "requests.err.characters");
	BAD(RQ_TEXT, "del\x7f", "requests.err.characters");
	BAD(RQ_TEXT, "c1 \xc2\x85", "requests.err.characters");
	BAD(RQ_TEXT, "bad \xff utf8", "requests.err.characters");
	BAD(RQ_TEXT, "overlong \xc0\xaf", "requests.err.characters");
	struct rq_field f = { .kind = RQ_TEXT, .max_length = 3 };
	CHECK_STREQ(rq_value_check(&f, "あいう", TODAY), NULL);	/* characters, not bytes */
	CHECK_STREQ(rq_value_check(&f, "あいうえ", TODAY), "requests.err.too_long");
	f.max_length = 0;	/* the default */
	char buf[RQ_TEXT_DEFAULT + 2];
	memset(buf, 'a', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	CHECK_STREQ(rq_value_check(&f, buf, TODAY), "requests.err.too_long");
	buf[RQ_TEXT_DEFAULT] = '\0';
	CHECK_STREQ(rq_value_check(&f, buf, TODAY), NULL);
}

MM_TEST(test_longtext)
{
	OK(RQ_LONGTEXT, "一行目\r\n二行目\n\tインデント");
	BAD(RQ_LONGTEXT, "bell\a", "requests.err.characters");
	struct rq_field f = { .kind = RQ_LONGTEXT, .max_length = 5 };
	/* a CRLF is one character, as the browser counted it */
	CHECK_STREQ(rq_value_check(&f, "ab\r\ncd", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "ab\r\ncde", TODAY), "requests.err.too_long");
}

MM_TEST(test_number)
{
	OK(RQ_NUMBER, "0");
	OK(RQ_NUMBER, "-12");
	OK(RQ_NUMBER, "999999999999999");
	BAD(RQ_NUMBER, "1000000000000000", "requests.err.number");
	BAD(RQ_NUMBER, "1.5", "requests.err.number");
	BAD(RQ_NUMBER, "+1", "requests.err.number");
	BAD(RQ_NUMBER, "-", "requests.err.number");
	BAD(RQ_NUMBER, "1e3", "requests.err.number");
	BAD(RQ_NUMBER, "１２", "requests.err.number");	/* full-width digits */
	BAD(RQ_NUMBER, "0x10", "requests.err.number");
	struct rq_field f = { .kind = RQ_NUMBER, .has_min = 1, .min_value = 1, .has_max = 1,
			      .max_value = 10 };
	CHECK_STREQ(rq_value_check(&f, "1", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "10", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "0", TODAY), "requests.err.number_range");
	CHECK_STREQ(rq_value_check(&f, "11", TODAY), "requests.err.number_range");
	CHECK_STREQ(rq_value_check(&f, "-5", TODAY), "requests.err.number_range");
}

MM_TEST(test_date)
{
	OK(RQ_DATE, "2026-12-31");
	OK(RQ_DATE, "2024-02-29");
	OK(RQ_DATE, "2000-02-29");
	BAD(RQ_DATE, "2026-02-29", "requests.err.date");
	BAD(RQ_DATE, "1900-02-29", "requests.err.date");
	BAD(RQ_DATE, "2026-04-31", "requests.err.date");
	BAD(RQ_DATE, "2026-13-01", "requests.err.date");
	BAD(RQ_DATE, "2026-00-10", "requests.err.date");
	BAD(RQ_DATE, "2026-1-1", "requests.err.date");
	BAD(RQ_DATE, "2026/01/01", "requests.err.date");
	BAD(RQ_DATE, "2026-01-01T00", "requests.err.date");
	BAD(RQ_DATE, "+026-01-01", "requests.err.date");
}

/* Bounds in days from the sender's today: 0 as the earliest is "not in
 * the past" (today itself allowed), the month and year turns included. */
MM_TEST(test_date_bounds)
{
	struct rq_field f = { .kind = RQ_DATE, .required = 1, .has_min = 1, .min_value = 0 };
	CHECK_STREQ(rq_value_check(&f, "2026-12-05", TODAY), "requests.err.date_past");
	CHECK_STREQ(rq_value_check(&f, "2025-12-31", TODAY), "requests.err.date_past");
	CHECK_STREQ(rq_value_check(&f, "2026-12-06", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2026-12-07", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2030-01-01", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2026-12-32", TODAY), "requests.err.date");
	CHECK_STREQ(rq_value_check(&f, "", TODAY), "requests.err.required");
	CHECK_STREQ(rq_value_check(&f, "2026-01-01", mm_days_from_civil(2026, 1, 1)), NULL);
	CHECK_STREQ(rq_value_check(&f, "2025-12-31", mm_days_from_civil(2026, 1, 1)),
		    "requests.err.date_past");
	/* from tomorrow, up to 30 days ahead */
	f.min_value = 1;
	f.has_max = 1;
	f.max_value = 30;
	CHECK_STREQ(rq_value_check(&f, "2026-12-06", TODAY), "requests.err.date_range");
	CHECK_STREQ(rq_value_check(&f, "2026-12-07", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2027-01-05", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2027-01-06", TODAY), "requests.err.date_range");
	/* not after today (a period that has passed) */
	f = (struct rq_field){ .kind = RQ_DATE, .has_max = 1, .max_value = 0 };
	CHECK_STREQ(rq_value_check(&f, "2026-12-06", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2000-01-01", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "2026-12-07", TODAY), "requests.err.date_range");
	/* without bounds any real date */
	f = (struct rq_field){ .kind = RQ_DATE };
	CHECK_STREQ(rq_value_check(&f, "1999-01-01", TODAY), NULL);
	char day[11];
	rq_date_of(TODAY, 0, day);
	CHECK_STREQ(day, "2026-12-06");
	rq_date_of(TODAY, 26, day);
	CHECK_STREQ(day, "2027-01-01");
	rq_date_of(mm_days_from_civil(2028, 3, 1), -1, day);
	CHECK_STREQ(day, "2028-02-29");
}

/* A period: the end may not precede the start; the same day and later are
 * fine, the month and year turns included. A value that is empty or no
 * real date is left to the field's own check. */
MM_TEST(test_date_order)
{
	CHECK_STREQ(rq_date_order_check("2026-11-01", "2026-11-30"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-01", "2026-11-01"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-30", "2026-11-01"), "requests.err.date_order");
	CHECK_STREQ(rq_date_order_check("2026-12-01", "2026-11-30"), "requests.err.date_order");
	CHECK_STREQ(rq_date_order_check("2027-01-01", "2026-12-31"), "requests.err.date_order");
	CHECK_STREQ(rq_date_order_check("2026-12-31", "2027-01-01"), NULL);
	CHECK_STREQ(rq_date_order_check("2028-02-29", "2028-02-28"), "requests.err.date_order");
	CHECK_STREQ(rq_date_order_check("", "2026-11-01"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-01", ""), NULL);
	CHECK_STREQ(rq_date_order_check(NULL, "2026-11-01"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-01", NULL), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-31", "2026-11-01"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-02", "2026-02-30"), NULL);
	CHECK_STREQ(rq_date_order_check("2026-11-02", "yesterday"), NULL);
}

/* The editor's "not before" rule: another date field of the same item. */
MM_TEST(test_not_before_definition)
{
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "", -1), NULL);
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", NULL, -1), NULL);
	CHECK_STREQ(rq_not_before_def_check(RQ_TEXT, "title", "", -1), NULL);
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "period_from", RQ_DATE), NULL);
	/* itself, a field that is no date, no such field, a date naming a text */
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "period_to", RQ_DATE),
		    "requests.err.def_not_before");
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "accounts", RQ_NUMBER),
		    "requests.err.def_not_before");
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "nothing", -1),
		    "requests.err.def_not_before");
	CHECK_STREQ(rq_not_before_def_check(RQ_NUMBER, "accounts", "period_from", RQ_DATE),
		    "requests.err.def_not_before");
	CHECK_STREQ(rq_not_before_def_check(RQ_DATE, "period_to", "Period-From", RQ_DATE),
		    "requests.err.def_not_before");
}

MM_TEST(test_choice)
{
	struct rq_field f = { .kind = RQ_CHOICE,
			      .options = "高|High\r\n 中 | Medium \n\n低\n" };
	CHECK_INTEQ(rq_option_count(f.options), 3);
	CHECK_STREQ(rq_value_check(&f, "高", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "中", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "低", TODAY), NULL);
	CHECK_STREQ(rq_value_check(&f, "High", TODAY), "requests.err.choice");
	CHECK_STREQ(rq_value_check(&f, "最高", TODAY), "requests.err.choice");
	CHECK_STREQ(rq_value_check(&f, "1", TODAY), "requests.err.choice");
	char ja[64], en[64];
	CHECK(rq_option_at(f.options, 2, ja, sizeof ja, en, sizeof en));
	CHECK_STREQ(ja, "中");
	CHECK_STREQ(en, "Medium");
	CHECK(rq_option_at(f.options, 3, ja, sizeof ja, en, sizeof en));
	CHECK_STREQ(ja, "低");
	CHECK_STREQ(en, "低");	/* no English name: the Japanese one */
	CHECK(!rq_option_at(f.options, 4, ja, sizeof ja, en, sizeof en));
	CHECK(!rq_option_at(f.options, 0, ja, sizeof ja, en, sizeof en));
	CHECK_INTEQ(rq_option_find(f.options, "低"), 3);
	CHECK_INTEQ(rq_option_find(f.options, ""), 0);
}

MM_TEST(test_yesno)
{
	OK(RQ_YESNO, "yes");
	OK(RQ_YESNO, "no");
	BAD(RQ_YESNO, "Yes", "requests.err.choice");
	BAD(RQ_YESNO, "1", "requests.err.choice");
	BAD(RQ_YESNO, "はい", "requests.err.choice");
}

MM_TEST(test_ip)
{
	OK(RQ_IP, "192.0.2.1");
	OK(RQ_IP, "192.0.2.0/24");
	OK(RQ_IP, "0.0.0.0/0");
	OK(RQ_IP, "203.0.113.7/32");
	OK(RQ_IP, "2001:db8::1");
	OK(RQ_IP, "2001:db8::/32");
	OK(RQ_IP, "::1/128");
	OK(RQ_IP, "::ffff:192.0.2.1");
	BAD(RQ_IP, "192.0.2.256", "requests.err.ip");
	BAD(RQ_IP, "192.0.2", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.01", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.1/33", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.1/", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.1/024", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.1/-1", "requests.err.ip");
	BAD(RQ_IP, "192.0.2.1/24/8", "requests.err.ip");
	BAD(RQ_IP, "2001:db8::/129", "requests.err.ip");
	BAD(RQ_IP, "2001:db8:::1", "requests.err.ip");
	BAD(RQ_IP, "fe80::1%eth0", "requests.err.ip");
	BAD(RQ_IP, "example.com", "requests.err.ip");
	BAD(RQ_IP, "/24", "requests.err.ip");
	BAD(RQ_IP, " 192.0.2.1", "requests.err.ip");
}

MM_TEST(test_url)
{
	OK(RQ_URL, "https://example.com/");
	OK(RQ_URL, "http://example.com");
	OK(RQ_URL, "HTTPS://malware.example:8443/path?q=1#x");
	OK(RQ_URL, "https://[2001:db8::1]/x");
	OK(RQ_URL, "https://[2001:db8::1]:443");
	OK(RQ_URL, "https://例え.テスト/パス");
	BAD(RQ_URL, "ftp://example.com/", "requests.err.url");
	BAD(RQ_URL, "javascript:alert(1)", "requests.err.url");
	BAD(RQ_URL, "https://", "requests.err.url");
	BAD(RQ_URL, "https:///path", "requests.err.url");
	BAD(RQ_URL, "https://exa mple.com", "requests.err.url");
	BAD(RQ_URL, "https://user:pw@example.com/", "requests.err.url");
	BAD(RQ_URL, "https://example.com:/", "requests.err.url");
	BAD(RQ_URL, "https://example.com:123456/", "requests.err.url");
	BAD(RQ_URL, "https://example.com/<script>", "requests.err.url");
	BAD(RQ_URL, "https://[2001:db8::zz]/", "requests.err.url");
	BAD(RQ_URL, "https://-bad.example/", "requests.err.url");
	BAD(RQ_URL, "https://a_b.example/", "requests.err.url");
}

MM_TEST(test_names)
{
	CHECK(rq_name_ok("block_ip"));
	CHECK(rq_name_ok("a1"));
	CHECK(!rq_name_ok(""));
	CHECK(!rq_name_ok(NULL));
	CHECK(!rq_name_ok("Block"));
	CHECK(!rq_name_ok("a-b"));
	CHECK(!rq_name_ok("a.b"));
	CHECK(!rq_name_ok("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));	/* 41 */
}

MM_TEST(test_definitions)
{
	struct rq_field f = { .kind = RQ_TEXT, .max_length = 100 };
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.max_length = RQ_TEXT_CAP + 1;
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_length");
	f.kind = RQ_LONGTEXT;
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.kind = RQ_DATE;
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_length");
	f = (struct rq_field){ .kind = RQ_NUMBER, .has_min = 1, .min_value = 5, .has_max = 1,
			       .max_value = 4 };
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_range");
	f.max_value = 5;
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.kind = RQ_TEXT;
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_range");
	/* a date's bounds are days from today, within RQ_DATE_DAYS */
	f = (struct rq_field){ .kind = RQ_DATE, .has_min = 1, .min_value = 0 };
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.min_value = -RQ_DATE_DAYS;
	f.has_max = 1;
	f.max_value = RQ_DATE_DAYS;
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.max_value = RQ_DATE_DAYS + 1;
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_range");
	f.max_value = -RQ_DATE_DAYS - 1;
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_range");
	f = (struct rq_field){ .kind = RQ_CHOICE, .options = "" };
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_options");
	f.options = "A|a\nB|b";
	CHECK_STREQ(rq_field_def_check(&f), NULL);
	f.options = "A|a\nA|b";
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_options_dup");
	f.options = "|only English";
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_options");
	f = (struct rq_field){ .kind = RQ_URL, .options = "A" };
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_options");
	f = (struct rq_field){ .kind = 99 };
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_kind");
	/* 51 options */
	char many[51 * 4 + 1] = "";
	for (int i = 0; i < 51; i++) {
		char line[8];
		snprintf(line, sizeof line, "%c%c\n", 'a' + i / 26, 'a' + i % 26);
		strcat(many, line);
	}
	f = (struct rq_field){ .kind = RQ_CHOICE, .options = many };
	CHECK_STREQ(rq_field_def_check(&f), "requests.err.def_options");
}

MM_TEST_MAIN(test_kind_names, test_required, test_text, test_longtext, test_number, test_date, test_date_bounds,
	     test_date_order, test_not_before_definition,
	     test_choice, test_yesno, test_ip, test_url, test_names, test_definitions)
