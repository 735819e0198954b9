/* Internet mail messages for the notifier (RFC 5322, RFC 2045-2047). */
#include "mm_mime.h"
#include "mm_crypto.h"
#include "mm_parse.h"
#include <stdio.h>
#include <string.h>

/* Lines of a message stay within this many characters where possible
 * (RFC 5322 §2.1.1 "SHOULD"); 998 is the hard limit. */
#define LINE_MAX 78
#define WORD_OVERHEAD 12	/* "=?UTF-8?B?" + "?=" */

static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 (RFC 4648 §4) with padding, no line breaks. */
static void b64_append(struct mm_buf *out, const unsigned char *in, size_t n)
{
	char quad[4];
	while (n >= 3) {
		quad[0] = b64chars[in[0] >> 2];
		quad[1] = b64chars[((in[0] & 3) << 4) | (in[1] >> 4)];
		quad[2] = b64chars[((in[1] & 15) << 2) | (in[2] >> 6)];
		quad[3] = b64chars[in[2] & 63];
		mm_buf_add(out, quad, 4);
		in += 3;
		n -= 3;
	}
	if (n > 0) {
		quad[0] = b64chars[in[0] >> 2];
		if (n == 1) {
			quad[1] = b64chars[(in[0] & 3) << 4];
			quad[2] = '=';
		} else {
			quad[1] = b64chars[((in[0] & 3) << 4) | (in[1] >> 4)];
			quad[2] = b64chars[(in[1] & 15) << 2];
		}
		quad[3] = '=';
		mm_buf_add(out, quad, 4);
	}
}

static int has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/* Appends encoded-words for s; col is the column the first word starts at.
 * Each word takes as many whole characters as fit in its line (at most 75
 * characters per word, 78 per line); words are separated by CRLF SP.
 * Returns the column after the last word. */
static size_t encode_words(struct mm_buf *out, const char *s, size_t col)
{
	const unsigned char *p = (const unsigned char *)s;
	/* not even one 4-byte character fits on this line: begin on the next */
	if (*p && (col >= LINE_MAX || LINE_MAX - col < WORD_OVERHEAD + 8)) {
		mm_buf_add(out, "\r\n ", 3);
		col = 1;
	}
	int sep = 0;
	while (*p) {
		if (sep) {
			mm_buf_add(out, "\r\n ", 3);
			col = 1;
		}
		size_t room = LINE_MAX - col;
		if (room > MM_MIME_WORD_MAX)
			room = MM_MIME_WORD_MAX;
		/* bytes that fit: whole base64 quads in room - overhead */
		size_t maxbytes = (room - WORD_OVERHEAD) / 4 * 3;
		size_t n = 0;
		while (p[n]) {
			/* a stray or malformed byte goes as one, byte for byte */
			uint32_t cp;
			size_t cl = mm_utf8_decode(p + n, 4, &cp);
			if (cl == 0)
				cl = 1;
			if (n + cl > maxbytes)
				break;
			n += cl;
		}
		mm_buf_add(out, "=?UTF-8?B?", 10);
		b64_append(out, p, n);
		mm_buf_add(out, "?=", 2);
		col += WORD_OVERHEAD + (n + 2) / 3 * 4;
		p += n;
		sep = 1;
	}
	return col;
}

void mm_mime_encode_header(struct mm_buf *out, const char *utf8)
{
	encode_words(out, utf8, 0);
}

/* Printable ASCII without "=?" (which a reader would take for an
 * encoded-word) and without a run of non-spaces too long for one line. */
static int plain_ok(const char *s)
{
	size_t run = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c > 0x7e)
			return 0;
		if (c == '=' && p[1] == '?')
			return 0;
		run = c == ' ' ? 0 : run + 1;
		if (run > LINE_MAX - 2)
			return 0;
	}
	return 1;
}

/* Appends a plain value folded at spaces; col is the current column.
 * Returns the column after the value. */
static size_t fold_plain(struct mm_buf *out, const char *s, size_t col)
{
	size_t start_col = col;
	const char *p = s;
	while (*p) {
		/* a segment: the spaces before a word, then the word */
		const char *q = p;
		while (*q == ' ')
			q++;
		while (*q && *q != ' ')
			q++;
		size_t n = (size_t)(q - p);
		if (col + n > LINE_MAX && col > start_col && *p == ' ') {
			mm_buf_add(out, "\r\n", 2);	/* fold before the space */
			col = 0;
		}
		mm_buf_add(out, p, n);
		col += n;
		p = q;
	}
	return col;
}

