/* The chat side of the scheduler's jobs (ACC-4, seed 004): the message
 * about an important-alert batch (通知①), the biweekly detection report
 * (通知②) and the mail to a tenant's admins when a linkage keeps failing. */
#include "alertmail.h"
#include "scheduler.h"
#include "chat_db.h"
#include "mm_template.h"
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *lang_of(const struct chat_linkage *l)
{
	return mm_lang_supported(l->lang) ? mm_lang_supported(l->lang) : "ja";
}

static void set_linkage(HDF *hdf, const struct chat_linkage *l)
{
	hdf_set_value(hdf, "Chat.Company", l->company_name);
	hdf_set_value(hdf, "Chat.Organization", l->org_label);
	hdf_set_value(hdf, "Chat.BaseURL", mm_cfg_str("Site.BaseURL", ""));
}

/* Renders chat/<name>.cs (it sets Chat.Title) and queues the message. */
static int render_queue(HDF *hdf, const struct chat_linkage *l, const char *kind,
			const char *name, const char *link, const char *extra, time_t now)
{
	char path[64];
	snprintf(path, sizeof path, "chat/%s.cs", name);
	struct mm_buf text = { 0 };
	hdf_set_value(hdf, "Chat.Title", "");
	int rc = mm_tmpl_render(hdf, lang_of(l), path, &text);
	if (rc == 0) {
		struct chat_message m = {
			.kind = kind, .company_name = l->company_name, .customer_id = l->customer_uuid,
			.organization = l->org_label, .title = hdf_get_value(hdf, "Chat.Title", ""),
			.text = mm_buf_str(&text), .link = link, .at = now,
		};
		rc = chat_queue(l, &m, extra, now);
	} else {
		rc = MM_DB_ERR;
	}
	mm_buf_free(&text);
	return rc;
}

/* --- 通知①: the important alerts of a batch ----------------------------- */

struct alert_ctx {
	const struct am_alert *a;
	long long others;
	time_t now;
	int queued;
};

static int alert_one(const struct chat_linkage *l, void *ctx)
{
	struct alert_ctx *c = ctx;
	const struct am_alert *a = c->a;
	HDF *hdf = NULL;
	if (hdf_init(&hdf) != STATUS_OK)
		return MM_DB_ERR;
	char when[MM_TIME_LEN], link[600];
	set_linkage(hdf, l);
	sc_set_int(hdf, "Chat.Severity", a->severity);
	hdf_set_value(hdf, "Chat.Category", a->category);
	hdf_set_value(hdf, "Chat.DetectedAt", mm_time_format(l->time_zone, a->detected_at, when));
	hdf_set_value(hdf, "Chat.Zone", l->time_zone);
	hdf_set_value(hdf, "Chat.Device", a->device_name[0] ? a->device_name : a->mac);
	hdf_set_value(hdf, "Chat.Source", a->source);
	hdf_set_value(hdf, "Chat.Destination", a->destination);
	hdf_set_value(hdf, "Chat.Blocked", strcmp(a->status, "blocked") == 0 ? "1" : "0");
	hdf_set_value(hdf, "Chat.Quarantined", strcmp(a->status, "quarantined") == 0 ? "1" : "0");
	sc_set_int(hdf, "Chat.Others", c->others);
	char num[MM_PUBID_CHARS];
	if (mm_pubid_encode(MM_PUBID_ALERT, a->id, num) < 0) {
		hdf_destroy(&hdf);
		return MM_DB_ERR;
	}
	snprintf(link, sizeof link, "%s/dashboard/alerts/%s", mm_cfg_str("Site.BaseURL", ""), num);
	char extra[160];
	snprintf(extra, sizeof extra, "{\"alert_id\":%s,\"severity\":%d,\"others\":%lld}", num,
		 a->severity, c->others);
	int rc = render_queue(hdf, l, "alert", "alert", link, extra, c->now);
	hdf_destroy(&hdf);
	if (rc == 0)
		c->queued++;
	return rc;
}

int chat_queue_alert(long long tenant_id, const struct am_alert *a, long long others, time_t now)
{
	struct alert_ctx c = { a, others, now, 0 };
	int rc = chat_db_each_enabled(tenant_id, alert_one, &c);
	return rc < 0 ? rc : c.queued;
}

/* --- 通知②: the biweekly report ----------------------------------------- */

struct report_tx {
	const struct chat_linkage *l;
	time_t slot, now;
	int queued;
};

