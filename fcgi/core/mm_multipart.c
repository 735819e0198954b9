#include "mm_multipart.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The scan window: large enough to keep pread calls few on a 2 GiB body,
 * small enough to be the parser's whole memory. */
#define WINDOW (256 * 1024)
#define PADDING_MAX 64		/* spaces and tabs allowed after a delimiter */

struct scan {
	int fd;
	long long size;
	char *buf;		/* WINDOW bytes */
};

/* Reads up to n bytes at off (fewer only at the end of the file). */
static long long read_at(const struct scan *s, char *dst, size_t n, long long off)
{
	size_t got = 0;
	if (off >= s->size)
		return 0;
	if ((long long)n > s->size - off)
		n = (size_t)(s->size - off);
	while (got < n) {
		ssize_t k = pread(s->fd, dst + got, n - got, off + (long long)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return (long long)got;
}

/* Offset of the first needle at or after from; -1 when there is none,
 * -2 on a read error. Consecutive windows overlap by nlen - 1 bytes so that
 * a needle across a window edge is found. */
static long long find(const struct scan *s, long long from, const char *needle, size_t nlen)
{
	long long pos = from;
	while (pos + (long long)nlen <= s->size) {
		long long got = read_at(s, s->buf, WINDOW, pos);
		if (got < (long long)nlen)
			return got < 0 ? -2 : -1;
		const char *hit = memmem(s->buf, (size_t)got, needle, nlen);
		if (hit)
			return pos + (hit - s->buf);
		if (pos + got >= s->size)
			return -1;
		pos += got - (long long)(nlen - 1);
	}
	return -1;
}

int mm_multipart_boundary(const char *ct, char out[MM_MP_BOUNDARY_MAX + 1])
{
	out[0] = '\0';
	if (!mm_content_type_is(ct, "multipart/form-data"))
		return MM_MP_NO_BOUNDARY;
	const char *p = strchr(ct, ';');
	while (p && *p == ';') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		const char *name = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		size_t nlen = (size_t)(p - name);
		while (nlen && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
			nlen--;
		const char *v = NULL, *vend = NULL;
		if (*p == '=') {
			p++;
			if (*p == '"') {
				v = ++p;
				while (*p && *p != '"')
					p++;
				if (*p != '"')
					return MM_MP_NO_BOUNDARY;
				vend = p++;
			} else {
				v = p;
				while (*p && *p != ';' && *p != ' ' && *p != '\t')
					p++;
				vend = p;
			}
			while (*p == ' ' || *p == '\t')
				p++;
		}
		if (v && nlen == 8 && strncasecmp(name, "boundary", 8) == 0) {
			size_t blen = (size_t)(vend - v);
			if (blen == 0 || blen > MM_MP_BOUNDARY_MAX)
				return MM_MP_NO_BOUNDARY;
			for (size_t i = 0; i < blen; i++)	/* bchars of RFC 2046 */
				if (!isalnum((unsigned char)v[i]) &&
				    !strchr("'()+_,-./:=? ", v[i]))
					return MM_MP_NO_BOUNDARY;
			if (v[blen - 1] == ' ')
				return MM_MP_NO_BOUNDARY;
			memcpy(out, v, blen);
			out[blen] = '\0';
			return MM_MP_OK;
		}
		if (*p && *p != ';')
			return MM_MP_NO_BOUNDARY;
	}
	return MM_MP_NO_BOUNDARY;
}

/* Invisible characters that change how a name reads without showing: bidi
 * marks, embeddings, overrides and isolates, zero-width characters, the
 * word joiner and invisible operators, the byte order mark. With U+202E
 * (RIGHT-TO-LEFT OVERRIDE) "invoice\u202Efdp.exe" shows as
 * "invoiceexe.pdf". s points to a lead byte of valid UTF-8. */
static int invisible_format_char(const unsigned char *s, size_t left)
{
	if (left >= 2 && s[0] == 0xD8 && s[1] == 0x9C)
		return 1;	/* U+061C ARABIC LETTER MARK */
	if (left < 3)
		return 0;
	if (s[0] == 0xE2 && s[1] == 0x80)	/* U+2000..U+203F */
		return (s[2] >= 0x8B && s[2] <= 0x8F) ||	/* U+200B..U+200F */
		       (s[2] >= 0xAA && s[2] <= 0xAE);		/* U+202A..U+202E */
	if (s[0] == 0xE2 && s[1] == 0x81)	/* U+2040..U+207F */
		return (s[2] >= 0xA0 && s[2] <= 0xA4) ||	/* U+2060..U+2064 */
		       (s[2] >= 0xA6 && s[2] <= 0xA9);		/* U+2066..U+2069 */
	return s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;	/* U+FEFF */
}

int mm_file_name_ok(const char *s, size_t len)
{
	if (len == 0 || !mm_utf8_valid(s, len))
		return 0;
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	size_t chars = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
			return 0;
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F)
			return 0;	/* C1 controls */
		if ((c == 0xD8 || c == 0xE2 || c == 0xEF) &&
		    invisible_format_char((const unsigned char *)s + i, len - i))
			return 0;
		if ((c & 0xC0) != 0x80)
			chars++;
	}
	return chars <= MM_MP_NAME_MAX;
}

