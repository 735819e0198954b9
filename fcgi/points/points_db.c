/* Point queries. Every read and change of a customer's data names the
 * tenant in its SQL, so an id of another tenant finds no row. */
#include "points.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERIOD_COLUMNS \
	"SELECT id, tenant_id, starts_on, ends_on, contracted, credited, consumed" \
	" FROM point_periods"

static const char SQL_PERIOD_COUNT[] =
	"SELECT COUNT(*) FROM point_periods WHERE tenant_id = ? AND (? IS NULL OR starts_on <= ?)";
/* the current period (it holds today) first, then the others newest first */
static const char SQL_PERIODS[] =
	PERIOD_COLUMNS " WHERE tenant_id = ? AND (? IS NULL OR starts_on <= ?)"
	" ORDER BY (starts_on <= ? AND ends_on >= ?) DESC, starts_on DESC LIMIT ?, ?";
static const char SQL_PERIOD[] =
	PERIOD_COLUMNS " WHERE id = ? AND tenant_id = ? AND (? IS NULL OR starts_on <= ?)";
static const char SQL_PERIOD_LOCK[] =
	"SELECT contracted, credited, consumed FROM point_periods"
	" WHERE id = ? AND tenant_id = ? FOR UPDATE";

static const char SQL_LEDGER_COUNT[] =
	"SELECT COUNT(*) FROM point_ledger WHERE tenant_id = ? AND period_id = ?";
static const char SQL_LEDGER[] =
	"SELECT l.id, l.kind, l.points, COALESCE(l.request_no, ''), COALESCE(c.case_no, ''),"
	" l.reason, COALESCE(u.display_name, ''), l.created_at"
	" FROM point_ledger l"
	" LEFT JOIN cases c ON c.id = l.case_id AND c.tenant_id = l.tenant_id"
	" LEFT JOIN users u ON u.id = l.actor_user_id"
	" WHERE l.tenant_id = ? AND l.period_id = ?"
	" ORDER BY l.created_at DESC, l.id DESC LIMIT ?, ?";
static const char SQL_LEDGER_INSERT[] =
	"INSERT INTO point_ledger (tenant_id, period_id, kind, points, reason, actor_user_id,"
	" created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

static const char SQL_CONTRACTS[] =
	"SELECT t.customer_no, t.name, k.service_name, k.plan, k.contract_type, k.start_date,"
	" k.next_renewal_date FROM contracts k JOIN tenants t ON t.id = k.tenant_id"
	" WHERE k.tenant_id = ? ORDER BY k.start_date, k.id LIMIT ?";

static const char SQL_TENANT_COUNT[] =
	"SELECT COUNT(*) FROM tenants t WHERE (? IS NULL"
	" OR t.customer_no LIKE ? ESCAPE '!' OR t.name LIKE ? ESCAPE '!')";
static const char SQL_TENANTS[] =
	"SELECT t.id, t.customer_no, t.name, p.id IS NOT NULL, COALESCE(p.contracted, 0),"
	" COALESCE(p.credited, 0), COALESCE(p.consumed, 0)"
	" FROM tenants t LEFT JOIN point_periods p"
	" ON p.tenant_id = t.id AND p.starts_on <= ? AND p.ends_on >= ?"
	" WHERE (? IS NULL OR t.customer_no LIKE ? ESCAPE '!' OR t.name LIKE ? ESCAPE '!')"
	" ORDER BY t.customer_no LIMIT ?, ?";
static const char SQL_TENANT_BY_NO[] = "SELECT id, name FROM tenants WHERE customer_no = ?";
static const char SQL_CATEGORY_BY_CODE[] = "SELECT id FROM case_categories WHERE code = ?";

static const char SQL_SET_CONTRACTED[] =
	"UPDATE point_periods SET contracted = ?, updated_at = ? WHERE id = ? AND tenant_id = ?";
static const char SQL_ADD_CREDIT[] =
	"UPDATE point_periods SET credited = credited + ?, updated_at = ?"
	" WHERE id = ? AND tenant_id = ?";
/* a locking read, so that two creations of meeting periods queue up */
static const char SQL_OVERLAP[] =
	"SELECT COUNT(*) FROM point_periods"
	" WHERE tenant_id = ? AND starts_on <= ? AND ends_on >= ? FOR UPDATE";
static const char SQL_LATEST_CONTRACT[] =
	"SELECT MAX(id) FROM contracts WHERE tenant_id = ?";
