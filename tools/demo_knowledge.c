/* Demo knowledge content (KB-5): knowledge bases, categories, downloads
 * (structure.tsv), articles (one .md file each in articles/: a
 * front-matter block between "---" lines, then the Markdown body) and
 * their documents (files/).
 *
 * Idempotent: bases and categories by code, articles by their `key`,
 * documents by article key + file name; what exists is never changed.
 * Articles are written through the knowledge program's own queries and
 * rendered by its Markdown wrapper, exactly as staff saving them would. */
#include "demo_knowledge.h"
#include "mm.h"
#include "mm_fold.h"
#include "mm_store.h"
#include "knowledge.h"
#include "kb_markdown.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 8192

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct mm_buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mm_buf_add(&b, chunk, n);
	int bad = ferror(f) || b.oom;
	fclose(f);
	if (bad) {
		mm_buf_free(&b);
		return NULL;
	}
	mm_buf_str(&b);
	*len = b.len;
	return b.p ? b.p : strdup("");
}

/* Splits line on TABs into at most max fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcasecmp(dot, ".pdf") == 0)
		return "application/pdf";
	if (dot && strcasecmp(dot, ".txt") == 0)
		return "text/plain";
	if (dot && strcasecmp(dot, ".csv") == 0)
		return "text/csv";
	return "application/octet-stream";
}

/* One document to store: read from dir/files/name into the store. */
struct demo_file {
	char store_id[MM_STORE_ID_LEN + 1];
	unsigned char sha256[32];
	long long size;
	const char *name;
};

static int store_file(const char *dir, const char *name, struct demo_file *f)
{
	char path[4096];
	if (strchr(name, '/') || !*name)
		return -1;
	snprintf(path, sizeof path, "%s/files/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "demo knowledge: cannot read %s\n", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	f->size = st.st_size;
	f->name = name;
	int rc = mm_store_put(fd, 0, st.st_size, f->store_id, f->sha256);
	close(fd);
	return rc;
}

/* --- structure.tsv ------------------------------------------------------------ */

struct download_ctx {
	struct kb_file_new f;
};

static int download_tx(void *p)
{
	struct download_ctx *x = p;
	return kb_db_file_add(&x->f);
}

static int structure_line(const char *dir, char *line, time_t now)
{
	char *f[8];
	int n = split_tabs(line, f, 8);
	long long base = 0, id = 0;
	if (strcmp(f[0], "base") == 0 && n >= 5) {
		int rc = kb_db_base_id(f[1], &id);
		return rc != 0 ? (rc < 0 ? rc : 0) :
		       kb_db_base_add(f[1], f[2], f[3], strtoll(f[4], NULL, 10), 0, now, &id);
	}
	if (strcmp(f[0], "category") == 0 && n >= 6) {
		int rc = kb_db_base_id(f[1], &base);
		if (rc <= 0)
			return rc < 0 ? rc : -1;
		rc = kb_db_category_id(base, f[2], &id);
		return rc != 0 ? (rc < 0 ? rc : 0) :
		       kb_db_category_add(base, f[2], f[3], f[4], strtoll(f[5], NULL, 10), 0, now, &id);
	}
	if (strcmp(f[0], "download") == 0 && n >= 7) {
		char key[512];
		snprintf(key, sizeof key, "download:%s/%s", f[1], f[2]);
		int rc = kb_db_file_by_demo_key(key, &id);
		if (rc != 0)
			return rc < 0 ? rc : 0;
		rc = kb_db_base_id(f[1], &base);
		if (rc <= 0)
			return rc < 0 ? rc : -1;
		struct demo_file df;
		if (store_file(dir, f[2], &df) != 0)
			return -1;
		struct download_ctx x = { {
			.base_id = base, .download = 1, .published = 1,
			.title_ja = f[3], .title_en = f[4], .description_ja = f[5],
			.description_en = f[6], .demo_key = key, .store_id = df.store_id,
			.file_name = f[2], .content_type = content_type_of(f[2]), .size = df.size,
			.sha256 = df.sha256, .now = now,
		} };
		rc = mm_db_transaction(download_tx, &x);
		if (rc)
			mm_store_delete(df.store_id);
		return rc;
	}
	fprintf(stderr, "demo knowledge: structure.tsv: unknown line \"%s\"\n", f[0]);
	return -1;
}

static int load_structure(const char *dir, time_t now)
{
	char path[4096], line[LINE_MAX_BYTES];
	snprintf(path, sizeof path, "%s/structure.tsv", dir);
	FILE *in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "demo knowledge: cannot read %s\n", path);
		return -1;
	}
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		rc = structure_line(dir, line, now);
	}
	fclose(in);
	return rc;
}

