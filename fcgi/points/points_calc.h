/* Point arithmetic and period dates (PTS-1, PTS-2), free of the database
 * and of the process's time zone so that it can be tested on its own.
 *
 * Amounts are the columns' INT UNSIGNED: 0 … PTS_COLUMN_MAX. A period is a
 * range of Japanese business dates, both ends inclusive; the calendar is
 * Asia/Tokyo, which has kept UTC+9 without summer time since 1951. */
#ifndef POINTS_CALC_H
#define POINTS_CALC_H
#include <time.h>

#define PTS_COLUMN_MAX 4294967295LL	/* INT UNSIGNED */
#define PTS_AMOUNT_MAX 9999999LL	/* one amount typed by staff: 7 digits */
#define PTS_DATE_LEN 11			/* "YYYY-MM-DD" + NUL */

struct pts_date {
	int y, m, d;
};

int pts_is_leap(int y);
/* 28 … 31, or 0 for a month outside 1 … 12. */
int pts_days_in_month(int y, int m);
/* 1 when d names a real day of years 1970 … 9999. */
int pts_date_valid(const struct pts_date *d);
/* "YYYY-MM-DD" (exactly) into *d: 0, or -1 when malformed or no such day. */
int pts_date_parse(const char *s, struct pts_date *d);
void pts_date_format(const struct pts_date *d, char out[PTS_DATE_LEN]);
/* <0, 0, >0 like strcmp. */
int pts_date_cmp(const struct pts_date *a, const struct pts_date *b);
/* The Japanese business date of instant t. */
void pts_tokyo_date(time_t t, struct pts_date *out);

/* The calendar month holding day: its first and last day. */
void pts_month_of(const struct pts_date *day, struct pts_date *first, struct pts_date *last);
/* The first day of the month after (delta 1) or before (delta -1) the
 * month holding day; any delta works. */
void pts_month_add(const struct pts_date *day, int delta, struct pts_date *first);

/* remaining = contracted + credited - consumed. 0 and *out, or -1 when an
 * input is outside 0 … PTS_COLUMN_MAX or the result would be negative. */
int pts_remaining(long long contracted, long long credited, long long consumed,
		  long long *out);
/* 1 when a cost (> 0) fits in what remains, 0 when not, -1 for bad input. */
int pts_cost_fits(long long cost, long long contracted, long long credited,
		  long long consumed);
/* 1 when contracted may become new_contracted without the remaining going
 * below zero, 0 when not, -1 for bad input. */
int pts_contract_change_ok(long long new_contracted, long long credited, long long consumed);
/* 1 when a credit of add (> 0) keeps credited within the column, 0 when
 * not, -1 for bad input. */
int pts_credit_ok(long long credited, long long add);
/* An amount typed by a person: 1 … 7 ASCII digits (leading zeros are
 * fine), 0 … PTS_AMOUNT_MAX. 0 and *out, or -1. */
int pts_amount_parse(const char *s, long long *out);

#endif
