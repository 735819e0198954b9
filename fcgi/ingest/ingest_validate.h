/* The alert batch a device posts (DASH-6), checked without the database:
 * pure functions over the request body, shared by the program, its unit
 * tests and its fuzz target. */
#ifndef INGEST_VALIDATE_H
#define INGEST_VALIDATE_H
#include <stddef.h>
#include <time.h>
#include <jansson.h>

#define INGEST_MAX_BODY (4u << 20)	/* bytes; nginx's client_max_body_size matches */
#define INGEST_MAX_ALERTS 1000
/* The whole body's nesting, checked before the parser sees it: it protects
 * the parser (far below jansson's own 2048), not the alerts. A batch needs
 * 3 levels ({"alerts":[{…}]}); an alert's members are scalars, so a member
 * nested deeper, up to this limit, is that alert's wrong_type and the rest
 * of its batch is stored. */
#define INGEST_MAX_DEPTH 32
#define INGEST_ID_MAX 64		/* alerts.device_alert_id */
#define INGEST_FUTURE_SECONDS 3600	/* device clocks run a little ahead */
#define INGEST_PAST_SECONDS (90L * 86400)

struct ingest_alert {
	/* strings point into the batch's JSON tree */
	const char *id;
	time_t detected_at;
	const char *category;
	int severity;
	const char *source, *destination, *url, *description, *action, *status;
};

struct ingest_item {
	const char *id;		/* as sent when it was a string, else NULL */
	const char *reason;	/* NULL when valid, else a reason code */
	const char *field;	/* the field the reason is about, or NULL */
	struct ingest_alert alert;
};

struct ingest_batch {
	json_t *root;
	size_t n;
	struct ingest_item *items;
};

/* Parses and checks a batch. NULL when the batch could be read (each item
 * then says whether its alert is valid), else the code of why the whole
 * body is refused ("malformed_json", "too_deep", "too_many_alerts", …);
 * *status is then the HTTP status to answer with (400 or 413). */
const char *ingest_batch_parse(const char *body, size_t len, time_t now,
			       struct ingest_batch *b, int *status);
void ingest_batch_free(struct ingest_batch *b);

/* One alert object: NULL when valid (out filled), else a reason code and
 * the field it concerns in *field. */
const char *ingest_alert_check(json_t *obj, time_t now, struct ingest_alert *out,
			       const char **field);

/* RFC 3339 date-time ("2026-05-20T09:15:00+09:00", fractions ignored):
 * 0 and the instant, or -1. */
int ingest_rfc3339(const char *s, time_t *out);
/* 1 when the JSON text nests arrays/objects at most max deep (strings
 * skipped); a cheap guard before the parser recurses. */
int ingest_depth_ok(const char *body, size_t len, int max);
/* Number of code points of valid UTF-8 s. */
size_t ingest_utf8_chars(const char *s);

extern const char *const ingest_statuses[];

#endif
