/* Pieces the knowledge pages share: relative times, article data for the
 * templates, bases and categories, the announcement banner, numbers in
 * paths. */
#include "knowledge.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 「3日前」 / "3 days ago" (seed 002 §4.9); the exact local time goes in
 * the page's <time> next to it. */
void kb_relative_time(struct mm_req *r, time_t t, struct mm_buf *out)
{
	static const struct {
		long long seconds;
		const char *key;
	} units[] = {
		{ 365LL * 86400, "year" }, { 30LL * 86400, "month" }, { 86400, "day" },
		{ 3600, "hour" }, { 60, "minute" },
	};
	long long d = (long long)(r->now - t);
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (d < units[i].seconds)
			continue;
		long long n = d / units[i].seconds;
		char key[48];
		snprintf(key, sizeof key, "knowledge.rel.%s_%s", units[i].key, n == 1 ? "1" : "n");
		/* HDF trims values: the space of "3 days ago" is added here */
		mm_buf_printf(out, "%lld%s%s", n, strcmp(r->lang, "en") == 0 ? " " : "", mm_t(r, key));
		return;
	}
	mm_buf_puts(out, mm_t(r, "knowledge.rel.now"));
}

static void setp(struct mm_req *r, const char *prefix, const char *field, const char *v)
{
	char path[96];
	snprintf(path, sizeof path, "%s.%s", prefix, field);
	mm_set(r, path, v);
}

