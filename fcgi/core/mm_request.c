/* One request: read and parse it, find the route, check session, CSRF and
 * declared inputs, run the handler, send the response. */
#include "mm.h"
#include "mm_template.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ClearSilver.h>

void mm_handle_request(const struct mm_app *app, FCGX_Request *fcgx);
void mm_send_response(struct mm_req *r);

static const char *param(struct mm_req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgx->envp);
}

/* The request's clock: the process clock, moved by X-Test-Clock-Offset when
 * the configuration allows it (test stacks only). */
static time_t request_clock(struct mm_req *r)
{
	time_t now = mm_clock_now();
	const char *off = param(r, "HTTP_X_TEST_CLOCK_OFFSET");
	if (off && mm_cfg_int("Clock.TestHeader", 0) == 1) {
		char *end;
		long long s = strtoll(off, &end, 10);
		if (*end == '\0' && s > -(100LL * 365 * 86400) && s < 100LL * 365 * 86400)
			now += (time_t)s;
	}
	return now;
}

static int read_body(struct mm_req *r, struct mm_buf *body)
{
	const char *cl = param(r, "CONTENT_LENGTH");
	const char *ct = param(r, "CONTENT_TYPE");
	char *end;
	if (!cl || !*cl)
		return cl || !ct ? 0 : 411;
	unsigned long long len = strtoull(cl, &end, 10);
	if (*end || cl[0] == '-')
		return 400;
	if (len == 0)
		return 0;
	if (len > mm_limits_form.max_total)
		return 413;
	if (!mm_content_type_is(ct, "application/x-www-form-urlencoded"))
		return 415;
	char chunk[4096];
	size_t got = 0;
	while (got < len) {
		size_t want = len - got < sizeof chunk ? (size_t)(len - got) : sizeof chunk;
		int n = FCGX_GetStr(chunk, (int)want, r->fcgx->in);
		if (n <= 0)
			return 400;	/* body shorter than Content-Length */
		mm_buf_add(body, chunk, (size_t)n);
		got += (size_t)n;
	}
	return body->oom ? 503 : 0;
}

static int parse_rc_status(int rc)
{
	switch (rc) {
	case MM_PARSE_OK: return 0;
	case MM_PARSE_TOO_LONG:
	case MM_PARSE_TOO_MANY: return 413;
	case MM_PARSE_NOMEM: return 503;
	default: return 400;
	}
}

/* 1 when path names a file directly inside the configured nginx body
 * temp directory (Paths.UploadTmp): the parameter comes from nginx, but a
 * misconfigured location must not let a program read any file. */
static int body_file_trusted(const char *path)
{
	const char *dir = mm_cfg_str("Paths.UploadTmp", NULL);
	char real_dir[PATH_MAX], real_file[PATH_MAX];
	if (!dir || !*dir || !realpath(dir, real_dir) || !realpath(path, real_file))
		return 0;
	size_t n = strlen(real_dir);
	return strncmp(real_file, real_dir, n) == 0 && real_file[n] == '/' &&
	       !strchr(real_file + n + 1, '/');
}

static int multipart_body(struct mm_req *r, const char *ct)
{
	char boundary[MM_MP_BOUNDARY_MAX + 1];
	const struct mm_mp_limits lim = {
		.text = &mm_limits_form,
		.max_header_bytes = 8192,
		.max_parts = 300,
		.max_files = (size_t)mm_cfg_int("Attachments.MaxFiles", 20),
		.max_file_bytes = mm_cfg_int("Attachments.MaxFileBytes", 2147483648L),
	};
	int rc = mm_multipart_boundary(ct, boundary);
	if (rc == MM_MP_OK)
		rc = mm_multipart_parse(r->body_fd, r->body_size, boundary, &lim,
					&r->form, &r->uploads);
	if (rc == MM_MP_OK)
		return 0;
	if (mm_multipart_file_refused(rc)) {
		/* every file is chosen again: none of this post's is kept */
		mm_log_info("file of a multipart body refused (%d)", rc);
		mm_uploads_free(&r->uploads);
		r->upload_refused = mm_multipart_error_key(rc);
		r->upload_refused_status = mm_multipart_status(rc);
		return 0;
	}
	mm_log_info("multipart body refused (%d)", rc);
	r->body_error = mm_multipart_error_key(rc);
	return mm_multipart_status(rc);
}

