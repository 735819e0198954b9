/* AES-256-GCM for secrets at rest: nonce(12) || ciphertext || tag(16). */
#include "mm_aead.h"
#include "mm_crypto.h"
#include "mm_config.h"
#include <limits.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define NONCE_LEN 12
#define TAG_LEN 16

_Static_assert(NONCE_LEN + TAG_LEN == MM_AEAD_OVERHEAD, "sealed layout");

int mm_aead_seal(const unsigned char key[32], const void *aad, size_t aadlen,
		 const void *pt, size_t n, unsigned char *out, size_t *outlen)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char *nonce = out, *ct = out + NONCE_LEN;
	int len, rc = -1;

	if (outlen != NULL)
		*outlen = 0;
	if (key == NULL || out == NULL || n > INT_MAX - MM_AEAD_OVERHEAD ||
	    aadlen > INT_MAX || (n > 0 && pt == NULL) ||
	    (aadlen > 0 && aad == NULL))
		return -1;
	if (RAND_bytes(nonce, NONCE_LEN) != 1)
		return -1;
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return -1;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) != 1 ||
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) != 1)
		goto out;
	if (aadlen > 0 &&
	    EVP_EncryptUpdate(ctx, NULL, &len, aad, (int)aadlen) != 1)
		goto out;
	if (n > 0 && (EVP_EncryptUpdate(ctx, ct, &len, pt, (int)n) != 1 ||
		      (size_t)len != n))
		goto out;
	if (EVP_EncryptFinal_ex(ctx, ct + n, &len) != 1 || len != 0)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, ct + n) != 1)
		goto out;
	if (outlen != NULL)
		*outlen = n + MM_AEAD_OVERHEAD;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	if (rc != 0)
		OPENSSL_cleanse(out, n + MM_AEAD_OVERHEAD);
	return rc;
}

int mm_aead_open(const unsigned char key[32], const void *aad, size_t aadlen,
		 const unsigned char *in, size_t n, unsigned char *pt, size_t *ptlen)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char tag[TAG_LEN];
	size_t ctlen;
	int len, rc = -1;

	if (ptlen != NULL)
		*ptlen = 0;
	if (key == NULL || in == NULL || n < MM_AEAD_OVERHEAD || n > INT_MAX ||
	    aadlen > INT_MAX || (aadlen > 0 && aad == NULL))
		return -1;
	ctlen = n - MM_AEAD_OVERHEAD;
	if (ctlen > 0 && pt == NULL)
		return -1;
	memcpy(tag, in + n - TAG_LEN, TAG_LEN);	/* the ctrl takes a non-const pointer */
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return -1;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, in) != 1)
		goto out;
	if (aadlen > 0 &&
	    EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aadlen) != 1)
		goto out;
	if (ctlen > 0 &&
	    (EVP_DecryptUpdate(ctx, pt, &len, in + NONCE_LEN, (int)ctlen) != 1 ||
	     (size_t)len != ctlen))
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) != 1)
		goto out;
	/* The tag is checked here; nothing decrypted counts until it passes. */
	if (EVP_DecryptFinal_ex(ctx, pt != NULL ? pt + ctlen : tag, &len) != 1 ||
	    len != 0)
		goto out;
	if (ptlen != NULL)
		*ptlen = ctlen;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	if (rc != 0 && pt != NULL)
		OPENSSL_cleanse(pt, ctlen);
	return rc;
}

int mm_aead_config_key(unsigned char key[32])
{
	if (key == NULL)
		return -1;
	return mm_cfg_key("Secrets.DataKey", key, 32, 32) == 32 ? 0 : -1;
}

int mm_aead_seal_config(const char *aad, const void *pt, size_t n, unsigned char *out,
			size_t *outlen)
{
	unsigned char key[32];
	int rc = mm_aead_config_key(key) < 0 ? -1
		 : mm_aead_seal(key, aad, strlen(aad), pt, n, out, outlen);
	OPENSSL_cleanse(key, sizeof key);
	return rc;
}

int mm_aead_open_config(const char *aad, const unsigned char *in, size_t n, unsigned char *pt,
			size_t cap, size_t *ptlen)
{
	unsigned char key[32];
	if (!in || n < MM_AEAD_OVERHEAD || n - MM_AEAD_OVERHEAD > cap)
		return -1;
	int rc = mm_aead_config_key(key) < 0 ? -1
		 : mm_aead_open(key, aad, strlen(aad), in, n, pt, ptlen);
	OPENSSL_cleanse(key, sizeof key);
	return rc;
}
