/* Attachments of cases (CASE-7): staging uploads into the store, recording
 * them, listing them on a case page, and the routes that add files to a
 * case or download one. Downloads are answered by nginx from an internal
 * location once the access check here has passed. */
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Returned by the transaction when the case was closed meanwhile (and
 * CASES_FULL when it holds its maximum of files). */
#define CASE_CLOSED 1

void cases_attach_discard(struct cases_staged *st)
{
	for (int i = 0; i < st->n; i++)
		mm_store_delete(st->f[i].store_id);
	st->n = 0;
}

void cases_attach_undo(struct cases_staged *st)
{
	if (!mm_db_commit_unknown()) {
		cases_attach_discard(st);
		return;
	}
	for (int i = 0; i < st->n; i++)
		mm_log_warn("attachment %s kept: its transaction may have committed", st->f[i].store_id);
	st->n = 0;
}

/* A refused file is told at the file input too, like any field's error
 * (cases_attach_form_error). */
static int refuse_files(struct mm_req *r, int status, const char *key, const char **msg_key)
{
	mm_set(r, "Errors.attachments", mm_t(r, key));
	*msg_key = key;
	return status;
}

const char *cases_attach_form_error(struct mm_req *r, const char *msg_key)
{
	if (r->upload_refused && !mm_get(r, "Errors.attachments"))
		mm_set(r, "Errors.attachments", mm_t(r, r->upload_refused));
	return mm_get(r, "Errors.attachments") ? "cases.err.invalid" : msg_key;
}

