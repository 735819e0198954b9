/* Planted mistakes for tools/codecheck.py: every line marked "expect:"
 * must be reported with that rule (tests/codecheck/run.sh). */
#include "mm.h"
#include <stdio.h>

#define ORDER_FILTER " ORDER BY %s"

static const char SQL_BY_NAME[] = "SELECT id FROM users WHERE login_id = '%s'"; /* expect: sql-format */
static const char SQL_OK[] = "SELECT id FROM users WHERE id = ?";

int demo_lookup(struct mm_req *r, const char *name, const char *column)
{
	char sql[256];
	struct mm_res q;
	snprintf(sql, sizeof sql, "DELETE FROM users WHERE login_id = '%s'", name); /* expect: sql-format, sql-printf */
	mm_db_exec(sql, ""); /* expect: sql-argument */
	snprintf(sql, sizeof sql, "%s LIMIT 1", SQL_OK); /* expect: sql-format, sql-printf */
	mm_db_query(&q, column[0] ? SQL_OK : sql, ""); /* expect: sql-argument */
	const char *order = "SELECT id FROM users" ORDER_FILTER; /* expect: sql-format */
	mm_setf(r, "Demo.Sql", "UPDATE users SET name = ? WHERE id = %d", 1); /* expect: sql-format, sql-printf */
	return mm_db_get_int(NULL, SQL_OK, "") + (order != NULL);
}