/* The body nginx stored in a file: multipart (text parts become the form,
 * file parts r->uploads) or urlencoded under the usual cap. */
static int parse_body_file(struct mm_req *r, const char *path)
{
	if (!body_file_trusted(path)) {
		mm_log_error("REQUEST_BODY_FILE outside Paths.UploadTmp refused");
		return 400;
	}
	r->body_fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (r->body_fd < 0 || fstat(r->body_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		mm_log_error("cannot open the stored request body");
		return 503;
	}
	r->body_size = st.st_size;
	const char *cl = param(r, "CONTENT_LENGTH");
	if (cl && *cl && strtoll(cl, NULL, 10) != r->body_size) {
		r->body_error = "err.upload_truncated";
		return 400;
	}
	const char *ct = param(r, "CONTENT_TYPE");
	if (mm_content_type_is(ct, "multipart/form-data"))
		return multipart_body(r, ct);
	if (r->body_size == 0)
		return 0;
	if (!mm_content_type_is(ct, "application/x-www-form-urlencoded"))
		return 415;
	if (r->body_size > (long long)mm_limits_form.max_total)
		return 413;
	char *text = malloc((size_t)r->body_size);
	if (!text)
		return 503;
	int status = pread(r->body_fd, text, (size_t)r->body_size, 0) == r->body_size ?
		     parse_rc_status(mm_parse_urlencoded(text, (size_t)r->body_size,
							 &mm_limits_form, &r->form)) : 503;
	free(text);
	return status;
}

/* Parses method, path, query, cookies and the form body. 0 or a status. */
static int parse_request(struct mm_req *r)
{
	r->method = param(r, "REQUEST_METHOD");
	if (!r->method)
		return 400;
	if (strcmp(r->method, "HEAD") == 0) {
		r->is_head = 1;
	} else if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0) {
		return 405;
	}
	const char *path = param(r, "DOCUMENT_URI");
	if (!path)
		path = param(r, "SCRIPT_NAME");
	if (!path || path[0] != '/' || strlen(path) > 2048 ||
	    !mm_utf8_valid(path, strlen(path)))
		return 400;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return 400;
	r->path = path;
	const char *qs = param(r, "QUERY_STRING");
	if (qs) {
		int rc = mm_parse_urlencoded(qs, strlen(qs), &mm_limits_query, &r->query);
		if (rc)
			return rc == MM_PARSE_TOO_LONG || rc == MM_PARSE_TOO_MANY ? 414 :
			       parse_rc_status(rc);
	}
	if (strcmp(r->method, "POST") == 0) {
		const char *file = param(r, "REQUEST_BODY_FILE");
		if (file && *file)
			return parse_body_file(r, file);
		/* multipart bodies come only as files stored by nginx's upload
		 * locations: elsewhere they are an unsupported type */
		if (mm_content_type_is(param(r, "CONTENT_TYPE"), "multipart/form-data"))
			return 415;
		struct mm_buf body = { 0 };
		int st = read_body(r, &body);
		if (st == 0 && body.len)
			st = parse_rc_status(mm_parse_urlencoded(body.p, body.len,
								 &mm_limits_form, &r->form));
		mm_buf_free(&body);
		if (st)
			return st;
	}
	return 0;
}

/* Cookies come first, so that an answer to a malformed request still knows
 * the user (language, menu) and keeps the CSRF binding of open forms. */
