/* mimamori-scheduler --config FILE [--pidfile PATH] [--once] [--job NAME]
 *
 * The one place for timed jobs: one loop runs the jobs of the table
 * below. A job with a period is claimed in scheduled_jobs by a conditional
 * UPDATE (due, and unclaimed or its claim expired), so with several app
 * hosts each due run happens once, and a scheduler that dies mid-run
 * leaves a claim that expires after Scheduler.ClaimSeconds. After a run
 * the job is due again a period later; after downtime it is simply due,
 * and a job that sends something keys each send by its due slot (the
 * biweekly report: a UNIQUE row per linkage and Monday), so catching up
 * never sends twice.
 *
 * Jobs without a period run on every pass of every scheduler: their work
 * is claimed row by row (the important-alert mails lock the tenant's
 * cursor), which a job-wide claim would only slow down.
 *
 * A job with a fixed time of day (the participants' average at 03:30
 * Japanese time, after the day's counts are complete and before
 * customers read reports) is due at the next such time after each run, and
 * first at the next one after the scheduler created its row.
 *
 * The clock is mm_clock_now (Clock.OffsetFile in test stacks), as for the
 * notifier. SIGTERM / SIGINT: the unit of work in hand is finished, exit 0.
 * --once: one pass over the jobs (only NAME with --job), then exit. */
#include "scheduler.h"
#include "mm_template.h"
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The job table. */
static const struct sc_job jobs[] = {
	{ "alert-mail", NULL, 0, alertmail_init, alertmail_done, alertmail_run, NULL, NULL, NULL },
	{ "chat-failing", NULL, 0, NULL, NULL, chat_failing_run, NULL, NULL, NULL },
	{ "chat-report", "Scheduler.ChatReportEverySeconds", 300, NULL, NULL, chat_report_run,
	  NULL, NULL, NULL },
	{ "peer-aggregate", NULL, 86400, NULL, NULL, peer_aggregate_job,
	  "Scheduler.PeerAggregateAt", "03:30", peer_aggregate_job_seconds },
};
#define NJOBS (sizeof jobs / sizeof *jobs)

struct job_slot {
	const struct sc_job *job;
	long every_s;
	void *state;
	long at_s;		/* second of the Japanese day, -1: every_s */
};

#define TOKYO_OFFSET (9 * 3600L)

time_t sc_next_daily(time_t now, long second_of_day)
{
	long long local = (long long)now + TOKYO_OFFSET;
	long long midnight = local - ((local % 86400) + 86400) % 86400;
	long long t = midnight + second_of_day;
	if (t <= local)
		t += 86400;
	return (time_t)(t - TOKYO_OFFSET);
}

/* "HH:MM" as seconds of the day, or -1. */
static long parse_hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	long h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 3600 + m * 60 : -1;
}

static time_t next_due(const struct job_slot *js, time_t after)
{
	return js->at_s >= 0 ? sc_next_daily(after, js->at_s) : after + js->every_s;
}

