/* Work request queries. Every read for a customer is scoped by tenant_id
 * in the SQL itself (0 = provider staff: any tenant), so another tenant's
 * request number finds no row, exactly like one that does not exist. */
#include "requests.h"
#include "mm_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, col) mm_copy_str(dst, sizeof dst, mm_db_str(q, col))

/* --- the catalog ------------------------------------------------------- */

#define ITEM_COLUMNS \
	"SELECT id, code, position, name_ja, name_en, description_ja, description_en, cost," \
	" retired FROM work_request_items"
static const char SQL_ITEMS[] = ITEM_COLUMNS " ORDER BY position, id LIMIT 100";
static const char SQL_ITEM_BY_CODE[] = ITEM_COLUMNS " WHERE code = ?";
static const char SQL_ITEM_BY_ID[] = ITEM_COLUMNS " WHERE id = ?";
static const char SQL_ITEM_ADD[] =
	"INSERT INTO work_request_items (code, position, name_ja, name_en, description_ja,"
	" description_en, cost, retired, created_at, updated_at)"
	" SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ?, 0, ?, ? FROM work_request_items";
static const char SQL_ITEM_SAVE[] =
	"UPDATE work_request_items SET name_ja = ?, name_en = ?, description_ja = ?,"
	" description_en = ?, cost = ?, retired = ?, position = ?, updated_at = ? WHERE id = ?";

static void read_item(const struct mm_res *q, struct rq_item *it)
{
	it->id = mm_db_int(q, 0);
	COPY(it->code, 1);
	it->position = mm_db_int(q, 2);
	COPY(it->name_ja, 3);
	COPY(it->name_en, 4);
	COPY(it->description_ja, 5);
	COPY(it->description_en, 6);
	it->cost = mm_db_int(q, 7);
	it->retired = mm_db_int(q, 8) != 0;
}

int rq_db_items(struct rq_item *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_ITEMS, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0)
		read_item(q, &out[n++]);
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

static int one_item(int rc, struct mm_res *q, struct rq_item *it)
{
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0)
		read_item(q, it);
	mm_db_done(q);
	return rc;
}

int rq_db_item_by_code(const char *code, struct rq_item *it)
{
	struct mm_res q;
	return one_item(mm_db_query(&q, SQL_ITEM_BY_CODE, "s", code), &q, it);
}

int rq_db_item_by_id(long long id, struct rq_item *it)
{
	struct mm_res q;
	return one_item(mm_db_query(&q, SQL_ITEM_BY_ID, "i", id), &q, it);
}

int rq_db_item_add(const struct rq_item *it, time_t now)
{
	long long n = mm_db_exec(SQL_ITEM_ADD, "sssssitt", it->code, it->name_ja, it->name_en,
				 it->description_ja, it->description_en, it->cost, now, now);
	return n < 0 ? (int)n : 0;
}

int rq_db_item_save(const struct rq_item *it, time_t now)
{
	long long n = mm_db_exec(SQL_ITEM_SAVE, "ssssiiiti", it->name_ja, it->name_en,
				 it->description_ja, it->description_en, it->cost,
				 (long long)it->retired, it->position, now, it->id);
	return n < 0 ? (int)n : n > 0;
}

static const char SQL_FIELDS[] =
	"SELECT id, item_id, name, position, kind, label_ja, label_en, required,"
	" COALESCE(max_length, 0), min_value IS NOT NULL, COALESCE(min_value, 0),"
	" max_value IS NOT NULL, COALESCE(max_value, 0), options, retired, not_before"
	" FROM work_request_fields WHERE item_id = ? ORDER BY position, id LIMIT 30";
static const char SQL_FIELD_ADD[] =
	"INSERT INTO work_request_fields (item_id, name, position, kind, label_ja, label_en,"
	" required, max_length, min_value, max_value, not_before, options, retired)"
	" SELECT ?, ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, NULLIF(?, 0),"
	" IF(?, ?, NULL), IF(?, ?, NULL), ?, ?, 0 FROM work_request_fields WHERE item_id = ?";
static const char SQL_FIELD_SAVE[] =
	"UPDATE work_request_fields SET kind = ?, label_ja = ?, label_en = ?, required = ?,"
	" max_length = NULLIF(?, 0), min_value = IF(?, ?, NULL), max_value = IF(?, ?, NULL),"
	" not_before = ?, options = ?, retired = ?, position = ? WHERE id = ? AND item_id = ?";
