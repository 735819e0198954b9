/* Growable buffer, HTML escaping and URL encoding (mm_buf.h). */
#include "mm_buf.h"
#include "mm_test.h"

#include <string.h>

MM_TEST(test_empty)
{
	struct mm_buf b = { 0 };

	CHECK_STREQ(mm_buf_str(&b), "");
	CHECK_INTEQ(b.len, 0);
	mm_buf_add(&b, "", 0);
	CHECK_STREQ(mm_buf_str(&b), "");
	CHECK_INTEQ(b.len, 0);
	mm_buf_free(&b);
	CHECK(b.p == NULL);
	CHECK_INTEQ(b.len, 0);
	CHECK_INTEQ(b.cap, 0);
	mm_buf_free(&b);	/* twice is harmless */
}

MM_TEST(test_add_puts)
{
	struct mm_buf b = { 0 };

	mm_buf_puts(&b, "abc");
	mm_buf_add(&b, "defgh", 2);
	mm_buf_puts(&b, "日本");
	CHECK_STREQ(mm_buf_str(&b), "abcde日本");
	CHECK_INTEQ(b.len, 11);
	CHECK(b.cap > b.len);		/* room for the NUL */
	CHECK_INTEQ(b.oom, 0);

	/* embedded NUL bytes are kept in len */
	mm_buf_add(&b, "x\0y", 3);
	CHECK_INTEQ(b.len, 14);
	CHECK_MEMEQ(b.p + 11, "x\0y", 3);

	mm_buf_reset(&b);
	CHECK_INTEQ(b.len, 0);
	CHECK_STREQ(mm_buf_str(&b), "");
	mm_buf_puts(&b, "again");
	CHECK_STREQ(mm_buf_str(&b), "again");
	mm_buf_free(&b);
}

MM_TEST(test_growth)
{
	struct mm_buf b = { 0 };
	char chunk[97];
	size_t total = 0;

	for (int i = 0; i < 96; i++)
		chunk[i] = (char)('0' + i % 64);
	chunk[96] = '\0';
	for (int i = 0; i < 2000; i++) {
		mm_buf_add(&b, chunk, (size_t)(i % 97));
		total += (size_t)(i % 97);
	}
	CHECK_INTEQ(b.len, total);
	CHECK(b.cap > total);
	CHECK_INTEQ(strlen(mm_buf_str(&b)), total);
	/* spot checks: the start of each add is chunk[0] */
	CHECK_INTEQ(b.p[0], '0');	/* i = 1 adds "0" */
	CHECK_INTEQ(b.p[1], '0');	/* i = 2 adds "01" */
	CHECK_INTEQ(b.p[2], '1');
	CHECK_INTEQ(b.oom, 0);

	/* one big add */
	{
		static char big[1 << 20];
		memset(big, 'z', sizeof big);
		mm_buf_reset(&b);
		mm_buf_add(&b, big, sizeof big);
		CHECK_INTEQ(b.len, sizeof big);
		CHECK_INTEQ(b.p[sizeof big - 1], 'z');
		CHECK_INTEQ(mm_buf_str(&b)[sizeof big], '\0');
	}
	mm_buf_free(&b);
}

MM_TEST(test_printf)
{
	struct mm_buf b = { 0 };
	char big[5001];

	mm_buf_printf(&b, "%d-%s-%05.1f|%zu|%lld", 42, "x", 3.14159, (size_t)7,
		      -9000000000LL);
	CHECK_STREQ(mm_buf_str(&b), "42-x-003.1|7|-9000000000");
	mm_buf_printf(&b, "%s", "");
	CHECK_STREQ(mm_buf_str(&b), "42-x-003.1|7|-9000000000");
	mm_buf_printf(&b, "[%s]", "日本");
	CHECK_STREQ(mm_buf_str(&b), "42-x-003.1|7|-9000000000[日本]");

	/* output larger than any initial capacity */
	memset(big, 'q', 5000);
	big[5000] = '\0';
	mm_buf_reset(&b);
	mm_buf_puts(&b, "<");
	mm_buf_printf(&b, "%s>%d", big, 5);
	CHECK_INTEQ(b.len, 5003);
	CHECK_INTEQ(b.p[0], '<');
	CHECK_INTEQ(b.p[5000], 'q');
	CHECK_STREQ(b.p + 5001, ">5");
	mm_buf_free(&b);
}

