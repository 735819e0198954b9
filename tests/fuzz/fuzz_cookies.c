/* libFuzzer target: the Cookie request header. */
#include "mm_parse.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mm_limits tiny = { 3, 4, 8, 40 };
static const struct mm_limits roomy = { 100000, 1 << 20, 1 << 20, 1 << 24 };

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static void one(const uint8_t *data, size_t size, const struct mm_limits *lim)
{
	const char *in = (const char *)data;
	struct mm_kvlist l = { 0 };
	int rc = mm_parse_cookies(in, size, lim, &l);
	size_t bytes = 0;

	FUZZ_ASSERT(rc >= MM_PARSE_OK && rc <= MM_PARSE_NOMEM);
	FUZZ_ASSERT(rc != MM_PARSE_NOMEM);
	if (size > lim->max_total)
		FUZZ_ASSERT(rc == MM_PARSE_TOO_LONG);
	FUZZ_ASSERT(l.n <= lim->max_pairs);
	for (size_t i = 0; i < l.n; i++) {
		const struct mm_kv *kv = &l.items[i];
		size_t kl = strlen(kv->key);

		FUZZ_ASSERT(kl > 0 && kl <= lim->max_key);
		FUZZ_ASSERT(strlen(kv->val) == kv->vlen);
		FUZZ_ASSERT(kv->vlen <= lim->max_value);
		FUZZ_ASSERT(ref_utf8_valid(kv->key, kl));
		FUZZ_ASSERT(ref_utf8_valid(kv->val, kv->vlen));
		/* names end at '=', pairs at ';', no white space around names */
		FUZZ_ASSERT(strchr(kv->key, '=') == NULL);
		FUZZ_ASSERT(strchr(kv->key, ';') == NULL);
		FUZZ_ASSERT(strchr(kv->val, ';') == NULL);
		FUZZ_ASSERT(!is_ows(kv->key[0]) && !is_ows(kv->key[kl - 1]));
		/* nothing is decoded: names and values are taken from the input
		 * as they are (the __Host- prefix is only enforced by browsers
		 * on the literal name) */
		FUZZ_ASSERT(fuzz_contains(in, size, kv->key, kl));
		FUZZ_ASSERT(fuzz_contains(in, size, kv->val, kv->vlen));
		FUZZ_ASSERT(mm_kvlist_get(&l, kv->key) != NULL);
		bytes += kl + kv->vlen;
	}
	FUZZ_ASSERT(bytes == l.bytes);
	mm_kvlist_free(&l);
	FUZZ_ASSERT(l.n == 0 && l.items == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, &roomy);
	one(data, size, &tiny);
	one(data, size, &mm_limits_cookie);
	return 0;
}
