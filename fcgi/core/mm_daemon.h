/* What the long-running programs (notifier, scheduler) share: a stop on
 * SIGTERM / SIGINT that is taken only between units of work, an idle wait
 * that a stop cuts short, and the pid file. */
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

#endif
