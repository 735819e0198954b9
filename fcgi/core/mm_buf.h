/* Growable byte buffer and HTML escaping used for every response body. */
#ifndef MM_BUF_H
#define MM_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct mm_buf {
	char *p;
	size_t len, cap;
	int oom;		/* set once an allocation failed; later adds are dropped */
};

void mm_buf_add(struct mm_buf *b, const char *s, size_t n);
/* Room for n more bytes without growing again: 0 or -1 (out of memory). */
int mm_buf_reserve(struct mm_buf *b, size_t n);
void mm_buf_puts(struct mm_buf *b, const char *s);
void mm_buf_printf(struct mm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mm_buf_vprintf(struct mm_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* NUL-terminated contents ("" when empty). */
const char *mm_buf_str(struct mm_buf *b);
void mm_buf_reset(struct mm_buf *b);
void mm_buf_free(struct mm_buf *b);

/* Appends s with & < > " ' escaped. */
void mm_html_escape(struct mm_buf *b, const char *s);
/* Appends s percent-encoded for a URL query value (RFC 3986 unreserved kept). */
void mm_url_encode(struct mm_buf *b, const char *s);

#endif
