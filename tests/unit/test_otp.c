/* One-time passwords, base32 and key URIs (mm_otp.h). */
#include "mm_otp.h"
#include "mm_test.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const unsigned char seed20[] = "12345678901234567890";
static const unsigned char seed32[] = "12345678901234567890123456789012";
static const unsigned char seed64[] =
	"1234567890123456789012345678901234567890123456789012345678901234";

static const char *enc(const void *in, size_t n, char *out, size_t cap)
{
	if (mm_base32_encode(in, n, out, cap) < 0)
		return NULL;
	return out;
}

/* Decodes into a poisoned buffer; returns the decoded length or -1. */
static long dec(const char *in, unsigned char *out, size_t cap)
{
	memset(out, 0xA5, cap);
	return mm_base32_decode(in, out, cap);
}

/* The 6-digit SHA-1 code of a 30-second step, as text. */
static const char *code_at(long long step, char out[16])
{
	uint32_t v = mm_hotp(seed20, 20, (uint64_t)step, 6, MM_OTP_SHA1);
	snprintf(out, 16, "%06u", (unsigned)v);
	return out;
}

/* ---- RFC 6238 Appendix B ------------------------------------------------ */

static const struct {
	long long t;
	uint32_t sha1, sha256, sha512;
} rfc6238[] = {
	{ 59LL, 94287082, 46119246, 90693936 },
	{ 1111111109LL, 7081804, 68084774, 25091201 },
	{ 1111111111LL, 14050471, 67062674, 99943326 },
	{ 1234567890LL, 89005924, 91819424, 93441116 },
	{ 2000000000LL, 69279037, 90698825, 38618901 },
	{ 20000000000LL, 65353130, 77737706, 47863826 },
};

MM_TEST(test_totp_rfc6238_sha1)
{
	CHECK(sizeof(time_t) >= 8);	/* 20000000000 needs 64-bit time */
	for (size_t i = 0; i < sizeof rfc6238 / sizeof rfc6238[0]; i++)
		CHECK_INTEQ(mm_totp(seed20, 20, (time_t)rfc6238[i].t, 30, 8,
				    MM_OTP_SHA1), rfc6238[i].sha1);
}

MM_TEST(test_totp_rfc6238_sha256)
{
	for (size_t i = 0; i < sizeof rfc6238 / sizeof rfc6238[0]; i++)
		CHECK_INTEQ(mm_totp(seed32, 32, (time_t)rfc6238[i].t, 30, 8,
				    MM_OTP_SHA256), rfc6238[i].sha256);
}

MM_TEST(test_totp_rfc6238_sha512)
{
	for (size_t i = 0; i < sizeof rfc6238 / sizeof rfc6238[0]; i++)
		CHECK_INTEQ(mm_totp(seed64, 64, (time_t)rfc6238[i].t, 30, 8,
				    MM_OTP_SHA512), rfc6238[i].sha512);
}

/* The same vectors as text: the leading zero of 07081804 survives. */
MM_TEST(test_totp_leading_zero)
{
	char s[16];
	snprintf(s, sizeof s, "%08u",
		 (unsigned)mm_totp(seed20, 20, 1111111109, 30, 8, MM_OTP_SHA1));
	CHECK_STREQ(s, "07081804");
	/* 6 digits are the low digits of the 8-digit value */
	CHECK_INTEQ(mm_totp(seed20, 20, 1111111109, 30, 6, MM_OTP_SHA1), 81804);
	CHECK_INTEQ(mm_totp(seed20, 20, 59, 30, 7, MM_OTP_SHA1), 4287082);
}

/* ---- RFC 4226 Appendix D ------------------------------------------------ */

MM_TEST(test_hotp_rfc4226)
{
	static const uint32_t want[10] = {
		755224, 287082, 359152, 969429, 338314,
		254676, 287922, 162583, 399871, 520489,
	};
	for (uint64_t c = 0; c < 10; c++)
		CHECK_INTEQ(mm_hotp(seed20, 20, c, 6, MM_OTP_SHA1), want[c]);
}

