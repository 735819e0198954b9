/* Knowledge queries. A customer's reads name "published = 1" in the SQL
 * itself, so an unpublished article, or a document of one, finds no row,
 * exactly like one that does not exist. */
#include "knowledge.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, col) mm_copy_str(dst, sizeof dst, mm_db_str(q, col))

static const char SQL_BASES[] =
	"SELECT id, code, name_ja, name_en, position FROM kb_bases ORDER BY position, id";
static const char SQL_CATEGORIES[] =
	"SELECT c.id, c.base_id, c.code, c.name_ja, c.name_en, c.position FROM kb_categories c"
	" JOIN kb_bases b ON b.id = c.base_id ORDER BY b.position, b.id, c.position, c.id";
int kb_db_bases(struct kb_base *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_BASES, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		struct kb_base *b = &out[n++];
		b->id = mm_db_int(q, 0);
		COPY(b->code, 1);
		COPY(b->name_ja, 2);
		COPY(b->name_en, 3);
		b->position = mm_db_int(q, 4);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int kb_db_categories(struct kb_category *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_CATEGORIES, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		struct kb_category *c = &out[n++];
		c->id = mm_db_int(q, 0);
		c->base_id = mm_db_int(q, 1);
		COPY(c->code, 2);
		COPY(c->name_ja, 3);
		COPY(c->name_en, 4);
		c->position = mm_db_int(q, 5);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

/* The search page's filter lists (bases, categories, authors) in one
 * statement: one round trip and one execution instead of three, the lists
 * read fresh on every page. Rows by kind (0 base, 1 category, 2 author),
 * each kind in its own order. The authors are grouped by (published,
 * author_name) first: a loose scan of the index kb_articles_author reads
 * one entry per author instead of every article. */
static const char SQL_FILTER_LISTS[] =
	"SELECT 0 AS kind, id, 0, code, name_ja, name_en, position, position AS k1, id AS k2,"
	" 0 AS k3, 0 AS k4, '' AS k5 FROM kb_bases"
	" UNION ALL SELECT 1, c.id, c.base_id, c.code, c.name_ja, c.name_en, c.position,"
	" b.position, b.id, c.position, c.id, '' FROM kb_categories c JOIN kb_bases b ON b.id = c.base_id"
	" UNION ALL (SELECT DISTINCT 2, 0, 0, '', author_name, '', 0, 0, 0, 0, 0, author_name"
	" FROM (SELECT published, author_name FROM kb_articles GROUP BY published, author_name) x"
	" WHERE x.published = 1 OR ? = 1 ORDER BY author_name LIMIT 100)"
	" ORDER BY kind, k1, k2, k3, k4, k5";

int kb_db_filter_lists(int staff, struct kb_filter_lists *l)
{
	struct mm_res res, *q = &res;
	l->nbases = l->ncategories = l->nauthors = 0;
	int rc = mm_db_query(q, SQL_FILTER_LISTS, "i", (long long)staff);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(q)) > 0) {
		long long kind = mm_db_int(q, 0);
		if (kind == 0 && l->nbases < KB_MAX_BASES) {
			struct kb_base *b = &l->bases[l->nbases++];
			b->id = mm_db_int(q, 1);
			COPY(b->code, 3);
			COPY(b->name_ja, 4);
			COPY(b->name_en, 5);
			b->position = mm_db_int(q, 6);
		} else if (kind == 1 && l->ncategories < KB_MAX_CATEGORIES) {
			struct kb_category *c = &l->categories[l->ncategories++];
			c->id = mm_db_int(q, 1);
			c->base_id = mm_db_int(q, 2);
			COPY(c->code, 3);
			COPY(c->name_ja, 4);
			COPY(c->name_en, 5);
			c->position = mm_db_int(q, 6);
		} else if (kind == 2 && l->nauthors < KB_MAX_AUTHORS) {
			mm_copy_str(l->authors[l->nauthors], sizeof l->authors[l->nauthors],
				    mm_db_str(q, 4));
			l->nauthors++;
		}
	}
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

/* --- search (KB-2) ---------------------------------------------------------
 * One statement per sort, with and without a keyword. Every filter takes
 * its placeholders whether it is on or off ("? = 0 OR …"). A keyword reads
 * the narrow kb_search table whole (byte-wise LIKE '%…%' over folded text)
 * and joins the articles it matched; the page's rows carry the number of
 * matches (COUNT(*) OVER ()), so one pass gives both. Without a keyword
 * the page walks an index in its order and the count is a statement of
 * its own. Title hits come first in the relevance order. Every statement
 * runs under a time cap. */
#define FILTERS \
	" AND (a.published = 1 OR ? = 1) AND (? = '' OR a.lang = ?)" \
	" AND (? = 0 OR a.base_id = ?) AND (? = 0 OR a.category_id = ?)" \
	" AND (? = '' OR a.author_name = ?)"
#define FILTER_TYPES "issiiiiss"
#define FILTER_ARGS(f) \
	(long long)(f)->staff, (f)->lang, (f)->lang, (f)->base_id, (f)->base_id, \
	(f)->category_id, (f)->category_id, (f)->author, (f)->author
#define LIKE4 \
	" s.text LIKE ? ESCAPE '!' AND s.text LIKE ? ESCAPE '!'" \
	" AND s.text LIKE ? ESCAPE '!' AND s.text LIKE ? ESCAPE '!'"
#define TITLE_HIT \
	"(a.search_title LIKE ? ESCAPE '!' AND a.search_title LIKE ? ESCAPE '!'" \
	" AND a.search_title LIKE ? ESCAPE '!' AND a.search_title LIKE ? ESCAPE '!')"
#define ARTICLE_COLUMNS \
	"SELECT a.id, a.article_no, a.base_id, a.category_id, a.lang, a.title, a.author_name," \
	" b.name_ja, b.name_en, COALESCE(c.name_ja, ''), COALESCE(c.name_en, '')," \
	" a.published, a.published_at, a.announcement, a.display_from, a.display_until," \
	" a.views, a.created_at, a.updated_at, a.translation_of, COALESCE(u.display_name, '')"
/* the articles first: a page in published_at order walks its index */
#define ARTICLE_JOINS \
	" STRAIGHT_JOIN kb_bases b ON b.id = a.base_id" \
	" LEFT JOIN kb_categories c ON c.id = a.category_id" \
	" LEFT JOIN users u ON u.id = a.updated_by"
enum { ARTICLE_NCOLS = 21 };
/* The page's ids (and the count) come from the matching rows alone; the
 * rest of the 20 rows is joined afterwards (the planner otherwise joins
 * every match to the bases through a buffer and sorts them all). The
 * matching rows come from a scan of kb_search, or (SCOPE_GRAMS) from the
 * articles holding the keyword's two rarest grams (mm_ngram.h), the LIKE
 * then run on those only. Both take the two grams' placeholders. */
#define SCOPE_SCAN \
	" FROM kb_search s STRAIGHT_JOIN kb_articles a ON a.id = s.article_id" \
	" WHERE COALESCE(?, ?, 1) IS NOT NULL AND"
#define SCOPE_GRAMS \
	" FROM search_grams g1 STRAIGHT_JOIN search_grams g2 ON g2.scope = g1.scope" \
	" AND g2.tenant_id = g1.tenant_id AND g2.doc_id = g1.doc_id" \
	" STRAIGHT_JOIN kb_search s ON s.article_id = g1.doc_id" \
	" STRAIGHT_JOIN kb_articles a FORCE INDEX (PRIMARY) ON a.id = s.article_id" \
	" WHERE g1.scope = 2 AND g1.tenant_id = 0 AND g1.gram = ? AND g2.gram = ? AND"
#define KEYWORD \
	"SET STATEMENT max_statement_time = 1 FOR " ARTICLE_COLUMNS ", p.title_hit, p.total" \
	" FROM (SELECT a.id, " TITLE_HIT " AS title_hit, COUNT(*) OVER () AS total"
#define ORDER_BY " ORDER BY "
#define PAGE_JOIN " LIMIT ?, ?) p JOIN kb_articles a ON a.id = p.id" ARTICLE_JOINS " ORDER BY "
#define BROWSE \
	"SET STATEMENT max_statement_time = 1 FOR " ARTICLE_COLUMNS ", 0, 0" \
	" FROM (SELECT a.id FROM kb_articles a WHERE 1 = 1" FILTERS " ORDER BY "
#define BY_RELEVANCE "title_hit DESC, a.published_at DESC, a.id DESC"
#define BY_RELEVANCE_OUTER "p.title_hit DESC, a.published_at DESC, a.id DESC"
#define BY_VIEWS "a.views DESC, a.published_at DESC, a.id DESC"
#define BY_NEWEST "a.published_at DESC, a.id DESC"
#define BY_TITLE "a.title, a.id"

static const char SQL_KEYWORD_RELEVANCE[] =
	KEYWORD SCOPE_SCAN LIKE4 FILTERS
	ORDER_BY BY_RELEVANCE PAGE_JOIN BY_RELEVANCE_OUTER;
static const char SQL_KEYWORD_RELEVANCE_G[] =
	KEYWORD SCOPE_GRAMS LIKE4 FILTERS
	ORDER_BY BY_RELEVANCE PAGE_JOIN BY_RELEVANCE_OUTER;
static const char SQL_KEYWORD_VIEWS[] = KEYWORD SCOPE_SCAN LIKE4 FILTERS
	ORDER_BY BY_VIEWS PAGE_JOIN BY_VIEWS;
static const char SQL_KEYWORD_VIEWS_G[] = KEYWORD SCOPE_GRAMS LIKE4 FILTERS
	ORDER_BY BY_VIEWS PAGE_JOIN BY_VIEWS;
static const char SQL_KEYWORD_NEWEST[] = KEYWORD SCOPE_SCAN LIKE4 FILTERS
	ORDER_BY BY_NEWEST PAGE_JOIN BY_NEWEST;
static const char SQL_KEYWORD_NEWEST_G[] = KEYWORD SCOPE_GRAMS LIKE4 FILTERS
	ORDER_BY BY_NEWEST PAGE_JOIN BY_NEWEST;
static const char SQL_KEYWORD_TITLE[] = KEYWORD SCOPE_SCAN LIKE4 FILTERS
	ORDER_BY BY_TITLE PAGE_JOIN BY_TITLE;
static const char SQL_KEYWORD_TITLE_G[] = KEYWORD SCOPE_GRAMS LIKE4 FILTERS
	ORDER_BY BY_TITLE PAGE_JOIN BY_TITLE;
static const char SQL_BROWSE_VIEWS[] = BROWSE BY_VIEWS PAGE_JOIN BY_VIEWS;
static const char SQL_BROWSE_NEWEST[] = BROWSE BY_NEWEST PAGE_JOIN BY_NEWEST;
static const char SQL_BROWSE_TITLE[] = BROWSE BY_TITLE PAGE_JOIN BY_TITLE;
static const char SQL_KEYWORD_COUNT[] =
	"SET STATEMENT max_statement_time = 1 FOR SELECT COUNT(*)" SCOPE_SCAN LIKE4 FILTERS;
static const char SQL_KEYWORD_COUNT_G[] =
	"SET STATEMENT max_statement_time = 1 FOR SELECT COUNT(*)" SCOPE_GRAMS LIKE4 FILTERS;
/* Browsing: the kept numbers per combination of the filters
 * (sql/030_knowledge_terms.sql; no category is category 0, which the
 * category filter never names). */
static const char SQL_BROWSE_COUNT[] =
	"SELECT CAST(COALESCE(SUM(c.n), 0) AS SIGNED) FROM kb_article_counts c"
	" WHERE (c.published = 1 OR ? = 1) AND (? = '' OR c.lang = ?)"
	" AND (? = 0 OR c.base_id = ?) AND (? = 0 OR c.category_id = ?)"
	" AND (? = '' OR c.author_name = ?)";

static void read_article(const struct mm_res *q, struct kb_article *a)
{
	memset(a, 0, sizeof *a);
	a->id = mm_db_int(q, 0);
	COPY(a->no, 1);
	a->base_id = mm_db_int(q, 2);
	a->category_id = mm_db_int(q, 3);
	COPY(a->lang, 4);
	COPY(a->title, 5);
	COPY(a->author, 6);
	COPY(a->base_ja, 7);
	COPY(a->base_en, 8);
	COPY(a->category_ja, 9);
	COPY(a->category_en, 10);
	a->published = (int)mm_db_int(q, 11);
	a->published_at = mm_db_time(q, 12);
	a->announcement = (int)mm_db_int(q, 13);
	a->display_from = mm_db_time(q, 14);
	a->display_until = mm_db_time(q, 15);
	a->views = mm_db_int(q, 16);
	a->created_at = mm_db_time(q, 17);
	a->updated_at = mm_db_time(q, 18);
	a->translation_of = mm_db_int(q, 19);
	COPY(a->updated_by, 20);
}

/* --- kept results of common words (sql/027, sql/030) ------------------------
 * A term whose rarest bigram is in KB_KEEP_MIN articles or more is
 * answered from kb_term_hits: its rows (kept exact by triggers) carry the
 * columns the filters and sorts need, so the page walks an index of the
 * term's rows and the count reads them, no article text. In a keyword of
 * several terms, a common term beside a rare one is kept alone (its grams
 * are not counted again: the rare term's grams give the candidates);
 * several terms that are all common are kept together as one entry (its
 * key the sorted patterns joined by '\n', which no pattern holds; the rows
 * are the articles matching every pattern). */
#define KB_KEEP_MIN 500		/* below: the side index's candidates are few */
#define KB_KEEP_MAX 256		/* kept entries; past it, common words scan */
#define HFILTERS \
	" AND (h.published = 1 OR ? = 1) AND (? = '' OR h.lang = ?)" \
	" AND (? = 0 OR h.base_id = ?) AND (? = 0 OR h.category_id = ?)" \
	" AND (? = '' OR h.author_name = ?)"
#define TERM_PAGE \
	"SET STATEMENT max_statement_time = 1 FOR " ARTICLE_COLUMNS ", p.title_hit, 0" \
	" FROM (SELECT h.article_id AS id, h.title_hit FROM kb_term_hits h" \
	" WHERE h.term = ?" HFILTERS " ORDER BY "
#define TERM_JOIN " LIMIT ?, ?) p JOIN kb_articles a ON a.id = p.id" ARTICLE_JOINS " ORDER BY "
static const char SQL_TERM_RELEVANCE[] = TERM_PAGE
	"h.title_hit DESC, h.published_at DESC, h.article_id DESC" TERM_JOIN BY_RELEVANCE_OUTER;
static const char SQL_TERM_VIEWS[] = TERM_PAGE
	"h.views DESC, h.published_at DESC, h.article_id DESC" TERM_JOIN BY_VIEWS;
static const char SQL_TERM_NEWEST[] = TERM_PAGE
	"h.published_at DESC, h.article_id DESC" TERM_JOIN BY_NEWEST;
static const char SQL_TERM_TITLE[] = TERM_PAGE "h.title, h.article_id" TERM_JOIN BY_TITLE;
static const char SQL_TERM_COUNT[] =
	"SET STATEMENT max_statement_time = 1 FOR SELECT COUNT(*) FROM kb_term_hits h"
	" WHERE h.term = ?" HFILTERS;
static const char SQL_TERM_KEPT[] = "SELECT COUNT(*) FROM kb_terms WHERE term = ?";
static const char SQL_TERMS_WHICH[] = "SELECT term FROM kb_terms WHERE term IN (?, ?, ?, ?, ?)";
static const char SQL_TERMS_KEPT[] = "SELECT COUNT(*) FROM kb_terms";
static const char SQL_TERM_ADD[] =
	"INSERT IGNORE INTO kb_terms (term, like1, like2, like3, like4, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?)";
/* the one scan of a new entry; its locking read waits for an article
 * write in progress, whose trigger then sees the entry */
static const char SQL_TERM_FILL[] =
	"INSERT INTO kb_term_hits (term, article_id, title_hit, published, published_at, lang,"
	" base_id, category_id, author_name, views, title)"
	" SELECT ?, a.id, " TITLE_HIT ", a.published, a.published_at,"
	" a.lang, a.base_id, a.category_id, a.author_name, a.views, a.title"
	" FROM kb_search s STRAIGHT_JOIN kb_articles a ON a.id = s.article_id"
	" WHERE" LIKE4;

struct keep_ctx {
	const char *term;
	const char *like[MM_FOLD_MAX_TERMS];
	time_t now;
};

static int keep_tx(void *p)
{
	const struct keep_ctx *k = p;
	long long n = mm_db_exec(SQL_TERM_ADD, "ssssst", k->term, k->like[0], k->like[1],
				 k->like[2], k->like[3], k->now);
	if (n <= 0)
		return n < 0 ? (int)n : 0;	/* kept meanwhile by another request */
	n = mm_db_exec(SQL_TERM_FILL, "sssssssss", k->term, k->like[0], k->like[1], k->like[2],
		       k->like[3], k->like[0], k->like[1], k->like[2], k->like[3]);
	return n < 0 ? (int)n : 0;
}

/* Keeps the articles matching every pattern of like (unused: "%") under
 * term. 1: kept (now or already), 0: not (too many kept entries, or too
 * long), < 0 error. */
static int keep_term(const char *term, const char *const like[MM_FOLD_MAX_TERMS])
{
	struct keep_ctx k = { term, { "%", "%", "%", "%" }, time(NULL) };
	if (strlen(term) > KB_TERM_KEY_MAX)
		return 0;
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++)
		if (like[i])
			k.like[i] = like[i];
	long long kept = 0;
	int rc = mm_db_get_int(&kept, SQL_TERM_KEPT, "s", term);
	if (rc < 0 || kept > 0)
		return rc < 0 ? rc : 1;
	if ((rc = mm_db_get_int(&kept, SQL_TERMS_KEPT, "")) < 0)
		return rc;
	if (kept >= KB_KEEP_MAX)
		return 0;
	rc = mm_db_transaction(keep_tx, &k);
	return rc < 0 ? rc : 1;
}