static const char SQL_PERIOD_INSERT[] =
	"INSERT INTO point_periods (tenant_id, contract_id, starts_on, ends_on, contracted,"
	" credited, consumed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)";
static const char SQL_CONTRACT_TENANTS[] =
	"SELECT DISTINCT tenant_id FROM contracts ORDER BY tenant_id";
static const char SQL_LATEST_CONTRACTED[] =
	"SELECT contracted FROM point_periods WHERE tenant_id = ? AND starts_on < ?"
	" ORDER BY starts_on DESC LIMIT 1";

static void copy_col(char *dst, size_t size, const struct mm_res *res, unsigned col)
{
	mm_copy_str(dst, size, mm_db_str(res, col) ? mm_db_str(res, col) : "");
}

static int count_of(int rc, long long *n)
{
	if (rc == 0)
		*n = 0;
	return rc < 0 ? rc : 0;
}

int points_db_period_count(long long tenant, const char *started_by, long long *n)
{
	return count_of(mm_db_get_int(n, SQL_PERIOD_COUNT, "iss", tenant, started_by, started_by), n);
}

static void period_of(const struct mm_res *res, struct points_period *p)
{
	p->id = mm_db_int(res, 0);
	p->tenant_id = mm_db_int(res, 1);
	copy_col(p->starts_on, sizeof p->starts_on, res, 2);
	copy_col(p->ends_on, sizeof p->ends_on, res, 3);
	p->contracted = mm_db_int(res, 4);
	p->credited = mm_db_int(res, 5);
	p->consumed = mm_db_int(res, 6);
}

int points_db_periods(long long tenant, const char *today, const char *started_by,
		      long long offset, struct points_period *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_PERIODS, "issssii", tenant, started_by, started_by, today,
			     today, offset, (long long)cap);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(&res)) == 1)
		period_of(&res, &out[n++]);
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int points_db_period(long long tenant, long long id, const char *started_by,
		     struct points_period *p)
{
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_PERIOD, "iiss", id, tenant, started_by, started_by);
	if (rc == 1)
		period_of(&res, p);
	mm_db_done(&res);
	return rc;
}

int points_db_ledger_count(long long tenant, long long period, long long *n)
{
	return count_of(mm_db_get_int(n, SQL_LEDGER_COUNT, "ii", tenant, period), n);
}

int points_db_ledger(long long tenant, long long period, long long offset,
		     struct points_entry *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_LEDGER, "iiii", tenant, period, offset, (long long)cap);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(&res)) == 1) {
		struct points_entry *e = &out[n++];
		e->id = mm_db_int(&res, 0);
		copy_col(e->kind, sizeof e->kind, &res, 1);
		e->points = mm_db_int(&res, 2);
		copy_col(e->request_no, sizeof e->request_no, &res, 3);
		copy_col(e->case_no, sizeof e->case_no, &res, 4);
		copy_col(e->reason, sizeof e->reason, &res, 5);
		copy_col(e->actor, sizeof e->actor, &res, 6);
		e->created_at = mm_db_time(&res, 7);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int points_db_contracts(long long tenant, struct points_contract *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_CONTRACTS, "ii", tenant, (long long)cap);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(&res)) == 1) {
		struct points_contract *k = &out[n++];
		copy_col(k->customer_no, sizeof k->customer_no, &res, 0);
		copy_col(k->tenant_name, sizeof k->tenant_name, &res, 1);
		copy_col(k->service_name, sizeof k->service_name, &res, 2);
		copy_col(k->plan, sizeof k->plan, &res, 3);
		copy_col(k->type, sizeof k->type, &res, 4);
		copy_col(k->start_date, sizeof k->start_date, &res, 5);
		copy_col(k->renewal_date, sizeof k->renewal_date, &res, 6);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int points_db_tenant_count(const char *like, long long *n)
{
	return count_of(mm_db_get_int(n, SQL_TENANT_COUNT, "sss", like, like, like), n);
}

int points_db_tenants(const char *like, const char *today, long long offset,
		      struct points_tenant *out, int cap)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_TENANTS, "sssssii", today, today, like, like, like, offset,
			     (long long)cap);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(&res)) == 1) {
		struct points_tenant *t = &out[n++];
		t->id = mm_db_int(&res, 0);
		copy_col(t->customer_no, sizeof t->customer_no, &res, 1);
		copy_col(t->name, sizeof t->name, &res, 2);
		t->has_current = mm_db_int(&res, 3) != 0;
		t->contracted = mm_db_int(&res, 4);
		t->credited = mm_db_int(&res, 5);
		t->consumed = mm_db_int(&res, 6);
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int points_db_tenant_by_no(const char *customer_no, long long *id, char name[201 * 4])
{
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_TENANT_BY_NO, "s", customer_no);
	if (rc == 1) {
		*id = mm_db_int(&res, 0);
		copy_col(name, 201 * 4, &res, 1);
	}
	mm_db_done(&res);
	return rc;
}

