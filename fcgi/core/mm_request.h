/* Request plumbing: the FastCGI loop, routes, declared inputs, responses.
 *
 * An area program is a table of routes. Each route names the inputs its
 * handler may read, each with a validator; undeclared parameters never reach
 * the handler or the HDF. A handler validates -> queries -> fills the HDF ->
 * renders, and returns 0 when it produced a response, or an HTTP status
 * (400, 403, 404, 503...) for the framework to answer with an error page. */
#ifndef MM_REQUEST_H
#define MM_REQUEST_H
#include <stddef.h>
#include <time.h>
#include <fcgiapp.h>
#include "mm_buf.h"
#include "mm_parse.h"
#include "mm_multipart.h"

struct _hdf;
struct mm_req;
struct mm_input;

/* Returns NULL when the value is acceptable, else the i18n key of the message
 * ("err.too_long", ...). v is valid UTF-8 without NUL bytes. */
typedef const char *(*mm_validator)(const struct mm_input *in, const char *v);

enum {
	MM_IN_REQUIRED = 1 << 0,
	MM_IN_QUERY = 1 << 1,	/* read from the query string (default: form body on POST, query on GET) */
	MM_IN_SECRET = 1 << 2,	/* never copied into the HDF (passwords) */
	MM_IN_MULTI = 1 << 3,	/* may repeat (checkboxes): every value is checked; the
				 * handler reads them all from the list, in_vals holds the first */
	MM_IN_HALFWIDTH = 1 << 4,	/* full-width digits, letters and symbols (typed
					 * with a Japanese input method) read as ASCII */
	MM_IN_TRIM = 1 << 5,	/* the blanks around the value (mm_trim) are dropped
				 * before it is checked: pasted or typed IDs */
	MM_IN_APP = 1 << 8	/* this bit and higher ones are the area program's own */
};

struct mm_input {
	const char *name;	/* parameter name; also Query.<name> in the HDF */
	mm_validator check;
	unsigned flags;
	size_t min, max;	/* length limits in characters (0 = none) */
};
#define MM_INPUT_END { NULL, NULL, 0, 0, 0 }

/* Validators. */
const char *mm_v_line(const struct mm_input *in, const char *v);	/* one line of text */
const char *mm_v_text(const struct mm_input *in, const char *v);	/* multi-line text */
const char *mm_v_digits(const struct mm_input *in, const char *v);
const char *mm_v_email(const struct mm_input *in, const char *v);
const char *mm_v_login_id(const struct mm_input *in, const char *v);	/* user ID: printable ASCII, no spaces */
const char *mm_v_password(const struct mm_input *in, const char *v);	/* any characters, length only */
const char *mm_v_local_path(const struct mm_input *in, const char *v);
const char *mm_v_token(const struct mm_input *in, const char *v);	/* base64url */
const char *mm_v_lang(const struct mm_input *in, const char *v);	/* "ja" or "en" */
const char *mm_v_one(const struct mm_input *in, const char *v);	/* a ticked checkbox: "1" */
const char *mm_v_dir(const struct mm_input *in, const char *v);	/* a sort direction: "asc" or "desc" */
/* The index of v in names[0..n) (a list's sort keys), -1 when v is NULL or
 * not among them. */
int mm_name_index(const char *const *names, int n, const char *v);

typedef int (*mm_handler)(struct mm_req *r);

enum {
	MM_PUBLIC = 1 << 0,	/* no session needed */
	MM_STAFF = 1 << 1,	/* analysts and staff admins only */
	MM_PREFIX = 1 << 2,	/* path is a prefix; the rest is in r->path_rest */
	MM_PARTIAL = 1 << 3,	/* also open to a session still in its MFA or first-login stage */
	MM_UPLOAD = 1 << 4,	/* takes file parts of a multipart body stored by nginx */
	/* with MM_UPLOAD: a refused file (empty, bad name, too many, too
	 * large) reaches the handler in r->upload_refused, which shows its form
	 * again with what was typed, instead of a bare error page */
	MM_UPLOAD_FORM = 1 << 5
};

/* A route path may hold '*' segments: each matches one non-empty path
 * segment of at most MM_PATH_ARG_MAX - 1 bytes, copied to r->path_args. */
#define MM_PATH_ARGS 4
#define MM_PATH_ARG_MAX 64

/* How far a session has come: only MM_STAGE_FULL reaches the portal. */
enum mm_stage { MM_STAGE_FULL = 0, MM_STAGE_MFA, MM_STAGE_SETUP };

struct mm_route {
	const char *method;	/* "GET" (also answers HEAD) or "POST" */
	const char *path;
	mm_handler handler;
	unsigned flags;
	const struct mm_input *inputs;	/* MM_INPUT_END-terminated, may be NULL */
};

struct mm_res;

