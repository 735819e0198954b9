/* Responses: HDF helpers, template rendering, redirects, error pages,
 * headers (security headers on every response) and cookies. */
#include "mm.h"
#include "mm_template.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <fastcgi.h>
#include <ClearSilver.h>

void mm_send_response(struct mm_req *r);

void mm_set(struct mm_req *r, const char *path, const char *value)
{
	if (!r->hdf)
		return;
	NEOERR *err = hdf_set_value(r->hdf, path, value ? value : "");
	nerr_ignore(&err);
}

const char *mm_get(struct mm_req *r, const char *path)
{
	return r->hdf ? hdf_get_value(r->hdf, path, NULL) : NULL;
}

void mm_setf(struct mm_req *r, const char *path, const char *fmt, ...)
{
	struct mm_buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	mm_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	mm_set(r, path, mm_buf_str(&b));
	mm_buf_free(&b);
}

void mm_set_int(struct mm_req *r, const char *path, long long v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", v);
	mm_set(r, path, text);
}

const char *mm_t(struct mm_req *r, const char *key)
{
	char path[160];
	snprintf(path, sizeof path, "L.%s", key);
	HDF *lang = mm_tmpl_lang(r->lang);
	const char *v = lang ? hdf_get_value(lang, path, NULL) : NULL;
	return v ? v : key;
}

static const char *role_names[] = {
	[MM_ROLE_NONE] = "none",
	[MM_ROLE_CUSTOMER_USER] = "customer_user",
	[MM_ROLE_CUSTOMER_ADMIN] = "customer_admin",
	[MM_ROLE_ANALYST] = "analyst",
	[MM_ROLE_STAFF_ADMIN] = "staff_admin",
};

const char *mm_role_name(enum mm_role role)
{
	return (unsigned)role < sizeof role_names / sizeof *role_names ?
	       role_names[role] : "none";
}

enum mm_role mm_role_parse(const char *s)
{
	for (unsigned i = 1; s && i < sizeof role_names / sizeof *role_names; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum mm_role)i;
	return MM_ROLE_NONE;
}

int mm_role_is_staff(enum mm_role role)
{
	return role == MM_ROLE_ANALYST || role == MM_ROLE_STAFF_ADMIN;
}

/* Data every page's layout uses, filled when a page or message is rendered
 * (redirects need none of it: no CSRF token, no pre-session cookie). */
void mm_fill_common(struct mm_req *r)
{
	if (!r->hdf || hdf_get_value(r->hdf, "Site.Name", NULL))
		return;
	mm_set(r, "Site.Name", mm_cfg_str("Site.Name", "Mimamori"));
	mm_set(r, "Lang", r->lang);
	mm_set(r, "Request.Path", r->path ? r->path : "/");
	if (r->logged_in) {
		mm_set(r, "User.LoggedIn", "1");
		mm_set(r, "User.LoginId", r->user.login_id);
		mm_set(r, "User.DisplayName", r->user.display_name);
		mm_set(r, "User.Role", mm_role_name(r->user.role));
		mm_set(r, "User.IsStaff", mm_role_is_staff(r->user.role) ? "1" : "0");
		mm_set(r, "User.IsAdmin", r->user.role == MM_ROLE_CUSTOMER_ADMIN ? "1" : "0");
	}
	char token[64];
	if (mm_csrf_token(r, token) == 0)
		mm_set(r, "CSRF.token", token);
}

/* The menu entry of the page (layout_head.cs marks it aria-current), worked
 * out once here: as template conditions on Request.Path (string.slice and
 * string.find per entry) they cost every page a tenth of its rendering.
 * Entries whose page also answers errors of its own (lists, forms) are not
 * marked on an error page. */
