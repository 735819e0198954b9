/* The contract dates of an approval are days in Tokyo (SIGNUP-7). */
#include "mm_test.h"
#include "signup_dates.h"
#include <time.h>

static time_t utc(int y, int mon, int d, int h, int min, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mon - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = min, .tm_sec = s };
	return timegm(&tm);
}

MM_TEST(test_morning_in_tokyo_is_the_next_utc_day)
{
	char start[11], renewal[11];
	/* 08:30 on 6 December in Tokyo is still 5 December in UTC */
	CHECK_INTEQ(signup_contract_dates(utc(2026, 12, 5, 23, 30, 0), start, renewal), 0);
	CHECK_STREQ(start, "2026-12-06");
	CHECK_STREQ(renewal, "2027-12-06");
	/* 00:00:00 in Tokyo starts the new day; a second earlier is the old one */
	CHECK_INTEQ(signup_contract_dates(utc(2026, 12, 5, 15, 0, 0), start, renewal), 0);
	CHECK_STREQ(start, "2026-12-06");
	CHECK_INTEQ(signup_contract_dates(utc(2026, 12, 5, 14, 59, 59), start, renewal), 0);
	CHECK_STREQ(start, "2026-12-05");
	CHECK_STREQ(renewal, "2027-12-05");
	/* 08:59 in Tokyo on New Year's Day: the year is Tokyo's too */
	CHECK_INTEQ(signup_contract_dates(utc(2026, 12, 31, 23, 59, 0), start, renewal), 0);
	CHECK_STREQ(start, "2027-01-01");
	CHECK_STREQ(renewal, "2028-01-01");
}

MM_TEST(test_leap_day_renews_on_the_28th)
{
	char start[11], renewal[11];
	/* 29 February 2028 begins at 15:00 UTC on the 28th */
	CHECK_INTEQ(signup_contract_dates(utc(2028, 2, 28, 15, 0, 0), start, renewal), 0);
	CHECK_STREQ(start, "2028-02-29");
	CHECK_STREQ(renewal, "2029-02-28");
	CHECK_INTEQ(signup_contract_dates(utc(2028, 2, 28, 14, 0, 0), start, renewal), 0);
	CHECK_STREQ(start, "2028-02-28");
	CHECK_STREQ(renewal, "2029-02-28");
	/* to a leap year, the 29th exists */
	CHECK_INTEQ(signup_contract_dates(utc(2031, 3, 1, 0, 0, 0), start, renewal), 0);
	CHECK_STREQ(start, "2031-03-01");
	CHECK_STREQ(renewal, "2032-03-01");
}

MM_TEST_MAIN(test_morning_in_tokyo_is_the_next_utc_day, test_leap_day_renews_on_the_28th)
