/* Article pages kept per worker (KB-1). An article page is the same for
 * every reader but its view count and the times in the reader's zone and
 * language, so a worker keeps what it read (struct kb_page) and shows it
 * again for KB_KEEP_MS, instead of one statement per view: under load a
 * worker reads a popular article about once a second, not hundreds of
 * times.
 *
 * A staff write of the knowledge program (any POST of the console: an
 * article saved, published or unpublished, a document added or removed, a
 * base or category renamed) counts up a generation shared by every worker
 * of the program on this host (one shared page, mapped before the workers
 * are forked); a page kept under an older generation is read again, so the
 * change shows on the next view, in every worker of the host. The
 * generation is read before the statement: a write committed while it runs
 * makes the page it read old at once. What other hosts of a scale-out
 * or rows written around the program, change shows within
 * KB_KEEP_MS. Without the shared page (mmap refused) nothing is kept. */
#include "knowledge.h"
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#define KB_KEEP_MS 1000
#define KB_KEEP_PAGES 16		/* articles a worker keeps */
#define KB_KEEP_BYTES (256 * 1024)	/* a larger page is read on every view */

static atomic_ulong *generation;	/* shared by the workers of this host */

/* One request at a time per process: the kept pages are the worker's own. */
static struct kept {
	struct kb_page page;
	unsigned long generation;
	long long until_ms;	/* monotonic; 0: not to be shown again */
	long long used_ms;
} kept[KB_KEEP_PAGES];

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int kb_keep_init(void)
{
	void *m = mmap(NULL, sizeof *generation, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (m == MAP_FAILED)
		return -1;
	generation = m;
	atomic_init(generation, 1);
	return 0;
}

void kb_keep_forget(void)
{
	if (generation)
		atomic_fetch_add(generation, 1);
}

static int shown_again(const struct kept *k, long long now, unsigned long gen)
{
	return k->until_ms > now && k->generation == gen;
}

int kb_keep_page(const char *no, const struct kb_page **out)
{
	long long now = now_ms();
	unsigned long gen = generation ? atomic_load(generation) : 0;
	struct kept *slot = NULL;
	for (int i = 0; i < KB_KEEP_PAGES && !slot; i++)
		if (strcmp(kept[i].page.no, no) == 0)
			slot = &kept[i];
	if (slot && shown_again(slot, now, gen)) {
		slot->used_ms = now;
		*out = &slot->page;
		return 1;
	}
	/* read into this article's slot, else one not to be shown again,
	 * else the one shown longest ago */
	for (int i = 0; i < KB_KEEP_PAGES && !slot; i++)
		if (!shown_again(&kept[i], now, gen))
			slot = &kept[i];
	if (!slot) {
		slot = &kept[0];
		for (int i = 1; i < KB_KEEP_PAGES; i++)
			if (kept[i].used_ms < slot->used_ms)
				slot = &kept[i];
	}
	slot->until_ms = 0;
	int rc = kb_db_article_page(no, &slot->page);
	if (rc <= 0) {
		kb_page_free(&slot->page);
		return rc;
	}
	if (generation && slot->page.text.len <= KB_KEEP_BYTES) {
		slot->generation = gen;
		slot->until_ms = now + KB_KEEP_MS;
	}
	slot->used_ms = now;
	*out = &slot->page;
	return 1;
}

void kb_keep_add_views(long long article_id, long long n)
{
	for (int i = 0; i < KB_KEEP_PAGES; i++)
		if (kept[i].until_ms && kept[i].page.id == article_id)
			kept[i].page.views += n;
}