/* A page that reads its first data in the session's own statement, one
 * round trip instead of two (mm_session.h has the statement's parts). For a
 * GET or HEAD of exactly path: query runs the page's statement with the
 * session cookie's hash as its last parameter (no row: no such session);
 * row takes the page's columns of a live session's row, after r->user is
 * set, and r->session_joined tells the handler it ran for this request. */
struct mm_session_join {
	const char *path;
	int (*query)(struct mm_req *r, const unsigned char *token_hash, size_t len,
		     struct mm_res *res);
	void (*row)(struct mm_req *r, const struct mm_res *res);
};

struct mm_app {
	const char *name;		/* "auth", "dashboard"... */
	const struct mm_route *routes;
	size_t nroutes;
	const char *const *templates;	/* parsed once at start, NULL-terminated */
	const struct mm_session_join *session_join;	/* NULL, or one page's */
};

enum mm_role {
	MM_ROLE_NONE = 0,
	MM_ROLE_CUSTOMER_USER,
	MM_ROLE_CUSTOMER_ADMIN,
	MM_ROLE_ANALYST,
	MM_ROLE_STAFF_ADMIN
};
const char *mm_role_name(enum mm_role role);	/* "customer_user"... */
enum mm_role mm_role_parse(const char *s);
int mm_role_is_staff(enum mm_role role);

struct mm_user {
	long long id;
	long long tenant_id;	/* 0 for provider staff */
	enum mm_role role;
	char login_id[41 * 4];
	char display_name[101 * 4];
	char lang[3];
	char customer_no[11];	/* the tenant's, "" for staff */
	char tenant_name[201 * 4];
	char time_zone[65];	/* users.time_zone: times are shown in it (mm_time.h) */
};

#define MM_MAX_HEADERS_BYTES 4096

struct mm_req {
	FCGX_Request *fcgx;
	struct _hdf *hdf;
	const char *method;
	const char *path;	/* decoded, without the query string */
	const char *path_rest;	/* after an MM_PREFIX route's path */
	const char *remote_addr;
	const char *user_agent;
	int secure;		/* request came over TLS */
	int is_head;
	time_t now;		/* the request's clock (mm_clock_now at start) */
	char rid[17];		/* request id, also in the log */
	struct mm_kvlist query, form, cookies;
	const struct mm_route *route;
	char path_args[MM_PATH_ARGS][MM_PATH_ARG_MAX];

	/* Request body stored by nginx (REQUEST_BODY_FILE, upload locations
	 * only): open for the handler, and the file parts found in it. */
	int body_fd;		/* -1 when the body did not come as a file */
	long long body_size;
	struct mm_uploads uploads;
	const char *body_error;	/* i18n key of why the body was refused */
	/* i18n key of why a file of the body was refused (MM_UPLOAD_FORM), and
	 * the status that answers it; the form is whole, uploads is empty */
	const char *upload_refused;
	int upload_refused_status;

	/* Session (mm_session.c). logged_in only for a full session; a partial
	 * one (MFA or first-login stage) has session_id set and stage > 0. */
	int logged_in;
	enum mm_stage stage;
	struct mm_user user;
	long long session_id;
	char session_token[64];	/* raw token from the cookie, CSRF binding */
	char pre_token[64];	/* anonymous CSRF binding cookie */
	int session_joined;	/* the app's session_join row ran for this request */
	const char *lang;	/* "ja" or "en" */

	/* Validation (filled before the handler runs), indexed like route->inputs. */
	int invalid;		/* number of inputs that failed */
#define MM_MAX_INPUTS 160
	const char *in_vals[MM_MAX_INPUTS];
	const char *in_errs[MM_MAX_INPUTS];

	/* Response. */
	int status;
	int responded;
	struct mm_buf headers;
	struct mm_buf body;
	const char *referrer_policy;	/* overrides the default when set */

	/* A streamed response (mm_stream_begin) went out directly. */
	int streamed;
	/* Work of the page left for after its response (mm_after_response),
	 * in the order it was asked for. */
#define MM_AFTER_MAX 4
	struct mm_after {
		void (*fn)(struct mm_req *r);
		int waits;	/* the response is flushed to nginx before it */
	} after[MM_AFTER_MAX];
	int nafter;
	/* The page-view event (mm_event_after) its after-work records. */
	const char *view_event;
};

/* Runs fn once the response of a page answered by its handler (not an
 * error page) has been handed to nginx: for work the reader need not wait
 * for, e.g. a result kept for the next pages (its commit). fn runs once
 * however often it is asked for. 0, or -1 when MM_AFTER_MAX other
 * functions are waiting already (fn will not run). */
int mm_after_response(struct mm_req *r, void (*fn)(struct mm_req *r));
/* The same for work that only copies into memory (the page view): it runs
 * after the response too, but the response is flushed before it only when
 * other work waits, so that a page with none costs no extra write. */
int mm_after_response_quick(struct mm_req *r, void (*fn)(struct mm_req *r));

