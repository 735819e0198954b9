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
#include "mm_keep.h"
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#define KB_KEEP_MS 1000
#define KB_KEEP_PAGES 16		/* articles a worker keeps */
#define KB_KEEP_BYTES (256 * 1024)	/* a larger page is read on every view */

static atomic_ulong *generation;	/* shared by the workers of this host */

struct kept {
	struct mm_keep_entry head;
	struct kb_page page;
	unsigned long generation;
	long long until_ms;	/* monotonic; 0: not to be shown again */
};

/* What a kept page is shown again by: the time and the generation now. */
struct kept_check {
	long long now_ms;
	unsigned long generation;
};

static int kept_is_key(const void *entry, const void *no)
{
	return strcmp(((const struct kept *)entry)->page.no, no) == 0;
}

static int kept_shown_again(const void *entry, const void *check)
{
	const struct kept *k = entry;
	const struct kept_check *c = check;
	return k->until_ms > c->now_ms && k->generation == c->generation;
}

static void kept_release(void *entry)
{
	kb_page_free(&((struct kept *)entry)->page);
}

static struct kept kept[KB_KEEP_PAGES];
static struct mm_keep keep = MM_KEEP_OVER(kept, kept_is_key, kept_shown_again, kept_release, 0);

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

int kb_keep_page(const char *no, const struct kb_page **out)
{
	struct kept_check check = { now_ms(), generation ? atomic_load(generation) : 0 };
	struct kept *slot = mm_keep_find(&keep, no, &check);
	if (slot) {
		*out = &slot->page;
		return 1;
	}
	/* a page not to be shown again makes room before the one shown
	 * longest ago; a page too large to keep still holds its slot (not to
	 * be shown again) while this request shows it */
	slot = mm_keep_take(&keep, no, 0, &check);
	int rc = kb_db_article_page(no, &slot->page);
	if (rc <= 0) {
		mm_keep_drop(&keep, slot);
		return rc;
	}
	if (generation && slot->page.text.len <= KB_KEEP_BYTES) {
		slot->generation = check.generation;
		slot->until_ms = check.now_ms + KB_KEEP_MS;
	}
	*out = &slot->page;
	return 1;
}

void kb_keep_add_views(long long article_id, long long n)
{
	for (int i = 0; i < KB_KEEP_PAGES; i++)
		if (kept[i].until_ms && kept[i].page.id == article_id)
			kept[i].page.views += n;
}
