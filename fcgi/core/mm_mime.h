/* Internet mail messages (RFC 5322, MIME RFC 2045-2047) built by the
 * notifier from an outbox row: one text/plain UTF-8 part, base64 encoded,
 * CRLF line endings everywhere. */
#ifndef MM_MIME_H
#define MM_MIME_H
#include <stddef.h>
#include <time.h>
#include "mm_buf.h"

/* Longest encoded-word allowed by RFC 2047 §2. */
#define MM_MIME_WORD_MAX 75

/* Appends utf8 as RFC 2047 "B" encoded-words of UTF-8, each at most 75
 * characters and holding whole UTF-8 characters only, separated by CRLF SP
 * (folding). Decoding the words and joining them gives utf8 back. */
void mm_mime_encode_header(struct mm_buf *out, const char *utf8);

/* Appends "Name: value" CRLF. Printable ASCII values are written as they are
 * (folded at spaces to keep lines within 78 characters where possible); any
 * other value is written as encoded-words, the first one shortened so that
 * no line exceeds 78 characters. -1 (nothing appended) when value holds CR or
 * LF (header injection) or name is not a plain field name. */
int mm_mime_header(struct mm_buf *out, const char *name, const char *value);

/* The address of a mailbox "Display Name <addr@domain>" or "addr@domain"
 * into addr. -1 when there is no plausible address (ASCII local@domain
 * without spaces, controls, angle brackets or quotes) or it does not fit. */
int mm_mime_addr_spec(const char *mailbox, char *addr, size_t cap);

/* "Tue, 01 Jul 2025 09:05:03 +0000" (RFC 5322 §3.3, UTC) for t. */
void mm_mime_date(char out[32], time_t t);

/* A Message-ID "<outbox-ID.HEX@domain>" stable for one outbox row: HEX is
 * HMAC-SHA256(key, "message-id:ID:CREATED") cut to 16 hex digits, so a retry
 * of the row carries the same Message-ID while ids of other installations
 * (keys) or of a restored database (other creation times) do not collide.
 * domain is the domain of from_addr. -1 when from_addr has no domain or out
 * is too short. */
int mm_mime_message_id(char *out, size_t cap, unsigned long long id, time_t created,
		       const char *from_addr, const unsigned char *key, size_t keylen);

/* Appends the whole message: Date, From, To, Subject, Message-ID,
 * MIME-Version, Content-Type text/plain; charset=UTF-8,
 * Content-Transfer-Encoding base64 and the body (line breaks normalised to
 * CRLF before encoding, RFC 2045 §6.8) in base64 lines of 76 characters.
 * from is a mailbox ("Name <addr>" or "addr"; a non-ASCII name is encoded),
 * to an address, message_id "<...>". 0, or -1 when a header input holds CR
 * or LF or an address is malformed (out is then left as it was). */
int mm_mime_message(struct mm_buf *out, const char *from, const char *to,
		    const char *subject, const char *body, time_t date,
		    const char *message_id);

#endif
