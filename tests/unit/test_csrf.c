/* CSRF token derivation: mm_csrf_compute = base64url(HMAC-SHA256(key,
 * "csrf:" binding)). Expected values computed independently. */
#include "mm_crypto.h"
#include "mm_request.h"
#include "mm_test.h"

#include <string.h>

static unsigned char key0[32], key1[32];

static void keys(void)
{
	for (int i = 0; i < 32; i++) {
		key0[i] = (unsigned char)i;		/* 00 01 .. 1f */
		key1[i] = (unsigned char)(i + 1);	/* 01 02 .. 20 */
	}
}

static int all_b64url(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_") == strlen(s);
}

MM_TEST(test_known_values)
{
	char out[64];

	keys();
	mm_csrf_compute(key0, 32, "session-token-1", out);
	CHECK_STREQ(out, "v3yCFAHHLU4Y7CNL884tXI882f7zO5Hhq6AL2KZSyJ4");
	mm_csrf_compute(key0, 32, "session-token-2", out);
	CHECK_STREQ(out, "-AdQBKC3e1Ued9amJVFITD2TO6Mu7jAU8YAzLrR_iu4");
	mm_csrf_compute(key1, 32, "session-token-1", out);
	CHECK_STREQ(out, "K_idE8iKFcv2wLTlnige65T7GMpCvXaEfIuu6XBbKkk");
	mm_csrf_compute((const unsigned char *)"k", 1, "", out);
	CHECK_STREQ(out, "2nH-ZnRjkRlMmyqwUDv6oKKy9pQDWo9lGs0IVBUW5x8");
	mm_csrf_compute(key0, 32, "日本", out);
	CHECK_STREQ(out, "vZHSDiddQOsnGf_1eZqdDDXTNAOdk0WzIzDoN5MCeMU");
}

MM_TEST(test_deterministic)
{
	char a[64], b[64];

	keys();
	memset(a, 'x', sizeof a);
	memset(b, 'y', sizeof b);
	mm_csrf_compute(key0, 32, "binding", a);
	mm_csrf_compute(key0, 32, "binding", b);
	CHECK_STREQ(a, b);
	CHECK_INTEQ(strlen(a), 43);
	CHECK(all_b64url(a));
}

MM_TEST(test_differs)
{
	char a[64], b[64];

	keys();
	mm_csrf_compute(key0, 32, "binding", a);
	/* other key */
	mm_csrf_compute(key1, 32, "binding", b);
	CHECK(strcmp(a, b) != 0);
	CHECK_INTEQ(strlen(b), 43);
	/* other binding, also one differing only at the end or in length */
	mm_csrf_compute(key0, 32, "bindinG", b);
	CHECK(strcmp(a, b) != 0);
	mm_csrf_compute(key0, 32, "binding ", b);
	CHECK(strcmp(a, b) != 0);
	mm_csrf_compute(key0, 32, "bindin", b);
	CHECK(strcmp(a, b) != 0);
	/* the key length matters: a prefix of the key is another key */
	mm_csrf_compute(key0, 31, "binding", b);
	CHECK(strcmp(a, b) != 0);
	/* the "csrf:" domain separation: not a bare HMAC of the binding */
	{
		unsigned char mac[32];
		char plain[64];
		mm_hmac_sha256(key0, 32, "binding", 7, mac);
		mm_b64url_encode(mac, 32, plain);
		CHECK(strcmp(a, plain) != 0);
		mm_hmac_sha256(key0, 32, "csrf:binding", 12, mac);
		mm_b64url_encode(mac, 32, plain);
		CHECK_STREQ(a, plain);
	}
}

MM_TEST(test_token_binding)
{
	char tok[MM_TOKEN_CHARS + 1], a[64], b[64];

	keys();
	CHECK_INTEQ(mm_token_new(tok), 0);
	mm_csrf_compute(key0, 32, tok, a);
	CHECK_INTEQ(strlen(a), 43);
	CHECK(all_b64url(a));
	CHECK(strcmp(a, tok) != 0);
	CHECK_INTEQ(mm_token_wellformed(a), 1);	/* same shape as a token */
	tok[0] = tok[0] == 'A' ? 'B' : 'A';
	mm_csrf_compute(key0, 32, tok, b);
	CHECK(strcmp(a, b) != 0);
}

MM_TEST_MAIN(test_known_values, test_deterministic, test_differs,
	     test_token_binding)