MM_TEST(test_hotp_bad_arguments)
{
	CHECK_INTEQ(mm_hotp(seed20, 20, 0, 5, MM_OTP_SHA1), UINT32_MAX);
	CHECK_INTEQ(mm_hotp(seed20, 20, 0, 9, MM_OTP_SHA1), UINT32_MAX);
	CHECK_INTEQ(mm_hotp(seed20, 20, 0, 6, (enum mm_otp_alg)42), UINT32_MAX);
	CHECK_INTEQ(mm_totp(seed20, 20, -1, 30, 6, MM_OTP_SHA1), UINT32_MAX);
	CHECK_INTEQ(mm_totp(seed20, 20, 59, 0, 6, MM_OTP_SHA1), UINT32_MAX);
	/* an empty key is still a key (HMAC pads it) */
	CHECK(mm_hotp(NULL, 0, 0, 6, MM_OTP_SHA1) < 1000000);
}

/* ---- base32, RFC 4648 section 10 ---------------------------------------- */

MM_TEST(test_base32_encode_vectors)
{
	char o[64];

	CHECK_STREQ(enc("", 0, o, sizeof o), "");
	CHECK_STREQ(enc("f", 1, o, sizeof o), "MY");
	CHECK_STREQ(enc("fo", 2, o, sizeof o), "MZXQ");
	CHECK_STREQ(enc("foo", 3, o, sizeof o), "MZXW6");
	CHECK_STREQ(enc("foob", 4, o, sizeof o), "MZXW6YQ");
	CHECK_STREQ(enc("fooba", 5, o, sizeof o), "MZXW6YTB");
	CHECK_STREQ(enc("foobar", 6, o, sizeof o), "MZXW6YTBOI");
	CHECK_INTEQ(mm_base32_encode((const unsigned char *)"foobar", 6, o,
				     sizeof o), 10);
	CHECK_STREQ(enc("\xff\xff\xff\xff\xff", 5, o, sizeof o), "77777777");
	CHECK_STREQ(enc("\0\0\0\0\0", 5, o, sizeof o), "AAAAAAAA");
	CHECK_STREQ(enc(seed20, 20, o, sizeof o),
		    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

MM_TEST(test_base32_decode_vectors)
{
	static const char *const plain[] = {
		"", "f", "fo", "foo", "foob", "fooba", "foobar"
	};
	static const char *const coded[] = {
		"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"
	};
	unsigned char out[64];

	for (size_t i = 0; i < 7; i++) {
		size_t n = strlen(plain[i]);
		CHECK_INTEQ(dec(coded[i], out, sizeof out), n);
		CHECK_MEMEQ(out, plain[i], n);
	}
	CHECK_INTEQ(dec("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", out, sizeof out), 20);
	CHECK_MEMEQ(out, seed20, 20);
}

MM_TEST(test_base32_decode_lenient)
{
	unsigned char out[64];

	/* lower and mixed case */
	CHECK_INTEQ(dec("mzxw6ytboi", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	CHECK_INTEQ(dec("MzXw6YtBoI", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	/* RFC 4648 padding */
	CHECK_INTEQ(dec("MY======", out, sizeof out), 1);
	CHECK_MEMEQ(out, "f", 1);
	CHECK_INTEQ(dec("MZXQ====", out, sizeof out), 2);
	CHECK_MEMEQ(out, "fo", 2);
	CHECK_INTEQ(dec("MZXW6===", out, sizeof out), 3);
	CHECK_MEMEQ(out, "foo", 3);
	CHECK_INTEQ(dec("MZXW6YQ=", out, sizeof out), 4);
	CHECK_MEMEQ(out, "foob", 4);
	CHECK_INTEQ(dec("MZXW6YTBOI======", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	/* spaces, as in a secret shown in groups of four */
	CHECK_INTEQ(dec("MZXW 6YTB OI", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	CHECK_INTEQ(dec(" mzxw 6ytb oi ", out, sizeof out), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	CHECK_INTEQ(dec("MZXW6YQ = ", out, sizeof out), 4);
	CHECK_MEMEQ(out, "foob", 4);
	CHECK_INTEQ(dec("   ", out, sizeof out), 0);
}

MM_TEST(test_base32_decode_invalid)
{
	unsigned char out[64];

	/* not in the alphabet: the digits 0, 1, 8, 9 and punctuation */
	CHECK_INTEQ(dec("MZXW6YT1", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YT8", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YT0", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YT9", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YT!", out, sizeof out), -1);
	CHECK_INTEQ(dec("1", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZ-XW6", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW\t6YTB", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YTB\n", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6\xc3\xa9", out, sizeof out), -1);
	/* data after padding */
	CHECK_INTEQ(dec("MY==MY", out, sizeof out), -1);
	CHECK_INTEQ(dec("=MY", out, sizeof out), -1);
	/* lengths no byte string encodes to (1, 3, 6 mod 8) */
	CHECK_INTEQ(dec("M", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZX", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6Y", out, sizeof out), -1);
	CHECK_INTEQ(dec("MZXW6YTBO", out, sizeof out), -1);
	CHECK_INTEQ(mm_base32_decode(NULL, out, sizeof out), -1);
}

MM_TEST(test_base32_short_buffer)
{
	unsigned char out[8];
	char o[16];

	/* decode: "foobar" needs 6 bytes; nothing is written past outcap */
	memset(out, 0xA5, sizeof out);
	CHECK_INTEQ(mm_base32_decode("MZXW6YTBOI", out, 5), -1);
	CHECK_INTEQ(out[5], 0xA5);
	CHECK_INTEQ(dec("MZXW6YTBOI", out, 6), 6);
	CHECK_MEMEQ(out, "foobar", 6);
	CHECK_INTEQ(dec("MY", out, 0), -1);
	CHECK_INTEQ(dec("", out, 0), 0);
	/* encode: "foobar" needs 10 characters and the NUL */
	memset(o, 'x', sizeof o);
	CHECK_INTEQ(mm_base32_encode((const unsigned char *)"foobar", 6, o, 10), -1);
	CHECK_INTEQ(o[0], 'x');
	CHECK_INTEQ(mm_base32_encode((const unsigned char *)"foobar", 6, o, 11), 10);
	CHECK_STREQ(o, "MZXW6YTBOI");
	CHECK_INTEQ(mm_base32_encode((const unsigned char *)"", 0, o, 0), -1);
	CHECK_INTEQ(mm_base32_encode((const unsigned char *)"", 0, o, 1), 0);
	CHECK_STREQ(o, "");
}

MM_TEST(test_base32_round_trip)
{
	unsigned char in[64], out[64];
	char text[128];

	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof in; n++) {
		long len = mm_base32_encode(in, n, text, sizeof text);
		CHECK_INTEQ(len, (n * 8 + 4) / 5);
		CHECK_INTEQ(strlen(text), (size_t)len);
		CHECK_INTEQ(dec(text, out, n), n);
		CHECK_MEMEQ(out, in, n);
	}
}

/* ---- mm_totp_verify ----------------------------------------------------- */

/* 1111111109 is step 37037036, 29 s into it. */
#define NOW ((time_t)1111111109)
#define STEP 37037036LL

MM_TEST(test_verify_window)
{
	char c[16];

	CHECK_INTEQ(NOW / 30, STEP);
	CHECK_STREQ(code_at(STEP, c), "081804");	/* RFC 6238, low 6 digits */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 1, -1), STEP);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP - 1, c), NOW, 1, -1),
		    STEP - 1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP + 1, c), NOW, 1, -1),
		    STEP + 1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP - 2, c), NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP + 2, c), NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP + 1, c), NOW, 0, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 0, -1), STEP);
	/* the start of a step counts as that step */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP + 1, c),
				   (time_t)(STEP + 1) * 30, 0, -1), STEP + 1);
	/* a code for another key */
	CHECK_INTEQ(mm_totp_verify(seed32, 32, code_at(STEP, c), NOW, 1, -1), -1);
	/* an absurd window is refused rather than scanned */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, -1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 1000000, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), -1, 1, -1), -1);
}

