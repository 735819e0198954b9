/* Checks of an alert batch. A bad alert is refused on its own with a
 * reason; only a body that cannot be read as a batch refuses the batch. */
#include "ingest_validate.h"
#include "mm_alert_category.h"
#include "mm_civil.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* what the UTM did with the traffic */
const char *const ingest_statuses[] = { "blocked", "detected", "allowed", "quarantined", NULL };

enum field_kind { F_LINE, F_TEXT };

struct field_rule {
	const char *name;
	int required;
	size_t max_chars;
	enum field_kind kind;
};

/* Limits follow the columns of sql/013_alerts.sql (TEXT: 65,535 bytes, so
 * at most 16,383 four-byte characters). */
static const struct field_rule text_fields[] = {
	{ "source", 0, 255, F_LINE },
	{ "destination", 0, 255, F_LINE },
	{ "url", 0, 2048, F_LINE },
	{ "description", 1, 4000, F_TEXT },
	{ "action", 0, 4000, F_TEXT },
};

static const char *const known_fields[] = {
	"id", "detected_at", "category", "severity", "source", "destination", "url",
	"description", "action", "status", NULL
};

size_t ingest_utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

static int status_known(const char *status)
{
	for (int i = 0; ingest_statuses[i]; i++)
		if (strcmp(status, ingest_statuses[i]) == 0)
			return 1;
	return 0;
}

/* Control characters never belong in a one-line field; text keeps tab
 * and line breaks. (jansson already refused invalid UTF-8 and NUL.) */
static int chars_ok(const char *s, enum field_kind kind)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7F)
			return 0;
		if (*p < 0x20 && !(kind == F_TEXT && (*p == '\n' || *p == '\r' || *p == '\t')))
			return 0;
		/* C1 controls (U+0080-U+009F: NEL, CSI, ...) in any field, as the
		 * portal's forms refuse them */
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 0;
		/* U+2028, U+2029 break a line in mails and chat messages */
		if (kind != F_TEXT && *p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			return 0;
	}
	return 1;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int ingest_rfc3339(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec;
	size_t n = strlen(s);
	if (n < 20 || n > 35)
		return -1;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &sec))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	const char *p = s + 19;
	if (*p == '.') {
		const char *f = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == f || p - f > 9)
			return -1;
	}
	long long offset = 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		offset = (oh * 3600LL + om * 60LL) * (*p == '-' ? -1 : 1);
	} else {
		return -1;
	}
	if (sec == 60)	/* a leap second counts as the second before it */
		sec = 59;
	long long t = mm_days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - offset;
	if (t < 0)
		return -1;
	*out = (time_t)t;
	return 0;
}

/* A step of a scan of JSON text: 1 when body[*i] belongs to a string (its
 * quotes and escapes included) and was consumed, 0 when it is the caller's
 * to read. */
static int string_step(const char *body, size_t *i, int *in_string)
{
	char c = body[*i];
	if (*in_string) {
		if (c == '\\')
			++*i;
		else if (c == '"')
			*in_string = 0;
		return 1;
	}
	if (c == '"') {
		*in_string = 1;
		return 1;
	}
	return 0;
}

int ingest_depth_ok(const char *body, size_t len, int max)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		if (string_step(body, &i, &in_string))
			continue;
		char c = body[i];
		if (c == '[' || c == '{') {
			if (++depth > max)
				return 0;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 1;
}

static int field_known(const char *key)
{
	for (int i = 0; known_fields[i]; i++)
		if (strcmp(key, known_fields[i]) == 0)
			return 1;
	return 0;
}

/* A string member: NULL and *out when fine (absent optional fields give
 * ""), else the reason. */
static const char *string_member(json_t *obj, const char *name, int required,
				 size_t max_chars, enum field_kind kind, const char **out)
{
	json_t *v = json_object_get(obj, name);
	if (!v) {
		*out = "";
		return required ? "missing_field" : NULL;
	}
	if (!json_is_string(v))
		return "wrong_type";
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return "bad_characters";	/* an embedded NUL */
	if (!*s && required)
		return "empty";
	if (ingest_utf8_chars(s) > max_chars)
		return "too_long";
	if (!chars_ok(s, kind))
		return "bad_characters";
	*out = s;
	return NULL;
}

const char *ingest_alert_check(json_t *obj, time_t now, struct ingest_alert *out,
			       const char **field)
{
	*field = NULL;
	memset(out, 0, sizeof *out);
	if (!json_is_object(obj))
		return "not_an_object";
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		if (!field_known(key)) {
			*field = key;
			return "unknown_field";
		}
	}
	const char *why;
	*field = "id";
	if ((why = string_member(obj, "id", 1, INGEST_ID_MAX, F_LINE, &out->id)))
		return why;
	/* printable ASCII without spaces: the id is typed into inquiries */
	for (const unsigned char *p = (const unsigned char *)out->id; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F)
			return "bad_characters";

	*field = "detected_at";
	const char *when;
	if ((why = string_member(obj, "detected_at", 1, 40, F_LINE, &when)))
		return why;
	if (ingest_rfc3339(when, &out->detected_at) < 0)
		return "bad_time";
	if ((long long)out->detected_at > (long long)now + INGEST_FUTURE_SECONDS)
		return "too_far_in_future";
	if ((long long)out->detected_at < (long long)now - INGEST_PAST_SECONDS)
		return "too_old";

	*field = "category";
	if ((why = string_member(obj, "category", 1, 40, F_LINE, &out->category)))
		return why;
	if (!mm_alert_category_known(out->category))
		return "unknown_category";

	*field = "severity";
	json_t *sev = json_object_get(obj, "severity");
	if (!sev)
		return "missing_field";
	if (!json_is_integer(sev))
		return "wrong_type";
	json_int_t sv = json_integer_value(sev);
	if (sv < 1 || sv > 3)
		return "severity_out_of_range";
	out->severity = (int)sv;

	*field = "status";
	if ((why = string_member(obj, "status", 1, 20, F_LINE, &out->status)))
		return why;
	if (!status_known(out->status))
		return "unknown_status";

	const char **dest[] = { &out->source, &out->destination, &out->url,
				&out->description, &out->action };
	for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++) {
		const struct field_rule *f = &text_fields[i];
		*field = f->name;
		if ((why = string_member(obj, f->name, f->required, f->max_chars, f->kind, dest[i])))
			return why;
	}
	*field = NULL;
	return NULL;
}