int cases_attach_stage(struct mm_req *r, struct cases_staged *st, const char **msg_key)
{
	st->n = 0;
	*msg_key = NULL;
	if (r->upload_refused)
		return refuse_files(r, r->upload_refused_status, r->upload_refused, msg_key);
	/* every file is checked before any is copied */
	for (size_t i = 0; i < r->uploads.n; i++)
		if (strcmp(r->uploads.items[i].field, "attachments") != 0)
			return refuse_files(r, 400, "err.upload_not_here", msg_key);
	if (r->uploads.n > CASES_MAX_FILES)
		return refuse_files(r, 400, "err.upload_too_many", msg_key);
	struct timespec t0, t1;
	long long bytes = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < r->uploads.n; i++) {
		const struct mm_upload *u = &r->uploads.items[i];
		struct cases_staged_file *f = &st->f[st->n];
		int put = mm_store_put(r->body_fd, u->offset, u->length, f->store_id, f->sha256);
		if (put != 0) {
			cases_attach_discard(st);
			/* 507: the user can act on it (later, smaller), unlike a 503 */
			*msg_key = put == MM_STORE_FULL ? "resilience.store_full" : "err.http_503";
			return put == MM_STORE_FULL ? 507 : 503;
		}
		snprintf(f->file_name, sizeof f->file_name, "%s", u->file_name);
		snprintf(f->content_type, sizeof f->content_type, "%s", u->content_type);
		f->size = u->length;
		bytes += u->length;
		st->n++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (st->n > 0)
		mm_log_info("%d file(s), %lld bytes stored for %s %s in %lld ms", st->n, bytes,
			    r->method, r->path,
			    (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
			    (t1.tv_nsec - t0.tv_nsec) / 1000000);
	return 0;
}

int cases_attach_record(const struct cases_staged *st, long long case_id, long long tenant_id,
			long long activity_id, int internal, long long user_id, time_t now)
{
	if (st->n == 0)
		return 0;
	long long have = cases_attach_count(case_id);
	if (have < 0)
		return (int)have;
	if (have + st->n > CASES_MAX_CASE_FILES)
		return CASES_FULL;
	for (int i = 0; i < st->n; i++) {
		int rc = cases_attach_insert(&st->f[i], case_id, tenant_id, activity_id, internal,
					     user_id, now);
		if (rc)
			return rc;
	}
	return 0;
}

void cases_size_text(long long bytes, char out[32])
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

int cases_attach_fill(struct mm_req *r, const char *prefix, long long case_id,
		      long long tenant_id, int include_internal, int staff_urls)
{
	struct cases_attach_row *rows;
	size_t n;
	int rc = cases_attach_list(case_id, tenant_id, include_internal, &rows, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char path[160], text[32], num[MM_PUBID_CHARS];
#define FIELD(name) (snprintf(path, sizeof path, "%s.%zu." name, prefix, i), path)
		if (mm_pubid_encode(MM_PUBID_ATTACHMENT, rows[i].id, num) < 0) {
			free(rows);
			return MM_DB_ERR;
		}
		mm_set(r, FIELD("id"), num);
		mm_set(r, FIELD("name"), rows[i].file_name);
		mm_set_int(r, FIELD("size"), rows[i].size);
		cases_size_text(rows[i].size, text);
		mm_set(r, FIELD("size_text"), text);
		mm_set(r, FIELD("uploader"), rows[i].uploader);
		mm_time_set(r, FIELD("time"), rows[i].created_at);
		mm_setf(r, FIELD("url"), "%s/cases/%s/attachments/%s", staff_urls ? "/staff" : "",
			rows[i].case_no, num);
		mm_set(r, FIELD("internal"), rows[i].internal ? "1" : "0");
#undef FIELD
	}
	free(rows);
	return 0;
}

/* --- routes ---------------------------------------------------------- */

static int case_no_ok(const char *s)
{
	if (strlen(s) != 9 || s[0] != 'C' || s[1] != 'S')
		return 0;
	for (int i = 2; i < 9; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The tenant a user's lookups are limited to: 0 (any) only for staff on
 * staff routes; a customer route for a user without a tenant finds nothing. */
static long long scope(struct mm_req *r, int staff)
{
	return staff ? 0 : r->user.tenant_id ? r->user.tenant_id : -1;
}

struct add_ctx {
	const struct cases_staged *st;
	const struct cases_attach_case *c;
	int internal;
	long long user_id;
	time_t now;
};

static int add_tx(void *p)
{
	struct add_ctx *x = p;
	char status[24];
	int rc = cases_attach_lock_case(x->c->id, status);
	if (rc <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	if (strcmp(status, "closed") == 0)
		return CASE_CLOSED;
	rc = cases_attach_record(x->st, x->c->id, x->c->tenant_id, 0, x->internal, x->user_id, x->now);
	/* an internal file, like an internal note, changes nothing the
	 * customer sees: not the time their list shows and sorts by */
	return rc || x->internal ? rc : cases_attach_touch_case(x->c->id, x->now);
}

static int add_files(struct mm_req *r, int staff, int internal)
{
	const char *case_no = r->path_args[0];
	struct cases_attach_case c;
	long long tenant = scope(r, staff);
	if (!case_no_ok(case_no) || tenant < 0)
		return 404;
	int rc = cases_attach_find_case(case_no, tenant, &c);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	if (r->invalid)
		return mm_error_page(r, 400, NULL);
	if (strcmp(c.status, "closed") == 0)
		return mm_error_page(r, 409, "cases.attach_closed");
	struct cases_staged st;
	const char *key;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int status = cases_attach_stage(r, &st, &key);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (status)
		return mm_error_page(r, status, key);
	if (st.n == 0)
		return mm_error_page(r, 400, "cases.attach_none");
	struct add_ctx x = { &st, &c, internal, r->user.id, r->now };
	rc = mm_db_transaction(add_tx, &x);
	if (rc) {
		cases_attach_undo(&st);
		return rc == CASE_CLOSED ? mm_error_page(r, 409, "cases.attach_closed") :
		       rc == CASES_FULL ? mm_error_page(r, 409, "cases.err.full") : rc;
	}
	long long bytes = 0;
	for (int i = 0; i < st.n; i++)
		bytes += st.f[i].size;
	mm_log_info("%d file(s), %lld bytes attached to %s (stored in %lld ms)", st.n, bytes, case_no,
		    (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	char next[96];
	snprintf(next, sizeof next, "%s/cases/%s#attachments", staff ? "/staff" : "", case_no);
	return mm_redirect(r, next);
}

static int download(struct mm_req *r, int staff)
{
	const char *case_no = r->path_args[0], *id_text = r->path_args[1];
	long long tenant = scope(r, staff), id;
	if (!case_no_ok(case_no) || tenant < 0 ||
	    mm_pubid_decode(MM_PUBID_ATTACHMENT, id_text, &id) < 0)
		return 404;
	struct cases_attach_file f;
	int rc = cases_attach_find_file(case_no, id, tenant, staff, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return mm_send_stored_file(r, f.store_id, f.file_name, f.content_type);
}

static int customer_add(struct mm_req *r)
{
	return add_files(r, 0, 0);
}

static int staff_add(struct mm_req *r)
{
	const char *v = mm_param(r, "visibility");
	return add_files(r, 1, v && strcmp(v, "internal") == 0);
}

static int customer_download(struct mm_req *r)
{
	return download(r, 0);
}

static int staff_download(struct mm_req *r)
{
	return download(r, 1);
}

/* nginx's answer to a body over client_max_body_size. */
static int too_large(struct mm_req *r)
{
	return mm_error_page(r, 413, "err.upload_too_large");
}

/* nginx's auth_request before it stores an upload: any full session may
 * send a body (which case and role is checked once it is stored). */
static int upload_auth(struct mm_req *r)
{
	if (!r->logged_in)
		return mm_error_page(r, 401, NULL);
	r->status = 200;
	r->responded = 1;
	return 0;
}

static const char *v_visibility(const struct mm_input *in, const char *v)
{
	(void)in;
	return strcmp(v, "public") == 0 || strcmp(v, "internal") == 0 ? NULL : "err.format";
}

static const struct mm_input staff_add_inputs[] = {
	{ "visibility", v_visibility, 0, 0, 0 },
	MM_INPUT_END
};

const struct mm_route cases_attach_routes[] = {
	{ "POST", "/cases/*/attachments", customer_add, MM_UPLOAD, NULL },
	{ "GET", "/cases/upload-too-large", too_large, MM_PUBLIC, NULL },
	{ "GET", "/_upload_auth", upload_auth, MM_PUBLIC, NULL },
	{ "GET", "/cases/*/attachments/*", customer_download, 0, NULL },
	{ "POST", "/staff/cases/*/attachments", staff_add, MM_UPLOAD | MM_STAFF, staff_add_inputs },
	{ "GET", "/staff/cases/*/attachments/*", staff_download, MM_STAFF, NULL },
};
const size_t cases_attach_nroutes = sizeof cases_attach_routes / sizeof *cases_attach_routes;
const char *const cases_attach_templates[] = { NULL };
