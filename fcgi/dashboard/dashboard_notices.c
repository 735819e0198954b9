/* The home page's announcements (DASH-2, KB-3): the banner of those inside
 * their display window that the user has not dismissed, and the notices
 * panel of the newest ones with a link to all. Queries are the knowledge
 * program's (fcgi/knowledge/knowledge_db.c). */
#include "dashboard.h"
#include "../knowledge/knowledge.h"
#include <stdio.h>
#include <string.h>

struct notice_fill {
	struct mm_req *r;
	const char *root;
	int n;
};

static int notice_one(const struct kb_article *a, void *ctx)
{
	struct notice_fill *f = ctx;
	char path[64];
	int i = f->n++;
	snprintf(path, sizeof path, "%s.%d.No", f->root, i);
	mm_set(f->r, path, a->no);
	snprintf(path, sizeof path, "%s.%d.Title", f->root, i);
	mm_set(f->r, path, a->title);
	snprintf(path, sizeof path, "%s.%d.Time", f->root, i);
	mm_time_set(f->r, path, a->published_at);
	return 0;
}

int dashboard_notices(struct mm_req *r)
{
	struct notice_fill banner = { r, "Banner", 0 }, notices = { r, "Notices", 0 };
	mm_set(r, "BannerBack", "/");
	int rc = kb_db_announcements(1, r->user.id, r->now, KB_BANNER_MAX, notice_one, &banner);
	if (rc == 0)
		rc = kb_db_announcements(0, r->user.id, r->now, KB_NOTICES_MAX, notice_one, &notices);
	return rc;
}
