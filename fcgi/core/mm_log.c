#include "mm_log.h"
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Per-process identification for log lines: set once at start and per
 * request; not shared between processes. */
static char log_program[32] = "mimamori";
static char log_rid[17] = "-";
/* getpid() is a system call on every line otherwise (glibc keeps no copy);
 * a forked process learns its own in log_forked */
static pid_t log_pid;

static void log_forked(void)
{
	log_pid = getpid();
}

void mm_log_init(const char *program)
{
	snprintf(log_program, sizeof log_program, "%s", program);
	if (!log_pid)
		pthread_atfork(NULL, NULL, log_forked);
	log_pid = getpid();
}

void mm_log_set_request_id(const char *rid)
{
	snprintf(log_rid, sizeof log_rid, "%s", rid && *rid ? rid : "-");
}

static const char REDACTED[] = "[redacted]";

static int is_token_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* Parameter names whose values are secrets whatever their length (codes of
 * six digits, passwords). */
static int is_secret_name(const char *name, size_t len)
{
	static const char *const words[] = {
		"token", "code", "pass", "secret", "csrf", "key", "session", "otp", NULL
	};
	for (const char *const *w = words; *w; w++) {
		size_t wl = strlen(*w);
		for (size_t i = 0; i + wl <= len; i++)
			if (strncasecmp(name + i, *w, wl) == 0)
				return 1;
	}
	return 0;
}

/* A run of token characters that looks random: long, and mixing at least
 * two of upper case, lower case and digits (the portal's link tokens are 43
 * characters of base64url; words and identifiers stay readable). */
static int looks_random(const char *s, size_t len)
{
	if (len < MM_LOG_TOKEN_MIN)
		return 0;
	int upper = 0, lower = 0, digit = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		upper |= isupper(c) != 0;
		lower |= islower(c) != 0;
		digit |= isdigit(c) != 0;
	}
	return upper + lower + digit >= 2;
}

/* Appends n bytes of src to out (size outsz, kept terminated), cutting
 * what does not fit. */
static void put(char *out, size_t outsz, size_t *len, const char *src, size_t n)
{
	if (*len + 1 >= outsz)
		return;
	size_t room = outsz - 1 - *len;
	if (n > room)
		n = room;
	memcpy(out + *len, src, n);
	*len += n;
	out[*len] = '\0';
}

size_t mm_log_redact(const char *s, char *out, size_t outsz)
{
	size_t len = 0, i = 0, n = strlen(s);
	if (outsz == 0)
		return 0;
	out[0] = '\0';
	while (i < n) {
		size_t run = 0;
		while (i + run < n && is_token_char((unsigned char)s[i + run]))
			run++;
		if (run == 0) {
			put(out, outsz, &len, s + i, 1);
			i++;
			continue;
		}
		/* name=value: the value of a secret-sounding name goes whole */
		if (i + run < n && s[i + run] == '=' && is_secret_name(s + i, run)) {
			size_t v = i + run + 1, vend = v;
			while (vend < n && !strchr("&; \t\"'", s[vend]))
				vend++;
			put(out, outsz, &len, s + i, run + 1);
			if (vend > v)
				put(out, outsz, &len, REDACTED, sizeof REDACTED - 1);
			i = vend;
			continue;
		}
		if (looks_random(s + i, run))
			put(out, outsz, &len, REDACTED, sizeof REDACTED - 1);
		else
			put(out, outsz, &len, s + i, run);
		i += run;
	}
	return len;
}

void mm_log(const char *level, const char *fmt, ...)
{
	char when[32], msg[1024], clean[1024];
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
	mm_log_redact(msg, clean, sizeof clean);
	fprintf(stderr, "%s %s[%d] %s rid=%s %s\n", when, log_program,
		(int)(log_pid ? log_pid : getpid()),
		level, log_rid, clean);
}
