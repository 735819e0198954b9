#include "mm_pubid.h"
#include "mm_crypto.h"
#include "mm_request.h"
#include "mm_log.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#define HALF_BITS 24
#define HALF_MASK ((UINT32_C(1) << HALF_BITS) - 1)
#define ROUNDS 4

/* The label of each kind: one key per kind, so that an alert's number says
 * nothing of the device with the same id. Never rename (numbers change). */
static const char *const kind_label[MM_PUBID_KINDS] = {
	[MM_PUBID_ALERT] = "alert",
	[MM_PUBID_DEVICE] = "device",
	[MM_PUBID_ATTACHMENT] = "attachment",
	[MM_PUBID_USER] = "user",
};

struct feistel {
	EVP_CIPHER_CTX *ctx;
};

static int feistel_open(struct feistel *f, const unsigned char *key, size_t keylen,
			enum mm_pubid_kind kind)
{
	unsigned char mac[32];
	char msg[32];
	f->ctx = NULL;
	if (!key || keylen < 16 || keylen > 64 || (unsigned)kind >= MM_PUBID_KINDS)
		return -1;
	int n = snprintf(msg, sizeof msg, "pubid:%s", kind_label[kind]);
	mm_hmac_sha256(key, keylen, msg, (size_t)n, mac);
	f->ctx = EVP_CIPHER_CTX_new();
	int ok = f->ctx && EVP_EncryptInit_ex(f->ctx, EVP_aes_128_ecb(), NULL, mac, NULL) == 1 &&
		 EVP_CIPHER_CTX_set_padding(f->ctx, 0) == 1;
	OPENSSL_cleanse(mac, sizeof mac);
	if (!ok) {
		EVP_CIPHER_CTX_free(f->ctx);
		f->ctx = NULL;
		return -1;
	}
	return 0;
}

static void feistel_close(struct feistel *f)
{
	EVP_CIPHER_CTX_free(f->ctx);
}

/* Round function: the first 24 bits of AES(key, round || half || 0...). */
static int round_fn(struct feistel *f, int round, uint32_t half, uint32_t *out)
{
	unsigned char in[16] = { 0 }, block[16];
	int len = 0;
	in[0] = (unsigned char)round;
	in[1] = (unsigned char)(half >> 16);
	in[2] = (unsigned char)(half >> 8);
	in[3] = (unsigned char)half;
	if (EVP_EncryptUpdate(f->ctx, block, &len, in, sizeof in) != 1 || len != 16)
		return -1;
	*out = (uint32_t)block[0] << 16 | (uint32_t)block[1] << 8 | block[2];
	return 0;
}

static int permute(struct feistel *f, uint64_t in, int inverse, uint64_t *out)
{
	uint32_t left = (uint32_t)(in >> HALF_BITS) & HALF_MASK, right = (uint32_t)in & HALF_MASK, v;
	for (int i = 0; i < ROUNDS; i++) {
		if (!inverse) {
			if (round_fn(f, i, right, &v) < 0)
				return -1;
			uint32_t next = left ^ v;
			left = right;
			right = next;
		} else {
			if (round_fn(f, ROUNDS - 1 - i, left, &v) < 0)
				return -1;
			uint32_t prev = right ^ v;
			right = left;
			left = prev;
		}
	}
	*out = (uint64_t)left << HALF_BITS | right;
	return 0;
}

static int encode_with(struct feistel *f, long long id, char out[MM_PUBID_CHARS])
{
	uint64_t n = 0;
	out[0] = '\0';
	if (id < 0 || id > MM_PUBID_MAX || permute(f, (uint64_t)id, 0, &n) < 0)
		return -1;
	/* n < 2^48: at most 15 digits, whatever the compiler assumes of it */
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	if (len <= 0 || len >= MM_PUBID_CHARS)
		return -1;
	memcpy(out, digits, (size_t)len + 1);
	return 0;
}

/* Only the text that encoding writes: digits, no sign, no leading zero, no
 * blanks, within range; so that each row has exactly one number. */
static int parse_canonical(const char *text, uint64_t *n)
{
	size_t len = text ? strlen(text) : 0;
	if (len == 0 || len > MM_PUBID_CHARS - 1 || (text[0] == '0' && len > 1))
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(text[i] - '0');
	}
	if (v > (uint64_t)MM_PUBID_MAX)
		return -1;
	*n = v;
	return 0;
}

static int decode_with(struct feistel *f, const char *text, long long *id)
{
	uint64_t n, v = 0;
	if (parse_canonical(text, &n) < 0 || permute(f, n, 1, &v) < 0)
		return -1;
	*id = (long long)v;
	return 0;
}

int mm_pubid_encode_key(const unsigned char *key, size_t keylen, enum mm_pubid_kind kind,
			long long id, char out[MM_PUBID_CHARS])
{
	struct feistel f;
	out[0] = '\0';
	if (feistel_open(&f, key, keylen, kind) < 0)
		return -1;
	int rc = encode_with(&f, id, out);
	feistel_close(&f);
	return rc;
}

int mm_pubid_decode_key(const unsigned char *key, size_t keylen, enum mm_pubid_kind kind,
			const char *text, long long *id)
{
	struct feistel f;
	if (feistel_open(&f, key, keylen, kind) < 0)
		return -1;
	int rc = decode_with(&f, text, id);
	feistel_close(&f);
	return rc;
}

/* Secrets.Key, as the CSRF tokens read it. */
static long server_key(unsigned char key[64])
{
	return mm_cfg_key("Secrets.Key", key, 16, 64);
}

/* Each kind's cipher for the server key, kept by the process: a list page
 * turns twenty ids into numbers, and each opening costs an HMAC and an AES
 * key schedule. It is made again when the configured key differs from the
 * one it was made with (or is gone: then nothing is encoded). */
static struct server_cipher {
	struct feistel f;
	unsigned char key[64];
	long keylen;
} server_cipher[MM_PUBID_KINDS];

static struct feistel *server_feistel(enum mm_pubid_kind kind)
{
	if ((unsigned)kind >= MM_PUBID_KINDS)
		return NULL;
	struct server_cipher *c = &server_cipher[kind];
	unsigned char key[64];
	long n = server_key(key);
	int same = n >= 0 && c->f.ctx && n == c->keylen && CRYPTO_memcmp(key, c->key, (size_t)n) == 0;
	if (!same && n >= 0) {
		feistel_close(&c->f);
		c->f.ctx = NULL;
		if (feistel_open(&c->f, key, (size_t)n, kind) == 0) {
			memcpy(c->key, key, (size_t)n);
			c->keylen = n;
			same = 1;
		}
	}
	OPENSSL_cleanse(key, sizeof key);
	return same ? &c->f : NULL;
}

int mm_pubid_encode(enum mm_pubid_kind kind, long long id, char out[MM_PUBID_CHARS])
{
	struct feistel *f = server_feistel(kind);
	if (!f) {
		out[0] = '\0';
		return -1;
	}
	return encode_with(f, id, out);
}

int mm_pubid_decode(enum mm_pubid_kind kind, const char *text, long long *id)
{
	struct feistel *f = server_feistel(kind);
	return f ? decode_with(f, text, id) : -1;
}

void mm_pubid_set(struct mm_req *r, const char *path, enum mm_pubid_kind kind, long long id)
{
	char num[MM_PUBID_CHARS];
	if (mm_pubid_encode(kind, id, num) < 0)
		mm_log_error("public number of %s %lld not made (Secrets.Key?)", kind_label[kind], id);
	mm_set(r, path, num);
}
