/* Encryption of secrets at rest (mm_aead.h). */
#include "mm_aead.h"
#include "mm_config.h"
#include "mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char key[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static const char aad[] = "user:42";
/* A TOTP secret as stored: 20 random bytes. */
static const char secret[] = "12345678901234567890";
#define SECRET_LEN 20
#define SEALED_LEN (SECRET_LEN + MM_AEAD_OVERHEAD)

static int seal(const unsigned char *k, const char *a, const void *pt, size_t n,
		unsigned char *out, size_t *outlen)
{
	return mm_aead_seal(k, a, strlen(a), pt, n, out, outlen);
}

/* Opens into a poisoned buffer. */
static int open_(const unsigned char *k, const char *a, const unsigned char *in,
		 size_t n, unsigned char *pt, size_t *ptlen)
{
	memset(pt, 0xA5, 64);
	*ptlen = 12345;
	return mm_aead_open(k, a, strlen(a), in, n, pt, ptlen);
}

MM_TEST(test_round_trip)
{
	unsigned char sealed[SEALED_LEN], pt[64];
	size_t len = 0, ptlen = 0;

	CHECK_INTEQ(MM_AEAD_OVERHEAD, 28);
	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, sealed, &len), 0);
	CHECK_INTEQ(len, SEALED_LEN);
	/* the plaintext does not appear in the sealed form */
	CHECK(memmem(sealed, len, secret, 8) == NULL);
	CHECK_INTEQ(open_(key, aad, sealed, len, pt, &ptlen), 0);
	CHECK_INTEQ(ptlen, SECRET_LEN);
	CHECK_MEMEQ(pt, secret, SECRET_LEN);
	/* nothing is written past the plaintext */
	CHECK_INTEQ(pt[SECRET_LEN], 0xA5);
}

MM_TEST(test_every_byte_flipped)
{
	unsigned char sealed[SEALED_LEN], pt[64];
	size_t len = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, sealed, &len), 0);
	for (size_t i = 0; i < len; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			sealed[i] ^= (unsigned char)(1u << bit);
			if (open_(key, aad, sealed, len, pt, &ptlen) != -1) {
				CHECK(!"altered blob opened");
				fprintf(stderr, "  byte %zu bit %u\n", i, bit);
			}
			CHECK_INTEQ(ptlen, 0);
			sealed[i] ^= (unsigned char)(1u << bit);
		}
	}
	/* and restored, it opens again */
	CHECK_INTEQ(open_(key, aad, sealed, len, pt, &ptlen), 0);
	CHECK_MEMEQ(pt, secret, SECRET_LEN);
}

MM_TEST(test_truncated)
{
	unsigned char sealed[SEALED_LEN + 1], pt[64];
	size_t len = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, sealed, &len), 0);
	for (size_t n = 0; n < len; n++)
		CHECK_INTEQ(open_(key, aad, sealed, n, pt, &ptlen), -1);
	/* dropping bytes from the front fails as well */
	for (size_t skip = 1; skip < len; skip++)
		CHECK_INTEQ(open_(key, aad, sealed + skip, len - skip, pt, &ptlen), -1);
	/* one byte appended */
	sealed[len] = 0;
	CHECK_INTEQ(open_(key, aad, sealed, len + 1, pt, &ptlen), -1);
	CHECK_INTEQ(mm_aead_open(key, aad, strlen(aad), NULL, len, pt, &ptlen), -1);
}

MM_TEST(test_wrong_key)
{
	unsigned char sealed[SEALED_LEN], pt[64], other[32];
	size_t len = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, sealed, &len), 0);
	for (size_t i = 0; i < 32; i++) {
		memcpy(other, key, 32);
		other[i] ^= 0x80;
		CHECK_INTEQ(open_(other, aad, sealed, len, pt, &ptlen), -1);
	}
	memset(other, 0, sizeof other);
	CHECK_INTEQ(open_(other, aad, sealed, len, pt, &ptlen), -1);
}

