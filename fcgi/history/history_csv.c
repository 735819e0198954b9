/* CSV export of the login history (HIST-2): UTF-8 with a BOM (Excel reads
 * the encoding from it), RFC 4180 with CRLF, formula injection neutralised,
 * and the HIST-3 chain columns for an offline check. Rows are encoded into
 * a buffer handed to out() every HX_CSV_CHUNK bytes: memory stays flat
 * whatever the row count. */
#include "history_export.h"
#include "history_csv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HX_CSV_CHUNK (64 * 1024)

void hx_csv_field(struct mm_buf *b, const char *s, int free_text)
{
	if (!s)
		s = "";
	int neutral = free_text && (strchr("=+-@\t\r'", s[0]) && s[0] != '\0');
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		mm_buf_add(b, "\"", 1);
	if (neutral)
		mm_buf_add(b, "'", 1);
	for (const char *p = s;;) {
		const char *q = quote ? strchr(p, '"') : NULL;
		if (!q) {
			mm_buf_puts(b, p);
			break;
		}
		mm_buf_add(b, p, (size_t)(q - p) + 1);
		mm_buf_add(b, "\"", 1);	/* "" inside a quoted field */
		p = q + 1;
	}
	if (quote)
		mm_buf_add(b, "\"", 1);
}

struct csv {
	hx_out_fn out;
	void *ctx;
	struct mm_buf b;
};

static int flush(struct csv *c)
{
	int rc = 0;
	if (c->b.oom)
		rc = -1;
	else if (c->b.len && c->out(c->ctx, c->b.p, c->b.len) < 0)
		rc = -1;
	c->b.len = 0;
	return rc;
}

/* the chain columns after the five of the table (tools/verify-history-csv.py
 * reads them by these names) */
static const char *const chain_headers[] = {
	"utc", "event_code", "chain", "seq", "user_no", "prev_hash", "row_hash", NULL
};

static int csv_begin(void **state, const struct hx_meta *m, hx_out_fn out, void *ctx)
{
	struct csv *c = calloc(1, sizeof *c);
	if (!c)
		return -1;
	c->out = out;
	c->ctx = ctx;
	*state = c;
	mm_buf_add(&c->b, "\xEF\xBB\xBF", 3);
	for (int i = 0; i < 5; i++) {
		hx_csv_field(&c->b, m->headers[i], 1);
		mm_buf_add(&c->b, ",", 1);
	}
	for (int i = 0; chain_headers[i]; i++) {
		mm_buf_puts(&c->b, chain_headers[i]);
		mm_buf_puts(&c->b, chain_headers[i + 1] ? "," : "\r\n");
	}
	return flush(c);
}

/* n in decimal (snprintf per number was a tenth of the export's time) */
static void put_num(struct mm_buf *b, long long n)
{
	char digits[24], *p = digits + sizeof digits;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	mm_buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

static int csv_row(void *state, const struct hx_row *row)
{
	struct csv *c = state;
	hx_csv_field(&c->b, row->at_local, 0);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->event, 1);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->login_id, 1);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->ip, 1);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->user_agent, 1);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->at_utc, 0);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->event_code, 1);
	mm_buf_add(&c->b, ",", 1);
	if (row->chain_seq > 0) {
		put_num(&c->b, row->chain_id);
		mm_buf_add(&c->b, ",", 1);
		put_num(&c->b, row->chain_seq);
	} else {	/* written before the chain: nothing to check */
		mm_buf_add(&c->b, ",", 1);
	}
	mm_buf_add(&c->b, ",", 1);
	put_num(&c->b, row->user_id);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->prev_hash, 0);
	mm_buf_add(&c->b, ",", 1);
	hx_csv_field(&c->b, row->row_hash, 0);
	mm_buf_add(&c->b, "\r\n", 2);
	return c->b.len >= HX_CSV_CHUNK ? flush(c) : (c->b.oom ? -1 : 0);
}

static int csv_end(void *state)
{
	struct csv *c = state;
	int rc = flush(c);
	mm_buf_free(&c->b);
	free(c);
	return rc;
}

static void csv_abort(void *state)
{
	struct csv *c = state;
	if (!c)
		return;
	mm_buf_free(&c->b);
	free(c);
}

const struct hx_format hx_csv = {
	.ext = "csv",
	.content_type = "text/csv; charset=utf-8",
	.begin = csv_begin,
	.row = csv_row,
	.end = csv_end,
	.abort = csv_abort,
	.no_total = 1,
};
