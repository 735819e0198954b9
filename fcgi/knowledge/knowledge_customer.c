/* The customer's knowledge pages: search and browse (KB-1, KB-2), the
 * article with its documents, announcements (KB-3) and downloads
 * (DASH-8). Staff reach the same search and article pages under
 * /staff/knowledge/ with unpublished articles included. */
#include "knowledge.h"
#include "mm_fold.h"
#include "mm_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sort_names[KB_NSORT] = {
	[KB_SORT_RELEVANCE] = "relevance", [KB_SORT_VIEWS] = "views",
	[KB_SORT_NEWEST] = "newest", [KB_SORT_TITLE] = "title",
};

static const char *v_sort(const struct mm_input *in, const char *v)
{
	return mm_name_index(sort_names, KB_NSORT, v) >= 0 ? NULL : "err.format";
}

const struct mm_input kb_search_inputs[] = {
	{ "q", mm_v_line, 0, 0, KB_QUERY_MAX },
	{ "lang", mm_v_lang, 0, 0, 2 },
	{ "base", kb_v_id, 0, 0, 18 },
	{ "category", kb_v_id, 0, 0, 18 },
	{ "author", mm_v_line, 0, 0, KB_NAME_MAX },
	{ "sort", v_sort, 0, 0, 10 },
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

/* The filters as a query string (without sort and page) for the sort
 * links and the pager: the whole state stays in the URL. */
static const char *const filter_params[] = { "q", "lang", "base", "category", "author", NULL };

static void fill_filter_query(struct mm_req *r)
{
	struct mm_buf qs = { 0 };
	for (const char *const *p = filter_params; *p; p++) {
		const char *v = mm_param(r, *p);
		if (!v || !*v)
			continue;
		mm_buf_puts(&qs, qs.len ? "&" : "");
		mm_buf_puts(&qs, *p);
		mm_buf_puts(&qs, "=");
		mm_url_encode(&qs, v);
	}
	mm_set(r, "List.Filter", mm_buf_str(&qs));
	mm_buf_free(&qs);
}

/* The characters of the keyword that count: trimmed, spaces (also
 * full-width ones) not counted. */
static size_t keyword_chars(const char *q)
{
	struct mm_buf folded = { 0 };
	size_t n = 0;
	if (mm_fold_append(&folded, q) == 0)
		for (const char *p = mm_buf_str(&folded); *p; p++)
			n += (*p & 0xC0) != 0x80 && *p != ' ';
	mm_buf_free(&folded);
	return n;
}

static int render_search(struct mm_req *r, int status, int staff)
{
	struct kb_filter_lists *l = malloc(sizeof *l);
	int rc = l ? kb_db_filter_lists(staff, l) : MM_DB_ERR;
	if (rc == 0) {
		kb_set_bases(r, l->bases, l->nbases, l->categories, l->ncategories);
		char p[32];
		for (int i = 0; i < l->nauthors; i++) {
			snprintf(p, sizeof p, "Authors.%d", i);
			mm_set(r, p, l->authors[i]);
		}
	}
	free(l);
	if (rc < 0)
		return rc;
	return mm_render(r, status, staff ? "staff/knowledge/list.cs" : "knowledge/search.cs");
}

int kb_search_page(struct mm_req *r)
{
	int staff = mm_role_is_staff(r->user.role);
	if (staff != (strncmp(r->path, "/staff/", 7) == 0))
		return 404;
	kb_views_maybe_flush(r);
	mm_set(r, "List.Base", staff ? "/staff/knowledge/" : "/knowledge/");
	if (r->invalid) {
		const char *q_err = mm_param_error(r, "q");
		mm_set(r, "Message.Error", mm_t(r, q_err && strcmp(q_err, "err.too_long") == 0 ?
					   "knowledge.err.query_long" : "knowledge.err.filter"));
		return render_search(r, 400, staff);
	}
	const char *q = mm_param(r, "q") ? mm_param(r, "q") : "";
	int sort = mm_name_index(sort_names, KB_NSORT, mm_param(r, "sort"));
	/* without a keyword there is nothing to rank: newest first */
	if (sort < 0)
		sort = *q ? KB_SORT_RELEVANCE : KB_SORT_NEWEST;
	mm_set(r, "List.Sort", sort_names[sort]);
	fill_filter_query(r);
	if (*q && keyword_chars(q) < KB_QUERY_MIN) {
		/* too short to search: the hint, and no query at all */
		mm_set(r, "Search.Short", "1");
		return render_search(r, 200, staff);
	}
	struct mm_fold_terms terms = { 0 };
	int nterms = mm_fold_like_terms(&terms, q);
	if (nterms == -2) {
		mm_fold_terms_free(&terms);
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.terms"));
		return render_search(r, 400, staff);
	}
	if (nterms < 0) {
		mm_fold_terms_free(&terms);
		return MM_DB_ERR;
	}
	struct kb_filter f = {
		.staff = staff,
		.lang = mm_param(r, "lang") ? mm_param(r, "lang") : "",
		.base_id = mm_param(r, "base") ? strtoll(mm_param(r, "base"), NULL, 10) : 0,
		.category_id = mm_param(r, "category") ? strtoll(mm_param(r, "category"), NULL, 10) : 0,
		.author = mm_param(r, "author") ? mm_param(r, "author") : "",
		.sort = sort,
	};
	for (int i = 0; nterms > 0 && i < MM_FOLD_MAX_TERMS; i++)
		f.like[i] = mm_buf_str(&terms.like[i]);
	long long page = mm_param(r, "page") ? strtoll(mm_param(r, "page"), NULL, 10) : 1;
	page = page < 1 ? 1 : page;
	f.offset = (page - 1) * KB_PAGE_SIZE;
	long long total = 0, pages = 1, unused;
	struct kb_article *rows = calloc(KB_PAGE_SIZE, sizeof *rows);
	int rc = rows ? kb_db_plan(&f) : MM_DB_ERR, n = 0;
	if (rc == 0 && !f.like[0]) {
		/* browsing: the count first (an index), then the page in order */
		rc = kb_db_count(&f, &total);
		pages = total ? (total + KB_PAGE_SIZE - 1) / KB_PAGE_SIZE : 1;
		page = page > pages ? pages : page;
		f.offset = (page - 1) * KB_PAGE_SIZE;
		if (rc == 0 && total > 0)
			rc = n = kb_db_search(&f, rows, &unused);
	} else if (rc == 0) {
		n = kb_db_search(&f, rows, &total);
		rc = n < 0 ? n : 0;
	}
	if (f.like[0] && n == 0 && f.offset > 0) {
		/* past the end: the last page */
		rc = kb_db_count(&f, &total);
		pages = total ? (total + KB_PAGE_SIZE - 1) / KB_PAGE_SIZE : 1;
		page = pages;
		f.offset = (page - 1) * KB_PAGE_SIZE;
		if (rc == 0 && total > 0)
			rc = n = kb_db_search(&f, rows, &total);
	}
	mm_fold_terms_free(&terms);
	if (rc == MM_DB_TIMEOUT) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.too_slow"));
		rc = n = 0;
		total = 0;
	}
	if (rc < 0) {
		free(rows);
		return rc;
	}
	n = n < 0 ? 0 : n;
	pages = total ? (total + KB_PAGE_SIZE - 1) / KB_PAGE_SIZE : 1;
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Results.%d", i);
		kb_fill_row(r, prefix, &rows[i]);
	}
	free(rows);
	mm_set(r, "Search.Done", "1");
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", total ? f.offset + 1 : 0);
	mm_set_int(r, "List.To", f.offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return render_search(r, 200, staff);
}

