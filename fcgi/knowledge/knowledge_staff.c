/* Staff authoring (KB-4): articles (create, edit with preview, publish,
 * unpublish, announcement flag and display window, documents), knowledge
 * bases and categories, and the Downloads page's documents (DASH-8).
 * Every change records who and when (updated_by, updated_at). */
#include "knowledge.h"
#include "kb_markdown.h"
#include "mm_fold.h"
#include "mm_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_action(const struct mm_input *in, const char *v)
{
	static const char *const ok[] = { "preview", "save", "publish", "unpublish", "remove",
					  "add_base", "save_base", "add_category", "save_category",
					  NULL };
	for (const char *const *p = ok; *p; p++)
		if (strcmp(*p, v) == 0)
			return NULL;
	return "err.format";
}

/* A textarea's CRLF counts as one character, as the browser counted it. */
static const char *v_body(const struct mm_input *in, const char *v)
{
	static const struct mm_input any = { "body", NULL, 0, 0, 0 };
	const char *err = mm_v_text(&any, v);
	if (err)
		return err;
	return strlen(v) > KB_MD_MAX_BYTES + KB_MD_MAX_BYTES / 10 ? "knowledge.err.md_too_long" : NULL;
}

/* <input type="datetime-local">: "YYYY-MM-DDTHH:MM" in the user's zone. */
static time_t local_time(struct mm_req *r, const char *v)
{
	if (!v || strlen(v) != 16 || v[10] != 'T' || v[13] != ':')
		return 0;
	char day[11];
	memcpy(day, v, 10);
	day[10] = '\0';
	time_t midnight = mm_time_local_date(mm_time_zone(r), day);
	int h = (v[11] - '0') * 10 + (v[12] - '0'), m = (v[14] - '0') * 10 + (v[15] - '0');
	if (!midnight || v[11] < '0' || v[11] > '9' || v[12] < '0' || v[12] > '9' || v[14] < '0' ||
	    v[14] > '9' || v[15] < '0' || v[15] > '9' || h > 23 || m > 59)
		return 0;
	return midnight + h * 3600 + m * 60;
}

static const char *v_datetime(const struct mm_input *in, const char *v)
{
	if (strlen(v) != 16 || v[10] != 'T' || v[13] != ':')
		return "knowledge.err.datetime";
	char day[11];
	memcpy(day, v, 10);
	day[10] = '\0';
	return mm_time_local_date("UTC", day) ? NULL : "knowledge.err.datetime";
}

static const char *v_no(const struct mm_input *in, const char *v)
{
	char no[10];
	const char *tail;
	return strncmp(v, "KB", 2) == 0 && kb_no_from_path(v + 2, no, &tail) && !*tail ?
	       NULL : "knowledge.err.no";
}

static const char *v_code(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return "knowledge.err.code";
	return NULL;
}

static const struct mm_input editor_inputs[] = {
	{ "action", v_action, 0, 0, 20 },
	{ "title", mm_v_line, 0, 1, KB_TITLE_MAX },
	{ "lang", mm_v_lang, 0, 0, 2 },
	{ "base", kb_v_id, 0, 0, 18 },
	{ "category", kb_v_id, 0, 0, 18 },
	{ "author", mm_v_line, 0, 1, KB_NAME_MAX },
	{ "body", v_body, 0, 0, 0 },
	{ "announcement", mm_v_one, 0, 0, 1 },
	{ "display_from", v_datetime, 0, 0, 16 },
	{ "display_until", v_datetime, 0, 0, 16 },
	{ "translation_of", v_no, 0, 0, 9 },
	{ "done", mm_v_line, MM_IN_QUERY, 0, 20 },
	MM_INPUT_END
};

static void datetime_local(struct mm_req *r, const char *path, time_t t)
{
	if (!t)
		return;
	char s[MM_TIME_LEN];
	mm_time_local(r, t, s);
	s[10] = 'T';
	s[16] = '\0';
	mm_set(r, path, s);
}

