/* The alert-mail job of mimamori-scheduler: important-alert mails (DASH-7,
 * seed 001 §7) and, in the same batch, the chat messages (ACC-4, seed 004
 * 通知①).
 *
 * Each pass looks at the tenants with alerts after their cursor
 * (alert_mail_cursor). For each, in one transaction: the cursor row is
 * locked; when the tenant's last mail is less than AlertMail.WindowSeconds
 * old nothing happens (the alerts wait for the window to end, then go out
 * together); otherwise the new alerts at or above the tenant's threshold
 * (alerts of devices not registered are never counted) become one mail per
 * recipient, about the most severe of them with "他 N 件" for the rest, and
 * one message per enabled chat linkage of the tenant, queued in the outbox;
 * and the cursor moves past every alert looked at. The outbox rows and the
 * cursor commit together, so a crash at any point sends each batch once: a
 * transaction that did not commit left neither. Several schedulers may
 * run: the locked cursor row (or, under Galera, the certification conflict
 * on it) lets one of them handle a tenant's alerts.
 *
 * Alerts are taken only once received AlertMail.SettleSeconds ago, so an
 * ingestion transaction that holds a lower id and commits a moment later is
 * not passed over by the cursor. A pass finds its tenants on received_at
 * (the last RescanSeconds again each time; at start LookbackSeconds) and
 * on the cursors marked waiting for their window, never by visiting every
 * tenant. */
#include "alertmail.h"
#include "scheduler.h"
#include "chat_db.h"
#include "mm_template.h"
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load_config(struct am_config *c)
{
	c->window_s = mm_cfg_int_range("AlertMail.WindowSeconds", 600, 0, 86400);
	c->settle_s = mm_cfg_int_range("AlertMail.SettleSeconds", 2, 0, 3600);
	c->rescan_s = mm_cfg_int_range("AlertMail.RescanSeconds", 120, 0, 86400);
	c->lookback_s = mm_cfg_int_range("AlertMail.LookbackSeconds", 86400, 0, 366 * 86400);
	c->default_threshold = (int)mm_cfg_int_range("AlertMail.DefaultThreshold", 2, 1, 3);
}

/* --- one tenant --------------------------------------------------------- */

struct tenant_tx {
	const struct am_config *cfg;
	long long tenant_id;
	time_t now;
	struct am_alert *alert;
	long long others;
	int threshold;
	struct am_batch batch;
	int mailed;		/* recipients mailed */
	int chats;		/* chat messages queued */
};

static void set_str(HDF *hdf, const char *key, const char *v)
{
	hdf_set_value(hdf, key, v ? v : "");
}

/* One mail in the recipient's language and time zone. */
static int mail_one(const char *email, const char *lang, const char *zone, void *ctx)
{
	struct tenant_tx *t = ctx;
	const struct am_alert *a = t->alert;
	char num[MM_PUBID_CHARS];
	if (mm_pubid_encode(MM_PUBID_ALERT, a->id, num) < 0)
		return MM_DB_ERR;
	HDF *hdf = sc_mail_new();
	if (!hdf)
		return MM_DB_ERR;
	char when[MM_TIME_LEN], device[600];
	if (a->device_name[0] && a->mac[0])
		snprintf(device, sizeof device, "%s (%s)", a->device_name, a->mac);
	else
		snprintf(device, sizeof device, "%s", a->device_name[0] ? a->device_name : a->mac);
	set_str(hdf, "Mail.AlertId", num);
	set_str(hdf, "Mail.DeviceAlertId", a->device_alert_id);
	sc_set_int(hdf, "Mail.Severity", a->severity);
	set_str(hdf, "Mail.Category", a->category);
	set_str(hdf, "Mail.DetectedAt", mm_time_format(zone, a->detected_at, when));
	set_str(hdf, "Mail.Zone", mm_time_zone_name(zone));
	set_str(hdf, "Mail.Device", device);
	set_str(hdf, "Mail.Source", a->source);
	set_str(hdf, "Mail.Destination", a->destination);
	set_str(hdf, "Mail.Url", a->url);
	set_str(hdf, "Mail.Blocked", strcmp(a->status, "blocked") == 0 ? "1" : "0");
	set_str(hdf, "Mail.Quarantined", strcmp(a->status, "quarantined") == 0 ? "1" : "0");
	set_str(hdf, "Mail.Description", mm_buf_str(&t->alert->description));
	set_str(hdf, "Mail.Action", mm_buf_str(&t->alert->action));
	sc_set_int(hdf, "Mail.Others", t->others);
	/* the list of the batch: the tenant's threshold and the recipient's
	 * local days of its detection times */
	char from[MM_TIME_LEN], to[MM_TIME_LEN];
	mm_time_format(zone, t->batch.first_detected, from);
	mm_time_format(zone, t->batch.last_detected, to);
	from[10] = to[10] = '\0';
	char query[160];
	snprintf(query, sizeof query, "from=%s&to=%s%s", from, to,
		 t->threshold >= 3 ? "&severity=high" :
		 t->threshold == 2 ? "&severity=medium_up" : "");
	set_str(hdf, "Mail.ListQuery", query);
	int rc = sc_mail_queue(hdf, lang, "mail/alert_important.cs", email);
	if (rc == 0)
		t->mailed++;
	return rc;
}