static int report_tx(void *ctx)
{
	struct report_tx *t = ctx;
	const struct chat_linkage *l = t->l;
	int rc = chat_db_report_take(l->id, l->tenant_id, t->slot, t->now);
	if (rc <= 0)
		return rc;
	/* the fortnight that ended at the slot: the 14 local days before it */
	time_t from = t->slot - CHAT_SLOT_DAYS * 86400L;
	char from_day[MM_TIME_LEN], to_day[MM_TIME_LEN];
	mm_time_format(l->time_zone, from, from_day);
	mm_time_format(l->time_zone, t->slot - 86400L, to_day);
	from_day[10] = to_day[10] = '\0';
	struct chat_report rep;
	if ((rc = chat_report_db_summary(l->tenant_id, from_day, to_day, &rep)) < 0)
		return rc;
	HDF *hdf = NULL;
	if (hdf_init(&hdf) != STATUS_OK)
		return MM_DB_ERR;
	set_linkage(hdf, l);
	hdf_set_value(hdf, "Chat.From", from_day);
	hdf_set_value(hdf, "Chat.To", to_day);
	sc_set_int(hdf, "Chat.Total", rep.total);
	for (int s = 1; s <= 3; s++) {
		char key[32];
		snprintf(key, sizeof key, "Chat.Severity.%d", s);
		sc_set_int(hdf, key, rep.by_severity[s]);
	}
	struct mm_buf extra = { 0 };
	mm_buf_printf(&extra, "{\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"total\":%lld,"
		      "\"by_severity\":{\"1\":%lld,\"2\":%lld,\"3\":%lld},\"by_category\":",
		      from_day, to_day, rep.total, rep.by_severity[1], rep.by_severity[2],
		      rep.by_severity[3]);
	for (int i = 0; i < rep.ncategories; i++) {
		char key[48];
		snprintf(key, sizeof key, "Chat.Categories.%d.Name", i);
		hdf_set_value(hdf, key, rep.categories[i].name);
		snprintf(key, sizeof key, "Chat.Categories.%d.Count", i);
		sc_set_int(hdf, key, rep.categories[i].count);
	}
	for (int i = 0; i < rep.ntop; i++) {
		char key[48];
		snprintf(key, sizeof key, "Chat.Top.%d.Category", i);
		hdf_set_value(hdf, key, rep.top[i].category);
		snprintf(key, sizeof key, "Chat.Top.%d.Severity", i);
		sc_set_int(hdf, key, rep.top[i].severity);
		snprintf(key, sizeof key, "Chat.Top.%d.Count", i);
		sc_set_int(hdf, key, rep.top[i].count);
	}
	char *cats = chat_report_categories_json(&rep);
	char link[600];
	/* the report page's own query for a range of days (report.c) */
	snprintf(link, sizeof link, "%s/dashboard/report?period=range&from=%s&to=%s",
		 mm_cfg_str("Site.BaseURL", ""), from_day, to_day);
	if (!cats) {
		rc = MM_DB_ERR;
	} else {
		mm_buf_printf(&extra, "%s}", cats);
		hdf_set_value(hdf, "Chat.Link", link);
		rc = render_queue(hdf, l, "report", "report", link, mm_buf_str(&extra), t->now);
	}
	free(cats);
	mm_buf_free(&extra);
	hdf_destroy(&hdf);
	if (rc == 0)
		t->queued = 1;
	return rc;
}

struct report_pass {
	time_t now;
	int (*stop)(void);
	long long queued;
	int errors;
};

/* The last slot at or before now; a linkage made after it waits for the
 * next one (a report of a fortnight before it existed would surprise). */
static int report_one(const struct chat_linkage *l, void *ctx)
{
	struct report_pass *p = ctx;
	if (p->stop())
		return 1;
	time_t slot = chat_slot_prev(l->time_zone, p->now);
	if (slot == 0 || slot < l->created_at)
		return 0;
	struct report_tx t = { l, slot, p->now, 0 };
	int rc = mm_db_transaction(report_tx, &t);
	if (rc < 0) {
		mm_log_warn("chat linkage %lld: report not queued (%d); retried later", l->id, rc);
		p->errors++;
		return rc == MM_DB_DOWN ? rc : 0;
	}
	if (t.queued) {
		char when[MM_TIME_LEN];
		mm_log_info("chat linkage %lld: biweekly report of the slot %s UTC queued", l->id,
			    mm_time_format("UTC", slot, when));
		p->queued++;
	}
	return 0;
}

long long chat_report_run(struct sc_run *r)
{
	struct report_pass p = { r->now, r->stop, 0, 0 };
	int rc = chat_db_each_enabled(0, report_one, &p);
	if (rc < 0)
		return rc;
	/* a report that failed is looked at again on the next run */
	return p.errors ? MM_DB_ERR : p.queued;
}

/* --- a linkage that keeps failing: its admins are mailed once --------------- */

struct failing_tx {
	long long id;
	int mailed;
	struct chat_linkage l;
};

static int failing_mail(const char *email, const char *lang, const char *zone, void *ctx)
{
	struct failing_tx *t = ctx;
	(void)zone;
	HDF *hdf = sc_mail_new();
	if (!hdf)
		return MM_DB_ERR;
	hdf_set_value(hdf, "Mail.Company", t->l.company_name);
	hdf_set_value(hdf, "Mail.Organization", t->l.org_label);
	hdf_set_value(hdf, "Mail.Url", t->l.url_masked);
	hdf_set_value(hdf, "Mail.Error", t->l.last_error);
	sc_set_int(hdf, "Mail.Failures", t->l.failures);
	int rc = sc_mail_queue(hdf, lang, "mail/chat_failing.cs", email);
	if (rc == 0)
		t->mailed++;
	return rc;
}

static int failing_tx(void *ctx)
{
	struct failing_tx *t = ctx;
	t->mailed = 0;
	int rc = chat_db_failing_take(t->id, &t->l);
	if (rc <= 0)
		return rc;
	return chat_db_admins(t->l.tenant_id, failing_mail, t);
}

long long chat_failing_run(struct sc_run *r)
{
	long long ids[50];
	int n = chat_db_failing_pending(ids, 50);
	long long mailed = 0;
	for (int i = 0; i < n && !r->stop(); i++) {
		struct failing_tx t = { .id = ids[i] };
		int rc = mm_db_transaction(failing_tx, &t);
		if (rc < 0)
			return rc;
		if (t.mailed) {
			mm_log_info("chat linkage %lld is failing: %d admins mailed", ids[i], t.mailed);
			mailed++;
		}
	}
	return n < 0 ? n : mailed;
}
