/* Demo data of the user management (ACC-3): more contacts in the demo
 * tenants. */
#ifndef DEMO_USERS_H
#define DEMO_USERS_H

/* Adds the demo contacts that do not exist yet (idempotent) and prints
 * them; 0 or -1. */
int demo_users(void);

#endif
