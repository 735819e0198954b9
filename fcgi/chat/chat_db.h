/* Chat linkages in the database (ACC-4): the queries of the account
 * program, the scheduler and the notifier. Every function returns >= 0 or
 * an MM_DB_* error. */
#ifndef CHAT_DB_H
#define CHAT_DB_H
#include "chat.h"
#include <time.h>

struct chat_linkage {
	long long id, tenant_id;
	char company_name[201 * 4];
	char customer_uuid[37];
	char org_label[101 * 4];
	char url_masked[CHAT_MASKED_MAX];
	char lang[3];
	char time_zone[65];
	int enabled, failing;
	long failures;
	time_t created_at, last_sent_at;
	char last_error[201];
};

#define CHAT_MAX_LINKAGES 20	/* per tenant */

struct chat_new_linkage {
	long long tenant_id, created_by;
	const char *company_name, *customer_uuid, *org_label, *url, *lang, *time_zone;
};
/* Inserts the linkage with its URL sealed (the data key, its tenant and
 * id as associated data): the new id, or < 0 (MM_DB_ERR also when the key
 * is missing). */
long long chat_db_insert(const struct chat_new_linkage *n, time_t now);
/* The tenant's linkages, oldest first, up to max: the number read. */
int chat_db_list(long long tenant_id, struct chat_linkage *rows, int max);
int chat_db_count(long long tenant_id, long long *n);
/* 1 found (another tenant's id is not found), 0 not, < 0 error. */
int chat_db_get(long long tenant_id, long long id, struct chat_linkage *l);
/* 1 changed, 0 not there. */
int chat_db_set_enabled(long long tenant_id, long long id, int enabled);
int chat_db_delete(long long tenant_id, long long id);
/* Calls fn for every enabled linkage of the tenant (tenant_id > 0) or of
 * every tenant (0); fn's non-zero value stops and is returned. */
int chat_db_each_enabled(long long tenant_id, int (*fn)(const struct chat_linkage *l, void *ctx),
			 void *ctx);
/* The URL of a linkage, unsealed into url (CHAT_URL_MAX + 1 bytes), and
 * whether it is enabled: 1 found, 0 gone (deleted), < 0 error (also when
 * the sealed value does not open). */
int chat_db_url(long long id, struct chat_linkage *l, char *url);

/* The report slot of a linkage: 1 when this call took it (the report is to
 * be queued in the same transaction), 0 when it was taken before. */
int chat_db_report_take(long long linkage_id, long long tenant_id, time_t slot, time_t now);

/* Delivery results. After a failure: 1 when the linkage has just become
 * failing (its admins are to be told, once), else 0. */
int chat_db_delivered(long long id, time_t now);
int chat_db_failed(long long id, time_t now, const char *error, long max_failures,
		   long max_seconds);

/* Linkages that became failing and whose admins were not told yet (up to
 * max ids); chat_db_failing_take marks one told: 1 when this call did. */
int chat_db_failing_pending(long long *ids, int max);
int chat_db_failing_take(long long id, struct chat_linkage *l);

/* Queues a message for the linkage (channel "webhook", recipient
 * "chat:<id>"), in the caller's transaction. */
int chat_queue(const struct chat_linkage *l, const struct chat_message *m, const char *extra_json,
	       time_t now);
/* Calls fn with the e-mail and language of each enabled admin of the tenant. */
int chat_db_admins(long long tenant_id,
		   int (*fn)(const char *email, const char *lang, const char *zone, void *ctx),
		   void *ctx);

#endif
