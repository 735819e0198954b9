#include "mm_crypto.h"
#include "mm_config.h"
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

int mm_random_bytes(unsigned char *out, size_t n)
{
	return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void mm_b64url_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;
	for (; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
	}
	out[o] = '\0';
}

static int b64url_val(int c)
{
	const char *p = c ? strchr(b64url, c) : NULL;
	return p ? (int)(p - b64url) : -1;
}

long mm_b64url_decode(const char *in, unsigned char *out, size_t outcap)
{
	size_t len = strlen(in), o = 0;
	if (len % 4 == 1)
		return -1;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b64url_val((unsigned char)in[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outcap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)	/* non-canonical trailing bits */
		return -1;
	return (long)o;
}

void mm_hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long mm_hex_decode(const char *hex, unsigned char *out, size_t outcap)
{
	size_t n = strlen(hex);
	if (n % 2 || n / 2 > outcap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

long mm_cfg_key(const char *cfg_key, unsigned char *out, size_t min, size_t max)
{
	const char *hex = mm_cfg_str(cfg_key, NULL);
	long n = hex ? mm_hex_decode(hex, out, max) : -1;
	if (n < (long)min) {
		OPENSSL_cleanse(out, max);
		return -1;
	}
	return n;
}

/* SHA-256 fetched from the provider once per process: OpenSSL 3 looks the
 * algorithm up again on every EVP_sha256() digest and builds a MAC object
 * for every HMAC() call, which was most of the cost of the session and CSRF
 * hashes of each page. The handle never changes once fetched. */
static EVP_MD *sha256_md(void)
{
	static EVP_MD *md;
	if (!md)
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	return md;
}

static int digest2(EVP_MD_CTX *ctx, const void *a, size_t an, const void *b, size_t bn,
		   unsigned char out[32])
{
	return EVP_DigestInit_ex2(ctx, sha256_md(), NULL) == 1 &&
	       EVP_DigestUpdate(ctx, a, an) == 1 && (bn == 0 || EVP_DigestUpdate(ctx, b, bn) == 1) &&
	       EVP_DigestFinal_ex(ctx, out, NULL) == 1;
}

void mm_sha256(const void *in, size_t n, unsigned char out[32])
{
	EVP_MD_CTX *ctx = sha256_md() ? EVP_MD_CTX_new() : NULL;
	int ok = ctx && digest2(ctx, in, n, NULL, 0, out);
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		unsigned int len = 32;
		EVP_Digest(in, n, out, &len, EVP_sha256(), NULL);
	}
}

/* HMAC (RFC 2104) on the fetched digest: two digests over the padded key,
 * the message and the inner hash. */
void mm_hmac_sha256(const unsigned char *key, size_t keylen,
		    const void *msg, size_t n, unsigned char out[32])
{
	unsigned char k[64] = { 0 }, pad[64], inner[32];
	EVP_MD_CTX *ctx = sha256_md() ? EVP_MD_CTX_new() : NULL;
	int ok = ctx != NULL;
	if (ok && keylen > sizeof k)
		ok = digest2(ctx, key, keylen, NULL, 0, k);
	else if (ok)
		memcpy(k, key, keylen);
	for (size_t i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x36;
	ok = ok && digest2(ctx, pad, sizeof pad, msg, n, inner);
	for (size_t i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x5c;
	ok = ok && digest2(ctx, pad, sizeof pad, inner, sizeof inner, out);
	EVP_MD_CTX_free(ctx);
	OPENSSL_cleanse(k, sizeof k);
	OPENSSL_cleanse(pad, sizeof pad);
	OPENSSL_cleanse(inner, sizeof inner);
	if (!ok) {
		unsigned int len = 32;
		HMAC(EVP_sha256(), key, (int)keylen, msg, n, out, &len);
	}
}

int mm_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int mm_ct_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}

int mm_token_new(char out[MM_TOKEN_CHARS + 1])
{
	unsigned char raw[32];
	if (mm_random_bytes(raw, sizeof raw) < 0)
		return -1;
	mm_b64url_encode(raw, sizeof raw, out);
	OPENSSL_cleanse(raw, sizeof raw);
	return 0;
}

int mm_token_wellformed(const char *s)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (; s[n]; n++)
		if (b64url_val((unsigned char)s[n]) < 0)
			return 0;
	return n == MM_TOKEN_CHARS;
}
