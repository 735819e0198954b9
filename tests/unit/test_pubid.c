/* Public numbers (mm_pubid.h): a keyed permutation of the 48-bit id space
 * per kind, in canonical decimal. Known values computed independently
 * (tests/lib/pubid.mjs, node:crypto). */
#include "mm_config.h"
#include "mm_pubid.h"
#include "mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static unsigned char key0[32], key1[32];

static void keys(void)
{
	for (int i = 0; i < 32; i++) {
		key0[i] = (unsigned char)i;		/* 00 01 .. 1f */
		key1[i] = (unsigned char)(i + 1);	/* 01 02 .. 20 */
	}
}

static long long decoded(const unsigned char *key, enum mm_pubid_kind kind, const char *text)
{
	long long id = -1;
	return mm_pubid_decode_key(key, 32, kind, text, &id) == 0 ? id : -1;
}

MM_TEST(test_known_values)
{
	char out[MM_PUBID_CHARS];

	keys();
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, 1, out) == 0);
	CHECK_STREQ(out, "197926339196818");
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, 464, out) == 0);
	CHECK_STREQ(out, "251640049293381");
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_DEVICE, 2, out) == 0);
	CHECK_STREQ(out, "28844245420184");
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ATTACHMENT, MM_PUBID_MAX, out) == 0);
	CHECK_STREQ(out, "243952702033719");
	CHECK(mm_pubid_encode_key(key1, 32, MM_PUBID_USER, 14, out) == 0);
	CHECK_STREQ(out, "138456779902923");
}

MM_TEST(test_round_trip)
{
	char out[MM_PUBID_CHARS];
	static const long long ids[] = { 0, 1, 2, 465, 2556, 99999999, 1LL << 24, (1LL << 24) - 1,
					 1LL << 40, MM_PUBID_MAX - 1, MM_PUBID_MAX };

	keys();
	for (int k = 0; k < MM_PUBID_KINDS; k++)
		for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
			CHECK(mm_pubid_encode_key(key0, 32, (enum mm_pubid_kind)k, ids[i], out) == 0);
			CHECK_INTEQ(decoded(key0, (enum mm_pubid_kind)k, out), ids[i]);
		}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Consecutive ids give distinct numbers that are not consecutive, and each
 * number decodes to its id. */
MM_TEST(test_bijection_on_sample)
{
	enum { N = 20000 };
	static long long nums[N];
	char out[MM_PUBID_CHARS];
	int adjacent = 0;

	keys();
	for (int i = 0; i < N; i++) {
		CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, i + 1, out) == 0);
		nums[i] = strtoll(out, NULL, 10);
		CHECK(nums[i] >= 0 && nums[i] <= MM_PUBID_MAX);
		CHECK_INTEQ(decoded(key0, MM_PUBID_ALERT, out), i + 1);
		if (i > 0 && llabs(nums[i] - nums[i - 1]) < 1000)
			adjacent++;
	}
	CHECK(adjacent < 5);
	qsort(nums, N, sizeof nums[0], cmp_ll);
	int dup = 0;
	for (int i = 1; i < N; i++)
		dup += nums[i] == nums[i - 1];
	CHECK_INTEQ(dup, 0);
}

MM_TEST(test_kinds_and_keys_differ)
{
	char a[MM_PUBID_CHARS], b[MM_PUBID_CHARS];

	keys();
	for (long long id = 1; id <= 50; id++) {
		for (int k = 1; k < MM_PUBID_KINDS; k++) {
			CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, id, a) == 0);
			CHECK(mm_pubid_encode_key(key0, 32, (enum mm_pubid_kind)k, id, b) == 0);
			CHECK(strcmp(a, b) != 0);
		}
		CHECK(mm_pubid_encode_key(key1, 32, MM_PUBID_ALERT, id, b) == 0);
		CHECK(strcmp(a, b) != 0);
	}
}

MM_TEST(test_bad_texts_refused)
{
	char out[MM_PUBID_CHARS], text[40];
	long long id = 7;
	static const char *const bad[] = { "", " 1", "1 ", "+1", "-1", "01", "00", "1e3", "0x10",
					   "12a", "281474976710656", "9999999999999999",
					   "１２", NULL };

	keys();
	for (int i = 0; bad[i]; i++) {
		CHECK(mm_pubid_decode_key(key0, 32, MM_PUBID_ALERT, bad[i], &id) < 0);
		CHECK_INTEQ(id, 7);
	}
	CHECK(mm_pubid_decode_key(key0, 32, MM_PUBID_ALERT, NULL, &id) < 0);
	/* a number with a leading zero is not the same row's number */
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, 464, out) == 0);
	snprintf(text, sizeof text, "0%s", out);
	CHECK(mm_pubid_decode_key(key0, 32, MM_PUBID_ALERT, text, &id) < 0);
	/* the largest number is accepted, 0 too */
	CHECK(mm_pubid_decode_key(key0, 32, MM_PUBID_ALERT, "281474976710655", &id) == 0);
	CHECK(mm_pubid_decode_key(key0, 32, MM_PUBID_ALERT, "0", &id) == 0);
	/* ids out of range and short keys make no number */
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, -1, out) < 0);
	CHECK_STREQ(out, "");
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_ALERT, MM_PUBID_MAX + 1, out) < 0);
	CHECK(mm_pubid_encode_key(key0, 15, MM_PUBID_ALERT, 1, out) < 0);
}

/* The configured functions use Secrets.Key; without it they refuse. */
MM_TEST(test_configured_key)
{
	char path[] = "/tmp/mm-test-pubid.XXXXXX", a[MM_PUBID_CHARS], b[MM_PUBID_CHARS];
	long long id = 0;
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	keys();
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("Secrets.Key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", f);
	fclose(f);
	CHECK(mm_config_load(path) == 0);
	unlink(path);
	CHECK(mm_pubid_encode(MM_PUBID_DEVICE, 2, a) == 0);
	CHECK(mm_pubid_encode_key(key0, 32, MM_PUBID_DEVICE, 2, b) == 0);
	CHECK_STREQ(a, b);
	CHECK(mm_pubid_decode(MM_PUBID_DEVICE, a, &id) == 0);
	CHECK_INTEQ(id, 2);
	mm_config_free();
	CHECK(mm_pubid_encode(MM_PUBID_DEVICE, 2, a) < 0);
	CHECK(mm_pubid_decode(MM_PUBID_DEVICE, b, &id) < 0);
}

MM_TEST_MAIN(test_known_values, test_round_trip, test_bijection_on_sample,
	     test_kinds_and_keys_differ, test_bad_texts_refused, test_configured_key)