static int field_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 76)
		return 0;
	for (const char *p = name; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == ':')
			return 0;
	return 1;
}

int mm_mime_header(struct mm_buf *out, const char *name, const char *value)
{
	if (!field_name_ok(name) || has_crlf(value))
		return -1;
	mm_buf_puts(out, name);
	mm_buf_add(out, ": ", 2);
	size_t col = strlen(name) + 2;
	if (plain_ok(value))
		fold_plain(out, value, col);
	else
		encode_words(out, value, col);
	mm_buf_add(out, "\r\n", 2);
	return 0;
}

static int addr_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("<>()[]\\\",;:", c);
}

static int addr_ok(const char *a, size_t n)
{
	if (n < 3 || n > 254)
		return 0;
	const char *at = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!addr_char_ok((unsigned char)a[i]))
			return 0;
		if (a[i] == '@') {
			if (at)
				return 0;
			at = a + i;
		}
	}
	if (!at || at == a || at == a + n - 1)
		return 0;
	const char *dom = at + 1;
	size_t dn = n - (size_t)(dom - a);
	if (dom[0] == '.' || dom[dn - 1] == '.')
		return 0;
	for (size_t i = 0; i + 1 < dn; i++)
		if (dom[i] == '.' && dom[i + 1] == '.')
			return 0;
	return 1;
}

/* Splits a mailbox into its display name (may be empty, surrounding quotes
 * removed) and address. 0 or -1. */
static int split_mailbox(const char *mailbox, struct mm_buf *name, const char **addr,
			 size_t *addrlen)
{
	if (has_crlf(mailbox))
		return -1;
	const char *lt = strrchr(mailbox, '<');
	if (!lt) {
		const char *a = mailbox;
		while (*a == ' ')
			a++;
		size_t n = strlen(a);
		while (n > 0 && a[n - 1] == ' ')
			n--;
		if (!addr_ok(a, n))
			return -1;
		*addr = a;
		*addrlen = n;
		return 0;
	}
	const char *gt = strchr(lt, '>');
	if (!gt)
		return -1;
	for (const char *t = gt + 1; *t; t++)
		if (*t != ' ')
			return -1;
	if (!addr_ok(lt + 1, (size_t)(gt - lt - 1)))
		return -1;
	*addr = lt + 1;
	*addrlen = (size_t)(gt - lt - 1);
	const char *a = mailbox, *b = lt;
	while (a < b && *a == ' ')
		a++;
	while (b > a && b[-1] == ' ')
		b--;
	if (b - a >= 2 && *a == '"' && b[-1] == '"') {
		for (const char *t = a + 1; t < b - 1; t++) {
			if (*t == '\\' && t + 1 < b - 1)
				t++;
			mm_buf_add(name, t, 1);
		}
	} else {
		mm_buf_add(name, a, (size_t)(b - a));
	}
	return 0;
}

int mm_mime_addr_spec(const char *mailbox, char *addr, size_t cap)
{
	struct mm_buf name = { 0 };
	const char *a;
	size_t n;
	int rc = split_mailbox(mailbox, &name, &a, &n);
	mm_buf_free(&name);
	if (rc < 0 || n + 1 > cap)
		return -1;
	memcpy(addr, a, n);
	addr[n] = '\0';
	return 0;
}

static int atext_phrase(const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == ' ' || strchr("!#$%&'*+-/=?^_`{|}~", c)))
			return 0;
	}
	return 1;
}

/* "From: Name <addr>" with the name as atoms, a quoted-string or
 * encoded-words. */
static int from_header(struct mm_buf *out, const char *mailbox)
{
	struct mm_buf name = { 0 };
	const char *a;
	size_t n;
	if (split_mailbox(mailbox, &name, &a, &n) < 0) {
		mm_buf_free(&name);
		return -1;
	}
	const char *dn = mm_buf_str(&name);
	mm_buf_puts(out, "From: ");
	size_t col = 6;
	if (*dn == '\0') {
		mm_buf_add(out, a, n);
	} else {
		if (plain_ok(dn) && atext_phrase(dn)) {
			col = fold_plain(out, dn, col);
		} else if (plain_ok(dn)) {
			mm_buf_add(out, "\"", 1);
			for (const char *p = dn; *p; p++) {
				if (*p == '"' || *p == '\\') {
					mm_buf_add(out, "\\", 1);
					col++;
				}
				mm_buf_add(out, p, 1);
			}
			mm_buf_add(out, "\"", 1);
			col += strlen(dn) + 2;
		} else {
			col = encode_words(out, dn, col);
		}
		if (col + 3 + n > LINE_MAX)
			mm_buf_add(out, "\r\n", 2);
		mm_buf_add(out, " <", 2);
		mm_buf_add(out, a, n);
		mm_buf_add(out, ">", 1);
	}
	mm_buf_add(out, "\r\n", 2);
	mm_buf_free(&name);
	return 0;
}

