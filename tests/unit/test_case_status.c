/* The case lifecycle (CASE-5): every status × actor × action, allowed or
 * refused, against a table written from the specification. */
#include "mm_test.h"
#include "cases_status.h"

enum { N = CASE_NSTATUS, REF = -1 };
#define S_NEW CASE_NEW
#define S_WRK CASE_WORKING
#define S_AWC CASE_AWAITING_CUSTOMER
#define S_RES CASE_RESOLVED
#define S_CLO CASE_CLOSED

/* expected[from] for a customer: the status after, or REF. */
static const int customer_comment[N] = { S_NEW, S_WRK, S_WRK, S_RES, REF };
static const int customer_close[N] = { S_CLO, S_CLO, S_CLO, REF, REF };
static const int customer_accept[N] = { REF, REF, REF, S_CLO, REF };
static const int customer_reject[N] = { REF, REF, REF, S_WRK, REF };
static const int customer_attach[N] = { S_NEW, S_WRK, S_AWC, S_RES, REF };

static void check_row(enum case_actor who, enum case_action a, const int *want)
{
	for (int from = 0; from < N; from++) {
		enum case_status to = (enum case_status)99;
		enum case_refusal why = case_transition((enum case_status)from, who, a, from, &to);
		if (want[from] == REF) {
			CHECK(why != CASE_OK);
			CHECK_INTEQ(to, from);
		} else {
			CHECK_INTEQ(why, CASE_OK);
			CHECK_INTEQ(to, want[from]);
		}
	}
}

MM_TEST(test_customer_actions)
{
	check_row(CASE_BY_CUSTOMER, CASE_ACT_COMMENT, customer_comment);
	check_row(CASE_BY_CUSTOMER, CASE_ACT_CLOSE, customer_close);
	check_row(CASE_BY_CUSTOMER, CASE_ACT_ACCEPT, customer_accept);
	check_row(CASE_BY_CUSTOMER, CASE_ACT_REJECT, customer_reject);
	check_row(CASE_BY_CUSTOMER, CASE_ACT_ATTACH, customer_attach);
}

MM_TEST(test_customer_cannot_do_staff_actions)
{
	enum case_status to;
	for (int from = 0; from < N - 1; from++) {
		for (int w = 0; w < N; w++)
			CHECK_INTEQ(case_transition(from, CASE_BY_CUSTOMER, CASE_ACT_SET_STATUS, w, &to),
				    CASE_REFUSED_ROLE);
		CHECK_INTEQ(case_transition(from, CASE_BY_CUSTOMER, CASE_ACT_ASSIGN, from, &to),
			    CASE_REFUSED_ROLE);
	}
}

MM_TEST(test_staff_set_status)
{
	/* every (from, wanted): allowed unless closed, back to new, or no change */
	for (int from = 0; from < N; from++) {
		for (int w = 0; w < N; w++) {
			enum case_status to;
			enum case_refusal why = case_transition(from, CASE_BY_STAFF,
								CASE_ACT_SET_STATUS, w, &to);
			int ok = from != S_CLO && w != S_NEW && w != from;
			CHECK_INTEQ(why == CASE_OK, ok);
			CHECK_INTEQ(to, ok ? w : from);
			if (from == S_CLO)
				CHECK_INTEQ(why, CASE_REFUSED_CLOSED);
		}
	}
}

MM_TEST(test_staff_other_actions)
{
	static const int same[N] = { S_NEW, S_WRK, S_AWC, S_RES, REF };
	check_row(CASE_BY_STAFF, CASE_ACT_COMMENT, same);
	check_row(CASE_BY_STAFF, CASE_ACT_ATTACH, same);
	check_row(CASE_BY_STAFF, CASE_ACT_ASSIGN, same);
	static const int none[N] = { REF, REF, REF, REF, REF };
	check_row(CASE_BY_STAFF, CASE_ACT_CLOSE, none);
	check_row(CASE_BY_STAFF, CASE_ACT_ACCEPT, none);
	check_row(CASE_BY_STAFF, CASE_ACT_REJECT, none);
}

MM_TEST(test_closed_refuses_everything_with_its_reason)
{
	enum case_status to;
	for (int a = CASE_ACT_COMMENT; a <= CASE_ACT_ASSIGN; a++) {
		CHECK_INTEQ(case_transition(S_CLO, CASE_BY_CUSTOMER, a, S_WRK, &to), CASE_REFUSED_CLOSED);
		CHECK_INTEQ(case_transition(S_CLO, CASE_BY_STAFF, a, S_WRK, &to), CASE_REFUSED_CLOSED);
		CHECK_INTEQ(to, S_CLO);
	}
}

MM_TEST(test_status_names)
{
	static const char *const names[N] = { "new", "working", "awaiting_customer", "resolved",
					      "closed" };
	for (int s = 0; s < N; s++) {
		CHECK_STREQ(case_status_name(s), names[s]);
		CHECK_INTEQ(case_status_parse(names[s]), s);
	}
	CHECK_INTEQ(case_status_parse("Closed"), -1);
	CHECK_INTEQ(case_status_parse(""), -1);
	CHECK_INTEQ(case_status_parse(NULL), -1);
	CHECK_STREQ(case_status_name((enum case_status)N), "");
	enum case_status to;
	CHECK_INTEQ(case_transition((enum case_status)N, CASE_BY_STAFF, CASE_ACT_COMMENT, 0, &to),
		    CASE_REFUSED_STATE);
}

MM_TEST_MAIN(test_customer_actions, test_customer_cannot_do_staff_actions, test_staff_set_status,
	     test_staff_other_actions, test_closed_refuses_everything_with_its_reason,
	     test_status_names)