/* The form as the article has it. */
static void form_of_article(struct mm_req *r, const struct kb_article *a, const char *md)
{
	mm_set(r, "Form.title", a->title);
	mm_set(r, "Form.lang", a->lang);
	mm_set_int(r, "Form.base", a->base_id);
	if (a->category_id)
		mm_set_int(r, "Form.category", a->category_id);
	mm_set(r, "Form.author", a->author);
	mm_set(r, "Form.body", md);
	mm_set(r, "Form.announcement", a->announcement ? "1" : "");
	datetime_local(r, "Form.display_from", a->display_from);
	datetime_local(r, "Form.display_until", a->display_until);
}

/* The form as it was sent (also when some of it was refused). */
static void form_of_request(struct mm_req *r)
{
	static const char *const names[] = { "title", "lang", "base", "category", "author", "body",
					     "announcement", "display_from", "display_until",
					     "translation_of", NULL };
	for (const char *const *n = names; *n; n++) {
		const char *v = mm_kvlist_get(&r->form, *n);
		char path[48];
		snprintf(path, sizeof path, "Form.%s", *n);
		if (v)
			mm_set(r, path, v);
	}
}

static void preview(struct mm_req *r, const char *md)
{
	char *html = NULL;
	int rc = kb_markdown_render(md, strlen(md), &html);
	if (rc == KB_MD_OK)
		mm_set(r, "Preview.Html", html);
	else
		mm_set(r, "Message.Error", mm_t(r, kb_markdown_error_key(rc)));
	free(html);
}

static int render_editor(struct mm_req *r, int status, const struct kb_article *a)
{
	int rc = kb_fill_bases(r);
	if (rc == 0 && a) {
		kb_fill_article(r, "Article", a);
		rc = kb_fill_article_files(r, "/staff/knowledge/", a);
	}
	if (rc < 0)
		return rc;
	return mm_render(r, status, "staff/knowledge/edit.cs");
}

static const char *const done_keys[][2] = {
	{ "saved", "knowledge.done.saved" }, { "published", "knowledge.done.published" },
	{ "unpublished", "knowledge.done.unpublished" }, { "file_added", "knowledge.done.file_added" },
	{ "file_removed", "knowledge.done.file_removed" },
};

static const char *done_key(const char *v)
{
	for (size_t i = 0; v && i < sizeof done_keys / sizeof *done_keys; i++)
		if (strcmp(done_keys[i][0], v) == 0)
			return done_keys[i][1];
	return NULL;
}

/* 1 when category_id (0: none) may go with base_id, 0 not, < 0 error. */
static int category_fits(long long base_id, long long category_id, int *base_found)
{
	struct kb_base *b = calloc(KB_MAX_BASES, sizeof *b);
	struct kb_category *c = calloc(KB_MAX_CATEGORIES, sizeof *c);
	int nb = b && c ? kb_db_bases(b, KB_MAX_BASES) : MM_DB_ERR;
	int nc = nb >= 0 ? kb_db_categories(c, KB_MAX_CATEGORIES) : nb;
	int fits = category_id == 0;
	*base_found = 0;
	for (int i = 0; i < nb; i++)
		*base_found |= b[i].id == base_id;
	for (int i = 0; i < nc; i++)
		fits |= c[i].id == category_id && c[i].base_id == base_id;
	free(b);
	free(c);
	return nb < 0 ? nb : nc < 0 ? nc : fits && *base_found;
}

static int save_tx(void *p)
{
	return kb_db_article_save(p);
}