static int parse_cookies(struct mm_req *r)
{
	const char *https = param(r, "HTTPS");
	r->secure = https && strcasecmp(https, "on") == 0;
	const char *ck = param(r, "HTTP_COOKIE");
	if (ck) {
		int rc = mm_parse_cookies(ck, strlen(ck), &mm_limits_cookie, &r->cookies);
		if (rc)
			return rc == MM_PARSE_NOMEM ? 503 : 400;
	}
	const char *pre = mm_cookie(r, MM_PRE_COOKIE);
	if (pre && mm_token_wellformed(pre))
		snprintf(r->pre_token, sizeof r->pre_token, "%s", pre);
	return 0;
}

/* Matches r->path against a pattern whose '*' segments each stand for one
 * non-empty segment; fills r->path_args on a match. */
static int path_pattern_match(struct mm_req *r, const char *pat)
{
	const char *p = r->path;
	int arg = 0;
	while (*pat) {
		if (*pat != '*') {
			if (*pat++ != *p++)
				return 0;
			continue;
		}
		size_t n = strcspn(p, "/");
		if (n == 0 || n >= MM_PATH_ARG_MAX || arg >= MM_PATH_ARGS)
			return 0;
		memcpy(r->path_args[arg], p, n);
		r->path_args[arg++][n] = '\0';
		p += n;
		pat++;
	}
	return *p == '\0';
}

/* Finds the route for method + path: 0 found, 404 none, 405 wrong method. */
static int find_route(struct mm_req *r, const struct mm_app *app)
{
	int path_matched = 0;
	const char *method = r->is_head ? "GET" : r->method;
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct mm_route *rt = &app->routes[i];
		size_t n = strlen(rt->path);
		int match = strchr(rt->path, '*') ? path_pattern_match(r, rt->path) :
			    (rt->flags & MM_PREFIX) ?
			    strncmp(r->path, rt->path, n) == 0 :
			    strcmp(r->path, rt->path) == 0;
		if (!match)
			continue;
		path_matched = 1;
		if (strcmp(rt->method, method) != 0)
			continue;
		r->route = rt;
		r->path_rest = r->path + n;
		return 0;
	}
	return path_matched ? 405 : 404;
}

/* The first value v, and for a repeatable input every other one too. */
static const char *check_every_value(const struct mm_input *in,
				     const struct mm_kvlist *src, const char *v)
{
	if (!in->check)
		return NULL;
	if (!(in->flags & MM_IN_MULTI))
		return in->check(in, v);
	for (size_t k = 0; k < src->n; k++) {
		const struct mm_kv *kv = &src->items[k];
		if (strcmp(kv->key, in->name) != 0)
			continue;
		const char *err = *kv->val ? in->check(in, kv->val) : "err.format";
		if (err)
			return err;
	}
	return NULL;
}

/* Whether a form value that failed its check is shown back in its field
 * (Query.<name>), so that a mistyped address or phone number can be
 * corrected rather than typed again: a single value of a POSTed form field,
 * well-formed UTF-8, never a secret (passwords, codes) and never a
 * redirect target. Only the HDF gets it (templates escape it); mm_param()
 * still answers NULL, so no handler takes it for checked. Query-string
 * parameters (filters, next=) are not shown back: a link or a bookmark
 * carrying a wrong one drops it. */
static int shown_back(const struct mm_input *in, const struct mm_kvlist *src,
		      const struct mm_req *r, const char *v)
{
	return src == &r->form && v && *v && !(in->flags & MM_IN_SECRET) &&
	       in->check != mm_v_local_path && mm_kvlist_count(src, in->name) == 1 &&
	       mm_utf8_valid(v, strlen(v));
}

/* Every value of the input as its ASCII form, before it is checked. */
static void fold_halfwidth(struct mm_kvlist *src, const char *name)
{
	for (size_t k = 0; k < src->n; k++)
		if (strcmp(src->items[k].key, name) == 0)
			src->items[k].vlen = mm_fold_halfwidth(src->items[k].val);
}