static const char *menu_current(const char *path, int error)
{
	static const struct {
		const char *path;
		int prefix;	/* path is a prefix of the page's path */
		int not_on_error;
		const char *entry;
	} entries[] = {
		{ "/", 0, 0, "home" },
		{ "/cases/new", 0, 0, "case-new" },
		{ "/cases/requests/", 1, 1, "requests" },
		{ "/cases/", 1, 1, "cases" },
		{ "/dashboard/alerts", 1, 1, "alerts" },
		{ "/dashboard/report", 0, 1, "report" },
		{ "/dashboard/devices", 1, 0, "devices" },
		{ "/points/", 1, 1, "points" },
		{ "/history/", 0, 0, "history" },
		{ "/account/users/", 1, 1, "users" },
		{ "/account/chat", 1, 1, "chat" },
		{ "/account/", 0, 0, "account" },
		{ "/knowledge/", 1, 0, "knowledge" },
		{ "/staff/dashboard/report", 0, 1, "staff-report" },
		{ "/staff/dashboard/devices", 1, 0, "staff-devices" },
		{ "/staff/points/", 1, 1, "staff-points" },
		{ "/staff/cases/new", 0, 0, "staff-case-new" },
		{ "/staff/cases/categories", 0, 0, "staff-categories" },
		{ "/staff/cases/requests/", 1, 1, "staff-requests" },
		{ "/staff/cases/", 1, 1, "staff-cases" },
		{ "/staff/knowledge/", 1, 0, "staff-knowledge" },
		{ "/staff/signup/", 1, 0, "staff-signup" },
	};
	/* the first match wins: exact pages and longer prefixes come before
	 * the prefixes that hold them */
	for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
		size_t n = strlen(entries[i].path);
		int match = entries[i].prefix ? strncmp(path, entries[i].path, n) == 0
					      : strcmp(path, entries[i].path) == 0;
		if (match)
			return error && entries[i].not_on_error ? "" : entries[i].entry;
	}
	return "";
}

/* The menu's links (menu_links.cs) depend on the language, the kind of
 * user and the current entry only, and the templates and language texts do
 * not change while a process runs: each combination is rendered once and
 * kept (at most 2 languages × 3 kinds × 23 entries), and a page prints
 * the kept HTML (Menu.Html) instead of evaluating two dozen template
 * conditions. One request at a time per process: nothing is shared. */
#define MENUS_KEPT 160
static struct {
	char lang[3];
	enum mm_role role;
	const char *current;	/* menu_current's answer (a literal) */
	char *html;
} menus[MENUS_KEPT];
static int nmenus;

/* The kind of user as menu_links.cs tells them apart (User.IsStaff,
 * User.IsAdmin). */
static enum mm_role menu_role(enum mm_role role)
{
	return mm_role_is_staff(role) ? MM_ROLE_ANALYST :
	       role == MM_ROLE_CUSTOMER_ADMIN ? role : MM_ROLE_CUSTOMER_USER;
}

static int menu_links(struct mm_req *r, const char *current)
{
	enum mm_role role = menu_role(r->user.role);
	for (int i = 0; i < nmenus; i++)
		if (menus[i].role == role && strcmp(menus[i].current, current) == 0 &&
		    strcmp(menus[i].lang, r->lang) == 0) {
			mm_set(r, "Menu.Html", menus[i].html);
			return 0;
		}
	struct mm_buf html = { 0 };
	if (mm_tmpl_render(r->hdf, r->lang, "menu_links.cs", &html) < 0) {
		mm_buf_free(&html);
		return -1;
	}
	mm_set(r, "Menu.Html", mm_buf_str(&html));
	char *kept = nmenus < MENUS_KEPT ? strdup(mm_buf_str(&html)) : NULL;
	mm_buf_free(&html);
	if (kept) {
		snprintf(menus[nmenus].lang, sizeof menus[nmenus].lang, "%s", r->lang);
		menus[nmenus].role = role;
		menus[nmenus].current = current;
		menus[nmenus].html = kept;
		nmenus++;
	}
	return 0;
}

