/* Queries of the analyst console's own pages: tenants by number and their
 * users (the contact of a case opened for them), the category list. */
#include "cases_staff.h"
#include <stdio.h>
#include <string.h>

static const char SQL_TENANT[] = "SELECT id, name FROM tenants WHERE customer_no = ?";
static const char SQL_CONTACTS[] =
	"SELECT id, display_name FROM users"
	" WHERE tenant_id = ? AND role IN ('customer_user', 'customer_admin') AND disabled = 0"
	" ORDER BY display_name, id LIMIT 200";

int cases_staff_db_tenant(const char *customer_no, long long *id, char name[201 * 4])
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_TENANT, "s", customer_no);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_next(q)) > 0) {
		*id = mm_db_int(q, 0);
		snprintf(name, 201 * 4, "%s", mm_db_str(q, 1) ? mm_db_str(q, 1) : "");
	}
	mm_db_done(q);
	return rc;
}

int cases_staff_db_contacts(long long tenant_id, struct staff_person *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_CONTACTS, "i", tenant_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		out[n].id = mm_db_int(q, 0);
		snprintf(out[n].name, sizeof out[n].name, "%s", mm_db_str(q, 1) ? mm_db_str(q, 1) : "");
		n++;
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

static const char SQL_CATEGORY_ADD[] =
	"INSERT INTO case_categories (code, position, name_ja, name_en, hint_ja, hint_en,"
	" customer_selectable, retired, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CATEGORY_UPDATE[] =
	"UPDATE case_categories SET position = ?, name_ja = ?, name_en = ?, hint_ja = ?,"
	" hint_en = ?, customer_selectable = ?, retired = ? WHERE id = ?";

int cases_staff_db_category_save(const struct category_edit *e)
{
	long long rc;
	if (e->id == 0)
		rc = mm_db_exec(SQL_CATEGORY_ADD, "sissssiit", e->code, e->position, e->name_ja,
				e->name_en, e->hint_ja, e->hint_en, (long long)e->customer_selectable,
				(long long)e->retired, e->now);
	else
		rc = mm_db_exec(SQL_CATEGORY_UPDATE, "issssiii", e->position, e->name_ja,
				e->name_en, e->hint_ja, e->hint_en, (long long)e->customer_selectable,
				(long long)e->retired, e->id);
	if (rc < 0)
		return (int)rc;
	return rc == 0 ? 1 : 0;
}