/* Every value of the input without the blanks around it. */
static void trim_values(struct mm_kvlist *src, const char *name)
{
	for (size_t k = 0; k < src->n; k++)
		if (strcmp(src->items[k].key, name) == 0) {
			mm_trim(src->items[k].val);
			src->items[k].vlen = strlen(src->items[k].val);
		}
}

static void validate_inputs(struct mm_req *r)
{
	const struct mm_input *in = r->route->inputs;
	int is_post = strcmp(r->method, "POST") == 0;
	for (int i = 0; in && in[i].name && i < MM_MAX_INPUTS; i++) {
		struct mm_kvlist *src =
			(!is_post || (in[i].flags & MM_IN_QUERY)) ? &r->query : &r->form;
		if (in[i].flags & MM_IN_HALFWIDTH)
			fold_halfwidth(src, in[i].name);
		if (in[i].flags & MM_IN_TRIM)
			trim_values(src, in[i].name);
		const char *v = mm_kvlist_get(src, in[i].name);
		const char *err = NULL;
		if (!(in[i].flags & MM_IN_MULTI) && mm_kvlist_count(src, in[i].name) > 1)
			err = "err.format";
		else if (!v || !*v)
			err = (in[i].flags & MM_IN_REQUIRED) ? "err.required" : NULL;
		else
			err = check_every_value(&in[i], src, v);
		if (err) {
			r->in_errs[i] = err;
			r->invalid++;
			char path[128];
			snprintf(path, sizeof path, "Errors.%s", in[i].name);
			mm_set(r, path, mm_t(r, err));
			if (shown_back(&in[i], src, r, v)) {
				snprintf(path, sizeof path, "Query.%s", in[i].name);
				mm_set(r, path, v);
			}
			continue;
		}
		if (!v || !*v)
			continue;
		r->in_vals[i] = v;
		if (!(in[i].flags & MM_IN_SECRET)) {
			char path[128];
			snprintf(path, sizeof path, "Query.%s", in[i].name);
			mm_set(r, path, v);
		}
	}
}

static int input_index(struct mm_req *r, const char *name)
{
	const struct mm_input *in = r->route ? r->route->inputs : NULL;
	for (int i = 0; in && in[i].name && i < MM_MAX_INPUTS; i++)
		if (strcmp(in[i].name, name) == 0)
			return i;
	return -1;
}

const char *mm_param(struct mm_req *r, const char *name)
{
	int i = input_index(r, name);
	if (i < 0) {
		mm_log_error("handler read undeclared input %s", name);
		return NULL;
	}
	return r->in_vals[i];
}

const char *mm_param_error(struct mm_req *r, const char *name)
{
	int i = input_index(r, name);
	return i < 0 ? NULL : r->in_errs[i];
}

/* A page asked for without its closing slash ("/account/users" for
 * "/account/users/"): 301 to the page, the query kept, as nginx answers
 * for the programs' own prefixes ("/cases"). 0 when there is no such page. */
struct mm_page mm_page_of(struct mm_req *r, long long total, long long per_page)
{
	struct mm_page p = { 1, total > 0 ? (total + per_page - 1) / per_page : 1, 0 };
	const char *arg = mm_param(r, "page");
	long long page = arg ? strtoll(arg, NULL, 10) : 1;
	p.page = page < 1 ? 1 : page > p.pages ? p.pages : page;
	p.offset = (p.page - 1) * per_page;
	return p;
}

static int redirect_to_slash(struct mm_req *r, const struct mm_app *app)
{
	size_t n = strlen(r->path);
	if ((strcmp(r->method, "GET") != 0 && !r->is_head) || n == 0 || r->path[n - 1] == '/')
		return 0;
	const struct mm_route *found = NULL;
	for (size_t i = 0; i < app->nroutes && !found; i++) {
		const char *p = app->routes[i].path;
		if (!(app->routes[i].flags & MM_PREFIX) && !strchr(p, '*') &&
		    strncmp(p, r->path, n) == 0 && p[n] == '/' && p[n + 1] == '\0')
			found = &app->routes[i];
	}
	if (!found)
		return 0;
	struct mm_buf loc = { 0 };
	mm_buf_puts(&loc, found->path);
	const char *qs = param(r, "QUERY_STRING");
	if (qs && *qs) {
		mm_buf_puts(&loc, "?");
		mm_buf_puts(&loc, qs);
	}
	int rc = loc.oom ? MM_DB_ERR : mm_redirect(r, mm_buf_str(&loc));
	if (rc == 0)
		r->status = 301;
	mm_buf_free(&loc);
	return rc < 0 ? rc : 1;
}

