/* mimamori-scheduler: the one place for timed jobs. */
#ifndef SCHEDULER_H
#define SCHEDULER_H
#include "mm.h"
#include <ClearSilver.h>

#define SC_CLAIM_LEN 16

/* What a job gets on each run. stop() says a stop was asked for: a long
 * job finishes the unit in hand and returns. */
struct sc_run {
	time_t now;
	int (*stop)(void);
	void *state;		/* the job's own, made by its init */
};

/* A job of the table. every_s == 0: runs on every pass of every scheduler
 * without a claim (its work is claimed row by row, e.g. the alert-mail
 * cursor lock); otherwise claimed in scheduled_jobs and due again
 * every_s after a run. run returns >= 0 (work done) or an MM_DB_* error
 * (the claim is given back, due at once). */
struct sc_job {
	const char *name;
	const char *every_key;	/* config key of every_s, NULL: fixed */
	long every_default;
	int (*init)(void **state);	/* NULL: no state */
	void (*done)(void *state);
	long long (*run)(struct sc_run *r);
	/* config key and default of a fixed time of day ("HH:MM", Japanese
	 * time): the job is due daily at that time instead of every_s after a
	 * run (NULL: not fixed) */
	const char *at_key;
	const char *at_default;
	/* seconds a run may take when that is longer than
	 * Scheduler.ClaimSeconds, so that its claim outlasts it (NULL: none) */
	long (*run_seconds)(void);
};

/* The first time after now at second_of_day of the Japanese day (Japan
 * keeps no summer time). */
time_t sc_next_daily(time_t now, long second_of_day);

/* scheduler_db.c: one conditional UPDATE claims a due job (1 claimed, 0
 * not due or held by another scheduler, < 0 error). */
int sc_db_claim(const char *name, const unsigned char claim[SC_CLAIM_LEN], time_t now,
		time_t first_due, time_t claim_until);
/* The run is over: due again at next (done) or at once (failed). */
int sc_db_finish(const char *name, const unsigned char claim[SC_CLAIM_LEN], time_t now,
		 time_t next, int done);

/* alertmail_job.c: important-alert mails (DASH-7) and the chat messages of
 * the same batch (ACC-4). */
int alertmail_init(void **state);
void alertmail_done(void *state);
long long alertmail_run(struct sc_run *r);

/* chat_jobs.c: the biweekly detection report (ACC-4), and the mail to the
 * admins of a linkage that keeps failing. */
long long chat_report_run(struct sc_run *r);
long long chat_failing_run(struct sc_run *r);

/* scheduler_mail.c: a mail to one of a tenant's admins. sc_mail_new makes
 * its dataset (Mail.Subject empty, Mail.BaseURL; NULL when out of memory);
 * sc_mail_queue renders template_name with it in lang (ja when not
 * supported), queues the mail to email and destroys the dataset: 0 or an
 * MM_DB_* error. */
HDF *sc_mail_new(void);
void sc_set_int(HDF *hdf, const char *key, long long v);
int sc_mail_queue(HDF *hdf, const char *lang, const char *template_name, const char *email);

/* peer_job.c: the participants' average of the threat report (DASH-4). */
long long peer_aggregate_job(struct sc_run *r);
long peer_aggregate_job_seconds(void);

/* chat_report_db.c: the counts of a report, from alert_daily for the days
 * from..to ("YYYY-MM-DD", inclusive). */
#define CHAT_REPORT_CATEGORIES 16
#define CHAT_REPORT_TOP 5
struct chat_report {
	long long total, by_severity[4];
	struct { char name[41 * 4]; long long count; } categories[CHAT_REPORT_CATEGORIES];
	int ncategories;
	struct { char category[41 * 4]; int severity; long long count; } top[CHAT_REPORT_TOP];
	int ntop;
};
int chat_report_db_summary(long long tenant_id, const char *from, const char *to,
			   struct chat_report *rep);
/* "by_category":{...},"top":[...] as JSON members (malloc'd, NULL on failure). */
char *chat_report_categories_json(const struct chat_report *rep);

#endif
