/* Bigram extraction of the search side index (mm_ngram.h). */
#include "mm_ngram.h"
#include "mm_test.h"

#include <string.h>

/* The grams of text as "ab|cd|…" (records unpadded, in their sorted order). */
static const char *grams(const char *text)
{
	static char out[2048];
	struct mm_buf b = { 0 };
	long n = mm_ngram_extract(&b, text, strlen(text));
	size_t o = 0;

	out[0] = '\0';
	for (long i = 0; i < n && o + MM_NGRAM_BYTES + 2 < sizeof out; i++) {
		const char *g = b.p + i * MM_NGRAM_BYTES;
		size_t len = strnlen(g, MM_NGRAM_BYTES);
		if (i)
			out[o++] = '|';
		memcpy(out + o, g, len);
		o += len;
	}
	out[o] = '\0';
	mm_buf_free(&b);
	return n < 0 ? NULL : out;
}

static long count(const char *text)
{
	struct mm_buf b = { 0 };
	long n = mm_ngram_extract(&b, text, strlen(text));
	CHECK_INTEQ(b.len, (size_t)(n < 0 ? 0 : n) * MM_NGRAM_BYTES);
	mm_buf_free(&b);
	return n;
}

MM_TEST(test_ascii)
{
	CHECK_STREQ(grams(""), "");
	CHECK_STREQ(grams("a"), "");
	CHECK_STREQ(grams("vpn"), "pn|vp");
	/* distinct and sorted */
	CHECK_STREQ(grams("aaaa"), "aa");
	CHECK_STREQ(grams("abab"), "ab|ba");
	CHECK_INTEQ(count("abcabc"), 3);
}

MM_TEST(test_breaks)
{
	/* no gram across a space or the field separator */
	CHECK_STREQ(grams("ab cd"), "ab|cd");
	CHECK_STREQ(grams("ab\ncd"), "ab|cd");
	CHECK_STREQ(grams("a b c"), "");
	CHECK_STREQ(grams("  xy  "), "xy");
}

MM_TEST(test_japanese)
{
	/* three-byte characters: two make one 6-byte gram */
	CHECK_STREQ(grams("不審なメール"), "なメ|メー|ール|不審|審な");
	CHECK_INTEQ(count("メールメール"), 3);	/* メー ール ルメ, each once */
	CHECK_STREQ(grams("アラート"), "アラ|ラー|ート");
}

MM_TEST(test_mixed)
{
	CHECK_STREQ(grams("ipアドレス"), "ip|pア|アド|ドレ|レス");
	CHECK_STREQ(grams("vpn接続"), "n接|pn|vp|接続");
	/* a 4-byte character (emoji) beside a 3-byte one: 7 bytes, padded */
	struct mm_buf b = { 0 };
	CHECK_INTEQ(mm_ngram_extract(&b, "😀漢", strlen("😀漢")), 1);
	CHECK_MEMEQ(b.p, "\xF0\x9F\x98\x80\xE6\xBC\xA2\0", MM_NGRAM_BYTES);
	mm_buf_free(&b);
	/* two 4-byte characters fill the record exactly */
	CHECK_INTEQ(mm_ngram_extract(&b, "😀😁", strlen("😀😁")), 1);
	CHECK_MEMEQ(b.p, "\xF0\x9F\x98\x80\xF0\x9F\x98\x81", MM_NGRAM_BYTES);
	mm_buf_free(&b);
}

MM_TEST(test_invalid_bytes)
{
	/* a byte that starts no well-formed sequence is a character of its own */
	struct mm_buf b = { 0 };
	CHECK_INTEQ(mm_ngram_extract(&b, "\xE3\x81", 2), 1);
	CHECK_MEMEQ(b.p, "\xE3\x81\0\0\0\0\0\0", MM_NGRAM_BYTES);
	mm_buf_free(&b);
	CHECK_INTEQ(mm_ngram_extract(&b, "a\xFF", 2), 1);
	mm_buf_free(&b);
}

/* Every gram of a term is a gram of any text the term occurs in: the
 * property the candidate filter rests on. */
MM_TEST(test_term_grams_in_text)
{
	static const char *const cases[][2] = {
		{ "昨日不審なメールが届きました\nvpn接続の件", "不審なメール" },
		{ "ipアドレス:192.168.0.1", "アドレス:192" },
		{ "firewall utm", "wall" },
		{ "😀漢字😀", "字😀" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct mm_buf text = { 0 }, term = { 0 };
		long nt = mm_ngram_extract(&text, cases[i][0], strlen(cases[i][0]));
		long nk = mm_ngram_extract(&term, cases[i][1], strlen(cases[i][1]));
		CHECK(nt > 0 && nk > 0);
		for (long k = 0; k < nk; k++) {
			int found = 0;
			for (long t = 0; t < nt && !found; t++)
				found = memcmp(term.p + k * MM_NGRAM_BYTES, text.p + t * MM_NGRAM_BYTES,
					       MM_NGRAM_BYTES) == 0;
			CHECK(found);
		}
		mm_buf_free(&text);
		mm_buf_free(&term);
	}
}

static const char *term(const char *pattern)
{
	static char out[256];
	struct mm_buf b = { 0 };
	if (mm_ngram_like_term(&b, pattern) != 0)
		return NULL;
	snprintf(out, sizeof out, "%s", mm_buf_str(&b));
	mm_buf_free(&b);
	return out;
}

MM_TEST(test_like_term)
{
	CHECK_STREQ(term("%"), "");
	CHECK_STREQ(term(NULL), "");
	CHECK_STREQ(term("%vpn%"), "vpn");
	CHECK_STREQ(term("%100!%%"), "100%");
	CHECK_STREQ(term("%a!_b%"), "a_b");
	CHECK_STREQ(term("%!!x!\\%"), "!x\\");
	CHECK_STREQ(term("%不審%"), "不審");
	/* the patterns the folding makes, read back */
	struct mm_fold_terms t;
	CHECK_INTEQ(mm_fold_like_terms(&t, "ＶＰＮ　50%_off"), 2);
	CHECK_STREQ(term(mm_buf_str(&t.like[0])), "vpn");
	CHECK_STREQ(term(mm_buf_str(&t.like[1])), "50%_off");
	CHECK_STREQ(term(mm_buf_str(&t.like[2])), "");
	mm_fold_terms_free(&t);
}

MM_TEST_MAIN(test_ascii, test_breaks, test_japanese, test_mixed, test_invalid_bytes,
	     test_term_grams_in_text, test_like_term)