static const char SQL_FIELD_COUNT[] = "SELECT COUNT(*) FROM work_request_fields WHERE item_id = ?";

int rq_db_fields(long long item_id, struct rq_item_field *out, int cap)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_FIELDS, "i", item_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0) {
		struct rq_item_field *f = &out[n++];
		memset(f, 0, sizeof *f);
		f->id = mm_db_int(q, 0);
		f->item_id = mm_db_int(q, 1);
		COPY(f->name, 2);
		f->position = mm_db_int(q, 3);
		f->def.kind = rq_kind_parse(mm_db_str(q, 4));
		COPY(f->label_ja, 5);
		COPY(f->label_en, 6);
		f->def.required = mm_db_int(q, 7) != 0;
		f->def.max_length = mm_db_int(q, 8);
		f->def.has_min = mm_db_int(q, 9) != 0;
		f->def.min_value = mm_db_int(q, 10);
		f->def.has_max = mm_db_int(q, 11) != 0;
		f->def.max_value = mm_db_int(q, 12);
		COPY(f->options, 13);
		f->def.options = f->options;
		f->retired = mm_db_int(q, 14) != 0;
		COPY(f->not_before, 15);
	}
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int rq_db_field_add(const struct rq_item_field *f)
{
	long long count = 0;
	int rc = mm_db_get_int(&count, SQL_FIELD_COUNT, "i", f->item_id);
	if (rc < 0)
		return rc;
	if (count >= RQ_MAX_FIELDS)
		return MM_DB_DUP;
	const struct rq_field *d = &f->def;
	long long n = mm_db_exec(SQL_FIELD_ADD, "issssiiiiiissi", f->item_id, f->name,
				 rq_kind_name(d->kind), f->label_ja, f->label_en,
				 (long long)d->required, d->max_length, (long long)d->has_min,
				 d->min_value, (long long)d->has_max, d->max_value, f->not_before,
				 f->options,
				 f->item_id);
	return n < 0 ? (int)n : 0;
}

int rq_db_field_save(const struct rq_item_field *f)
{
	const struct rq_field *d = &f->def;
	long long n = mm_db_exec(SQL_FIELD_SAVE, "sssiiiiiissiiii", rq_kind_name(d->kind),
				 f->label_ja, f->label_en, (long long)d->required, d->max_length,
				 (long long)d->has_min, d->min_value, (long long)d->has_max,
				 d->max_value, f->not_before, f->options, (long long)f->retired, f->position,
				 f->id, f->item_id);
	return n < 0 ? (int)n : n > 0;
}

/* --- points ------------------------------------------------------------ */

void rq_today(time_t now, char out[11])
{
	char t[MM_TIME_LEN];
	/* the periods' rows hold Japanese business dates, whoever reads */
	mm_time_format(MM_TIME_DEFAULT_ZONE, now, t);
	snprintf(out, 11, "%.10s", t);
}

static const char SQL_PERIOD[] =
	"SELECT id, contracted, credited, consumed FROM point_periods"
	" WHERE tenant_id = ? AND starts_on <= ? AND ends_on >= ? ORDER BY starts_on DESC LIMIT 1";
/* the balance rule of sql/008: two consumptions that each fit but not
 * together meet here; the second finds no row */
static const char SQL_CONSUME[] =
	"UPDATE point_periods SET consumed = consumed + ?, updated_at = ?"
	" WHERE id = ? AND consumed + ? <= contracted + credited";
static const char SQL_LEDGER[] =
	"INSERT INTO point_ledger (tenant_id, period_id, kind, points, request_no, case_id,"
	" reason, actor_user_id, created_at) VALUES (?, ?, 'consume', ?, ?, ?, '', ?, ?)";

int rq_db_current_period(long long tenant_id, const char *today, struct rq_period *p)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_PERIOD, "iss", tenant_id, today, today);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0) {
		p->id = mm_db_int(q, 0);
		p->contracted = mm_db_int(q, 1);
		p->credited = mm_db_int(q, 2);
		p->consumed = mm_db_int(q, 3);
	}
	mm_db_done(q);
	return rc;
}

