/* libFuzzer target: application/x-www-form-urlencoded and query strings. */
#include "mm_buf.h"
#include "mm_parse.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mm_limits tiny = { 3, 4, 8, 40 };
static const struct mm_limits roomy = { 100000, 1 << 20, 1 << 20, 1 << 24 };

/* Checks what a parse left in l, whatever rc said. */
static void check_list(const struct mm_kvlist *l, const struct mm_limits *lim)
{
	size_t bytes = 0;

	FUZZ_ASSERT(l->n <= lim->max_pairs);
	FUZZ_ASSERT(l->n <= l->cap);
	FUZZ_ASSERT(l->n == 0 || l->items != NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct mm_kv *kv = &l->items[i];
		size_t kl;

		FUZZ_ASSERT(kv->key != NULL && kv->val != NULL);
		kl = strlen(kv->key);
		FUZZ_ASSERT(kl > 0);			/* no empty keys */
		FUZZ_ASSERT(kl <= lim->max_key);
		FUZZ_ASSERT(strlen(kv->val) == kv->vlen);	/* no NUL inside */
		FUZZ_ASSERT(kv->vlen <= lim->max_value);
		FUZZ_ASSERT(ref_utf8_valid(kv->key, kl));
		FUZZ_ASSERT(ref_utf8_valid(kv->val, kv->vlen));
		FUZZ_ASSERT(mm_kvlist_get(l, kv->key) != NULL);
		FUZZ_ASSERT(mm_kvlist_count(l, kv->key) >= 1);
		bytes += kl + kv->vlen;
	}
	FUZZ_ASSERT(bytes == l->bytes);
}

static void one(const uint8_t *data, size_t size, const struct mm_limits *lim)
{
	struct mm_kvlist l = { 0 };
	int rc = mm_parse_urlencoded((const char *)data, size, lim, &l);

	FUZZ_ASSERT(rc >= MM_PARSE_OK && rc <= MM_PARSE_NOMEM);
	FUZZ_ASSERT(rc != MM_PARSE_NOMEM);
	if (size > lim->max_total)
		FUZZ_ASSERT(rc == MM_PARSE_TOO_LONG);
	if (rc == MM_PARSE_OK) {
		check_list(&l, lim);
		/* the input had no NUL byte and no raw invalid UTF-8 */
		FUZZ_ASSERT(memchr(data, '\0', size) == NULL);
	} else if (l.n <= lim->max_pairs) {
		check_list(&l, lim);
	}

	/* Round trip: encoding the pairs and parsing again gives them back. */
	if (rc == MM_PARSE_OK && lim == &roomy) {
		struct mm_buf b = { 0 };
		struct mm_kvlist again = { 0 };

		for (size_t i = 0; i < l.n; i++) {
			if (i)
				mm_buf_puts(&b, "&");
			mm_url_encode(&b, l.items[i].key);
			mm_buf_puts(&b, "=");
			mm_url_encode(&b, l.items[i].val);
		}
		FUZZ_ASSERT(!b.oom);
		FUZZ_ASSERT(mm_parse_urlencoded(mm_buf_str(&b), b.len, &roomy,
						&again) == MM_PARSE_OK);
		FUZZ_ASSERT(again.n == l.n);
		for (size_t i = 0; i < l.n; i++) {
			FUZZ_ASSERT(strcmp(again.items[i].key, l.items[i].key) == 0);
			FUZZ_ASSERT(again.items[i].vlen == l.items[i].vlen);
			FUZZ_ASSERT(memcmp(again.items[i].val, l.items[i].val,
					   l.items[i].vlen) == 0);
		}
		mm_kvlist_free(&again);
		mm_buf_free(&b);
	}
	mm_kvlist_free(&l);
	FUZZ_ASSERT(l.n == 0 && l.items == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, &roomy);
	one(data, size, &tiny);
	one(data, size, &mm_limits_query);
	one(data, size, &mm_limits_form);
	return 0;
}
