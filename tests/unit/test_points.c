/* Point arithmetic and period dates (PTS-1, PTS-2): month ends, leap
 * years, the change of year, zero amounts and the column's limits. */
#include "mm_test.h"
#include "points_calc.h"

static const char *fmt(const struct pts_date *d)
{
	static char out[4][PTS_DATE_LEN];
	static int i;
	i = (i + 1) % 4;
	pts_date_format(d, out[i]);
	return out[i];
}

MM_TEST(test_month_lengths_and_leap_years)
{
	CHECK_INTEQ(pts_days_in_month(2026, 1), 31);
	CHECK_INTEQ(pts_days_in_month(2026, 2), 28);
	CHECK_INTEQ(pts_days_in_month(2028, 2), 29);
	CHECK_INTEQ(pts_days_in_month(2100, 2), 28);	/* century: not leap */
	CHECK_INTEQ(pts_days_in_month(2000, 2), 29);	/* every 400 years: leap */
	CHECK_INTEQ(pts_days_in_month(2026, 4), 30);
	CHECK_INTEQ(pts_days_in_month(2026, 12), 31);
	CHECK_INTEQ(pts_days_in_month(2026, 0), 0);
	CHECK_INTEQ(pts_days_in_month(2026, 13), 0);
}

MM_TEST(test_month_ranges)
{
	struct pts_date first, last;
	pts_month_of(&(struct pts_date){ 2026, 12, 4 }, &first, &last);
	CHECK_STREQ(fmt(&first), "2026-12-01");
	CHECK_STREQ(fmt(&last), "2026-12-31");
	pts_month_of(&(struct pts_date){ 2028, 2, 29 }, &first, &last);
	CHECK_STREQ(fmt(&last), "2028-02-29");
	pts_month_of(&(struct pts_date){ 2027, 2, 1 }, &first, &last);
	CHECK_STREQ(fmt(&last), "2027-02-28");
	pts_month_of(&(struct pts_date){ 2026, 11, 30 }, &first, &last);
	CHECK_STREQ(fmt(&first), "2026-11-01");
	CHECK_STREQ(fmt(&last), "2026-11-30");
}

MM_TEST(test_month_steps_across_years)
{
	struct pts_date next;
	pts_month_add(&(struct pts_date){ 2026, 12, 31 }, 1, &next);
	CHECK_STREQ(fmt(&next), "2027-01-01");
	pts_month_add(&(struct pts_date){ 2027, 1, 15 }, -1, &next);
	CHECK_STREQ(fmt(&next), "2026-12-01");
	pts_month_add(&(struct pts_date){ 2026, 1, 31 }, 1, &next);	/* no day overflow */
	CHECK_STREQ(fmt(&next), "2026-02-01");
	pts_month_add(&(struct pts_date){ 2026, 3, 1 }, -14, &next);
	CHECK_STREQ(fmt(&next), "2025-01-01");
	pts_month_add(&(struct pts_date){ 2026, 3, 1 }, 22, &next);
	CHECK_STREQ(fmt(&next), "2028-01-01");
	pts_month_add(&(struct pts_date){ 2026, 3, 1 }, 0, &next);
	CHECK_STREQ(fmt(&next), "2026-03-01");
}

MM_TEST(test_tokyo_dates)
{
	struct pts_date d;
	/* 2026-12-31 14:59:59 UTC is still the 31st in Tokyo ... */
	pts_tokyo_date((time_t)1798729199, &d);
	CHECK_STREQ(fmt(&d), "2026-12-31");
	/* ... and 15:00:00 UTC is New Year's Day there */
	pts_tokyo_date((time_t)1798729200, &d);
	CHECK_STREQ(fmt(&d), "2027-01-01");
	/* 2028-02-28 15:00:00 UTC: the leap day */
	pts_tokyo_date((time_t)1835362800, &d);
	CHECK_STREQ(fmt(&d), "2028-02-29");
}

MM_TEST(test_date_parsing)
{
	struct pts_date d;
	CHECK_INTEQ(pts_date_parse("2026-12-04", &d), 0);
	CHECK_INTEQ(d.y, 2026);
	CHECK_INTEQ(d.m, 12);
	CHECK_INTEQ(d.d, 4);
	CHECK_INTEQ(pts_date_parse("2028-02-29", &d), 0);
	CHECK_INTEQ(pts_date_parse("2027-02-29", &d), -1);
	CHECK_INTEQ(pts_date_parse("2026-04-31", &d), -1);
	CHECK_INTEQ(pts_date_parse("2026-13-01", &d), -1);
	CHECK_INTEQ(pts_date_parse("2026-00-10", &d), -1);
	CHECK_INTEQ(pts_date_parse("2026-1-01", &d), -1);
	CHECK_INTEQ(pts_date_parse("2026-01-01 ", &d), -1);
	CHECK_INTEQ(pts_date_parse("２０２６-01-01", &d), -1);
	CHECK_INTEQ(pts_date_parse("", &d), -1);
	CHECK_INTEQ(pts_date_parse(NULL, &d), -1);
	CHECK_INTEQ(pts_date_parse("1969-12-31", &d), -1);
	CHECK(pts_date_cmp(&(struct pts_date){ 2026, 12, 31 }, &(struct pts_date){ 2027, 1, 1 }) < 0);
	CHECK(pts_date_cmp(&(struct pts_date){ 2027, 1, 2 }, &(struct pts_date){ 2027, 1, 1 }) > 0);
	CHECK_INTEQ(pts_date_cmp(&(struct pts_date){ 2027, 1, 1 }, &(struct pts_date){ 2027, 1, 1 }), 0);
}

