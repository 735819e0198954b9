/* Report periods: plain calendar arithmetic on day numbers (no time zone
 * here: "today" comes from the reader's zone, the days are the days of the
 * kept counts). */
#include "report.h"
#include "mm_civil.h"
#include <stdio.h>
#include <string.h>

void report_day_string(long z, char out[11])
{
	int y, m, d;
	mm_civil_from_days(z, &y, &m, &d);
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int month_days(long y, long m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM" or "YYYY-MM-DD" (with_day): 1 and the parts, or 0. */
static int parse_ymd(const char *s, int with_day, long *y, long *m, long *d)
{
	size_t len = with_day ? 10 : 7;
	if (!s || strlen(s) != len || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    (with_day && (s[7] != '-' || !digits(s + 8, 2))))
		return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = with_day ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
	return *y >= 2000 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

long report_day_number(const char *ymd)
{
	long y, m, d;
	return parse_ymd(ymd, 1, &y, &m, &d) ? mm_days_from_civil(y, m, d) : -1;
}

static int empty(const char *s)
{
	return !s || !*s;
}

const char *report_period_parse(const char *period, const char *month, const char *from,
				const char *to, const char *today, struct report_period *p)
{
	memset(p, 0, sizeof *p);
	long now = report_day_number(today), first, last;
	if (now < 0)
		return "report.err.format";
	if (empty(period) || strcmp(period, "30d") == 0) {
		p->kind = REPORT_LAST30;
		first = now - (REPORT_DEFAULT_DAYS - 1);
		last = now;
	} else if (strcmp(period, "month") == 0) {
		long y, m, d;
		p->kind = REPORT_MONTH;
		if (empty(month))
			return "report.err.month_missing";
		if (!parse_ymd(month, 0, &y, &m, &d))
			return "report.err.month_format";
		first = mm_days_from_civil(y, m, 1);
		last = first + month_days(y, m) - 1;
	} else if (strcmp(period, "range") == 0) {
		p->kind = REPORT_RANGE;
		if (empty(from) || empty(to))
			return "report.err.range_missing";
		first = report_day_number(from);
		last = report_day_number(to);
		if (first < 0 || last < 0)
			return "report.err.date_format";
		if (first > last)
			return "report.err.reversed";
		if (last - first + 1 > REPORT_MAX_DAYS)
			return "report.err.too_long";
		if (last > now)
			return "report.err.future";
	} else {
		return "report.err.format";
	}
	if (first > now)
		return "report.err.future";
	if (last > now)
		last = now;
	report_day_string(first, p->from);
	report_day_string(last, p->to);
	p->days = (int)(last - first + 1);
	return NULL;
}
