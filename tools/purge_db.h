/* Purge by age of the working tables, for mimamori-admin purge. */
#ifndef PURGE_DB_H
#define PURGE_DB_H
#include <time.h>

struct purge_table {
	const char *name;
	long long deleted;
};

/* Deletes what has outlived its use as of now, in small batches (no long
 * locks). Fills up to max entries of out (one per table) and returns their
 * number, or an MM_DB_* error. */
int purge_run(time_t now, struct purge_table *out, int max);

#endif
