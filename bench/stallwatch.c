/* Stall watch: sleeps 1 ms at a time until SIGTERM or SIGINT, then prints
 * "MAX_MS/N", the longest oversleep and how many sleeps overslept by more
 * than 50 ms. It has nothing to do with the stack: when it oversleeps, every
 * process on the machine was held up, and a request in flight then took at
 * least that long whatever the program did. bench/lib.sh runs it beside
 * every wrk row, so that a p99 can be read together with the machine's own
 * stalls in the same seconds.
 *
 *   cc -O2 -o stallwatch bench/stallwatch.c && ./stallwatch & ...; kill %1
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <time.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_stop };
	const struct timespec one_ms = { 0, 1000000 };
	double worst = 0;
	long over_50 = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop_requested) {
		struct timespec before, after;
		clock_gettime(CLOCK_MONOTONIC, &before);
		if (nanosleep(&one_ms, NULL) != 0)
			continue; /* interrupted: the stop signal, not a stall */
		clock_gettime(CLOCK_MONOTONIC, &after);
		double over = elapsed_ms(&before, &after) - 1.0;
		if (over > worst)
			worst = over;
		if (over > 50.0)
			over_50++;
	}
	printf("%.0f/%ld\n", worst, over_50);
	return 0;
}