/* Validates and saves the form into article a (NULL: a new one). */
static int save(struct mm_req *r, const struct kb_article *a)
{
	static const char *const required[] = { "title", "lang", "base", "author", NULL };
	int missing = 0;
	for (const char *const *n = required; *n; n++) {
		if (!mm_param(r, *n) && !mm_param_error(r, *n)) {
			char path[48];
			snprintf(path, sizeof path, "Errors.%s", *n);
			mm_set(r, path, mm_t(r, "err.required"));
			missing++;
		}
	}
	form_of_request(r);
	if (r->invalid || missing) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.invalid"));
		return render_editor(r, 400, a);
	}
	long long base_id = strtoll(mm_param(r, "base"), NULL, 10);
	long long category_id = mm_param(r, "category") ? strtoll(mm_param(r, "category"), NULL, 10) : 0;
	int base_found = 0;
	int rc = category_fits(base_id, category_id, &base_found);
	if (rc <= 0) {
		if (rc < 0)
			return rc;
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.category"));
		return render_editor(r, 400, a);
	}
	time_t from = local_time(r, mm_param(r, "display_from"));
	time_t until = local_time(r, mm_param(r, "display_until"));
	if (from && until && until <= from) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.window"));
		return render_editor(r, 400, a);
	}
	long long translation_of = 0;
	if (mm_param(r, "translation_of")) {
		struct kb_article t;
		struct mm_buf ignored = { 0 };
		rc = kb_db_article(mm_param(r, "translation_of"), 1, &t, &ignored, NULL);
		mm_buf_free(&ignored);
		if (rc <= 0) {
			if (rc < 0)
				return rc;
			mm_set(r, "Message.Error", mm_t(r, "knowledge.err.translation"));
			return render_editor(r, 400, a);
		}
		translation_of = t.id;
	}
	/* the body as stored: LF line breaks */
	struct mm_buf md = { 0 };
	const char *body = mm_param(r, "body") ? mm_param(r, "body") : "";
	for (const char *p = body; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			mm_buf_add(&md, p, 1);
	char *html = NULL;
	int mrc = kb_markdown_render(mm_buf_str(&md), md.len, &html);
	if (mrc != KB_MD_OK) {
		mm_buf_free(&md);
		mm_set(r, "Message.Error", mm_t(r, kb_markdown_error_key(mrc)));
		return mrc == KB_MD_NOMEM ? MM_DB_ERR : render_editor(r, 400, a);
	}
	struct mm_buf stitle = { 0 }, stext = { 0 };
	int frc = mm_fold_append(&stitle, mm_param(r, "title"));
	if (frc == 0)
		frc = mm_fold_append(&stext, mm_param(r, "title"));
	mm_buf_puts(&stext, "\n");
	if (frc == 0)
		frc = mm_fold_append(&stext, mm_buf_str(&md));
	struct kb_article_save s = {
		.id = a ? a->id : 0,
		.base_id = base_id,
		.category_id = category_id,
		.translation_of = translation_of,
		.lang = mm_param(r, "lang"),
		.title = mm_param(r, "title"),
		.author = mm_param(r, "author"),
		.body_md = mm_buf_str(&md),
		.body_html = html,
		.search_title = mm_buf_str(&stitle),
		.search_text = mm_buf_str(&stext),
		.announcement = mm_param(r, "announcement") != NULL,
		.display_from = from,
		.display_until = until,
		.user_id = r->user.id,
		.now = r->now,
	};
	rc = frc == 0 && !stitle.oom && !stext.oom && !md.oom ? mm_db_transaction(save_tx, &s) :
	     MM_DB_ERR;
	free(html);
	mm_buf_free(&md);
	mm_buf_free(&stitle);
	mm_buf_free(&stext);
	if (rc == 1)
		return 404;
	if (rc < 0)
		return rc;
	mm_log_info("knowledge article %s saved by user %lld", a ? a->no : s.no, r->user.id);
	char next[64];
	snprintf(next, sizeof next, "/staff/knowledge/%s?done=saved", a ? a->no : s.no);
	return mm_redirect(r, next);
}

static int new_form(struct mm_req *r)
{
	mm_set(r, "Form.lang", r->lang);
	mm_set(r, "Form.author", r->user.display_name);
	return render_editor(r, 200, NULL);
}

