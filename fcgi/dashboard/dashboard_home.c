/* GET /: who is logged in and for which customer, the security status and
 * the announcements. One statement in the usual case: the session's, with
 * the kept status and the reader's dismissed announcements (the list of
 * announcements is kept per process, dashboard_notices.c). */
#include "dashboard.h"
#include "dashboard_alerts.h"
#include "mm_session.h"
#include <stdio.h>
#include <string.h>

/* What the session's statement brought for this page: one request at a
 * time per process, and r->session_joined says it is this request's. */
static struct {
	struct dash_dismissed_ask ask;
	int ask_on;
	struct dash_status_read status;
} joined;

static int home_session_query(struct mm_req *r, const unsigned char *token_hash, size_t len,
			      struct mm_res *res)
{
	memset(&joined, 0, sizeof joined);
	int rc = dashboard_notices_prepare(r, &joined.ask, &joined.ask_on);
	if (rc < 0)
		return rc;
	return dash_db_home_session(joined.ask_on ? &joined.ask : NULL, token_hash, len, res);
}

static void home_session_row(struct mm_req *r, const struct mm_res *res)
{
	dash_status_read_row(res, MM_SESSION_NCOLS, joined.ask_on, &joined.status);
	joined.ask.user_id = r->user.id;
}

const struct mm_session_join dashboard_home_join = { "/", home_session_query, home_session_row };

int dashboard_home(struct mm_req *r)
{
	if (r->user.tenant_id) {
		mm_set(r, "Tenant.CustomerNo", r->user.customer_no);
		mm_set(r, "Tenant.Name", r->user.tenant_name);
	}
	char key[48];
	snprintf(key, sizeof key, "role.%s", mm_role_name(r->user.role));
	mm_set(r, "User.RoleLabel", mm_t(r, key));
	struct dash_dismissed_ask own_ask = { 0 }, *ask = &own_ask;
	struct mm_buf dismissed = { 0 };
	int ask_on = 0, have, rc;
	if (r->session_joined) {
		ask = &joined.ask;
		ask_on = joined.ask_on;
		have = ask_on;
		if (ask_on)
			dash_dismissed_ids(ask, joined.status.dismissed, &dismissed);
		rc = dashboard_status_fill_read(r, &joined.status);
	} else {
		rc = dashboard_notices_prepare(r, ask, &ask_on);
		/* provider staff have no status: their dismissals come alone */
		have = ask_on && r->user.tenant_id > 0;
		if (rc == 0)
			rc = dashboard_status_fill(r, ask_on ? ask : NULL, &dismissed);
	}
	if (rc == 0)
		rc = dashboard_notices_fill(r, ask, ask_on, have, &dismissed);
	mm_buf_free(&dismissed);
	if (rc < 0)
		return rc;
	mm_event_after(r, "dashboard.view");
	return mm_render(r, 200, "dashboard/home.cs");
}

int dashboard_redirect_home(struct mm_req *r)
{
	return mm_redirect(r, "/");
}

/* [ダッシュボード]-[ダウンロード] (seed 001 §6, DASH-8): the documents are
 * published and served by the knowledge program with the other staff
 * uploads; the dashboard's address leads there. */
int dashboard_downloads(struct mm_req *r)
{
	return mm_redirect(r, "/knowledge/downloads");
}
