/* The biweekly report's counts, from the daily table (never the alerts). */
#include "scheduler.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_BY_SEVERITY[] =
	"SELECT severity, SUM(alerts) FROM alert_daily WHERE tenant_id = ? AND day BETWEEN ? AND ?"
	" GROUP BY severity";
static const char SQL_BY_CATEGORY[] =
	"SELECT category, SUM(alerts) AS n FROM alert_daily WHERE tenant_id = ?"
	" AND day BETWEEN ? AND ? GROUP BY category ORDER BY n DESC, category LIMIT ?";
static const char SQL_TOP[] =
	"SELECT category, severity, SUM(alerts) AS n FROM alert_daily WHERE tenant_id = ?"
	" AND day BETWEEN ? AND ? GROUP BY category, severity ORDER BY severity DESC, n DESC,"
	" category LIMIT ?";

int chat_report_db_summary(long long tenant_id, const char *from, const char *to,
			   struct chat_report *rep)
{
	struct mm_res res;
	memset(rep, 0, sizeof *rep);
	int rc = mm_db_query(&res, SQL_BY_SEVERITY, "iss", tenant_id, from, to);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		long long sev = mm_db_int(&res, 0), n = mm_db_int(&res, 1);
		if (sev >= 1 && sev <= 3)
			rep->by_severity[sev] += n;
		rep->total += n;
	}
	mm_db_done(&res);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_query(&res, SQL_BY_CATEGORY, "issi", tenant_id, from, to,
			      (long long)CHAT_REPORT_CATEGORIES)) < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0 && rep->ncategories < CHAT_REPORT_CATEGORIES) {
		snprintf(rep->categories[rep->ncategories].name, sizeof rep->categories[0].name, "%s",
			 mm_db_str(&res, 0) ? mm_db_str(&res, 0) : "");
		rep->categories[rep->ncategories++].count = mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_query(&res, SQL_TOP, "issi", tenant_id, from, to,
			      (long long)CHAT_REPORT_TOP)) < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0 && rep->ntop < CHAT_REPORT_TOP) {
		snprintf(rep->top[rep->ntop].category, sizeof rep->top[0].category, "%s",
			 mm_db_str(&res, 0) ? mm_db_str(&res, 0) : "");
		rep->top[rep->ntop].severity = (int)mm_db_int(&res, 1);
		rep->top[rep->ntop++].count = mm_db_int(&res, 2);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : 0;
}

char *chat_report_categories_json(const struct chat_report *rep)
{
	json_t *cats = json_object(), *top = json_array();
	int bad = !cats || !top;
	for (int i = 0; !bad && i < rep->ncategories; i++)
		bad |= json_object_set_new(cats, rep->categories[i].name,
					   json_integer(rep->categories[i].count));
	for (int i = 0; !bad && i < rep->ntop; i++)
		bad |= json_array_append_new(top, json_pack("{s:s, s:i, s:I}", "category",
							     rep->top[i].category, "severity",
							     rep->top[i].severity, "count",
							     (json_int_t)rep->top[i].count));
	char *a = bad ? NULL : json_dumps(cats, JSON_COMPACT | JSON_SORT_KEYS);
	char *b = bad ? NULL : json_dumps(top, JSON_COMPACT);
	json_decref(cats);
	json_decref(top);
	char *out = NULL;
	if (a && b) {
		size_t n = strlen(a) + strlen(b) + 16;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s,\"top\":%s", a, b);
	}
	free(a);
	free(b);
	return out;
}
