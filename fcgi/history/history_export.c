/* Streamed exports of the login history (HIST-2) in any struct hx_format.
 *
 * Rows go from the database cursor (unbuffered) through the format to the
 * client as they come: memory stays flat at any size. A client that goes
 * away makes out() fail; the format then fails, the cursor is dropped and
 * with it the query on the server.
 *
 * An export holds a worker of this program for its whole length. So that
 * exports cannot starve the pages, only History.ExportSlots of them run at
 * once in the whole installation (default 2, fewer than the workers of a
 * host) and History.ExportsPerTenant per tenant (default 1); beyond that the
 * answer is 503 with Retry-After. Slots are leased rows in the database
 * (several hosts share them; a killed worker's slot frees itself when the
 * lease ends), and the export's statement is capped at
 * HISTORY_EXPORT_SECONDS.
 *
 * An export also never outlives its lease: nginx passes the file on only as
 * fast as the client reads it (fastcgi_max_temp_file_size 0), so a client
 * that reads a few bytes now and then would keep the worker writing, and
 * once the lease ended another export would take the slot. The export has
 * a deadline inside the lease, checked before each write, and the request's
 * socket a send timeout that ends at the deadline, so that no blocked write
 * passes it; past it the export stops as when the client goes away. */
#include "history.h"
#include "mm_civil.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define NAME_CACHE 64

struct export {
	struct mm_req *r;
	const struct hx_format *fmt;
	const struct hx_meta *meta;
	void *state;
	int begun, failed, late;
	long long rows;
	/* monotonic seconds: the end of the export, and when the socket's send
	 * timeout was last set to the time left */
	time_t deadline, timeout_set_at;
	const char *zone;
	/* the viewer's UTC offset in the quarter hour of the last row (every
	 * zone's offset changes at a quarter hour of UTC: 15-minute steps) */
	time_t zone_quarter;
	long zone_offset;
	/* event names, looked up once per code */
	int ncached;
	char codes[NAME_CACHE][41 * 4];
	const char *names[NAME_CACHE];
};

static time_t monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* 0 while the export has time left, with the send timeout of the
 * request's socket set to what is left (again once a second at most: a
 * write blocks until the deadline at most, a second after it when the
 * second turns); -1 past the deadline. The connection serves this request
 * only (fastcgi_keep_conn off), so the timeout goes with it. */
static int time_left(struct export *x)
{
	time_t now = monotonic_now();
	if (now >= x->deadline) {
		x->late = 1;
		return -1;
	}
	int fd = x->r->fcgx ? x->r->fcgx->ipcFd : -1;
	if (fd >= 0 && now != x->timeout_set_at) {
		struct timeval tv = { .tv_sec = x->deadline - now };
		/* without it a blocked write may pass the deadline; the check
		 * above still ends the export at the next write */
		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
			mm_log_warn("history export: no send timeout (%s)", strerror(errno));
		x->timeout_set_at = now;
	}
	return 0;
}

static int out(void *ctx, const void *buf, size_t len)
{
	struct export *x = ctx;
	struct mm_req *r = x->r;
	if (time_left(x) < 0)
		return -1;
	if (!r->streamed && mm_stream_begin(r, 200) < 0)
		return -1;
	if (mm_stream_write(r, buf, len) < 0) {
		x->late = monotonic_now() >= x->deadline;
		return -1;
	}
	return 0;
}

static const char *event_name(struct export *x, const char *code)
{
	for (int i = 0; i < x->ncached; i++)
		if (strcmp(x->codes[i], code) == 0)
			return x->names[i];
	const char *name = history_event_name(x->r, code);
	if (x->ncached < NAME_CACHE && name != code) {
		snprintf(x->codes[x->ncached], sizeof x->codes[0], "%s", code);
		x->names[x->ncached++] = name;	/* language HDF: lives as long as the process */
	}
	return name;
}

static int begin(struct export *x)
{
	if (x->begun)
		return 0;
	x->begun = 1;
	if (x->fmt->begin(&x->state, x->meta, out, x) < 0) {
		x->failed = 1;
		return -1;
	}
	return 0;
}

