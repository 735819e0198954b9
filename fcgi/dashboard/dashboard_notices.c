/* The home page's announcements (DASH-2, KB-3): the banner of those inside
 * their display window that the user has not dismissed, and the notices
 * panel of the newest ones with a link to all.
 *
 * Announcements are written by provider staff a few times a month and are
 * the same for every reader, so each worker keeps the newest
 * DASH_NOTICES_KEPT (one statement) for Dashboard.AnnouncementsKeepMs
 * (default 10 s): a newly published or withdrawn announcement reaches the
 * home page that much later at most, which nobody reading a notice can
 * tell from the time it took to publish it. The display window is checked
 * against the request's time, so a window opens and closes on time. What
 * is personal, the reader's dismissals, is never kept: it is read with
 * every page that has something to show in the banner (in the status
 * statement, dashboard_alerts_db.c), so a dismissed announcement is gone
 * at the next page. */
#include "dashboard.h"
#include "dashboard_alerts.h"
#include "../knowledge/knowledge.h"
#include "mm_template.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ClearSilver.h>

_Static_assert(DASH_NOTICES_KEPT <= DASH_ASK_MAX, "every kept announcement can be asked");

/* The process's kept list: one request at a time per process, nothing is
 * shared. */
static struct {
	struct dash_notice rows[DASH_NOTICES_KEPT];
	int n;
	int read;		/* rows and read_at are set */
	struct timespec read_at;
	/* the rows' times as shown in zone (a zone's conversion reads its
	 * rules again each time: the same few times for every reader of the
	 * zone are formatted once) */
	char zone[64 + 1];
	char times[DASH_NOTICES_KEPT][MM_TIME_LEN];
} kept;

/* The notices panel as rendered for a language and zone from the kept
 * list: the same HTML for every such reader until the list is read again.
 * Set as nodes and rendered per page, its rows were a fifth of the page's
 * work in the program (HDF nodes made and freed, the each loop). */
#define PANELS_KEPT 4
static struct {
	char lang[3];
	char zone[64 + 1];
	struct mm_buf html;
	int valid;
	/* made at made_at for the rows shown then; made again at until, the
	 * next kept row's display start (0: none) */
	time_t made_at, until;
} panels[PANELS_KEPT];
static unsigned panel_next;	/* the entry a new language or zone takes */

/* The banner (knowledge/banner.cs) as rendered for a language and the
 * announcements it shows, kept until the list is read again: the same
 * HTML for every reader of them but for the CSRF token of its forms,
 * which is rendered as this process's placeholder (random, so no title can
 * hold it) and put in per page. Set as nodes and rendered per page, the
 * banner's three rows cost more than the rest of the page's template. */
#define BANNERS_KEPT 8
static struct {
	char lang[3];
	char ids[KB_BANNER_MAX * 21];	/* the rows shown, comma-separated */
	struct mm_buf html;	/* with banner_slot for the token */
	int valid;
} banners[BANNERS_KEPT];
static unsigned banner_next;
static char banner_slot[2 + 2 * 12 + 1];

static void panels_forget(void)
{
	for (int i = 0; i < PANELS_KEPT; i++)
		panels[i].valid = 0;
	for (int i = 0; i < BANNERS_KEPT; i++)
		banners[i].valid = 0;
}

/* The kept row i's time in the reader's zone. */
static const char *kept_time(struct mm_req *r, int i)
{
	const char *zone = mm_time_zone(r);
	if (strcmp(kept.zone, zone) != 0) {
		for (int k = 0; k < kept.n; k++)
			mm_time_format(zone, kept.rows[k].published_at, kept.times[k]);
		snprintf(kept.zone, sizeof kept.zone, "%s", zone);
	}
	return kept.times[i];
}

static long keep_ms(void)
{
	return mm_cfg_int_range("Dashboard.AnnouncementsKeepMs", 10000, 0, 600000);
}

static int kept_due(void)
{
	if (!kept.read)
		return 1;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long age = (long)(now.tv_sec - kept.read_at.tv_sec) * 1000 +
		   (now.tv_nsec - kept.read_at.tv_nsec) / 1000000;
	return age < 0 || age >= keep_ms();
}

static int in_window(const struct dash_notice *a, time_t now)
{
	return (a->display_from == 0 || a->display_from <= now) &&
	       (a->display_until == 0 || a->display_until > now);
}

/* One announcement per translated pair: the reader's language, or the
 * other one where it has no translation. */
static int for_reader(const struct dash_notice *a, const char *lang)
{
	return !a->twin || strcmp(a->lang, lang) == 0;
}