static int keep_one(const char *like)
{
	const char *one[MM_FOLD_MAX_TERMS] = { like };
	return keep_term(like, one);
}

static int term_used(const char *like)
{
	return like && strcmp(like, "%") != 0;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keyword's distinct terms, sorted (so "a b" and "b a" share their
 * kept entry), and the key of them together in key (when they fit):
 * the number of distinct terms. */
static int distinct_terms(const struct kb_filter *f, const char *out[MM_FOLD_MAX_TERMS],
			  struct mm_buf *key)
{
	int n = 0;
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++)
		if (term_used(f->like[i]))
			out[n++] = f->like[i];
	qsort(out, (size_t)n, sizeof *out, by_bytes);
	int d = 0;
	for (int i = 0; i < n; i++)
		if (d == 0 || strcmp(out[d - 1], out[i]) != 0)
			out[d++] = out[i];
	for (int i = d; i < MM_FOLD_MAX_TERMS; i++)
		out[i] = NULL;
	for (int i = 0; d > 1 && i < d; i++) {
		mm_buf_puts(key, i ? "\n" : "");
		mm_buf_puts(key, out[i]);
	}
	return d;
}

/* kept[i] = 1 for each term[i] that kb_terms holds; *combo = 1 when the
 * entry of them together (key, "" for none) is kept. */
