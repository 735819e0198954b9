/* Input validators declared in mm_request.h. Each returns NULL when the value
 * is acceptable, else the i18n key of the message. */
#include "mm_request.h"
#include "mm_test.h"

#include <stdio.h>
#include <string.h>

static struct mm_input in_(size_t min, size_t max)
{
	struct mm_input in = { "f", NULL, 0, min, max };
	return in;
}

static char *rep(char *buf, const char *unit, int n)
{
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(buf, unit);
	return buf;
}

MM_TEST(test_line)
{
	struct mm_input none = in_(0, 0), in = in_(2, 5);
	char b[512];

	CHECK_STREQ(mm_v_line(&none, ""), NULL);
	CHECK_STREQ(mm_v_line(&none, "株式会社ミマモリ 東京本社"), NULL);
	CHECK_STREQ(mm_v_line(&none, "a < b & \"c\" 'd'"), NULL);
	/* line and paragraph separators end a line: not in one-line fields */
	CHECK_STREQ(mm_v_line(&none, "a\xe2\x80\xa8" "b"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\xe2\x80\xa9" "b"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\xe2\x80\xa6" "b"), NULL);	/* … */
	CHECK_STREQ(mm_v_text(&none, "a\xe2\x80\xa8" "b"), NULL);
	/* length in characters, not bytes */
	CHECK_STREQ(mm_v_line(&in, "a"), "err.too_short");
	CHECK_STREQ(mm_v_line(&in, "ab"), NULL);
	CHECK_STREQ(mm_v_line(&in, "abcde"), NULL);
	CHECK_STREQ(mm_v_line(&in, "abcdef"), "err.too_long");
	CHECK_STREQ(mm_v_line(&in, "日"), "err.too_short");
	CHECK_STREQ(mm_v_line(&in, "日本"), NULL);
	CHECK_STREQ(mm_v_line(&in, "日本語テキ"), NULL);		/* 15 bytes */
	CHECK_STREQ(mm_v_line(&in, "日本語テキス"), "err.too_long");
	CHECK_STREQ(mm_v_line(&in, "𠮷𠮷𠮷𠮷𠮷"), NULL);		/* 20 bytes */
	CHECK_STREQ(mm_v_line(&in, "𠮷𠮷𠮷𠮷𠮷𠮷"), "err.too_long");
	{
		struct mm_input big = in_(0, 100);
		CHECK_STREQ(mm_v_line(&big, rep(b, "髙", 100)), NULL);
		CHECK_STREQ(mm_v_line(&big, rep(b, "髙", 101)), "err.too_long");
	}
	/* control characters are refused in a line */
	CHECK_STREQ(mm_v_line(&none, "a\nb"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\rb"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\r\nSet-Cookie: x"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\tb"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "\x1b[31m"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "\x01"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\x7f"), "err.format");
	CHECK_STREQ(mm_v_line(&none, "a\xc2\x85" "b"), "err.format");	/* U+0085 NEL */
	CHECK_STREQ(mm_v_line(&none, "a\xc2\x9b" "31m"), "err.format");	/* U+009B CSI */
	/* a control character is reported even when the length is also wrong */
	CHECK_STREQ(mm_v_line(&in, "\n"), "err.format");
}

MM_TEST(test_text)
{
	struct mm_input none = in_(0, 0), in = in_(1, 6);

	CHECK_STREQ(mm_v_text(&none, "line 1\r\nline 2\nline 3"), NULL);
	CHECK_STREQ(mm_v_text(&none, "列1\t列2"), NULL);
	CHECK_STREQ(mm_v_text(&none, "a\x01"), "err.format");
	CHECK_STREQ(mm_v_text(&none, "a\x1b"), "err.format");
	CHECK_STREQ(mm_v_text(&none, "a\x7f"), "err.format");
	CHECK_STREQ(mm_v_text(&none, "a\x0b"), "err.format");
	CHECK_STREQ(mm_v_text(&none, "a\x0c"), "err.format");
	CHECK_STREQ(mm_v_text(&in, "a\r\nb"), NULL);		/* 4 characters */
	CHECK_STREQ(mm_v_text(&in, "日本\r\n語x"), NULL);	/* 6 */
	CHECK_STREQ(mm_v_text(&in, "日本\r\n語xy"), "err.too_long");	/* 7 */
	CHECK_STREQ(mm_v_text(&in, ""), "err.too_short");
}

MM_TEST(test_digits)
{
	struct mm_input none = in_(0, 0), six = in_(6, 6);

	CHECK_STREQ(mm_v_digits(&none, "0123456789"), NULL);
	CHECK_STREQ(mm_v_digits(&six, "123456"), NULL);
	CHECK_STREQ(mm_v_digits(&six, "12345"), "err.too_short");
	CHECK_STREQ(mm_v_digits(&six, "1234567"), "err.too_long");
	CHECK_STREQ(mm_v_digits(&none, "12a"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "-1"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "+1"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, " 1"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "1 "), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "1.5"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "0x1f"), "err.digits");
	CHECK_STREQ(mm_v_digits(&none, "１２３"), "err.digits");	/* full width */
	CHECK_STREQ(mm_v_digits(&none, "١٢٣"), "err.digits");	/* Arabic-Indic */
	CHECK_STREQ(mm_v_digits(&six, "12345a"), "err.digits");
}

