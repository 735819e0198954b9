/* Process model: a supervisor opens the FastCGI socket and keeps N worker
 * processes accepting on it; each worker handles one request at a time with
 * its own database connection. SIGTERM stops everything cleanly.
 *
 * Under overload the requests wait in the socket's listen queue (as long as
 * the system allows, Serve.Backlog) instead of being refused: nginx answers
 * a refused connection with an error, a queued one only later. */
#include "mm.h"
#include "mm_template.h"
#include "mm_health.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void mm_handle_request(const struct mm_app *app, FCGX_Request *fcgx);

/* Set once by mm_main_raw before the workers start, like the config. */
static void (*raw_handler)(FCGX_Request *fcgx);

/* Set once by mm_main before the workers start (see accept_wakes_init). */
static int accept_wakes;

/* Set from signal handlers only. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
	/* a stop that lands between the loop's last check and accept()
	 * blocking would otherwise wait for the next request: the alarm
	 * interrupts that accept() (alarm is async-signal-safe) */
	alarm(1);
}

static void on_wake(int sig)
{
	(void)sig;	/* only to interrupt accept() */
}

/* A one-shot SIGALRM after ms (0: none) that makes accept() return EINTR
 * (FCGI_FAIL_ACCEPT_ON_INTR). */
static void wake_after_ms(long ms)
{
	struct itimerval t;
	memset(&t, 0, sizeof t);
	t.it_value.tv_sec = ms / 1000;
	t.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &t, NULL);
}

static void install_stop_handler(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;	/* no SA_RESTART: accept() must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_wake;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Reads what is left of the request's input (at most a form's worth).
 * Returns 1 when the input ended: then nothing more comes from nginx and the
 * connection can be closed at once. Otherwise libfcgi's close waits for the
 * peer to close first (so that unread data cannot turn into a TCP reset),
 * and the worker sits idle until nginx gets round to it: 4 to 8 ms in a
 * trace of the home page, which needs about 0.15 ms of work. */
static int input_ended(FCGX_Request *req)
{
	char sink[4096];
	size_t left = 1 << 20;
	int n;
	while (left > 0 && (n = FCGX_GetStr(sink, sizeof sink, req->in)) > 0)
		left -= (size_t)n < left ? (size_t)n : left;
	return FCGX_HasSeenEOF(req->in) == EOF && FCGX_GetError(req->in) == 0;
}

/* An idle worker must wake for its buffered page views. On a unix socket
 * accept() itself gives up after SO_RCVTIMEO, which the connections it
 * hands out do not inherit: half History.ViewFlushMs, so a view waits at
 * most 1.5 times that, and an idle worker wakes twice a second at the
 * default (one accept call each). The alternative, a SIGALRM timer around
 * accept(), costs two setitimer calls per request, and a timer that expires
 * just as accept() returns interrupts libfcgi's wait for the request's
 * first bytes, which then drops the connection (nginx answers 503). TCP
 * listeners (app hosts behind a remote nginx) pass the option on to their
 * connections, so they keep the timer. */
static void accept_wakes_init(int fd)
{
	struct sockaddr_storage addr;
	socklen_t len = sizeof addr;
	if (mm_cfg_int("History.PageViews", 1) == 0 ||	/* nothing to wake for */
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0 || addr.ss_family != AF_UNIX)
		return;
	long ms = mm_cfg_int("History.ViewFlushMs", 1000) / 2;
	ms = ms < 10 ? 10 : ms > 60000 ? 60000 : ms;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	accept_wakes = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0;
}

static int worker_loop(const struct mm_app *app, int listen_fd)
{
	FCGX_Request req;
	if (FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	mm_db_connect();	/* failure is retried per request */
	while (!stop_requested) {
		/* buffered page views go out when due, between requests; an
		 * idle worker is woken from accept() for them */
		long due = mm_event_views_due_ms();
		if (due == 0) {
			mm_event_views_flush();
			due = mm_event_views_due_ms();
		}
		/* a timer only when views wait and accept() does not wake by
		 * itself: setitimer is a system call, two per request otherwise */
		int armed = due > 0 && !accept_wakes;
		if (armed)
			wake_after_ms(due);
		/* the timer just set replaced on_stop's alarm: look again */
		if (stop_requested)
			break;
		int accepted = FCGX_Accept_r(&req);
		if (armed)
			wake_after_ms(0);
		if (accepted < 0) {
			if (stop_requested)
				break;
			if (errno == EINTR || errno == EAGAIN)
				continue;	/* woken for the views */
			mm_log_error("accept failed: %s", strerror(errno));
			break;
		}
		if (mm_health_answer(&req))
			;	/* every program answers the load balancers' check */
		else if (raw_handler)
			raw_handler(&req);
		else
			mm_handle_request(app, &req);
		if (input_ended(&req))
			FCGX_Detach(&req);	/* plain close, no lingering */
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 0);
	mm_event_views_flush();
	mm_db_close();
	return 0;
}

struct serve_opts {
	const char *config, *socket, *pidfile;
	int workers;
	mode_t socket_mode;
};

static int parse_opts(int argc, char **argv, struct serve_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "workers", required_argument, NULL, 'w' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "socket-mode", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	memset(o, 0, sizeof *o);
	o->workers = 4;
	o->socket_mode = 0660;
	int c;
	while ((c = getopt_long(argc, argv, "c:s:w:p:m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 's': o->socket = optarg; break;
		case 'p': o->pidfile = optarg; break;
		case 'w': o->workers = atoi(optarg); break;
		case 'm': o->socket_mode = (mode_t)strtol(optarg, NULL, 8); break;
		default: return -1;
		}
	}
	if (!o->config || o->workers < 1 || o->workers > 256)
		return -1;
	return 0;
}

static pid_t spawn_worker(const struct mm_app *app, int fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		install_stop_handler();
		int rc = worker_loop(app, fd);
		mm_tmpl_free();
		mm_config_free();
		exit(rc);
	}
	if (pid < 0)
		mm_log_error("cannot start a worker: %s", strerror(errno));
	return pid;
}

/* The worker slots of the supervisor. A slot is empty (0) when its worker
 * ended or could not be started (fork fails when the system is short of
 * processes or memory); empty slots are filled again, at most once a second,
 * so that a worker that dies at once or a failing fork cannot spin the CPU. */
struct pool {
	pid_t *pids;
	int n;
	struct timespec next_start;	/* CLOCK_MONOTONIC: no start before */
};

static int ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Starts a worker in each empty slot when it is time; returns the number of
 * slots still empty. */
static int pool_fill(struct pool *p, const struct mm_app *app, int fd)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int due = !stop_requested && !ts_before(&now, &p->next_start);
	int empty = 0, tried = 0;
	for (int i = 0; i < p->n; i++) {
		if (p->pids[i] > 0)
			continue;
		if (due) {
			tried = 1;
			pid_t pid = spawn_worker(app, fd);
			if (pid > 0) {
				p->pids[i] = pid;
				continue;
			}
		}
		empty++;
	}
	if (tried) {
		p->next_start = now;
		p->next_start.tv_sec += 1;
	}
	return empty;
}

/* Sleeps until the next start is due (a signal cuts it short). */
static void pool_pause(const struct pool *p)
{
	struct timespec now, d;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!ts_before(&now, &p->next_start))
		return;
	d.tv_sec = p->next_start.tv_sec - now.tv_sec;
	d.tv_nsec = p->next_start.tv_nsec - now.tv_nsec;
	if (d.tv_nsec < 0) {
		d.tv_sec--;
		d.tv_nsec += 1000000000L;
	}
	nanosleep(&d, NULL);
}