/* Runs an area program: parses --config, --socket, --workers, --pidfile,
 * starts the workers and supervises them. Returns the process exit code. */
int mm_main(const struct mm_app *app, int argc, char **argv);
/* The same for a program with a protocol of its own (the JSON device API:
 * no session, cookies, forms, CSRF or HTML pages): handler answers each
 * FastCGI request itself and app's routes are unused. */
int mm_main_raw(const struct mm_app *app, void (*handler)(FCGX_Request *fcgx),
		int argc, char **argv);

/* Validated input value, or NULL when absent or invalid. */
const char *mm_param(struct mm_req *r, const char *name);
/* i18n key of the validation error of an input, or NULL. */
const char *mm_param_error(struct mm_req *r, const char *name);
/* The page asked for by the "page" input, kept within 1 … the last page of
 * total rows per_page a page (1 when there are none). */
struct mm_page {
	long long page, pages, offset;	/* offset: the page's first row */
};
struct mm_page mm_page_of(struct mm_req *r, long long total, long long per_page);

/* HDF access for handlers. */
void mm_set(struct mm_req *r, const char *path, const char *value);
/* A value set before (NULL when there is none). */
const char *mm_get(struct mm_req *r, const char *path);
void mm_setf(struct mm_req *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mm_set_int(struct mm_req *r, const char *path, long long v);
/* Fills the dataset every page uses (Site, Lang, User, CSRF); idempotent. */
void mm_fill_common(struct mm_req *r);
/* Translated text for key in the request's language (the key itself when missing). */
const char *mm_t(struct mm_req *r, const char *key);

/* Responses. Each returns 0 so a handler can "return mm_render(...)". */
int mm_render(struct mm_req *r, int status, const char *template_name);
int mm_redirect(struct mm_req *r, const char *local_path);	/* 303 See Other */
int mm_error_page(struct mm_req *r, int status, const char *message_key);
/* Adds a header; refuses (returns -1) names or values with CR, LF or NUL. */
int mm_header(struct mm_req *r, const char *name, const char *value);

enum { MM_COOKIE_SESSION = 1 << 0 };	/* no Max-Age: ends with the browser */
/* Sets a cookie with HttpOnly, SameSite=Lax, Path=/ and, over TLS, Secure and
 * the __Host- prefix. max_age < 0 deletes it. */
int mm_set_cookie(struct mm_req *r, const char *name, const char *value, long max_age);
/* The cookie value sent by the client, resolving the __Host- prefix. */
const char *mm_cookie(struct mm_req *r, const char *name);

/* CSRF: the token forms carry in the field "csrf" (also in HDF CSRF.token). */
int mm_csrf_token(struct mm_req *r, char out[64]);
int mm_csrf_check(struct mm_req *r, const char *token);	/* 1 ok */
/* Lower-level, for unit tests: HMAC(key, "csrf:" binding) as base64url. */
void mm_csrf_compute(const unsigned char *key, size_t keylen, const char *binding, char out[64]);

/* Streamed responses (exports): mm_stream_begin sends the status and the
 * headers (no Content-Length) at once; the body follows in pieces with
 * mm_stream_write, which returns < 0 once the client is gone. The handler
 * then returns 0 and nothing else is sent, whatever it returns. */
int mm_stream_begin(struct mm_req *r, int status);
int mm_stream_write(struct mm_req *r, const void *buf, size_t len);
/* A streamed response that cannot be finished: the connection to the web
 * server is cut, so that the client sees a broken download instead of a
 * complete-looking short one. */
void mm_stream_fail(struct mm_req *r);

/* Records the page-view event (AUTH-11, e.g. "dashboard.view") of the
 * logged-in user once the page has gone (mm_after_response_quick), when it
 * went out with status 200, so that the page does not wait for it. */
void mm_event_after(struct mm_req *r, const char *event);

/* Records a page view of the logged-in user: kept in the worker's buffer
 * and written by mm_event_views_flush into page_views, chained as it is
 * written. */
int mm_event_view(struct mm_req *r, const char *event);
/* Milliseconds until the buffered views are due to be written: -1 none
 * waiting, 0 now. */
long mm_event_views_due_ms(void);
/* Writes the buffered views in one transaction (per tenant: the chain's
 * head locked, one bulk INSERT): how many, or an MM_DB_* error (they are
 * then kept and due again one wait later). */
int mm_event_views_flush(void);
/* Seals the page views of chain_id (a tenant id, 0 = no tenant) written
 * into auth_events before page_views existed into its hash chain: how
 * many, or an MM_DB_* error. */
long long mm_event_seal(long long chain_id, time_t now);

/* Records a security or page-view event (AUTH-11) for the current request;
 * user may be NULL (unknown user ID; login_id then names what was typed). */
int mm_event(struct mm_req *r, const char *event, const struct mm_user *user,
	     const char *login_id);

#endif
