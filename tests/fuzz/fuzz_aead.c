/* libFuzzer target: opening sealed secrets (mm_aead_open, AES-256-GCM). A
 * stored value may be damaged or forged: any input opens to -1 without
 * reading or writing out of bounds, a sealed value opens to its plaintext
 * under its own key and aad only, and one changed byte makes it fail. */
#include "mm_aead.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_key[32] = "fedcba9876543210fedcba9876543210";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* first byte: length of the aad taken from the rest */
	size_t aadlen = size ? data[0] % 17 : 0;
	if (size < 1 + aadlen)
		return 0;
	const uint8_t *aad = data + 1, *in = data + 1 + aadlen;
	size_t n = size - 1 - aadlen;

	/* the input as a stored value: a forgery never opens */
	unsigned char *pt = malloc(n + 1), *sealed = malloc(n + MM_AEAD_OVERHEAD);
	size_t ptlen = 12345, len = 0;
	FUZZ_ASSERT(pt && sealed);
	FUZZ_ASSERT(mm_aead_open(key, aad, aadlen, in, n, pt, &ptlen) == -1);

	/* the input as a secret: sealed, it opens to itself */
	FUZZ_ASSERT(mm_aead_seal(key, aad, aadlen, in, n, sealed, &len) == 0);
	FUZZ_ASSERT(len == n + MM_AEAD_OVERHEAD);
	FUZZ_ASSERT(mm_aead_open(key, aad, aadlen, sealed, len, pt, &ptlen) == 0);
	FUZZ_ASSERT(ptlen == n && memcmp(pt, in, n) == 0);
	/* not under another key, another aad, cut short or with a byte changed */
	FUZZ_ASSERT(mm_aead_open(other_key, aad, aadlen, sealed, len, pt, &ptlen) == -1);
	FUZZ_ASSERT(mm_aead_open(key, "x", 1, sealed, len, pt, &ptlen) == -1 ||
		    (aadlen == 1 && aad[0] == 'x'));
	FUZZ_ASSERT(mm_aead_open(key, aad, aadlen, sealed, len - 1, pt, &ptlen) == -1);
	size_t at = n ? in[0] % len : 0;
	sealed[at] ^= 0x01;
	FUZZ_ASSERT(mm_aead_open(key, aad, aadlen, sealed, len, pt, &ptlen) == -1);
	free(pt);
	free(sealed);
	return 0;
}
