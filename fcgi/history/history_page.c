/* The login history page (HIST-1, seed 002 §4.11.1): a customer admin sees
 * every user of the tenant, a customer user their own events; filters by
 * event, user and period, sort by time, event or user both ways, paging.
 * The whole state is in the query string (bookmarkable, no JavaScript); the
 * ≡ menu offers the exports of exactly that state. */
#include "history.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The events the filter offers, in the order of the list: every code a
 * tenant's history can hold (tools/eventcheck.py, run by make check, holds
 * this list, the calls of mm_event and the names of history.ev.* in step);
 * a code without a name would be shown as the code itself. */
const char *const history_known_events[] = {
	"login.ok", "login.failed", "login.locked", "login.lockout", "login.disabled",
	"login.temp_expired", "logout", "mfa.ok", "mfa.failed", "mfa.code_sent",
	"mfa.code_limited", "mfa.locked", "mfa.enrol", "mfa.enrol_failed", "mfa.remove",
	"stepup.ok", "stepup.failed", "password.change", "password.change_failed",
	"password.reset", "password.reset_requested", "password.reset_failed",
	"password.reset_paused", "password.reset_limited",
	"userid.change", "user.create", "user.profile_change", "user.role_change",
	"user.enable", "user.disable", "user.welcome_resent", "admin.user_create",
	"admin.userid_change", "admin.user_role_change", "admin.user_profile_change",
	"admin.user_enable", "admin.user_disable", "admin.user_welcome_resent", "profile.change",
	"email.change_requested", "email.change", "dashboard.view", "report.view",
	"case.view", "history.view", "history.export", NULL
};

static const char *const sort_names[HISTORY_NSORT] = {
	[HISTORY_SORT_TIME] = "time", [HISTORY_SORT_EVENT] = "event", [HISTORY_SORT_USER] = "user",
};

static const char *v_sort(const struct mm_input *in, const char *v)
{
	return mm_name_index(sort_names, HISTORY_NSORT, v) >= 0 ? NULL : "history.err.sort";
}

static const char *v_dir(const struct mm_input *in, const char *v)
{
	return mm_v_dir(in, v) ? "history.err.sort" : NULL;
}

/* an event code as mm_event writes them: lower-case words and dots */
static const char *v_event(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '.' || *p == '_'))
			return "history.err.event";
	return NULL;
}

static const char *v_date(const struct mm_input *in, const char *v)
{
	int y = atoi(v);
	if (!mm_time_local_date("UTC", v) || y < 2000 || y > 2099)
		return "history.err.date";
	return NULL;
}

static const char *v_page(const struct mm_input *in, const char *v)
{
	return mm_v_digits(in, v) || atol(v) < 1 ? "history.err.page" : NULL;
}

const struct mm_input history_inputs[] = {
	{ "event", v_event, 0, 0, 40 },
	{ "user", mm_v_line, 0, 0, 40 },
	{ "from", v_date, 0, 0, 10 },
	{ "to", v_date, 0, 0, 10 },
	{ "sort", v_sort, 0, 0, 5 },
	{ "dir", v_dir, 0, 0, 4 },
	{ "page", v_page, 0, 1, 7 },
	MM_INPUT_END
};

const char *history_event_name(struct mm_req *r, const char *code)
{
	char key[64];
	if (snprintf(key, sizeof key, "history.ev.%s", code) >= (int)sizeof key)
		return code;
	const char *name = mm_t(r, key);
	return strcmp(name, key) == 0 ? code : name;
}

const char *history_filter_of(struct mm_req *r, struct history_filter *f)
{
	memset(f, 0, sizeof *f);
	if (r->invalid) {
		/* the first wrong input names the message */
		for (int i = 0; history_inputs[i].name; i++)
			if (r->in_errs[i])
				return r->in_errs[i];
		return "history.err.filter";
	}
	f->tenant_id = r->user.tenant_id;
	/* a customer user reads their own events only, whatever was asked */
	int admin = r->user.role == MM_ROLE_CUSTOMER_ADMIN;
	f->user_id = admin ? 0 : r->user.id;
	f->event = mm_param(r, "event") ? mm_param(r, "event") : "";
	f->login_id = admin && mm_param(r, "user") ? mm_param(r, "user") : "";
	const char *zone = mm_time_zone(r);
	if (mm_param(r, "from"))
		f->from = mm_time_local_date(zone, mm_param(r, "from"));
	if (mm_param(r, "to")) {
		time_t to = mm_time_local_date(zone, mm_param(r, "to"));
		f->before = to ? to + 24 * 3600 : 0;
	}
	if (f->from && f->before && f->before <= f->from)
		return "history.err.period_order";
	if (f->from && f->before && f->before - f->from > (time_t)HISTORY_MAX_DAYS * 24 * 3600)
		return "history.err.period_long";
	int sort = mm_name_index(sort_names, HISTORY_NSORT, mm_param(r, "sort"));
	f->sort = sort >= 0 ? sort : HISTORY_SORT_TIME;
	const char *dir = mm_param(r, "dir");
	f->desc = dir ? strcmp(dir, "desc") == 0 : f->sort == HISTORY_SORT_TIME;
	return NULL;
}

