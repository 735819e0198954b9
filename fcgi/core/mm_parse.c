#include "mm_parse.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct mm_limits mm_limits_query = { 64, 64, 2048, 4096 };
const struct mm_limits mm_limits_form = { 256, 64, 16384, 65536 };
const struct mm_limits mm_limits_cookie = { 50, 64, 1024, 8192 };

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t mm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	/* a continuation byte is checked before the next is read: a string cut
	 * by its NUL never reads past it */
	for (size_t i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int mm_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		size_t n = mm_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t mm_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Percent-decodes in[0..len) into a new string; '+' becomes a space when
 * plus_is_space. Returns NULL on a bad escape, NUL byte or invalid UTF-8. */
static char *decode_component(const char *in, size_t len, int plus_is_space,
			      size_t *outlen, int *rc)
{
	char *out = malloc(len + 1);
	size_t o = 0;
	if (!out) {
		*rc = MM_PARSE_NOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= len || (hi = hexval((unsigned char)in[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)in[i + 2])) < 0)
				goto malformed;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			goto malformed;
		out[o++] = c;
	}
	out[o] = '\0';
	if (!mm_utf8_valid(out, o))
		goto malformed;
	*outlen = o;
	return out;
malformed:
	free(out);
	*rc = MM_PARSE_MALFORMED;
	return NULL;
}

static int kvlist_push(struct mm_kvlist *l, char *key, char *val, size_t vlen)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct mm_kv *items = realloc(l->items, cap * sizeof *items);
		if (!items)
			return MM_PARSE_NOMEM;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n].key = key;
	l->items[l->n].val = val;
	l->items[l->n].vlen = vlen;
	l->n++;
	l->bytes += strlen(key) + vlen;
	return MM_PARSE_OK;
}

/* Copies in[0..len) without decoding (cookie names and values); NULL on a
 * NUL byte or invalid UTF-8. */
static char *copy_component(const char *in, size_t len, size_t *outlen, int *rc)
{
	char *out = malloc(len + 1);
	if (!out) {
		*rc = MM_PARSE_NOMEM;
		return NULL;
	}
	memcpy(out, in, len);
	out[len] = '\0';
	if (memchr(out, '\0', len) || !mm_utf8_valid(out, len)) {
		free(out);
		*rc = MM_PARSE_MALFORMED;
		return NULL;
	}
	*outlen = len;
	return out;
}

static int add_pair(struct mm_kvlist *out, const struct mm_limits *lim,
		    const char *k, size_t klen, const char *v, size_t vlen, int url)
{
	int rc = MM_PARSE_OK;
	size_t dklen = 0, dvlen = 0;
	if (klen == 0)
		return MM_PARSE_MALFORMED;
	if (out->n >= lim->max_pairs)
		return MM_PARSE_TOO_MANY;
	if (klen > lim->max_key * 3 || vlen > lim->max_value * 3)
		return MM_PARSE_TOO_LONG;
	char *key = url ? decode_component(k, klen, 1, &dklen, &rc) :
			  copy_component(k, klen, &dklen, &rc);
	if (!key)
		return rc;
	char *val = url ? decode_component(v, vlen, 1, &dvlen, &rc) :
			  copy_component(v, vlen, &dvlen, &rc);
	if (!val) {
		free(key);
		return rc;
	}
	if (dklen > lim->max_key || dvlen > lim->max_value) {
		free(key);
		free(val);
		return MM_PARSE_TOO_LONG;
	}
	rc = kvlist_push(out, key, val, dvlen);
	if (rc != MM_PARSE_OK) {
		free(key);
		free(val);
	}
	return rc;
}

int mm_parse_urlencoded(const char *s, size_t len, const struct mm_limits *lim,
			struct mm_kvlist *out)
{
	if (len > lim->max_total)
		return MM_PARSE_TOO_LONG;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && s[i] != '&')
			i++;
		size_t plen = i - start;
		if (plen > 0) {	/* "a&&b" and a trailing '&' are tolerated */
			const char *p = s + start;
			const char *eq = memchr(p, '=', plen);
			size_t klen = eq ? (size_t)(eq - p) : plen;
			const char *v = eq ? eq + 1 : p + plen;
			size_t vlen = eq ? plen - klen - 1 : 0;
			int rc = add_pair(out, lim, p, klen, v, vlen, 1);
			if (rc != MM_PARSE_OK)
				return rc;
		}
		i++;
	}
	return MM_PARSE_OK;
}