int rq_db_consume(long long period_id, long long points, time_t now)
{
	long long n = mm_db_exec(SQL_CONSUME, "itii", points, now, period_id, points);
	return n < 0 ? (int)n : n > 0;
}

int rq_db_ledger_consume(long long tenant_id, long long period_id, long long points,
			 const char *request_no, long long case_id, long long actor, time_t now)
{
	long long n = mm_db_exec(SQL_LEDGER, "iiisnnt", tenant_id, period_id, points, request_no,
				 case_id, actor, now);
	return n < 0 ? (int)n : 0;
}

/* --- requests ---------------------------------------------------------- */

#define REQUEST_COLUMNS \
	"SELECT w.id, w.tenant_id, w.item_id, w.cost, w.requester_user_id," \
	" COALESCE(w.decided_by, 0), COALESCE(w.case_id, 0), w.request_no, w.lang, w.state," \
	" i.code, w.item_name_ja, w.item_name_en, w.reason, t.customer_no, t.name," \
	" COALESCE(u.display_name, ''), COALESCE(d.display_name, ''), COALESCE(c.case_no, '')," \
	" w.created_at, w.decided_at" \
	" FROM work_requests w JOIN tenants t ON t.id = w.tenant_id" \
	" JOIN work_request_items i ON i.id = w.item_id" \
	" LEFT JOIN users u ON u.id = w.requester_user_id" \
	" LEFT JOIN users d ON d.id = w.decided_by" \
	" LEFT JOIN cases c ON c.id = w.case_id"
static const char SQL_REQUESTS_TENANT[] =
	REQUEST_COLUMNS " WHERE w.tenant_id = ? AND (? IS NULL OR w.state = ?)"
	" ORDER BY w.created_at DESC, w.id DESC LIMIT ? OFFSET ?";
static const char SQL_REQUESTS_TENANT_PENDING[] =
	REQUEST_COLUMNS " WHERE w.tenant_id = ? AND w.state = ? AND ? IS NOT NULL"
	" ORDER BY w.created_at, w.id LIMIT ? OFFSET ?";
static const char SQL_REQUESTS_ALL[] =
	REQUEST_COLUMNS " WHERE ? = 0 AND (? IS NULL OR w.state = ?)"
	" ORDER BY w.created_at DESC, w.id DESC LIMIT ? OFFSET ?";
static const char SQL_REQUESTS_PENDING[] =
	REQUEST_COLUMNS " WHERE ? = 0 AND w.state = ? AND ? IS NOT NULL"
	" ORDER BY w.created_at, w.id LIMIT ? OFFSET ?";
static const char SQL_REQUESTS_COUNT_TENANT[] =
	"SELECT COUNT(*) FROM work_requests w WHERE w.tenant_id = ? AND (? IS NULL OR w.state = ?)";
static const char SQL_REQUESTS_COUNT_ALL[] =
	"SELECT COUNT(*) FROM work_requests w WHERE ? = 0 AND (? IS NULL OR w.state = ?)";
static const char SQL_REQUEST[] =
	REQUEST_COLUMNS " WHERE w.request_no = ? AND (? = 0 OR w.tenant_id = ?)";

static void read_request(const struct mm_res *q, struct rq_request *r)
{
	r->id = mm_db_int(q, 0);
	r->tenant_id = mm_db_int(q, 1);
	r->item_id = mm_db_int(q, 2);
	r->cost = mm_db_int(q, 3);
	r->requester_id = mm_db_int(q, 4);
	r->decided_by = mm_db_int(q, 5);
	r->case_id = mm_db_int(q, 6);
	COPY(r->request_no, 7);
	COPY(r->lang, 8);
	COPY(r->state, 9);
	COPY(r->item_code, 10);
	COPY(r->item_name_ja, 11);
	COPY(r->item_name_en, 12);
	COPY(r->reason, 13);
	COPY(r->customer_no, 14);
	COPY(r->tenant_name, 15);
	COPY(r->requester_name, 16);
	COPY(r->decider_name, 17);
	COPY(r->case_no, 18);
	r->created_at = mm_db_time(q, 19);
	r->decided_at = mm_db_time(q, 20);
}