MM_TEST(test_email)
{
	struct mm_input none = in_(0, 0), short_ = in_(0, 10);
	const char *good[] = {
		"taro@example.co.jp", "taro.yamada@example.com",
		"taro+cs@example.com", "t@x.jp", "a_b-c@sub.example-corp.jp",
		"USER@EXAMPLE.COM", "1234@example.jp",
	};
	const char *bad[] = {
		"", "taro", "taro@", "@example.com", "taro@@example.com",
		"ta@ro@example.com", "taro@example", "taro@example.",
		"taro@.example.com", "taro@example..com", ".taro@example.com",
		"taro.@example.com", "ta..ro@example.com", "taro @example.com",
		"taro@exa mple.com", "taro@example.com ", " taro@example.com",
		"taro@example.com\r\nBcc: x@y.z", "taro@example.com\n",
		"\"taro\"@example.com", "taro<x>@example.com", "taro@[127.0.0.1]",
		"taro,jiro@example.com", "taro;@example.com", "太郎@example.jp",
		"taro@例え.jp", "taro@-example.com",
	};
	char b[300];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const char *e = mm_v_email(&none, good[i]);
		CHECK_STREQ(e, NULL);
		if (e)
			fprintf(stderr, "  refused %s\n", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *e = mm_v_email(&none, bad[i]);
		CHECK_STREQ(e, "err.email");
		if (!e)
			fprintf(stderr, "  accepted %s\n", bad[i]);
	}
	CHECK_STREQ(mm_v_email(&short_, "t@x.jp"), NULL);
	CHECK_STREQ(mm_v_email(&short_, "taro@x.jp"), NULL);	/* 9 */
	CHECK_STREQ(mm_v_email(&short_, "taro@xy.jp"), NULL);	/* 10 */
	CHECK_STREQ(mm_v_email(&short_, "taro@xyz.jp"), "err.too_long");
	/* RFC 5321 path limit: 254 characters */
	{
		char local[80], dom[200];
		rep(local, "a", 64);
		rep(dom, "b", 185);
		snprintf(b, sizeof b, "%s@%s.jp", local, dom);
		CHECK_INTEQ(strlen(b), 253);
		CHECK_STREQ(mm_v_email(&none, b), NULL);
		snprintf(b, sizeof b, "%s@%sb.jp", local, dom);
		CHECK_INTEQ(strlen(b), 254);
		CHECK_STREQ(mm_v_email(&none, b), NULL);
		snprintf(b, sizeof b, "%s@%sbb.jp", local, dom);
		CHECK_INTEQ(strlen(b), 255);
		CHECK_STREQ(mm_v_email(&none, b), "err.email");
	}
}