void mm_mime_date(char out[32], time_t t)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	/* the bounds tell the compiler (and the reader) that it fits in 32 */
	snprintf(out, 32, "%s, %02u %s %04u %02u:%02u:%02u +0000",
		 days[(unsigned)tm.tm_wday % 7], (unsigned)tm.tm_mday % 100,
		 months[(unsigned)tm.tm_mon % 12], (unsigned)(tm.tm_year + 1900) % 10000,
		 (unsigned)tm.tm_hour % 100, (unsigned)tm.tm_min % 100, (unsigned)tm.tm_sec % 100);
}

int mm_mime_message_id(char *out, size_t cap, unsigned long long id, time_t created,
		       const char *from_addr, const unsigned char *key, size_t keylen)
{
	const char *at = strrchr(from_addr, '@');
	if (!at || !at[1] || !addr_ok(from_addr, strlen(from_addr)))
		return -1;
	char msg[64];
	int mn = snprintf(msg, sizeof msg, "message-id:%llu:%lld", id, (long long)created);
	unsigned char mac[32];
	mm_hmac_sha256(key, keylen, msg, (size_t)mn, mac);
	char hex[65];
	mm_hex_encode(mac, 8, hex);
	int n = snprintf(out, cap, "<outbox-%llu.%s@%s>", id, hex, at + 1);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int message_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 5 || n > 250 || s[0] != '<' || s[n - 1] != '>' || !strchr(s, '@'))
		return 0;
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
			return 0;
	}
	return 1;
}

/* Body: line breaks to CRLF, then base64 in lines of 76 characters. */
static void body_base64(struct mm_buf *out, const char *body)
{
	struct mm_buf canon = { 0 };
	const char *run = body;
	const char *p = body;
	for (; *p; p++) {
		if (*p != '\r' && *p != '\n')
			continue;
		mm_buf_add(&canon, run, (size_t)(p - run));
		mm_buf_add(&canon, "\r\n", 2);
		if (*p == '\r' && p[1] == '\n')
			p++;
		run = p + 1;
	}
	mm_buf_add(&canon, run, (size_t)(p - run));
	const unsigned char *in = (const unsigned char *)canon.p;
	size_t n = canon.len;
	while (n > 0) {
		size_t chunk = n > 57 ? 57 : n;	/* 57 bytes = 76 characters */
		b64_append(out, in, chunk);
		mm_buf_add(out, "\r\n", 2);
		in += chunk;
		n -= chunk;
	}
	if (canon.oom)
		out->oom = 1;
	mm_buf_free(&canon);
}

int mm_mime_message(struct mm_buf *out, const char *from, const char *to,
		    const char *subject, const char *body, time_t date,
		    const char *message_id)
{
	char date_s[32], to_addr[256];
	if (!from || !to || !subject || !body || !message_id)
		return -1;
	/* To is a bare address: anything else is refused, never rewritten */
	if (mm_mime_addr_spec(to, to_addr, sizeof to_addr) < 0 || strchr(to, '<') ||
	    !message_id_ok(message_id))
		return -1;
	struct mm_buf m = { 0 };
	mm_mime_date(date_s, date);
	int rc = mm_mime_header(&m, "Date", date_s);
	if (rc == 0)
		rc = from_header(&m, from);
	if (rc == 0)
		rc = mm_mime_header(&m, "To", to_addr);
	if (rc == 0)
		rc = mm_mime_header(&m, "Subject", subject);
	if (rc == 0)
		rc = mm_mime_header(&m, "Message-ID", message_id);
	if (rc == 0) {
		mm_buf_puts(&m, "MIME-Version: 1.0\r\n"
			    "Content-Type: text/plain; charset=UTF-8\r\n"
			    "Content-Transfer-Encoding: base64\r\n"
			    "Auto-Submitted: auto-generated\r\n"
			    "\r\n");
		body_base64(&m, body);
		if (m.oom)
			rc = -1;
	}
	if (rc == 0)
		mm_buf_add(out, m.p, m.len);
	mm_buf_free(&m);
	return rc;
}
