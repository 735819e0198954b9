/* Request parsers (mm_parse.h): urlencoded, cookies, Content-Type, UTF-8,
 * local paths. */
#include "mm_parse.h"
#include "mm_test.h"

#include <string.h>

/* Small limits so the boundaries are easy to reach. */
static const struct mm_limits lim = {
	.max_pairs = 4, .max_key = 8, .max_value = 16, .max_total = 64
};
static const struct mm_limits roomy = {
	.max_pairs = 100, .max_key = 256, .max_value = 4096, .max_total = 65536
};

static int url(const char *s, const struct mm_limits *l, struct mm_kvlist *out)
{
	memset(out, 0, sizeof *out);
	return mm_parse_urlencoded(s, strlen(s), l, out);
}

/* Return code of parsing s alone (the list is freed). */
static int url_rc(const char *s, size_t len, const struct mm_limits *l)
{
	struct mm_kvlist k;
	int rc;

	memset(&k, 0, sizeof k);
	rc = mm_parse_urlencoded(s, len, l, &k);
	mm_kvlist_free(&k);
	return rc;
}

static int cookies(const char *s, const struct mm_limits *l,
		   struct mm_kvlist *out)
{
	memset(out, 0, sizeof *out);
	return mm_parse_cookies(s, strlen(s), l, out);
}

/* Return code of parsing s alone, and how many cookies it gave. */
static int cookie_rc(const char *s, size_t len, const struct mm_limits *l,
		     size_t *n)
{
	struct mm_kvlist k;
	int rc;

	memset(&k, 0, sizeof k);
	rc = mm_parse_cookies(s, len, l, &k);
	*n = k.n;
	mm_kvlist_free(&k);
	return rc;
}

static char *fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* ---------------------------------------------------------------------- */

MM_TEST(test_url_basic)
{
	struct mm_kvlist k;

	CHECK_INTEQ(url("a=1&bc=23", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	if (k.n == 2) {
		CHECK_STREQ(k.items[0].key, "a");
		CHECK_STREQ(k.items[0].val, "1");
		CHECK_INTEQ(k.items[0].vlen, 1);
		CHECK_STREQ(k.items[1].key, "bc");
		CHECK_STREQ(k.items[1].val, "23");
		CHECK_INTEQ(k.items[1].vlen, 2);
	}
	CHECK_INTEQ(k.bytes, 6);	/* a 1 bc 23 */
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "bc"), "23");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "A"), NULL);	/* keys are case-sensitive */
	CHECK_INTEQ(mm_kvlist_count(&k, "a"), 1);
	CHECK_INTEQ(mm_kvlist_count(&k, "z"), 0);
	mm_kvlist_free(&k);

	/* only the first len bytes count */
	memset(&k, 0, sizeof k);
	CHECK_INTEQ(mm_parse_urlencoded("a=1&b=2", 3, &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 1);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), NULL);
	mm_kvlist_free(&k);

	/* a value may contain '=' */
	CHECK_INTEQ(url("t=ab==&u==", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "t"), "ab==");
	CHECK_STREQ(mm_kvlist_get(&k, "u"), "=");
	mm_kvlist_free(&k);
}

MM_TEST(test_url_decoding)
{
	struct mm_kvlist k;

	CHECK_INTEQ(url("q=a+b%20c%2B%26%3D&n%61me=%E6%97%a5%e6%9c%ac", &roomy, &k),
		    MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "q"), "a b c+&=");
	CHECK_STREQ(mm_kvlist_get(&k, "name"), "日本");
	CHECK_INTEQ(k.n == 2 ? k.items[1].vlen : 0, 6);
	mm_kvlist_free(&k);

	/* '+' in keys too; "%2B" stays a plus */
	CHECK_INTEQ(url("a+b=1&c%2Bd=2&+=3", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "a b"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "c+d"), "2");
	CHECK_STREQ(mm_kvlist_get(&k, " "), "3");
	mm_kvlist_free(&k);

	/* 4-byte UTF-8 and raw (unencoded) UTF-8 */
	CHECK_INTEQ(url("k=%F0%A0%AE%B7&r=日本語", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "k"), "𠮷");
	CHECK_STREQ(mm_kvlist_get(&k, "r"), "日本語");
	mm_kvlist_free(&k);

	/* a decoded '%' is not decoded again */
	CHECK_INTEQ(url("p=%2541", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "p"), "%41");
	mm_kvlist_free(&k);
}

