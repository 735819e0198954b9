/* knowledge: knowledge bases → categories → articles (KB-1), search
 * (KB-2), announcements (KB-3, DASH-2), downloads (DASH-8) and staff
 * authoring (KB-4). The route table is in knowledge_main.c; all SQL is in
 * knowledge_db.c (the dashboard's notices panel links it too). */
#ifndef KNOWLEDGE_H
#define KNOWLEDGE_H
#include "mm.h"
#include "mm_ngram.h"
#include <time.h>

#define KB_PAGE_SIZE 20
#define KB_TITLE_MAX 200
#define KB_NAME_MAX 100
#define KB_QUERY_MIN 3		/* characters a search needs (seed 002 §4.9: 最小3文字) */
#define KB_QUERY_MAX 100
#define KB_MAX_BASES 64
#define KB_MAX_CATEGORIES 256
#define KB_MAX_AUTHORS 100
#define KB_TERM_KEY_MAX 400	/* kb_terms.term */
#define KB_MAX_FILES 20		/* documents of one article, files of one upload */
#define KB_BANNER_MAX 5		/* announcements in the home banner */
#define KB_NOTICES_MAX 5	/* the home page's notices panel */

struct kb_base {
	long long id, position;
	char code[41];
	char name_ja[(KB_NAME_MAX + 1) * 4], name_en[(KB_NAME_MAX + 1) * 4];
};

struct kb_category {
	long long id, base_id, position;
	char code[41];
	char name_ja[(KB_NAME_MAX + 1) * 4], name_en[(KB_NAME_MAX + 1) * 4];
};

struct kb_article {
	long long id, base_id, category_id, translation_of, views;
	char no[10], lang[3];
	char title[(KB_TITLE_MAX + 1) * 4], author[(KB_NAME_MAX + 1) * 4];
	char base_ja[(KB_NAME_MAX + 1) * 4], base_en[(KB_NAME_MAX + 1) * 4];
	char category_ja[(KB_NAME_MAX + 1) * 4], category_en[(KB_NAME_MAX + 1) * 4];
	char updated_by[(KB_NAME_MAX + 1) * 4];
	int published, announcement, title_hit;
	time_t published_at, display_from, display_until, created_at, updated_at;
};

struct kb_file {
	long long id, article_id, base_id, size;
	int download, published;
	char store_id[33], file_name[256 * 4], content_type[128];
	char title_ja[(KB_TITLE_MAX + 1) * 4], title_en[(KB_TITLE_MAX + 1) * 4];
	char description_ja[1001 * 4], description_en[1001 * 4];
	char base_ja[(KB_NAME_MAX + 1) * 4], base_en[(KB_NAME_MAX + 1) * 4];
	time_t created_at, updated_at;
};

enum kb_sort { KB_SORT_RELEVANCE, KB_SORT_VIEWS, KB_SORT_NEWEST, KB_SORT_TITLE, KB_NSORT };

struct kb_filter {
	int staff;		/* unpublished articles too */
	const char *lang;	/* "" any */
	long long base_id, category_id;	/* 0 any */
	const char *author;	/* "" any */
	const char *like[4];	/* the keyword's LIKE patterns (mm_fold_like_terms); "%" */
	int sort;
	long long offset;
	int use_grams;		/* candidates from the side index (kb_db_plan) */
	int use_term;		/* the kept results of term (sql/027, sql/030) */
	const char *term;	/* a pattern, or term_key (several together) */
	char term_key[KB_TERM_KEY_MAX + 1];
	struct mm_ngram_pick grams;
};

/* --- queries (knowledge_db.c) ---------------------------------------------- */

int kb_db_bases(struct kb_base *out, int cap);	/* count or < 0 */
int kb_db_categories(struct kb_category *out, int cap);	/* all, by base; count or < 0 */
/* The search page's lists of bases, categories (by base) and authors of
 * published articles (all for staff), in one statement. 0 or < 0. */
struct kb_filter_lists {
	struct kb_base bases[KB_MAX_BASES];
	struct kb_category categories[KB_MAX_CATEGORIES];
	char authors[KB_MAX_AUTHORS][(KB_NAME_MAX + 1) * 4];
	int nbases, ncategories, nauthors;
};
int kb_db_filter_lists(int staff, struct kb_filter_lists *l);
/* How a keyword is searched (the side index or the scan): call once
 * after the filter is complete. 0 or < 0. */
