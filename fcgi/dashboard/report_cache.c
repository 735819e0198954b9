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
#include <stdlib.h>
#include <string.h>

#define CACHE_ENTRIES 16
#define CACHE_BYTES (4u << 20)

struct entry {
	struct report_body_key key;
	struct report_fingerprint fp;
	char *html;		/* NULL: a free slot */
	size_t len;
	char total[32];
	unsigned long long used;	/* clock of the last find or keep */
};

static struct {
	struct entry e[CACHE_ENTRIES];
	size_t bytes;
	unsigned long long clock;
} cache;

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

static void drop(struct entry *e)
{
	cache.bytes -= e->len;
	free(e->html);
	memset(e, 0, sizeof *e);
}

static struct entry *find_key(const struct report_body_key *key)
{
	for (int i = 0; i < CACHE_ENTRIES; i++)
		if (cache.e[i].html && same_key(&cache.e[i].key, key))
			return &cache.e[i];
	return NULL;
}

int report_cache_find(const struct report_body_key *key, const struct report_fingerprint *fp,
		      struct report_body *out)
{
	struct entry *e = find_key(key);
	if (!e)
		return 0;
	if (!same_fingerprint(&e->fp, fp)) {
		drop(e);
		return 0;
	}
	e->used = ++cache.clock;
	out->html = e->html;
	out->total = e->total;
	return 1;
}

static struct entry *least_recent(void)
{
	struct entry *oldest = NULL;
	for (int i = 0; i < CACHE_ENTRIES; i++)
		if (cache.e[i].html && (!oldest || cache.e[i].used < oldest->used))
			oldest = &cache.e[i];
	return oldest;
}

int report_cache_keep(const struct report_body_key *key, const struct report_fingerprint *fp,
		      const char *html, size_t len, const char *total)
{
	struct entry *e = find_key(key);
	if (e)
		drop(e);
	if (len > CACHE_BYTES || strlen(total) >= sizeof e->total)
		return 0;
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, html, len);
	copy[len] = '\0';
	while (cache.bytes + len > CACHE_BYTES)
		drop(least_recent());
	e = NULL;
	for (int i = 0; i < CACHE_ENTRIES && !e; i++)
		if (!cache.e[i].html)
			e = &cache.e[i];
	if (!e) {
		e = least_recent();
		drop(e);
	}
	e->key = *key;
	e->fp = *fp;
	e->html = copy;
	e->len = len;
	memcpy(e->total, total, strlen(total) + 1);
	e->used = ++cache.clock;
	cache.bytes += len;
	return 0;
}