static int redirect_to_login(struct mm_req *r)
{
	struct mm_buf loc = { 0 };
	mm_buf_puts(&loc, "/auth/login?next=");
	struct mm_buf next = { 0 };
	mm_buf_puts(&next, r->path);
	const char *qs = param(r, "QUERY_STRING");
	if (qs && *qs && strcmp(r->method, "POST") != 0) {
		mm_buf_puts(&next, "?");
		mm_buf_puts(&next, qs);
	}
	mm_url_encode(&loc, mm_buf_str(&next));
	mm_redirect(r, mm_buf_str(&loc));
	mm_buf_free(&next);
	mm_buf_free(&loc);
	return 0;
}

/* Request ids (they tie a request's log lines together): a random start
 * per worker process, then counted up. Drawing 8 random bytes for every
 * request cost a system call each (OpenSSL's fork check). The workers are
 * forked before their first request, so each draws its own start. */
static void request_id(char out[17])
{
	static unsigned long long next;
	static int drawn;
	if (!drawn) {
		unsigned char seed[8];
		if (mm_random_bytes(seed, sizeof seed) < 0) {
			snprintf(out, 17, "norandom");
			return;
		}
		for (int i = 0; i < 8; i++)
			next = next << 8 | seed[i];
		drawn = 1;
	}
	unsigned char id[8];
	unsigned long long v = next++;
	for (int i = 7; i >= 0; i--, v >>= 8)
		id[i] = (unsigned char)(v & 0xff);
	mm_hex_encode(id, sizeof id, out);
}

static void request_init(struct mm_req *r, FCGX_Request *fcgx)
{
	memset(r, 0, sizeof *r);
	r->fcgx = fcgx;
	r->body_fd = -1;
	r->status = 200;
	r->lang = "ja";
	request_id(r->rid);
	mm_log_set_request_id(r->rid);
	HDF *hdf = NULL;
	NEOERR *err = hdf_init(&hdf);
	if (err != STATUS_OK) {
		nerr_ignore(&err);
		hdf = NULL;
	}
	r->hdf = hdf;
	r->now = request_clock(r);
}

static void request_free(struct mm_req *r)
{
	mm_kvlist_free(&r->query);
	mm_kvlist_free(&r->form);
	mm_kvlist_free(&r->cookies);
	mm_uploads_free(&r->uploads);
	if (r->body_fd >= 0)
		close(r->body_fd);
	mm_buf_free(&r->headers);
	mm_buf_free(&r->body);
	if (r->hdf)
		hdf_destroy(&r->hdf);
	mm_log_set_request_id(NULL);
}

/* The app's page that reads its data with the session, when this request
 * is for it (before the request is parsed: its method and path as given). */
static const struct mm_session_join *session_join_of(struct mm_req *r, const struct mm_app *app)
{
	const struct mm_session_join *join = app->session_join;
	if (!join)
		return NULL;
	const char *method = param(r, "REQUEST_METHOD"), *path = param(r, "DOCUMENT_URI");
	if (!method || !path || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) ||
	    strcmp(path, join->path) != 0)
		return NULL;
	return join;
}

/* Runs the pipeline up to the handler; returns 0 when a response was
 * produced, else the status of the error page to show. */