static int new_submit(struct mm_req *r)
{
	const char *action = mm_param(r, "action");
	if (action && strcmp(action, "preview") == 0) {
		form_of_request(r);
		const char *body = mm_param(r, "body");
		preview(r, body ? body : "");
		return render_editor(r, r->invalid ? 400 : 200, NULL);
	}
	return save(r, NULL);
}

/* The article the path names (any state): 1, 0 (404), < 0. */
static int article_of_path(struct mm_req *r, struct kb_article *a, struct mm_buf *html,
			   struct mm_buf *md, const char **tail)
{
	char no[10];
	if (!kb_no_from_path(r->path_rest, no, tail))
		return 0;
	return kb_db_article(no, 1, a, html, md);
}

static int edit_page(struct mm_req *r)
{
	struct kb_article a;
	struct mm_buf html = { 0 }, md = { 0 };
	const char *tail = "";
	int rc = article_of_path(r, &a, &html, &md, &tail);
	if (rc > 0 && strncmp(tail, "files/", 6) == 0) {
		rc = kb_staff_file(r, &a, tail + 6);
	} else if (rc > 0 && !*tail) {
		form_of_article(r, &a, mm_buf_str(&md));
		mm_set(r, "Preview.Html", mm_buf_str(&html));
		const char *done = done_key(mm_param(r, "done"));
		if (done)
			mm_set(r, "Message.Notice", mm_t(r, done));
		rc = render_editor(r, 200, &a);
	} else if (rc == 0 || *tail) {
		rc = 404;
	}
	mm_buf_free(&html);
	mm_buf_free(&md);
	return rc;
}

struct remove_ctx {
	long long file_id, article_id;
	char store_id[33];
};

static int remove_tx(void *p)
{
	struct remove_ctx *x = p;
	int rc = kb_db_file_remove(x->file_id, x->article_id, x->store_id);
	return rc < 0 ? rc : rc == 0 ? 1 : 0;
}

/* Removes a file row, then (committed) the stored file. 0, 404 or < 0. */
static int remove_file(long long file_id, long long article_id)
{
	struct remove_ctx x = { file_id, article_id, "" };
	int rc = mm_db_transaction(remove_tx, &x);
	if (rc == 1)
		return 404;
	if (rc < 0)
		return rc;
	mm_store_delete(x.store_id);
	return 0;
}

static int edit_submit(struct mm_req *r)
{
	struct kb_article a;
	struct mm_buf html = { 0 }, md = { 0 };
	const char *tail = "";
	int rc = article_of_path(r, &a, &html, &md, &tail);
	mm_buf_free(&html);
	mm_buf_free(&md);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	const char *action = mm_param(r, "action") ? mm_param(r, "action") : "save";
	char next[80];
	if (strncmp(tail, "files/", 6) == 0 && strcmp(action, "remove") == 0) {
		static const struct mm_input any = { "id", NULL, 0, 0, 0 };
		if (kb_v_id(&any, tail + 6))
			return 404;
		rc = remove_file(strtoll(tail + 6, NULL, 10), a.id);
		if (rc)
			return rc;
		mm_log_info("knowledge file removed from %s by user %lld", a.no, r->user.id);
		snprintf(next, sizeof next, "/staff/knowledge/%s?done=file_removed", a.no);
		return mm_redirect(r, next);
	}
	if (*tail)
		return 404;
	if (strcmp(action, "publish") == 0 || strcmp(action, "unpublish") == 0) {
		int on = strcmp(action, "publish") == 0;
		rc = kb_db_article_publish(a.id, on, r->user.id, r->now);
		if (rc <= 0)
			return rc < 0 ? rc : 404;
		mm_log_info("knowledge article %s %s by user %lld", a.no, action, r->user.id);
		snprintf(next, sizeof next, "/staff/knowledge/%s?done=%s", a.no,
			 on ? "published" : "unpublished");
		return mm_redirect(r, next);
	}
	if (strcmp(action, "preview") == 0) {
		form_of_request(r);
		const char *body = mm_param(r, "body");
		preview(r, body ? body : "");
		return render_editor(r, r->invalid ? 400 : 200, &a);
	}
	return save(r, &a);
}

