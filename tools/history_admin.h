/* mimamori-admin commands of the login history (HIST-3, demo data). */
#ifndef HISTORY_ADMIN_H
#define HISTORY_ADMIN_H

/* verify-history [--tenant N#########|0]…: checks the hash chains (all, or
 * the named tenants'; 0 = the chain of events without a tenant) and names
 * the first broken row of each. Exit code: 0 intact, 1 broken, 2 usage. */
int history_verify_cmd(int argc, char **argv);

/* The demo's login history: DEMO_HISTORY_EVENTS events over the demo
 * tenants' users, chained; skipped when already there. 0 or -1. */
int demo_history(long long tenant_a, long long tenant_b);

#endif
