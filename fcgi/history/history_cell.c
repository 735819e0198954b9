#include "history_cell.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s (1–4), or 0 when it is not one
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

size_t hx_cell_clean(char *dst, size_t cap, const char *src, int *cut)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	size_t len = 0;

	if (cut)
		*cut = 0;
	while (*s) {
		size_t n = utf8_seq(s);
		const char *put = (const char *)s;
		size_t put_len = n;
		if (n == 0) {
			put = replacement;
			put_len = 3;
			n = 1;
		} else if (n == 1 && (*s < 0x20 || *s == 0x7f)) {
			put = " ";
		} else if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) {
			put = " ";
			put_len = 1;
		} else if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe) {
			put = replacement;	/* U+FFFE, U+FFFF: not characters in XML 1.0 */
		}
		if (len + put_len >= cap) {
			if (cut)
				*cut = 1;
			break;
		}
		memcpy(dst + len, put, put_len);
		len += put_len;
		s += n;
	}
	dst[len] = '\0';
	return len;
}
