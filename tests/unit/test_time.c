/* Times shown in the reader's zone, at fixed instants. */
#include "mm_test.h"
#include "mm_time.h"

/* 2026-12-04 05:06:07 UTC */
#define T0 ((time_t)1796360767)

MM_TEST(test_default_zone_is_tokyo)
{
	char out[MM_TIME_LEN];
	CHECK_STREQ(mm_time_format(NULL, T0, out), "2026-12-04 14:06:07");
	CHECK_STREQ(mm_time_format("", T0, out), "2026-12-04 14:06:07");
	CHECK_STREQ(mm_time_format("Asia/Tokyo", T0, out), "2026-12-04 14:06:07");
	/* an unknown or hostile zone falls back to the default, never to UTC */
	CHECK_STREQ(mm_time_format("Mars/Olympus", T0, out), "2026-12-04 14:06:07");
	CHECK_STREQ(mm_time_format("../../etc/passwd", T0, out), "2026-12-04 14:06:07");
}

MM_TEST(test_other_zones_and_switching)
{
	char out[MM_TIME_LEN];
	CHECK_STREQ(mm_time_format("UTC", T0, out), "2026-12-04 05:06:07");
	CHECK_STREQ(mm_time_format("America/New_York", T0, out), "2026-12-04 00:06:07");
	/* summer time: 2026-07-01 12:00:00 UTC */
	CHECK_STREQ(mm_time_format("America/New_York", (time_t)1782907200, out),
		    "2026-07-01 08:00:00");
	CHECK_STREQ(mm_time_format("Asia/Kolkata", T0, out), "2026-12-04 10:36:07");
	CHECK_STREQ(mm_time_format("Asia/Tokyo", T0, out), "2026-12-04 14:06:07");
	CHECK_STREQ(mm_time_format("Asia/Tokyo", 0, out), "");
}

MM_TEST(test_zone_names)
{
	CHECK(mm_time_zone_valid("Asia/Tokyo"));
	CHECK(mm_time_zone_valid("UTC"));
	CHECK(!mm_time_zone_valid(""));
	CHECK(!mm_time_zone_valid(NULL));
	CHECK(!mm_time_zone_valid("/etc/passwd"));
	CHECK(!mm_time_zone_valid("Asia/../../etc/passwd"));
	CHECK(!mm_time_zone_valid("Asia/Tokyo\n"));
	CHECK(!mm_time_zone_valid("Nowhere/Else"));
}

MM_TEST(test_local_dates)
{
	/* 2026-12-04 00:00 in Tokyo is 2026-12-03 15:00 UTC */
	CHECK_INTEQ(mm_time_local_date("Asia/Tokyo", "2026-12-04"), 1796342400 - 9 * 3600);
	CHECK_INTEQ(mm_time_local_date("UTC", "2026-12-04"), 1796342400);
	CHECK_INTEQ(mm_time_local_date(NULL, "2026-12-04"), 1796342400 - 9 * 3600);
	CHECK_INTEQ(mm_time_local_date("UTC", "2026-02-31"), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", "2026-13-01"), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", "2026-1-01"), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", "2026-01-01x"), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", "abcd-ef-gh"), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", ""), 0);
	CHECK_INTEQ(mm_time_local_date("UTC", NULL), 0);
}

MM_TEST(test_japan_days)
{
	char day[11];
	/* 2026-12-04 00:00 in Tokyo is 2026-12-03 15:00 UTC (1796342400 - 9 h) */
	time_t midnight = 1796342400 - 9 * 3600;
	mm_time_japan_day(midnight - 1, day);
	CHECK_STREQ(day, "2026-12-03");
	mm_time_japan_day(midnight, day);
	CHECK_STREQ(day, "2026-12-04");
	mm_time_japan_day(midnight + 86399, day);
	CHECK_STREQ(day, "2026-12-04");
	CHECK_INTEQ(mm_time_japan_midnight(midnight), midnight);
	CHECK_INTEQ(mm_time_japan_midnight(midnight + 86399), midnight);
	CHECK_INTEQ(mm_time_japan_midnight(midnight - 1), midnight - 86400);
	/* the same as the tz database's Asia/Tokyo */
	CHECK_INTEQ(mm_time_local_date("Asia/Tokyo", "2026-12-04"), midnight);
}

/* A "to" date ends at the next local midnight: 25 hours on the day the
 * clocks go back, 23 on the day they go forward. */
MM_TEST(test_local_date_ends)
{
	/* Europe/Berlin: CEST ends 2026-10-25 03:00, begins 2026-03-29 02:00 */
	CHECK_INTEQ(mm_time_local_date("Europe/Berlin", "2026-10-25"), 1792879200);
	CHECK_INTEQ(mm_time_local_date_end("Europe/Berlin", "2026-10-25"), 1792969200);
	CHECK_INTEQ(mm_time_local_date_end("Europe/Berlin", "2026-10-25") -
		    mm_time_local_date("Europe/Berlin", "2026-10-25"), 25 * 3600);
	CHECK_INTEQ(mm_time_local_date_end("Europe/Berlin", "2026-03-29"), 1774821600);
	CHECK_INTEQ(mm_time_local_date_end("Europe/Berlin", "2026-03-29") -
		    mm_time_local_date("Europe/Berlin", "2026-03-29"), 23 * 3600);
	CHECK_INTEQ(mm_time_local_date_end("Europe/Berlin", "2026-10-24"),
		    mm_time_local_date("Europe/Berlin", "2026-10-25"));
	/* month and year ends, and Tokyo */
	CHECK_INTEQ(mm_time_local_date_end("Asia/Tokyo", "2026-12-31"), 1798729200);
	CHECK_INTEQ(mm_time_local_date_end("UTC", "2028-02-28"), mm_time_local_date("UTC", "2028-02-29"));
	CHECK_INTEQ(mm_time_local_date_end("UTC", "2027-02-28"), mm_time_local_date("UTC", "2027-03-01"));
	CHECK_INTEQ(mm_time_local_date_end("UTC", "2026-02-31"), 0);
	CHECK_INTEQ(mm_time_local_date_end("UTC", "x"), 0);
	CHECK_INTEQ(mm_time_local_date_end("UTC", NULL), 0);
}

MM_TEST_MAIN(test_default_zone_is_tokyo, test_other_zones_and_switching, test_zone_names,
	     test_local_dates, test_japan_days, test_local_date_ends)
