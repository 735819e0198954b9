/* The SQL of mimamori-admin purge. Working rows are kept only while
 * they can matter: a rate-limit window or a failure count for a day, codes,
 * reset links and attempt claims a day past their end, the one-time keys of
 * posted forms for a day (a repeat comes seconds or minutes after its form),
 * trusted-browser marks until they expire, delivered or finally failed
 * outbox rows for Retention.OutboxDays. The login history (auth_events, and page_views
 * for the page views) is kept for Retention.AuthEventDays (default 400). */
#include "mm.h"
#include "purge_db.h"
#include <string.h>

#define DAY 86400
#define BATCH_SQL " LIMIT 5000"
#define BATCH 5000

struct purge_rule {
	const char *table;
	const char *sql;	/* one bound parameter: the cutoff time */
	const char *retention_key;	/* days from the config, or NULL */
	long days;		/* default (or fixed) age in days */
};

static const struct purge_rule rules[] = {
	{ "rate_limits", "DELETE FROM rate_limits WHERE window_start < ?" BATCH_SQL, NULL, 2 },
	{ "reset_failures", "DELETE FROM reset_failures WHERE updated_at < ?"
	  " AND (blocked_until IS NULL OR blocked_until < updated_at + INTERVAL 1 DAY)" BATCH_SQL,
	  NULL, 2 },
	{ "auth_attempts", "DELETE FROM auth_attempts WHERE claimed_at < ?" BATCH_SQL, NULL, 1 },
	{ "unknown_login_attempts", "DELETE FROM unknown_login_attempts WHERE claimed_at < ?"
	  BATCH_SQL, NULL, 1 },
	/* an unknown user ID's failure count lives as long as a reset's */
	{ "unknown_logins", "DELETE FROM unknown_logins WHERE updated_at < ?"
	  " AND (locked_until IS NULL OR locked_until < updated_at + INTERVAL 1 DAY)" BATCH_SQL,
	  NULL, 2 },
	{ "form_keys", "DELETE FROM form_keys WHERE created_at < ?" BATCH_SQL, NULL, 1 },
	{ "mfa_codes", "DELETE FROM mfa_codes WHERE expires_at < ?" BATCH_SQL, NULL, 1 },
	{ "password_resets", "DELETE FROM password_resets WHERE expires_at < ?" BATCH_SQL, NULL, 1 },
	{ "email_changes", "DELETE FROM email_changes WHERE expires_at < ?" BATCH_SQL, NULL, 1 },
	{ "trusted_browsers", "DELETE FROM trusted_browsers WHERE expires_at < ?" BATCH_SQL, NULL, 0 },
	{ "sessions", "DELETE FROM sessions WHERE expires_at < ?" BATCH_SQL, NULL, 1 },
	{ "outbox", "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?"
	  BATCH_SQL, "Retention.OutboxDays", 30 },
	{ "auth_events", "DELETE FROM auth_events WHERE occurred_at < ?" BATCH_SQL,
	  "Retention.AuthEventDays", 400 },
};

/* page_views has no index on the time alone (each is paid on every page
 * view): it is purged tenant by tenant, through (tenant_id, occurred_at). */
/* a loose scan of the primary key: one step per tenant */
static const char SQL_VIEW_CHAINS[] = "SELECT DISTINCT tenant_id FROM page_views";
static const char SQL_VIEW_PURGE[] =
	"DELETE FROM page_views WHERE tenant_id = ? AND occurred_at < ?" BATCH_SQL;

static long long purge_views(time_t cutoff)
{
	struct mm_res res;
	long long total = 0, k = 0;
	/* the chains' list is buffered: the deletes run while it is open */
	int rc = mm_db_query(&res, SQL_VIEW_CHAINS, "");
	if (rc < 0)
		return rc;
	while (k >= 0 && (rc = mm_db_next(&res)) > 0) {
		do {
			k = mm_db_exec(SQL_VIEW_PURGE, "it", mm_db_int(&res, 0), cutoff);
			total += k > 0 ? k : 0;
		} while (k == BATCH);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : k < 0 ? k : total;
}

int purge_run(time_t now, struct purge_table *out, int max)
{
	int n = 0;
	for (size_t i = 0; i < sizeof rules / sizeof *rules && n < max; i++) {
		const struct purge_rule *p = &rules[i];
		long days = p->retention_key ? mm_cfg_int(p->retention_key, p->days) : p->days;
		time_t cutoff = now - (time_t)days * DAY;
		long long total = 0, k;
		do {
			k = mm_db_exec(p->sql, "t", cutoff);
			if (k < 0)
				return (int)k;
			total += k;
		} while (k == BATCH);
		out[n].name = p->table;
		out[n].deleted = total;
		n++;
		if (strcmp(p->table, "auth_events") == 0 && n < max) {
			long long views = purge_views(cutoff);
			if (views < 0)
				return (int)views;
			out[n].name = "page_views";
			out[n].deleted = views;
			n++;
		}
	}
	return n;
}
