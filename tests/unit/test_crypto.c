/* Randomness, hashing and token encoding (mm_crypto.h). */
#include "mm_crypto.h"
#include "mm_test.h"

#include <string.h>

static const char *b64(const void *in, size_t n, char *out)
{
	mm_b64url_encode(in, n, out);
	return out;
}

static const char *hex(const unsigned char *in, size_t n, char *out)
{
	mm_hex_encode(in, n, out);
	return out;
}

/* Decodes into a poisoned buffer; returns the decoded length or -1. */
static long dec(const char *in, unsigned char *out, size_t cap)
{
	memset(out, 0xA5, cap);
	return mm_b64url_decode(in, out, cap);
}

MM_TEST(test_b64url_vectors)
{
	char o[256];

	/* RFC 4648 section 10, without padding */
	CHECK_STREQ(b64("", 0, o), "");
	CHECK_STREQ(b64("f", 1, o), "Zg");
	CHECK_STREQ(b64("fo", 2, o), "Zm8");
	CHECK_STREQ(b64("foo", 3, o), "Zm9v");
	CHECK_STREQ(b64("foob", 4, o), "Zm9vYg");
	CHECK_STREQ(b64("fooba", 5, o), "Zm9vYmE");
	CHECK_STREQ(b64("foobar", 6, o), "Zm9vYmFy");
	/* the URL-safe alphabet: 62 '-' and 63 '_' instead of '+' and '/' */
	CHECK_STREQ(b64("\xfb\xff", 2, o), "-_8");
	CHECK_STREQ(b64("\xfb\xef\xbe", 3, o), "----");
	CHECK_STREQ(b64("\xff\xff\xff", 3, o), "____");
	CHECK_STREQ(b64("\x00\x00\x00", 3, o), "AAAA");
	CHECK_STREQ(b64("\x00", 1, o), "AA");
}