static int terms_kept(const char *const term[MM_FOLD_MAX_TERMS], int n, const char *key,
		      int kept[MM_FOLD_MAX_TERMS], int *combo)
{
	const char *t[MM_FOLD_MAX_TERMS];
	*combo = 0;
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++) {
		kept[i] = 0;
		t[i] = i < n ? term[i] : term[0];
	}
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_TERMS_WHICH, "sssss", t[0], t[1], t[2], t[3], key);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(q)) > 0) {
		const char *got = mm_db_str(q, 0);
		if (got && *key && strcmp(got, key) == 0)
			*combo = 1;
		for (int i = 0; got && i < n; i++)
			if (strcmp(term[i], got) == 0)
				kept[i] = 1;
	}
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

static int plan_terms(struct kb_filter *f, const char *term[MM_FOLD_MAX_TERMS], int n,
		      const char *key)
{
	int kept[MM_FOLD_MAX_TERMS], combo, rc;
	if ((rc = terms_kept(term, n, key, kept, &combo)) < 0)
		return rc;
	if (combo || (n == 1 && kept[0])) {
		f->term = combo ? key : term[0];
		f->use_term = 1;
		return 0;
	}
	/* each term not kept: its own two rarest grams */
	int common[MM_FOLD_MAX_TERMS] = { 0 }, usable[MM_FOLD_MAX_TERMS] = { 0 };
	struct mm_ngram_pick pick[MM_FOLD_MAX_TERMS];
	int rare = 0;
	for (int i = 0; i < n; i++) {
		if (kept[i])
			continue;
		const char *one[MM_FOLD_MAX_TERMS] = { term[i] };
		if ((usable[i] = mm_ngram_pick(&pick[i], MM_NGRAM_KB, 0, one)) < 0)
			return usable[i];
		/* postings also count past the index's cap (usable 0) */
		common[i] = pick[i].postings >= KB_KEEP_MIN;
		rare |= usable[i] && !common[i];
	}
	if (!rare) {
		/* every term common (or kept): kept together from now on; a
		 * term without grams (one character, the index being rebuilt)
		 * leaves the scan */
		int all = 1;
		for (int i = 0; i < n; i++)
			all &= kept[i] || common[i];
		if (!all)
			return 0;
		rc = n == 1 ? keep_one(term[0]) : keep_term(key, term);
		if (rc > 0) {
			f->term = n == 1 ? term[0] : key;
			f->use_term = 1;
		}
		if (rc != 0)
			return rc < 0 ? rc : 0;
	}
	/* a rare term beside common ones: the common ones are kept (their
	 * grams are not counted again); the candidates come from the
	 * rarest grams of a term not kept */
	int best = -1;
	for (int i = 0; i < n; i++) {
		if (!kept[i] && common[i] && rare) {
			if ((rc = keep_one(term[i])) < 0)
				return rc;
			kept[i] = rc;
		}
		if (!kept[i] && usable[i] && (best < 0 || pick[i].postings < pick[best].postings))
			best = i;
	}
	if (best >= 0) {
		f->grams = pick[best];
		f->use_grams = 1;
	}
	return 0;
}

