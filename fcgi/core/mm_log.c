#include "mm_log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Per-process identification for log lines: set once at start and per
 * request; not shared between processes. */
static char log_program[32] = "mimamori";
static char log_rid[17] = "-";

void mm_log_init(const char *program)
{
	snprintf(log_program, sizeof log_program, "%s", program);
}

void mm_log_set_request_id(const char *rid)
{
	snprintf(log_rid, sizeof log_rid, "%s", rid && *rid ? rid : "-");
}

void mm_log(const char *level, const char *fmt, ...)
{
	char when[32], msg[1024];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* keep one event on one line whatever the message holds */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "%s %s[%d] %s rid=%s %s\n", when, log_program, (int)getpid(),
		level, log_rid, msg);
}
