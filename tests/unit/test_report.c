/* The threat report's pure parts: the SVG chart writer (output parsed as
 * XML by python3's xml.etree), escaping, axis maths, report periods and the
 * anonymity threshold of the participants' average, the rendered bodies
 * kept per worker. */
#include "mm_test.h"
#include "svg_chart.h"
#include "report.h"
#include "peer_aggregate.h"
#include <math.h>

/* 1 when python3 parses svg as XML, its root is an SVG element with
 * role="img", and its <title> reads exactly title. */
static int xml_ok(const char *svg, const char *title)
{
	setenv("MM_EXPECT_TITLE", title, 1);
	FILE *p = popen("python3 -c 'import os, sys, xml.etree.ElementTree as E\n"
			"r = E.fromstring(sys.stdin.buffer.read())\n"
			"ns = \"{http://www.w3.org/2000/svg}\"\n"
			"t = r.find(ns + \"title\")\n"
			"ok = r.tag == ns + \"svg\" and r.get(\"role\") == \"img\" and t is not None"
			" and t.text == os.environ[\"MM_EXPECT_TITLE\"]"
			" and r.find(ns + \"desc\") is not None\n"
			"sys.exit(0 if ok else 3)'", "w");
	if (!p)
		return 0;
	fputs(svg, p);
	return pclose(p) == 0;
}