int kb_db_plan(struct kb_filter *f)
{
	f->use_grams = f->use_term = 0;
	f->term = NULL;
	memset(&f->grams, 0, sizeof f->grams);
	if (!f->like[0])
		return 0;
	const char *term[MM_FOLD_MAX_TERMS];
	struct mm_buf key = { 0 };
	int n = distinct_terms(f, term, &key);
	int rc = key.oom ? MM_DB_ERR : n == 0 ? 0 : plan_terms(f, term, n, mm_buf_str(&key));
	if (f->use_term && f->term == mm_buf_str(&key)) {
		/* the key outlives this call */
		mm_copy_str(f->term_key, sizeof f->term_key, f->term);
		f->term = f->term_key;
	}
	mm_buf_free(&key);
	return rc;
}

#define GRAM_TYPES "bb"
#define GRAM_ARGS(f) \
	(const void *)(f)->grams.gram[0], (size_t)MM_NGRAM_BYTES, \
	(const void *)(f)->grams.gram[1], (size_t)MM_NGRAM_BYTES

int kb_db_count(const struct kb_filter *f, long long *n)
{
	if (f->use_term) {
		int rc = mm_db_get_int(n, SQL_TERM_COUNT, "s" FILTER_TYPES, f->term,
				       FILTER_ARGS(f));
		return rc < 0 ? rc : 0;
	}
	int rc = f->like[0] ?
		 mm_db_get_int(n, f->use_grams ? SQL_KEYWORD_COUNT_G : SQL_KEYWORD_COUNT,
			       GRAM_TYPES "ssss" FILTER_TYPES,
			       GRAM_ARGS(f), f->like[0], f->like[1], f->like[2], f->like[3],
			       FILTER_ARGS(f)) :
		 mm_db_get_int(n, SQL_BROWSE_COUNT, FILTER_TYPES, FILTER_ARGS(f));
	return rc < 0 ? rc : 0;
}

#define KEYWORD_TYPES "ssss" GRAM_TYPES "ssss" FILTER_TYPES "ii"
#define KEYWORD_ARGS(f) \
	(f)->like[0], (f)->like[1], (f)->like[2], (f)->like[3], GRAM_ARGS(f), \
	(f)->like[0], (f)->like[1], \
	(f)->like[2], (f)->like[3], FILTER_ARGS(f), (f)->offset, (long long)KB_PAGE_SIZE
#define TERM_TYPES "s" FILTER_TYPES "ii"
#define TERM_ARGS(f) (f)->term, FILTER_ARGS(f), (f)->offset, (long long)KB_PAGE_SIZE
#define BROWSE_TYPES FILTER_TYPES "ii"
#define BROWSE_ARGS(f) FILTER_ARGS(f), (f)->offset, (long long)KB_PAGE_SIZE