int points_db_category_by_code(const char *code, long long *id)
{
	return mm_db_get_int(id, SQL_CATEGORY_BY_CODE, "s", code);
}

/* The period's amounts under a row lock: 1 found, 0 none, < 0 error. */
static int lock_period(long long tenant, long long period, long long v[3])
{
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_PERIOD_LOCK, "ii", period, tenant);
	for (unsigned i = 0; rc == 1 && i < 3; i++)
		v[i] = mm_db_int(&res, i);
	mm_db_done(&res);
	return rc;
}

static int ledger_add(long long tenant, long long period, const char *kind, long long points,
		      const char *reason, long long actor, time_t now)
{
	long long rc = mm_db_exec(SQL_LEDGER_INSERT, "iisisnt", tenant, period, kind, points,
				  reason ? reason : "", actor, now);
	return rc < 0 ? (int)rc : 0;
}

int points_db_set_contracted(long long tenant, long long period, long long contracted,
			     long long actor, time_t now)
{
	long long v[3];
	int rc = lock_period(tenant, period, v);
	if (rc <= 0)
		return rc < 0 ? rc : POINTS_MISSING;
	if (pts_contract_change_ok(contracted, v[1], v[2]) != 1)
		return POINTS_REFUSED;
	long long n = mm_db_exec(SQL_SET_CONTRACTED, "itii", contracted, now, period, tenant);
	if (n < 0)
		return (int)n;
	return ledger_add(tenant, period, "contract_change", contracted, NULL, actor, now);
}

int points_db_credit(long long tenant, long long period, long long points, const char *reason,
		     long long actor, time_t now)
{
	long long v[3];
	int rc = lock_period(tenant, period, v);
	if (rc <= 0)
		return rc < 0 ? rc : POINTS_MISSING;
	if (pts_credit_ok(v[1], points) != 1)
		return POINTS_REFUSED;
	long long n = mm_db_exec(SQL_ADD_CREDIT, "itii", points, now, period, tenant);
	if (n < 0)
		return (int)n;
	return ledger_add(tenant, period, "credit", points, reason, actor, now);
}

int points_db_create_period(long long tenant, const char *starts_on, const char *ends_on,
			    long long contracted, long long actor, time_t now, long long *id)
{
	long long meeting = 0, contract = 0;
	int rc = mm_db_get_int(&meeting, SQL_OVERLAP, "iss", tenant, ends_on, starts_on);
	if (rc < 0)
		return rc;
	if (meeting > 0)
		return POINTS_OVERLAP;
	rc = mm_db_get_int(&contract, SQL_LATEST_CONTRACT, "i", tenant);
	if (rc < 0)
		return rc;
	long long n = mm_db_exec(SQL_PERIOD_INSERT, "inssitt", tenant, contract, starts_on, ends_on,
				 contracted, now, now);
	if (n == MM_DB_DUP)
		return POINTS_OVERLAP;
	if (n < 0)
		return (int)n;
	*id = (long long)mm_db_insert_id();
	return contracted > 0 ? ledger_add(tenant, *id, "contract", contracted, NULL, actor, now) : 0;
}

int points_db_contract_tenants(int (*fn)(long long tenant, void *ctx), void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_CONTRACT_TENANTS, "");
	if (rc < 0)
		return rc;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	while ((rc = mm_db_next(&res)) == 1) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			long long *p = realloc(ids, ncap * sizeof *p);
			if (!p) {
				rc = MM_DB_ERR;
				break;
			}
			ids = p;
			cap = ncap;
		}
		ids[n++] = mm_db_int(&res, 0);
	}
	mm_db_done(&res);
	/* the callbacks run their own statements and transactions once the
	 * list is read, not while a result is open */
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = fn(ids[i], ctx);
	free(ids);
	return rc;
}

int points_db_latest_contracted(long long tenant, const char *before, long long *contracted)
{
	return mm_db_get_int(contracted, SQL_LATEST_CONTRACTED, "is", tenant, before);
}