/* --- files (uploads stored by nginx, moved into the attachment store) ------- */

struct staged {
	int n;
	struct {
		char store_id[MM_STORE_ID_LEN + 1];
		unsigned char sha256[32];
		const struct mm_upload *u;
	} f[KB_MAX_FILES];
};

static void discard(struct staged *st)
{
	for (int i = 0; i < st->n; i++)
		mm_store_delete(st->f[i].store_id);
	st->n = 0;
}

/* Copies the request's "file" parts into the store. 0, or an HTTP status
 * with *key. */
static int stage(struct mm_req *r, struct staged *st, const char **key)
{
	st->n = 0;
	if (r->uploads.n > KB_MAX_FILES) {
		*key = "err.upload_too_many";
		return 400;
	}
	for (size_t i = 0; i < r->uploads.n; i++) {
		if (strcmp(r->uploads.items[i].field, "file") != 0) {
			*key = "err.upload_not_here";
			return 400;
		}
	}
	for (size_t i = 0; i < r->uploads.n; i++) {
		const struct mm_upload *u = &r->uploads.items[i];
		if (mm_store_put(r->body_fd, u->offset, u->length, st->f[st->n].store_id,
				 st->f[st->n].sha256) != 0) {
			discard(st);
			*key = "err.http_503";
			return 503;
		}
		st->f[st->n++].u = u;
	}
	if (st->n == 0) {
		*key = "knowledge.err.no_file";
		return 400;
	}
	return 0;
}

struct record_ctx {
	const struct staged *st;
	struct kb_file_new proto;
};

static int record_tx(void *p)
{
	struct record_ctx *x = p;
	for (int i = 0; i < x->st->n; i++) {
		struct kb_file_new f = x->proto;
		f.store_id = x->st->f[i].store_id;
		f.sha256 = x->st->f[i].sha256;
		f.file_name = x->st->f[i].u->file_name;
		f.content_type = x->st->f[i].u->content_type;
		f.size = x->st->f[i].u->length;
		int rc = kb_db_file_add(&f);
		if (rc)
			return rc;
	}
	return 0;
}

static int store_files(struct mm_req *r, const struct kb_file_new *proto)
{
	struct staged st;
	const char *key = NULL;
	if (r->body_error)
		return mm_error_page(r, 400, r->body_error);
	int status = stage(r, &st, &key);
	if (status)
		return mm_error_page(r, status, key);
	struct record_ctx x = { &st, *proto };
	int rc = mm_db_transaction(record_tx, &x);
	if (rc) {
		/* a COMMIT without an answer may have saved the rows: the files
		 * then stay for sweep-attachments, which keeps what a row names */
		if (!mm_db_commit_unknown())
			discard(&st);
		return rc < 0 ? rc : MM_DB_ERR;
	}
	mm_log_info("%d knowledge file(s) stored by user %lld", st.n, r->user.id);
	return 0;
}

static int article_upload(struct mm_req *r)
{
	char no[10];
	const char *tail = "";
	const char *arg = r->path_args[0];
	if (strncmp(arg, "KB", 2) != 0 || !kb_no_from_path(arg + 2, no, &tail) || *tail)
		return 404;
	struct kb_article a;
	struct mm_buf html = { 0 };
	int rc = kb_db_article(no, 1, &a, &html, NULL);
	mm_buf_free(&html);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	struct kb_file_new proto = { .article_id = a.id, .published = 1, .user_id = r->user.id,
				     .now = r->now };
	rc = store_files(r, &proto);
	if (rc || r->responded)
		return rc;
	char next[64];
	snprintf(next, sizeof next, "/staff/knowledge/%s?done=file_added#files", a.no);
	return mm_redirect(r, next);
}

/* --- downloads (DASH-8) -------------------------------------------------------- */