static int dispatch(struct mm_req *r, const struct mm_app *app)
{
	if (!r->hdf)
		return 503;
	r->remote_addr = param(r, "REMOTE_ADDR");
	if (!r->remote_addr)
		r->remote_addr = "";
	r->user_agent = param(r, "HTTP_USER_AGENT");
	if (!r->user_agent)
		r->user_agent = "";
	int st = parse_cookies(r);
	if (st)
		return st;
	int logged = mm_session_load_join(r, session_join_of(r, app));
	if (logged < 0)
		return 503;
	const char *lang = mm_lang_supported(logged ? r->user.lang : mm_cookie(r, MM_LANG_COOKIE));
	r->lang = lang ? lang : "ja";
	st = parse_request(r);
	if (st)
		return r->body_error ? mm_error_page(r, st, r->body_error) : st;
	st = find_route(r, app);
	if (st == 404) {
		int moved = redirect_to_slash(r, app);
		if (moved)
			return moved < 0 ? moved : 0;
	}
	if (st)
		return st;
	if (r->uploads.n && !(r->route->flags & MM_UPLOAD))
		return mm_error_page(r, 415, "err.upload_not_here");
	if (r->upload_refused && !(r->route->flags & MM_UPLOAD_FORM))
		return mm_error_page(r, r->upload_refused_status, r->upload_refused);
	if (!(r->route->flags & MM_PUBLIC) && !r->logged_in) {
		/* a half-finished login goes on where it stands, whatever URL was typed */
		if (!r->session_id)
			return redirect_to_login(r);
		if (!(r->route->flags & MM_PARTIAL))
			return mm_redirect(r, mm_session_stage_path(r->stage));
	}
	/* staff pages do not exist for customers: same answer as a missing page */
	if ((r->route->flags & MM_STAFF) && !mm_role_is_staff(r->user.role))
		return 404;
	if (strcmp(r->method, "POST") == 0 &&
	    !mm_csrf_check(r, mm_kvlist_get(&r->form, "csrf")))
		return mm_error_page(r, 403, "err.csrf");
	validate_inputs(r);
	return r->route->handler(r);
}

static int after_add(struct mm_req *r, void (*fn)(struct mm_req *r), int waits)
{
	for (int i = 0; i < r->nafter; i++)
		if (r->after[i].fn == fn) {
			r->after[i].waits |= waits;
			return 0;
		}
	if (r->nafter == MM_AFTER_MAX) {
		mm_log_error("after-response work dropped: %d already waiting", r->nafter);
		return -1;
	}
	r->after[r->nafter++] = (struct mm_after){ fn, waits };
	return 0;
}

int mm_after_response(struct mm_req *r, void (*fn)(struct mm_req *r))
{
	return after_add(r, fn, 1);
}

int mm_after_response_quick(struct mm_req *r, void (*fn)(struct mm_req *r))
{
	return after_add(r, fn, 0);
}

void mm_handle_request(const struct mm_app *app, FCGX_Request *fcgx)
{
	struct mm_req r;
	request_init(&r, fcgx);
	int st = dispatch(&r, app);
	if (r.streamed)	/* already on its way: no error page can follow */
		st = 0;
	/* an MM_DB_* error a handler passed on; a transaction that kept losing
	 * to concurrent ones (deadlock, Galera certification) is busy, not broken */
	if (st < 0)
		st = mm_db_is_down() || st == MM_DB_RETRY ? 503 : 500;
	if (st == 0 && !r.responded)
		st = 500;
	if (st) {
		mm_buf_reset(&r.body);
		r.responded = 0;
		mm_error_page(&r, st, NULL);
	}
	mm_send_response(&r);
	/* an error page leaves the page's work undone */
	for (int i = 0; i < r.nafter && !st; i++)
		if (r.after[i].waits) {
			FCGX_FFlush(r.fcgx->out);
			break;
		}
	for (int i = 0; i < r.nafter && !st; i++)
		r.after[i].fn(&r);
	mm_log_info("%s %s %d", r.method ? r.method : "-", r.path ? r.path : "-", r.status);
	request_free(&r);
}
