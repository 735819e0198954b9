/* Mail message building (mm_mime.h): RFC 2047 subjects, RFC 5322 headers,
 * base64 bodies, header injection. */
#include "mm_mime.h"
#include "mm_test.h"

#include <string.h>

static const char JA_SUBJECT[] = "お申込みのご案内(申請番号:AAP-XXXXXXXX)";

/* Standard base64 decoder for checking; -1 on bad input. */
static long b64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned acc = 0, bits = 0;
	size_t len = 0, pad = 0;
	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '=') {
			pad++;
			continue;
		}
		const char *p = strchr(chars, in[i]);
		if (!p || !*p || pad)
			return -1;
		acc = (acc << 6) | (unsigned)(p - chars);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len >= cap)
				return -1;
			out[len++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return pad > 2 ? -1 : (long)len;
}

static int utf8_boundary(const unsigned char *s, size_t n)
{
	/* starts on a lead byte and does not end inside a character */
	if (n == 0 || (s[0] & 0xc0) == 0x80)
		return 0;
	size_t i = 0;
	while (i < n) {
		size_t cl = s[i] < 0x80 ? 1 : s[i] < 0xe0 ? 2 : s[i] < 0xf0 ? 3 : 4;
		i += cl;
	}
	return i == n;
}

/* Decodes a header value made of encoded-words separated by CRLF SP (the
 * text after "Name: "); checks every word and line on the way. Returns the
 * decoded text in out, or -1. */
static long decode_words(const char *v, size_t first_col, char *out, size_t cap)
{
	size_t len = 0, col = first_col;
	const char *p = v;
	for (;;) {
		const char *end = strstr(p, "?=");
		if (strncmp(p, "=?UTF-8?B?", 10) != 0 || !end)
			return -1;
		size_t wlen = (size_t)(end + 2 - p);
		CHECK(wlen <= MM_MIME_WORD_MAX);
		CHECK(col + wlen <= 78);
		unsigned char tmp[128];
		long n = b64_decode(p + 10, (size_t)(end - p - 10), tmp, sizeof tmp);
		if (n < 0 || len + (size_t)n + 1 > cap)
			return -1;
		CHECK(utf8_boundary(tmp, (size_t)n));
		memcpy(out + len, tmp, (size_t)n);
		len += (size_t)n;
		p = end + 2;
		if (strncmp(p, "\r\n ", 3) == 0) {
			p += 3;
			col = 1;
			continue;
		}
		if (strcmp(p, "\r\n") != 0)
			return -1;
		break;
	}
	out[len] = '\0';
	return (long)len;
}

/* Every line of a message ends with CRLF, no bare CR or LF, none longer
 * than 78 characters. */
static void check_lines(const char *m)
{
	size_t col = 0;
	for (const char *p = m; *p; p++) {
		if (*p == '\r') {
			CHECK(p[1] == '\n');
			CHECK(col <= 78);
			col = 0;
			p++;
			continue;
		}
		CHECK(*p != '\n');
		col++;
	}
	CHECK(col == 0);
}

MM_TEST(test_ascii_message)
{
	struct mm_buf b = { 0 };
	int rc = mm_mime_message(&b, "Mimamori <noreply@mimamori.example>", "user@example.com",
				 "Password reset", "Hello\nWorld\n", 1751360703,
				 "<outbox-42.0123456789abcdef@mimamori.example>");
	CHECK_INTEQ(rc, 0);
	CHECK_STREQ(mm_buf_str(&b),
		    "Date: Tue, 01 Jul 2025 09:05:03 +0000\r\n"
		    "From: Mimamori <noreply@mimamori.example>\r\n"
		    "To: user@example.com\r\n"
		    "Subject: Password reset\r\n"
		    "Message-ID: <outbox-42.0123456789abcdef@mimamori.example>\r\n"
		    "MIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    "Auto-Submitted: auto-generated\r\n"
		    "\r\n"
		    "SGVsbG8NCldvcmxkDQo=\r\n");
	check_lines(mm_buf_str(&b));
	mm_buf_free(&b);
}