/* --- the article ------------------------------------------------------------ */

const struct mm_input kb_article_inputs[] = {
	{ "done", mm_v_line, 0, 0, 20 },
	MM_INPUT_END
};

struct files_fill {
	struct mm_req *r;
	const char *prefix, *url_base;
	int n;
};

static int file_one(const struct kb_file *k, void *ctx)
{
	struct files_fill *f = ctx;
	char p[96], size[32];
	int i = f->n++;
	int ja = strcmp(f->r->lang, "en") != 0;
#define FIELD(name) (snprintf(p, sizeof p, "%s.%d." name, f->prefix, i), p)
	mm_set_int(f->r, FIELD("Id"), k->id);
	mm_set(f->r, FIELD("Name"), k->file_name);
	kb_size_text(k->size, size);
	mm_set(f->r, FIELD("Size"), size);
	mm_set_int(f->r, FIELD("Bytes"), k->size);
	mm_time_set(f->r, FIELD("Time"), k->updated_at);
	mm_setf(f->r, FIELD("Url"), "%s%lld", f->url_base, k->id);
	mm_set(f->r, FIELD("Title"), *(ja ? k->title_ja : k->title_en) ? (ja ? k->title_ja : k->title_en)
								   : k->file_name);
	mm_set(f->r, FIELD("Description"), ja ? k->description_ja : k->description_en);
	mm_set(f->r, FIELD("Base"), ja ? k->base_ja : k->base_en);
	mm_set(f->r, FIELD("Published"), k->published ? "1" : "0");
#undef FIELD
	return 0;
}