int rq_db_requests(long long tenant_id, const char *state, int oldest_pending,
		   long long offset, int (*fn)(const struct rq_request *q, void *ctx), void *ctx)
{
	struct mm_res res, *q = &res;
	if (tenant_id < 0)
		return 0;
	int pending = oldest_pending && state && strcmp(state, "pending") == 0;
	long long limit = RQ_PAGE_SIZE;
	int rc = tenant_id ?
		mm_db_query(q, pending ? SQL_REQUESTS_TENANT_PENDING : SQL_REQUESTS_TENANT, "issii",
			    tenant_id, state, state, limit, offset) :
		mm_db_query(q, pending ? SQL_REQUESTS_PENDING : SQL_REQUESTS_ALL, "issii",
			    tenant_id, state, state, limit, offset);
	if (rc < 0)
		return rc;
	struct rq_request *row = malloc(sizeof *row);
	if (!row) {
		mm_db_done(q);
		return MM_DB_ERR;
	}
	while ((rc = mm_db_next(q)) > 0) {
		read_request(q, row);
		if ((rc = fn(row, ctx)) < 0)
			break;
	}
	free(row);
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

int rq_db_count_requests(long long tenant_id, const char *state, long long *total)
{
	*total = 0;
	if (tenant_id < 0)
		return 0;
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, tenant_id ? SQL_REQUESTS_COUNT_TENANT : SQL_REQUESTS_COUNT_ALL,
			     "iss", tenant_id, state, state);
	if (rc < 0)
		return rc;
	if ((rc = mm_db_next(q)) > 0)
		*total = mm_db_int(q, 0);
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

int rq_db_request(const char *request_no, long long tenant_id, struct rq_request *r)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_REQUEST, "sii", request_no, tenant_id, tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0)
		read_request(q, r);
	mm_db_done(q);
	return rc;
}

static const char SQL_VALUES[] =
	"SELECT position, name, kind, label_ja, label_en, value, shown_ja, shown_en"
	" FROM work_request_values WHERE request_id = ? ORDER BY position, id";
static const char SQL_VALUE_INSERT[] =
	"INSERT INTO work_request_values (request_id, tenant_id, position, name, kind, label_ja,"
	" label_en, value, shown_ja, shown_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_REQUEST_INSERT[] =
	"INSERT INTO work_requests (request_no, tenant_id, item_id, item_name_ja, item_name_en,"
	" cost, requester_user_id, lang, state, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)";

int rq_db_values(long long request_id, int (*fn)(const struct rq_value *v, void *ctx), void *ctx)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_VALUES, "i", request_id);
	if (rc < 0)
		return rc;
	struct rq_value v;
	while ((rc = mm_db_next(q)) > 0) {
		memset(&v, 0, sizeof v);
		v.position = (int)mm_db_int(q, 0);
		COPY(v.name, 1);
		COPY(v.kind, 2);
		v.label_ja = mm_db_str(q, 3);
		v.label_en = mm_db_str(q, 4);
		v.value = mm_db_str(q, 5);
		v.shown_ja = mm_db_str(q, 6);
		v.shown_en = mm_db_str(q, 7);
		if ((rc = fn(&v, ctx)) < 0)
			break;
	}
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

/* As for case numbers: ten tries at a 1-in-10^7 space. */
#define REQUEST_NO_TRIES 10

int rq_db_request_insert(struct rq_request *r, time_t now)
{
	long long rc = MM_DB_DUP;
	for (int i = 0; i < REQUEST_NO_TRIES && rc == MM_DB_DUP; i++) {
		unsigned char rnd[4];
		if (mm_random_bytes(rnd, sizeof rnd) != 0)
			return MM_DB_ERR;
		unsigned long v = ((unsigned long)rnd[0] << 24 | (unsigned long)rnd[1] << 16 |
				   (unsigned long)rnd[2] << 8 | rnd[3]) % 10000000UL;
		snprintf(r->request_no, sizeof r->request_no, "WR%07lu", v);
		rc = mm_db_exec(SQL_REQUEST_INSERT, "siissiist", r->request_no, r->tenant_id,
				r->item_id, r->item_name_ja, r->item_name_en, r->cost, r->requester_id,
				r->lang, now);
	}
	if (rc < 0)
		return (int)rc;
	r->id = (long long)mm_db_insert_id();
	return 0;
}