MM_TEST(test_japanese_subject)
{
	struct mm_buf b = { 0 };
	CHECK_INTEQ(mm_mime_header(&b, "Subject", JA_SUBJECT), 0);
	/* the first word fills "Subject: " + 68 = 77 columns, 42 bytes up to
	 * "AAP-"; the rest goes on a folded line */
	CHECK_STREQ(mm_buf_str(&b),
		    "Subject: =?UTF-8?B?44GK55Sz6L6844G/44Gu44GU5qGI5YaFKOeUs+iri+eVquWPtzpBQVAt?=\r\n"
		    " =?UTF-8?B?WFhYWFhYWFgp?=\r\n");
	char dec[256];
	CHECK(decode_words(mm_buf_str(&b) + 9, 9, dec, sizeof dec) >= 0);
	CHECK_STREQ(dec, JA_SUBJECT);
	check_lines(mm_buf_str(&b));

	/* the bare encoder (column 0): words up to 75 characters */
	mm_buf_reset(&b);
	mm_mime_encode_header(&b, JA_SUBJECT);
	CHECK_STREQ(mm_buf_str(&b),
		    "=?UTF-8?B?44GK55Sz6L6844G/44Gu44GU5qGI5YaFKOeUs+iri+eVquWPtzpBQVAtWFhY?=\r\n"
		    " =?UTF-8?B?WFhYWFgp?=");
	mm_buf_add(&b, "\r\n", 2);
	CHECK(decode_words(mm_buf_str(&b), 0, dec, sizeof dec) >= 0);
	CHECK_STREQ(dec, JA_SUBJECT);
	mm_buf_free(&b);
}

MM_TEST(test_long_japanese_subject)
{
	/* 3- and 4-byte characters, ASCII and spaces mixed: the words must split
	 * only between characters */
	const char *subject =
		"脅威検出通知(Webガード) 重要度:★★☆(中) 𠮷野家本店のネットワークで"
		"不審な通信を検知しました。詳細はポータルの「アラート一覧」をご確認ください。"
		"𠮷𠮷𠮷 髙橋 ①②③ end";
	struct mm_buf b = { 0 };
	CHECK_INTEQ(mm_mime_header(&b, "Subject", subject), 0);
	const char *m = mm_buf_str(&b);
	size_t words = 0;
	for (const char *p = m; (p = strstr(p, "=?UTF-8?B?")) != NULL; p++)
		words++;
	CHECK(words >= 5);
	char dec[1024];
	CHECK(strncmp(m, "Subject: ", 9) == 0);
	CHECK(decode_words(m + 9, 9, dec, sizeof dec) >= 0);
	CHECK_STREQ(dec, subject);
	check_lines(m);

	mm_buf_reset(&b);
	mm_mime_encode_header(&b, subject);
	mm_buf_add(&b, "\r\n", 2);
	CHECK(decode_words(mm_buf_str(&b), 0, dec, sizeof dec) >= 0);
	CHECK_STREQ(dec, subject);
	mm_buf_free(&b);
}

MM_TEST(test_ascii_subject_folding)
{
	struct mm_buf b = { 0 };
	const char *s = "Your monthly security report for the period 2025-06-01 - 2025-06-30 "
			"is ready in the portal";
	CHECK_INTEQ(mm_mime_header(&b, "Subject", s), 0);
	CHECK_STREQ(mm_buf_str(&b),
		    "Subject: Your monthly security report for the period 2025-06-01 - 2025-06-30\r\n"
		    " is ready in the portal\r\n");
	check_lines(mm_buf_str(&b));
	/* "=?" in plain text would read as an encoded-word: encode it */
	mm_buf_reset(&b);
	CHECK_INTEQ(mm_mime_header(&b, "Subject", "a =?x?= b"), 0);
	CHECK_STREQ(mm_buf_str(&b), "Subject: =?UTF-8?B?YSA9P3g/PSBi?=\r\n");
	mm_buf_free(&b);
}