int kb_fill_article_files(struct mm_req *r, const char *base, const struct kb_article *a)
{
	char url[64];
	snprintf(url, sizeof url, "%s%s/files/", base, a->no);
	struct files_fill f = { r, "Files", url, 0 };
	return kb_db_article_files(a->id, file_one, &f);
}

static int article_download(struct mm_req *r, const struct kb_article *a, const char *id_text,
			    int staff)
{
	static const struct mm_input any = { "id", NULL, 0, 0, 0 };
	if (kb_v_id(&any, id_text))
		return 404;
	struct kb_file f;
	int rc = kb_db_file(strtoll(id_text, NULL, 10), a->id, staff, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return mm_send_stored_file(r, f.store_id, f.file_name, f.content_type);
}

/* Only the nodes article.cs shows: the page is the program's busiest. */
static void fill_page(struct mm_req *r, const struct kb_page *p)
{
	int ja = strcmp(r->lang, "en") != 0;
	mm_set(r, "Article.No", p->no);
	mm_set(r, "Article.Title", KB_PAGE_STR(p, title));
	mm_set(r, "Article.Lang", p->lang);
	mm_set(r, "Article.Author", KB_PAGE_STR(p, author));
	mm_set(r, "Article.Base", ja ? KB_PAGE_STR(p, base_ja) : KB_PAGE_STR(p, base_en));
	mm_set(r, "Article.Category", ja ? KB_PAGE_STR(p, category_ja) : KB_PAGE_STR(p, category_en));
	mm_set_int(r, "Article.Views", p->views + kb_views_pending(p->id));
	mm_time_set(r, "Article.Time", p->shown);
	mm_set(r, "Article.TimeIso", p->shown_iso);
	struct mm_buf rel = { 0 };
	kb_relative_time(r, p->shown, &rel);
	mm_set(r, "Article.Rel", mm_buf_str(&rel));
	mm_buf_free(&rel);
	mm_set(r, "Article.Html", KB_PAGE_STR(p, html));
	if (*p->tno) {
		mm_set(r, "Translation.No", p->tno);
		mm_set(r, "Translation.Lang", p->tlang);
	}
	char path[48], size[32];
	for (int i = 0; i < p->nfiles; i++) {
		const struct kb_page_file *f = &p->files[i];
#define FIELD(name) (snprintf(path, sizeof path, "Files.%d." name, i), path)
		mm_set_int(r, FIELD("Id"), f->id);
		mm_set(r, FIELD("Name"), KB_PAGE_STR(p, files[i].name));
		kb_size_text(f->size, size);
		mm_set(r, FIELD("Size"), size);
		mm_set_int(r, FIELD("Bytes"), f->size);
		mm_setf(r, FIELD("Url"), "/knowledge/%s/files/%lld", p->no, f->id);
#undef FIELD
	}
}

int kb_article_page(struct mm_req *r)
{
	int staff = mm_role_is_staff(r->user.role);
	if (staff)
		return 404;	/* the console has its own article pages */
	kb_views_maybe_flush(r);
	char no[10];
	const char *tail = "";
	if (!kb_no_from_path(r->path_rest, no, &tail))
		return 404;
	if (*tail) {
		struct kb_article a;
		struct mm_buf html = { 0 };
		if (strncmp(tail, "files/", 6) != 0)
			return 404;
		int rc = kb_db_article(no, 0, &a, &html, NULL);
		mm_buf_free(&html);
		if (rc <= 0)
			return rc < 0 ? rc : 404;
		return article_download(r, &a, tail + 6, 0);
	}
	/* one statement for the page (article, translation, documents), or
	 * none while this worker keeps it */
	const struct kb_page *p = NULL;
	int rc = kb_keep_page(no, &p);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	kb_views_count(r, p->id);
	fill_page(r, p);
	return mm_render(r, 200, "knowledge/article.cs");
}

/* --- announcements ------------------------------------------------------------ */

struct list_fill {
	struct mm_req *r;
	int n;
};

static int announcement_one(const struct kb_article *a, void *ctx)
{
	struct list_fill *f = ctx;
	char prefix[32];
	snprintf(prefix, sizeof prefix, "Announcements.%d", f->n++);
	kb_fill_row(f->r, prefix, a);
	return 0;
}

int kb_announcements_page(struct mm_req *r)
{
	kb_views_maybe_flush(r);
	struct list_fill f = { r, 0 };
	int rc = kb_db_announcements(0, r->lang, r->user.id, r->now, 200, announcement_one, &f);
	if (rc == 0)
		rc = kb_fill_banner(r, "/knowledge/announcements");
	if (rc < 0)
		return rc;
	return mm_render(r, 200, "knowledge/announcements.cs");
}

const struct mm_input kb_dismiss_inputs[] = {
	{ "back", mm_v_local_path, 0, 0, 512 },
	MM_INPUT_END
};

/* POST /knowledge/announcements/KB…/dismiss: the banner's ×, for good;
 * back to the page it was on. */
int kb_dismiss(struct mm_req *r)
{
	char no[10];
	const char *tail = "";
	const char *arg = r->path_args[0];
	if (strncmp(arg, "KB", 2) != 0 || !kb_no_from_path(arg + 2, no, &tail) || *tail)
		return 404;
	if (r->invalid)
		return mm_error_page(r, 400, NULL);
	long long id = 0;
	int rc = kb_db_announcement_id(no, &id);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	rc = kb_db_dismiss(r->user.id, id, r->now);
	if (rc < 0)
		return rc;
	const char *back = mm_param(r, "back");
	return mm_redirect(r, back ? back : "/");
}

/* --- downloads (DASH-8) ----------------------------------------------------------- */

int kb_fill_downloads(struct mm_req *r, int staff, const char *url_base)
{
	struct files_fill f = { r, "Downloads", url_base, 0 };
	return kb_db_downloads(staff, file_one, &f);
}

int kb_downloads_page(struct mm_req *r)
{
	kb_views_maybe_flush(r);
	int rc = kb_fill_downloads(r, 0, "/knowledge/downloads/");
	if (rc < 0)
		return rc;
	return mm_render(r, 200, "knowledge/downloads.cs");
}

int kb_download_file(struct mm_req *r)
{
	static const struct mm_input any = { "id", NULL, 0, 0, 0 };
	const char *id_text = r->path_args[0];
	if (kb_v_id(&any, id_text))
		return 404;
	struct kb_file f;
	int rc = kb_db_file(strtoll(id_text, NULL, 10), 0, 0, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return mm_send_stored_file(r, f.store_id, f.file_name, f.content_type);
}

int kb_staff_file(struct mm_req *r, const struct kb_article *a, const char *id_text)
{
	return article_download(r, a, id_text, 1);
}