static int search_query(struct mm_res *q, const struct kb_filter *f)
{
	if (!f->like[0]) {
		switch (f->sort) {
		case KB_SORT_VIEWS:
			return mm_db_query(q, SQL_BROWSE_VIEWS, BROWSE_TYPES, BROWSE_ARGS(f));
		case KB_SORT_TITLE:
			return mm_db_query(q, SQL_BROWSE_TITLE, BROWSE_TYPES, BROWSE_ARGS(f));
		default:
			return mm_db_query(q, SQL_BROWSE_NEWEST, BROWSE_TYPES, BROWSE_ARGS(f));
		}
	}
	if (f->use_term) {
		switch (f->sort) {
		case KB_SORT_VIEWS:
			return mm_db_query(q, SQL_TERM_VIEWS, TERM_TYPES, TERM_ARGS(f));
		case KB_SORT_NEWEST:
			return mm_db_query(q, SQL_TERM_NEWEST, TERM_TYPES, TERM_ARGS(f));
		case KB_SORT_TITLE:
			return mm_db_query(q, SQL_TERM_TITLE, TERM_TYPES, TERM_ARGS(f));
		default:
			return mm_db_query(q, SQL_TERM_RELEVANCE, TERM_TYPES, TERM_ARGS(f));
		}
	}
	int g = f->use_grams != 0;
	switch (f->sort) {
	case KB_SORT_VIEWS:
		return mm_db_query(q, g ? SQL_KEYWORD_VIEWS_G : SQL_KEYWORD_VIEWS, KEYWORD_TYPES,
				   KEYWORD_ARGS(f));
	case KB_SORT_NEWEST:
		return mm_db_query(q, g ? SQL_KEYWORD_NEWEST_G : SQL_KEYWORD_NEWEST, KEYWORD_TYPES,
				   KEYWORD_ARGS(f));
	case KB_SORT_TITLE:
		return mm_db_query(q, g ? SQL_KEYWORD_TITLE_G : SQL_KEYWORD_TITLE, KEYWORD_TYPES,
				   KEYWORD_ARGS(f));
	default:
		return mm_db_query(q, g ? SQL_KEYWORD_RELEVANCE_G : SQL_KEYWORD_RELEVANCE, KEYWORD_TYPES,
				   KEYWORD_ARGS(f));
	}
}

int kb_db_search(const struct kb_filter *f, struct kb_article *out, long long *total)
{
	struct mm_res res, *q = &res;
	int rc = search_query(q, f);
	if (rc < 0)
		return rc;
	int n = 0;
	*total = 0;
	while (n < KB_PAGE_SIZE && (rc = mm_db_next(q)) > 0) {
		read_article(q, &out[n]);
		out[n].title_hit = (int)mm_db_int(q, ARTICLE_NCOLS);
		*total = mm_db_int(q, ARTICLE_NCOLS + 1);
		n++;
	}
	mm_db_done(q);
	/* kept results: the count is a statement of its own (an index walk
	 * gives the page without reading every row) */
	if (rc >= 0 && f->use_term && n > 0)
		rc = kb_db_count(f, total);
	return rc < 0 ? rc : n;
}

static const char SQL_ARTICLE[] =
	ARTICLE_COLUMNS ", a.body_html, a.body_md FROM kb_articles a" ARTICLE_JOINS
	" WHERE a.article_no = ? AND (a.published = 1 OR ? = 1)";

int kb_db_article(const char *no, int staff, struct kb_article *a, struct mm_buf *html,
		  struct mm_buf *md)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query_row(q, SQL_ARTICLE, "si", no, (long long)staff);
	if (rc > 0) {
		read_article(q, a);
		const char *h = mm_db_str(q, ARTICLE_NCOLS), *m = mm_db_str(q, ARTICLE_NCOLS + 1);
		mm_buf_add(html, h ? h : "", h ? mm_db_len(q, ARTICLE_NCOLS) : 0);
		if (md)
			mm_buf_add(md, m ? m : "", m ? mm_db_len(q, ARTICLE_NCOLS + 1) : 0);
		rc = html->oom || (md && md->oom) ? MM_DB_ERR : 1;
	}
	mm_db_done(q);
	return rc;
}

/* t is a's version in the other language: linked either way, or both
 * translations of a third (translation_of names the original). */
#define TRANSLATION_OF_A \
	" t.id <> a.id AND t.lang <> a.lang AND (t.id = a.translation_of" \
	" OR t.translation_of = a.id OR (t.translation_of = a.translation_of" \
	" AND a.translation_of IS NOT NULL))"

/* The customer's article page in one statement: the article, its
 * other-language version (article number and language run together,
 * "KB1234567en") and its documents, one row per document (the article's
 * columns repeat; an article has a handful of documents at most). Only
 * the columns the page shows: no join of the editor's name, no display
 * window, no document texts. */
static const char SQL_ARTICLE_PAGE[] =
	"SELECT a.id, a.article_no, a.lang, a.title, a.author_name, b.name_ja, b.name_en,"
	" COALESCE(c.name_ja, ''), COALESCE(c.name_en, ''), COALESCE(a.published_at, a.updated_at),"
	" a.views, a.body_html,"
	" (SELECT CONCAT(t.article_no, t.lang) FROM kb_articles t WHERE t.published = 1"
	" AND" TRANSLATION_OF_A " ORDER BY t.id LIMIT 1),"
	" f.id, f.file_name, f.size_bytes"
	" FROM kb_articles a STRAIGHT_JOIN kb_bases b ON b.id = a.base_id"
	" LEFT JOIN kb_categories c ON c.id = a.category_id"
	" LEFT JOIN kb_files f ON f.article_id = a.id"
	" WHERE a.article_no = ? AND a.published = 1 ORDER BY f.file_name, f.id";
enum { PAGE_SHOWN = 9, PAGE_VIEWS, PAGE_HTML, PAGE_TRANSLATION, PAGE_FILE };

void kb_page_free(struct kb_page *p)
{
	mm_buf_free(&p->text);
	free(p->files);
	memset(p, 0, sizeof *p);
}

/* Column col of the row as a NUL-terminated string in p->text: its offset. */
static size_t page_text(struct kb_page *p, const struct mm_res *q, unsigned col)
{
	size_t at = p->text.len;
	const char *v = mm_db_str(q, col);
	mm_buf_add(&p->text, v ? v : "", v ? mm_db_len(q, col) : 0);
	mm_buf_add(&p->text, "", 1);
	return at;
}