MM_TEST(test_body_roundtrip)
{
	/* more than one 76-character line; 𠮷 is a 4-byte character */
	const char *body = "𠮷野家 様\n\nお申込みありがとうございます。\n"
			   "以下のURLから確認を完了してください。\nhttps://portal.example/signup/confirm/abc\n"
			   "--\r\nMimamori\rEND";
	const char *canon = "𠮷野家 様\r\n\r\nお申込みありがとうございます。\r\n"
			    "以下のURLから確認を完了してください。\r\nhttps://portal.example/signup/confirm/abc\r\n"
			    "--\r\nMimamori\r\nEND";
	struct mm_buf b = { 0 };
	CHECK_INTEQ(mm_mime_message(&b, "noreply@mimamori.example", "a@b.example", "x", body,
				    0, "<outbox-1.00@mimamori.example>"), 0);
	const char *m = mm_buf_str(&b);
	check_lines(m);
	const char *p = strstr(m, "\r\n\r\n");
	CHECK(p != NULL);
	if (!p) {
		mm_buf_free(&b);
		return;
	}
	p += 4;
	unsigned char dec[1024];
	size_t len = 0, lines = 0;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		CHECK(e != NULL);
		if (!e)
			break;
		size_t n = (size_t)(e - p);
		lines++;
		if (e[2] != '\0')
			CHECK_INTEQ(n, 76);	/* every line but the last is full */
		long d = b64_decode(p, n, dec + len, sizeof dec - len);
		CHECK(d > 0);
		if (d <= 0)
			break;
		len += (size_t)d;
		p = e + 2;
	}
	CHECK(lines >= 3);
	CHECK_INTEQ(len, strlen(canon));
	CHECK_MEMEQ(dec, canon, strlen(canon));
	mm_buf_free(&b);
}

MM_TEST(test_header_injection)
{
	struct mm_buf b = { 0 };
	mm_buf_puts(&b, "kept");
	const char *from = "Mimamori <noreply@mimamori.example>";
	const char *mid = "<outbox-1.00@mimamori.example>";
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example", "hi\r\nBcc: x@evil.example",
				    "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example", "hi\nBcc: x@evil.example",
				    "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example", "hi\rX", "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example\r\nBcc: x@evil.example", "hi",
				    "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, "Evil\r\nBcc: x@evil.example <n@m.example>",
				    "a@b.example", "hi", "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example", "hi", "body", 0,
				    "<a@b>\r\nBcc: x@evil.example"), -1);
	/* To is a bare address; no display names, lists or angle brackets */
	CHECK_INTEQ(mm_mime_message(&b, from, "Eve <a@b.example>", "hi", "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example, c@d.example", "hi", "body", 0, mid), -1);
	CHECK_INTEQ(mm_mime_message(&b, from, "not-an-address", "hi", "body", 0, mid), -1);
	CHECK_STREQ(mm_buf_str(&b), "kept");	/* nothing appended */
	CHECK_INTEQ(mm_mime_header(&b, "Subject", "a\r\nb"), -1);
	CHECK_INTEQ(mm_mime_header(&b, "Bad Name", "x"), -1);
	CHECK_INTEQ(mm_mime_header(&b, "Bad:Name", "x"), -1);
	CHECK_STREQ(mm_buf_str(&b), "kept");
	/* the body may hold any line breaks: it is base64 */
	CHECK_INTEQ(mm_mime_message(&b, from, "a@b.example", "hi", "a\r\n.\r\nBcc: x\n", 0, mid), 0);
	mm_buf_free(&b);
}

