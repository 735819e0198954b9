/* Request parsers: pure functions over bytes, no FastCGI, fuzzed in tests/fuzz. */
#ifndef MM_PARSE_H
#define MM_PARSE_H
#include <stddef.h>
#include <stdint.h>

struct mm_kv {
	char *key;
	char *val;
	size_t vlen;
};

struct mm_kvlist {
	struct mm_kv *items;
	size_t n, cap;
	size_t bytes;		/* decoded key + value bytes held */
};

struct mm_limits {
	size_t max_pairs;
	size_t max_key;		/* bytes, decoded */
	size_t max_value;	/* bytes, decoded */
	size_t max_total;	/* bytes, input */
};

enum mm_parse_rc {
	MM_PARSE_OK = 0,
	MM_PARSE_MALFORMED,	/* bad percent-escape, invalid UTF-8, NUL, empty key */
	MM_PARSE_TOO_MANY,	/* more than max_pairs */
	MM_PARSE_TOO_LONG,	/* a key, value or the whole input over its limit */
	MM_PARSE_NOMEM
};

extern const struct mm_limits mm_limits_query;
extern const struct mm_limits mm_limits_form;
extern const struct mm_limits mm_limits_cookie;

/* application/x-www-form-urlencoded and query strings ('+' is a space). */
int mm_parse_urlencoded(const char *s, size_t len, const struct mm_limits *lim,
			struct mm_kvlist *out);
/* Cookie request header (RFC 6265: "a=1; b=2"; values are not decoded). */
int mm_parse_cookies(const char *s, size_t len, const struct mm_limits *lim,
		     struct mm_kvlist *out);
/* First value for key, or NULL. */
/* Appends copies of key and val[0..vlen) within lim (pair count, key and
 * value sizes, bytes held in total); both must be valid UTF-8 without NUL
 * and key not empty. */
int mm_kvlist_add(struct mm_kvlist *l, const struct mm_limits *lim,
		  const char *key, size_t klen, const char *val, size_t vlen);
const char *mm_kvlist_get(const struct mm_kvlist *l, const char *key);
size_t mm_kvlist_count(const struct mm_kvlist *l, const char *key);
void mm_kvlist_free(struct mm_kvlist *l);

/* 1 when a Content-Type header names mime (case-insensitive), parameters
 * such as "; charset=UTF-8" allowed; 0 otherwise. */
int mm_content_type_is(const char *header, const char *mime);
/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int mm_utf8_valid(const char *s, size_t len);
/* Decodes the code point at s[0..n) (n > 0): its length (1-4) with *cp set,
 * or 0 when the bytes there are not well-formed UTF-8 (overlong, surrogate,
 * above U+10FFFF, truncated). The one UTF-8 decoder of the code base. */
size_t mm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Number of code points in a valid UTF-8 string. */
size_t mm_utf8_chars(const char *s);
/* 1 when s is a path on this site: starts with one '/', no "//" or "/\" prefix,
 * no control characters or backslashes: safe as a redirect target. */
int mm_is_local_path(const char *s);
/* Full-width ASCII (U+FF01–U+FF5E, what a Japanese input method types for
 * digits, letters and symbols) and the ideographic space as their ASCII
 * forms, in place; returns the new length. */
size_t mm_fold_halfwidth(char *s);

/* Browser-supplied text for a VARCHAR column: valid UTF-8 (invalid bytes
 * become '?'), control characters become spaces, cut at maxchars characters
 * and at dstsize bytes on a character boundary. */
void mm_clean_text(char *dst, size_t dstsize, const char *src, size_t maxchars);

/* Blanks around typed text: space, tab, CR, LF and the ideographic space
 * U+3000 that Japanese input methods type. mm_trim_span returns where the
 * text starts inside s and sets *len to its length without them;
 * mm_trim removes them from s in place. */
const char *mm_trim_span(const char *s, size_t *len);
void mm_trim(char *s);
/* Copies src (NULL reads as "") into dst[size], cut on a character
 * boundary when it does not fit. size > 0. */
void mm_copy_str(char *dst, size_t size, const char *src);

#endif