#define PAGE_BODY_RESERVE (32 * 1024)

int mm_render(struct mm_req *r, int status, const char *template_name)
{
	mm_fill_common(r);
	if (r->hdf) {
		const char *current = menu_current(r->path ? r->path : "/",
						   hdf_get_value(r->hdf, "Error.Status", NULL) != NULL);
		mm_set(r, "Menu.Current", current);
		if (r->logged_in && menu_links(r, current) < 0 &&
		    strcmp(template_name, "error.cs") != 0)
			return mm_error_page(r, 500, NULL);
	}
	mm_buf_reset(&r->body);
	/* most pages fit: one allocation instead of doubling from 256 bytes
	 * (seven reallocations and copies for a list page) */
	mm_buf_reserve(&r->body, PAGE_BODY_RESERVE);
	if (mm_tmpl_render(r->hdf, r->lang, template_name, &r->body) < 0) {
		mm_buf_reset(&r->body);
		/* a page that cannot render must not half-render */
		if (strcmp(template_name, "error.cs") == 0) {
			r->status = 500;
			mm_buf_puts(&r->body, "<!DOCTYPE html><title>500</title><p>Internal error.</p>");
			mm_header(r, "Content-Type", "text/html; charset=utf-8");
			r->responded = 1;
			return 0;
		}
		return mm_error_page(r, 500, NULL);
	}
	r->status = status;
	mm_header(r, "Content-Type", "text/html; charset=utf-8");
	r->responded = 1;
	return 0;
}

int mm_redirect(struct mm_req *r, const char *local_path)
{
	if (!mm_is_local_path(local_path))
		local_path = "/";
	mm_buf_reset(&r->body);
	r->status = 303;
	mm_header(r, "Location", local_path);
	r->responded = 1;
	return 0;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/* An error page replaces the response but keeps the cookies already set: a
 * session token rotated before the failure must reach the browser, or the
 * user is logged out. */
static void keep_only_cookies(struct mm_req *r)
{
	struct mm_buf kept = { 0 };
	const char *line = mm_buf_str(&r->headers);
	while (*line) {
		const char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) + 2 : strlen(line);
		if (strncmp(line, "Set-Cookie: ", 12) == 0)
			mm_buf_add(&kept, line, len);
		line += len;
	}
	mm_buf_reset(&r->headers);
	mm_buf_add(&r->headers, mm_buf_str(&kept), kept.len);
	mm_buf_free(&kept);
}

int mm_error_page(struct mm_req *r, int status, const char *message_key)
{
	char key[32];
	if (!message_key) {
		snprintf(key, sizeof key, "err.http_%d", status);
		message_key = key;
	}
	keep_only_cookies(r);
	mm_set_int(r, "Error.Status", status);
	mm_set(r, "Error.Message", mm_t(r, message_key));
	if (status == 503)
		mm_header(r, "Retry-After", "5");
	if (status == 405)
		mm_header(r, "Allow", "GET, HEAD, POST");
	return mm_render(r, status, "error.cs");
}

int mm_header(struct mm_req *r, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return -1;
	mm_buf_printf(&r->headers, "%s: %s\r\n", name, value);
	return 0;
}

/* Cookies get Secure and the __Host- prefix unless this is plain HTTP and the
 * configuration allows the development mode. */
static int cookie_secure(struct mm_req *r)
{
	return r->secure || mm_cfg_int("Site.PlainHttpDev", 0) != 1;
}

