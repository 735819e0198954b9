/* libFuzzer target: keyword folding and LIKE patterns (mm_fold.h).
 * Whatever the input, the folded text is valid UTF-8 without controls,
 * folding it again changes nothing, and every pattern holds '%' and '_'
 * only as its own wildcards: escaped ones come after a '!'. */
#include "mm_fold.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A pattern is "%" or "%" + escaped term + "%", the term free of spaces
 * when it came from the term splitter. */
static void check_pattern(const struct mm_buf *b, int term)
{
	size_t n = b->len;
	const char *p = b->p;

	FUZZ_ASSERT(n >= 1 && p[0] == '%');
	if (n == 1)
		return;
	FUZZ_ASSERT(p[n - 1] == '%');
	for (size_t i = 1; i + 1 < n; i++) {
		if (p[i] == '!') {
			FUZZ_ASSERT(i + 2 < n);
			FUZZ_ASSERT(strchr("!%_\\", p[i + 1]) != NULL);
			i++;
			continue;
		}
		FUZZ_ASSERT(p[i] != '%' && p[i] != '_' && p[i] != '\\');
		FUZZ_ASSERT(!term || p[i] != ' ');
	}
	FUZZ_ASSERT(ref_utf8_valid(p, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mm_buf once = { 0 }, twice = { 0 }, like = { 0 };
	struct mm_fold_terms t;
	char *in;
	int n;

	if (size > 1 << 16)
		return 0;
	in = fuzz_strndup(data, size);	/* folded up to the first NUL */

	FUZZ_ASSERT(mm_fold_append(&once, in) == 0);
	FUZZ_ASSERT(ref_utf8_valid(mm_buf_str(&once), once.len));
	for (size_t i = 0; i < once.len; i++) {
		unsigned char c = (unsigned char)once.p[i];
		FUZZ_ASSERT(c >= 0x20 && c != 0x7F);
		FUZZ_ASSERT(!(c == 0xC2 && (unsigned char)once.p[i + 1] <= 0xA0));
	}
	/* no more code points come out than went in */
	FUZZ_ASSERT(ref_utf8_chars(mm_buf_str(&once), once.len) <=
		    ref_utf8_chars(in, strlen(in)));
	FUZZ_ASSERT(mm_fold_append(&twice, mm_buf_str(&once)) == 0);
	FUZZ_ASSERT(twice.len == once.len &&
		    memcmp(mm_buf_str(&twice), mm_buf_str(&once), once.len) == 0);

	FUZZ_ASSERT(mm_fold_like_pattern(&like, in) == 0);
	FUZZ_ASSERT(like.len >= 2);
	check_pattern(&like, 0);

	n = mm_fold_like_terms(&t, in);
	FUZZ_ASSERT(n == -2 || (n >= 0 && n <= MM_FOLD_MAX_TERMS));
	if (n >= 0) {
		for (int i = 0; i < MM_FOLD_MAX_TERMS; i++) {
			check_pattern(&t.like[i], 1);
			FUZZ_ASSERT((i < n) == (t.like[i].len > 2));
		}
		/* no terms exactly when the phrase is empty */
		FUZZ_ASSERT((n == 0) == (like.len == 2));
	}
	mm_fold_terms_free(&t);

	mm_buf_free(&once);
	mm_buf_free(&twice);
	mm_buf_free(&like);
	free(in);
	return 0;
}