/* The filter part of the query string (no sort, dir, page), for the sort
 * links and the pager; with sort and dir for the export links. */
static void fill_query(struct mm_req *r, const struct history_filter *f)
{
	static const char *const params[] = { "event", "user", "from", "to", NULL };
	struct mm_buf qs = { 0 };
	int admin = r->user.role == MM_ROLE_CUSTOMER_ADMIN;
	for (const char *const *p = params; *p; p++) {
		const char *v = mm_param(r, *p);
		if (!v || !*v || (!admin && strcmp(*p, "user") == 0))
			continue;
		mm_buf_puts(&qs, qs.len ? "&" : "");
		mm_buf_puts(&qs, *p);
		mm_buf_puts(&qs, "=");
		mm_url_encode(&qs, v);
	}
	mm_set(r, "List.Filter", mm_buf_str(&qs));
	mm_buf_printf(&qs, "%ssort=%s&dir=%s", qs.len ? "&" : "", sort_names[f->sort],
		      f->desc ? "desc" : "asc");
	mm_set(r, "List.State", mm_buf_str(&qs));
	mm_buf_free(&qs);
	mm_set(r, "List.Sort", sort_names[f->sort]);
	mm_set(r, "List.Dir", f->desc ? "desc" : "asc");
}

static void fill_events(struct mm_req *r)
{
	char path[48];
	for (int i = 0; history_known_events[i]; i++) {
		snprintf(path, sizeof path, "History.Events.%d.Code", i);
		mm_set(r, path, history_known_events[i]);
		snprintf(path, sizeof path, "History.Events.%d.Name", i);
		mm_set(r, path, history_event_name(r, history_known_events[i]));
	}
}

extern const struct hx_format *const history_formats[];

static void fill_common(struct mm_req *r)
{
	mm_fill_common(r);
	mm_set(r, "History.IsAdmin", r->user.role == MM_ROLE_CUSTOMER_ADMIN ? "1" : "0");
	mm_set(r, "History.Zone", mm_time_zone(r));	/* as the exports name it */
	fill_events(r);
	char path[48], key[48];
	for (int i = 0; history_formats[i]; i++) {
		snprintf(path, sizeof path, "History.Formats.%d.Ext", i);
		mm_set(r, path, history_formats[i]->ext);
		snprintf(path, sizeof path, "History.Formats.%d.Name", i);
		snprintf(key, sizeof key, "history.format.%s", history_formats[i]->ext);
		mm_set(r, path, mm_t(r, key));
	}
}

int history_page_error(struct mm_req *r, const char *message_key)
{
	fill_common(r);
	mm_set(r, "Message.Error", mm_t(r, message_key));
	mm_set(r, "List.Total", "0");
	return mm_render(r, 400, "history/list.cs");
}

static void fill_rows(struct mm_req *r, const struct history_row *rows, int n)
{
	char path[48];
	char at[MM_TIME_LEN];
	for (int i = 0; i < n; i++) {
		const struct history_row *h = &rows[i];
#define SET(field, value) do { snprintf(path, sizeof path, "History.Rows.%d." field, i); \
		mm_set(r, path, value); } while (0)
		SET("At", mm_time_local(r, h->at, at));
		SET("Event", history_event_name(r, h->event));
		SET("EventCode", h->event);
		SET("LoginId", h->login_id);
		SET("Ip", h->ip);
		SET("UserAgent", h->user_agent);
#undef SET
	}
}

int history_page(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0)
		return 404;	/* the history is a tenant's: staff have none here */
	struct history_filter f;
	const char *bad = history_filter_of(r, &f);
	if (bad)
		return history_page_error(r, bad);
	long long page = mm_param(r, "page") ? strtoll(mm_param(r, "page"), NULL, 10) : 1;
	long long last_page = HISTORY_DEPTH_MAX / HISTORY_PAGE_SIZE;
	page = page < 1 ? 1 : page > last_page ? last_page : page;
	/* the count goes a few pages past this one, never to the end of a
	 * tenant of years of events: its cost follows the page's depth, not
	 * the tenant's size */
	long long window = (page + HISTORY_COUNT_AHEAD_PAGES) * HISTORY_PAGE_SIZE;
	window = window > HISTORY_DEPTH_MAX ? HISTORY_DEPTH_MAX : window;
	long long total = 0;
	int rc = history_db_count_upto(&f, window + 1, &total);
	if (rc < 0)
		return rc;
	int capped = total > window;
	total = capped ? window : total;
	long long pages = total ? (total + HISTORY_PAGE_SIZE - 1) / HISTORY_PAGE_SIZE : 1;
	page = page > pages ? pages : page;
	long long offset = (page - 1) * HISTORY_PAGE_SIZE;
	struct history_row *rows = calloc(HISTORY_PAGE_SIZE, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = total ? history_db_page(&f, offset, rows) : 0;
	if (n < 0) {
		free(rows);
		return n;
	}
	fill_common(r);
	fill_rows(r, rows, n);
	free(rows);
	fill_query(r, &f);
	mm_set_int(r, "List.Total", total);
	mm_set(r, "List.Capped", capped ? "1" : "0");
	mm_set_int(r, "List.From", total ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	mm_event_after(r, "history.view");
	return mm_render(r, 200, "history/list.cs");
}