static int tenant_tx(void *ctx)
{
	struct tenant_tx *t = ctx;
	const struct am_config *cfg = t->cfg;
	long long cursor = 0, upto = 0;
	time_t last_mail = 0;
	int threshold, chosen;
	t->mailed = 0;
	int rc = am_db_cursor_lock(t->tenant_id, &cursor, &last_mail);
	if (rc < 0)
		return rc;
	if ((rc = am_db_span(t->tenant_id, cursor, t->now - cfg->settle_s, &upto)) < 0)
		return rc;
	if (upto <= cursor)
		return am_db_cursor_advance(t->tenant_id, cursor, 0);
	/* within the window: the alerts wait for its end, remembered so that
	 * the passes after it find the tenant again */
	if (last_mail && t->now < last_mail + cfg->window_s)
		return am_db_cursor_wait(t->tenant_id);
	if ((rc = am_db_settings(t->tenant_id, cfg->default_threshold, &threshold, &chosen)) < 0 ||
	    (rc = am_db_important_count(t->tenant_id, cursor, upto, threshold, 0, &t->batch)) < 0)
		return rc;
	t->threshold = threshold;
	long long important = t->batch.count;
	if (important == 0)
		return am_db_cursor_advance(t->tenant_id, upto, 0);
	if ((rc = am_db_headline(t->tenant_id, cursor, upto, threshold, 0, t->alert)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	t->others = important - 1;
	if ((rc = am_db_recipients(t->tenant_id, chosen, mail_one, t)) < 0)
		return rc;
	/* the chat tells only the threats not resolved (seed 004 通知①): a
	 * batch the UTM blocked or quarantined whole sends no message, and
	 * the message is about the most severe unresolved one */
	t->chats = 0;
	struct am_batch open;
	if ((rc = am_db_important_count(t->tenant_id, cursor, upto, threshold, 1, &open)) < 0)
		return rc;
	long long unresolved = open.count;
	if (unresolved > 0) {
		if ((rc = am_db_headline(t->tenant_id, cursor, upto, threshold, 1, t->alert)) <= 0)
			return rc < 0 ? rc : MM_DB_ERR;
		if ((rc = chat_queue_alert(t->tenant_id, t->alert, unresolved - 1, t->now)) < 0)
			return rc;
		t->chats = rc;
	}
	return am_db_cursor_advance(t->tenant_id, upto, t->now);
}

/* One sweep over the tenants with alerts received since *from (moved on
 * after a complete sweep, keeping RescanSeconds for ingestion
 * transactions that commit late) and the tenants waiting for their window:
 * the number of tenants mailed, or < 0. */
static long long run_pass(const struct am_config *cfg, struct am_alert *alert, time_t *from,
			  time_t now, int (*stop_check)(void))
{
	long long *ids = NULL;
	time_t upto = now - cfg->settle_s;
	int n = am_db_candidates(*from, upto, &ids);
	long long mailed = 0;
	int complete = n >= 0;
	for (int i = 0; i < n; i++) {
		if (stop_check()) {
			complete = 0;
			break;
		}
		struct tenant_tx t = { .cfg = cfg, .tenant_id = ids[i], .now = now, .alert = alert };
		int rc = mm_db_transaction(tenant_tx, &t);
		if (rc < 0) {
			mm_log_warn("tenant %lld: alert mails not queued (%d); retried later",
				    ids[i], rc);
			complete = 0;
			if (rc == MM_DB_DOWN) {
				n = rc;
				break;
			}
			continue;
		}
		if (t.mailed || t.chats) {
			mm_log_info("tenant %lld: important-alert mail to %d recipients, %d chat"
				    " messages (alert %lld, %lld more)", ids[i], t.mailed, t.chats,
				    alert->id, t.others);
			mailed++;
		}
	}
	free(ids);
	if (complete && upto - cfg->rescan_s > *from)
		*from = upto - cfg->rescan_s;
	return n < 0 ? n : mailed;
}

struct am_state {
	struct am_config cfg;
	struct am_alert alert;
	time_t from;
};

int alertmail_init(void **state)
{
	struct am_state *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	load_config(&s->cfg);
	/* alerts received while no scheduler ran are looked at once */
	s->from = mm_clock_now() - s->cfg.lookback_s;
	mm_log_info("alert-mail: window %ld s, settle %ld s, default threshold %d",
		    s->cfg.window_s, s->cfg.settle_s, s->cfg.default_threshold);
	*state = s;
	return 0;
}

void alertmail_done(void *state)
{
	struct am_state *s = state;
	if (!s)
		return;
	mm_buf_free(&s->alert.description);
	mm_buf_free(&s->alert.action);
	free(s);
}

long long alertmail_run(struct sc_run *r)
{
	struct am_state *s = r->state;
	return run_pass(&s->cfg, &s->alert, &s->from, r->now, r->stop);
}