MM_TEST(test_html_escape)
{
	struct mm_buf b = { 0 };

	mm_html_escape(&b, "& < > \" '");
	CHECK_STREQ(mm_buf_str(&b), "&amp; &lt; &gt; &quot; &#39;");
	mm_buf_reset(&b);

	mm_html_escape(&b, "<script>alert('x')</script>");
	CHECK_STREQ(mm_buf_str(&b),
		    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	mm_buf_reset(&b);

	/* already escaped text is escaped again */
	mm_html_escape(&b, "&amp;");
	CHECK_STREQ(mm_buf_str(&b), "&amp;amp;");
	mm_buf_reset(&b);

	/* Japanese and other text passes through unchanged */
	mm_html_escape(&b, "日本語のテキスト 𠮷野家 ①髙 abc/=;:");
	CHECK_STREQ(mm_buf_str(&b), "日本語のテキスト 𠮷野家 ①髙 abc/=;:");
	mm_buf_reset(&b);

	/* appends */
	mm_buf_puts(&b, "<p>");
	mm_html_escape(&b, "a&b");
	mm_html_escape(&b, "");
	mm_buf_puts(&b, "</p>");
	CHECK_STREQ(mm_buf_str(&b), "<p>a&amp;b</p>");
	mm_buf_reset(&b);

	/* long input */
	{
		char in[3001];
		for (int i = 0; i < 3000; i++)
			in[i] = i % 2 ? '<' : 'a';
		in[3000] = '\0';
		mm_html_escape(&b, in);
		CHECK_INTEQ(b.len, 1500 * 5);
		CHECK_INTEQ(memcmp(b.p, "a&lt;a&lt;", 10), 0);
	}
	mm_buf_free(&b);
}

MM_TEST(test_url_encode)
{
	struct mm_buf b = { 0 };

	mm_url_encode(&b, "AZaz09-._~");
	CHECK_STREQ(mm_buf_str(&b), "AZaz09-._~");
	mm_buf_reset(&b);

	mm_url_encode(&b, "a b&c=d/e?f#g+h%i");
	CHECK_STREQ(mm_buf_str(&b), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i");
	mm_buf_reset(&b);

	mm_url_encode(&b, "日本");
	CHECK_STREQ(mm_buf_str(&b), "%E6%97%A5%E6%9C%AC");
	mm_buf_reset(&b);

	mm_url_encode(&b, "\r\n\"'<>\\\x7f");
	CHECK_STREQ(mm_buf_str(&b), "%0D%0A%22%27%3C%3E%5C%7F");
	mm_buf_reset(&b);

	mm_buf_puts(&b, "/auth/login?next=");
	mm_url_encode(&b, "/cases/CS0000001?x=1&y=2");
	CHECK_STREQ(mm_buf_str(&b),
		    "/auth/login?next=%2Fcases%2FCS0000001%3Fx%3D1%26y%3D2");
	mm_buf_reset(&b);

	mm_url_encode(&b, "");
	CHECK_STREQ(mm_buf_str(&b), "");
	mm_buf_free(&b);
}

MM_TEST(test_oom_sticky)
{
	struct mm_buf b = { 0 };

	mm_buf_puts(&b, "kept");
	b.oom = 1;		/* as after a failed allocation */
	mm_buf_puts(&b, "dropped");
	mm_buf_printf(&b, "%d", 1);
	mm_html_escape(&b, "<");
	CHECK_INTEQ(b.len, 4);
	CHECK_INTEQ(b.oom, 1);
	mm_buf_free(&b);
	CHECK_INTEQ(b.oom, 0);
}

MM_TEST_MAIN(test_empty, test_add_puts, test_growth, test_printf,
	     test_html_escape, test_url_encode, test_oom_sticky)