/* A parameter of Content-Disposition, as found in the header line. */
struct span {
	const char *p;
	size_t len;
	int set;
};

struct disposition {
	struct span name, filename, filename_ext;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes an RFC 5987 ext-value (UTF-8'lang'pct-encoded) into a new string. */
static char *decode_ext_value(const struct span *v, size_t *outlen)
{
	const char *q1 = memchr(v->p, '\'', v->len);
	if (!q1 || (size_t)(q1 - v->p) != 5 || strncasecmp(v->p, "utf-8", 5) != 0)
		return NULL;
	const char *rest = q1 + 1, *end = v->p + v->len;
	const char *q2 = memchr(rest, '\'', (size_t)(end - rest));
	if (!q2)
		return NULL;
	rest = q2 + 1;
	char *out = malloc((size_t)(end - rest) + 1);
	size_t o = 0;
	if (!out)
		return NULL;
	for (const char *p = rest; p < end; p++) {
		if (*p == '%') {
			int hi, lo;
			if (end - p < 3 || (hi = hexval((unsigned char)p[1])) < 0 ||
			    (lo = hexval((unsigned char)p[2])) < 0) {
				free(out);
				return NULL;
			}
			out[o++] = (char)(hi << 4 | lo);
			p += 2;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses the value of a Content-Disposition header line. */
static int parse_disposition(const char *p, const char *end, struct disposition *d)
{
	while (p < end && is_ws(*p))
		p++;
	const char *type = p;
	while (p < end && *p != ';' && !is_ws(*p))
		p++;
	if ((size_t)(p - type) != 9 || strncasecmp(type, "form-data", 9) != 0)
		return MM_MP_MALFORMED;
	while (p < end) {
		while (p < end && is_ws(*p))
			p++;
		if (p == end)
			break;
		if (*p != ';')
			return MM_MP_MALFORMED;
		p++;
		while (p < end && is_ws(*p))
			p++;
		const char *key = p;
		while (p < end && *p != '=' && *p != ';' && !is_ws(*p))
			p++;
		size_t klen = (size_t)(p - key);
		while (p < end && is_ws(*p))
			p++;
		if (p == end || *p != '=' || klen == 0)
			return MM_MP_MALFORMED;
		p++;
		while (p < end && is_ws(*p))
			p++;
		struct span v = { p, 0, 1 };
		if (p < end && *p == '"') {
			/* as browsers send it: no backslash escapes ('"' comes as %22) */
			v.p = ++p;
			while (p < end && *p != '"')
				p++;
			if (p == end)
				return MM_MP_MALFORMED;
			v.len = (size_t)(p - v.p);
			p++;
		} else {
			while (p < end && *p != ';' && !is_ws(*p))
				p++;
			v.len = (size_t)(p - v.p);
		}
		struct span *slot = NULL;
		if (klen == 4 && strncasecmp(key, "name", 4) == 0)
			slot = &d->name;
		else if (klen == 8 && strncasecmp(key, "filename", 8) == 0)
			slot = &d->filename;
		else if (klen == 9 && strncasecmp(key, "filename*", 9) == 0)
			slot = &d->filename_ext;
		if (slot) {
			if (slot->set)
				return MM_MP_MALFORMED;
			*slot = v;
		}
	}
	return MM_MP_OK;
}

/* "type/subtype" of token characters, lower-cased, parameters dropped;
 * anything else is application/octet-stream. */
static void part_content_type(const char *p, const char *end, char out[128])
{
	static const char fallback[] = "application/octet-stream";
	while (p < end && is_ws(*p))
		p++;
	size_t n = 0;
	int slash = 0;
	for (; p < end && *p != ';' && !is_ws(*p); p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/')
			slash++;
		else if (!isalnum(c) && (c == '\0' || !strchr("!#$&-^_.+", c)))
			slash = 2;
		if (n + 1 >= 128 || slash > 1) {
			memcpy(out, fallback, sizeof fallback);
			return;
		}
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	if (slash != 1 || out[0] == '/' || out[n - 1] == '/')
		memcpy(out, fallback, sizeof fallback);
}

struct part_head {
	struct disposition d;
	int has_disposition;
	char content_type[128];
};

/* Header lines of one part: hdr[0..len), lines separated by CRLF. */
static int parse_headers(const char *hdr, size_t len, struct part_head *h)
{
	memset(h, 0, sizeof *h);
	strcpy(h->content_type, "application/octet-stream");
	const char *p = hdr, *end = hdr + len;
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		const char *line_end = eol ? eol : end;
		for (const char *c = p; c < line_end; c++)
			if (*c == '\r' || *c == '\n')
				return MM_MP_MALFORMED;	/* bare CR or LF */
		const char *colon = memchr(p, ':', (size_t)(line_end - p));
		if (!colon || colon == p || is_ws(*p))
			return MM_MP_MALFORMED;	/* no name, or obsolete folding */
		size_t nlen = (size_t)(colon - p);
		if (nlen == 19 && strncasecmp(p, "content-disposition", 19) == 0) {
			if (h->has_disposition)
				return MM_MP_MALFORMED;
			h->has_disposition = 1;
			int rc = parse_disposition(colon + 1, line_end, &h->d);
			if (rc)
				return rc;
		} else if (nlen == 12 && strncasecmp(p, "content-type", 12) == 0) {
			part_content_type(colon + 1, line_end, h->content_type);
		}
		p = eol ? eol + 2 : end;
	}
	return MM_MP_OK;
}

static int field_name_ok(const struct span *s)
{
	if (s->len == 0 || s->len > 64 || !mm_utf8_valid(s->p, s->len))
		return 0;
	for (size_t i = 0; i < s->len; i++)
		if ((unsigned char)s->p[i] < 0x20 || s->p[i] == 0x7F)
			return 0;
	return 1;
}

static int uploads_push(struct mm_uploads *u, const struct span *field, char *file_name,
			const char *content_type, long long off, long long len)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 4;
		struct mm_upload *items = realloc(u->items, cap * sizeof *items);
		if (!items)
			return MM_MP_NOMEM;
		u->items = items;
		u->cap = cap;
	}
	char *f = strndup(field->p, field->len);
	if (!f)
		return MM_MP_NOMEM;
	struct mm_upload *it = &u->items[u->n++];
	it->field = f;
	it->file_name = file_name;
	snprintf(it->content_type, sizeof it->content_type, "%s", content_type);
	it->offset = off;
	it->length = len;
	return MM_MP_OK;
}

/* A file part: its name checked and decoded (filename* wins over filename). */
static int add_file(struct mm_uploads *files, const struct mm_mp_limits *lim,
		    const struct part_head *h, long long off, long long len)
{
	const struct disposition *d = &h->d;
	char *name;
	size_t name_len;
	if (d->filename_ext.set) {
		name = decode_ext_value(&d->filename_ext, &name_len);
		if (!name)
			return MM_MP_BAD_FILE_NAME;
	} else {
		if (d->filename.len == 0 && len == 0)
			return MM_MP_OK;	/* a file input left empty */
		name_len = d->filename.len;
		name = malloc(name_len + 1);	/* may hold a NUL: checked below */
		if (!name)
			return MM_MP_NOMEM;
		memcpy(name, d->filename.p, name_len);
		name[name_len] = '\0';
	}
	int rc = MM_MP_OK;
	if (!mm_file_name_ok(name, name_len))
		rc = MM_MP_BAD_FILE_NAME;
	else if (len == 0)
		rc = MM_MP_EMPTY_FILE;
	else if (files->n >= lim->max_files)
		rc = MM_MP_TOO_MANY_FILES;
	else if (len > lim->max_file_bytes)
		rc = MM_MP_FILE_TOO_LARGE;
	else
		rc = uploads_push(files, &d->name, name, h->content_type, off, len);
	if (rc != MM_MP_OK)
		free(name);
	return rc;
}

static int add_text(const struct scan *s, struct mm_kvlist *form, const struct mm_mp_limits *lim,
		    const struct span *field, long long off, long long len)
{
	if (len > (long long)lim->text->max_value || form->bytes + (size_t)len > lim->text->max_total)
		return MM_MP_TOO_LARGE;
	char *v = malloc((size_t)len + 1);
	if (!v)
		return MM_MP_NOMEM;
	int rc = MM_MP_OK;
	if (read_at(s, v, (size_t)len, off) != len) {
		rc = MM_MP_IO;
	} else {
		switch (mm_kvlist_add(form, lim->text, field->p, field->len, v, (size_t)len)) {
		case MM_PARSE_OK: break;
		case MM_PARSE_NOMEM: rc = MM_MP_NOMEM; break;
		case MM_PARSE_MALFORMED: rc = MM_MP_MALFORMED; break;
		default: rc = MM_MP_TOO_LARGE; break;
		}
	}
	free(v);
	return rc;
}

/* After a delimiter: "--" ends the body, else padding and CRLF lead to the
 * next part's headers. Sets *next to their offset; 1 = closed, 0 = a part
 * follows, or an error. */
static int after_delimiter(const struct scan *s, long long at, long long *next)
{
	char b[PADDING_MAX + 4];
	long long got = read_at(s, b, sizeof b, at);
	if (got < 0)
		return -MM_MP_IO;
	if (got >= 2 && b[0] == '-' && b[1] == '-')
		return 1;
	long long i = 0;
	while (i < got && i < PADDING_MAX && is_ws(b[i]))
		i++;
	if (i + 2 > got)
		return got < (long long)sizeof b ? -MM_MP_TRUNCATED : -MM_MP_MALFORMED;
	if (b[i] != '\r' || b[i + 1] != '\n')
		return -MM_MP_MALFORMED;
	*next = at + i + 2;
	return 0;
}

int mm_multipart_parse(int fd, long long size, const char *boundary,
		       const struct mm_mp_limits *lim, struct mm_kvlist *form,
		       struct mm_uploads *files)
{
	size_t blen = strlen(boundary);
	if (blen == 0 || blen > MM_MP_BOUNDARY_MAX)
		return MM_MP_NO_BOUNDARY;
	char delim[MM_MP_BOUNDARY_MAX + 5];
	size_t dlen = 4 + blen;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);

	struct scan s = { fd, size, malloc(WINDOW) };
	char *hdr = malloc(lim->max_header_bytes + 4);
	int rc = MM_MP_OK, refused = MM_MP_OK;	/* refused: the first file refused */
	if (!s.buf || !hdr) {
		rc = MM_MP_NOMEM;
		goto out;
	}
	/* The first delimiter may open the body without the CRLF before it. */
	long long at;
	long long got = read_at(&s, s.buf, dlen - 2, 0);
	if (got == (long long)(dlen - 2) && memcmp(s.buf, delim + 2, dlen - 2) == 0) {
		at = (long long)(dlen - 2);
	} else {
		long long p = find(&s, 0, delim, dlen);
		if (p < 0) {
			rc = p == -2 ? MM_MP_IO : size == 0 ? MM_MP_TRUNCATED : MM_MP_MALFORMED;
			goto out;
		}
		at = p + (long long)dlen;
	}
	for (size_t parts = 0;; parts++) {
		long long head;
		int st = after_delimiter(&s, at, &head);
		if (st < 0) {
			rc = -st;
			break;
		}
		if (st == 1)
			break;	/* closing delimiter; the epilogue is ignored */
		if (parts >= lim->max_parts) {
			rc = MM_MP_TOO_LARGE;
			break;
		}
		long long hgot = read_at(&s, hdr, lim->max_header_bytes + 4, head);
		if (hgot < 0) {
			rc = MM_MP_IO;
			break;
		}
		size_t hlen;
		long long content;
		if (hgot >= 2 && hdr[0] == '\r' && hdr[1] == '\n') {
			hlen = 0;	/* no header lines at all */
			content = head + 2;
		} else {
			const char *e = memmem(hdr, (size_t)hgot, "\r\n\r\n", 4);
			if (!e) {
				rc = head + hgot >= size ? MM_MP_TRUNCATED : MM_MP_TOO_LARGE;
				break;
			}
			hlen = (size_t)(e - hdr);
			content = head + (long long)hlen + 4;
		}
		struct part_head h;
		rc = parse_headers(hdr, hlen, &h);
		if (rc)
			break;
		long long end = find(&s, content, delim, dlen);
		if (end < 0) {
			rc = end == -2 ? MM_MP_IO : MM_MP_TRUNCATED;
			break;
		}
		if (!h.has_disposition || !h.d.name.set) {
			rc = MM_MP_NO_NAME;
			break;
		}
		if (!field_name_ok(&h.d.name)) {
			rc = MM_MP_MALFORMED;
			break;
		}
		long long len = end - content;
		if (h.d.filename.set || h.d.filename_ext.set) {
			rc = add_file(files, lim, &h, content, len);
			/* the rest of the form is still read, so that the page
			 * can show it again with the reason */
			if (mm_multipart_file_refused(rc)) {
				if (!refused)
					refused = rc;
				rc = MM_MP_OK;
			}
		} else {
			rc = add_text(&s, form, lim, &h.d.name, content, len);
		}
		if (rc)
			break;
		at = end + (long long)dlen;
	}
out:
	free(hdr);
	free(s.buf);
	return rc ? rc : refused;
}

void mm_uploads_free(struct mm_uploads *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->items[i].field);
		free(u->items[i].file_name);
	}
	free(u->items);
	memset(u, 0, sizeof *u);
}

