/* Shared helpers for the libFuzzer targets: an independent reference UTF-8
 * decoder and an invariant check that aborts (libFuzzer then saves the
 * input as a crash artifact). */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(cond)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",    \
				__FILE__, __LINE__, #cond);                 \
			abort();                                            \
		}                                                           \
	} while (0)

/* Length of the well-formed UTF-8 sequence at s[0..n) (Unicode 15, table
 * 3-7), or 0 when the bytes there are not one. */
static inline size_t ref_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c == 0xE0) {
		len = 3; lo = 0xA0;
	} else if (c == 0xED) {
		len = 3; hi = 0x9F;
	} else if (c >= 0xE1 && c <= 0xEF)
		len = 3;
	else if (c == 0xF0) {
		len = 4; lo = 0x90;
	} else if (c == 0xF4) {
		len = 4; hi = 0x8F;
	} else if (c >= 0xF1 && c <= 0xF3)
		len = 4;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

static inline int ref_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		size_t l = ref_utf8_seq(s + i, n - i);
		if (l == 0)
			return 0;
		i += l;
	}
	return 1;
}

/* Code points in valid UTF-8. */
static inline size_t ref_utf8_chars(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, c = 0;

	while (i < n) {
		size_t l = ref_utf8_seq(s + i, n - i);
		i += l ? l : 1;
		c++;
	}
	return c;
}

/* A NUL-terminated copy of the fuzz input (the caller frees it). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* 1 when needle[0..nn) occurs in hay[0..hn). */
static inline int fuzz_contains(const char *hay, size_t hn, const char *needle,
				size_t nn)
{
	return nn == 0 || memmem(hay, hn, needle, nn) != NULL;
}

#endif