MM_TEST(test_remaining)
{
	long long left = -1;
	CHECK_INTEQ(pts_remaining(100, 20, 30, &left), 0);
	CHECK_INTEQ(left, 90);
	CHECK_INTEQ(pts_remaining(0, 0, 0, &left), 0);
	CHECK_INTEQ(left, 0);
	CHECK_INTEQ(pts_remaining(50, 0, 50, &left), 0);
	CHECK_INTEQ(left, 0);
	CHECK_INTEQ(pts_remaining(50, 0, 51, &left), -1);
	CHECK_INTEQ(pts_remaining(-1, 0, 0, &left), -1);
	/* the column's limits: the sum of two maxima still fits */
	CHECK_INTEQ(pts_remaining(PTS_COLUMN_MAX, PTS_COLUMN_MAX, 0, &left), 0);
	CHECK_INTEQ(left, 2 * PTS_COLUMN_MAX);
	CHECK_INTEQ(pts_remaining(PTS_COLUMN_MAX + 1, 0, 0, &left), -1);
	CHECK_INTEQ(pts_remaining(0, 0, PTS_COLUMN_MAX + 1, &left), -1);
}

MM_TEST(test_cost_fits)
{
	CHECK_INTEQ(pts_cost_fits(10, 100, 0, 90), 1);	/* exactly the rest */
	CHECK_INTEQ(pts_cost_fits(11, 100, 0, 90), 0);
	CHECK_INTEQ(pts_cost_fits(11, 100, 1, 90), 1);	/* a credit makes room */
	CHECK_INTEQ(pts_cost_fits(1, 0, 0, 0), 0);	/* nothing contracted */
	CHECK_INTEQ(pts_cost_fits(0, 100, 0, 0), -1);	/* a cost is positive */
	CHECK_INTEQ(pts_cost_fits(-5, 100, 0, 0), -1);
	CHECK_INTEQ(pts_cost_fits(PTS_COLUMN_MAX + 1, PTS_COLUMN_MAX, PTS_COLUMN_MAX, 0), -1);
	CHECK_INTEQ(pts_cost_fits(PTS_COLUMN_MAX, PTS_COLUMN_MAX, 0, 0), 1);
	CHECK_INTEQ(pts_cost_fits(1, 10, 0, 11), -1);	/* an impossible row */
}

MM_TEST(test_contract_change_and_credit)
{
	CHECK_INTEQ(pts_contract_change_ok(30, 0, 30), 1);
	CHECK_INTEQ(pts_contract_change_ok(29, 0, 30), 0);
	CHECK_INTEQ(pts_contract_change_ok(0, 30, 30), 1);	/* credits cover it */
	CHECK_INTEQ(pts_contract_change_ok(0, 0, 0), 1);
	CHECK_INTEQ(pts_contract_change_ok(-1, 0, 0), -1);
	CHECK_INTEQ(pts_contract_change_ok(PTS_COLUMN_MAX + 1, 0, 0), -1);
	CHECK_INTEQ(pts_credit_ok(0, 1), 1);
	CHECK_INTEQ(pts_credit_ok(0, 0), -1);
	CHECK_INTEQ(pts_credit_ok(0, -3), -1);
	CHECK_INTEQ(pts_credit_ok(PTS_COLUMN_MAX - 5, 5), 1);
	CHECK_INTEQ(pts_credit_ok(PTS_COLUMN_MAX - 5, 6), 0);
}

MM_TEST(test_amounts_typed)
{
	long long v = -1;
	CHECK_INTEQ(pts_amount_parse("0", &v), 0);
	CHECK_INTEQ(v, 0);
	CHECK_INTEQ(pts_amount_parse("120", &v), 0);
	CHECK_INTEQ(v, 120);
	CHECK_INTEQ(pts_amount_parse("0007", &v), 0);
	CHECK_INTEQ(v, 7);
	CHECK_INTEQ(pts_amount_parse("9999999", &v), 0);
	CHECK_INTEQ(v, PTS_AMOUNT_MAX);
	CHECK_INTEQ(pts_amount_parse("10000000", &v), -1);
	CHECK_INTEQ(pts_amount_parse("-1", &v), -1);
	CHECK_INTEQ(pts_amount_parse("1.5", &v), -1);
	CHECK_INTEQ(pts_amount_parse(" 1", &v), -1);
	CHECK_INTEQ(pts_amount_parse("１", &v), -1);
	CHECK_INTEQ(pts_amount_parse("", &v), -1);
	CHECK_INTEQ(pts_amount_parse(NULL, &v), -1);
}

MM_TEST_MAIN(test_month_lengths_and_leap_years, test_month_ranges, test_month_steps_across_years,
	     test_tokyo_dates, test_date_parsing, test_remaining, test_cost_fits,
	     test_contract_change_and_credit, test_amounts_typed)