MM_TEST(test_login_id)
{
	struct mm_input none = in_(0, 0), forty = in_(1, 40);
	char b[128];

	CHECK_STREQ(mm_v_login_id(&none, "taro@example.co.jp"), NULL);
	CHECK_STREQ(mm_v_login_id(&none, "taro@example.co.jp.cs"), NULL);
	CHECK_STREQ(mm_v_login_id(&none, "Taro_Yamada-01+cs@example.com"), NULL);
	/* e-mail-like characters only: nothing that means something in markup,
	 * URLs, CSV or SQL LIKE patterns */
	CHECK_STREQ(mm_v_login_id(&none, "\"><script>"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "a'b"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "a%b"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "=cmd|x"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "a/b"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "a"), NULL);
	/* at most 40 characters (AUTH-1), also without a declared max */
	CHECK_STREQ(mm_v_login_id(&none, rep(b, "x", 40)), NULL);
	CHECK_STREQ(mm_v_login_id(&none, rep(b, "x", 41)), "err.login_id_too_long");
	CHECK_STREQ(mm_v_login_id(&forty, rep(b, "x", 40)), NULL);
	CHECK_STREQ(mm_v_login_id(&forty, rep(b, "x", 41)), "err.login_id_too_long");
	CHECK_STREQ(mm_v_login_id(&forty, ""), "err.too_short");
	/* no spaces, controls or non-ASCII */
	CHECK_STREQ(mm_v_login_id(&none, "taro yamada"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, " taro"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "taro\t"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "taro\r\n"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "taro\x7f"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "太郎"), "err.login_id");
	CHECK_STREQ(mm_v_login_id(&none, "taro\xc2\xa0"), "err.login_id");	/* NBSP */
	CHECK_STREQ(mm_v_login_id(&none, "ｔａｒｏ"), "err.login_id");
	/* 14 Japanese characters are 42 bytes: refused for the characters */
	CHECK_STREQ(mm_v_login_id(&none, "あいうえおかきくけこさしすせ"),
		    "err.login_id");
}

MM_TEST(test_password_input)
{
	struct mm_input none = in_(0, 0), in = in_(12, 40);
	char b[1024];

	/* any characters, length only */
	CHECK_STREQ(mm_v_password(&none, "x"), NULL);
	CHECK_STREQ(mm_v_password(&none, " spaces and \t tabs "), NULL);
	CHECK_STREQ(mm_v_password(&none, "日本語のパスワード"), NULL);
	CHECK_STREQ(mm_v_password(&in, "12345678901"), "err.too_short");
	CHECK_STREQ(mm_v_password(&in, "123456789012"), NULL);
	CHECK_STREQ(mm_v_password(&in, "あいうえおかきくけこさし"), NULL);	/* 12 */
	CHECK_STREQ(mm_v_password(&in, "あいうえおかきくけこさ"), "err.too_short");
	CHECK_STREQ(mm_v_password(&in, rep(b, "p", 40)), NULL);
	CHECK_STREQ(mm_v_password(&in, rep(b, "p", 41)), "err.too_long");
	CHECK_STREQ(mm_v_password(&in, rep(b, "ぱ", 40)), NULL);
	CHECK_STREQ(mm_v_password(&in, rep(b, "ぱ", 41)), "err.too_long");
	/* without a declared max the ASVS maximum (128) still applies */
	CHECK_STREQ(mm_v_password(&none, rep(b, "p", 128)), NULL);
	CHECK_STREQ(mm_v_password(&none, rep(b, "p", 129)), "err.too_long");
	CHECK_STREQ(mm_v_password(&none, rep(b, "ぱ", 128)), NULL);
}

