/* Queries of the attachments part. Every read of a customer's request is
 * scoped to the tenant in the SQL itself (tenant_id 0 = staff: any). */
#include "cases_attach.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_FIND_CASE[] =
	"SELECT id, tenant_id, status FROM cases WHERE case_no = ? AND (? = 0 OR tenant_id = ?)";
static const char SQL_FIND_FILE[] =
	"SELECT a.store_id, a.file_name, a.content_type FROM case_attachments a"
	" JOIN cases c ON c.id = a.case_id"
	" WHERE c.case_no = ? AND a.id = ? AND (? = 0 OR a.tenant_id = ?) AND (? = 1 OR a.internal = 0)";
static const char SQL_LOCK_CASE[] = "SELECT status FROM cases WHERE id = ? FOR UPDATE";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM case_attachments WHERE case_id = ?";
static const char SQL_TOUCH_CASE[] = "UPDATE cases SET updated_at = ? WHERE id = ?";
static const char SQL_INSERT[] =
	"INSERT INTO case_attachments (case_id, tenant_id, activity_id, store_id, file_name,"
	" content_type, size_bytes, sha256, internal, uploaded_by, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LIST[] =
	"SELECT a.id, a.file_name, a.size_bytes, a.internal, a.created_at, u.display_name, c.case_no"
	" FROM case_attachments a JOIN cases c ON c.id = a.case_id"
	" JOIN users u ON u.id = a.uploaded_by"
	" WHERE a.case_id = ? AND (? = 0 OR a.tenant_id = ?) AND (? = 1 OR a.internal = 0)"
	" ORDER BY a.created_at, a.id";

int cases_attach_find_case(const char *case_no, long long tenant_id, struct cases_attach_case *c)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_FIND_CASE, "sii", case_no, tenant_id, tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc == 1) {
		c->id = mm_db_int(&res, 0);
		c->tenant_id = mm_db_int(&res, 1);
		mm_copy_str(c->status, sizeof c->status, mm_db_str(&res, 2));
	}
	mm_db_done(&res);
	return rc;
}

int cases_attach_find_file(const char *case_no, long long attachment_id, long long tenant_id,
			   int include_internal, struct cases_attach_file *f)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_FIND_FILE, "siiii", case_no, attachment_id, tenant_id,
			     tenant_id, (long long)(include_internal != 0));
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc == 1) {
		mm_copy_str(f->store_id, sizeof f->store_id, mm_db_str(&res, 0));
		mm_copy_str(f->file_name, sizeof f->file_name, mm_db_str(&res, 1));
		mm_copy_str(f->content_type, sizeof f->content_type, mm_db_str(&res, 2));
	}
	mm_db_done(&res);
	return rc;
}

int cases_attach_lock_case(long long case_id, char status[24])
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_LOCK_CASE, "i", case_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&res);
	if (rc == 1)
		mm_copy_str(status, 24, mm_db_str(&res, 0));
	mm_db_done(&res);
	return rc;
}

long long cases_attach_count(long long case_id)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_COUNT, "i", case_id);
	return rc < 0 ? rc : n;
}

int cases_attach_touch_case(long long case_id, time_t now)
{
	long long n = mm_db_exec(SQL_TOUCH_CASE, "ti", now, case_id);
	return n < 0 ? (int)n : 0;
}

int cases_attach_insert(const struct cases_staged_file *f, long long case_id, long long tenant_id,
			long long activity_id, int internal, long long user_id, time_t now)
{
	long long n = mm_db_exec(SQL_INSERT, "iinsssibiit", case_id, tenant_id, activity_id,
				 f->store_id, f->file_name, f->content_type, f->size,
				 (const void *)f->sha256, (size_t)32, (long long)(internal != 0),
				 user_id, now);
	return n < 0 ? (int)n : 0;
}

int cases_attach_list(long long case_id, long long tenant_id, int include_internal,
		      struct cases_attach_row **rows, size_t *n)
{
	struct mm_res res;
	*rows = NULL;
	*n = 0;
	int rc = mm_db_query(&res, SQL_LIST, "iiii", case_id, tenant_id, tenant_id,
			     (long long)(include_internal != 0));
	if (rc < 0)
		return rc;
	size_t cap = 0;
	while ((rc = mm_db_next(&res)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct cases_attach_row *grown = realloc(*rows, cap * sizeof **rows);
			if (!grown) {
				rc = MM_DB_ERR;
				break;
			}
			*rows = grown;
		}
		struct cases_attach_row *row = &(*rows)[(*n)++];
		row->id = mm_db_int(&res, 0);
		mm_copy_str(row->file_name, sizeof row->file_name, mm_db_str(&res, 1));
		row->size = mm_db_int(&res, 2);
		row->internal = mm_db_int(&res, 3) != 0;
		row->created_at = mm_db_time(&res, 4);
		mm_copy_str(row->uploader, sizeof row->uploader, mm_db_str(&res, 5));
		mm_copy_str(row->case_no, sizeof row->case_no, mm_db_str(&res, 6));
	}
	mm_db_done(&res);
	if (rc < 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}