static const struct mm_input download_inputs[] = {
	{ "base", kb_v_id, MM_IN_REQUIRED, 0, 18 },
	{ "title_ja", mm_v_line, MM_IN_REQUIRED, 1, KB_TITLE_MAX },
	{ "title_en", mm_v_line, MM_IN_REQUIRED, 1, KB_TITLE_MAX },
	{ "description_ja", mm_v_line, 0, 0, 1000 },
	{ "description_en", mm_v_line, 0, 0, 1000 },
	{ "done", mm_v_line, MM_IN_QUERY, 0, 20 },
	MM_INPUT_END
};

static int downloads_render(struct mm_req *r, int status)
{
	int rc = kb_fill_bases(r);
	if (rc == 0)
		rc = kb_fill_downloads(r, 1, "/staff/knowledge/downloads/");
	if (rc < 0)
		return rc;
	return mm_render(r, status, "staff/knowledge/downloads.cs");
}

static int downloads_page(struct mm_req *r)
{
	if (mm_param(r, "done"))
		mm_set(r, "Message.Notice", mm_t(r, "knowledge.done.saved"));
	return downloads_render(r, 200);
}

static int downloads_add(struct mm_req *r)
{
	if (r->invalid) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.invalid"));
		return downloads_render(r, 400);
	}
	int base_found = 0;
	int rc = category_fits(strtoll(mm_param(r, "base"), NULL, 10), 0, &base_found);
	if (rc <= 0) {
		if (rc < 0)
			return rc;
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.category"));
		return downloads_render(r, 400);
	}
	struct kb_file_new proto = {
		.download = 1, .published = 1, .base_id = strtoll(mm_param(r, "base"), NULL, 10),
		.title_ja = mm_param(r, "title_ja"), .title_en = mm_param(r, "title_en"),
		.description_ja = mm_param(r, "description_ja"),
		.description_en = mm_param(r, "description_en"),
		.user_id = r->user.id, .now = r->now,
	};
	rc = store_files(r, &proto);
	if (rc || r->responded)
		return rc;
	return mm_redirect(r, "/staff/knowledge/downloads?done=1");
}