MM_TEST(test_b64url_decode)
{
	unsigned char out[64];

	CHECK_INTEQ(dec("", out, sizeof out), 0);
	CHECK_INTEQ(dec("Zg", out, sizeof out), 1);
	CHECK_MEMEQ(out, "f", 1);
	CHECK_INTEQ(dec("Zm8", out, sizeof out), 2);
	CHECK_MEMEQ(out, "fo", 2);
	CHECK_INTEQ(dec("Zm9vYmFy", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	CHECK_INTEQ(dec("-_8", out, sizeof out), 2);
	CHECK_MEMEQ(out, "\xfb\xff", 2);
	CHECK_INTEQ(dec("____", out, sizeof out), 3);
	CHECK_MEMEQ(out, "\xff\xff\xff", 3);

	/* invalid input */
	CHECK_INTEQ(dec("Zg==", out, sizeof out), -1);	/* padding */
	CHECK_INTEQ(dec("Zm9v+/8", out, sizeof out), -1);	/* standard alphabet */
	CHECK_INTEQ(dec("Zm9v!", out, sizeof out), -1);
	CHECK_INTEQ(dec("Zm 9v", out, sizeof out), -1);
	CHECK_INTEQ(dec("Zm9v\n", out, sizeof out), -1);
	CHECK_INTEQ(dec("Z", out, sizeof out), -1);		/* impossible length */
	CHECK_INTEQ(dec("Zm9vY", out, sizeof out), -1);
	CHECK_INTEQ(dec("Zm9v\xc3\xa9", out, sizeof out), -1);
	/* non-canonical: unused trailing bits set (one byte, two spellings) */
	CHECK_INTEQ(dec("Zh", out, sizeof out), -1);
	CHECK_INTEQ(dec("Zm9", out, sizeof out), -1);
	/* short buffer */
	CHECK_INTEQ(dec("Zm9vYmFy", out, 5), -1);
	CHECK_INTEQ(dec("Zm9vYmFy", out, 6), 6);
	CHECK_INTEQ(dec("Zg", out, 0), -1);
}

MM_TEST(test_b64url_roundtrip)
{
	unsigned char in[100], back[100];
	char enc[4 * 34 + 1];

	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof in; n++) {
		mm_b64url_encode(in, n, enc);
		CHECK_INTEQ(strlen(enc), (n * 4 + 2) / 3);	/* no padding */
		CHECK(strspn(enc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
		      == strlen(enc));
		CHECK_INTEQ(mm_b64url_decode(enc, back, sizeof back), n);
		CHECK_MEMEQ(back, in, n);
	}
	/* every byte value */
	{
		unsigned char all[256], got[256];
		char e[4 * 86 + 1];
		for (int i = 0; i < 256; i++)
			all[i] = (unsigned char)i;
		mm_b64url_encode(all, 256, e);
		CHECK_INTEQ(mm_b64url_decode(e, got, sizeof got), 256);
		CHECK_MEMEQ(got, all, 256);
	}
}

MM_TEST(test_hex)
{
	char o[64];

	CHECK_STREQ(hex((const unsigned char *)"", 0, o), "");
	CHECK_STREQ(hex((const unsigned char *)"\x00\xff\x1a\xA5", 4, o),
		    "00ff1aa5");
	CHECK_STREQ(hex((const unsigned char *)"abc", 3, o), "616263");
}

MM_TEST(test_sha256)
{
	unsigned char d[32];
	char o[65];

	/* FIPS 180-2 appendix B */
	mm_sha256("abc", 3, d);
	CHECK_STREQ(hex(d, 32, o),
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	mm_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	CHECK_STREQ(hex(d, 32, o),
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	mm_sha256("", 0, d);
	CHECK_STREQ(hex(d, 32, o),
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	{
		static char million[1000000];
		memset(million, 'a', sizeof million);
		mm_sha256(million, sizeof million, d);
		CHECK_STREQ(hex(d, 32, o),
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
}

static const char *hmac_hex(const unsigned char *key, size_t kl, const void *msg,
			    size_t n, char *o)
{
	unsigned char d[32];
	mm_hmac_sha256(key, kl, msg, n, d);
	return hex(d, 32, o);
}

MM_TEST(test_hmac_rfc4231)
{
	unsigned char key[131], data[50];
	char o[65];

	/* test case 1 */
	memset(key, 0x0b, 20);
	CHECK_STREQ(hmac_hex(key, 20, "Hi There", 8, o),
		    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* test case 2 */
	CHECK_STREQ(hmac_hex((const unsigned char *)"Jefe", 4,
			     "what do ya want for nothing?", 28, o),
		    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* test case 3 */
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	CHECK_STREQ(hmac_hex(key, 20, data, 50, o),
		    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	/* test case 4 */
	for (int i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	CHECK_STREQ(hmac_hex(key, 25, data, 50, o),
		    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	/* test case 6: key larger than the block */
	memset(key, 0xaa, 131);
	CHECK_STREQ(hmac_hex(key, 131,
			     "Test Using Larger Than Block-Size Key - Hash Key First",
			     54, o),
		    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* test case 7 */
	{
		const char *m = "This is a test using a larger than block-size key "
			"and a larger than block-size data. The key needs to be "
			"hashed before being used by the HMAC algorithm.";
		CHECK_STREQ(hmac_hex(key, 131, m, strlen(m), o),
			    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
	}
}

MM_TEST(test_ct_compare)
{
	CHECK_INTEQ(mm_ct_equal("abc", "abc", 3), 1);
	CHECK_INTEQ(mm_ct_equal("abc", "abd", 3), 0);
	CHECK_INTEQ(mm_ct_equal("xbc", "abc", 3), 0);
	CHECK_INTEQ(mm_ct_equal("abc", "abd", 2), 1);
	CHECK_INTEQ(mm_ct_equal("a", "b", 0), 1);
	CHECK_INTEQ(mm_ct_equal("\x00\x80", "\x00\x00", 2), 0);

	CHECK_INTEQ(mm_ct_streq("abc", "abc"), 1);
	CHECK_INTEQ(mm_ct_streq("", ""), 1);
	CHECK_INTEQ(mm_ct_streq("abc", "abd"), 0);
	CHECK_INTEQ(mm_ct_streq("abc", "abcd"), 0);
	CHECK_INTEQ(mm_ct_streq("abcd", "abc"), 0);
	CHECK_INTEQ(mm_ct_streq("", "a"), 0);
	CHECK_INTEQ(mm_ct_streq("日本", "日本"), 1);
}

static int all_b64url(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_") == strlen(s);
}

MM_TEST(test_tokens)
{
	char t1[MM_TOKEN_CHARS + 1], t2[MM_TOKEN_CHARS + 1];
	unsigned char raw[40];

	CHECK_INTEQ(mm_token_new(t1), 0);
	CHECK_INTEQ(mm_token_new(t2), 0);
	CHECK_INTEQ(strlen(t1), 43);
	CHECK_INTEQ(strlen(t2), 43);
	CHECK(all_b64url(t1));
	CHECK(strcmp(t1, t2) != 0);
	CHECK_INTEQ(mm_token_wellformed(t1), 1);
	CHECK_INTEQ(mm_token_wellformed(t2), 1);
	/* a token is 32 random bytes */
	CHECK_INTEQ(mm_b64url_decode(t1, raw, sizeof raw), 32);

	CHECK_INTEQ(mm_token_wellformed(""), 0);
	CHECK_INTEQ(mm_token_wellformed("abc"), 0);
	{
		char s[64];
		memcpy(s, t1, 44);
		s[42] = '\0';		/* 42 characters */
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		memcpy(s, t1, 44);
		s[43] = 'A';		/* 44 characters */
		s[44] = '\0';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		memcpy(s, t1, 44);
		s[10] = '+';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		s[10] = '/';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		s[10] = '=';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		s[10] = ' ';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
		s[10] = '\xc3';
		CHECK_INTEQ(mm_token_wellformed(s), 0);
	}
	CHECK_INTEQ(mm_token_wellformed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 1);
}

MM_TEST(test_random)
{
	unsigned char a[32], b[32], z[32] = { 0 };
	char t[MM_TOKEN_CHARS + 1];
	int distinct = 1;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	CHECK_INTEQ(mm_random_bytes(a, sizeof a), 0);
	CHECK_INTEQ(mm_random_bytes(b, sizeof b), 0);
	CHECK(memcmp(a, b, sizeof a) != 0);
	CHECK(memcmp(a, z, sizeof a) != 0);
	CHECK_INTEQ(mm_random_bytes(a, 0), 0);

	/* 200 tokens, all different */
	{
		static char seen[200][MM_TOKEN_CHARS + 1];
		for (int i = 0; i < 200; i++) {
			CHECK_INTEQ(mm_token_new(t), 0);
			for (int j = 0; j < i; j++)
				if (strcmp(seen[j], t) == 0)
					distinct = 0;
			memcpy(seen[i], t, sizeof t);
		}
	}
	CHECK(distinct);

	/* every bit position takes both values over 64 draws */
	{
		unsigned char or_[32] = { 0 }, and_[32];
		memset(and_, 0xff, sizeof and_);
		for (int i = 0; i < 64; i++) {
			CHECK_INTEQ(mm_random_bytes(a, sizeof a), 0);
			for (int j = 0; j < 32; j++) {
				or_[j] |= a[j];
				and_[j] &= a[j];
			}
		}
		for (int j = 0; j < 32; j++) {
			CHECK_INTEQ(or_[j], 0xff);
			CHECK_INTEQ(and_[j], 0);
		}
	}
}

MM_TEST(test_hex_decode)
{
	unsigned char out[4];
	CHECK_INTEQ(mm_hex_decode("", out, sizeof out), 0);
	CHECK_INTEQ(mm_hex_decode("00fFa9", out, sizeof out), 3);
	CHECK(out[0] == 0x00 && out[1] == 0xff && out[2] == 0xa9);
	CHECK_INTEQ(mm_hex_decode("abc", out, sizeof out), -1);	/* odd length */
	CHECK_INTEQ(mm_hex_decode("0g", out, sizeof out), -1);
	CHECK_INTEQ(mm_hex_decode(" 1", out, sizeof out), -1);
	CHECK_INTEQ(mm_hex_decode("+1", out, sizeof out), -1);
	CHECK_INTEQ(mm_hex_decode("0011223344", out, sizeof out), -1);	/* 5 > 4 */
	CHECK_INTEQ(mm_hex_decode("00112233", out, sizeof out), 4);
}

MM_TEST_MAIN(test_b64url_vectors, test_hex_decode, test_b64url_decode, test_b64url_roundtrip,
	     test_hex, test_sha256, test_hmac_rfc4231, test_ct_compare,
	     test_tokens, test_random)
