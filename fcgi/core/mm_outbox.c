#include "mm.h"
#include "mm_outbox.h"
#include "mm_template.h"
#include <stdio.h>
#include <string.h>
#include <ClearSilver.h>

static const char SQL_OUTBOX_INSERT[] =
	"INSERT INTO outbox (channel, recipient, subject, body, created_at, next_attempt_at)"
	" VALUES (?, ?, ?, ?, ?, ?)";

int mm_outbox_queue(const char *channel, const char *recipient, const char *subject,
		    const char *body, time_t now)
{
	long long n = mm_db_exec(SQL_OUTBOX_INSERT, "sssstt", channel,
				 recipient, subject ? subject : "", body, now, now);
	return n < 0 ? (int)n : 0;
}

static int render_message(struct mm_req *r, const char *lang, const char *dir,
			  const char *name, struct mm_buf *body)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s.cs", dir, name);
	mm_fill_common(r);
	mm_set(r, "Mail.Subject", "");
	mm_set(r, "Mail.BaseURL", mm_cfg_str("Site.BaseURL", ""));
	return mm_tmpl_render(r->hdf, lang, path, body);
}

/* Queued on the process clock, which the notifier shares: a request's own
 * clock (moved by the test header) would delay or hurry delivery. */
int mm_mail_queue(struct mm_req *r, const char *to, const char *lang, const char *name)
{
	struct mm_buf body = { 0 };
	int rc = render_message(r, lang, "mail", name, &body);
	if (rc == 0) {
		const char *subject = hdf_get_value(r->hdf, "Mail.Subject", "");
		rc = mm_outbox_queue("mail", to, subject, mm_buf_str(&body), mm_clock_now());
	}
	mm_buf_free(&body);
	return rc < 0 ? rc : 0;
}

int mm_sms_queue(struct mm_req *r, const char *to, const char *lang, const char *name)
{
	struct mm_buf body = { 0 };
	int rc = render_message(r, lang, "sms", name, &body);
	if (rc == 0)
		rc = mm_outbox_queue("sms", to, "", mm_buf_str(&body), mm_clock_now());
	mm_buf_free(&body);
	return rc < 0 ? rc : 0;
}

void mm_mail_when(struct mm_req *r, const char *zone, time_t t)
{
	char when[MM_TIME_LEN];
	mm_set(r, "Mail.When", mm_time_format(zone, t, when));
	mm_set(r, "Mail.Zone", mm_time_zone_name(zone));
}