int mm_parse_cookies(const char *s, size_t len, const struct mm_limits *lim,
		     struct mm_kvlist *out)
{
	if (len > lim->max_total)
		return MM_PARSE_TOO_LONG;
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t start = i;
		while (i < len && s[i] != ';')
			i++;
		size_t end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		if (end > start) {
			const char *p = s + start;
			size_t plen = end - start;
			const char *eq = memchr(p, '=', plen);
			if (eq) {	/* a pair without '=' is ignored, as browsers do */
				size_t klen = (size_t)(eq - p);
				while (klen > 0 && (p[klen - 1] == ' ' || p[klen - 1] == '\t'))
					klen--;
				const char *v = eq + 1;
				size_t vlen = plen - (size_t)(v - p);
				while (vlen > 0 && (*v == ' ' || *v == '\t')) {
					v++;
					vlen--;
				}
				if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
					v++;
					vlen -= 2;
				}
				if (klen > 0) {
					int rc = add_pair(out, lim, p, klen, v, vlen, 0);
					if (rc == MM_PARSE_TOO_MANY || rc == MM_PARSE_NOMEM)
						return rc;
					/* other bad cookies are dropped, not fatal:
					 * a stray cookie from another app on the host
					 * must not lock users out */
				}
			}
		}
		i++;
	}
	return MM_PARSE_OK;
}

int mm_kvlist_add(struct mm_kvlist *l, const struct mm_limits *lim,
		  const char *key, size_t klen, const char *val, size_t vlen)
{
	if (l->bytes + klen + vlen > lim->max_total)
		return MM_PARSE_TOO_LONG;
	return add_pair(l, lim, key, klen, val, vlen, 0);
}

const char *mm_kvlist_get(const struct mm_kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].val;
	return NULL;
}

size_t mm_kvlist_count(const struct mm_kvlist *l, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			n++;
	return n;
}

void mm_kvlist_free(struct mm_kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].val);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

int mm_content_type_is(const char *header, const char *mime)
{
	if (!header)
		return 0;
	while (*header == ' ' || *header == '\t')
		header++;
	size_t n = strlen(mime);
	if (strncasecmp(header, mime, n) != 0)
		return 0;
	const char *rest = header + n;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	return *rest == '\0' || *rest == ';';
}

int mm_is_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '\\' ||
		    (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))	/* C1 controls */
			return 0;
	/* the path itself in its one spelling: no empty, "." or ".." segment
	 * ("/.//host" is "//host" once a browser has resolved it) */
	for (const char *seg = s + 1; *seg && *seg != '?' && *seg != '#'; ) {
		size_t n = strcspn(seg, "/?#");
		if ((n == 0 && seg[0] == '/') || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		seg += n;
		if (*seg == '/')
			seg++;
	}
	return 1;
}

size_t mm_fold_halfwidth(char *s)
{
	unsigned char *in = (unsigned char *)s, *out = in;
	while (*in) {
		if (in[0] == 0xEF && (in[1] == 0xBC || in[1] == 0xBD) && in[2] >= 0x80 && in[2] <= 0xBF) {
			unsigned cp = 0xF000u | ((in[1] & 0x3Fu) << 6) | (in[2] & 0x3Fu);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*out++ = (unsigned char)(cp - 0xFEE0);
				in += 3;
				continue;
			}
		} else if (in[0] == 0xE3 && in[1] == 0x80 && in[2] == 0x80) {	/* U+3000 */
			*out++ = ' ';
			in += 3;
			continue;
		}
		*out++ = *in++;
	}
	*out = '\0';
	return (size_t)(out - (unsigned char *)s);
}

void mm_clean_text(char *dst, size_t dstsize, const char *src, size_t maxchars)
{
	size_t o = 0, chars = 0;
	for (const unsigned char *p = (const unsigned char *)src; *p && chars < maxchars; ) {
		uint32_t cp;
		size_t n = mm_utf8_decode(p, 4, &cp);
		if (o + (n ? n : 1) + 1 > dstsize)
			break;
		if (n == 0) {
			dst[o++] = '?';	/* only the broken byte is replaced */
			n = 1;
		} else if (*p < 0x20 || *p == 0x7F || (*p == 0xC2 && p[1] <= 0x9F)) {
			dst[o++] = ' ';	/* C0, DEL and C1 controls */
		} else {
			memcpy(dst + o, p, n);
			o += n;
		}
		p += n;
		chars++;
	}
	dst[o] = '\0';
}

#define IDEOGRAPHIC_SPACE "\xe3\x80\x80"

/* Length of the blank at s (0 when none). */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	return strncmp(s, IDEOGRAPHIC_SPACE, 3) == 0 ? 3 : 0;
}

const char *mm_trim_span(const char *s, size_t *len)
{
	size_t b;
	while ((b = blank_at(s)) > 0)
		s += b;
	size_t n = strlen(s);
	for (;;) {
		if (n && blank_at(s + n - 1) == 1)
			n--;
		else if (n >= 3 && blank_at(s + n - 3) == 3)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}

void mm_trim(char *s)
{
	size_t n;
	const char *start = mm_trim_span(s, &n);
	memmove(s, start, n);
	s[n] = '\0';
}

void mm_copy_str(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}