MM_TEST(test_verify_reuse)
{
	char c[16];

	/* the same code again, once its step is recorded */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 1, STEP), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 1, STEP + 1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP, c), NOW, 1, STEP - 1), STEP);
	/* an older code after a newer one was used */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP - 1, c), NOW, 1, STEP - 1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP - 1, c), NOW, 1, STEP), -1);
	/* a later code is still fine */
	CHECK_INTEQ(mm_totp_verify(seed20, 20, code_at(STEP + 1, c), NOW, 1, STEP), STEP + 1);
}

MM_TEST(test_verify_format)
{
	char c[16], longer[32], shorter[32], spaced[32];

	code_at(STEP, c);
	snprintf(longer, sizeof longer, "%s0", c);
	snprintf(shorter, sizeof shorter, "%.5s", c);
	snprintf(spaced, sizeof spaced, "%.3s %s", c, c + 3);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, longer, NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, shorter, NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, spaced, NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "81804", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "0081804", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "08180a", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "+81804", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, " 81804", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "081804 ", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "\xef\xbc\x90" "81804", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "", NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, NULL, NOW, 1, -1), -1);
	CHECK_INTEQ(mm_totp_verify(seed20, 20, "081804", NOW, 1, -1), STEP);
}

/* ---- otpauth URI -------------------------------------------------------- */

