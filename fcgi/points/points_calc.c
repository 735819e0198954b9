/* Point arithmetic and period dates; see points_calc.h. */
#include "points_calc.h"
#include <stdio.h>
#include <string.h>

#define TOKYO_OFFSET (9 * 3600)

int pts_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int pts_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && pts_is_leap(y) ? 29 : days[m - 1];
}

int pts_date_valid(const struct pts_date *d)
{
	return d->y >= 1970 && d->y <= 9999 && d->d >= 1 && d->d <= pts_days_in_month(d->y, d->m);
}

int pts_date_parse(const char *s, struct pts_date *d)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		return -1;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return -1;
	d->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->m = (s[5] - '0') * 10 + (s[6] - '0');
	d->d = (s[8] - '0') * 10 + (s[9] - '0');
	return pts_date_valid(d) ? 0 : -1;
}

void pts_date_format(const struct pts_date *d, char out[PTS_DATE_LEN])
{
	/* the moduli only bound the widths for the compiler; valid dates pass as they are */
	snprintf(out, PTS_DATE_LEN, "%04u-%02u-%02u", (unsigned)d->y % 10000u, (unsigned)d->m % 100u,
		 (unsigned)d->d % 100u);
}

int pts_date_cmp(const struct pts_date *a, const struct pts_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return a->d < b->d ? -1 : a->d > b->d;
}

void pts_tokyo_date(time_t t, struct pts_date *out)
{
	time_t local = t + TOKYO_OFFSET;
	struct tm tm;
	gmtime_r(&local, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
}

void pts_month_of(const struct pts_date *day, struct pts_date *first, struct pts_date *last)
{
	*first = (struct pts_date){ day->y, day->m, 1 };
	*last = (struct pts_date){ day->y, day->m, pts_days_in_month(day->y, day->m) };
}

void pts_month_add(const struct pts_date *day, int delta, struct pts_date *first)
{
	/* months counted from year 0 keep the division simple for negative deltas */
	long long n = (long long)day->y * 12 + (day->m - 1) + delta;
	long long y = n >= 0 ? n / 12 : -((-n + 11) / 12);
	*first = (struct pts_date){ (int)y, (int)(n - y * 12) + 1, 1 };
}

static int in_column(long long v)
{
	return v >= 0 && v <= PTS_COLUMN_MAX;
}

int pts_remaining(long long contracted, long long credited, long long consumed, long long *out)
{
	/* each operand is below 2^32, so the sum cannot overflow a long long */
	if (!in_column(contracted) || !in_column(credited) || !in_column(consumed))
		return -1;
	long long r = contracted + credited - consumed;
	if (r < 0)
		return -1;
	*out = r;
	return 0;
}

int pts_cost_fits(long long cost, long long contracted, long long credited, long long consumed)
{
	long long left;
	if (cost <= 0 || !in_column(cost) || pts_remaining(contracted, credited, consumed, &left) < 0)
		return -1;
	return cost <= left;
}

int pts_contract_change_ok(long long new_contracted, long long credited, long long consumed)
{
	if (!in_column(new_contracted) || !in_column(credited) || !in_column(consumed))
		return -1;
	return new_contracted + credited >= consumed;
}

int pts_credit_ok(long long credited, long long add)
{
	if (add <= 0 || !in_column(add) || !in_column(credited))
		return -1;
	return credited + add <= PTS_COLUMN_MAX;
}

int pts_amount_parse(const char *s, long long *out)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 7)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}
