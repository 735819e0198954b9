/* Chat linkages (ACC-4): webhook URL and address checks, the biweekly
 * report slots, the JSON body. No network: resolution is not exercised
 * here except for literal addresses. */
#include "mm_test.h"
#include "chat.h"
#include "mm_civil.h"
#include <arpa/inet.h>
#include <jansson.h>
#include <time.h>

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			 .tm_min = mi };
	return timegm(&tm);
}

static enum chat_url_err parse(const char *url, unsigned flags)
{
	struct chat_url u;
	return chat_url_parse(url, flags, &u);
}

MM_TEST(test_url_scheme_and_credentials)
{
	struct chat_url u;
	CHECK_INTEQ(chat_url_parse("https://hooks.example.com/services/T0/B0/x", 0, &u), CHAT_URL_OK);
	CHECK_STREQ(u.host, "hooks.example.com");
	CHECK_INTEQ(u.port, 443);
	CHECK_INTEQ(u.ip_literal, 0);
	CHECK_INTEQ(chat_url_parse("HTTPS://Hooks.Example.COM:8443/x?a=b#c", 0, &u), CHAT_URL_OK);
	CHECK_STREQ(u.host, "hooks.example.com");
	CHECK_INTEQ(u.port, 8443);
	CHECK_INTEQ(parse("http://hooks.example.com/", 0), CHAT_URL_SCHEME);
	/* plain http for the local sink's literal address only */
	CHECK_INTEQ(parse("http://hooks.example.com/", CHAT_ALLOW_LOCAL), CHAT_URL_SCHEME);
	CHECK_INTEQ(parse("http://127.0.0.1:8080/", CHAT_ALLOW_LOCAL), CHAT_URL_OK);
	CHECK_INTEQ(parse("http://8.8.8.8/", CHAT_ALLOW_LOCAL), CHAT_URL_SCHEME);
	CHECK_INTEQ(parse("http://[::1]:8080/", CHAT_ALLOW_LOCAL), CHAT_URL_OK);
	CHECK_INTEQ(parse("ftp://hooks.example.com/", CHAT_ALLOW_LOCAL), CHAT_URL_SCHEME);
	CHECK_INTEQ(parse("hooks.example.com/x", 0), CHAT_URL_SCHEME);
	CHECK_INTEQ(parse("https://user:pw@hooks.example.com/", 0), CHAT_URL_USERINFO);
	CHECK_INTEQ(parse("https://user@hooks.example.com/", 0), CHAT_URL_USERINFO);
	CHECK_INTEQ(parse("https://hooks.example.com@10.0.0.1/", 0), CHAT_URL_USERINFO);
	/* an @ after the authority is part of the path */
	CHECK_INTEQ(parse("https://hooks.example.com/a@b", 0), CHAT_URL_OK);
	CHECK_INTEQ(parse("https://hooks.example.com\\@10.0.0.1/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://exa mple.com/", 0), CHAT_URL_CHARS);
	CHECK_INTEQ(parse("https://例え.jp/", 0), CHAT_URL_CHARS);
	CHECK_INTEQ(parse("https://hooks.example.com/\r\nX: y", 0), CHAT_URL_CHARS);
	CHECK_INTEQ(parse("https://", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https:///path", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://.example.com/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://a..b/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://hooks.example.com:0/", 0), CHAT_URL_PORT);
	CHECK_INTEQ(parse("https://hooks.example.com:65536/", 0), CHAT_URL_PORT);
	CHECK_INTEQ(parse("https://hooks.example.com:/", 0), CHAT_URL_PORT);
	CHECK_INTEQ(parse("https://hooks.example.com:44a/", 0), CHAT_URL_PORT);
}

MM_TEST(test_url_length)
{
	char url[CHAT_URL_MAX + 2];
	memset(url, 'a', sizeof url);
	memcpy(url, "https://hooks.example.com/", 26);
	url[CHAT_URL_MAX] = '\0';
	CHECK_INTEQ(parse(url, 0), CHAT_URL_OK);
	url[CHAT_URL_MAX] = 'a';
	url[CHAT_URL_MAX + 1] = '\0';
	CHECK_INTEQ(parse(url, 0), CHAT_URL_TOO_LONG);
}

MM_TEST(test_ipv4_literals_in_every_spelling)
{
	struct chat_url u;
	CHECK_INTEQ(parse("https://127.0.0.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://2130706433/", 0), CHAT_URL_PRIVATE);	/* decimal */
	CHECK_INTEQ(parse("https://0177.0.0.1/", 0), CHAT_URL_PRIVATE);	/* octal */
	CHECK_INTEQ(parse("https://017700000001/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://0x7f.1/", 0), CHAT_URL_PRIVATE);	/* hex, short */
	CHECK_INTEQ(parse("https://0x7f000001/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://127.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://10.0.0.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://012.0.0.1/", 0), CHAT_URL_PRIVATE);	/* 10.0.0.1 */
	CHECK_INTEQ(parse("https://172.16.0.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://172.31.255.255/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://192.168.1.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://169.254.169.254/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://100.64.0.1/", 0), CHAT_URL_PRIVATE);	/* CGNAT */
	CHECK_INTEQ(parse("https://100.127.255.254/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://224.0.0.1/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://0.0.0.0/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://0/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://255.255.255.255/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://192.0.2.10/", 0), CHAT_URL_PRIVATE);
	/* public ones, normalised to dotted quads */
	CHECK_INTEQ(chat_url_parse("https://134744072/", 0, &u), CHAT_URL_OK);
	CHECK_STREQ(u.host, "8.8.8.8");
	CHECK_INTEQ(u.ip_literal, 1);
	CHECK_INTEQ(chat_url_parse("https://0x08.010.0x8.8:444/", 0, &u), CHAT_URL_OK);
	CHECK_STREQ(u.host, "8.8.8.8");
	CHECK_INTEQ(u.port, 444);
	CHECK_INTEQ(parse("https://172.32.0.1/", 0), CHAT_URL_OK);
	CHECK_INTEQ(parse("https://100.128.0.1/", 0), CHAT_URL_OK);
	/* numbers that are no address are no host either */
	CHECK_INTEQ(parse("https://256.1.1.1/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://1.2.3.4.5/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://4294967296/", 0), CHAT_URL_HOST);
	/* hex-looking names stay names */
	CHECK_INTEQ(parse("https://cafe.de/", 0), CHAT_URL_OK);
	/* the local sink exception covers loopback only */
	CHECK_INTEQ(parse("http://127.0.0.1:8080/hook/x", CHAT_ALLOW_LOCAL), CHAT_URL_OK);
	CHECK_INTEQ(parse("http://10.0.0.1/", CHAT_ALLOW_LOCAL), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://localhost/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://a.localhost./", 0), CHAT_URL_PRIVATE);
}

MM_TEST(test_ipv6_literals)
{
	struct chat_url u;
	CHECK_INTEQ(parse("https://[::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::ffff:127.0.0.1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::ffff:7f00:1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::ffff:10.1.2.3]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::127.0.0.1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[64:ff9b::a00:1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[2002:a00:1::]/", 0), CHAT_URL_PRIVATE);	/* 6to4 of 10.0.0.1 */
	CHECK_INTEQ(parse("https://[fe80::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[fe80::1%25eth0]/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://[fc00::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[fd12:3456::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[fec0::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[ff02::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[2001:db8::1]/", 0), CHAT_URL_PRIVATE);
	CHECK_INTEQ(parse("https://[::1]/", CHAT_ALLOW_LOCAL), CHAT_URL_OK);
	CHECK_INTEQ(chat_url_parse("https://[2606:4700:4700:0::1111]:8443/x", 0, &u), CHAT_URL_OK);
	CHECK_STREQ(u.host, "2606:4700:4700::1111");
	CHECK_INTEQ(u.port, 8443);
	CHECK_INTEQ(parse("https://[::ffff:8.8.8.8]/", 0), CHAT_URL_OK);
	CHECK_INTEQ(parse("https://[2606:4700::1111/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://[2606:4700::1111]x/", 0), CHAT_URL_HOST);
	CHECK_INTEQ(parse("https://[not-an-address]/", 0), CHAT_URL_HOST);
}

MM_TEST(test_address_classes)
{
	CHECK(!chat_addr4_public(0x7f000001));
	CHECK(!chat_addr4_public(0x64400000));
	CHECK(!chat_addr4_public(0x647fffff));
	CHECK(chat_addr4_public(0x64800000));
	CHECK(chat_addr4_public(0x08080808));
	unsigned char a[16];
	inet_pton(AF_INET6, "2001:4860:4860::8888", a);
	CHECK(chat_addr6_public(a));
	inet_pton(AF_INET6, "::ffff:192.168.0.1", a);
	CHECK(!chat_addr6_public(a));
	inet_pton(AF_INET6, "100::1", a);
	CHECK(!chat_addr6_public(a));
	/* resolution of a literal: pinned as such */
	struct chat_url u;
	char ip[CHAT_IP_LEN];
	CHECK_INTEQ(chat_url_check("https://134744072/x", 0, &u, ip), CHAT_URL_OK);
	CHECK_STREQ(ip, "8.8.8.8");
	CHECK_INTEQ(chat_url_check("http://127.0.0.1:9/x", CHAT_ALLOW_LOCAL, &u, ip), CHAT_URL_OK);
	CHECK_STREQ(ip, "127.0.0.1");
	CHECK_INTEQ(chat_url_check("https://127.0.0.1:9/x", 0, &u, ip), CHAT_URL_PRIVATE);
}

MM_TEST(test_mask_and_uuid)
{
	char out[CHAT_MASKED_MAX];
	chat_url_mask("https://hooks.example.com/services/T000/B000/XXXXabcd", out);
	CHECK_STREQ(out, "https://hooks.example.com…abcd");
	chat_url_mask("https://[2606:4700::1111]:8443/hook/zz9Z", out);
	CHECK_STREQ(out, "https://[2606:4700::1111]…zz9Z");
	chat_url_mask("garbage", out);
	CHECK_STREQ(out, "…bage");
	CHECK(chat_uuid_valid("123e4567-e89b-12d3-a456-426614174000"));
	CHECK(chat_uuid_valid("123E4567-E89B-12D3-A456-426614174000"));
	CHECK(!chat_uuid_valid("123e4567e89b12d3a456426614174000"));
	CHECK(!chat_uuid_valid("123e4567-e89b-12d3-a456-42661417400g"));
	CHECK(!chat_uuid_valid("123e4567-e89b-12d3-a456-4266141740000"));
	CHECK(!chat_uuid_valid(""));
}

MM_TEST(test_civil_days)
{
	int y, m, d;
	CHECK_INTEQ(mm_days_from_civil(1970, 1, 1), 0);
	CHECK_INTEQ(mm_days_from_civil(2024, 1, 1), 19723);
	CHECK_INTEQ(mm_days_from_civil(2024, 3, 1) - mm_days_from_civil(2024, 2, 28), 2);
	mm_civil_from_days(mm_days_from_civil(2028, 2, 29), &y, &m, &d);
	CHECK_INTEQ(y * 10000 + m * 100 + d, 20280229);
}

/* Slots (every other Monday from 2024-01-01): ... 2025-12-29, 2026-01-12,
 * ..., 2026-02-23, 2026-03-09, 2026-03-23, 2026-04-06 ... */
MM_TEST(test_slots_tokyo_year_and_month_ends)
{
	const char *z = "Asia/Tokyo";
	/* the anchor itself: 2024-01-01 10:00 JST */
	CHECK_INTEQ(chat_slot_next(z, utc(2023, 12, 31, 0, 0)), utc(2024, 1, 1, 1, 0));
	/* year end: Sunday 2025-12-28 -> Monday 2025-12-29 10:00 JST */
	CHECK_INTEQ(chat_slot_next(z, utc(2025, 12, 28, 3, 0)), utc(2025, 12, 29, 1, 0));
	/* at the slot: the next one is a fortnight later, in the new year */
	CHECK_INTEQ(chat_slot_next(z, utc(2025, 12, 29, 1, 0)), utc(2026, 1, 12, 1, 0));
	CHECK_INTEQ(chat_slot_prev(z, utc(2025, 12, 29, 1, 0)), utc(2025, 12, 29, 1, 0));
	CHECK_INTEQ(chat_slot_prev(z, utc(2025, 12, 29, 0, 59)), utc(2025, 12, 15, 1, 0));
	/* the off Monday is no slot */
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 1, 5, 0, 0)), utc(2026, 1, 12, 1, 0));
	CHECK_INTEQ(chat_slot_prev(z, utc(2026, 1, 6, 0, 0)), utc(2025, 12, 29, 1, 0));
	/* month end: 2026-02-23 -> 2026-03-09 */
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 2, 23, 1, 0)), utc(2026, 3, 9, 1, 0));
	/* Monday in Tokyo while still Sunday in UTC */
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 3, 8, 16, 0)), utc(2026, 3, 9, 1, 0));
	/* 2026-12-04 (a Friday) -> Monday 2026-12-14 (the 7th is off) */
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 12, 4, 5, 0)), utc(2026, 12, 14, 1, 0));
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 12, 14, 1, 0)), utc(2026, 12, 28, 1, 0));
	CHECK_INTEQ(chat_slot_next(z, utc(2026, 12, 28, 1, 0)), utc(2027, 1, 11, 1, 0));
}