MM_TEST(test_escape)
{
	struct mm_buf b = { 0 };
	svg_escape(&b, "<a href=\"x\">&'日本語'\x01");
	CHECK_STREQ(mm_buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;日本語&#39; ");
	mm_buf_free(&b);
}

MM_TEST(test_axis)
{
	struct svg_axis a;
	svg_nice_axis(0, 5, 1, &a);
	CHECK(a.step == 1 && a.top == 1 && a.ticks == 1);
	svg_nice_axis(1, 5, 1, &a);
	CHECK(a.step == 1 && a.top == 1 && a.ticks == 1);
	svg_nice_axis(7, 5, 1, &a);
	CHECK(a.step == 2 && a.top == 8 && a.ticks == 4);
	svg_nice_axis(100, 5, 1, &a);
	CHECK(a.step == 20 && a.top == 100 && a.ticks == 5);
	svg_nice_axis(483, 5, 1, &a);
	CHECK(a.step == 100 && a.top == 500);
	svg_nice_axis(0.3, 5, 0, &a);
	CHECK(fabs(a.step - 0.1) < 1e-12 && a.ticks == 3);
	double huge = 1099511627776.0;	/* 2^40 */
	svg_nice_axis(huge, 5, 1, &a);
	CHECK(a.top >= huge && a.step == 5e11 && a.ticks == 3);
	CHECK(a.ticks >= 1 && a.ticks <= 10);
	char num[48];
	svg_number(num, sizeof num, huge);
	CHECK_STREQ(num, "1.1T");
	svg_number(num, sizeof num, 1234567);
	CHECK_STREQ(num, "1,234,567");
	svg_number(num, sizeof num, 0);
	CHECK_STREQ(num, "0");
	svg_number(num, sizeof num, 12.34);
	CHECK_STREQ(num, "12.3");
	svg_number(num, sizeof num, 2e7);
	CHECK_STREQ(num, "20M");
}

MM_TEST(test_bar_chart_xml)
{
	const char *labels[] = { "Webガード", "<script>&\"'", "アプリケーション制御という長いカテゴリ名の例です" };
	double own[] = { 0, 1, 1099511627776.0 }, peer[] = { 3.5, 0, 2 };
	struct svg_series series[] = { { "自社 & <b>", own }, { "参加企業平均", peer } };
	struct svg_chart c = { SVG_BARS, "chart-x", "カテゴリ別 <検出数> & \"比較\"", "説明 ' です",
			       labels, 3, series, 2 };
	struct mm_buf b = { 0 };
	CHECK_INTEQ(svg_chart_write(&b, &c), 0);
	const char *svg = mm_buf_str(&b);
	CHECK(xml_ok(svg, "カテゴリ別 <検出数> & \"比較\""));
	CHECK(strstr(svg, "<script>") == NULL);
	CHECK(strstr(svg, "&lt;script&gt;&amp;&quot;&#39;") != NULL);
	CHECK(strstr(svg, "aria-labelledby=\"chart-x-title chart-x-desc\"") != NULL);
	CHECK(strstr(svg, "Noto Sans CJK JP") != NULL);
	CHECK(strstr(svg, "1.1T") != NULL);
	mm_buf_free(&b);
	/* only zeros, and no labels at all */
	double zero[] = { 0, 0, 0 };
	struct svg_series z = { "n", zero };
	struct svg_chart cz = { SVG_BARS, "chart-z", "zero", "", labels, 3, &z, 1 };
	CHECK_INTEQ(svg_chart_write(&b, &cz), 0);
	CHECK(xml_ok(mm_buf_str(&b), "zero"));
	mm_buf_reset(&b);
	cz.n = 0;
	CHECK_INTEQ(svg_chart_write(&b, &cz), 0);
	CHECK(xml_ok(mm_buf_str(&b), "zero"));
	mm_buf_free(&b);
	/* refused: a bad id, a negative value, no series */
	struct svg_chart bad = cz;
	bad.id = "x\" onload=\"";
	CHECK_INTEQ(svg_chart_write(&b, &bad), -1);
	double neg[] = { -1 };
	struct svg_series ns = { "n", neg };
	struct svg_chart bn = { SVG_BARS, "ok", "t", "d", labels, 1, &ns, 1 };
	CHECK_INTEQ(svg_chart_write(&b, &bn), -1);
	bn.nseries = 0;
	CHECK_INTEQ(svg_chart_write(&b, &bn), -1);
	mm_buf_free(&b);
}

MM_TEST(test_column_chart_xml)
{
	static double values[366];
	static char days[366][12];
	const char *labels[366];
	for (int i = 0; i < 366; i++) {
		snprintf(days[i], sizeof days[i], "%02d-%02d", i / 31 % 12 + 1, i % 31 + 1);
		labels[i] = days[i];
		values[i] = i == 100 ? 1099511627776.0 : i % 7;
	}
	struct svg_series s = { "件数", values };
	struct svg_chart c = { SVG_COLUMNS, "chart-trend", "日別の推移", "縦棒", labels, 366, &s, 1 };
	struct mm_buf b = { 0 };
	CHECK_INTEQ(svg_chart_write(&b, &c), 0);
	CHECK(xml_ok(mm_buf_str(&b), "日別の推移"));
	mm_buf_free(&b);
}

MM_TEST(test_periods)
{
	struct report_period p;
	const char *today = "2026-12-04";
	CHECK_STREQ(report_period_parse(NULL, NULL, NULL, NULL, today, &p), NULL);
	CHECK_STREQ(p.from, "2026-11-05");
	CHECK_STREQ(p.to, "2026-12-04");
	CHECK_INTEQ(p.days, 30);
	CHECK_STREQ(report_period_parse("month", "2024-02", NULL, NULL, today, &p), NULL);
	CHECK_STREQ(p.from, "2024-02-01");
	CHECK_STREQ(p.to, "2024-02-29");
	CHECK_INTEQ(p.days, 29);
	/* the current month ends today */
	CHECK_STREQ(report_period_parse("month", "2026-12", NULL, NULL, today, &p), NULL);
	CHECK_STREQ(p.to, "2026-12-04");
	CHECK_STREQ(report_period_parse("month", "2027-01", NULL, NULL, today, &p), "report.err.future");
	CHECK_STREQ(report_period_parse("month", "2026-13", NULL, NULL, today, &p), "report.err.month_format");
	CHECK_STREQ(report_period_parse("month", "", NULL, NULL, today, &p), "report.err.month_missing");
	CHECK_STREQ(report_period_parse("range", NULL, "2025-12-05", "2026-12-04", today, &p), NULL);
	CHECK_INTEQ(p.days, 365);
	CHECK_STREQ(report_period_parse("range", NULL, "2024-01-01", "2024-12-31", today, &p), NULL);
	CHECK_INTEQ(p.days, 366);
	CHECK_STREQ(report_period_parse("range", NULL, "2024-01-01", "2025-01-01", today, &p), "report.err.too_long");
	CHECK_STREQ(report_period_parse("range", NULL, "2026-12-01", "2026-11-30", today, &p), "report.err.reversed");
	CHECK_STREQ(report_period_parse("range", NULL, "2026-12-01", "2026-12-05", today, &p), "report.err.future");
	CHECK_STREQ(report_period_parse("range", NULL, "2026-02-30", "2026-03-01", today, &p), "report.err.date_format");
	CHECK_STREQ(report_period_parse("range", NULL, "2026-1-01", "2026-03-01", today, &p), "report.err.date_format");
	CHECK_STREQ(report_period_parse("range", NULL, "", "2026-03-01", today, &p), "report.err.range_missing");
	CHECK_STREQ(report_period_parse("week", NULL, NULL, NULL, today, &p), "report.err.format");
	CHECK_INTEQ(report_day_number("1970-01-01"), -1);	/* before 2000: refused */
	CHECK_INTEQ(report_day_number("2000-01-01"), 10957);
	char s[11];
	report_day_string(10957 + 366 + 58, s);
	CHECK_STREQ(s, "2001-02-28");
}

MM_TEST(test_threshold)
{
	CHECK_INTEQ(PEER_MIN_TENANTS, 5);
	CHECK_INTEQ(peer_bucket_visible(4), 0);
	CHECK_INTEQ(peer_bucket_visible(5), 1);
	CHECK_INTEQ(peer_bucket_visible(0), 0);
	CHECK_INTEQ(peer_round_tenths(0, 5), 0);
	CHECK_INTEQ(peer_round_tenths(10, 0), 0);
	CHECK_INTEQ(peer_round_tenths(7, 3), 23);	/* 2.333 -> 2.3 */
	CHECK_INTEQ(peer_round_tenths(5, 4), 13);	/* 1.25 -> 1.3 (half up) */
	CHECK_INTEQ(peer_round_tenths(1099511627776LL, 7), 1570730896823LL);
}

static struct report_body_key body_key(long long tenant, const char *lang)
{
	struct report_body_key k = { .tenant_id = tenant, .device_id = 0 };
	snprintf(k.from, sizeof k.from, "2026-11-01");
	snprintf(k.to, sizeof k.to, "2026-11-30");
	snprintf(k.lang, sizeof k.lang, "%s", lang);
	return k;
}

/* Rendered bodies: found only under their key and fingerprint, a stale
 * one dropped, bounded in entries and bytes, least recently used first. */
MM_TEST(test_body_cache)
{
	struct report_fingerprint fp = { .gen = 7, .devices_n = 2, .devices_sig = 99, .peer = 1,
					 .peer_from = "2026-11-05", .peer_to = "2026-12-04",
					 .peer_computed = 1000, .peer_gen = 5 };
	struct report_body_key ja = body_key(1, "ja"), en = body_key(1, "en"), other = body_key(2, "ja");
	struct report_body got;
	CHECK_INTEQ(report_cache_find(&ja, &fp, &got), 0);
	CHECK_INTEQ(report_cache_keep(&ja, &fp, "<p>ja</p>", 9, "1,234"), 0);
	CHECK_INTEQ(report_cache_find(&ja, &fp, &got), 1);
	CHECK_STREQ(got.html, "<p>ja</p>");
	CHECK_STREQ(got.total, "1,234");
	CHECK_INTEQ(report_cache_find(&en, &fp, &got), 0);
	CHECK_INTEQ(report_cache_find(&other, &fp, &got), 0);
	struct report_body_key month = ja;
	snprintf(month.to, sizeof month.to, "2026-11-29");
	CHECK_INTEQ(report_cache_find(&month, &fp, &got), 0);
	month = ja;
	month.device_id = 3;
	CHECK_INTEQ(report_cache_find(&month, &fp, &got), 0);

	/* each part of the fingerprint counts; a stale body is dropped */
	struct report_fingerprint changed[6];
	for (int i = 0; i < 6; i++)
		changed[i] = fp;
	changed[0].gen++;
	changed[1].devices_sig++;
	changed[2].devices_n++;
	changed[3].peer_computed++;
	changed[4].peer_gen++;
	snprintf(changed[5].peer_from, sizeof changed[5].peer_from, "2026-11-01");
	for (int i = 0; i < 6; i++) {
		CHECK_INTEQ(report_cache_keep(&ja, &fp, "<p>ja</p>", 9, "1"), 0);
		CHECK_INTEQ(report_cache_find(&ja, &changed[i], &got), 0);
		CHECK_INTEQ(report_cache_find(&ja, &fp, &got), 0);
	}
	/* without an average, its fields are not compared */
	struct report_fingerprint plain = { .gen = 3, .devices_n = 1, .devices_sig = 4 };
	struct report_fingerprint plain2 = plain;
	plain2.peer_gen = 8;
	CHECK_INTEQ(report_cache_keep(&en, &plain, "en", 2, "0"), 0);
	CHECK_INTEQ(report_cache_find(&en, &plain2, &got), 1);

	/* 16 bodies: keeping a 17th drops the least recently used */
	for (long long t = 100; t < 116; t++) {
		struct report_body_key k = body_key(t, "ja");
		CHECK_INTEQ(report_cache_keep(&k, &fp, "x", 1, "0"), 0);
	}
	struct report_body_key first = body_key(100, "ja"), second = body_key(101, "ja");
	CHECK_INTEQ(report_cache_find(&first, &fp, &got), 1);	/* now the most recent */
	struct report_body_key last = body_key(116, "ja");
	CHECK_INTEQ(report_cache_keep(&last, &fp, "y", 1, "0"), 0);
	CHECK_INTEQ(report_cache_find(&first, &fp, &got), 1);
	CHECK_INTEQ(report_cache_find(&second, &fp, &got), 0);
	CHECK_INTEQ(report_cache_find(&last, &fp, &got), 1);

	/* 4 MiB in all: a third 1.5 MiB body drops the oldest; a larger body
	 * than the whole is not kept */
	size_t big = 3u << 19;
	char *html = malloc(big + 1);
	CHECK(html != NULL);
	if (!html)
		return;
	memset(html, 'h', big);
	html[big] = '\0';
	struct report_body_key b1 = body_key(201, "ja"), b2 = body_key(202, "ja"), b3 = body_key(203, "ja");
	CHECK_INTEQ(report_cache_keep(&b1, &fp, html, big, "0"), 0);
	CHECK_INTEQ(report_cache_keep(&b2, &fp, html, big, "0"), 0);
	CHECK_INTEQ(report_cache_keep(&b3, &fp, html, big, "0"), 0);
	CHECK_INTEQ(report_cache_find(&b1, &fp, &got), 0);
	CHECK_INTEQ(report_cache_find(&b2, &fp, &got), 1);
	CHECK_INTEQ(report_cache_find(&b3, &fp, &got), 1);
	CHECK_INTEQ((long long)strlen(got.html), (long long)big);
	free(html);
	char *huge = calloc((5u << 20) + 1, 1);
	CHECK(huge != NULL);
	if (huge) {
		struct report_body_key h = body_key(300, "ja");
		memset(huge, 'z', 5u << 20);
		CHECK_INTEQ(report_cache_keep(&h, &fp, huge, 5u << 20, "0"), 0);
		CHECK_INTEQ(report_cache_find(&h, &fp, &got), 0);
		free(huge);
	}
}

MM_TEST_MAIN(test_escape, test_axis, test_bar_chart_xml, test_column_chart_xml, test_periods,
	     test_threshold, test_body_cache)