static void two(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* The row's local time as mm_time_format writes it, and its seconds since
 * 1970 on the local wall clock: the zone is asked once per quarter hour
 * of rows, not per row (a million rows spent a third of their time in
 * localtime, strftime and sscanf). */
static time_t local_time(struct export *x, time_t at, char out[MM_TIME_LEN])
{
	time_t quarter = at - ((at % 900) + 900) % 900;
	if (quarter != x->zone_quarter || !x->zone_quarter) {
		char buf[MM_TIME_LEN];
		int y, mo, d, h, mi, se;
		mm_time_format(x->zone, quarter, buf);
		if (sscanf(buf, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6) {
			x->zone_quarter = 0;
			mm_time_format(x->zone, at, out);
			return at;
		}
		time_t wall = (time_t)(mm_days_from_civil(y, mo, d) * 86400 +
				       h * 3600 + mi * 60 + se);
		x->zone_quarter = quarter;
		x->zone_offset = (long)(wall - quarter);
	}
	time_t wall = at + x->zone_offset;
	long long days = (wall >= 0 ? wall : wall - 86399) / 86400;
	long secs = (long)(wall - days * 86400);
	int y, m, d;
	mm_civil_from_days(days, &y, &m, &d);
	if (y < 1000 || y > 9999) {
		mm_time_format(x->zone, at, out);
		return wall;
	}
	two(out, (unsigned)y / 100);
	two(out + 2, (unsigned)y % 100);
	out[4] = '-';
	two(out + 5, m);
	out[7] = '-';
	two(out + 8, d);
	out[10] = ' ';
	two(out + 11, (unsigned)(secs / 3600));
	out[13] = ':';
	two(out + 14, (unsigned)(secs / 60 % 60));
	out[16] = ':';
	two(out + 17, (unsigned)(secs % 60));
	out[19] = '\0';
	return wall;
}

static int on_row(void *ctx, const struct history_row *h)
{
	struct export *x = ctx;
	if (begin(x) < 0)
		return -1;
	char local[MM_TIME_LEN];
	/* days since 1899-12-30 of the local wall-clock time */
	double serial = (double)local_time(x, h->at, local) / 86400.0 + 25569.0;
	const struct hx_row row = {
		.at = h->at, .at_local = local, .at_serial = serial,
		.event = event_name(x, h->event), .login_id = h->login_id, .ip = h->ip,
		.user_agent = h->user_agent, .at_utc = h->at_utc, .event_code = h->event,
		.chain_id = h->chain_id, .chain_seq = h->chain_seq, .user_id = h->user_id,
		.prev_hash = h->prev_hash, .row_hash = h->row_hash,
	};
	if (x->fmt->row(x->state, &row) < 0) {
		x->failed = 1;
		return -1;
	}
	x->rows++;
	return 0;
}

/* "YYYYMMDD" of a local date input, or "all" */
static void date_part(struct mm_req *r, const char *name, char out[16])
{
	const char *v = mm_param(r, name);
	if (!v || strlen(v) != 10) {
		snprintf(out, 16, "%s", "all");
		return;
	}
	snprintf(out, 16, "%.4s%.2s%.2s", v, v + 5, v + 8);
}

static void disposition(struct mm_req *r, const struct hx_format *fmt)
{
	char from[16], to[16];
	date_part(r, "from", from);
	date_part(r, "to", to);
	struct mm_buf ascii = { 0 }, utf8 = { 0 }, h = { 0 };
	mm_buf_printf(&ascii, "login-history_%s_%s-%s.%s", r->user.customer_no, from, to, fmt->ext);
	mm_buf_printf(&utf8, "%s_%s_%s-%s.%s", mm_t(r, "history.file_name"), r->user.customer_no,
		      from, to, fmt->ext);
	mm_buf_printf(&h, "attachment; filename=\"%s\"; filename*=UTF-8''", mm_buf_str(&ascii));
	mm_url_encode(&h, mm_buf_str(&utf8));
	mm_header(r, "Content-Disposition", mm_buf_str(&h));
	mm_buf_free(&ascii);
	mm_buf_free(&utf8);
	mm_buf_free(&h);
}

/* The filter in words for the file's header ("" when none). */
static void filter_words(struct mm_req *r, const struct history_filter *f, struct mm_buf *b)
{
	if (*f->event)
		mm_buf_printf(b, "%s: %s", mm_t(r, "history.col.event"), history_event_name(r, f->event));
	if (*f->login_id)
		mm_buf_printf(b, "%s%s: %s", b->len ? " / " : "", mm_t(r, "history.col.user"),
			      f->login_id);
	if (f->user_id)
		mm_buf_printf(b, "%s%s: %s", b->len ? " / " : "", mm_t(r, "history.col.user"),
			      r->user.login_id);
}

static int export_run(struct mm_req *r, const struct hx_format *fmt,
		      const struct history_filter *f, long long total, time_t deadline)
{
	char generated[MM_TIME_LEN];
	struct mm_buf tenant = { 0 }, period = { 0 }, filter = { 0 }, time_head = { 0 };
	const char *zone = mm_time_zone(r);
	/* the times are the viewer's local ones (§0): the file says in which zone */
	mm_buf_printf(&time_head, "%s (%s)", mm_t(r, "history.col.time"), zone);
	mm_buf_printf(&tenant, "%s %s", r->user.customer_no, r->user.tenant_name);
	const char *from = mm_param(r, "from"), *to = mm_param(r, "to");
	if (from || to)
		mm_buf_printf(&period, "%s – %s", from ? from : "", to ? to : "");
	else
		mm_buf_puts(&period, mm_t(r, "history.period_all"));
	filter_words(r, f, &filter);
	const char *event_names[64];
	size_t nnames = 0;
	for (size_t i = 0; history_known_events[i] && nnames + 1 < sizeof event_names / sizeof *event_names; i++)
		event_names[nnames++] = history_event_name(r, history_known_events[i]);
	event_names[nnames] = NULL;
	const struct hx_meta meta = {
		.lang = r->lang, .title = mm_t(r, "history.title"),
		.tenant = mm_buf_str(&tenant), .period = mm_buf_str(&period),
		.filter = mm_buf_str(&filter), .generated_at = mm_time_local(r, r->now, generated),
		.zone = zone,
		.headers = { mm_buf_str(&time_head), mm_t(r, "history.col.event"),
			     mm_t(r, "history.col.user"), mm_t(r, "history.col.ip"),
			     mm_t(r, "history.col.user_agent") },
		.event_names = event_names,
		.total_rows = total,
	};
	struct export *x = calloc(1, sizeof *x);
	if (!x)
		return MM_DB_ERR;
	x->r = r;
	x->fmt = fmt;
	x->meta = &meta;
	x->zone = zone;
	x->deadline = deadline;
	mm_header(r, "Content-Type", fmt->content_type);
	disposition(r, fmt);
	int rc = history_db_stream(f, on_row, x);
	if (rc == 0 && !x->failed && begin(x) == 0) {
		if (x->fmt->end(x->state) < 0)	/* end() frees, even when it fails */
			x->failed = 1;
		/* the file's last bytes leave within its time, while the slot
		 * is held: what is left after it is the closing records */
		else if (r->streamed && r->fcgx &&
			 (time_left(x) < 0 || FCGX_FFlush(r->fcgx->out) < 0))
			x->failed = 1;
	} else if (x->begun) {
		fmt->abort(x->state);
	}
	int streamed = r->streamed;
	long long rows = x->rows;
	int failed = x->failed, late = x->late;
	free(x);
	mm_buf_free(&tenant);
	mm_buf_free(&period);
	mm_buf_free(&filter);
	mm_buf_free(&time_head);
	if (failed || (rc < 0 && streamed)) {
		/* the client went away, or read too slowly to be done in
		 * time, or the database went away mid-way */
		mm_log_warn("history export stopped after %lld rows%s", rows,
			    late ? " (its time was up)" : "");
		if (streamed)
			mm_stream_fail(r);
		return 0;
	}
	if (rc < 0)
		return rc;	/* nothing sent yet: an error page */
	mm_log_info("history export: %lld rows (%s)", rows, fmt->ext);
	return 0;
}

long history_export_seconds(void)
{
	/* a test stack shortens it to try a client that stops reading */
	return mm_cfg_int_range("History.ExportSeconds", HISTORY_EXPORT_SECONDS, 1,
				HISTORY_EXPORT_SECONDS);
}

long long history_export_row_limit(const struct hx_format *fmt)
{
	if (!fmt->max_rows)
		return 0;
	/* a test stack lowers Excel's limit to try it without a million rows */
	long long lower = mm_cfg_int("History.XlsxMaxRows", fmt->max_rows);
	return lower >= 1 && lower < fmt->max_rows ? lower : fmt->max_rows;
}

/* Claims a slot, runs the export, frees the slot. */
static int export_in_slot(struct mm_req *r, const struct hx_format *fmt,
			  const struct history_filter *f)
{
	long long total = -1;
	int rc = fmt->no_total ? 0 : history_db_count(f, &total);
	if (rc < 0)
		return rc;
	/* more rows than the file can hold: refused before a slot is taken
	 * or a byte sent, with what the reader can do instead */
	long long limit = history_export_row_limit(fmt);
	if (limit && total > limit)
		return history_page_error(r, "history.err.too_many_rows");
	unsigned char holder[16];
	if (mm_random_bytes(holder, sizeof holder) < 0)
		return 503;
	int slot = 0;
	long cap = mm_cfg_int("History.ExportSlots", 2);
	long per_tenant = mm_cfg_int("History.ExportsPerTenant", 1);
	cap = cap < 1 ? 1 : cap > 8 ? 8 : cap;	/* sql/012 made 8 slots */
	rc = history_db_slot_claim(r->user.tenant_id, (int)cap, per_tenant < 1 ? 1 : (int)per_tenant,
				   r->now, r->now + HISTORY_EXPORT_SECONDS + 60, holder, &slot);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return mm_error_page(r, 503, "history.err.busy");
	/* the export's time begins with its slot's lease, and ends before it */
	rc = export_run(r, fmt, f, total, monotonic_now() + history_export_seconds());
	if (history_db_slot_release(slot, holder) < 0)	/* the lease ends it anyway */
		mm_log_warn("history export slot %d not released", slot);
	if (rc == 0 && r->streamed)
		mm_event(r, "history.export", &r->user, NULL);
	return rc;
}

int history_export(struct mm_req *r, const struct hx_format *fmt)
{
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0)
		return 404;
	struct history_filter f;
	const char *bad = history_filter_of(r, &f);
	if (bad)
		return history_page_error(r, bad);
	/* a count or a sort over a large tenant may keep the server busy
	 * longer than a page's read timeout before the first answer */
	mm_db_long_reads(HISTORY_EXPORT_SECONDS + 5);
	int rc = export_in_slot(r, fmt, &f);
	mm_db_long_reads(0);
	return rc;
}
