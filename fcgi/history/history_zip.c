/* Streamed ZIP writer (history_zip.h). Layout per PKWARE APPNOTE 6.3:
 * local header (flags: data descriptor, UTF-8 names), deflated data, data
 * descriptor with its signature; then the central directory and its end
 * record. */
#include "history_zip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define OUT_CAP (64 * 1024)	/* bytes gathered before out() */
#define IN_CAP (64 * 1024)	/* entry data gathered before deflate() */
#define MAX_ENTRIES 16		/* an .xlsx of one sheet has 7 */
#define NAME_MAX_LEN 63
#define LIMIT32 0xffffffffULL	/* no ZIP64 */
#define FLAGS 0x0808		/* bit 3: sizes in the descriptor; bit 11: UTF-8 name */
#define VERSION 20		/* 2.0: deflate, data descriptor */

struct entry {
	char name[NAME_MAX_LEN + 1];
	uint32_t crc, csize, usize, offset;
};

struct hx_zip {
	hx_zip_out_fn out;
	void *ctx;
	uint64_t offset;	/* archive bytes so far: sent + olen */
	uint64_t sent;
	int failed;
	uint16_t dos_time, dos_date;
	z_stream zs;
	int open;		/* an entry is open */
	uint32_t crc;
	uint64_t usize, csize;
	int nentries;
	struct entry entries[MAX_ENTRIES];
	size_t olen, ilen;
	unsigned char obuf[OUT_CAP];
	unsigned char ibuf[IN_CAP];
};

static int send_out(struct hx_zip *z)
{
	if (z->olen && !z->failed) {
		if (z->out(z->ctx, z->obuf, z->olen) < 0)
			z->failed = 1;
		else
			z->sent += z->olen;
	}
	z->olen = 0;
	return z->failed ? -1 : 0;
}

static int put(struct hx_zip *z, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	while (len) {
		if (z->olen == OUT_CAP && send_out(z) < 0)
			return -1;
		size_t n = OUT_CAP - z->olen < len ? OUT_CAP - z->olen : len;
		memcpy(z->obuf + z->olen, p, n);
		z->olen += n;
		z->offset += n;
		p += n;
		len -= n;
	}
	return z->failed ? -1 : 0;
}

static void le16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