MM_TEST(test_date)
{
	char d[32];
	mm_mime_date(d, 0);
	CHECK_STREQ(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mm_mime_date(d, 1751360703);
	CHECK_STREQ(d, "Tue, 01 Jul 2025 09:05:03 +0000");
	mm_mime_date(d, 1709210096);
	CHECK_STREQ(d, "Thu, 29 Feb 2024 12:34:56 +0000");
}

MM_TEST(test_addresses)
{
	char a[64];
	CHECK_INTEQ(mm_mime_addr_spec("Mimamori <noreply@mimamori.example>", a, sizeof a), 0);
	CHECK_STREQ(a, "noreply@mimamori.example");
	CHECK_INTEQ(mm_mime_addr_spec("  user.name+tag@example.co.jp ", a, sizeof a), 0);
	CHECK_STREQ(a, "user.name+tag@example.co.jp");
	CHECK_INTEQ(mm_mime_addr_spec("\"Support, SOC\" <soc@mimamori.example>", a, sizeof a), 0);
	CHECK_STREQ(a, "soc@mimamori.example");
	CHECK_INTEQ(mm_mime_addr_spec("no-at-sign", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("a@@b", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("@b.example", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("a@b..example", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("a b@c.example", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("Name <a@b.example> trailing", a, sizeof a), -1);
	CHECK_INTEQ(mm_mime_addr_spec("x@y.example", a, 5), -1);

	/* display names: atoms as they are, specials quoted, non-ASCII encoded */
	struct mm_buf b = { 0 };
	const char *mid = "<m@x.example>";
	CHECK_INTEQ(mm_mime_message(&b, "\"Mimamori, SOC\" <soc@x.example>", "a@b.example",
				    "s", "", 0, mid), 0);
	CHECK(strstr(mm_buf_str(&b), "\r\nFrom: \"Mimamori, SOC\" <soc@x.example>\r\n") != NULL);
	mm_buf_reset(&b);
	CHECK_INTEQ(mm_mime_message(&b, "みまもり <noreply@mimamori.example>", "a@b.example",
				    "s", "", 0, mid), 0);
	CHECK(strstr(mm_buf_str(&b),
		     "\r\nFrom: =?UTF-8?B?44G/44G+44KC44KK?= <noreply@mimamori.example>\r\n") != NULL);
	/* an empty body gives no body lines */
	const char *m = mm_buf_str(&b);
	CHECK(strlen(m) >= 4 && strcmp(m + strlen(m) - 4, "\r\n\r\n") == 0);
	mm_buf_free(&b);
}

MM_TEST(test_message_id)
{
	const unsigned char key[] = "0123456789abcdef0123456789abcdef";
	char a[128], b[128], c[128];
	CHECK_INTEQ(mm_mime_message_id(a, sizeof a, 42, 1751360703, "noreply@mimamori.example",
				       key, 32), 0);
	CHECK_INTEQ(mm_mime_message_id(b, sizeof b, 42, 1751360703, "noreply@mimamori.example",
				       key, 32), 0);
	CHECK_STREQ(a, b);	/* a retry of row 42 carries the same Message-ID */
	CHECK(strncmp(a, "<outbox-42.", 11) == 0);
	CHECK_INTEQ(strlen(a), strlen("<outbox-42.") + 16 + strlen("@mimamori.example>"));
	CHECK(strcmp(a + strlen(a) - 18, "@mimamori.example>") == 0);
	CHECK_INTEQ(mm_mime_message_id(c, sizeof c, 43, 1751360703, "noreply@mimamori.example",
				       key, 32), 0);
	CHECK(strcmp(a + 11, c + 11) != 0);
	CHECK_INTEQ(mm_mime_message_id(c, sizeof c, 42, 1751360704, "noreply@mimamori.example",
				       key, 32), 0);
	CHECK(strcmp(a, c) != 0);
	CHECK_INTEQ(mm_mime_message_id(c, sizeof c, 42, 1751360703, "noreply@mimamori.example",
				       key, 31), 0);
	CHECK(strcmp(a, c) != 0);
	CHECK_INTEQ(mm_mime_message_id(c, sizeof c, 42, 0, "no-domain", key, 32), -1);
	CHECK_INTEQ(mm_mime_message_id(c, 20, 42, 0, "noreply@mimamori.example", key, 32), -1);
}

MM_TEST_MAIN(test_ascii_message, test_japanese_subject, test_long_japanese_subject,
	     test_ascii_subject_folding, test_body_roundtrip, test_header_injection, test_date,
	     test_addresses, test_message_id)
