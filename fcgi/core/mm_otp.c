/* One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP), base32 (RFC 4648) and
 * otpauth:// key URIs (AUTH-6, AUTH-7). */
#include "mm_otp.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* ---- base32 ------------------------------------------------------------- */

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

long mm_base32_encode(const unsigned char *in, size_t n, char *out, size_t outcap)
{
	size_t need, o = 0;
	unsigned long acc = 0;
	int bits = 0;

	if (n > (SIZE_MAX - 5) / 8 || n > (size_t)LONG_MAX / 2)
		return -1;
	need = (n * 8 + 4) / 5;		/* characters, without padding */
	if (out == NULL || outcap < need + 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8 | in[i]) & 0xfff;	/* at most 12 bits live */
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return (long)o;
}

static int b32_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* Spaces (as in "JBSW Y3DP ...", the way secrets are shown to people) are
 * skipped anywhere; '=' may only close the input. A length that no byte
 * string encodes to (1, 3 or 6 characters mod 8) is refused; unused low
 * bits in the last character are ignored. */
long mm_base32_decode(const char *in, unsigned char *out, size_t outcap)
{
	size_t o = 0, chars = 0;
	unsigned long acc = 0;
	int bits = 0, padding = 0;

	if (in == NULL)
		return -1;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		int v;

		if (*p == ' ')
			continue;
		if (*p == '=') {
			padding = 1;
			continue;
		}
		if (padding)
			return -1;	/* data after padding */
		v = b32_value(*p);
		if (v < 0)
			return -1;
		chars++;
		acc = (acc << 5 | (unsigned long)v) & 0xfff;	/* at most 12 bits live */
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outcap || o >= (size_t)LONG_MAX)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	switch (chars % 8) {
	case 1: case 3: case 6:
		return -1;
	default:
		break;
	}
	return (long)o;
}

/* ---- HOTP / TOTP -------------------------------------------------------- */

static const EVP_MD *otp_md(enum mm_otp_alg alg)
{
	switch (alg) {
	case MM_OTP_SHA1: return EVP_sha1();
	case MM_OTP_SHA256: return EVP_sha256();
	case MM_OTP_SHA512: return EVP_sha512();
	}
	return NULL;
}

/* On bad arguments (digits outside 6..8, unknown algorithm, HMAC failure)
 * the result is UINT32_MAX, which has ten digits and so never equals a code. */
uint32_t mm_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		 int digits, enum mm_otp_alg alg)
{
	static const uint32_t mod[] = { 1000000, 10000000, 100000000 };
	static const unsigned char nokey[1];
	const EVP_MD *md = otp_md(alg);
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	unsigned off;
	uint32_t bin;

	if (md == NULL || digits < 6 || digits > 8 || keylen > INT_MAX)
		return UINT32_MAX;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (HMAC(md, key != NULL ? key : nokey, (int)keylen, msg, sizeof msg,
		 mac, &maclen) == NULL || maclen < 20)
		return UINT32_MAX;
	off = mac[maclen - 1] & 0x0f;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	      (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	OPENSSL_cleanse(mac, sizeof mac);
	return bin % mod[digits - 6];
}

uint32_t mm_totp(const unsigned char *key, size_t keylen, time_t t, int step,
		 int digits, enum mm_otp_alg alg)
{
	if (t < 0 || step <= 0)
		return UINT32_MAX;
	return mm_hotp(key, keylen, (uint64_t)t / (uint64_t)step, digits, alg);
}

#define TOTP_STEP 30
#define TOTP_DIGITS 6

/* Every candidate step is computed and compared, whether or not an earlier
 * one matched, so the time taken does not tell which step (if any) did. When
 * two steps share a code the later one wins, which blocks more reuse. A
 * window beyond 10 steps (5 minutes each way) is refused as a caller error. */
long long mm_totp_verify(const unsigned char *key, size_t keylen, const char *code,
			 time_t now, int window, long long last_used_step)
{
	long long cur, found = -1;

	if (code == NULL || now < 0 || window < 0 || window > 10)
		return -1;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	if (code[TOTP_DIGITS] != '\0')
		return -1;
	cur = (long long)(now / TOTP_STEP);
	for (long long s = cur - window; s <= cur + window; s++) {
		char want[16];
		uint32_t v;
		int ok;

		if (s < 0 || s <= last_used_step)
			continue;
		v = mm_hotp(key, keylen, (uint64_t)s, TOTP_DIGITS, MM_OTP_SHA1);
		if (v == UINT32_MAX)
			return -1;
		snprintf(want, sizeof want, "%06u", (unsigned)v);
		ok = CRYPTO_memcmp(want, code, TOTP_DIGITS) == 0;
		OPENSSL_cleanse(want, sizeof want);
		if (ok)
			found = s;
	}
	return found;
}

/* ---- key URI ------------------------------------------------------------ */

/* Google Authenticator key URI format. The label is "Issuer:account" with a
 * literal colon; without an issuer the label is the account alone and the
 * issuer parameter is left out. */
void mm_otpauth_uri(struct mm_buf *out, const char *issuer, const char *account,
		    const char *secret_b32)
{
	int has_issuer = issuer != NULL && issuer[0] != '\0';

	mm_buf_puts(out, "otpauth://totp/");
	if (has_issuer) {
		mm_url_encode(out, issuer);
		mm_buf_puts(out, ":");
	}
	mm_url_encode(out, account != NULL ? account : "");
	mm_buf_puts(out, "?secret=");
	mm_url_encode(out, secret_b32 != NULL ? secret_b32 : "");
	if (has_issuer) {
		mm_buf_puts(out, "&issuer=");
		mm_url_encode(out, issuer);
	}
	mm_buf_puts(out, "&algorithm=SHA1&digits=6&period=30");
}
