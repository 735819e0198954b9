/* libFuzzer target: Content-Type matching, UTF-8 validation, local paths and
 * text cleaning. */
#include "mm_parse.h"
#include "fuzz_util.h"

#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const mimes[] = {
	"application/x-www-form-urlencoded", "multipart/form-data",
	"application/json", "text/plain", "a", "a/b",
};

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The header's own definition of a local path. */
static int ref_local_path(const char *s)
{
	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	/* by code point: C0, DEL, C1 (U+0080-U+009F, two bytes) and '\\' are
	 * refused; bytes that start no character pass one by one */
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t l = ref_utf8_seq(p + i, n - i);
		if (l == 1 && (p[i] < 0x20 || p[i] == 0x7F || p[i] == '\\'))
			return 0;
		if (l == 2 && p[i] == 0xC2 && p[i + 1] <= 0x9F)
			return 0;
		i += l ? l : 1;
	}
	/* the path, up to '?' or '#', split at '/': only the last segment may
	 * be empty, and none is "." or ".." */
	const char *end = s + strcspn(s, "?#"), *seg = s + 1;
	for (;;) {
		const char *slash = memchr(seg, '/', (size_t)(end - seg));
		size_t len = (size_t)((slash ? slash : end) - seg);
		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (!slash)
			return 1;
		if (len == 0)
			return 0;
		seg = slash + 1;
	}
}

static void check_content_type(const char *h, const char *mime)
{
	int r = mm_content_type_is(h, mime);
	size_t n = strlen(mime);

	FUZZ_ASSERT(r == 0 || r == 1);
	if (r == 1) {
		/* the first token, after optional white space, is mime ... */
		const char *p = h;
		while (is_ows(*p))
			p++;
		FUZZ_ASSERT(strncasecmp(p, mime, n) == 0);
		/* ... followed only by white space, parameters or the end */
		p += n;
		while (is_ows(*p))
			p++;
		FUZZ_ASSERT(*p == '\0' || *p == ';');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	size_t slen = strlen(s);	/* up to the first NUL */
	int valid = mm_utf8_valid((const char *)data, size);

	/* UTF-8: the same answer as the reference decoder */
	FUZZ_ASSERT(valid == ref_utf8_valid((const char *)data, size));
	FUZZ_ASSERT(mm_utf8_valid(s, slen) == ref_utf8_valid(s, slen));
	if (mm_utf8_valid(s, slen))
		FUZZ_ASSERT(mm_utf8_chars(s) == ref_utf8_chars(s, slen));

	/* Content-Type */
	for (size_t i = 0; i < sizeof mimes / sizeof mimes[0]; i++) {
		check_content_type(s, mimes[i]);
		FUZZ_ASSERT(mm_content_type_is(mimes[i], mimes[i]) == 1);
	}
	if (slen > 0 && slen < 100 && strchr(s, ';') == NULL &&
	    !is_ows(s[0]) && !is_ows(s[slen - 1])) {
		char h[160];
		FUZZ_ASSERT(mm_content_type_is(s, s) == 1);
		snprintf(h, sizeof h, " %s ; charset=UTF-8", s);
		FUZZ_ASSERT(mm_content_type_is(h, s) == 1);
		snprintf(h, sizeof h, "%sX", s);
		FUZZ_ASSERT(mm_content_type_is(h, s) == 0);
	}

	/* local paths: exactly the definition in mm_parse.h */
	FUZZ_ASSERT(mm_is_local_path(s) == ref_local_path(s));
	if (mm_is_local_path(s)) {
		FUZZ_ASSERT(s[0] == '/');
		FUZZ_ASSERT(strstr(s, "\r") == NULL && strstr(s, "\n") == NULL);
	}

	/* text cleaning: valid UTF-8 without control characters, within both
	 * limits */
	{
		char out[64];
		size_t maxc = size ? data[0] % 40 : 5;
		size_t on;

		mm_clean_text(out, sizeof out, s, maxc);
		on = strlen(out);
		FUZZ_ASSERT(on < sizeof out);
		FUZZ_ASSERT(ref_utf8_valid(out, on));
		FUZZ_ASSERT(ref_utf8_chars(out, on) <= maxc);
		for (size_t i = 0; i < on; i++) {
			unsigned char c = (unsigned char)out[i];
			FUZZ_ASSERT(c >= 0x20 && c != 0x7F);
			/* nor C1 controls, U+0080-U+009F */
			FUZZ_ASSERT(!(c == 0xC2 && i + 1 < on &&
				      (unsigned char)out[i + 1] <= 0x9F));
		}
		/* valid input is kept up to the limits */
		if (valid && slen == size && on < maxc && slen + 1 <= sizeof out) {
			int ctl = 0;
			for (size_t i = 0; i < slen; i++)
				if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F ||
				    ((unsigned char)s[i] == 0xC2 &&
				     (unsigned char)s[i + 1] <= 0x9F))
					ctl = 1;
			if (!ctl && ref_utf8_chars(s, slen) <= maxc)
				FUZZ_ASSERT(strcmp(out, s) == 0);
		}
	}

	/* full-width ASCII folded: never longer, valid UTF-8 stays valid, no
	 * U+FF01-U+FF5E or U+3000 is left, ASCII is kept */
	{
		char *f = strdup(s);
		FUZZ_ASSERT(f != NULL);
		size_t fn = mm_fold_halfwidth(f);
		FUZZ_ASSERT(fn == strlen(f) && fn <= slen);
		if (valid) {
			FUZZ_ASSERT(ref_utf8_valid(f, fn));
			for (size_t i = 0; i + 2 < fn; i++) {
				const unsigned char *u = (const unsigned char *)f + i;
				unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
				FUZZ_ASSERT(!(u[0] >= 0xE0 && u[0] <= 0xEF && cp >= 0xFF01 && cp <= 0xFF5E) &&
					    !(u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80));
			}
		}
		int ascii = 1;
		for (size_t i = 0; i < slen; i++)
			ascii &= (unsigned char)s[i] < 0x80;
		if (ascii)
			FUZZ_ASSERT(strcmp(f, s) == 0);
		free(f);
	}
	free(s);
	return 0;
}
