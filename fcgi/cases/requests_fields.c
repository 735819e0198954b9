/* Work request form fields: value and definition checks (see
 * requests_fields.h). Everything a customer types reaches the request
 * only through rq_value_check, so it refuses rather than repairs. */
#include "requests_fields.h"
#include "mm_civil.h"
#include "mm_parse.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[RQ_NKINDS] = {
	"text", "longtext", "number", "date", "choice", "yesno", "ip", "url"
};

const char *rq_kind_name(int kind)
{
	return kind >= 0 && kind < RQ_NKINDS ? kind_names[kind] : NULL;
}

int rq_kind_parse(const char *s)
{
	for (int i = 0; s && i < RQ_NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

long long rq_max_length(const struct rq_field *f)
{
	switch (f->kind) {
	case RQ_TEXT:
		return f->max_length > 0 && f->max_length <= RQ_TEXT_CAP ? f->max_length :
		       RQ_TEXT_DEFAULT;
	case RQ_LONGTEXT:
		return f->max_length > 0 && f->max_length <= RQ_LONGTEXT_CAP ? f->max_length :
		       RQ_LONGTEXT_DEFAULT;
	case RQ_URL:
		return RQ_URL_MAX;
	case RQ_CHOICE:
		return RQ_OPTION_MAX;
	default:
		return 64;	/* numbers, dates, addresses: far below */
	}
}

/* Valid UTF-8 without control characters (C0, DEL, C1); line breaks and
 * tabs only when lines is set. The length in characters, a CRLF counting
 * as the one line break it is stored as; -1 when refused. */
static long long plain_chars(const char *v, int lines)
{
	size_t len = strlen(v);
	if (!mm_utf8_valid(v, len))
		return -1;
	long long n = 0;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			n++;
		if (*p == '\r' && p[1] == '\n' && lines)
			n--;
		if (*p < 0x20 && !(lines && (*p == '\n' || *p == '\r' || *p == '\t')))
			return -1;
		if (*p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return -1;
	}
	return n;
}

static const char *check_number(const struct rq_field *f, const char *v)
{
	const char *p = v[0] == '-' ? v + 1 : v;
	size_t digits = strspn(p, "0123456789");
	if (digits == 0 || p[digits] != '\0' || digits > RQ_NUMBER_DIGITS)
		return "requests.err.number";
	long long n = strtoll(v, NULL, 10);
	if ((f->has_min && n < f->min_value) || (f->has_max && n > f->max_value))
		return "requests.err.number_range";
	return NULL;
}

/* A real calendar date within the field's bounds, which count in days
 * from today: a date before the earliest one is "in the past" when that is
 * today (a block until today ends with the day: allowed). */
static const char *check_date(const struct rq_field *f, const char *v, long long today)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || strspn(v, "0123456789") != 4 ||
	    strspn(v + 5, "0123456789") != 2 || strspn(v + 8, "0123456789") != 2)
		return "requests.err.date";
	int y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
		return "requests.err.date";
	long long day = mm_days_from_civil(y, m, d);
	if (f->has_min && day < today + f->min_value)
		return f->min_value == 0 ? "requests.err.date_past" : "requests.err.date_range";
	if (f->has_max && day > today + f->max_value)
		return "requests.err.date_range";
	return NULL;
}

const char *rq_date_order_check(const char *earlier, const char *later)
{
	struct rq_field date = { .kind = RQ_DATE };
	if (!earlier || !later || !*earlier || !*later || check_date(&date, earlier, 0) ||
	    check_date(&date, later, 0))
		return NULL;
	/* both are YYYY-MM-DD with four-digit years: the text sorts as the day */
	return strcmp(later, earlier) < 0 ? "requests.err.date_order" : NULL;
}

const char *rq_not_before_def_check(int kind, const char *name, const char *other,
				    int other_kind)
{
	if (!other || !*other)
		return NULL;
	if (kind != RQ_DATE || other_kind != RQ_DATE || !rq_name_ok(other) ||
	    (name && strcmp(name, other) == 0))
		return "requests.err.def_not_before";
	return NULL;
}