/* --- articles ----------------------------------------------------------------- */

struct front {
	const char *key, *lang, *translation_of, *base, *category, *title, *author;
	const char *days_ago, *announcement, *from_days, *until_days, *documents;
};

/* Parses the front matter in place; *body gets the Markdown after it. */
static int parse_front(char *text, struct front *fm, char **body)
{
	memset(fm, 0, sizeof *fm);
	if (strncmp(text, "---\n", 4) != 0)
		return -1;
	char *p = text + 4;
	for (;;) {
		char *eol = strchr(p, '\n');
		if (!eol)
			return -1;
		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (strcmp(p, "---") == 0) {
			*body = eol + 1;
			return fm->key && fm->lang && fm->base && fm->title && fm->author ? 0 : -1;
		}
		char *colon = strchr(p, ':');
		if (colon) {
			*colon = '\0';
			char *v = colon + 1;
			v += strspn(v, " \t");
			static const struct {
				const char *name;
				size_t off;
			} keys[] = {
#define K(n, m) { n, offsetof(struct front, m) }
				K("key", key), K("lang", lang), K("translation_of", translation_of),
				K("base", base), K("category", category), K("title", title),
				K("author", author), K("published_days_ago", days_ago),
				K("announcement", announcement), K("display_from_days", from_days),
				K("display_until_days", until_days), K("documents", documents),
#undef K
			};
			for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
				if (strcmp(p, keys[i].name) == 0)
					*(const char **)((char *)fm + keys[i].off) = v;
		}
		p = eol + 1;
	}
}

struct article_ctx {
	struct kb_article_save s;
	struct demo_file files[KB_MAX_FILES];
	int nfiles;
	char doc_keys[KB_MAX_FILES][512];
};

static int article_tx(void *p)
{
	struct article_ctx *x = p;
	x->s.id = 0;
	int rc = kb_db_article_save(&x->s);
	for (int i = 0; rc == 0 && i < x->nfiles; i++) {
		struct kb_file_new f = {
			.article_id = x->s.id, .published = 1, .demo_key = x->doc_keys[i],
			.store_id = x->files[i].store_id, .file_name = x->files[i].name,
			.content_type = content_type_of(x->files[i].name), .size = x->files[i].size,
			.sha256 = x->files[i].sha256, .now = x->s.now,
		};
		rc = kb_db_file_add(&f);
	}
	return rc;
}

/* 1 loaded, 0 already there or waits for its original (translations come
 * in a later pass), < 0 error. */