MM_TEST(test_wrong_aad)
{
	unsigned char sealed[SEALED_LEN], pt[64];
	size_t len = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, sealed, &len), 0);
	CHECK_INTEQ(open_(key, "user:43", sealed, len, pt, &ptlen), -1);
	CHECK_INTEQ(open_(key, "user:4", sealed, len, pt, &ptlen), -1);
	CHECK_INTEQ(open_(key, "user:420", sealed, len, pt, &ptlen), -1);
	CHECK_INTEQ(open_(key, "", sealed, len, pt, &ptlen), -1);
	/* and the other way round: sealed without aad, opened with one */
	CHECK_INTEQ(seal(key, "", secret, SECRET_LEN, sealed, &len), 0);
	CHECK_INTEQ(open_(key, aad, sealed, len, pt, &ptlen), -1);
	CHECK_INTEQ(open_(key, "", sealed, len, pt, &ptlen), 0);
	CHECK_MEMEQ(pt, secret, SECRET_LEN);
	CHECK_INTEQ(mm_aead_open(key, NULL, 0, sealed, len, pt, &ptlen), 0);
}

MM_TEST(test_fresh_nonce)
{
	unsigned char a[SEALED_LEN], b[SEALED_LEN], pt[64];
	size_t alen = 0, blen = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, a, &alen), 0);
	CHECK_INTEQ(seal(key, aad, secret, SECRET_LEN, b, &blen), 0);
	CHECK_INTEQ(alen, blen);
	CHECK(memcmp(a, b, 12) != 0);		/* the nonces */
	CHECK(memcmp(a + 12, b + 12, alen - 12) != 0);
	CHECK_INTEQ(open_(key, aad, a, alen, pt, &ptlen), 0);
	CHECK_MEMEQ(pt, secret, SECRET_LEN);
	CHECK_INTEQ(open_(key, aad, b, blen, pt, &ptlen), 0);
	CHECK_MEMEQ(pt, secret, SECRET_LEN);
	/* a nonce moved onto another ciphertext does not open */
	memcpy(b, a, 12);
	CHECK_INTEQ(open_(key, aad, b, blen, pt, &ptlen), -1);
}

MM_TEST(test_empty_plaintext)
{
	unsigned char sealed[MM_AEAD_OVERHEAD], pt[64];
	size_t len = 0, ptlen;

	CHECK_INTEQ(seal(key, aad, "", 0, sealed, &len), 0);
	CHECK_INTEQ(len, MM_AEAD_OVERHEAD);
	CHECK_INTEQ(open_(key, aad, sealed, len, pt, &ptlen), 0);
	CHECK_INTEQ(ptlen, 0);
	CHECK_INTEQ(mm_aead_seal(key, aad, strlen(aad), NULL, 0, sealed, &len), 0);
	CHECK_INTEQ(mm_aead_open(key, aad, strlen(aad), sealed, len, NULL, &ptlen), 0);
	CHECK_INTEQ(ptlen, 0);
	/* the tag still protects the aad */
	CHECK_INTEQ(open_(key, "user:43", sealed, len, pt, &ptlen), -1);
	sealed[len - 1] ^= 1;
	CHECK_INTEQ(open_(key, aad, sealed, len, pt, &ptlen), -1);
}

MM_TEST(test_larger_plaintext)
{
	unsigned char in[1000], sealed[1000 + MM_AEAD_OVERHEAD], out[1000];
	size_t len = 0, outlen = 0;

	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 7);
	CHECK_INTEQ(mm_aead_seal(key, aad, strlen(aad), in, sizeof in, sealed, &len), 0);
	CHECK_INTEQ(len, sizeof sealed);
	CHECK_INTEQ(mm_aead_open(key, aad, strlen(aad), sealed, len, out, &outlen), 0);
	CHECK_INTEQ(outlen, sizeof in);
	CHECK_MEMEQ(out, in, sizeof in);
}

