/* mimamori-admin's point commands: the monthly rollover and the demo
 * periods. */
#ifndef POINTS_ADMIN_H
#define POINTS_ADMIN_H
#include <time.h>

/* Creates, for every tenant that has a contract, the period of the current
 * and of the next calendar month (Japanese dates) when no period of the
 * tenant meets it, with the contracted points of the tenant's latest
 * period (else Points.DefaultMonthly); tenant > 0: that tenant only
 * (whether or not it has a contract). Idempotent. The number created, or
 * < 0 on error. */
long points_rollover(time_t now, long long tenant);
/* The command ([--tenant N#########]): prints how many periods it made.
 * The exit code. */
int points_rollover_cmd(int argc, char **argv);
/* The demo tenants' periods, credit and consumption (idempotent). 0 or -1. */
int demo_points(void);

#endif
