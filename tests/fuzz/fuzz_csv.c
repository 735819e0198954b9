/* libFuzzer target: the CSV field writer of the login-history export
 * (history_csv.h). Whatever the text, the field reads back to exactly that
 * text under RFC 4180 (plus dropping the one ' of a neutralised cell), a
 * free-text field never starts with a character a spreadsheet takes for a
 * formula, and it is quoted exactly when it has to be. */
#include "history_csv.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RFC 4180 reader of one field: the text it holds, or NULL when malformed */
static char *read_field(const char *f, size_t n, size_t *outlen)
{
	char *out = malloc(n + 1);
	size_t o = 0;
	FUZZ_ASSERT(out);
	if (n && f[0] == '"') {
		FUZZ_ASSERT(n >= 2 && f[n - 1] == '"');
		for (size_t i = 1; i + 1 < n; i++) {
			if (f[i] == '"') {
				FUZZ_ASSERT(i + 2 < n && f[i + 1] == '"');
				i++;
			}
			out[o++] = f[i];
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(!strchr(",\"\r\n", f[i]));
			out[o++] = f[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16 || size < 1)
		return 0;
	int free_text = data[0] & 1;
	char *in = fuzz_strndup(data + 1, size - 1);	/* up to the first NUL */
	size_t inlen = strlen(in);
	struct mm_buf b = { 0 };
	hx_csv_field(&b, in, free_text);
	const char *f = mm_buf_str(&b);
	size_t len;
	char *back = read_field(f, b.len, &len);
	int quoted = b.len && f[0] == '"';
	FUZZ_ASSERT(quoted == (strpbrk(in, ",\"\r\n") != NULL));
	const char *text = back;
	if (free_text) {
		FUZZ_ASSERT(!strchr("=+-@\t\r", back[0]) || back[0] == '\0');
		if (inlen && strchr("=+-@\t\r'", in[0])) {
			FUZZ_ASSERT(back[0] == '\'');
			text = back + 1;
			len--;
		}
	}
	FUZZ_ASSERT(len == inlen && memcmp(text, in, inlen) == 0);
	free(back);
	mm_buf_free(&b);
	free(in);
	return 0;
}