void kb_fill_row(struct mm_req *r, const char *prefix, const struct kb_article *a)
{
	char path[96];
	int ja = strcmp(r->lang, "en") != 0;
	setp(r, prefix, "No", a->no);
	setp(r, prefix, "Title", a->title);
	setp(r, prefix, "Lang", a->lang);
	setp(r, prefix, "Author", a->author);
	setp(r, prefix, "Base", ja ? a->base_ja : a->base_en);
	setp(r, prefix, "Category", ja ? a->category_ja : a->category_en);
	setp(r, prefix, "Published", a->published ? "1" : "0");
	snprintf(path, sizeof path, "%s.Views", prefix);
	mm_set_int(r, path, a->views + kb_views_pending(a->id));
	time_t shown = a->published_at ? a->published_at : a->updated_at;
	snprintf(path, sizeof path, "%s.Time", prefix);
	mm_time_set(r, path, shown);
	/* machine-readable for <time datetime> */
	char iso[32];
	struct tm tm;
	gmtime_r(&shown, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	setp(r, prefix, "TimeIso", iso);
	struct mm_buf rel = { 0 };
	kb_relative_time(r, shown, &rel);
	setp(r, prefix, "Rel", mm_buf_str(&rel));
	mm_buf_free(&rel);
}

void kb_fill_article(struct mm_req *r, const char *prefix, const struct kb_article *a)
{
	char path[96];
	kb_fill_row(r, prefix, a);
	setp(r, prefix, "Announcement", a->announcement ? "1" : "0");
	setp(r, prefix, "UpdatedBy", a->updated_by);
	snprintf(path, sizeof path, "%s.BaseId", prefix);
	mm_set_int(r, path, a->base_id);
	snprintf(path, sizeof path, "%s.CategoryId", prefix);
	mm_set_int(r, path, a->category_id);
	snprintf(path, sizeof path, "%s.DisplayFrom", prefix);
	mm_time_set(r, path, a->display_from);
	snprintf(path, sizeof path, "%s.DisplayUntil", prefix);
	mm_time_set(r, path, a->display_until);
	snprintf(path, sizeof path, "%s.UpdatedAt", prefix);
	mm_time_set(r, path, a->updated_at);
}

int kb_fill_bases(struct mm_req *r)
{
	struct kb_base *b = calloc(KB_MAX_BASES, sizeof *b);
	struct kb_category *c = calloc(KB_MAX_CATEGORIES, sizeof *c);
	int nb = b && c ? kb_db_bases(b, KB_MAX_BASES) : MM_DB_ERR;
	int nc = nb >= 0 ? kb_db_categories(c, KB_MAX_CATEGORIES) : nb;
	if (nb >= 0 && nc >= 0)
		kb_set_bases(r, b, nb, c, nc);
	free(b);
	free(c);
	return nb < 0 ? nb : nc < 0 ? nc : 0;
}

void kb_set_bases(struct mm_req *r, const struct kb_base *b, int nb,
		  const struct kb_category *c, int nc)
{
	int ja = strcmp(r->lang, "en") != 0;
	char p[48];
	for (int i = 0; i < nb; i++) {
		snprintf(p, sizeof p, "Bases.%d.Id", i);
		mm_set_int(r, p, b[i].id);
		snprintf(p, sizeof p, "Bases.%d.Code", i);
		mm_set(r, p, b[i].code);
		snprintf(p, sizeof p, "Bases.%d.Name", i);
		mm_set(r, p, ja ? b[i].name_ja : b[i].name_en);
		snprintf(p, sizeof p, "Bases.%d.NameJa", i);
		mm_set(r, p, b[i].name_ja);
		snprintf(p, sizeof p, "Bases.%d.NameEn", i);
		mm_set(r, p, b[i].name_en);
		snprintf(p, sizeof p, "Bases.%d.Position", i);
		mm_set_int(r, p, b[i].position);
	}
	for (int i = 0; i < nc; i++) {
		snprintf(p, sizeof p, "Categories.%d.Id", i);
		mm_set_int(r, p, c[i].id);
		snprintf(p, sizeof p, "Categories.%d.BaseId", i);
		mm_set_int(r, p, c[i].base_id);
		snprintf(p, sizeof p, "Categories.%d.Code", i);
		mm_set(r, p, c[i].code);
		snprintf(p, sizeof p, "Categories.%d.Name", i);
		mm_set(r, p, ja ? c[i].name_ja : c[i].name_en);
		snprintf(p, sizeof p, "Categories.%d.NameJa", i);
		mm_set(r, p, c[i].name_ja);
		snprintf(p, sizeof p, "Categories.%d.NameEn", i);
		mm_set(r, p, c[i].name_en);
		snprintf(p, sizeof p, "Categories.%d.Position", i);
		mm_set_int(r, p, c[i].position);
		for (int j = 0; j < nb; j++) {
			if (b[j].id != c[i].base_id)
				continue;
			snprintf(p, sizeof p, "Categories.%d.Base", i);
			mm_set(r, p, ja ? b[j].name_ja : b[j].name_en);
		}
	}
}

void kb_size_text(long long bytes, char out[32])
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	if (bytes < 1024) {
		snprintf(out, 32, "%lld B", bytes);
		return;
	}
	double v = (double)bytes / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof units / sizeof *units) {
		v /= 1024;
		u++;
	}
	snprintf(out, 32, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
}

struct banner_fill {
	struct mm_req *r;
	int n;
};

static int banner_one(const struct kb_article *a, void *ctx)
{
	struct banner_fill *f = ctx;
	char prefix[32];
	snprintf(prefix, sizeof prefix, "Banner.%d", f->n++);
	kb_fill_row(f->r, prefix, a);
	return 0;
}

int kb_fill_banner(struct mm_req *r, const char *back)
{
	if (!r->logged_in)
		return 0;
	struct banner_fill f = { r, 0 };
	mm_set(r, "BannerBack", back);
	return kb_db_announcements(1, r->lang, r->user.id, r->now, KB_BANNER_MAX, banner_one, &f);
}

int kb_no_from_path(const char *rest, char no[10], const char **tail)
{
	rest = rest ? rest : "";
	for (int i = 0; i < 7; i++)
		if (rest[i] < '0' || rest[i] > '9')
			return 0;
	if (rest[7] != '\0' && (rest[7] != '/' || rest[8] == '\0'))
		return 0;	/* "KB0000001/" is no page: an article has one URL */
	snprintf(no, 10, "KB%.7s", rest);
	*tail = rest[7] == '/' ? rest + 8 : rest + 7;
	return 1;
}

const char *kb_v_id(const struct mm_input *in, const char *v)
{
	if (!*v || strlen(v) > 18)
		return "err.format";
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return "err.format";
	return NULL;
}