/* One job once: < 0 only for a database error. */
static long long run_job(struct job_slot *js, long claim_s)
{
	const struct sc_job *j = js->job;
	struct sc_run run = { mm_clock_now(), mm_daemon_stop_check, js->state };
	if (js->every_s == 0)
		return j->run(&run);
	unsigned char claim[SC_CLAIM_LEN];
	if (mm_random_bytes(claim, sizeof claim) < 0)
		return MM_DB_ERR;
	/* a claim that expired mid-run would let another scheduler start the
	 * same run beside it */
	long run_claim = j->run_seconds ? j->run_seconds() + 60 : 0;
	if (run_claim > claim_s)
		claim_s = run_claim;
	int rc = sc_db_claim(j->name, claim, run.now,
			     js->at_s >= 0 ? next_due(js, run.now) : run.now, run.now + claim_s);
	if (rc <= 0)
		return rc;
	long long n = j->run(&run);
	time_t now = mm_clock_now();
	int frc = sc_db_finish(j->name, claim, now, next_due(js, run.now), n >= 0);
	if (n >= 0 && n > 0)
		mm_log_info("job %s: %lld done", j->name, n);
	if (n < 0)
		mm_log_warn("job %s failed (%lld); due again at once", j->name, n);
	return n < 0 ? n : frc < 0 ? frc : n;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mimamori-scheduler --config FILE [--pidfile PATH] [--once] [--job NAME]\n"
		"  Runs the timed jobs: alert-mail (important-alert mails and chat messages),\n"
		"  chat-failing (mail about failing chat linkages), chat-report (the\n"
		"  biweekly detection report), peer-aggregate (the participants' average of\n"
		"  the threat report, daily at Scheduler.PeerAggregateAt Japanese time).\n"
		"  --once: one pass, then exit. --job: only that job.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "once", no_argument, NULL, '1' },
		{ "job", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const templates[] = {
		"mail/alert_important.cs", "mail/chat_failing.cs", "chat/alert.cs", "chat/report.cs",
		NULL
	};
	const char *config = NULL, *pidfile = NULL, *only = NULL;
	int once = 0, opt;
	mm_log_init("scheduler");
	while ((opt = getopt_long(argc, argv, "c:p:1j:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': config = optarg; break;
		case 'p': pidfile = optarg; break;
		case '1': once = 1; break;
		case 'j': only = optarg; break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!config || optind != argc) {
		usage();
		return 2;
	}
	struct job_slot slots[NJOBS];
	size_t nslots = 0;
	for (size_t i = 0; i < NJOBS; i++)
		if (!only || strcmp(only, jobs[i].name) == 0)
			slots[nslots++] = (struct job_slot){ &jobs[i], jobs[i].every_default, NULL, -1 };
	if (nslots == 0) {
		fprintf(stderr, "mimamori-scheduler: no job named %s\n", only);
		return 2;
	}
	if (mm_config_load(config) < 0)
		return 1;
	/* AlertMail.PollMs: the setting of the alert-mail daemon this replaced */
	long poll_ms = mm_cfg_int_range("Scheduler.PollMs", mm_cfg_int("AlertMail.PollMs", 1000), 20,
				 600000);
	long claim_s = mm_cfg_int_range("Scheduler.ClaimSeconds", 300, 5, 86400);
	if (mm_tmpl_init(mm_cfg_str("Paths.Templates", "templates"), templates) < 0) {
		mm_config_free();
		return 1;
	}
	int status = 0;
	for (size_t i = 0; i < nslots; i++) {
		const struct sc_job *j = slots[i].job;
		if (j->every_key)
			slots[i].every_s = mm_cfg_int_range(j->every_key, j->every_default, 1, 366 * 86400L);
		if (j->at_key) {
			const char *at = mm_cfg_str(j->at_key, j->at_default);
			slots[i].at_s = parse_hhmm(at);
			if (slots[i].at_s < 0) {
				fprintf(stderr, "mimamori-scheduler: %s = %s is not HH:MM; %s used\n",
					j->at_key, at, j->at_default);
				slots[i].at_s = parse_hhmm(j->at_default);
			}
		}
		if (j->init && j->init(&slots[i].state) < 0) {
			mm_log_error("job %s cannot start", j->name);
			status = 1;
			nslots = i;
			break;
		}
	}
	mm_daemon_signals_init();
	if (status == 0 && pidfile && mm_daemon_write_pidfile(pidfile) < 0) {
		mm_log_error("cannot write pid file %s: %s", pidfile, strerror(errno));
		status = 1;
	}
	if (status == 0)
		mm_log_info("started%s: %zu jobs, poll %ld ms, claims %ld s", once ? " (--once)" : "",
			    nslots, poll_ms, claim_s);
	struct mm_daemon_backoff backoff;
	mm_daemon_backoff_init(&backoff, poll_ms);
	while (status == 0 && !mm_daemon_stop_check()) {
		long long worst = 0;
		for (size_t i = 0; i < nslots && !mm_daemon_stop_check(); i++) {
			long long n = run_job(&slots[i], claim_s);
			if (n < 0 && worst >= 0)
				worst = n;
		}
		int trouble = mm_daemon_backoff(&backoff, worst, once);
		if (trouble < 0) {
			status = 1;
			break;
		}
		if (trouble > 0)
			continue;
		if (once)
			break;
		mm_daemon_idle_wait(poll_ms);
	}
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].job->done)
			slots[i].job->done(slots[i].state);
	mm_db_close();
	mm_tmpl_free();
	if (pidfile && status == 0)
		unlink(pidfile);
	mm_log_info("stopped%s", mm_daemon_stop_check() ? " (signal)" : "");
	mm_config_free();
	return status;
}
