/* A ZIP archive written front to back into a callback (the .xlsx of the
 * login history, HIST-2): no seek, no temp file, memory flat.
 *
 * Each entry's local header says "sizes follow" (general purpose flag bit
 * 3); its data is deflated (raw, zlib) as it comes, with the CRC-32 taken
 * on the fly, and a data descriptor after the data carries CRC and sizes.
 * The central directory at the end repeats them, as every reader (Excel,
 * LibreOffice, python's zipfile) reads the central directory first.
 *
 * No ZIP64: an entry, and the archive, must stay below 4 GiB and 65,535
 * entries. A write that would pass that fails (-1) instead of writing a
 * broken archive; the caller then aborts the download. */
#ifndef HISTORY_ZIP_H
#define HISTORY_ZIP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef int (*hx_zip_out_fn)(void *ctx, const void *buf, size_t len);

struct hx_zip;

/* A new archive whose entries carry the local wall-clock time stamp
 * (DOS time has no zone); NULL when out of memory. level: zlib's 0–9. */
struct hx_zip *hx_zip_new(hx_zip_out_fn out, void *ctx, const struct tm *stamp, int level);
/* Starts the next entry (the previous one must be closed). */
int hx_zip_entry(struct hx_zip *z, const char *name);
/* Data of the open entry. */
int hx_zip_write(struct hx_zip *z, const void *buf, size_t len);
int hx_zip_puts(struct hx_zip *z, const char *s);
/* Ends the open entry: the rest of its data and its descriptor. */
int hx_zip_entry_end(struct hx_zip *z);
/* Writes the central directory and sends every byte still held; frees z
 * whatever happens. */
int hx_zip_finish(struct hx_zip *z);
/* Frees z after a failure (nothing more is sent). */
void hx_zip_free(struct hx_zip *z);
/* Bytes handed to out() so far. */
uint64_t hx_zip_sent(const struct hx_zip *z);

#endif
