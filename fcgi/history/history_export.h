/* Streamed exports of the login history (HIST-2): CSV, Excel, PDF.
 *
 * A format writes one export as the rows arrive from the database cursor:
 * begin, one call per row, end. It never holds the whole result in memory.
 * Every byte leaves through out(), in order; out() returns < 0 when the
 * client went away, and the format then returns < 0 from the call at hand
 * so the caller stops reading the cursor. After a failed call the caller
 * calls abort() (never end()) to free what the format holds. */
#ifndef HISTORY_EXPORT_H
#define HISTORY_EXPORT_H

#include <stddef.h>
#include <time.h>

typedef int (*hx_out_fn)(void *ctx, const void *buf, size_t len);

/* What the header (PDF) or file metadata shows. Strings are UTF-8, already
 * in the viewer's language and time zone. */
struct hx_meta {
	const char *lang;		/* "ja" or "en" */
	const char *title;		/* e.g. 「ログイン履歴」 */
	const char *tenant;		/* customer number and name */
	const char *period;		/* e.g. "2026-11-01 – 2026-11-30" */
	const char *filter;		/* the filter in words, "" when none */
	const char *generated_at;	/* local time of the export */
	const char *zone;		/* the viewer's time zone of every time, e.g. "Asia/Tokyo" */
	const char *headers[5];		/* column titles: time (naming the zone), event, user ID, IP, user agent */
	long long total_rows;		/* rows that will follow (PDF: page N / M); -1 see no_total */
	const char *const *event_names;	/* every event's name in the viewer's language, NULL-terminated
					 * or NULL (the PDF's event column is as wide as the longest) */
};

struct hx_row {
	time_t at;			/* UTC */
	const char *at_local;		/* "YYYY-MM-DD HH:MM:SS" in the viewer's zone */
	double at_serial;		/* Excel serial date of at_local (days since 1899-12-30) */
	const char *event;		/* event name in the viewer's language */
	const char *login_id;
	const char *ip;
	const char *user_agent;

	/* HIST-3: what an offline check of the row's hash needs (the CSV
	 * carries it; other formats may ignore it). Never NULL: "" and 0 for a
	 * row written before the chain existed. Hashes in lower-case hex. */
	const char *at_utc;		/* "YYYY-MM-DD HH:MM:SS" UTC */
	const char *event_code;		/* the event as stored ("login.ok") */
	long long chain_id;		/* tenant id, 0 = none */
	long long chain_seq;
	long long user_id;		/* 0 = none */
	const char *prev_hash;
	const char *row_hash;
};

struct hx_format {
	const char *ext;		/* "csv", "xlsx", "pdf" */
	const char *content_type;
	int (*begin)(void **state, const struct hx_meta *m, hx_out_fn out, void *ctx);
	int (*row)(void *state, const struct hx_row *row);
	int (*end)(void *state);	/* flushes, frees; < 0 when out() failed */
	void (*abort)(void *state);	/* frees after a failed call */
	/* 1: the format does not use hx_meta.total_rows (it is then -1) and
	 * the export saves counting the rows first: a million-row count can
	 * take longer than the database read timeout on a busy server */
	int no_total;
	/* the most rows a file of the format can hold (0: no limit); a larger
	 * export is refused before it begins */
	long long max_rows;
};

extern const struct hx_format hx_csv;
extern const struct hx_format hx_xlsx;
extern const struct hx_format hx_pdf;

#endif
