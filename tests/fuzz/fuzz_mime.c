/* libFuzzer target: the mail header encoder (mm_mime). Any header text is
 * written as lines of at most 78 characters (encoded-words of at most 75),
 * nothing but CRLF SP folds them, and decoding gives the text back. */
#include "mm_mime.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Appends the base64 text s[0..n) decoded to out; -1 when it is not base64. */
static int b64_decode(const char *s, size_t n, char *out, size_t *o)
{
	if (n % 4)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		for (int k = 0; k < 4; k++)
			v[k] = s[i + k] == '=' ? 0 : b64val((unsigned char)s[i + k]);
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
			return -1;
		out[(*o)++] = (char)(v[0] << 2 | v[1] >> 4);
		if (s[i + 2] != '=')
			out[(*o)++] = (char)((v[1] & 15) << 4 | v[2] >> 2);
		if (s[i + 3] != '=')
			out[(*o)++] = (char)((v[2] & 3) << 6 | v[3]);
	}
	return 0;
}

/* Every physical line of text[0..n) (split at CRLF) is at most max
 * characters, and a CR or LF appears only as CRLF followed by SP. */
static void check_lines(const char *text, size_t n, size_t first_col, size_t max)
{
	size_t col = first_col;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\r') {
			FUZZ_ASSERT(i + 2 < n && text[i + 1] == '\n' && text[i + 2] == ' ');
			i++;
			col = 0;
			continue;
		}
		FUZZ_ASSERT(text[i] != '\n');
		col++;
		FUZZ_ASSERT(col <= max);
	}
}

static void encode_header(const char *s, size_t len)
{
	struct mm_buf out = { 0 };
	mm_mime_encode_header(&out, s);
	FUZZ_ASSERT(!out.oom);
	const char *e = mm_buf_str(&out);
	size_t n = out.len;
	check_lines(e, n, 0, 78);
	/* the words decode to the input, byte for byte */
	char *back = malloc(len + 3);	/* a word's padding decodes to at most 2 bytes more */
	size_t o = 0;
	FUZZ_ASSERT(back != NULL);
	for (size_t i = 0; i < n;) {
		if (e[i] == '\r') {
			i += 3;
			continue;
		}
		FUZZ_ASSERT(n - i >= 12 && memcmp(e + i, "=?UTF-8?B?", 10) == 0);
		const char *end = strstr(e + i + 10, "?=");
		FUZZ_ASSERT(end != NULL);
		FUZZ_ASSERT((size_t)(end + 2 - (e + i)) <= MM_MIME_WORD_MAX);
		size_t before = o;
		FUZZ_ASSERT(o + ((size_t)(end - (e + i + 10)) / 4 - 1) * 3 <= len);
		FUZZ_ASSERT(b64_decode(e + i + 10, (size_t)(end - (e + i + 10)), back, &o) == 0);
		FUZZ_ASSERT(o <= len);
		/* each word holds whole characters: it is valid UTF-8 when the
		 * input is */
		if (ref_utf8_valid(s, len))
			FUZZ_ASSERT(ref_utf8_valid(back + before, o - before));
		i = (size_t)(end + 2 - e);
	}
	FUZZ_ASSERT(o == len && memcmp(back, s, len) == 0);
	free(back);
	mm_buf_free(&out);
}

static void header(const char *s)
{
	struct mm_buf out = { 0 };
	int rc = mm_mime_header(&out, "Subject", s);
	if (strpbrk(s, "\r\n")) {
		FUZZ_ASSERT(rc == -1 && out.len == 0);
	} else if (rc == 0) {
		FUZZ_ASSERT(out.len >= 11 && memcmp(mm_buf_str(&out), "Subject: ", 9) == 0);
		/* the header ends with its only bare line break */
		FUZZ_ASSERT(memcmp(mm_buf_str(&out) + out.len - 2, "\r\n", 2) == 0);
		for (size_t i = 0; i + 2 < out.len; i++)
			if (mm_buf_str(&out)[i] == '\r')
				FUZZ_ASSERT(mm_buf_str(&out)[i + 1] == '\n' && mm_buf_str(&out)[i + 2] == ' ');
	}
	mm_buf_free(&out);
}

static void addr(const char *s)
{
	char a[64];
	if (mm_mime_addr_spec(s, a, sizeof a) == 0) {
		FUZZ_ASSERT(strchr(a, '@') != NULL);
		for (const unsigned char *p = (const unsigned char *)a; *p; p++)
			FUZZ_ASSERT(*p > 0x20 && *p < 0x7F && !strchr("<>\"", *p));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	size_t len = strlen(s);	/* C strings: the text ends at a NUL */
	encode_header(s, len);
	header(s);
	addr(s);
	free(s);
	return 0;
}
