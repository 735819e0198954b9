/* The home page's announcement queries (DASH-2, KB-3): one statement for
 * the banner and the notices panel together, on kb_articles_announcement
 * (announcement, published, published_at), without the joins of the
 * knowledge area's article rows (the home page shows number, title and
 * time only). */
#include "dashboard.h"
#include <stdio.h>
#include <string.h>

/* twin: a published announcement in the other language that is this
 * one's translation (linked either way, or both translations of a third) */
#define NOTICE_TWIN \
	" EXISTS (SELECT 1 FROM kb_articles t WHERE t.announcement = 1 AND t.published = 1" \
	" AND t.id <> a.id AND t.lang <> a.lang AND (t.id = a.translation_of" \
	" OR t.translation_of = a.id OR (t.translation_of = a.translation_of" \
	" AND a.translation_of IS NOT NULL)))"
static const char SQL_ANNOUNCEMENTS[] =
	"SELECT a.id, a.article_no, a.title, a.published_at, a.display_from, a.display_until,"
	" a.lang," NOTICE_TWIN
	" FROM kb_articles a WHERE a.announcement = 1 AND a.published = 1"
	" ORDER BY a.published_at DESC, a.id DESC LIMIT ?";
/* the banner exactly, for when the kept list was cut short and could not
 * fill it */
static const char SQL_BANNER[] =
	"SELECT a.id, a.article_no, a.title, a.published_at, a.display_from, a.display_until,"
	" a.lang," NOTICE_TWIN
	" FROM kb_articles a WHERE a.announcement = 1 AND a.published = 1"
	" AND (a.display_from IS NULL OR a.display_from <= ?)"
	" AND (a.display_until IS NULL OR a.display_until > ?)"
	" AND NOT EXISTS (SELECT 1 FROM kb_dismissals d WHERE d.user_id = ? AND d.article_id = a.id)"
	" ORDER BY a.published_at DESC, a.id DESC LIMIT ?";

static int read_rows(struct mm_res *res, struct dash_notice *out, int cap)
{
	int n = 0, rc;
	while ((rc = mm_db_next(res)) > 0) {
		if (n == cap)
			continue;
		struct dash_notice *a = &out[n++];
		memset(a, 0, sizeof *a);
		a->id = mm_db_int(res, 0);
		snprintf(a->no, sizeof a->no, "%s", mm_db_str(res, 1) ? mm_db_str(res, 1) : "");
		snprintf(a->title, sizeof a->title, "%s", mm_db_str(res, 2) ? mm_db_str(res, 2) : "");
		a->published_at = mm_db_time(res, 3);
		a->display_from = mm_db_time(res, 4);
		a->display_until = mm_db_time(res, 5);
		snprintf(a->lang, sizeof a->lang, "%s", mm_db_str(res, 6) ? mm_db_str(res, 6) : "");
		a->twin = mm_db_int(res, 7) != 0;
	}
	mm_db_done(res);
	return rc < 0 ? rc : n;
}

int dash_db_announcements(struct dash_notice *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_ANNOUNCEMENTS, "i", (long long)cap);
	return rc < 0 ? rc : read_rows(&res, out, cap);
}

int dash_db_banner(long long user_id, time_t now, struct dash_notice *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_BANNER, "ttii", now, now, user_id, (long long)cap);
	return rc < 0 ? rc : read_rows(&res, out, cap);
}