MM_TEST(test_url_bad_escapes)
{
	const char *bad[] = {
		"a=%G1", "a=%1G", "a=%", "a=%4", "a=1%", "%=1", "a%=1",
		"%zz=1", "a=%%41", "a=%-1", "a=% 1", "x=1&a=%4"
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = url_rc(bad[i], strlen(bad[i]), &roomy);
		CHECK_INTEQ(rc, MM_PARSE_MALFORMED);
		if (rc != MM_PARSE_MALFORMED)
			fprintf(stderr, "  input %s\n", bad[i]);
	}
}

MM_TEST(test_url_empty_parts)
{
	struct mm_kvlist k;

	CHECK_INTEQ(url("", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 0);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), NULL);
	mm_kvlist_free(&k);

	CHECK_INTEQ(url("a&&b", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "");
	CHECK_INTEQ(k.n == 2 ? k.items[0].vlen : 99, 0);
	mm_kvlist_free(&k);

	CHECK_INTEQ(url("&a=1&", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 1);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	mm_kvlist_free(&k);

	CHECK_INTEQ(url("&&&", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 0);
	mm_kvlist_free(&k);

	CHECK_INTEQ(url("a=", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 1);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "");
	mm_kvlist_free(&k);

	/* empty keys are malformed */
	CHECK_INTEQ(url_rc("=1", 2, &roomy), MM_PARSE_MALFORMED);
	CHECK_INTEQ(url_rc("=", 1, &roomy), MM_PARSE_MALFORMED);
	CHECK_INTEQ(url_rc("a=1&=2", 6, &roomy), MM_PARSE_MALFORMED);
}

MM_TEST(test_url_duplicates)
{
	struct mm_kvlist k;

	CHECK_INTEQ(url("a=1&b=x&a=2&a=", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 4);
	CHECK_INTEQ(mm_kvlist_count(&k, "a"), 3);
	CHECK_INTEQ(mm_kvlist_count(&k, "b"), 1);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");	/* the first one */
	CHECK_STREQ(k.n == 4 ? k.items[2].val : NULL, "2");
	CHECK_STREQ(k.n == 4 ? k.items[3].val : NULL, "");
	mm_kvlist_free(&k);
}

MM_TEST(test_url_utf8_and_nul)
{
	const char *bad[] = {
		"a=%FF",		/* never valid */
		"a=%C0%AF",		/* overlong '/' */
		"a=%C1%81",		/* overlong 'A' */
		"a=%E0%80%AF",		/* overlong, 3 bytes */
		"a=%F0%80%80%AF",	/* overlong, 4 bytes */
		"a=%ED%A0%80",		/* surrogate U+D800 */
		"a=%ED%BF%BF",		/* surrogate U+DFFF */
		"a=%F4%90%80%80",	/* above U+10FFFF */
		"a=%F8%88%80%80%80",	/* 5-byte form */
		"a=%E6%97",		/* truncated */
		"a=%E6%97&b=%A5",	/* split across values */
		"a=%80",		/* lone continuation byte */
		"%FF=1",		/* in the key */
		"a=\xff",		/* raw */
		"a=\xc0\xaf",
		"a=\xed\xa0\x80",
		"a=x%00y",		/* NUL */
		"a%00=1",
		"%00=1",
		"a=%00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = url_rc(bad[i], strlen(bad[i]), &roomy);
		CHECK_INTEQ(rc, MM_PARSE_MALFORMED);
		if (rc != MM_PARSE_MALFORMED)
			fprintf(stderr, "  input %s\n", bad[i]);
	}
	/* a raw NUL byte inside the input */
	CHECK_INTEQ(url_rc("a=x\0y", 5, &roomy), MM_PARSE_MALFORMED);
	CHECK_INTEQ(url_rc("a\0=1", 4, &roomy), MM_PARSE_MALFORMED);

	/* the largest and the edges of the valid ranges */
	CHECK_INTEQ(url_rc("a=%F4%8F%BF%BF", 14, &roomy), MM_PARSE_OK);
	CHECK_INTEQ(url_rc("a=%ED%9F%BF", 11, &roomy), MM_PARSE_OK);	/* U+D7FF */
	CHECK_INTEQ(url_rc("a=%EE%80%80", 11, &roomy), MM_PARSE_OK);	/* U+E000 */
	CHECK_INTEQ(url_rc("a=%C2%80", 8, &roomy), MM_PARSE_OK);	/* U+0080 */
}

MM_TEST(test_url_limits)
{
	char b[256], v[64];
	struct mm_kvlist k;

	/* key: 8 bytes decoded ok, 9 too long; decoded length is what counts */
	CHECK_INTEQ(url_rc("abcdefgh=1", 10, &lim), MM_PARSE_OK);
	CHECK_INTEQ(url_rc("abcdefghi=1", 11, &lim), MM_PARSE_TOO_LONG);
	CHECK_INTEQ(url_rc("%61%62%63%64%65%66%67%68=1", 26, &lim), MM_PARSE_OK);
	CHECK_INTEQ(url_rc("%61%62%63%64%65%66%67%68%69=1", 29, &lim),
		    MM_PARSE_TOO_LONG);
	CHECK_INTEQ(url_rc("abcdefghi", 9, &lim), MM_PARSE_TOO_LONG);

	/* value: 16 ok, 17 too long */
	snprintf(b, sizeof b, "a=%s", fill(v, 'v', 16));
	CHECK_INTEQ(url_rc(b, strlen(b), &lim), MM_PARSE_OK);
	snprintf(b, sizeof b, "a=%s", fill(v, 'v', 17));
	CHECK_INTEQ(url_rc(b, strlen(b), &lim), MM_PARSE_TOO_LONG);
	/* 16 two-byte characters are 32 bytes */
	CHECK_INTEQ(url_rc("a=ééééééééé", strlen("a=ééééééééé"), &lim),
		    MM_PARSE_TOO_LONG);
	CHECK_INTEQ(url_rc("a=éééééééé", strlen("a=éééééééé"), &lim),
		    MM_PARSE_OK);

	/* total input: 64 ok, 65 too long */
	snprintf(b, sizeof b, "a=%s&b=%s&c=%s&d=%s", fill(v, '1', 16),
		 "2222222222222222", "3333333333333333", "44444");
	CHECK_INTEQ(strlen(b), 64);
	CHECK_INTEQ(url(b, &lim, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 4);
	CHECK_STREQ(mm_kvlist_get(&k, "d"), "44444");
	CHECK_INTEQ(k.bytes, 4 + 16 * 3 + 5);
	mm_kvlist_free(&k);
	strcat(b, "4");
	CHECK_INTEQ(url_rc(b, strlen(b), &lim), MM_PARSE_TOO_LONG);
	/* a long run of '&' is still input */
	fill(b, '&', 65);
	CHECK_INTEQ(url_rc(b, 65, &lim), MM_PARSE_TOO_LONG);

	/* pairs: 4 ok, 5 too many */
	CHECK_INTEQ(url_rc("a=1&b=2&c=3&d=4", 15, &lim), MM_PARSE_OK);
	CHECK_INTEQ(url_rc("a=1&b=2&c=3&d=4&e=5", 19, &lim), MM_PARSE_TOO_MANY);
	CHECK_INTEQ(url_rc("a&b&c&d&e", 9, &lim), MM_PARSE_TOO_MANY);
	CHECK_INTEQ(url_rc("a=1&a=1&a=1&a=1&a=1", 19, &lim), MM_PARSE_TOO_MANY);

	/* the library's own limits are set */
	CHECK(mm_limits_query.max_pairs > 0 && mm_limits_query.max_key > 0 &&
	      mm_limits_query.max_value > 0 && mm_limits_query.max_total > 0);
	CHECK(mm_limits_form.max_pairs > 0 && mm_limits_form.max_key > 0 &&
	      mm_limits_form.max_value > 0 && mm_limits_form.max_total > 0);
	CHECK(mm_limits_cookie.max_pairs > 0 && mm_limits_cookie.max_key > 0 &&
	      mm_limits_cookie.max_value > 0 && mm_limits_cookie.max_total > 0);
	/* 50 pairs of a realistic form pass the form limits */
	{
		char big[2048] = "";
		for (int i = 0; i < 50; i++) {
			char one[32];
			snprintf(one, sizeof one, "%sf%d=%d", i ? "&" : "", i, i);
			strcat(big, one);
		}
		CHECK_INTEQ(url_rc(big, strlen(big), &mm_limits_form), MM_PARSE_OK);
	}
}

MM_TEST(test_url_many_items)
{
	/* growth of the item array */
	char big[8192] = "";
	struct mm_kvlist k;

	for (int i = 0; i < 90; i++) {
		char one[32];
		snprintf(one, sizeof one, "%sk%d=v%d", i ? "&" : "", i, i * 7);
		strcat(big, one);
	}
	CHECK_INTEQ(url(big, &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 90);
	CHECK_STREQ(mm_kvlist_get(&k, "k0"), "v0");
	CHECK_STREQ(mm_kvlist_get(&k, "k89"), "v623");
	CHECK_STREQ(mm_kvlist_get(&k, "k45"), "v315");
	mm_kvlist_free(&k);
}

/* ---------------------------------------------------------------------- */

MM_TEST(test_cookies_basic)
{
	struct mm_kvlist k;

	CHECK_INTEQ(cookies("a=1; b=2", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);

	CHECK_INTEQ(cookies("a=1;b=2", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);

	/* values are not decoded: base64url tokens, '%', '+' and '=' as sent */
	CHECK_INTEQ(cookies("__Host-sid=Ab-_9z; p=%41+b; t=ab==", &roomy, &k),
		    MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "__Host-sid"), "Ab-_9z");
	CHECK_STREQ(mm_kvlist_get(&k, "p"), "%41+b");
	CHECK_STREQ(mm_kvlist_get(&k, "t"), "ab==");
	CHECK_INTEQ(k.n == 3 ? k.items[1].vlen : 0, 5);
	mm_kvlist_free(&k);

	/* duplicates: the first wins (browsers send the most specific first) */
	CHECK_INTEQ(cookies("sid=one; sid=two", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(mm_kvlist_count(&k, "sid"), 2);
	CHECK_STREQ(mm_kvlist_get(&k, "sid"), "one");
	mm_kvlist_free(&k);

	/* empty value */
	CHECK_INTEQ(cookies("a=; b=2", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);
}

MM_TEST(test_cookies_spaces_quotes)
{
	struct mm_kvlist k;

	CHECK_INTEQ(cookies("  a=1;   b=2  ", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);

	CHECK_INTEQ(cookies("a=1;\tb=2", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);

	/* a quoted value (RFC 6265 cookie-value): the quotes are dropped */
	CHECK_INTEQ(cookies("q=\"abc\"; r=1; s=\"; t=\"\"", &roomy, &k),
		    MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "q"), "abc");
	CHECK_INTEQ(k.n >= 1 ? k.items[0].vlen : 0, 3);
	CHECK_STREQ(mm_kvlist_get(&k, "r"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "s"), "\"");
	CHECK_STREQ(mm_kvlist_get(&k, "t"), "");
	mm_kvlist_free(&k);

	/* spaces around '=' */
	CHECK_INTEQ(cookies("a = 1 ; b=2", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);
}

MM_TEST(test_cookies_odd)
{
	struct mm_kvlist k;

	CHECK_INTEQ(cookies("", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 0);
	mm_kvlist_free(&k);

	CHECK_INTEQ(cookies(";", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 0);
	mm_kvlist_free(&k);

	CHECK_INTEQ(cookies(" ; ; ", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 0);
	mm_kvlist_free(&k);

	/* a pair without '=' or without a name is ignored, like browsers do;
	 * it does not hide the others */
	CHECK_INTEQ(cookies("junk; b=2; =x; c=3", &roomy, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 2);
	CHECK_STREQ(mm_kvlist_get(&k, "junk"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	CHECK_STREQ(mm_kvlist_get(&k, "c"), "3");
	mm_kvlist_free(&k);

	/* a broken cookie (another application on the host) is dropped, the
	 * session cookie still arrives */
	CHECK_INTEQ(cookies("x=\xff\xfe; sid=abc; y=\xc0\xaf", &roomy, &k),
		    MM_PARSE_OK);
	CHECK_INTEQ(k.n, 1);
	CHECK_STREQ(mm_kvlist_get(&k, "x"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "sid"), "abc");
	mm_kvlist_free(&k);

	/* names are not decoded either: "__Host%2Dsid" set by a sibling host
	 * or over plain HTTP must not pass for "__Host-sid" (the browser only
	 * enforces the prefix on the literal name) */
	CHECK_INTEQ(cookies("__Host%2Dsid=evil; __Host-sid=good", &roomy, &k),
		    MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "__Host-sid"), "good");
	CHECK_INTEQ(mm_kvlist_count(&k, "__Host-sid"), 1);
	mm_kvlist_free(&k);
	CHECK_INTEQ(cookies("a+b=1; c%41=2", &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "a+b"), "1");
	CHECK_STREQ(mm_kvlist_get(&k, "a b"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "cA"), NULL);
	mm_kvlist_free(&k);
}

MM_TEST(test_cookies_limits)
{
	char b[256], v[64];
	struct mm_kvlist k;
	size_t n = 99;

	/* an over-long cookie is dropped; the others stay */
	snprintf(b, sizeof b, "a=%s; b=1", fill(v, 'x', 16));
	CHECK_INTEQ(cookie_rc(b, strlen(b), &lim, &n), MM_PARSE_OK);
	CHECK_INTEQ(n, 2);
	snprintf(b, sizeof b, "a=%s; b=1", fill(v, 'x', 17));
	CHECK_INTEQ(cookies(b, &lim, &k), MM_PARSE_OK);
	CHECK_INTEQ(k.n, 1);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "1");
	mm_kvlist_free(&k);
	CHECK_INTEQ(cookie_rc("abcdefgh=1", 10, &lim, &n), MM_PARSE_OK);
	CHECK_INTEQ(n, 1);
	CHECK_INTEQ(cookie_rc("abcdefghi=1", 11, &lim, &n), MM_PARSE_OK);
	CHECK_INTEQ(n, 0);
	/* pairs and total are hard limits */
	CHECK_INTEQ(cookie_rc("a=1; b=2; c=3; d=4", 18, &lim, &n), MM_PARSE_OK);
	CHECK_INTEQ(n, 4);
	CHECK_INTEQ(cookie_rc("a=1; b=2; c=3; d=4; e=5", 23, &lim, &n),
		    MM_PARSE_TOO_MANY);
	fill(b, ' ', 65);
	b[0] = 'a';
	b[1] = '=';
	CHECK_INTEQ(cookie_rc(b, 64, &lim, &n), MM_PARSE_OK);
	CHECK_INTEQ(cookie_rc(b, 65, &lim, &n), MM_PARSE_TOO_LONG);
	/* NUL inside the header: that cookie is dropped */
	CHECK_INTEQ(cookies("", &roomy, &k), MM_PARSE_OK);
	mm_kvlist_free(&k);
	memset(&k, 0, sizeof k);
	CHECK_INTEQ(mm_parse_cookies("a=1\0x; b=2", 10, &roomy, &k), MM_PARSE_OK);
	CHECK_STREQ(mm_kvlist_get(&k, "a"), NULL);
	CHECK_STREQ(mm_kvlist_get(&k, "b"), "2");
	mm_kvlist_free(&k);
}

/* ---------------------------------------------------------------------- */

MM_TEST(test_content_type)
{
	const char *form = "application/x-www-form-urlencoded";

	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded", form), 1);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded; charset=UTF-8", form), 1);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded;charset=utf-8", form), 1);
	CHECK_INTEQ(mm_content_type_is("Application/X-WWW-Form-URLEncoded", form), 1);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded ; charset=UTF-8", form), 1);
	CHECK_INTEQ(mm_content_type_is(" application/x-www-form-urlencoded", form), 1);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded ", form), 1);
	CHECK_INTEQ(mm_content_type_is("multipart/form-data; boundary=----x",
				       "multipart/form-data"), 1);

	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencodedX", form), 0);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded-x", form), 0);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form-urlencoded/x", form), 0);
	CHECK_INTEQ(mm_content_type_is("application/x-www-form", form), 0);
	CHECK_INTEQ(mm_content_type_is("xapplication/x-www-form-urlencoded", form), 0);
	CHECK_INTEQ(mm_content_type_is("text/plain", form), 0);
	CHECK_INTEQ(mm_content_type_is("text/plain; x=application/x-www-form-urlencoded", form), 0);
	CHECK_INTEQ(mm_content_type_is("text/plain, application/x-www-form-urlencoded", form), 0);
	CHECK_INTEQ(mm_content_type_is("", form), 0);
	CHECK_INTEQ(mm_content_type_is(NULL, form), 0);
	CHECK_INTEQ(mm_content_type_is("application/json", "application/json"), 1);
	CHECK_INTEQ(mm_content_type_is("application/json", "application/jso"), 0);
	CHECK_INTEQ(mm_content_type_is("application/jsonp", "application/json"), 0);
}

MM_TEST(test_utf8)
{
	CHECK_INTEQ(mm_utf8_valid("", 0), 1);
	CHECK_INTEQ(mm_utf8_valid("abc", 3), 1);
	CHECK_INTEQ(mm_utf8_valid("日本語", strlen("日本語")), 1);
	CHECK_INTEQ(mm_utf8_valid("𠮷野家", strlen("𠮷野家")), 1);
	CHECK_INTEQ(mm_utf8_valid("\xc2\x80", 2), 1);
	CHECK_INTEQ(mm_utf8_valid("\xef\xbf\xbd", 3), 1);	/* U+FFFD */
	CHECK_INTEQ(mm_utf8_valid("\xf4\x8f\xbf\xbf", 4), 1);	/* U+10FFFF */

	CHECK_INTEQ(mm_utf8_valid("\xff", 1), 0);
	CHECK_INTEQ(mm_utf8_valid("\xfe", 1), 0);
	CHECK_INTEQ(mm_utf8_valid("\x80", 1), 0);
	CHECK_INTEQ(mm_utf8_valid("a\xbf", 2), 0);
	CHECK_INTEQ(mm_utf8_valid("\xc0\xaf", 2), 0);		/* overlong */
	CHECK_INTEQ(mm_utf8_valid("\xc1\xbf", 2), 0);
	CHECK_INTEQ(mm_utf8_valid("\xe0\x80\xaf", 3), 0);
	CHECK_INTEQ(mm_utf8_valid("\xe0\x9f\xbf", 3), 0);
	CHECK_INTEQ(mm_utf8_valid("\xf0\x80\x80\xaf", 4), 0);
	CHECK_INTEQ(mm_utf8_valid("\xf0\x8f\xbf\xbf", 4), 0);
	CHECK_INTEQ(mm_utf8_valid("\xed\xa0\x80", 3), 0);	/* surrogates */
	CHECK_INTEQ(mm_utf8_valid("\xed\xbf\xbf", 3), 0);
	CHECK_INTEQ(mm_utf8_valid("\xed\xa0\xbd\xed\xb8\x80", 6), 0);	/* CESU-8 pair */
	CHECK_INTEQ(mm_utf8_valid("\xf4\x90\x80\x80", 4), 0);	/* > U+10FFFF */
	CHECK_INTEQ(mm_utf8_valid("\xf5\x80\x80\x80", 4), 0);
	CHECK_INTEQ(mm_utf8_valid("\xf8\x88\x80\x80\x80", 5), 0);
	CHECK_INTEQ(mm_utf8_valid("\xe6\x97", 2), 0);		/* truncated */
	CHECK_INTEQ(mm_utf8_valid("\xe6\x97\xa5", 2), 0);	/* cut by len */
	CHECK_INTEQ(mm_utf8_valid("\xf0\xa0\xae", 3), 0);
	CHECK_INTEQ(mm_utf8_valid("\xe6\x41\xa5", 3), 0);	/* bad continuation */
	CHECK_INTEQ(mm_utf8_valid("日本\xe8", strlen("日本\xe8")), 0);

	CHECK_INTEQ(mm_utf8_chars(""), 0);
	CHECK_INTEQ(mm_utf8_chars("abc"), 3);
	CHECK_INTEQ(mm_utf8_chars("日本語"), 3);
	CHECK_INTEQ(mm_utf8_chars("𠮷野家"), 3);
	CHECK_INTEQ(mm_utf8_chars("aé日𠮷"), 4);
	CHECK_INTEQ(mm_utf8_chars("ｱｲｳ①髙"), 5);
}

MM_TEST(test_fold_halfwidth)
{
	char a[] = "１２３４５６";
	CHECK_INTEQ(mm_fold_halfwidth(a), 6);
	CHECK_STREQ(a, "123456");
	char b[] = "ＡＡ：ｂｂ－０１\xe3\x80\x80ｚ～！";
	CHECK_INTEQ(mm_fold_halfwidth(b), 12);
	CHECK_STREQ(b, "AA:bb-01 z~!");
	/* other full-width and CJK text, and broken sequences, are left as they are */
	char c[] = "ｱ日本\xef\xbc\xa0\xef\xbd\x9f\xef\xbc";
	CHECK_INTEQ(mm_fold_halfwidth(c), strlen("ｱ日本") + 1 + 3 + 2);
	CHECK_STREQ(c, "ｱ日本@\xef\xbd\x9f\xef\xbc");
	char d[] = "";
	CHECK_INTEQ(mm_fold_halfwidth(d), 0);
}

MM_TEST(test_local_path)
{
	CHECK_INTEQ(mm_is_local_path("/"), 1);
	CHECK_INTEQ(mm_is_local_path("/a"), 1);
	CHECK_INTEQ(mm_is_local_path("/a?b"), 1);
	CHECK_INTEQ(mm_is_local_path("/cases/CS0000001?x=1&y=2#top"), 1);
	CHECK_INTEQ(mm_is_local_path("/a/"), 1);
	CHECK_INTEQ(mm_is_local_path("/a/.b/..c/b.."), 1);
	CHECK_INTEQ(mm_is_local_path("/a?next=//x/../y"), 1);	/* the query is not a path */
	CHECK_INTEQ(mm_is_local_path("/a#//x"), 1);

	/* a path with another spelling: browsers resolve the dot segments */
	CHECK_INTEQ(mm_is_local_path("/.//evil.example"), 0);
	CHECK_INTEQ(mm_is_local_path("/a/..//evil.example"), 0);
	CHECK_INTEQ(mm_is_local_path("/a/b//c"), 0);
	CHECK_INTEQ(mm_is_local_path("/./a"), 0);
	CHECK_INTEQ(mm_is_local_path("/a/../b"), 0);
	CHECK_INTEQ(mm_is_local_path("/a/.."), 0);
	CHECK_INTEQ(mm_is_local_path("/a/.?x"), 0);

	CHECK_INTEQ(mm_is_local_path("//evil"), 0);
	CHECK_INTEQ(mm_is_local_path("//evil.example/"), 0);
	CHECK_INTEQ(mm_is_local_path("/\\evil"), 0);
	CHECK_INTEQ(mm_is_local_path("/a\\b"), 0);
	CHECK_INTEQ(mm_is_local_path("\\\\evil"), 0);
	CHECK_INTEQ(mm_is_local_path("http://x"), 0);
	CHECK_INTEQ(mm_is_local_path("https://x/"), 0);
	CHECK_INTEQ(mm_is_local_path("javascript:alert(1)"), 0);
	CHECK_INTEQ(mm_is_local_path("a/b"), 0);
	CHECK_INTEQ(mm_is_local_path(""), 0);
	CHECK_INTEQ(mm_is_local_path(NULL), 0);
	CHECK_INTEQ(mm_is_local_path("/a\r\nSet-Cookie: x=1"), 0);
	CHECK_INTEQ(mm_is_local_path("/a\nb"), 0);
	CHECK_INTEQ(mm_is_local_path("/a\rb"), 0);
	CHECK_INTEQ(mm_is_local_path("/\t/evil"), 0);
	CHECK_INTEQ(mm_is_local_path("\t//evil"), 0);
	CHECK_INTEQ(mm_is_local_path(" /a"), 0);
	CHECK_INTEQ(mm_is_local_path("/\x01"), 0);
	/* C1 controls too (U+0085 NEL, U+009B CSI); U+00A0 is not one */
	CHECK_INTEQ(mm_is_local_path("/a\xc2\x85"), 0);
	CHECK_INTEQ(mm_is_local_path("/\xc2\x9b" "31m"), 0);
	CHECK_INTEQ(mm_is_local_path("/\xc2\xa0"), 1);
}

MM_TEST(test_clean_text)
{
	char d[64];

	mm_clean_text(d, sizeof d, "abc", 10);
	CHECK_STREQ(d, "abc");
	mm_clean_text(d, sizeof d, "a\tb\nc\x7f\r", 10);
	CHECK_STREQ(d, "a b c  ");
	mm_clean_text(d, sizeof d, "日本語テキスト", 3);
	CHECK_STREQ(d, "日本語");
	mm_clean_text(d, sizeof d, "a𠮷b", 2);
	CHECK_STREQ(d, "a𠮷");
	mm_clean_text(d, 8, "日本語", 10);	/* 6 bytes + NUL fit, 9 do not */
	CHECK_STREQ(d, "日本");
	mm_clean_text(d, 4, "abcdef", 10);
	CHECK_STREQ(d, "abc");
	mm_clean_text(d, sizeof d, "", 10);
	CHECK_STREQ(d, "");
	mm_clean_text(d, sizeof d, "ab\xff" "cd", 10);
	CHECK_STREQ(d, "ab?cd");
	/* only the invalid bytes become '?' */
	mm_clean_text(d, sizeof d, "日本\xff語", 10);
	CHECK_STREQ(d, "日本?語");
	mm_clean_text(d, sizeof d, "\xc0\xaf" "é", 10);
	CHECK_STREQ(d, "??é");
	/* C1 control characters (U+0080-U+009F) are control characters too */
	mm_clean_text(d, sizeof d, "a\xc2\x85" "b\xc2\x9b" "31m", 10);
	CHECK_STREQ(d, "a b 31m");
	mm_clean_text(d, sizeof d, "\xc2\xa0\xc2\xbf", 10);	/* not C1 */
	CHECK_STREQ(d, "\xc2\xa0\xc2\xbf");
}

MM_TEST(test_utf8_decode)
{
	uint32_t cp = 0;
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	CHECK_INTEQ(cp, 'A');
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"é", 2, &cp), 2);
	CHECK_INTEQ(cp, 0xE9);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"日", 3, &cp), 3);
	CHECK_INTEQ(cp, 0x65E5);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"𠮷", 4, &cp), 4);
	CHECK_INTEQ(cp, 0x20BB7);
	/* truncated by n, by a NUL, or by a byte that does not continue it */
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"日", 2, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xe6\x97", 4, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xe6" "A", 4, &cp), 0);
	/* overlongs, surrogates, beyond U+10FFFF, stray continuation, 0xFF */
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xf0\x80\x80\xaf", 4, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xff", 1, &cp), 0);
	/* the extremes that are allowed */
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xef\xbf\xbf", 3, &cp), 3);
	CHECK_INTEQ(mm_utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	CHECK_INTEQ(cp, 0x10FFFF);
}

MM_TEST(test_trim)
{
	char s[64];
	size_t n = 99;
	const char *p = mm_trim_span("  \t abc def \r\n", &n);
	CHECK_INTEQ(n, 7);
	CHECK(strncmp(p, "abc def", 7) == 0);
	p = mm_trim_span("", &n);
	CHECK_INTEQ(n, 0);
	mm_trim_span(" \xe3\x80\x80\t\xe3\x80\x80 ", &n);	/* only blanks */
	CHECK_INTEQ(n, 0);
	snprintf(s, sizeof s, "\xe3\x80\x80 山田\xe3\x80\x80太郎 \xe3\x80\x80");
	mm_trim(s);
	CHECK_STREQ(s, "山田\xe3\x80\x80太郎");
	snprintf(s, sizeof s, "\r\nline one\r\nline two\n\n");
	mm_trim(s);
	CHECK_STREQ(s, "line one\r\nline two");
	/* a character that merely ends in 0x80 is not a blank */
	snprintf(s, sizeof s, "x\xe3\x81\x80");	/* ぀ */
	mm_trim(s);
	CHECK_STREQ(s, "x\xe3\x81\x80");
	snprintf(s, sizeof s, "abc");
	mm_trim(s);
	CHECK_STREQ(s, "abc");
}

MM_TEST(test_copy_str)
{
	char d[8];
	mm_copy_str(d, sizeof d, "abc");
	CHECK_STREQ(d, "abc");
	mm_copy_str(d, sizeof d, NULL);
	CHECK_STREQ(d, "");
	mm_copy_str(d, sizeof d, "abcdefghij");
	CHECK_STREQ(d, "abcdefg");
	/* never half a character: 日本語 is 9 bytes, 7 fit, two characters do */
	mm_copy_str(d, sizeof d, "日本語");
	CHECK_STREQ(d, "日本");
	mm_copy_str(d, 1, "日本語");
	CHECK_STREQ(d, "");
	mm_copy_str(d, 4, "a𠮷");
	CHECK_STREQ(d, "a");
}

MM_TEST_MAIN(test_url_basic, test_url_decoding, test_url_bad_escapes,
	     test_url_empty_parts, test_url_duplicates, test_url_utf8_and_nul,
	     test_url_limits, test_url_many_items, test_cookies_basic,
	     test_cookies_spaces_quotes, test_cookies_odd, test_cookies_limits,
	     test_content_type, test_utf8, test_local_path, test_fold_halfwidth, test_clean_text,
	     test_utf8_decode, test_trim, test_copy_str)
