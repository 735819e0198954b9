#include "mm_daemon.h"
#include "mm_log.h"
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Set by the handler; a signal handler can reach nothing else. */
static volatile sig_atomic_t stop_requested;
static sigset_t idle_mask;	/* the mask while waiting: stop signals open */

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void mm_daemon_signals_init(void)
{
	struct sigaction sa;
	sigset_t stop;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, &idle_mask);
	sigdelset(&idle_mask, SIGTERM);
	sigdelset(&idle_mask, SIGINT);
}

int mm_daemon_stop_check(void)
{
	sigset_t pend;
	if (!stop_requested && sigpending(&pend) == 0 &&
	    (sigismember(&pend, SIGTERM) == 1 || sigismember(&pend, SIGINT) == 1))
		stop_requested = 1;
	return stop_requested;
}

void mm_daemon_idle_wait(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	if (!stop_requested)
		ppoll(NULL, 0, &ts, &idle_mask);
}

int mm_daemon_write_pidfile(const char *path)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -1;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int ok = fprintf(f, "%d\n", (int)getpid()) > 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

void mm_daemon_backoff_init(struct mm_daemon_backoff *b, long poll_ms)
{
	b->poll_ms = poll_ms;
	b->wait_ms = poll_ms;
	b->trouble = 0;
}

int mm_daemon_backoff(struct mm_daemon_backoff *b, long long rc, int once)
{
	if (rc >= 0) {
		if (b->trouble)
			mm_log_info("database reachable again");
		mm_daemon_backoff_init(b, b->poll_ms);
		return 0;
	}
	if (once) {
		mm_log_error("database error %lld", rc);
		return -1;
	}
	if (!b->trouble)
		mm_log_warn("database unavailable or failing (%lld); retrying", rc);
	b->trouble = 1;
	mm_daemon_idle_wait(b->wait_ms);
	b->wait_ms = b->wait_ms * 2 > MM_DAEMON_BACKOFF_MAX_MS ? MM_DAEMON_BACKOFF_MAX_MS
							       : b->wait_ms * 2;
	return 1;
}