int kb_db_plan(struct kb_filter *f);
/* like[0] NULL: no keyword (browse). */
int kb_db_count(const struct kb_filter *f, long long *n);
/* The page at f->offset (≤ KB_PAGE_SIZE rows) and, for a keyword when the
 * page has rows, the number of all matches in *total (browsing: 0, see
 * kb_db_count). count or < 0. */
int kb_db_search(const struct kb_filter *f, struct kb_article *out, long long *total);
/* The article numbered no: published ones only unless staff. 1, 0, < 0.
 * body gets body_html (and md, when not NULL, body_md). */
int kb_db_article(const char *no, int staff, struct kb_article *a, struct mm_buf *html,
		  struct mm_buf *md);
/* What the customer's article page shows that is the same for every
 * reader: the published article, its other-language version and its
 * documents. The strings are NUL-terminated in text, at the offsets held
 * (KB_PAGE_STR); the time fields are made once, when it is read. */
struct kb_page_file {
	long long id, size;
	size_t name;
};
struct kb_page {
	long long id, views;
	char no[10], lang[3];
	char tno[10], tlang[3];	/* the other-language version, "" when none */
	time_t shown;		/* first published, else last updated */
	char shown_iso[24];	/* for <time datetime> */
	size_t title, author, base_ja, base_en, category_ja, category_en, html;
	struct kb_page_file *files;	/* by name */
	int nfiles, files_cap;
	struct mm_buf text;
};
#define KB_PAGE_STR(p, field) ((p)->text.p + (p)->field)
void kb_page_free(struct kb_page *p);
/* The customer's article page in one statement: the published article
 * numbered no into p (emptied first). 1, 0, < 0. */
int kb_db_article_page(const char *no, struct kb_page *p);
/* An article's files, by name. fn per file. 0 or < 0. */
int kb_db_article_files(long long article_id, int (*fn)(const struct kb_file *f, void *ctx),
			void *ctx);
/* A file: of a published article or a published download (staff: any).
 * article_id 0: a download. 1, 0, < 0. */
int kb_db_file(long long id, long long article_id, int staff, struct kb_file *f);
int kb_db_downloads(int staff, int (*fn)(const struct kb_file *f, void *ctx), void *ctx);

/* Announcements: published and shown from their display_from on (one
 * scheduled for later is not there yet), newest first; an ended display
 * window keeps them in the list. Of a translated pair only the one in lang.
 * banner: only those inside their display window at now and not dismissed
 * by user_id. */
int kb_db_announcements(int banner, const char *lang, long long user_id, time_t now, int cap,
			int (*fn)(const struct kb_article *a, void *ctx), void *ctx);
/* A published announcement by number: its id. 1, 0, < 0. */
int kb_db_announcement_id(const char *no, long long *id);
/* Dismisses the announcement and its translations for user_id. */
int kb_db_dismiss(long long user_id, long long article_id, time_t now);

/* Adds n views (one statement per flush, not one per view). */
int kb_db_add_views(long long article_id, long long n);

/* --- staff writes (inside the caller's transaction where they are several) */

struct kb_article_save {
	long long id;		/* 0: new (id and no are filled) */
	char no[10];
	long long base_id, category_id, translation_of;
	const char *lang, *title, *author, *body_md, *body_html;
	const char *search_title, *search_text;
	int announcement;
	time_t display_from, display_until;	/* 0: open */
	const char *demo_key;	/* NULL for staff's own */
	int published;		/* on creation only */
	time_t published_at;	/* on creation only, with published */
	long long user_id;
	time_t now;
};
/* Two statements (the article, its search row): inside a transaction.
 * 0 saved, MM_DB_DUP (demo_key exists), 1 no such article, < 0 error. */
int kb_db_article_save(struct kb_article_save *s);
/* Publishes (first publication time kept) or unpublishes. 1, 0, < 0. */
int kb_db_article_publish(long long id, int published, long long user_id, time_t now);
int kb_db_article_by_demo_key(const char *key, long long *id);
int kb_db_base_id(const char *code, long long *id);
int kb_db_category_id(long long base_id, const char *code, long long *id);
/* 0 added (id set), MM_DB_DUP the code exists, < 0 error. */
int kb_db_base_add(const char *code, const char *name_ja, const char *name_en, long long position,
		   long long user_id, time_t now, long long *id);
int kb_db_base_save(long long id, const char *name_ja, const char *name_en, long long position,
		    long long user_id, time_t now);	/* 1, 0, < 0 */