int mm_set_cookie(struct mm_req *r, const char *name, const char *value, long max_age)
{
	/* cookie-octets only: no CTLs, whitespace, DQUOTE, comma, semicolon, backslash */
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\",;\\", *p))
			return -1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("()<>@,;:\\\"/[]?={}", *p))
			return -1;
	int secure = cookie_secure(r);
	struct mm_buf c = { 0 };
	mm_buf_printf(&c, "%s%s=%s; Path=/; HttpOnly; SameSite=Lax",
		      secure ? "__Host-" : "", name, max_age < 0 ? "" : value);
	if (secure)
		mm_buf_puts(&c, "; Secure");
	if (max_age < 0)
		mm_buf_puts(&c, "; Max-Age=0");
	else if (max_age > 0)
		mm_buf_printf(&c, "; Max-Age=%ld", max_age);
	int rc = mm_header(r, "Set-Cookie", mm_buf_str(&c));
	mm_buf_free(&c);
	return rc;
}

const char *mm_cookie(struct mm_req *r, const char *name)
{
	char full[96];
	snprintf(full, sizeof full, "%s%s", cookie_secure(r) ? "__Host-" : "", name);
	return mm_kvlist_get(&r->cookies, full);
}

static void put(FCGX_Stream *out, const char *s, size_t n)
{
	if (n)
		FCGX_PutStr(s, (int)n, out);
}

/* Status line and headers; Content-Length unless length < 0 (streamed). */
static void headers_format(struct mm_req *r, long long length, struct mm_buf *out)
{
	struct mm_buf h = { 0 };
	mm_buf_printf(&h, "Status: %d %s\r\n", r->status, reason(r->status));
	mm_buf_add(&h, mm_buf_str(&r->headers), r->headers.len);
	mm_buf_puts(&h,
		    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
		    "style-src 'self'; img-src 'self' data:; object-src 'none'; "
		    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
		    "X-Content-Type-Options: nosniff\r\n"
		    "X-Frame-Options: DENY\r\n"
		    "Cross-Origin-Opener-Policy: same-origin\r\n"
		    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"
		    "Cache-Control: no-store\r\n");
	mm_buf_printf(&h, "Referrer-Policy: %s\r\n",
		      r->referrer_policy ? r->referrer_policy : "same-origin");
	if (r->secure)
		mm_buf_puts(&h, "Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n");
	if (r->status != 303 && !strstr(mm_buf_str(&r->headers), "Content-Type:"))
		mm_buf_puts(&h, "Content-Type: text/html; charset=utf-8\r\n");
	if (length >= 0)
		mm_buf_printf(&h, "Content-Length: %lld\r\n", length);
	mm_buf_puts(&h, "\r\n");
	*out = h;
}

static void headers_out(struct mm_req *r, long long length)
{
	struct mm_buf h;
	headers_format(r, length, &h);
	put(r->fcgx->out, mm_buf_str(&h), h.len);
	mm_buf_free(&h);
}

/* A whole response in one system call: libfcgi's stream writes every 8 KB
 * and the end of the request separately, and nginx wakes up and reads for
 * each of those writes (a system call costs this VM's kernel dearly). Here
 * the response is framed as FastCGI 1.0 records (8-byte header, content,
 * padding to a multiple of 8), followed by the empty stdout record and
 * FCGI_END_REQUEST, and handed to the kernel with one writev. */
#define RECORD_MAX 65528	/* FastCGI's content limit (65535), a multiple of 8 */
#define RECORDS_MAX 64	/* larger bodies (4 MB) go through libfcgi's stream */

static void record_header(unsigned char h[8], int type, int request_id, size_t len)
{
	h[0] = FCGI_VERSION_1;
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)((request_id >> 8) & 0xff);
	h[3] = (unsigned char)(request_id & 0xff);
	h[4] = (unsigned char)((len >> 8) & 0xff);
	h[5] = (unsigned char)(len & 0xff);
	h[6] = (unsigned char)((8 - len % 8) % 8);	/* padding */
	h[7] = 0;
}

/* Marks the output stream closed as FCGX_FClose would after writing its
 * last records, so that FCGX_Finish_r writes nothing more: the records
 * that end the request are already sent. */
static void out_stream_closed(FCGX_Stream *out)
{
	out->wasFCloseCalled = 1;
	out->isClosed = 1;
	out->rdNext = out->stop = out->wrNext;
}

