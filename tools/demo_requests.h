/* Demo work request catalog, point periods and requests (mimamori-admin demo). */
#ifndef DEMO_REQUESTS_H
#define DEMO_REQUESTS_H
/* Idempotent: 0 or -1. Needs the demo tenants, users and contracts. */
int demo_requests(void);
#endif
