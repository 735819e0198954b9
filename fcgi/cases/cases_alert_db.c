/* The alert an inquiry is about (DASH-6): read with the tenant in the SQL
 * and only for a registered device, so another tenant's alert id, or an
 * alert the dashboard does not show, prefills nothing. */
#include "cases.h"
#include <stdio.h>
#include <string.h>

static const char SQL_ALERT[] =
	"SELECT a.id, a.detected_at, a.category, a.severity, a.source, a.destination, a.url,"
	" COALESCE(d.mac, ''), d.name, a.device_alert_id FROM alerts a"
	" JOIN devices d ON d.id = a.device_id AND d.status = 'registered'"
	" WHERE a.id = ? AND a.tenant_id = ?";

int cases_db_alert(long long tenant_id, long long alert_id, struct case_alert *a)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_ALERT, "ii", alert_id, tenant_id);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_next(&res)) > 0) {
		memset(a, 0, sizeof *a);
		a->id = mm_db_int(&res, 0);
		a->detected_at = mm_db_time(&res, 1);
		snprintf(a->category, sizeof a->category, "%s", mm_db_str(&res, 2));
		a->severity = (int)mm_db_int(&res, 3);
		snprintf(a->source, sizeof a->source, "%s", mm_db_str(&res, 4));
		snprintf(a->destination, sizeof a->destination, "%s", mm_db_str(&res, 5));
		snprintf(a->url, sizeof a->url, "%s", mm_db_str(&res, 6));
		snprintf(a->mac, sizeof a->mac, "%s", mm_db_str(&res, 7));
		snprintf(a->device_name, sizeof a->device_name, "%s", mm_db_str(&res, 8));
		snprintf(a->device_alert_id, sizeof a->device_alert_id, "%s", mm_db_str(&res, 9));
	}
	mm_db_done(&res);
	return rc;
}