MM_TEST(test_slots_with_summer_time)
{
	/* Berlin: summer time from Sunday 2026-03-29 */
	const char *b = "Europe/Berlin";
	CHECK_INTEQ(chat_slot_next(b, utc(2026, 3, 20, 0, 0)), utc(2026, 3, 23, 9, 0));
	CHECK_INTEQ(chat_slot_next(b, utc(2026, 3, 23, 9, 0)), utc(2026, 4, 6, 8, 0));
	/* back to winter time on Sunday 2026-10-25: slots 10-19 and 11-02 */
	CHECK_INTEQ(chat_slot_next(b, utc(2026, 10, 19, 8, 0)), utc(2026, 11, 2, 9, 0));
	CHECK_INTEQ(chat_slot_prev(b, utc(2026, 11, 2, 8, 59)), utc(2026, 10, 19, 8, 0));
	/* New York: summer time from Sunday 2026-03-08, the day before a slot */
	const char *ny = "America/New_York";
	CHECK_INTEQ(chat_slot_next(ny, utc(2026, 2, 20, 0, 0)), utc(2026, 2, 23, 15, 0));
	CHECK_INTEQ(chat_slot_next(ny, utc(2026, 2, 23, 15, 0)), utc(2026, 3, 9, 14, 0));
	/* Sunday evening in New York is Monday in UTC: still before the slot */
	CHECK_INTEQ(chat_slot_next(ny, utc(2026, 3, 9, 3, 0)), utc(2026, 3, 9, 14, 0));
}