static int downloads_get(struct mm_req *r)
{
	static const struct mm_input any = { "id", NULL, 0, 0, 0 };
	if (kb_v_id(&any, r->path_args[0]))
		return 404;
	struct kb_file f;
	int rc = kb_db_file(strtoll(r->path_args[0], NULL, 10), 0, 1, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return mm_send_stored_file(r, f.store_id, f.file_name, f.content_type);
}

static int downloads_act(struct mm_req *r)
{
	static const struct mm_input any = { "id", NULL, 0, 0, 0 };
	const char *act = r->path_args[1];
	if (kb_v_id(&any, r->path_args[0]))
		return 404;
	long long id = strtoll(r->path_args[0], NULL, 10);
	int rc;
	if (strcmp(act, "remove") == 0)
		rc = remove_file(id, 0);
	else if (strcmp(act, "publish") == 0 || strcmp(act, "unpublish") == 0)
		rc = kb_db_download_publish(id, strcmp(act, "publish") == 0, r->user.id, r->now) == 1 ?
		     0 : 404;
	else
		return 404;
	if (rc)
		return rc;
	mm_log_info("knowledge download %lld: %s by user %lld", id, act, r->user.id);
	return mm_redirect(r, "/staff/knowledge/downloads?done=1");
}

/* --- bases and categories -------------------------------------------------------- */

static const struct mm_input structure_inputs[] = {
	{ "action", v_action, 0, 0, 20 },
	{ "id", kb_v_id, 0, 0, 18 },
	{ "base", kb_v_id, 0, 0, 18 },
	{ "code", v_code, 0, 1, 40 },
	{ "name_ja", mm_v_line, 0, 1, KB_NAME_MAX },
	{ "name_en", mm_v_line, 0, 1, KB_NAME_MAX },
	{ "position", mm_v_digits, 0, 1, 5 },
	{ "done", mm_v_line, MM_IN_QUERY, 0, 20 },
	MM_INPUT_END
};

static int structure_render(struct mm_req *r, int status)
{
	int rc = kb_fill_bases(r);
	return rc < 0 ? rc : mm_render(r, status, "staff/knowledge/structure.cs");
}

static int structure_page(struct mm_req *r)
{
	if (mm_param(r, "done"))
		mm_set(r, "Message.Notice", mm_t(r, "knowledge.done.saved"));
	return structure_render(r, 200);
}

static int structure_submit(struct mm_req *r)
{
	const char *action = mm_param(r, "action");
	const char *ja = mm_param(r, "name_ja"), *en = mm_param(r, "name_en");
	const char *code = mm_param(r, "code");
	long long pos = mm_param(r, "position") ? strtoll(mm_param(r, "position"), NULL, 10) : 0;
	long long id = mm_param(r, "id") ? strtoll(mm_param(r, "id"), NULL, 10) : 0;
	long long base = mm_param(r, "base") ? strtoll(mm_param(r, "base"), NULL, 10) : 0;
	if (r->invalid || !action || !ja || !en) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.invalid"));
		return structure_render(r, 400);
	}
	long long new_id = 0;
	int rc;
	if (strcmp(action, "add_base") == 0 && code)
		rc = kb_db_base_add(code, ja, en, pos, r->user.id, r->now, &new_id);
	else if (strcmp(action, "add_category") == 0 && code && base)
		rc = kb_db_category_add(base, code, ja, en, pos, r->user.id, r->now, &new_id);
	else if (strcmp(action, "save_base") == 0 && id)
		rc = kb_db_base_save(id, ja, en, pos, r->user.id, r->now) == 1 ? 0 : 404;
	else if (strcmp(action, "save_category") == 0 && id)
		rc = kb_db_category_save(id, ja, en, pos, r->user.id, r->now) == 1 ? 0 : 404;
	else {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.invalid"));
		return structure_render(r, 400);
	}
	if (rc == MM_DB_DUP) {
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.code_taken"));
		return structure_render(r, 409);
	}
	if (rc == MM_DB_ERR && strcmp(action, "add_category") == 0) {
		/* the base named does not exist (foreign key) */
		mm_set(r, "Message.Error", mm_t(r, "knowledge.err.category"));
		return structure_render(r, 400);
	}
	if (rc)
		return rc;
	mm_log_info("knowledge structure: %s by user %lld", action, r->user.id);
	return mm_redirect(r, "/staff/knowledge/structure?done=1");
}

const struct mm_route kb_staff_routes[] = {
	{ "GET", "/staff/knowledge/", kb_search_page, MM_STAFF, kb_search_inputs },
	{ "GET", "/staff/knowledge/new", new_form, MM_STAFF, NULL },
	{ "POST", "/staff/knowledge/new", new_submit, MM_STAFF, editor_inputs },
	{ "GET", "/staff/knowledge/structure", structure_page, MM_STAFF, structure_inputs },
	{ "POST", "/staff/knowledge/structure", structure_submit, MM_STAFF, structure_inputs },
	{ "GET", "/staff/knowledge/downloads", downloads_page, MM_STAFF, download_inputs + 5 },
	{ "POST", "/staff/knowledge/downloads", downloads_add, MM_STAFF | MM_UPLOAD, download_inputs },
	{ "GET", "/staff/knowledge/downloads/*", downloads_get, MM_STAFF, NULL },
	{ "POST", "/staff/knowledge/downloads/*/*", downloads_act, MM_STAFF, NULL },
	{ "POST", "/staff/knowledge/*/files", article_upload, MM_STAFF | MM_UPLOAD, NULL },
	{ "GET", "/staff/knowledge/KB", edit_page, MM_STAFF | MM_PREFIX, editor_inputs },
	{ "POST", "/staff/knowledge/KB", edit_submit, MM_STAFF | MM_PREFIX, editor_inputs },
};
const size_t kb_staff_nroutes = sizeof kb_staff_routes / sizeof *kb_staff_routes;