static int page_file(struct kb_page *p, const struct mm_res *q)
{
	if (p->nfiles == p->files_cap) {
		int cap = p->files_cap ? p->files_cap * 2 : 4;
		struct kb_page_file *f = realloc(p->files, (size_t)cap * sizeof *f);
		if (!f)
			return MM_DB_ERR;
		p->files = f;
		p->files_cap = cap;
	}
	struct kb_page_file *f = &p->files[p->nfiles++];
	f->id = mm_db_int(q, PAGE_FILE);
	f->name = page_text(p, q, PAGE_FILE + 1);
	f->size = mm_db_int(q, PAGE_FILE + 2);
	return 0;
}

int kb_db_article_page(const char *no, struct kb_page *p)
{
	kb_page_free(p);
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_ARTICLE_PAGE, "s", no);
	if (rc < 0)
		return rc;
	int found = 0;
	while ((rc = mm_db_next(q)) > 0) {
		if (!found) {
			found = 1;
			p->id = mm_db_int(q, 0);
			COPY(p->no, 1);
			COPY(p->lang, 2);
			p->title = page_text(p, q, 3);
			p->author = page_text(p, q, 4);
			p->base_ja = page_text(p, q, 5);
			p->base_en = page_text(p, q, 6);
			p->category_ja = page_text(p, q, 7);
			p->category_en = page_text(p, q, 8);
			p->shown = mm_db_time(q, PAGE_SHOWN);
			struct tm tm;
			gmtime_r(&p->shown, &tm);
			strftime(p->shown_iso, sizeof p->shown_iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
			p->views = mm_db_int(q, PAGE_VIEWS);
			p->html = page_text(p, q, PAGE_HTML);
			const char *t = mm_db_str(q, PAGE_TRANSLATION);
			if (t && strlen(t) == 11) {
				memcpy(p->tno, t, 9);
				p->tno[9] = '\0';
				memcpy(p->tlang, t + 9, 3);
			}
		}
		/* no documents: the LEFT JOIN's one row */
		if (mm_db_str(q, PAGE_FILE) && (rc = page_file(p, q)) < 0)
			break;
	}
	mm_db_done(q);
	if (rc >= 0 && p->text.oom)
		rc = MM_DB_ERR;
	return rc < 0 ? rc : found;
}

/* --- files ------------------------------------------------------------------ */

#define FILE_COLUMNS \
	"SELECT f.id, COALESCE(f.article_id, 0), COALESCE(f.base_id, 0), f.size_bytes," \
	" f.download, f.published, f.store_id, f.file_name, f.content_type, f.title_ja," \
	" f.title_en, f.description_ja, f.description_en, COALESCE(b.name_ja, '')," \
	" COALESCE(b.name_en, ''), f.created_at, f.updated_at" \
	" FROM kb_files f LEFT JOIN kb_bases b ON b.id = f.base_id"

static void read_file(const struct mm_res *q, struct kb_file *f)
{
	memset(f, 0, sizeof *f);
	f->id = mm_db_int(q, 0);
	f->article_id = mm_db_int(q, 1);
	f->base_id = mm_db_int(q, 2);
	f->size = mm_db_int(q, 3);
	f->download = (int)mm_db_int(q, 4);
	f->published = (int)mm_db_int(q, 5);
	COPY(f->store_id, 6);
	COPY(f->file_name, 7);
	COPY(f->content_type, 8);
	COPY(f->title_ja, 9);
	COPY(f->title_en, 10);
	COPY(f->description_ja, 11);
	COPY(f->description_en, 12);
	COPY(f->base_ja, 13);
	COPY(f->base_en, 14);
	f->created_at = mm_db_time(q, 15);
	f->updated_at = mm_db_time(q, 16);
}

static int each_file(struct mm_res *q, int (*fn)(const struct kb_file *f, void *ctx), void *ctx)
{
	struct kb_file *f = malloc(sizeof *f);
	int rc = f ? 0 : MM_DB_ERR;
	while (rc == 0 && (rc = mm_db_next(q)) > 0) {
		read_file(q, f);
		rc = fn(f, ctx);
	}
	free(f);
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

static const char SQL_ARTICLE_FILES[] =
	FILE_COLUMNS " WHERE f.article_id = ? ORDER BY f.file_name, f.id";

int kb_db_article_files(long long article_id, int (*fn)(const struct kb_file *f, void *ctx),
			void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_ARTICLE_FILES, "i", article_id);
	return rc < 0 ? rc : each_file(&res, fn, ctx);
}

/* A document of a published article, or a published download. */
static const char SQL_FILE[] =
	FILE_COLUMNS " LEFT JOIN kb_articles a ON a.id = f.article_id"
	" WHERE f.id = ? AND ((? <> 0 AND f.article_id = ? AND (a.published = 1 OR ? = 1))"
	" OR (? = 0 AND f.download = 1 AND (f.published = 1 OR ? = 1)))";

int kb_db_file(long long id, long long article_id, int staff, struct kb_file *f)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query_row(q, SQL_FILE, "iiiiii", id, article_id, article_id,
				 (long long)staff, article_id, (long long)staff);
	if (rc > 0)
		read_file(q, f);
	mm_db_done(q);
	return rc;
}

static const char SQL_DOWNLOADS[] =
	FILE_COLUMNS " WHERE f.download = 1 AND (f.published = 1 OR ? = 1)"
	" ORDER BY b.position, b.id, f.created_at DESC, f.id DESC";

int kb_db_downloads(int staff, int (*fn)(const struct kb_file *f, void *ctx), void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DOWNLOADS, "i", (long long)staff);
	return rc < 0 ? rc : each_file(&res, fn, ctx);
}

/* --- announcements (KB-3) ---------------------------------------------------- */

/* One announcement per translated pair, as on the home page
 * (dashboard/notices_db.c): the reader's language, or the other one where
 * it has no published translation. */
static const char SQL_ANNOUNCEMENTS[] =
	ARTICLE_COLUMNS " FROM kb_articles a" ARTICLE_JOINS
	" WHERE a.announcement = 1 AND a.published = 1"
	" AND (a.lang = ? OR NOT EXISTS (SELECT 1 FROM kb_articles t"
	" WHERE t.announcement = 1 AND t.published = 1 AND" TRANSLATION_OF_A "))"
	" AND (a.display_from IS NULL OR a.display_from <= ?) AND (? = 0 OR ("
	" (a.display_until IS NULL OR a.display_until > ?)"
	" AND NOT EXISTS (SELECT 1 FROM kb_dismissals d WHERE d.user_id = ? AND d.article_id = a.id)))"
	" ORDER BY a.published_at DESC, a.id DESC LIMIT ?";

