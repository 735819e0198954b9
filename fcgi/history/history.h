/* history: the login history of a tenant (HIST-1), its streamed exports
 * (HIST-2) and the hash chain they carry (HIST-3). */
#ifndef HISTORY_H
#define HISTORY_H
#include "mm.h"
#include "history_export.h"

#define HISTORY_PAGE_SIZE 20
/* A page counts the rows of its filter only as far as this many pages past
 * itself: more shows as 「N 件以上」. Counting costs one index entry per
 * row, so an exact count of a large tenant on every view would cost more
 * than the rest of the page many times over. */
#define HISTORY_COUNT_AHEAD_PAGES 10
#define HISTORY_DEPTH_MAX 10000		/* pages reach this far: narrow the period or export */
#define HISTORY_MAX_DAYS 731		/* longest period of a filter: two years */
#define HISTORY_EXPORT_SECONDS 300	/* statement cap of one export */

enum history_sort { HISTORY_SORT_TIME, HISTORY_SORT_EVENT, HISTORY_SORT_USER, HISTORY_NSORT };

/* What the viewer may see and chose to see. */
struct history_filter {
	long long tenant_id;	/* always the viewer's tenant */
	long long user_id;	/* 0: every user of the tenant (admin) */
	const char *event;	/* "" any */
	const char *login_id;	/* "" any */
	time_t from, before;	/* 0 open */
	int sort, desc;
};

struct history_row {
	time_t at;
	char at_utc[MM_TIME_LEN];
	char event[41 * 4];
	char login_id[41 * 4];
	char ip[46];
	char user_agent[256 * 4];
	long long chain_id, chain_seq, user_id;
	char prev_hash[65], row_hash[65];
};

/* history_db.c */
/* the exact count (exports) */
int history_db_count(const struct history_filter *f, long long *n);
/* the count, but no further than limit rows (pages) */
int history_db_count_upto(const struct history_filter *f, long long limit, long long *n);
/* up to HISTORY_PAGE_SIZE rows from offset: count or < 0 */
int history_db_page(const struct history_filter *f, long long offset, struct history_row *out);
/* Streams every row of the filter: fn gets each row and returns < 0 to stop
 * (that value is returned); 0 when all rows went, or an MM_DB_* error. */
int history_db_stream(const struct history_filter *f,
		      int (*fn)(void *ctx, const struct history_row *row), void *ctx);
/* Export slots: 1 claimed (slot set), 0 all taken, < 0 error. */
int history_db_slot_claim(long long tenant_id, int cap, int per_tenant, time_t now,
			  time_t lease_until, const unsigned char holder[16], int *slot);
int history_db_slot_release(int slot, const unsigned char holder[16]);

/* history_page.c: the filter of the request's validated inputs (0, or the
 * i18n key of what is wrong with it). */
extern const struct mm_input history_inputs[];
const char *history_filter_of(struct mm_req *r, struct history_filter *f);
/* Every event code the history shows, in the order of the filter list;
 * NULL-terminated. */
extern const char *const history_known_events[];
/* The event's name in the viewer's language (the code when unknown). */
const char *history_event_name(struct mm_req *r, const char *code);
int history_page(struct mm_req *r);
/* Renders the page with an error message (bad filter), status 400. */
int history_page_error(struct mm_req *r, const char *message_key);

/* history_export.c: GET /history/export.<ext> in format fmt (history_main.c
 * holds the formats). */
int history_export(struct mm_req *r, const struct hx_format *fmt);
/* The most rows an export in fmt may have, 0 for no limit: the format's
 * own, or History.XlsxMaxRows when that is lower. */
long long history_export_row_limit(const struct hx_format *fmt);
/* The longest an export may take, from its slot's claim: HISTORY_EXPORT_SECONDS,
 * or History.ExportSeconds when that is shorter. Its slot's lease lasts a
 * minute more. */
long history_export_seconds(void);

#endif
