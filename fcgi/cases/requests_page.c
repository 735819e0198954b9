/* Pieces the work request pages share: the points of the current period,
 * a request with its values and files for a page, its text for mails and
 * for the case an acceptance opens, and the mail to the requester. */
#include "requests.h"
#include "cases.h"
#include "cases_attach.h"
#include "mm_template.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rq_fill_points(struct mm_req *r, long long tenant_id, long long *remaining)
{
	char today[11];
	struct rq_period p = { 0 };
	rq_today(r->now, today);
	int rc = rq_db_current_period(tenant_id, today, &p);
	if (rc < 0)
		return rc;
	long long left = p.contracted + p.credited - p.consumed;
	*remaining = rc > 0 && left > 0 ? left : 0;
	mm_set(r, "Points.Has", rc > 0 ? "1" : "0");
	/* contracted and credited apart, as the points page names them
	 * (PTS-1): 契約ポイント合計 is the contracted points alone */
	mm_set_int(r, "Points.Contracted", p.contracted);
	mm_set_int(r, "Points.Credited", p.credited);
	mm_set_int(r, "Points.Consumed", p.consumed);
	mm_set_int(r, "Points.Remaining", *remaining);
	return rc > 0;
}

int rq_request_no_ok(const char *s)
{
	return s && strlen(s) == 9 && s[0] == 'W' && s[1] == 'R' && strspn(s + 2, "0123456789") == 7;
}

const char *rq_v_code(const struct mm_input *in, const char *v)
{
	return rq_name_ok(v) ? NULL : "requests.err.code";
}

const char *rq_v_int(const struct mm_input *in, const char *v)
{
	size_t n = strlen(v);
	const char *p = v[0] == '-' ? v + 1 : v;
	return n > 0 && n <= 16 && *p && strspn(p, "0123456789") == strlen(p) ? NULL : "err.format";
}

struct fill_ctx {
	struct mm_req *r;
	const char *lang;	/* whose labels */
	const char *prefix;	/* HDF node */
	const char *url_prefix;
	const char *request_no;
	int n;
};

static int fill_value(const struct rq_value *v, void *p)
{
	struct fill_ctx *c = p;
	int en = strcmp(c->lang, "en") == 0;
	char path[64];
	int i = c->n++;
#define SETV(field, val) (snprintf(path, sizeof path, "%s.%d." field, c->prefix, i), \
			  mm_set(c->r, path, val))
	SETV("Name", v->name);
	SETV("Kind", v->kind);
	SETV("Label", en ? v->label_en : v->label_ja);
	SETV("Shown", en ? v->shown_en : v->shown_ja);
#undef SETV
	return 0;
}

static int fill_file(const struct rq_file *f, void *p)
{
	struct fill_ctx *c = p;
	char path[64], size[32], num[MM_PUBID_CHARS];
	if (mm_pubid_encode(MM_PUBID_ATTACHMENT, f->id, num) < 0)
		return MM_DB_ERR;
	int i = c->n++;
#define FIELD(name) (snprintf(path, sizeof path, "Files.%d." name, i), path)
	mm_set(c->r, FIELD("id"), num);
	mm_set(c->r, FIELD("name"), f->file_name);
	mm_set_int(c->r, FIELD("size"), f->size);
	cases_size_text(f->size, size);
	mm_set(c->r, FIELD("size_text"), size);
	mm_set(c->r, FIELD("uploader"), f->uploader);
	mm_time_set(c->r, FIELD("time"), f->created_at);
	mm_setf(c->r, FIELD("url"), "%s/%s/attachments/%s", c->url_prefix, c->request_no, num);
	mm_set(c->r, FIELD("internal"), "0");
#undef FIELD
	return 0;
}

int rq_fill_request(struct mm_req *r, const struct rq_request *q, const char *url_prefix)
{
	int en = strcmp(r->lang, "en") == 0;
	mm_set(r, "Request.No", q->request_no);
	mm_set(r, "Request.State", q->state);
	mm_set(r, "Request.ItemCode", q->item_code);
	mm_set(r, "Request.Item", en ? q->item_name_en : q->item_name_ja);
	mm_set_int(r, "Request.Cost", q->cost);
	mm_set(r, "Request.Reason", q->reason);
	mm_set(r, "Request.CustomerNo", q->customer_no);
	mm_set(r, "Request.TenantName", q->tenant_name);
	mm_set(r, "Request.Requester", q->requester_name);
	mm_set(r, "Request.Decider", q->decider_name);
	mm_set(r, "Request.CaseNo", q->case_no);
	mm_time_set(r, "Request.CreatedAt", q->created_at);
	mm_time_set(r, "Request.DecidedAt", q->decided_at);
	struct fill_ctx c = { r, r->lang, "Values", url_prefix, q->request_no, 0 };
	int rc = rq_db_values(q->id, fill_value, &c);
	if (rc < 0)
		return rc;
	c.n = 0;
	return rq_db_files(q->id, fill_file, &c);
}