int dashboard_notices_prepare(struct mm_req *r, struct dash_dismissed_ask *ask, int *ask_on)
{
	*ask_on = 0;
	if (kept_due()) {
		int n = dash_db_announcements(kept.rows, DASH_NOTICES_KEPT);
		if (n < 0) {
			kept.read = 0;
			return n;
		}
		kept.n = n;
		kept.read = 1;
		kept.zone[0] = '\0';
		panels_forget();
		clock_gettime(CLOCK_MONOTONIC, &kept.read_at);
	}
	ask->n = 0;
	ask->list[0] = '\0';
	size_t used = 0;
	for (int i = 0; i < kept.n; i++) {
		if (!in_window(&kept.rows[i], r->now))
			continue;
		if (!*ask_on || kept.rows[i].id < ask->min_id)
			ask->min_id = kept.rows[i].id;
		*ask_on = 1;
		ask->id[ask->n++] = kept.rows[i].id;
		used += (size_t)snprintf(ask->list + used, sizeof ask->list - used, "%s%lld",
					 used ? "," : "", kept.rows[i].id);
	}
	ask->user_id = r->user.id;
	return 0;
}

/* time: the announcement's time as shown */
static void set_notice(struct mm_req *r, const char *root, int i, const struct dash_notice *a,
		       const char *time)
{
	char path[64];
	snprintf(path, sizeof path, "%s.%d.No", root, i);
	mm_set(r, path, a->no);
	snprintf(path, sizeof path, "%s.%d.Title", root, i);
	mm_set(r, path, a->title);
	snprintf(path, sizeof path, "%s.%d.Time", root, i);
	mm_set(r, path, time);
}

/* Whether id is in the comma-separated list. */
static int listed(const char *list, long long id)
{
	for (const char *p = list; *p;) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			return 0;
		if (v == id)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* Notices.Html: the panel of the reader's language and zone, rendered from
 * the kept list when this worker has not rendered it yet. An announcement
 * whose display start (表示開始日時) is still ahead is not shown yet; the
 * panel is made again when that time comes. */
static int notices_panel(struct mm_req *r)
{
	const char *zone = mm_time_zone(r);
	for (int i = 0; i < PANELS_KEPT; i++)
		if (panels[i].valid && strcmp(panels[i].lang, r->lang) == 0 &&
		    strcmp(panels[i].zone, zone) == 0 &&
		    r->now >= panels[i].made_at && (panels[i].until == 0 || r->now < panels[i].until))
		{
			mm_set(r, "Notices.Html", mm_buf_str(&panels[i].html));
			return 0;
		}
	/* a stale entry of this language and zone is the one made again */
	int stale = -1;
	for (int i = 0; i < PANELS_KEPT; i++)
		if (panels[i].valid && strcmp(panels[i].lang, r->lang) == 0 &&
		    strcmp(panels[i].zone, zone) == 0)
			stale = i;
	unsigned k = stale >= 0 ? (unsigned)stale : panel_next++ % PANELS_KEPT;
	panels[k].valid = 0;
	mm_buf_reset(&panels[k].html);
	panels[k].made_at = r->now;
	panels[k].until = 0;
	int shown = 0;
	for (int i = 0; i < kept.n; i++) {
		time_t from = kept.rows[i].display_from;
		if (from > r->now) {
			if (panels[k].until == 0 || from < panels[k].until)
				panels[k].until = from;
			continue;
		}
		if (shown < KB_NOTICES_MAX && for_reader(&kept.rows[i], r->lang))
			set_notice(r, "Notices", shown++, &kept.rows[i], kept_time(r, i));
	}
	if (mm_tmpl_render(r->hdf, r->lang, "dashboard/notices_panel.cs", &panels[k].html) < 0)
		return MM_DB_ERR;
	snprintf(panels[k].lang, sizeof panels[k].lang, "%s", r->lang);
	snprintf(panels[k].zone, sizeof panels[k].zone, "%s", zone);
	panels[k].valid = 1;
	mm_set(r, "Notices.Html", mm_buf_str(&panels[k].html));
	return 0;
}

/* The banner of rows[0..n) (their times are not shown) rendered into
 * out in a dataset of its own, the token's places holding token. */
static int banner_render(struct mm_req *r, const struct dash_notice *const *rows, int n,
			 const char *token, struct mm_buf *out)
{
	HDF *hdf = NULL;
	NEOERR *err = hdf_init(&hdf);
	char path[64];
	for (int i = 0; i < n && err == STATUS_OK; i++) {
		snprintf(path, sizeof path, "Banner.%d.No", i);
		err = hdf_set_value(hdf, path, rows[i]->no);
		snprintf(path, sizeof path, "Banner.%d.Title", i);
		if (err == STATUS_OK)
			err = hdf_set_value(hdf, path, rows[i]->title);
	}
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "CSRF.token", token);
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "BannerBack", "/");
	int rc = err == STATUS_OK ? mm_tmpl_render(hdf, r->lang, "knowledge/banner.cs", out) : -1;
	nerr_ignore(&err);
	hdf_destroy(&hdf);
	return rc < 0 ? MM_DB_ERR : 0;
}

