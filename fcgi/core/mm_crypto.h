/* Randomness, hashing and token encoding (OpenSSL). */
#ifndef MM_CRYPTO_H
#define MM_CRYPTO_H
#include <stddef.h>

/* 0 on success, -1 when the CSPRNG failed. */
int mm_random_bytes(unsigned char *out, size_t n);
/* base64url without padding; out needs 4*ceil(n/3)+1 bytes. */
void mm_b64url_encode(const unsigned char *in, size_t n, char *out);
/* Returns decoded length, or -1 on invalid input / short buffer. */
long mm_b64url_decode(const char *in, unsigned char *out, size_t outcap);
void mm_hex_encode(const unsigned char *in, size_t n, char *out);
/* Decodes hex (either case); returns the byte count, or -1 for an odd
 * length, a non-hex character or more than outcap bytes. */
long mm_hex_decode(const char *hex, unsigned char *out, size_t outcap);
/* A binary key from a hex configuration value of min..max bytes: its length,
 * or -1 when missing or malformed (out is wiped then). */
long mm_cfg_key(const char *cfg_key, unsigned char *out, size_t min, size_t max);
void mm_sha256(const void *in, size_t n, unsigned char out[32]);
void mm_hmac_sha256(const unsigned char *key, size_t keylen,
		    const void *msg, size_t n, unsigned char out[32]);
/* Constant-time comparison: 1 when equal. */
int mm_ct_equal(const void *a, const void *b, size_t n);
int mm_ct_streq(const char *a, const char *b);

/* A fresh random token: 32 bytes as 43 base64url characters. */
#define MM_TOKEN_CHARS 43
int mm_token_new(char out[MM_TOKEN_CHARS + 1]);
/* 1 when s looks like a token from mm_token_new. */
int mm_token_wellformed(const char *s);

#endif