/* Writes an HDF file with the given Secrets.DataKey line and loads it. */
static int load_config(const char *line)
{
	char path[] = "/tmp/mm-test-aead-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;

	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(path);
		return -1;
	}
	fprintf(f, "Site.Name = test\n%s\n", line);
	fclose(f);
	rc = mm_config_load(path);
	unlink(path);
	return rc;
}

MM_TEST(test_config_key)
{
	unsigned char k[32];

	mm_config_free();
	CHECK_INTEQ(mm_aead_config_key(k), -1);	/* no configuration */

	CHECK_INTEQ(load_config("Secrets.DataKey = "
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191A1B1C1D1E1F"), 0);
	memset(k, 0xA5, sizeof k);
	CHECK_INTEQ(mm_aead_config_key(k), 0);
	CHECK_MEMEQ(k, key, 32);

	CHECK_INTEQ(load_config(""), 0);		/* missing */
	CHECK_INTEQ(mm_aead_config_key(k), -1);
	CHECK_INTEQ(load_config("Secrets.DataKey = "	/* 63 digits */
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1"), 0);
	CHECK_INTEQ(mm_aead_config_key(k), -1);
	CHECK_INTEQ(load_config("Secrets.DataKey = "	/* 66 digits */
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f00"), 0);
	CHECK_INTEQ(mm_aead_config_key(k), -1);
	CHECK_INTEQ(load_config("Secrets.DataKey = "	/* not hex */
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1g"), 0);
	CHECK_INTEQ(mm_aead_config_key(k), -1);
	CHECK_INTEQ(load_config("Secrets.DataKey = "	/* sign and space */
		"+00102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e 1"), 0);
	CHECK_INTEQ(mm_aead_config_key(k), -1);
	mm_config_free();
}

/* Sealing and opening with the configured key, as the programs do. */
MM_TEST(test_config_seal_open)
{
	unsigned char sealed[8 + MM_AEAD_OVERHEAD], pt[8];
	size_t len = 0, ptlen = 0;

	mm_config_free();
	CHECK_INTEQ(mm_aead_seal_config("row:1", "12345678", 8, sealed, &len), -1);	/* no key */
	CHECK_INTEQ(load_config("Secrets.DataKey = "
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f"), 0);
	CHECK_INTEQ(mm_aead_seal_config("row:1", "12345678", 8, sealed, &len), 0);
	CHECK_INTEQ(len, sizeof sealed);
	CHECK_INTEQ(mm_aead_open_config("row:1", sealed, len, pt, sizeof pt, &ptlen), 0);
	CHECK_INTEQ(ptlen, 8);
	CHECK_MEMEQ(pt, "12345678", 8);
	/* the configured key is key[]: the plain call opens it too */
	CHECK_INTEQ(mm_aead_open(key, "row:1", 5, sealed, len, pt, &ptlen), 0);
	CHECK_INTEQ(mm_aead_open_config("row:2", sealed, len, pt, sizeof pt, &ptlen), -1);
	memset(pt, 0x5A, sizeof pt);
	CHECK_INTEQ(mm_aead_open_config("row:1", sealed, len, pt, 7, &ptlen), -1);	/* too big */
	CHECK_INTEQ(pt[0], 0x5A);	/* refused before decrypting */
	CHECK_INTEQ(mm_aead_open_config("row:1", sealed, MM_AEAD_OVERHEAD - 1, pt, sizeof pt,
					&ptlen), -1);
	CHECK_INTEQ(mm_aead_open_config("row:1", NULL, len, pt, sizeof pt, &ptlen), -1);
	mm_config_free();
}

MM_TEST_MAIN(test_round_trip, test_every_byte_flipped, test_truncated,
	     test_wrong_key, test_wrong_aad, test_fresh_nonce,
	     test_empty_plaintext, test_larger_plaintext, test_config_key,
	     test_config_seal_open)
