/* Attachments of cases (CASE-7): staging the files of an upload into the
 * attachment store, recording them with a change, listing and serving them.
 *
 * A handler that takes files stages them first (outside any transaction:
 * the copy of a 2 GiB file takes seconds), records them inside its
 * transaction, and discards them when the transaction or the change is
 * refused, so that no file outlives a change that did not happen (a
 * transaction that may have committed keeps them: see cases_attach_undo). */
#ifndef CASES_ATTACH_H
#define CASES_ATTACH_H
#include "mm.h"
#include "mm_store.h"

#define CASES_MAX_FILES 20	/* per upload */
#define CASES_MAX_CASE_FILES 200	/* per case (see CASES_MAX_COMMENTS) */
/* A change refused because the case holds its maximum (cases.err.full). */
#define CASES_FULL 2

struct cases_staged_file {
	char store_id[33];
	char file_name[1024];
	char content_type[128];
	long long size;
	unsigned char sha256[32];
};

struct cases_staged {
	int n;
	struct cases_staged_file f[CASES_MAX_FILES];
};

/* Moves the uploaded files of field "attachments" into the attachment store
 * (not yet recorded). 0 = ok (st->n may be 0); else an HTTP status (400,
 * 413, 503...) and *msg_key = the i18n key of the message for the user. */
int cases_attach_stage(struct mm_req *r, struct cases_staged *st, const char **msg_key);
/* The message over a form shown again (msg_key: why, may be NULL): when a
 * file of the post was refused (by cases_attach_stage, or r->upload_refused
 * for a form refused for another reason) the reason is at the file input
 * (Errors.attachments) and the form's top asks to check the fields. */
const char *cases_attach_form_error(struct mm_req *r, const char *msg_key);
/* Inside the caller's transaction, with the case row held: one
 * case_attachments row per staged file. 0, CASES_FULL (2) when the case
 * would hold more than CASES_MAX_CASE_FILES, or MM_DB_*. */
int cases_attach_record(const struct cases_staged *st, long long case_id, long long tenant_id,
			long long activity_id, int internal, long long user_id, time_t now);
/* After a refused change (nothing sent to the database): removes the
 * staged files from the store. */
void cases_attach_discard(struct cases_staged *st);
/* After mm_db_transaction failed: removes the staged files when the
 * transaction surely rolled back, and leaves them when its COMMIT's outcome
 * is unknown (mm_db_commit_unknown): a committed row must never name a
 * removed file, and sweep-attachments removes the files no row names once
 * they are older than any upload can take. */
void cases_attach_undo(struct cases_staged *st);
/* Fills <prefix>.N.{id,name,size,size_text,uploader,time,url,internal} for
 * a case page; internal files only when include_internal. 0 or MM_DB_*. */
int cases_attach_fill(struct mm_req *r, const char *prefix, long long case_id,
		      long long tenant_id, int include_internal, int staff_urls);

/* "1.5 MB", "820 KB", "12 B" (units of 1024). */
void cases_size_text(long long bytes, char out[32]);

/* The route part of the cases program: adding files to a case and
 * downloading them, for customers and staff. */
extern const struct mm_route cases_attach_routes[];
extern const size_t cases_attach_nroutes;
extern const char *const cases_attach_templates[];

/* cases_attach_db.c */
struct cases_attach_case {
	long long id, tenant_id;
	char status[24];
};
/* The case numbered case_no as one user may see it: tenant_id 0 = any
 * tenant (staff). 1 found, 0 not (or another tenant's), < 0 MM_DB_*. */
int cases_attach_find_case(const char *case_no, long long tenant_id,
			   struct cases_attach_case *c);
struct cases_attach_file {
	char store_id[33];
	char file_name[1024];
	char content_type[128];
};
/* One attachment of the case numbered case_no; tenant_id 0 = any tenant,
 * internal files only when include_internal. 1, 0 or MM_DB_*. */
int cases_attach_find_file(const char *case_no, long long attachment_id, long long tenant_id,
			   int include_internal, struct cases_attach_file *f);
/* Locks the case row for the rest of the transaction and reads its status:
 * 1 found, 0 gone, < 0 MM_DB_*. */
int cases_attach_lock_case(long long case_id, char status[24]);
/* The listed attachments of a case, oldest first. */
struct cases_attach_row {
	long long id, size;
	int internal;
	time_t created_at;
	char file_name[1024];
	char uploader[404];
	char case_no[10];
};
/* *rows is malloc'd (free it), *n rows; 0 or MM_DB_*. */
int cases_attach_list(long long case_id, long long tenant_id, int include_internal,
		      struct cases_attach_row **rows, size_t *n);
int cases_attach_insert(const struct cases_staged_file *f, long long case_id, long long tenant_id,
			long long activity_id, int internal, long long user_id, time_t now);
int cases_attach_touch_case(long long case_id, time_t now);
/* The number of files of a case: >= 0 or MM_DB_*. */
long long cases_attach_count(long long case_id);

#endif
