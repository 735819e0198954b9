/* libFuzzer target: the base32 decoder (TOTP secrets, mm_otp.h). Arbitrary
 * input is decoded; when that succeeds the bytes are encoded and decoded
 * again and must come back unchanged. */
#include "mm_otp.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *text;
	unsigned char *out, *again;
	size_t max = size * 5 / 8, tcap;
	long n, m, t;

	if (size > 1 << 16)
		return 0;
	in = fuzz_strndup(data, size);	/* decoded up to the first NUL */
	out = malloc(max + 1);
	FUZZ_ASSERT(out != NULL);

	n = mm_base32_decode(in, out, max + 1);
	FUZZ_ASSERT(n >= -1 && n <= (long)max);
	if (n < 0)
		goto done;
	/* exactly n bytes of room are enough, one less is refused */
	FUZZ_ASSERT(mm_base32_decode(in, out, (size_t)n) == n);
	if (n > 0)
		FUZZ_ASSERT(mm_base32_decode(in, out + 1, (size_t)n - 1) == -1);
	FUZZ_ASSERT(mm_base32_decode(in, out, (size_t)n) == n);

	tcap = ((size_t)n * 8 + 4) / 5 + 1;
	text = malloc(tcap);
	again = malloc((size_t)n + 1);
	FUZZ_ASSERT(text != NULL && again != NULL);
	FUZZ_ASSERT(mm_base32_encode(out, (size_t)n, text, tcap - 1) == -1);
	t = mm_base32_encode(out, (size_t)n, text, tcap);
	FUZZ_ASSERT(t == (long)tcap - 1 && strlen(text) == (size_t)t);
	/* canonical form: upper case alphabet only, a valid length */
	FUZZ_ASSERT(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == (size_t)t);
	FUZZ_ASSERT(t % 8 != 1 && t % 8 != 3 && t % 8 != 6);
	m = mm_base32_decode(text, again, (size_t)n + 1);
	FUZZ_ASSERT(m == n);
	FUZZ_ASSERT(memcmp(out, again, (size_t)n) == 0);
	free(text);
	free(again);
done:
	free(in);
	free(out);
	return 0;
}