MM_TEST(test_payload_japanese_and_quotes)
{
	struct chat_message m = {
		.kind = "alert", .company_name = "株式会社\"みまもり\"商事",
		.customer_id = "123e4567-e89b-12d3-a456-426614174000", .organization = "本社\\情報システム部",
		.title = "脅威検出通知", .text = "1行目\n2行目\t\"引用\" </script>",
		.link = "https://portal.example/dashboard/alerts/1", .at = utc(2026, 12, 4, 5, 6),
	};
	char *s = chat_payload(&m, "{\"alert_id\":7,\"others\":2}");
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(strstr(s, "株式会社\\\"みまもり\\\"商事") != NULL);	/* UTF-8 kept, quotes escaped */
	CHECK(strstr(s, "1行目\\n2行目\\t") != NULL);
	CHECK(strstr(s, "本社\\\\情報システム部") != NULL);
	json_error_t err;
	json_t *o = json_loads(s, 0, &err);
	CHECK(o != NULL);
	CHECK_STREQ(json_string_value(json_object_get(o, "company_name")), m.company_name);
	CHECK_STREQ(json_string_value(json_object_get(o, "text")), m.text);
	CHECK_STREQ(json_string_value(json_object_get(o, "kind")), "alert");
	CHECK_STREQ(json_string_value(json_object_get(o, "sent_at")), "2026-12-04T05:06:00Z");
	CHECK_INTEQ(json_integer_value(json_object_get(json_object_get(o, "details"), "others")), 2);
	json_decref(o);
	free(s);
	/* malformed UTF-8 or extra JSON: no body rather than a broken one */
	m.text = "\xff\xfe";
	CHECK(chat_payload(&m, NULL) == NULL);
	m.text = "ok";
	CHECK(chat_payload(&m, "{not json") == NULL);
}

MM_TEST_MAIN(test_url_scheme_and_credentials, test_url_length, test_ipv4_literals_in_every_spelling,
	     test_ipv6_literals, test_address_classes, test_mask_and_uuid, test_civil_days,
	     test_slots_tokyo_year_and_month_ends, test_slots_with_summer_time,
	     test_payload_japanese_and_quotes)