int mm_multipart_file_refused(int rc)
{
	return rc == MM_MP_EMPTY_FILE || rc == MM_MP_BAD_FILE_NAME || rc == MM_MP_TOO_MANY_FILES ||
	       rc == MM_MP_FILE_TOO_LARGE;
}

const char *mm_multipart_error_key(int rc)
{
	switch (rc) {
	case MM_MP_OK: return NULL;
	case MM_MP_TRUNCATED: return "err.upload_truncated";
	case MM_MP_NO_NAME: return "err.upload_no_name";
	case MM_MP_EMPTY_FILE: return "err.upload_empty";
	case MM_MP_BAD_FILE_NAME: return "err.upload_file_name";
	case MM_MP_TOO_MANY_FILES: return "err.upload_too_many";
	case MM_MP_FILE_TOO_LARGE: return "err.upload_too_large";
	case MM_MP_TOO_LARGE: return "err.upload_form_too_large";
	case MM_MP_IO:
	case MM_MP_NOMEM: return "err.http_503";
	default: return "err.upload_malformed";
	}
}

int mm_multipart_status(int rc)
{
	switch (rc) {
	case MM_MP_OK: return 0;
	case MM_MP_FILE_TOO_LARGE:
	case MM_MP_TOO_LARGE: return 413;
	case MM_MP_IO:
	case MM_MP_NOMEM: return 503;
	default: return 400;
	}
}
