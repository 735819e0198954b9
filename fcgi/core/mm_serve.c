/* Process model: a supervisor opens the FastCGI socket and keeps N worker
 * processes accepting on it; each worker handles one request at a time with
 * its own database connection. SIGTERM stops everything cleanly. */
#include "mm.h"
#include "mm_template.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void mm_handle_request(const struct mm_app *app, FCGX_Request *fcgx);

/* Set from signal handlers only. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_stop_handler(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;	/* no SA_RESTART: accept() must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int worker_loop(const struct mm_app *app, int listen_fd)
{
	FCGX_Request req;
	if (FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	mm_db_connect();	/* failure is retried per request */
	while (!stop_requested) {
		if (FCGX_Accept_r(&req) < 0) {
			if (stop_requested)
				break;
			if (errno == EINTR)
				continue;
			mm_log_error("accept failed: %s", strerror(errno));
			break;
		}
		mm_handle_request(app, &req);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 0);
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
	return pid;
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
		fd = FCGX_OpenSocket(o.socket, 128);
		/* "host:port" listens on TCP (several app hosts behind one nginx) */
		int is_unix = strchr(o.socket, '/') != NULL;
		if (fd < 0 || (is_unix && chmod(o.socket, o.socket_mode) < 0)) {
			mm_log_error("cannot listen on %s: %s", o.socket, strerror(errno));
			return 1;
		}
	}
	install_stop_handler();
	pid_t *workers = calloc((size_t)o.workers, sizeof *workers);
	if (!workers)
		return 1;
	for (int i = 0; i < o.workers; i++)
		workers[i] = spawn_worker(app, fd);
	if (o.pidfile)
		write_pidfile(o.pidfile);
	mm_log_info("%s listening on %s with %d workers", app->name,
		    o.socket ? o.socket : "fd 0", o.workers);
	time_t last_respawn = 0;
	while (!stop_requested) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < o.workers; i++) {
			if (workers[i] != pid)
				continue;
			mm_log_warn("worker %d ended (status %d), starting another", (int)pid, status);
			/* a worker that dies at once must not spin the CPU */
			if (time(NULL) == last_respawn)
				sleep(1);
			last_respawn = time(NULL);
			workers[i] = stop_requested ? 0 : spawn_worker(app, fd);
		}
	}
	for (int i = 0; i < o.workers; i++)
		if (workers[i] > 0)
			kill(workers[i], SIGTERM);
	for (int i = 0; i < o.workers; i++)
		if (workers[i] > 0)
			waitpid(workers[i], NULL, 0);
	free(workers);
	if (o.socket && strchr(o.socket, '/'))
		unlink(o.socket);
	if (o.pidfile)
		unlink(o.pidfile);
	mm_tmpl_free();
	mm_config_free();
	mm_log_info("%s stopped", app->name);
	return 0;
}
