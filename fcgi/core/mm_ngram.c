/* Bigram extraction for the search side index (mm_ngram.h). No database
 * here: the unit tests and the fuzz target link this file alone. */
#include "mm_ngram.h"
#include <stdlib.h>
#include <string.h>

/* The length of the character at s[0] (s has n > 0 bytes): a well-formed
 * UTF-8 sequence's, else 1. */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t want = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 :
		      s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 1;
	if (want > n)
		return 1;
	for (size_t i = 1; i < want; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return want;
}

/* Spaces and the field separator end a run of characters: no term holds
 * them, so a gram across them would never be looked up. Folded text holds
 * no other control character; any that come in are treated alike. */
static int is_break(const unsigned char *s)
{
	return s[0] <= 0x20;
}

static int gram_cmp(const void *a, const void *b)
{
	return memcmp(a, b, MM_NGRAM_BYTES);
}

long mm_ngram_extract(struct mm_buf *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t start = out->len, i = 0, prev = 0, prev_len = 0;
	unsigned char g[MM_NGRAM_BYTES];

	while (i < len) {
		size_t n = char_len(s + i, len - i);
		if (is_break(s + i)) {
			prev_len = 0;
		} else {
			if (prev_len) {
				memset(g, 0, sizeof g);
				memcpy(g, s + prev, prev_len);
				memcpy(g + prev_len, s + i, n);
				mm_buf_add(out, (const char *)g, sizeof g);
			}
			prev = i;
			prev_len = n;
		}
		i += n;
	}
	if (out->oom)
		return -1;
	/* sorted and distinct: one entry per gram and document, and the
	 * writes touch the index in key order */
	size_t count = (out->len - start) / MM_NGRAM_BYTES, kept = 0;
	if (count == 0)
		return 0;
	unsigned char *base = (unsigned char *)out->p + start;
	qsort(base, count, MM_NGRAM_BYTES, gram_cmp);
	for (size_t k = 0; k < count; k++)
		if (kept == 0 || memcmp(base + (kept - 1) * MM_NGRAM_BYTES,
					base + k * MM_NGRAM_BYTES, MM_NGRAM_BYTES) != 0) {
			memmove(base + kept * MM_NGRAM_BYTES, base + k * MM_NGRAM_BYTES,
				MM_NGRAM_BYTES);
			kept++;
		}
	out->len = start + kept * MM_NGRAM_BYTES;
	return (long)kept;
}

int mm_ngram_like_term(struct mm_buf *out, const char *pattern)
{
	size_t n = pattern ? strlen(pattern) : 0;
	if (n < 2 || pattern[0] != '%' || pattern[n - 1] != '%')
		return out->oom ? -1 : 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (pattern[i] == '!' && i + 2 < n)
			i++;
		mm_buf_add(out, pattern + i, 1);
	}
	return out->oom ? -1 : 0;
}