void rq_date_of(long long day, long long days, char out[11])
{
	int y, m, d;
	mm_civil_from_days(day + days, &y, &m, &d);
	y = y < 0 ? 0 : y > 9999 ? 9999 : y;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* An address as inet_pton reads it (dotted quad without leading zeros;
 * RFC 4291 text for IPv6, no zone), then optionally "/" and a prefix
 * length of at most 32 or 128 without leading zeros. */
static const char *check_ip(const char *v)
{
	char addr[64];
	const char *slash = strchr(v, '/');
	size_t n = slash ? (size_t)(slash - v) : strlen(v);
	if (n == 0 || n >= sizeof addr)
		return "requests.err.ip";
	memcpy(addr, v, n);
	addr[n] = '\0';
	unsigned char bin[16];
	int v6 = strchr(addr, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) != 1)
		return "requests.err.ip";
	if (!slash)
		return NULL;
	const char *len = slash + 1;
	size_t digits = strspn(len, "0123456789");
	if (digits == 0 || digits > 3 || len[digits] != '\0' || (len[0] == '0' && digits > 1))
		return "requests.err.ip";
	return atoi(len) <= (v6 ? 128 : 32) ? NULL : "requests.err.ip";
}

/* http(s)://host[:port][/…]: no blanks, controls or quote-like characters
 * anywhere; the host of letters, digits, '-', '.', an IPv6 literal in
 * brackets, or non-ASCII (internationalised names). No user:password@. */