static int write_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n > IOV_MAX ? IOV_MAX : n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* 0 when the response went out whole, -1 when it must take the stream. */
static int send_framed(struct mm_req *r, const struct mm_buf *head)
{
	static const unsigned char zeros[8];
	size_t body_len = r->is_head ? 0 : r->body.len;
	size_t nbody = (body_len + RECORD_MAX - 1) / RECORD_MAX;
	FCGX_Request *f = r->fcgx;
	/* only streamed responses (which never come here) write to the stream
	 * before: it holds nothing yet */
	if (head->len > RECORD_MAX || nbody > RECORDS_MAX || f->ipcFd < 0 ||
	    f->out->isClosed || FCGX_GetError(f->out))
		return -1;
	unsigned char hdr[1 + RECORDS_MAX][8];
	struct {
		unsigned char eof[8];
		unsigned char end[8];
		unsigned char end_body[8];
	} tail;
	struct iovec iov[3 * (1 + RECORDS_MAX) + 1];
	int n = 0;
	record_header(hdr[0], FCGI_STDOUT, f->requestId, head->len);
	iov[n++] = (struct iovec){ hdr[0], 8 };
	iov[n++] = (struct iovec){ head->p, head->len };
	if (hdr[0][6])
		iov[n++] = (struct iovec){ (void *)zeros, hdr[0][6] };
	for (size_t i = 0; i < nbody; i++) {
		size_t off = i * RECORD_MAX;
		size_t len = body_len - off < RECORD_MAX ? body_len - off : RECORD_MAX;
		record_header(hdr[1 + i], FCGI_STDOUT, f->requestId, len);
		iov[n++] = (struct iovec){ hdr[1 + i], 8 };
		iov[n++] = (struct iovec){ r->body.p + off, len };
		if (hdr[1 + i][6])
			iov[n++] = (struct iovec){ (void *)zeros, hdr[1 + i][6] };
	}
	record_header(tail.eof, FCGI_STDOUT, f->requestId, 0);
	record_header(tail.end, FCGI_END_REQUEST, f->requestId, 8);
	memset(tail.end_body, 0, sizeof tail.end_body);	/* appStatus 0 */
	tail.end_body[4] = FCGI_REQUEST_COMPLETE;
	iov[n++] = (struct iovec){ &tail, sizeof tail };
	/* a failed write (nginx gave up: the client went away) is nginx's to
	 * log, as with libfcgi's own writes */
	write_all(f->ipcFd, iov, n);
	out_stream_closed(f->out);
	return 0;
}

void mm_send_response(struct mm_req *r)
{
	if (r->streamed)
		return;
	struct mm_buf h;
	headers_format(r, (long long)r->body.len, &h);
	if (send_framed(r, &h) < 0) {
		put(r->fcgx->out, mm_buf_str(&h), h.len);
		if (!r->is_head)
			put(r->fcgx->out, mm_buf_str(&r->body), r->body.len);
	}
	mm_buf_free(&h);
}

int mm_stream_begin(struct mm_req *r, int status)
{
	r->status = status;
	r->responded = 1;
	r->streamed = 1;
	headers_out(r, -1);
	return FCGX_GetError(r->fcgx->out) ? -1 : 0;
}

int mm_stream_write(struct mm_req *r, const void *buf, size_t len)
{
	if (r->is_head || len == 0)
		return 0;
	const char *p = buf;
	while (len > 0) {	/* FCGX_PutStr takes an int */
		int n = len > (1u << 30) ? 1 << 30 : (int)len;
		if (FCGX_PutStr(p, n, r->fcgx->out) != n)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void mm_stream_fail(struct mm_req *r)
{
	/* without FCGI_END_REQUEST nginx ends the reply without its last chunk */
	if (r->fcgx && r->fcgx->ipcFd >= 0)
		shutdown(r->fcgx->ipcFd, SHUT_RDWR);
}
