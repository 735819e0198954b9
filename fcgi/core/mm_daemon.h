/* What the long-running programs (notifier, scheduler) share: a stop on
 * SIGTERM / SIGINT that is taken only between units of work, an idle wait
 * that a stop cuts short, the pid file, and the backoff while the database
 * is in trouble. */
#ifndef MM_DAEMON_H
#define MM_DAEMON_H

/* Installs the stop handler and blocks the stop signals while working (the
 * database client and libcurl never see EINTR); SIGPIPE is ignored. */
void mm_daemon_signals_init(void);
/* 1 when a stop was asked for (delivered, or pending while blocked). */
int mm_daemon_stop_check(void);
/* Waits ms milliseconds with the stop signals open; returns early on one. */
void mm_daemon_idle_wait(long ms);
/* Writes the pid atomically (a temporary file renamed); 0 or -1 (errno). */
int mm_daemon_write_pidfile(const char *path);

/* The wait of a daemon whose pass failed on the database (down, restarting,
 * or failing statements): the first failure is logged once, each further
 * one waits twice as long, up to MM_DAEMON_BACKOFF_MAX_MS, so a long outage
 * neither floods the log nor hammers the server; the first good pass logs
 * the recovery and the wait starts again from the poll interval. */
#define MM_DAEMON_BACKOFF_MAX_MS 5000
struct mm_daemon_backoff {
	long poll_ms;	/* the first wait */
	long wait_ms;	/* the next wait */
	int trouble;	/* failing since the last good pass */
};
void mm_daemon_backoff_init(struct mm_daemon_backoff *b, long poll_ms);
/* Takes the result of a pass (< 0: an MM_DB_* error). 0: the pass was
 * good. 1: it failed and the wait is over (a stop cuts it short): run the
 * pass again. -1: it failed with once set (a single pass was asked for):
 * logged, the program exits with an error. */
int mm_daemon_backoff(struct mm_daemon_backoff *b, long long rc, int once);

#endif