MM_TEST(test_local_path_input)
{
	struct mm_input none = in_(0, 0);
	char b[4200];

	CHECK_STREQ(mm_v_local_path(&none, "/"), NULL);
	CHECK_STREQ(mm_v_local_path(&none, "/cases/CS0000001?tab=2"), NULL);
	CHECK_STREQ(mm_v_local_path(&none, "//evil.example"), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, "/\\evil.example"), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, "https://evil.example/"), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, "javascript:alert(1)"), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, "/a\r\nLocation: //x"), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, ""), "err.format");
	CHECK_STREQ(mm_v_local_path(&none, "cases"), "err.format");
	b[0] = '/';
	rep(b + 1, "a", 2047);
	CHECK_STREQ(mm_v_local_path(&none, b), NULL);		/* 2048 */
	strcat(b, "a");
	CHECK_STREQ(mm_v_local_path(&none, b), "err.too_long");	/* 2049 */
}

MM_TEST(test_token_input)
{
	struct mm_input none = in_(0, 0), tok = in_(43, 43);

	CHECK_STREQ(mm_v_token(&none, "AZaz09-_"), NULL);
	CHECK_STREQ(mm_v_token(&tok, "v3yCFAHHLU4Y7CNL884tXI882f7zO5Hhq6AL2KZSyJ4"), NULL);
	CHECK_STREQ(mm_v_token(&tok, "v3yCFAHHLU4Y7CNL884tXI882f7zO5Hhq6AL2KZSyJ"),
		    "err.too_short");
	CHECK_STREQ(mm_v_token(&tok, "v3yCFAHHLU4Y7CNL884tXI882f7zO5Hhq6AL2KZSyJ4A"),
		    "err.too_long");
	CHECK_STREQ(mm_v_token(&none, "abc+def"), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abc/def"), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abc="), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abc def"), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abc."), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abcé"), "err.format");
	CHECK_STREQ(mm_v_token(&none, "abc\n"), "err.format");
	/* without a declared max: at most 128 */
	{
		char b[200];
		CHECK_STREQ(mm_v_token(&none, rep(b, "A", 128)), NULL);
		CHECK_STREQ(mm_v_token(&none, rep(b, "A", 129)), "err.too_long");
	}
}

MM_TEST(test_one_input)
{
	struct mm_input none = in_(0, 0);
	CHECK_STREQ(mm_v_one(&none, "1"), NULL);
	CHECK_STREQ(mm_v_one(&none, "0"), "err.format");
	CHECK_STREQ(mm_v_one(&none, "on"), "err.format");
	CHECK_STREQ(mm_v_one(&none, "11"), "err.format");
	CHECK_STREQ(mm_v_one(&none, ""), "err.format");
}

MM_TEST(test_sort_keys)
{
	struct mm_input none = in_(0, 0);
	CHECK_STREQ(mm_v_dir(&none, "asc"), NULL);
	CHECK_STREQ(mm_v_dir(&none, "desc"), NULL);
	CHECK_STREQ(mm_v_dir(&none, "DESC"), "err.format");
	CHECK_STREQ(mm_v_dir(&none, "as"), "err.format");
	CHECK_STREQ(mm_v_dir(&none, "ascending"), "err.format");
	CHECK_STREQ(mm_v_dir(&none, ""), "err.format");
	static const char *const names[] = { "number", "subject", "updated" };
	CHECK(mm_name_index(names, 3, "number") == 0);
	CHECK(mm_name_index(names, 3, "updated") == 2);
	CHECK(mm_name_index(names, 2, "updated") == -1);	/* only the first n count */
	CHECK(mm_name_index(names, 3, "Updated") == -1);
	CHECK(mm_name_index(names, 3, "update") == -1);
	CHECK(mm_name_index(names, 3, "") == -1);
	CHECK(mm_name_index(names, 3, NULL) == -1);
}

MM_TEST_MAIN(test_line, test_text, test_digits, test_email, test_login_id,
	     test_password_input, test_local_path_input, test_token_input, test_one_input,
	     test_sort_keys)