int kb_db_announcements(int banner, const char *lang, long long user_id, time_t now, int cap,
			int (*fn)(const struct kb_article *a, void *ctx), void *ctx)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_ANNOUNCEMENTS, "stitii", lang, now, (long long)banner, now,
			     user_id, (long long)cap);
	if (rc < 0)
		return rc;
	struct kb_article *a = malloc(sizeof *a);
	rc = a ? 0 : MM_DB_ERR;
	while (rc == 0 && (rc = mm_db_next(q)) > 0) {
		read_article(q, a);
		rc = fn(a, ctx);
	}
	free(a);
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

static const char SQL_ANNOUNCEMENT_ID[] =
	"SELECT id FROM kb_articles WHERE article_no = ? AND announcement = 1 AND published = 1";
/* the announcement and its translations: a dismissed one never comes back
 * in the other language (the reader's language may change) */
static const char SQL_DISMISS[] =
	"INSERT IGNORE INTO kb_dismissals (user_id, article_id, dismissed_at)"
	" SELECT ?, t.id, ? FROM kb_articles a JOIN kb_articles t"
	" ON t.id = a.id OR (t.announcement = 1 AND" TRANSLATION_OF_A ")"
	" WHERE a.id = ?";

int kb_db_announcement_id(const char *no, long long *id)
{
	return mm_db_get_int(id, SQL_ANNOUNCEMENT_ID, "s", no);
}

int kb_db_dismiss(long long user_id, long long article_id, time_t now)
{
	long long rc = mm_db_exec(SQL_DISMISS, "iti", user_id, now, article_id);
	return rc < 0 ? (int)rc : 0;
}

static const char SQL_ADD_VIEWS[] = "UPDATE kb_articles SET views = views + ? WHERE id = ?";

int kb_db_add_views(long long article_id, long long n)
{
	long long rc = mm_db_exec(SQL_ADD_VIEWS, "ii", n, article_id);
	return rc < 0 ? (int)rc : 0;
}

/* --- staff writes ------------------------------------------------------------- */

#define KB_NO_TRIES 10

static int random_no(char out[10])
{
	unsigned char rnd[4];
	if (mm_random_bytes(rnd, sizeof rnd) != 0)
		return -1;
	unsigned long v = ((unsigned long)rnd[0] << 24 | (unsigned long)rnd[1] << 16 |
			   (unsigned long)rnd[2] << 8 | rnd[3]) % 10000000UL;
	snprintf(out, 10, "KB%07lu", v);
	return 0;
}

static const char SQL_ARTICLE_INSERT[] =
	"INSERT INTO kb_articles (article_no, demo_key, base_id, category_id, lang, translation_of,"
	" title, author_name, body_md, body_html, search_title, published, published_at,"
	" announcement, display_from, display_until, created_by, created_at, updated_by,"
	" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ARTICLE_UPDATE[] =
	"UPDATE kb_articles SET base_id = ?, category_id = ?, lang = ?, title = ?, author_name = ?,"
	" body_md = ?, body_html = ?, search_title = ?, announcement = ?,"
	" display_from = ?, display_until = ?, updated_by = ?, updated_at = ? WHERE id = ?";
static const char SQL_ARTICLE_BY_DEMO_KEY[] = "SELECT id FROM kb_articles WHERE demo_key = ?";
static const char SQL_SEARCH_SAVE[] =
	"INSERT INTO kb_search (article_id, text) VALUES (?, ?) ON DUPLICATE KEY UPDATE text = ?";
static const char SQL_SEARCH_OLD[] = "SELECT text FROM kb_search WHERE article_id = ? FOR UPDATE";

/* The article's search row and its side index entries (mm_ngram.h), in the
 * caller's transaction: the grams only the old text had go, the new come. */
static int search_save(long long id, const char *text)
{
	struct mm_res res, *q = &res;
	struct mm_buf old = { 0 };
	int rc = mm_db_query_row(q, SQL_SEARCH_OLD, "i", id);
	if (rc == 1)
		mm_buf_add(&old, mm_db_str(q, 0) ? mm_db_str(q, 0) : "", mm_db_len(q, 0));
	mm_db_done(q);
	if (rc >= 0 && old.oom)
		rc = MM_DB_ERR;
	if (rc >= 0) {
		long long n = mm_db_exec(SQL_SEARCH_SAVE, "iss", id, text, text);
		rc = n < 0 ? (int)n : mm_ngram_replace(MM_NGRAM_KB, 0, id, mm_buf_str(&old), text);
	}
	mm_buf_free(&old);
	return rc < 0 ? rc : 0;
}

int kb_db_article_save(struct kb_article_save *s)
{
	long long rc;
	if (s->id) {
		rc = mm_db_exec(SQL_ARTICLE_UPDATE, "inssssssiTTiti", s->base_id, s->category_id,
				s->lang, s->title, s->author, s->body_md, s->body_html,
				s->search_title, (long long)s->announcement, s->display_from,
				s->display_until, s->user_id, s->now, s->id);
		if (rc <= 0)
			return rc < 0 ? (int)rc : 1;
		return search_save(s->id, s->search_text);
	}
	/* a demo key names its article: only that key's duplicate means "exists" */
	if (s->demo_key) {
		long long id = 0;
		int found = mm_db_get_int(&id, SQL_ARTICLE_BY_DEMO_KEY, "s", s->demo_key);
		if (found != 0)
			return found < 0 ? found : MM_DB_DUP;
	}
	rc = MM_DB_DUP;
	for (int i = 0; i < KB_NO_TRIES && rc == MM_DB_DUP; i++) {
		if (random_no(s->no) != 0)
			return MM_DB_ERR;
		rc = mm_db_exec(SQL_ARTICLE_INSERT, "ssinsnsssssiTiTTntnt", s->no, s->demo_key,
				s->base_id, s->category_id, s->lang, s->translation_of, s->title,
				s->author, s->body_md, s->body_html, s->search_title,
				(long long)s->published, s->published ? s->published_at : (time_t)0,
				(long long)s->announcement, s->display_from, s->display_until,
				s->user_id, s->now, s->user_id, s->now);
	}
	if (rc < 0)
		return (int)rc;
	s->id = (long long)mm_db_insert_id();
	return search_save(s->id, s->search_text);
}