static const char *check_url(const char *v)
{
	size_t skip;
	if (strncasecmp(v, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		skip = 7;
	else
		return "requests.err.url";
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= 0x20 || *p == 0x7F || strchr("\"<>\\^`{|}", *p))
			return "requests.err.url";
	const char *host = v + skip;
	size_t hlen = strcspn(host, "/?#");
	if (hlen == 0 || memchr(host, '@', hlen))
		return "requests.err.url";
	if (host[0] == '[') {
		const char *end = memchr(host, ']', hlen);
		char lit[64];
		size_t l = end ? (size_t)(end - host - 1) : 0;
		unsigned char bin[16];
		if (!end || l == 0 || l >= sizeof lit)
			return "requests.err.url";
		memcpy(lit, host + 1, l);
		lit[l] = '\0';
		if (inet_pton(AF_INET6, lit, bin) != 1)
			return "requests.err.url";
		host = end + 1;
		hlen -= l + 2;
		return hlen == 0 || (host[0] == ':' && hlen > 1 &&
				     strspn(host + 1, "0123456789") == hlen - 1) ? NULL : "requests.err.url";
	}
	size_t name = strcspn(host, ":/?#");
	if (name == 0 || host[0] == '.' || host[0] == '-')
		return "requests.err.url";
	for (size_t i = 0; i < name; i++) {
		unsigned char c = (unsigned char)host[i];
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return "requests.err.url";
	}
	if (name < hlen) {	/* ":port" */
		size_t port = hlen - name - 1;
		if (port == 0 || port > 5 || strspn(host + name + 1, "0123456789") != port)
			return "requests.err.url";
	}
	return NULL;
}

/* Blank bytes at s (space, tab, CR, the ideographic space U+3000): 0 when
 * s starts with none. */
static size_t blank_len(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r'))
		return 1;
	return n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

/* The next option line of *p without its line break and the blanks around
 * it: start and length; 0 at the end. Blank lines are skipped. */
static int next_line(const char **p, const char **start, size_t *len)
{
	while (**p) {
		const char *s = *p;
		size_t n = strcspn(s, "\n"), b;
		*p = s[n] ? s + n + 1 : s + n;
		while ((b = blank_len(s, n)) > 0) {
			s += b;
			n -= b;
		}
		for (;;) {
			if (n >= 1 && blank_len(s + n - 1, 1) == 1)
				n--;
			else if (n >= 3 && blank_len(s + n - 3, 3) == 3)
				n -= 3;
			else
				break;
		}
		if (n > 0) {
			*start = s;
			*len = n;
			return 1;
		}
	}
	return 0;
}

/* Splits an option line at its first '|' into trimmed names. */
static void split_option(const char *s, size_t n, const char **ja, size_t *jalen,
			 const char **en, size_t *enlen)
{
	const char *bar = memchr(s, '|', n);
	size_t a = bar ? (size_t)(bar - s) : n;
	while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
		a--;
	*ja = s;
	*jalen = a;
	*en = s;
	*enlen = a;
	if (!bar)
		return;
	const char *e = bar + 1, *end = s + n;
	while (e < end && (*e == ' ' || *e == '\t'))
		e++;
	if (e < end) {
		*en = e;
		*enlen = (size_t)(end - e);
	}
}

int rq_option_count(const char *options)
{
	const char *p = options ? options : "", *s;
	size_t n;
	int count = 0;
	while (next_line(&p, &s, &n))
		count++;
	return count;
}

int rq_option_at(const char *options, int i, char *ja, size_t jasize, char *en, size_t ensize)
{
	const char *p = options ? options : "", *s;
	size_t n;
	for (int k = 1; next_line(&p, &s, &n); k++) {
		if (k != i)
			continue;
		const char *a, *b;
		size_t al, bl;
		split_option(s, n, &a, &al, &b, &bl);
		snprintf(ja, jasize, "%.*s", (int)al, a);
		snprintf(en, ensize, "%.*s", (int)bl, b);
		return 1;
	}
	return 0;
}

int rq_option_find(const char *options, const char *v)
{
	const char *p = options ? options : "", *s;
	size_t n, vlen = strlen(v);
	for (int k = 1; next_line(&p, &s, &n); k++) {
		const char *a, *b;
		size_t al, bl;
		split_option(s, n, &a, &al, &b, &bl);
		if (al == vlen && al > 0 && memcmp(a, v, al) == 0)
			return k;
	}
	return 0;
}

const char *rq_value_check(const struct rq_field *f, const char *v, long long today)
{
	if (!v || !*v)
		return f->required ? "requests.err.required" : NULL;
	long long chars = plain_chars(v, f->kind == RQ_LONGTEXT);
	if (chars < 0)
		return "requests.err.characters";
	if (chars > rq_max_length(f))
		return "requests.err.too_long";
	switch (f->kind) {
	case RQ_TEXT:
	case RQ_LONGTEXT:
		return NULL;
	case RQ_NUMBER:
		return check_number(f, v);
	case RQ_DATE:
		return check_date(f, v, today);
	case RQ_CHOICE:
		return rq_option_find(f->options, v) > 0 ? NULL : "requests.err.choice";
	case RQ_YESNO:
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ? NULL : "requests.err.choice";
	case RQ_IP:
		return check_ip(v);
	case RQ_URL:
		return check_url(v);
	default:
		return "requests.err.field";
	}
}

int rq_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n > 0 && n <= RQ_NAME_MAX && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static const char *check_options(const char *options)
{
	int count = rq_option_count(options);
	if (count < 1 || count > RQ_OPTIONS_MAX)
		return "requests.err.def_options";
	if (plain_chars(options, 1) < 0)
		return "requests.err.def_options";
	for (int i = 1; i <= count; i++) {
		char ja[RQ_OPTION_MAX * 4 + 8], en[RQ_OPTION_MAX * 4 + 8];
		rq_option_at(options, i, ja, sizeof ja, en, sizeof en);
		/* a name longer than fits the buffer is refused, not cut */
		if (!*ja || plain_chars(ja, 0) > RQ_OPTION_MAX || plain_chars(en, 0) > RQ_OPTION_MAX ||
		    strlen(ja) >= sizeof ja - 4 || strlen(en) >= sizeof en - 4)
			return "requests.err.def_options";
		if (rq_option_find(options, ja) != i)
			return "requests.err.def_options_dup";
	}
	return NULL;
}

const char *rq_field_def_check(const struct rq_field *f)
{
	if (!rq_kind_name(f->kind))
		return "requests.err.def_kind";
	if (f->max_length < 0 ||
	    (f->kind == RQ_TEXT && f->max_length > RQ_TEXT_CAP) ||
	    (f->kind == RQ_LONGTEXT && f->max_length > RQ_LONGTEXT_CAP) ||
	    (f->max_length && f->kind != RQ_TEXT && f->kind != RQ_LONGTEXT))
		return "requests.err.def_length";
	if ((f->has_min || f->has_max) && f->kind != RQ_NUMBER && f->kind != RQ_DATE)
		return "requests.err.def_range";
	/* RQ_NUMBER_DIGITS nines, or the days a date's bounds may reach */
	long long bound = f->kind == RQ_DATE ? RQ_DATE_DAYS : 999999999999999LL;
	if ((f->has_min && (f->min_value < -bound || f->min_value > bound)) ||
	    (f->has_max && (f->max_value < -bound || f->max_value > bound)) ||
	    (f->has_min && f->has_max && f->min_value > f->max_value))
		return "requests.err.def_range";
	if (f->kind == RQ_CHOICE)
		return check_options(f->options);
	if (f->options && *f->options)
		return "requests.err.def_options";
	return NULL;
}
