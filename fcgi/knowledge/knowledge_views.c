/* View counts without a write per view (KB-1): each worker process counts
 * the views it served in memory and adds them to the articles with one
 * "UPDATE … views = views + n" per article when KB_VIEWS_FLUSH_VIEWS views
 * are pending or the oldest pending one is KB_VIEWS_FLUSH_SECONDS old.
 *
 * The check runs at the start of each customer page of the knowledge
 * program (a worker has no timer of its own): an idle worker keeps its
 * counts until its next such request. A worker killed before a flush loses what it
 * held: at most KB_VIEWS_FLUSH_VIEWS - 1 views per worker. A failed flush
 * keeps the counts for the next try. Pages show the stored total plus the
 * worker's own pending views of the article. */
#include "knowledge.h"

#define KB_VIEWS_FLUSH_VIEWS 64
#define KB_VIEWS_FLUSH_SECONDS 5
#define KB_VIEWS_SLOTS 64	/* distinct articles held; a full table flushes */

/* The per-process counter (one request at a time per process). */
static struct {
	long long article_id, n;
} pending[KB_VIEWS_SLOTS];
static int npending;
static long long total;
static time_t oldest;

static void flush(void)
{
	int kept = 0;
	long long left = 0;
	for (int i = 0; i < npending; i++) {
		if (kb_db_add_views(pending[i].article_id, pending[i].n) == 0) {
			kb_keep_add_views(pending[i].article_id, pending[i].n);
			continue;
		}
		pending[kept++] = pending[i];
		left += pending[i].n;
	}
	npending = kept;
	total = left;
}

void kb_views_maybe_flush(struct mm_req *r)
{
	if (total > 0 && (total >= KB_VIEWS_FLUSH_VIEWS || r->now - oldest >= KB_VIEWS_FLUSH_SECONDS ||
			  r->now < oldest))
		flush();
	if (total == 0)
		oldest = 0;
}

void kb_views_count(struct mm_req *r, long long article_id)
{
	int i;
	for (i = 0; i < npending && pending[i].article_id != article_id; i++)
		;
	if (i == KB_VIEWS_SLOTS) {
		flush();
		if (npending == KB_VIEWS_SLOTS)
			return;	/* the database is away: this view is not counted */
		i = npending;
	}
	if (i == npending) {
		pending[npending].article_id = article_id;
		pending[npending++].n = 0;
	}
	pending[i].n++;
	if (total++ == 0)
		oldest = r->now;
}

long long kb_views_pending(long long article_id)
{
	for (int i = 0; i < npending; i++)
		if (pending[i].article_id == article_id)
			return pending[i].n;
	return 0;
}
