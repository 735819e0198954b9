/* The alert-mail job of mimamori-scheduler: important-alert mails (DASH-7). */
#ifndef ALERTMAIL_H
#define ALERTMAIL_H
#include "mm.h"

struct am_config {
	long window_s;		/* at most one mail per tenant per window */
	long settle_s;		/* alerts younger than this wait for the next pass */
	long rescan_s;		/* received_at window looked at again (late commits) */
	long lookback_s;	/* at start: alerts received this long ago are looked at */
	int default_threshold;
};

/* An alert as the mail tells it. */
struct am_alert {
	long long id;
	time_t detected_at;
	int severity;
	char category[41 * 4], source[256 * 4], destination[256 * 4], url[2049 * 4];
	char status[21 * 4], device_name[101 * 4], mac[18];
	char device_alert_id[65];	/* the id the UTM gave it */
	struct mm_buf description, action;
};

/* Tenants with alerts received in (from, upto], and those whose alerts
 * wait for their window to end: ids into *out (grown as needed, freed by
 * the caller); count or < 0. */
int am_db_candidates(time_t from, time_t upto, long long **out);
/* Marks the tenant's new alerts as waiting for the window (in its
 * transaction). */
int am_db_cursor_wait(long long tenant_id);

/* Inside the tenant's transaction: the cursor row locked (created when
 * missing). 0 or < 0. */
int am_db_cursor_lock(long long tenant_id, long long *last_alert_id, time_t *last_mail_at);
int am_db_cursor_advance(long long tenant_id, long long last_alert_id, time_t mailed_at);
/* threshold and whether recipients were chosen (defaults when no row). */
int am_db_settings(long long tenant_id, int default_threshold, int *threshold, int *chosen);
/* The newest alert id after `after` received before settled_at (0 when
 * none), and how many alerts of registered devices at or above threshold
 * lie in (after, upto]. */
int am_db_span(long long tenant_id, long long after, time_t settled_at, long long *upto);
/* The important alerts of a batch: how many, and the span of their
 * detection times (the alert list's period in the mail). */
struct am_batch {
	long long count;
	time_t first_detected, last_detected;
};
/* unresolved: only the alerts the UTM neither blocked nor quarantined
 * (it dealt with those itself; detected or allowed leave the threat
 * unresolved, seed 004 通知①), as the chat message tells them */
int am_db_important_count(long long tenant_id, long long after, long long upto, int threshold,
			  int unresolved, struct am_batch *b);
/* The headline alert of (after, upto]: highest severity, then oldest. 1, 0, < 0. */
int am_db_headline(long long tenant_id, long long after, long long upto, int threshold,
		   int unresolved, struct am_alert *a);
/* Calls fn for each recipient (enabled users of the tenant; only the chosen
 * ones when chosen). 0 or < 0 (or fn's non-zero value). */
int am_db_recipients(long long tenant_id, int chosen,
		     int (*fn)(const char *email, const char *lang, const char *zone, void *ctx),
		     void *ctx);

/* chat_alert.c: one chat message about the batch per enabled linkage of
 * the tenant (in the caller's transaction); the number queued or < 0. */
int chat_queue_alert(long long tenant_id, const struct am_alert *a, long long others, time_t now);

#endif