struct hx_zip *hx_zip_new(hx_zip_out_fn out, void *ctx, const struct tm *stamp, int level)
{
	struct hx_zip *z = malloc(sizeof *z);
	if (!z)
		return NULL;
	memset(z, 0, offsetof(struct hx_zip, obuf));
	z->out = out;
	z->ctx = ctx;
	/* raw deflate (negative window bits): ZIP has its own header and CRC */
	if (deflateInit2(&z->zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	int year = stamp ? stamp->tm_year + 1900 : 1980;
	if (!stamp || year < 1980 || year > 2107) {
		z->dos_date = 1 << 5 | 1;	/* 1980-01-01: DOS time starts there */
	} else {
		z->dos_date = (uint16_t)((year - 1980) << 9 | (stamp->tm_mon + 1) << 5 | stamp->tm_mday);
		z->dos_time = (uint16_t)(stamp->tm_hour << 11 | stamp->tm_min << 5 | stamp->tm_sec / 2);
	}
	return z;
}

int hx_zip_entry(struct hx_zip *z, const char *name)
{
	size_t len = strlen(name);
	if (z->failed || z->open || z->nentries == MAX_ENTRIES || len > NAME_MAX_LEN ||
	    z->offset > LIMIT32)
		return z->failed = 1, -1;
	struct entry *e = &z->entries[z->nentries];
	memcpy(e->name, name, len + 1);
	e->offset = (uint32_t)z->offset;
	unsigned char h[30];
	le32(h, 0x04034b50);
	le16(h + 4, VERSION);
	le16(h + 6, FLAGS);
	le16(h + 8, Z_DEFLATED);
	le16(h + 10, z->dos_time);
	le16(h + 12, z->dos_date);
	le32(h + 14, 0);	/* CRC and sizes: in the data descriptor */
	le32(h + 18, 0);
	le32(h + 22, 0);
	le16(h + 26, (uint32_t)len);
	le16(h + 28, 0);
	if (put(z, h, sizeof h) < 0 || put(z, name, len) < 0)
		return -1;
	if (deflateReset(&z->zs) != Z_OK)
		return z->failed = 1, -1;
	z->open = 1;
	z->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	z->usize = z->csize = 0;
	z->ilen = 0;
	return 0;
}

/* Deflates the gathered data straight into the output buffer. */
static int deflate_in(struct hx_zip *z, int flush)
{
	z->crc = (uint32_t)crc32(z->crc, z->ibuf, (uInt)z->ilen);
	z->zs.next_in = z->ibuf;
	z->zs.avail_in = (uInt)z->ilen;
	for (;;) {
		if (z->olen == OUT_CAP && send_out(z) < 0)
			return -1;
		z->zs.next_out = z->obuf + z->olen;
		z->zs.avail_out = (uInt)(OUT_CAP - z->olen);
		int rc = deflate(&z->zs, flush);
		size_t made = OUT_CAP - z->olen - z->zs.avail_out;
		z->olen += made;
		z->offset += made;
		z->csize += made;
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return z->failed = 1, -1;
		if (flush == Z_NO_FLUSH && z->zs.avail_in == 0 && z->zs.avail_out > 0)
			break;
	}
	z->ilen = 0;
	if (z->csize > LIMIT32 || z->offset > LIMIT32)
		return z->failed = 1, -1;
	return 0;
}

int hx_zip_write(struct hx_zip *z, const void *buf, size_t len)
{
	if (z->failed || !z->open)
		return -1;
	if (z->usize + len > LIMIT32)
		return z->failed = 1, -1;
	z->usize += len;
	const unsigned char *p = buf;
	while (len) {
		size_t n = IN_CAP - z->ilen < len ? IN_CAP - z->ilen : len;
		memcpy(z->ibuf + z->ilen, p, n);
		z->ilen += n;
		p += n;
		len -= n;
		if (z->ilen == IN_CAP && deflate_in(z, Z_NO_FLUSH) < 0)
			return -1;
	}
	return 0;
}

int hx_zip_puts(struct hx_zip *z, const char *s)
{
	return hx_zip_write(z, s, strlen(s));
}

int hx_zip_entry_end(struct hx_zip *z)
{
	if (z->failed || !z->open || deflate_in(z, Z_FINISH) < 0)
		return z->failed = 1, -1;
	struct entry *e = &z->entries[z->nentries++];
	e->crc = z->crc;
	e->csize = (uint32_t)z->csize;
	e->usize = (uint32_t)z->usize;
	z->open = 0;
	unsigned char d[16];
	le32(d, 0x08074b50);
	le32(d + 4, e->crc);
	le32(d + 8, e->csize);
	le32(d + 12, e->usize);
	return put(z, d, sizeof d);
}

static int central_directory(struct hx_zip *z)
{
	uint64_t start = z->offset;
	for (int i = 0; i < z->nentries; i++) {
		const struct entry *e = &z->entries[i];
		size_t len = strlen(e->name);
		unsigned char h[46];
		le32(h, 0x02014b50);
		le16(h + 4, 3 << 8 | VERSION);	/* made by: Unix */
		le16(h + 6, VERSION);
		le16(h + 8, FLAGS);
		le16(h + 10, Z_DEFLATED);
		le16(h + 12, z->dos_time);
		le16(h + 14, z->dos_date);
		le32(h + 16, e->crc);
		le32(h + 20, e->csize);
		le32(h + 24, e->usize);
		le16(h + 28, (uint32_t)len);
		le16(h + 30, 0);	/* extra */
		le16(h + 32, 0);	/* comment */
		le16(h + 34, 0);	/* disk */
		le16(h + 36, 0);	/* internal attributes */
		le32(h + 38, 0100644u << 16);	/* external: a regular file, rw-r--r-- */
		le32(h + 42, e->offset);
		if (put(z, h, sizeof h) < 0 || put(z, e->name, len) < 0)
			return -1;
	}
	uint64_t size = z->offset - start;
	if (z->offset > LIMIT32)
		return z->failed = 1, -1;
	unsigned char end[22];
	le32(end, 0x06054b50);
	le16(end + 4, 0);
	le16(end + 6, 0);
	le16(end + 8, (uint32_t)z->nentries);
	le16(end + 10, (uint32_t)z->nentries);
	le32(end + 12, (uint32_t)size);
	le32(end + 16, (uint32_t)start);
	le16(end + 20, 0);
	return put(z, end, sizeof end);
}

int hx_zip_finish(struct hx_zip *z)
{
	int rc = -1;
	if (!z->failed && !z->open && central_directory(z) == 0)
		rc = send_out(z);
	hx_zip_free(z);
	return rc;
}

void hx_zip_free(struct hx_zip *z)
{
	if (!z)
		return;
	deflateEnd(&z->zs);
	free(z);
}

uint64_t hx_zip_sent(const struct hx_zip *z)
{
	return z->sent;
}