int rq_db_value_insert(long long request_id, long long tenant_id, const struct rq_value *v)
{
	long long n = mm_db_exec(SQL_VALUE_INSERT, "iiisssssss", request_id, tenant_id,
				 (long long)v->position, v->name, v->kind, v->label_ja, v->label_en,
				 v->value, v->shown_ja, v->shown_en);
	return n < 0 ? (int)n : 0;
}

/* --- files ------------------------------------------------------------- */

static const char SQL_FILE_INSERT[] =
	"INSERT INTO work_request_attachments (request_id, tenant_id, store_id, file_name,"
	" content_type, size_bytes, sha256, uploaded_by, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
#define FILE_COLUMNS \
	"SELECT a.id, a.size_bytes, a.uploaded_by, a.store_id, a.file_name, a.content_type," \
	" COALESCE(u.display_name, ''), a.sha256, a.created_at" \
	" FROM work_request_attachments a LEFT JOIN users u ON u.id = a.uploaded_by"
static const char SQL_FILES[] = FILE_COLUMNS " WHERE a.request_id = ? ORDER BY a.id";
static const char SQL_FILE[] =
	FILE_COLUMNS " JOIN work_requests w ON w.id = a.request_id"
	" WHERE w.request_no = ? AND a.id = ? AND (? = 0 OR a.tenant_id = ?)";

static void read_file_row(const struct mm_res *q, struct rq_file *f)
{
	f->id = mm_db_int(q, 0);
	f->size = mm_db_int(q, 1);
	f->uploaded_by = mm_db_int(q, 2);
	COPY(f->store_id, 3);
	COPY(f->file_name, 4);
	COPY(f->content_type, 5);
	COPY(f->uploader, 6);
	memset(f->sha256, 0, sizeof f->sha256);
	if (mm_db_str(q, 7) && mm_db_len(q, 7) == sizeof f->sha256)
		memcpy(f->sha256, mm_db_str(q, 7), sizeof f->sha256);
	f->created_at = mm_db_time(q, 8);
}

int rq_db_file_insert(long long request_id, long long tenant_id, const struct rq_file *f,
		      time_t now)
{
	long long n = mm_db_exec(SQL_FILE_INSERT, "iisssibit", request_id, tenant_id, f->store_id,
				 f->file_name, f->content_type, f->size, (const void *)f->sha256,
				 sizeof f->sha256, f->uploaded_by, now);
	return n < 0 ? (int)n : 0;
}

int rq_db_files(long long request_id, int (*fn)(const struct rq_file *f, void *ctx), void *ctx)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_FILES, "i", request_id);
	if (rc < 0)
		return rc;
	struct rq_file *f = malloc(sizeof *f);
	if (!f) {
		mm_db_done(q);
		return MM_DB_ERR;
	}
	while ((rc = mm_db_next(q)) > 0) {
		read_file_row(q, f);
		if ((rc = fn(f, ctx)) < 0)
			break;
	}
	free(f);
	mm_db_done(q);
	return rc < 0 ? rc : 0;
}

int rq_db_file(const char *request_no, long long file_id, long long tenant_id, struct rq_file *f)
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_FILE, "siii", request_no, file_id, tenant_id, tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0)
		read_file_row(q, f);
	mm_db_done(q);
	return rc;
}

/* --- the decision ------------------------------------------------------ */

static const char SQL_LOCK[] = "SELECT state FROM work_requests WHERE id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
	"UPDATE work_requests SET state = ?, reason = ?, decided_by = ?, decided_at = ?,"
	" case_id = ? WHERE id = ? AND state = 'pending'";

int rq_db_lock_request(long long id, char state[10])
{
	struct mm_res res, *q = &res;
	int rc = mm_db_query(q, SQL_LOCK, "i", id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(q);
	if (rc > 0)
		mm_copy_str(state, 10, mm_db_str(q, 0));
	mm_db_done(q);
	return rc;
}

int rq_db_decide(long long id, const char *state, const char *reason, long long actor,
		 long long case_id, time_t now)
{
	long long n = mm_db_exec(SQL_DECIDE, "ssitni", state, reason ? reason : "", actor, now,
				 case_id, id);
	return n < 0 ? (int)n : n > 0;
}
