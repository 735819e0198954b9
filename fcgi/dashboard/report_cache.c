/* Rendered report bodies, kept per worker process. Building the tables and
 * the five charts of a 50-UTM report costs the program about 3 ms, twice
 * what the rest of the page costs altogether; the body only changes when
 * its fingerprint does (report.h), which every request reads from the
 * database before looking here, so a new or late alert, a renamed UTM or a
 * new participants' average shows at the next view on every worker.
 *
 * Kept in the process rather than in the database: a hit then costs no
 * blob read, transfer or decompression (the body is 70-150 KB of HTML),
 * and a miss costs one worker one rendering from the kept figures. The
 * process serves one request at a time, so nothing here is shared. */
#include "report.h"
#include "mm_keep.h"
#include <stdlib.h>
#include <string.h>

#define CACHE_ENTRIES 16
#define CACHE_BYTES (4u << 20)

struct entry {
	struct mm_keep_entry head;
	struct report_body_key key;
	struct report_fingerprint fp;
	char *html;
	char total[32];
};

static int same_key(const struct report_body_key *a, const struct report_body_key *b)
{
	return a->tenant_id == b->tenant_id && a->device_id == b->device_id &&
	       strcmp(a->from, b->from) == 0 && strcmp(a->to, b->to) == 0 &&
	       strcmp(a->lang, b->lang) == 0;
}

static int same_fingerprint(const struct report_fingerprint *a, const struct report_fingerprint *b)
{
	if (a->gen != b->gen || a->devices_n != b->devices_n || a->devices_sig != b->devices_sig ||
	    a->peer != b->peer)
		return 0;
	return !a->peer || (strcmp(a->peer_from, b->peer_from) == 0 &&
			    strcmp(a->peer_to, b->peer_to) == 0 &&
			    a->peer_computed == b->peer_computed && a->peer_gen == b->peer_gen);
}

static int entry_is_key(const void *entry, const void *key)
{
	return same_key(&((const struct entry *)entry)->key, key);
}

static int entry_made_from(const void *entry, const void *fp)
{
	return same_fingerprint(&((const struct entry *)entry)->fp, fp);
}

static void entry_release(void *entry)
{
	free(((struct entry *)entry)->html);
}

static struct entry entries[CACHE_ENTRIES];
static struct mm_keep cache =
	MM_KEEP_OVER(entries, entry_is_key, entry_made_from, entry_release, CACHE_BYTES);

int report_cache_find(const struct report_body_key *key, const struct report_fingerprint *fp,
		      struct report_body *out)
{
	struct entry *e = mm_keep_find(&cache, key, fp);
	if (!e)
		return 0;
	out->html = e->html;
	out->total = e->total;
	return 1;
}

int report_cache_keep(const struct report_body_key *key, const struct report_fingerprint *fp,
		      const char *html, size_t len, const char *total)
{
	/* a fingerprint belongs to its key: no other entry is judged by it */
	struct entry *e = mm_keep_take(&cache, key, len, NULL);
	if (!e)
		return 0;
	size_t total_len = strlen(total);
	if (total_len >= sizeof e->total) {
		mm_keep_drop(&cache, e);
		return 0;
	}
	if (!(e->html = malloc(len + 1))) {
		mm_keep_drop(&cache, e);
		return -1;
	}
	memcpy(e->html, html, len);
	e->html[len] = '\0';
	memcpy(e->total, total, total_len + 1);
	e->key = *key;
	e->fp = *fp;
	return 0;
}
