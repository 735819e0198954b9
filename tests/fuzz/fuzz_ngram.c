/* libFuzzer target: bigram extraction of the search side index
 * (mm_ngram.h). Whatever the input: the records are sorted and distinct,
 * each holds one or two whole characters padded with zeros, none holds a
 * space or control; and for folded text, every gram of any substring free
 * of spaces is among the text's grams (what the candidate filter needs). */
#include "mm_fold.h"
#include "mm_ngram.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_records(const struct mm_buf *b, long n)
{
	FUZZ_ASSERT(n >= 0 && b->len == (size_t)n * MM_NGRAM_BYTES);
	for (long i = 0; i < n; i++) {
		const unsigned char *g = (const unsigned char *)b->p + i * MM_NGRAM_BYTES;
		size_t len = 0;
		while (len < MM_NGRAM_BYTES && g[len])
			len++;
		FUZZ_ASSERT(len >= 2);
		for (size_t k = len; k < MM_NGRAM_BYTES; k++)
			FUZZ_ASSERT(g[k] == 0);
		for (size_t k = 0; k < len; k++)
			FUZZ_ASSERT(g[k] > 0x20);
		if (i)
			FUZZ_ASSERT(memcmp(g - MM_NGRAM_BYTES, g, MM_NGRAM_BYTES) < 0);
	}
}

static int has(const struct mm_buf *b, long n, const char *g)
{
	for (long i = 0; i < n; i++)
		if (memcmp(b->p + i * MM_NGRAM_BYTES, g, MM_NGRAM_BYTES) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mm_buf raw = { 0 }, folded = { 0 }, text = { 0 }, sub = { 0 };
	char *in;

	if (size > 1 << 14)
		return 0;
	/* arbitrary bytes, NULs included */
	long n = mm_ngram_extract(&raw, (const char *)data, size);
	check_records(&raw, n);

	in = fuzz_strndup(data, size);
	FUZZ_ASSERT(mm_fold_append(&folded, in) == 0);
	long nt = mm_ngram_extract(&text, mm_buf_str(&folded), folded.len);
	check_records(&text, nt);
	/* a substring starting and ending on character boundaries: the first
	 * input byte picks where, the second how long */
	if (folded.len > 2 && size >= 2) {
		size_t from = data[0] % folded.len, to;
		while (from > 0 && ((unsigned char)folded.p[from] & 0xC0) == 0x80)
			from--;
		to = from + 1 + data[1] % (folded.len - from);
		while (to < folded.len && ((unsigned char)folded.p[to] & 0xC0) == 0x80)
			to++;
		long ns = mm_ngram_extract(&sub, folded.p + from, to - from);
		check_records(&sub, ns);
		for (long i = 0; i < ns; i++)
			FUZZ_ASSERT(has(&text, nt, sub.p + i * MM_NGRAM_BYTES));
	}
	mm_buf_free(&raw);
	mm_buf_free(&folded);
	mm_buf_free(&text);
	mm_buf_free(&sub);
	free(in);
	return 0;
}