int kb_db_category_add(long long base_id, const char *code, const char *name_ja,
		       const char *name_en, long long position, long long user_id, time_t now,
		       long long *id);
int kb_db_category_save(long long id, const char *name_ja, const char *name_en,
			long long position, long long user_id, time_t now);
struct kb_file_new {
	long long article_id, base_id;	/* one of them */
	int download, published;
	const char *title_ja, *title_en, *description_ja, *description_en;
	const char *demo_key;
	const char *store_id, *file_name, *content_type;
	long long size;
	const unsigned char *sha256;
	long long user_id;
	time_t now;
};
int kb_db_file_add(const struct kb_file_new *f);	/* 0, MM_DB_DUP, < 0 */
/* Removes a file's row (its store id in store_id for deleting the file
 * after the commit). 1, 0, < 0. */
int kb_db_file_remove(long long id, long long article_id, char store_id[33]);
int kb_db_download_publish(long long id, int published, long long user_id, time_t now);
int kb_db_file_by_demo_key(const char *key, long long *id);
/* 1 when a knowledge file uses the store id (the store sweep keeps it). */
int kb_db_store_id_known(const char *store_id);

/* --- pieces (knowledge_page.c) --------------------------------------------- */

/* "3日前" / "3 days ago" for t at the request's time. */
void kb_relative_time(struct mm_req *r, time_t t, struct mm_buf *out);
/* An article of a list (Results.N, Announcements.N, Banner.N): what the
 * lists show. */
void kb_fill_row(struct mm_req *r, const char *prefix, const struct kb_article *a);
/* The same and what the console's editor shows besides (Article.*). */
void kb_fill_article(struct mm_req *r, const char *prefix, const struct kb_article *a);
int kb_fill_bases(struct mm_req *r);	/* Bases.N, Categories.N */
/* The same from lists already read. */
void kb_set_bases(struct mm_req *r, const struct kb_base *b, int nb,
		  const struct kb_category *c, int nc);
void kb_size_text(long long bytes, char out[32]);
/* Announcements for the banner (Banner.N) at the top of a page. */
int kb_fill_banner(struct mm_req *r, const char *back);
/* "KB" + 7 digits from the path rest ("1234567", then nothing or "/" and
 * a name): 1 with no and *tail, 0 not an article number. */
int kb_no_from_path(const char *rest, char no[10], const char **tail);
const char *kb_v_id(const struct mm_input *in, const char *v);

/* Files.N of an article, with download URLs under base ("/knowledge/"). */
int kb_fill_article_files(struct mm_req *r, const char *base, const struct kb_article *a);
/* A document of article a by the id in the path, for staff (any state). */
int kb_staff_file(struct mm_req *r, const struct kb_article *a, const char *id_text);
/* Downloads.N (staff: unpublished too) with URLs under url_base. */
int kb_fill_downloads(struct mm_req *r, int staff, const char *url_base);

/* The article pages kept by this worker (knowledge_keep.c). */
int kb_keep_init(void);	/* before the workers start; 0 or -1 (nothing kept) */
/* The page of the published article numbered no: kept, or read and kept.
 * 1 (*out valid until the next call), 0 no such article, < 0 error. */
int kb_keep_page(const char *no, const struct kb_page **out);
/* Every worker of this host reads its pages again (after a staff write). */
void kb_keep_forget(void);
/* n views of article_id flushed: the kept count follows. */
void kb_keep_add_views(long long article_id, long long n);

/* The view counter of this process (knowledge_views.c). */
void kb_views_count(struct mm_req *r, long long article_id);
long long kb_views_pending(long long article_id);
/* Writes the counts out when due (KB_VIEWS_FLUSH_SECONDS / _VIEWS). */
void kb_views_maybe_flush(struct mm_req *r);

/* --- handlers -------------------------------------------------------------- */
extern const struct mm_input kb_search_inputs[];
int kb_search_page(struct mm_req *r);	/* GET /knowledge/, /staff/knowledge/ */
extern const struct mm_input kb_article_inputs[];
int kb_article_page(struct mm_req *r);	/* GET /knowledge/KB…(/files/N) */
int kb_announcements_page(struct mm_req *r);
extern const struct mm_input kb_dismiss_inputs[];
int kb_dismiss(struct mm_req *r);
int kb_downloads_page(struct mm_req *r);
int kb_download_file(struct mm_req *r);

extern const struct mm_route kb_staff_routes[];
extern const size_t kb_staff_nroutes;

#endif