/* Supervises until SIGTERM: a slot whose worker ended is filled again; while
 * a slot is empty, the wait for workers never blocks longer than the pause
 * before the next start. */
static void pool_run(struct pool *p, const struct mm_app *app, int fd)
{
	while (!stop_requested) {
		int empty = pool_fill(p, app, fd);
		int status;
		pid_t pid = waitpid(-1, &status, empty ? WNOHANG : 0);
		if (pid == 0 || (pid < 0 && errno == ECHILD)) {
			pool_pause(p);
			continue;
		}
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			mm_log_error("waitpid failed: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < p->n; i++) {
			if (p->pids[i] != pid)
				continue;
			mm_log_warn("worker %d ended (status %d), starting another", (int)pid, status);
			p->pids[i] = 0;
		}
	}
}

static void pool_stop(struct pool *p)
{
	for (int i = 0; i < p->n; i++)
		if (p->pids[i] > 0)
			kill(p->pids[i], SIGTERM);
	for (int i = 0; i < p->n; i++)
		if (p->pids[i] > 0)
			waitpid(p->pids[i], NULL, 0);
}

/* Serve.Backlog, else the system's maximum (net.core.somaxconn, which also
 * caps any larger value). */
static int listen_backlog(void)
{
	long n = mm_cfg_int("Serve.Backlog", 0);
	if (n <= 0) {
		FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
		if (!f || fscanf(f, "%ld", &n) != 1)
			n = 4096;
		if (f)
			fclose(f);
	}
	return n < 1 ? 1 : n > 65535 ? 65535 : (int)n;
}

static void write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
}

int mm_main(const struct mm_app *app, int argc, char **argv)
{
	struct serve_opts o;
	mm_log_init(app->name);
	if (parse_opts(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: %s --config FILE [--socket PATH] [--workers N]"
			" [--pidfile PATH] [--socket-mode OCTAL]\n"
			"Without --socket the program accepts on file descriptor 0"
			" (spawn-fcgi).\n", argv[0]);
		return 2;
	}
	if (mm_config_load(o.config) < 0)
		return 1;
	const char *tdir = mm_cfg_str("Paths.Templates", "templates");
	if (mm_tmpl_init(tdir, app->templates) < 0)
		return 1;
	if (FCGX_Init() != 0)
		return 1;
	int fd = 0;
	if (o.socket) {
		if (strchr(o.socket, '/'))
			unlink(o.socket);
		fd = FCGX_OpenSocket(o.socket, listen_backlog());
		/* "host:port" listens on TCP (several app hosts behind one nginx) */
		int is_unix = strchr(o.socket, '/') != NULL;
		if (fd < 0 || (is_unix && chmod(o.socket, o.socket_mode) < 0)) {
			mm_log_error("cannot listen on %s: %s", o.socket, strerror(errno));
			return 1;
		}
	}
	accept_wakes_init(fd);
	install_stop_handler();
	struct pool pool = { calloc((size_t)o.workers, sizeof(pid_t)), o.workers, { 0, 0 } };
	if (!pool.pids)
		return 1;
	pool_fill(&pool, app, fd);
	if (o.pidfile)
		write_pidfile(o.pidfile);
	mm_log_info("%s listening on %s with %d workers", app->name,
		    o.socket ? o.socket : "fd 0", o.workers);
	pool_run(&pool, app, fd);
	pool_stop(&pool);
	free(pool.pids);
	if (o.socket && strchr(o.socket, '/'))
		unlink(o.socket);
	if (o.pidfile)
		unlink(o.pidfile);
	mm_tmpl_free();
	mm_config_free();
	mm_log_info("%s stopped", app->name);
	return 0;
}

int mm_main_raw(const struct mm_app *app, void (*handler)(FCGX_Request *fcgx),
		int argc, char **argv)
{
	raw_handler = handler;
	return mm_main(app, argc, argv);
}