static const char *uri(struct mm_buf *b, const char *issuer, const char *account,
		       const char *secret)
{
	mm_buf_reset(b);
	mm_otpauth_uri(b, issuer, account, secret);
	return mm_buf_str(b);
}

MM_TEST(test_otpauth_uri)
{
	struct mm_buf b = { 0 };

	CHECK_STREQ(uri(&b, "Mimamori", "user@example.com", "JBSWY3DPEHPK3PXP"),
		    "otpauth://totp/Mimamori:user%40example.com"
		    "?secret=JBSWY3DPEHPK3PXP&issuer=Mimamori"
		    "&algorithm=SHA1&digits=6&period=30");
	/* a space and Japanese characters: UTF-8, percent-encoded */
	CHECK_STREQ(uri(&b, "Mimamori", "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e",
			"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
		    "otpauth://totp/Mimamori:%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E"
		    "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mimamori"
		    "&algorithm=SHA1&digits=6&period=30");
	/* characters that would break the label or the query are encoded */
	CHECK_STREQ(uri(&b, "A&B Co:", "x?y#z/", "MY"),
		    "otpauth://totp/A%26B%20Co%3A:x%3Fy%23z%2F"
		    "?secret=MY&issuer=A%26B%20Co%3A"
		    "&algorithm=SHA1&digits=6&period=30");
	/* without an issuer the label is the account alone */
	CHECK_STREQ(uri(&b, NULL, "u1", "MY"),
		    "otpauth://totp/u1?secret=MY&algorithm=SHA1&digits=6&period=30");
	CHECK_STREQ(uri(&b, "", "u1", "MY"),
		    "otpauth://totp/u1?secret=MY&algorithm=SHA1&digits=6&period=30");
	mm_buf_free(&b);
}

MM_TEST_MAIN(test_totp_rfc6238_sha1, test_totp_rfc6238_sha256,
	     test_totp_rfc6238_sha512, test_totp_leading_zero, test_hotp_rfc4226,
	     test_hotp_bad_arguments, test_base32_encode_vectors,
	     test_base32_decode_vectors, test_base32_decode_lenient,
	     test_base32_decode_invalid, test_base32_short_buffer,
	     test_base32_round_trip, test_verify_window, test_verify_reuse,
	     test_verify_format, test_otpauth_uri)