static const char SQL_PUBLISH[] =
	"UPDATE kb_articles SET published = ?, published_at = COALESCE(published_at, ?),"
	" updated_by = ?, updated_at = ? WHERE id = ?";

int kb_db_article_publish(long long id, int published, long long user_id, time_t now)
{
	long long rc = mm_db_exec(SQL_PUBLISH, "ititi", (long long)published,
				  now, user_id, now, id);
	return rc < 0 ? (int)rc : rc > 0;
}

int kb_db_article_by_demo_key(const char *key, long long *id)
{
	return mm_db_get_int(id, SQL_ARTICLE_BY_DEMO_KEY, "s", key);
}

static const char SQL_BASE_ID[] = "SELECT id FROM kb_bases WHERE code = ?";
static const char SQL_CATEGORY_ID[] = "SELECT id FROM kb_categories WHERE base_id = ? AND code = ?";
static const char SQL_BASE_ADD[] =
	"INSERT INTO kb_bases (code, name_ja, name_en, position, created_by, created_at,"
	" updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_BASE_SAVE[] =
	"UPDATE kb_bases SET name_ja = ?, name_en = ?, position = ?, updated_by = ?, updated_at = ?"
	" WHERE id = ?";
static const char SQL_CATEGORY_ADD[] =
	"INSERT INTO kb_categories (base_id, code, name_ja, name_en, position, created_by,"
	" created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CATEGORY_SAVE[] =
	"UPDATE kb_categories SET name_ja = ?, name_en = ?, position = ?, updated_by = ?,"
	" updated_at = ? WHERE id = ?";

int kb_db_base_id(const char *code, long long *id)
{
	return mm_db_get_int(id, SQL_BASE_ID, "s", code);
}

int kb_db_category_id(long long base_id, const char *code, long long *id)
{
	return mm_db_get_int(id, SQL_CATEGORY_ID, "is", base_id, code);
}

int kb_db_base_add(const char *code, const char *name_ja, const char *name_en, long long position,
		   long long user_id, time_t now, long long *id)
{
	long long rc = mm_db_exec(SQL_BASE_ADD, "sssintnt", code, name_ja, name_en, position,
				  user_id, now, user_id, now);
	if (rc < 0)
		return (int)rc;
	*id = (long long)mm_db_insert_id();
	return 0;
}

int kb_db_base_save(long long id, const char *name_ja, const char *name_en, long long position,
		    long long user_id, time_t now)
{
	long long rc = mm_db_exec(SQL_BASE_SAVE, "ssinti", name_ja, name_en, position, user_id,
				  now, id);
	return rc < 0 ? (int)rc : rc > 0;
}

int kb_db_category_add(long long base_id, const char *code, const char *name_ja,
		       const char *name_en, long long position, long long user_id, time_t now,
		       long long *id)
{
	long long rc = mm_db_exec(SQL_CATEGORY_ADD, "isssintnt", base_id, code, name_ja, name_en,
				  position, user_id, now, user_id, now);
	if (rc < 0)
		return (int)rc;
	*id = (long long)mm_db_insert_id();
	return 0;
}

int kb_db_category_save(long long id, const char *name_ja, const char *name_en,
			long long position, long long user_id, time_t now)
{
	long long rc = mm_db_exec(SQL_CATEGORY_SAVE, "ssinti", name_ja, name_en, position,
				  user_id, now, id);
	return rc < 0 ? (int)rc : rc > 0;
}

static const char SQL_FILE_ADD[] =
	"INSERT INTO kb_files (article_id, download, base_id, title_ja, title_en, description_ja,"
	" description_en, published, demo_key, store_id, file_name, content_type, size_bytes,"
	" sha256, created_by, created_at, updated_by, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int kb_db_file_add(const struct kb_file_new *f)
{
	long long rc = mm_db_exec(SQL_FILE_ADD, "ninssssissssibntnt", f->article_id,
				  (long long)f->download, f->base_id, f->title_ja ? f->title_ja : "",
				  f->title_en ? f->title_en : "",
				  f->description_ja ? f->description_ja : "",
				  f->description_en ? f->description_en : "",
				  (long long)f->published, f->demo_key, f->store_id, f->file_name,
				  f->content_type, f->size, f->sha256, (size_t)32, f->user_id,
				  f->now, f->user_id, f->now);
	return rc < 0 ? (int)rc : 0;
}

static const char SQL_FILE_STORE[] =
	"SELECT store_id FROM kb_files WHERE id = ? AND ((? <> 0 AND article_id = ?)"
	" OR (? = 0 AND download = 1)) FOR UPDATE";
static const char SQL_FILE_DELETE[] = "DELETE FROM kb_files WHERE id = ?";

int kb_db_file_remove(long long id, long long article_id, char store_id[33])
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query_row(q, SQL_FILE_STORE, "iiii", id, article_id, article_id, article_id);
	if (rc > 0)
		mm_copy_str(store_id, 33, mm_db_str(q, 0));
	mm_db_done(q);
	if (rc <= 0)
		return rc;
	long long n = mm_db_exec(SQL_FILE_DELETE, "i", id);
	return n < 0 ? (int)n : n > 0;
}

static const char SQL_DOWNLOAD_PUBLISH[] =
	"UPDATE kb_files SET published = ?, updated_by = ?, updated_at = ?"
	" WHERE id = ? AND download = 1";

int kb_db_download_publish(long long id, int published, long long user_id, time_t now)
{
	long long rc = mm_db_exec(SQL_DOWNLOAD_PUBLISH, "iiti", (long long)published, user_id, now,
				  id);
	return rc < 0 ? (int)rc : rc > 0;
}

static const char SQL_FILE_BY_DEMO_KEY[] = "SELECT id FROM kb_files WHERE demo_key = ?";
static const char SQL_STORE_KNOWN[] = "SELECT COUNT(*) FROM kb_files WHERE store_id = ?";

int kb_db_file_by_demo_key(const char *key, long long *id)
{
	return mm_db_get_int(id, SQL_FILE_BY_DEMO_KEY, "s", key);
}

int kb_db_store_id_known(const char *store_id)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_STORE_KNOWN, "s", store_id);
	return rc < 0 ? rc : n > 0;
}
