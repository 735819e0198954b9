#include "mm_buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(struct mm_buf *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1) {
		if (cap > (size_t)1 << 40) {
			b->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

int mm_buf_reserve(struct mm_buf *b, size_t n)
{
	return buf_reserve(b, n);
}

void mm_buf_add(struct mm_buf *b, const char *s, size_t n)
{
	if (n == 0 || buf_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void mm_buf_puts(struct mm_buf *b, const char *s)
{
	mm_buf_add(b, s, strlen(s));
}

void mm_buf_vprintf(struct mm_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0 || buf_reserve(b, (size_t)n) < 0)
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void mm_buf_printf(struct mm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mm_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *mm_buf_str(struct mm_buf *b)
{
	return b->p && !b->oom ? b->p : "";
}

void mm_buf_reset(struct mm_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void mm_buf_free(struct mm_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

void mm_html_escape(struct mm_buf *b, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		mm_buf_add(b, run, (size_t)(s - run));
		mm_buf_puts(b, rep);
		run = s + 1;
	}
	mm_buf_add(b, run, (size_t)(s - run));
}

void mm_url_encode(struct mm_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~') {
			mm_buf_add(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			mm_buf_add(b, e, 3);
		}
	}
}