/* Banner.Html: the kept banner of the language and rows, rendered when
 * this worker has not rendered it yet, with the reader's token put in. */
static int banner_kept(struct mm_req *r, const struct dash_notice *const *rows, int n)
{
	char ids[sizeof banners[0].ids];
	size_t used = 0;
	ids[0] = '\0';
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lld", i ? "," : "",
					 rows[i]->id);
	int k = -1;
	for (int i = 0; i < BANNERS_KEPT && k < 0; i++)
		if (banners[i].valid && strcmp(banners[i].lang, r->lang) == 0 &&
		    strcmp(banners[i].ids, ids) == 0)
			k = i;
	if (k < 0) {
		if (!banner_slot[0]) {
			unsigned char rnd[12];
			if (mm_random_bytes(rnd, sizeof rnd) < 0)
				return MM_DB_ERR;
			banner_slot[0] = 'm';
			banner_slot[1] = 'm';
			mm_hex_encode(rnd, sizeof rnd, banner_slot + 2);
		}
		k = (int)(banner_next++ % BANNERS_KEPT);
		banners[k].valid = 0;
		mm_buf_reset(&banners[k].html);
		if (banner_render(r, rows, n, banner_slot, &banners[k].html) < 0 ||
		    banners[k].html.oom)
			return MM_DB_ERR;
		snprintf(banners[k].lang, sizeof banners[k].lang, "%s", r->lang);
		snprintf(banners[k].ids, sizeof banners[k].ids, "%s", ids);
		banners[k].valid = 1;
	}
	/* the token as var: prints it (escaped; base64url needs none) */
	mm_fill_common(r);
	const char *token = mm_get(r, "CSRF.token");
	struct mm_buf html = { 0 };
	size_t slot_len = strlen(banner_slot);
	for (const char *p = mm_buf_str(&banners[k].html);;) {
		const char *at = strstr(p, banner_slot);
		if (!at) {
			mm_buf_puts(&html, p);
			break;
		}
		mm_buf_add(&html, p, (size_t)(at - p));
		mm_html_escape(&html, token ? token : "");
		p = at + slot_len;
	}
	int rc = html.oom ? MM_DB_ERR : 0;
	if (rc == 0)
		mm_set(r, "Banner.Html", mm_buf_str(&html));
	mm_buf_free(&html);
	return rc;
}

int dashboard_notices_fill(struct mm_req *r, const struct dash_dismissed_ask *ask, int ask_on,
			   int have, struct mm_buf *dismissed)
{
	if (notices_panel(r) < 0)
		return MM_DB_ERR;
	if (!ask_on)	/* nothing in its window: the banner of no rows */
		return banner_kept(r, NULL, 0);
	if (!have) {
		int rc = dash_db_dismissed(ask, dismissed);
		if (rc < 0)
			return rc;
	}
	const char *list = mm_buf_str(dismissed);
	const struct dash_notice *shown[KB_BANNER_MAX];
	int n = 0;
	for (int i = 0; i < kept.n && n < KB_BANNER_MAX; i++)
		if (in_window(&kept.rows[i], r->now) && !listed(list, kept.rows[i].id) &&
		    for_reader(&kept.rows[i], r->lang))
			shown[n++] = &kept.rows[i];
	if (n == KB_BANNER_MAX || kept.n < DASH_NOTICES_KEPT)
		return banner_kept(r, shown, n);
	/* the kept list was cut short and older announcements may still be
	 * shown: the banner from the database (rare: more than
	 * DASH_NOTICES_KEPT published announcements, most of them dismissed or
	 * outside their window), rendered for this page alone */
	struct dash_notice *rows = malloc(KB_BANNER_MAX * sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int got = dash_db_banner(r->user.id, r->now, rows, KB_BANNER_MAX);
	int rc = got < 0 ? got : 0;
	if (got > 0) {
		int kept_rows = 0;
		for (int i = 0; i < got; i++)
			if (for_reader(&rows[i], r->lang))
				shown[kept_rows++] = &rows[i];
		got = kept_rows;
		mm_fill_common(r);
		const char *token = mm_get(r, "CSRF.token");
		struct mm_buf html = { 0 };
		rc = banner_render(r, shown, got, token ? token : "", &html);
		if (rc == 0 && !html.oom)
			mm_set(r, "Banner.Html", mm_buf_str(&html));
		else
			rc = MM_DB_ERR;
		mm_buf_free(&html);
	}
	free(rows);
	return rc;
}