static int load_article(const char *dir, const char *file, int pass, time_t now)
{
	char path[4096];
	size_t len = 0;
	snprintf(path, sizeof path, "%s/articles/%s", dir, file);
	char *text = slurp(path, &len);
	if (!text)
		return -1;
	struct front fm;
	char *body = NULL;
	int rc = parse_front(text, &fm, &body);
	if (rc != 0) {
		fprintf(stderr, "demo knowledge: %s: front matter incomplete\n", path);
		free(text);
		return -1;
	}
	long long id = 0, base = 0, category = 0, original = 0;
	rc = kb_db_article_by_demo_key(fm.key, &id);
	if (rc != 0 || (pass == 0) != (fm.translation_of == NULL || !*fm.translation_of)) {
		free(text);
		return rc < 0 ? rc : 0;
	}
	if (fm.translation_of && *fm.translation_of &&
	    kb_db_article_by_demo_key(fm.translation_of, &original) <= 0)
		original = 0;
	rc = kb_db_base_id(fm.base, &base);
	if (rc > 0 && fm.category && *fm.category)
		rc = kb_db_category_id(base, fm.category, &category);
	if (rc <= 0) {
		fprintf(stderr, "demo knowledge: %s: unknown base or category\n", path);
		free(text);
		return -1;
	}
	char *html = NULL;
	if (kb_markdown_render(body, strlen(body), &html) != KB_MD_OK) {
		fprintf(stderr, "demo knowledge: %s: body refused\n", path);
		free(text);
		return -1;
	}
	struct mm_buf stitle = { 0 }, stext = { 0 };
	mm_fold_append(&stitle, fm.title);
	mm_fold_append(&stext, fm.title);
	mm_buf_puts(&stext, "\n");
	mm_fold_append(&stext, body);
	struct article_ctx *x = calloc(1, sizeof *x);
	rc = x && !stitle.oom && !stext.oom ? 0 : -1;
	if (rc == 0) {
		long long days = fm.days_ago ? strtoll(fm.days_ago, NULL, 10) : 0;
		x->s = (struct kb_article_save){
			.base_id = base, .category_id = category, .translation_of = original,
			.lang = strcmp(fm.lang, "en") == 0 ? "en" : "ja", .title = fm.title,
			.author = fm.author, .body_md = body, .body_html = html,
			.search_title = mm_buf_str(&stitle), .search_text = mm_buf_str(&stext),
			.announcement = fm.announcement && strcmp(fm.announcement, "yes") == 0,
			.display_from = fm.from_days && *fm.from_days ?
					now + strtoll(fm.from_days, NULL, 10) * 86400 : 0,
			.display_until = fm.until_days && *fm.until_days ?
					 now + strtoll(fm.until_days, NULL, 10) * 86400 : 0,
			.demo_key = fm.key, .published = 1, .published_at = now - days * 86400,
			.now = now,
		};
	}
	/* documents: "a.pdf, b.pdf" */
	char *docs = fm.documents ? strdup(fm.documents) : NULL;
	for (char *save = NULL, *d = docs ? strtok_r(docs, ",", &save) : NULL; rc == 0 && d;
	     d = strtok_r(NULL, ",", &save)) {
		d += strspn(d, " \t");
		d[strcspn(d, " \t")] = '\0';
		if (!*d || x->nfiles == KB_MAX_FILES)
			continue;
		snprintf(x->doc_keys[x->nfiles], sizeof x->doc_keys[0], "doc:%s/%s", fm.key, d);
		rc = store_file(dir, d, &x->files[x->nfiles]);
		x->nfiles += rc == 0;
	}
	if (rc == 0)
		rc = mm_db_transaction(article_tx, x);
	if (rc != 0 && x)
		for (int i = 0; i < x->nfiles; i++)
			mm_store_delete(x->files[i].store_id);
	free(docs);
	free(x);
	free(html);
	mm_buf_free(&stitle);
	mm_buf_free(&stext);
	free(text);
	if (rc != 0)
		fprintf(stderr, "demo knowledge: %s could not be loaded\n", path);
	return rc == 0 ? 1 : rc < 0 ? rc : -1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int md_file(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 3 && e->d_name[0] != '.' && strcmp(e->d_name + n - 3, ".md") == 0;
}

static int load_dir(const char *dir, time_t now)
{
	int rc = load_structure(dir, now);
	if (rc != 0)
		return -1;
	char path[4096];
	snprintf(path, sizeof path, "%s/articles", dir);
	struct dirent **names = NULL;
	int n = scandir(path, &names, md_file, by_name), loaded = 0;
	if (n < 0) {
		fprintf(stderr, "demo knowledge: cannot read %s\n", path);
		return -1;
	}
	for (int pass = 0; pass < 2 && rc == 0; pass++)
		for (int i = 0; i < n && rc == 0; i++) {
			int one = load_article(dir, names[i]->d_name, pass, now);
			rc = one < 0 ? -1 : 0;
			loaded += one > 0;
		}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (loaded)
		fprintf(stderr, "demo knowledge: %d article(s) loaded from %s\n", loaded, dir);
	return rc;
}

int demo_knowledge(const char *dirs)
{
	char fallback[4096];
	if (!dirs)
		dirs = getenv("MM_DEMO_KNOWLEDGE_DIR");
	if (!dirs || !*dirs) {
		snprintf(fallback, sizeof fallback, "%s/../tools/demo/knowledge",
			 mm_cfg_str("Paths.Templates", "templates"));
		struct stat st;
		if (stat(fallback, &st) != 0)
			return 0;	/* an installation without the demo content */
		dirs = fallback;
	}
	char *copy = strdup(dirs);
	int rc = copy ? 0 : -1;
	time_t now = mm_clock_now();
	for (char *save = NULL, *d = copy ? strtok_r(copy, ":", &save) : NULL; rc == 0 && d;
	     d = strtok_r(NULL, ":", &save))
		rc = load_dir(d, now);
	free(copy);
	return rc;
}
