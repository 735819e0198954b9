/* Report queries: the kept daily counts only. Devices that are not
 * registered are left out like everywhere on the dashboard (DASH-3). */
#include "report.h"
#include <stdio.h>
#include <string.h>

#define REGISTERED " JOIN devices d ON d.id = x.device_id AND d.status = 'registered'"
#define PERIOD_WHERE \
	" WHERE x.tenant_id = ? AND x.day BETWEEN ? AND ? AND (? IS NULL OR x.device_id = ?)"

static const char SQL_CELLS[] =
	"SELECT x.device_id, x.category, x.severity, SUM(x.alerts) FROM alert_daily x"
	REGISTERED PERIOD_WHERE " GROUP BY x.device_id, x.category, x.severity"
	" ORDER BY x.device_id, x.category, x.severity";
static const char SQL_DAILY[] =
	"SELECT x.day, SUM(x.alerts) FROM alert_daily x" REGISTERED PERIOD_WHERE
	" GROUP BY x.day ORDER BY x.day";
static const char SQL_TOP[] =
	"SELECT MIN(x.value), SUM(x.alerts) AS n FROM alert_top x" REGISTERED
	" WHERE x.tenant_id = ? AND x.kind = ? AND x.day BETWEEN ? AND ?"
	" AND (? IS NULL OR x.device_id = ?)"
	" GROUP BY x.value_hash ORDER BY n DESC, MIN(x.value) LIMIT 10";
static const char SQL_DEVICES[] =
	"SELECT id, name, COALESCE(mac, '') FROM devices WHERE tenant_id = ?"
	" AND status = 'registered' ORDER BY COALESCE(NULLIF(name, ''), mac), id";
static const char SQL_TENANT[] = "SELECT id, name FROM tenants WHERE customer_no = ?";

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

int report_db_cells(long long tenant_id, const char *from, const char *to, long long device,
		    struct report_cell *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_CELLS, "issnn", tenant_id, from, to, device, device);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < cap) {
		struct report_cell *c = &out[n++];
		memset(c, 0, sizeof *c);
		c->device_id = mm_db_int(&res, 0);
		copy(c->category, sizeof c->category, mm_db_str(&res, 1));
		c->severity = (int)mm_db_int(&res, 2);
		c->alerts = mm_db_int(&res, 3);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

static int counts(struct mm_res *res, struct report_count *out, int cap)
{
	int rc, n = 0;
	while ((rc = mm_db_next(res)) > 0 && n < cap) {
		copy(out[n].key, sizeof out[n].key, mm_db_str(res, 0));
		out[n++].alerts = mm_db_int(res, 1);
	}
	mm_db_done(res);
	return rc < 0 ? rc : n;
}

int report_db_daily(long long tenant_id, const char *from, const char *to, long long device,
		    struct report_day *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DAILY, "issnn", tenant_id, from, to, device, device);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < cap) {
		copy(out[n].day, sizeof out[n].day, mm_db_str(&res, 0));
		out[n++].alerts = mm_db_int(&res, 1);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int report_db_top(long long tenant_id, int kind, const char *from, const char *to,
		  long long device, struct report_count *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_TOP, "iissnn", tenant_id, (long long)kind, from, to, device,
			     device);
	return rc < 0 ? rc : counts(&res, out, cap);
}

int report_db_devices(long long tenant_id, struct report_device *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_DEVICES, "i", tenant_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < cap) {
		out[n].id = mm_db_int(&res, 0);
		copy(out[n].name, sizeof out[n].name, mm_db_str(&res, 1));
		copy(out[n].mac, sizeof out[n].mac, mm_db_str(&res, 2));
		n++;
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int report_db_tenant(const char *customer_no, long long *tenant_id, char *name, size_t cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_TENANT, "s", customer_no);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc > 0) {
		*tenant_id = mm_db_int(&res, 0);
		copy(name, cap, mm_db_str(&res, 1));
	}
	mm_db_done(&res);
	return rc;
}