static size_t skip_digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* 1 when s[0..n) is exactly one number of RFC 8259's grammar; *is_real
 * says whether it has a fraction or an exponent. A token that is not one
 * is left alone so that the text stays as malformed as it was. */
static int json_number_token(const char *s, size_t n, int *is_real)
{
	size_t i = 0, d;
	*is_real = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if ((d = skip_digits(s, i, n)) > i)
		i = d;
	else
		return 0;
	if (i < n && s[i] == '.') {
		*is_real = 1;
		if ((d = skip_digits(s, i + 1, n)) == i + 1)
			return 0;
		i = d;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		*is_real = 1;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((d = skip_digits(s, i, n)) == i)
			return 0;
		i = d;
	}
	return i == n;
}

/* Writes over one number token s[0..n) of a JSON text with a token in
 * range, when the token is out of range: INT64_MAX/INT64_MIN for an
 * integer, ±1e300 for a real. The replacement is never longer than the
 * token (an integer out of range has at least 19 digits, a real that
 * overflows at least 5 characters) and the rest is padded with spaces. */
static void clamp_number(char *s, size_t n)
{
	int is_real;
	if (!json_number_token(s, n, &is_real))
		return;
	char token[400];
	if (n >= sizeof token)
		return;	/* longer than any number jansson reads as a token */
	memcpy(token, s, n);
	token[n] = '\0';
	const char *with;
	errno = 0;
	if (is_real) {
		double d = strtod(token, NULL);
		if (errno != ERANGE || !isinf(d))
			return;
		with = d < 0 ? "-1e300" : "1e300";
	} else {
		long long v = strtoll(token, NULL, 10);
		if (errno != ERANGE)
			return;
		with = v < 0 ? "-9223372036854775808" : "9223372036854775807";
	}
	size_t w = strlen(with);
	if (w > n)
		return;
	memcpy(s, with, w);
	memset(s + w, ' ', n - w);
}

/* The body again with every number outside strings that is too big for
 * jansson clamped into range (see clamp_number): RFC 8259 allows such
 * numbers, so only the alert holding one must be refused, by its field's
 * usual rule. A copy, malloc'ed; NULL when out of memory. */
static char *clamp_big_numbers(const char *body, size_t len)
{
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return NULL;
	memcpy(copy, body, len);
	int in_string = 0;
	for (size_t i = 0; i < len; i++) {
		if (string_step(copy, &i, &in_string))
			continue;
		char c = copy[i];
		if (c == '-' || (c >= '0' && c <= '9')) {
			size_t end = i + 1;
			while (end < len && copy[end] && strchr("0123456789.eE+-", copy[end]))
				end++;
			clamp_number(copy + i, end - i);
			i = end - 1;
		}
	}
	return copy;
}

const char *ingest_batch_parse(const char *body, size_t len, time_t now,
			       struct ingest_batch *b, int *status)
{
	memset(b, 0, sizeof *b);
	*status = 400;
	if (len > INGEST_MAX_BODY) {
		*status = 413;
		return "too_large";
	}
	if (!ingest_depth_ok(body, len, INGEST_MAX_DEPTH))
		return "too_deep";
	json_error_t jerr;
	const size_t flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY;
	b->root = json_loadb(body, len, flags, &jerr);
	if (!b->root && json_error_code(&jerr) == json_error_numeric_overflow) {
		char *clamped = clamp_big_numbers(body, len);
		if (!clamped) {
			*status = 503;
			return "out_of_memory";
		}
		b->root = json_loadb(clamped, len, flags, &jerr);
		free(clamped);
	}
	if (!b->root)
		return "malformed_json";
	if (!json_is_object(b->root))
		return "not_an_object";
	const char *key;
	json_t *value;
	json_object_foreach(b->root, key, value)
		if (strcmp(key, "alerts") != 0)
			return "unknown_field";
	json_t *alerts = json_object_get(b->root, "alerts");
	if (!alerts)
		return "missing_alerts";
	if (!json_is_array(alerts))
		return "alerts_not_an_array";
	b->n = json_array_size(alerts);
	if (b->n == 0)
		return "no_alerts";
	if (b->n > INGEST_MAX_ALERTS) {
		*status = 413;
		return "too_many_alerts";
	}
	b->items = calloc(b->n, sizeof *b->items);
	if (!b->items) {
		*status = 503;
		return "out_of_memory";
	}
	for (size_t i = 0; i < b->n; i++) {
		struct ingest_item *it = &b->items[i];
		json_t *a = json_array_get(alerts, i);
		json_t *id = json_is_object(a) ? json_object_get(a, "id") : NULL;
		it->id = json_is_string(id) ? json_string_value(id) : NULL;
		it->reason = ingest_alert_check(a, now, &it->alert, &it->field);
	}
	*status = 0;
	return NULL;
}

void ingest_batch_free(struct ingest_batch *b)
{
	free(b->items);
	if (b->root)
		json_decref(b->root);
	memset(b, 0, sizeof *b);
}
