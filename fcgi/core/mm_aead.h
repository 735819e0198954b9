/* Authenticated encryption of secrets at rest (TOTP keys): AES-256-GCM with a
 * random 96-bit nonce. Sealed form: nonce(12) || ciphertext || tag(16). */
#ifndef MM_AEAD_H
#define MM_AEAD_H
#include <stddef.h>

#define MM_AEAD_OVERHEAD 28
/* out needs n + MM_AEAD_OVERHEAD bytes. aad binds the context (e.g. the user
 * id) so a sealed value cannot be moved to another row. 0 or -1. */
int mm_aead_seal(const unsigned char key[32], const void *aad, size_t aadlen,
		 const void *pt, size_t n, unsigned char *out, size_t *outlen);
/* 0 and the plaintext in pt (n - MM_AEAD_OVERHEAD bytes), or -1 when the
 * input was altered, truncated or sealed under another key or aad. */
int mm_aead_open(const unsigned char key[32], const void *aad, size_t aadlen,
		 const unsigned char *in, size_t n, unsigned char *pt, size_t *ptlen);
/* The data key from the configuration (Secrets.DataKey, 64 hex digits). 0 or -1. */
int mm_aead_config_key(unsigned char key[32]);
/* Seal and open with the data key and the text aad; the key does not
 * outlive the call. Opening refuses a value whose plaintext would not fit
 * in cap bytes before decrypting (decryption writes before the tag is
 * checked). 0 or -1. */
int mm_aead_seal_config(const char *aad, const void *pt, size_t n, unsigned char *out,
			size_t *outlen);
int mm_aead_open_config(const char *aad, const unsigned char *in, size_t n, unsigned char *pt,
			size_t cap, size_t *ptlen);

#endif
