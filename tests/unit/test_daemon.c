/* The database backoff of the daemons (mm_daemon.h). */
#include "mm_daemon.h"
#include "mm_test.h"

#include <signal.h>

MM_TEST(test_backoff_doubles_and_resets)
{
	struct mm_daemon_backoff b;
	mm_daemon_backoff_init(&b, 1);
	CHECK_INTEQ(mm_daemon_backoff(&b, 0, 0), 0);
	CHECK_INTEQ(b.trouble, 0);
	CHECK_INTEQ(mm_daemon_backoff(&b, -1, 0), 1);
	CHECK_INTEQ(b.trouble, 1);
	CHECK_INTEQ(b.wait_ms, 2);
	CHECK_INTEQ(mm_daemon_backoff(&b, -2, 0), 1);
	CHECK_INTEQ(b.wait_ms, 4);
	CHECK_INTEQ(mm_daemon_backoff(&b, 3, 0), 0);	/* work done: trouble over */
	CHECK_INTEQ(b.trouble, 0);
	CHECK_INTEQ(b.wait_ms, 1);
}

MM_TEST(test_backoff_once_fails_without_waiting)
{
	struct mm_daemon_backoff b;
	mm_daemon_backoff_init(&b, 60000);
	CHECK_INTEQ(mm_daemon_backoff(&b, -1, 1), -1);
	CHECK_INTEQ(b.wait_ms, 60000);
	CHECK_INTEQ(mm_daemon_backoff(&b, 0, 1), 0);
}

/* A stop asked for cuts the waits short, so the cap shows without sleeping. */
MM_TEST(test_backoff_capped)
{
	mm_daemon_signals_init();
	raise(SIGTERM);
	CHECK_INTEQ(mm_daemon_stop_check(), 1);
	struct mm_daemon_backoff b;
	mm_daemon_backoff_init(&b, 3000);
	CHECK_INTEQ(mm_daemon_backoff(&b, -1, 0), 1);
	CHECK_INTEQ(b.wait_ms, MM_DAEMON_BACKOFF_MAX_MS);
	CHECK_INTEQ(mm_daemon_backoff(&b, -1, 0), 1);
	CHECK_INTEQ(b.wait_ms, MM_DAEMON_BACKOFF_MAX_MS);
}

MM_TEST_MAIN(test_backoff_doubles_and_resets, test_backoff_once_fails_without_waiting,
	     test_backoff_capped)