/* Mail.* of the request with its values in lang. 0 or < 0. */
static int fill_mail(struct mm_req *r, const struct rq_request *q, const char *lang)
{
	int en = strcmp(lang, "en") == 0;
	mm_set(r, "Mail.RequestNo", q->request_no);
	mm_set(r, "Mail.Item", en ? q->item_name_en : q->item_name_ja);
	mm_set_int(r, "Mail.Cost", q->cost);
	mm_set(r, "Mail.Reason", q->reason);
	mm_set(r, "Mail.CaseNo", q->case_no);
	mm_set(r, "Mail.CustomerNo", q->customer_no);
	mm_set(r, "Mail.TenantName", q->tenant_name);
	struct fill_ctx c = { r, lang, "Mail.Values", "", q->request_no, 0 };
	return rq_db_values(q->id, fill_value, &c);
}

int rq_render_text(struct mm_req *r, const struct rq_request *q, const char *lang,
		   const char *name, struct mm_buf *out)
{
	int rc = fill_mail(r, q, lang);
	if (rc < 0)
		return rc;
	mm_fill_common(r);
	return mm_tmpl_render(r->hdf, lang, name, out) < 0 ? MM_DB_ERR : 0;
}

int rq_notify_requester(struct mm_req *r, const struct rq_request *q, const char *event)
{
	char email[255 * 4] = "", lang[3] = "ja";
	int rc = cases_db_user_mail(q->requester_id, email, lang);
	if (rc <= 0 || !email[0])
		return rc < 0 ? rc : 0;
	/* what the mail lists is written in the requester's language */
	if ((rc = fill_mail(r, q, lang)) < 0)
		return rc;
	mm_set(r, "Mail.Event", event);
	mm_setf(r, "Mail.Url", "%s/cases/requests/%s", mm_cfg_str("Site.BaseURL", ""),
		q->request_no);
	mm_setf(r, "Mail.CaseUrl", "%s/cases/%s", mm_cfg_str("Site.BaseURL", ""), q->case_no);
	return mm_mail_queue(r, email, lang, "request_to_customer");
}

int rq_notify_provider(struct mm_req *r, const struct rq_request *q)
{
	const char *team = mm_cfg_str("Cases.TeamAddress", "");
	if (!team || !*team)
		return 0;
	int rc = fill_mail(r, q, "ja");
	if (rc < 0)
		return rc;
	mm_setf(r, "Mail.Url", "%s/staff/cases/requests/%s", mm_cfg_str("Site.BaseURL", ""),
		q->request_no);
	return mm_mail_queue(r, team, "ja", "request_to_provider");
}

int rq_fill_row(const struct rq_request *q, void *rows)
{
	struct rq_rows *c = rows;
	char path[48];
	int i = c->n++, en = strcmp(c->r->lang, "en") == 0;
#define SETR(field, v) (snprintf(path, sizeof path, "Requests.%d." field, i), mm_set(c->r, path, v))
	SETR("No", q->request_no);
	SETR("Item", en ? q->item_name_en : q->item_name_ja);
	SETR("State", q->state);
	SETR("CaseNo", q->case_no);
	SETR("Reason", q->reason);
	SETR("Requester", q->requester_name);
	SETR("CustomerNo", q->customer_no);
	SETR("TenantName", q->tenant_name);
#undef SETR
	snprintf(path, sizeof path, "Requests.%d.Cost", i);
	mm_set_int(c->r, path, q->cost);
	snprintf(path, sizeof path, "Requests.%d.CreatedAt", i);
	mm_time_set(c->r, path, q->created_at);
	return 0;
}

int rq_fill_list(struct mm_req *r, long long tenant_id, const char *state, int oldest_pending)
{
	long long total = 0;
	int rc = rq_db_count_requests(tenant_id, state, &total);
	if (rc < 0)
		return rc;
	struct mm_page pg = mm_page_of(r, total, RQ_PAGE_SIZE);
	long long page = pg.page, pages = pg.pages, offset = pg.offset;
	struct rq_rows c = { r, 0 };
	if (total > 0 && (rc = rq_db_requests(tenant_id, state, oldest_pending, offset, rq_fill_row,
					      &c)) < 0)
		return rc;
	/* rows written since the count: the count line never says fewer than
	 * the page shows */
	if (offset + c.n > total)
		total = offset + c.n;
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", c.n ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + c.n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	return 0;
}
