/* Queries on chat_linkages and chat_report_runs. */
#include "mm.h"
#include "mm_aead.h"
#include "chat_db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "id, tenant_id, company_name, customer_uuid, org_label, url_masked, lang," \
	" time_zone, enabled, failing, failures, created_at, last_sent_at, COALESCE(last_error, '')"

static const char SQL_INSERT[] =
	"INSERT INTO chat_linkages (tenant_id, company_name, customer_uuid, org_label, url_masked,"
	" lang, time_zone, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SEAL[] = "UPDATE chat_linkages SET url_sealed = ? WHERE id = ?";
static const char SQL_LIST[] =
	"SELECT " COLS " FROM chat_linkages WHERE tenant_id = ? ORDER BY id LIMIT ?";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM chat_linkages WHERE tenant_id = ?";
static const char SQL_GET[] =
	"SELECT " COLS " FROM chat_linkages WHERE tenant_id = ? AND id = ?";
/* enabling again starts a new failure count: the admin fixed something */
static const char SQL_ENABLE[] =
	"UPDATE chat_linkages SET enabled = ?, failing = IF(?, 0, failing),"
	" failing_mailed = IF(?, 0, failing_mailed), failures = IF(?, 0, failures),"
	" first_failure_at = IF(?, NULL, first_failure_at) WHERE tenant_id = ? AND id = ?";
static const char SQL_DELETE[] = "DELETE FROM chat_linkages WHERE tenant_id = ? AND id = ?";
static const char SQL_EACH_TENANT[] =
	"SELECT " COLS " FROM chat_linkages WHERE tenant_id = ? AND enabled = 1 ORDER BY id";
static const char SQL_EACH_ALL[] =
	"SELECT " COLS " FROM chat_linkages WHERE enabled = 1 ORDER BY id";
static const char SQL_URL[] =
	"SELECT " COLS ", url_sealed FROM chat_linkages WHERE id = ?";
static const char SQL_REPORT_TAKE[] =
	"INSERT INTO chat_report_runs (linkage_id, slot_at, tenant_id, queued_at) VALUES (?, ?, ?, ?)";
static const char SQL_DELIVERED[] =
	"UPDATE chat_linkages SET failures = 0, first_failure_at = NULL, failing = 0,"
	" failing_mailed = 0, last_error = NULL, last_sent_at = ? WHERE id = ?";
/* Counts the failure; the linkage turns failing at max_failures in a row
 * or max_seconds after the first of them. failing = 0 in the WHERE of the
 * second statement makes "has just become failing" true for one caller. */
static const char SQL_FAILED[] =
	"UPDATE chat_linkages SET failures = failures + 1,"
	" first_failure_at = COALESCE(first_failure_at, ?), last_error = ? WHERE id = ?";
static const char SQL_TURN_FAILING[] =
	"UPDATE chat_linkages SET failing = 1 WHERE id = ? AND failing = 0"
	" AND (failures >= ? OR first_failure_at <= ?)";
static const char SQL_FAILING_PENDING[] =
	"SELECT id FROM chat_linkages WHERE failing = 1 AND failing_mailed = 0 ORDER BY id LIMIT ?";
static const char SQL_FAILING_TAKE[] =
	"UPDATE chat_linkages SET failing_mailed = 1 WHERE id = ? AND failing = 1 AND failing_mailed = 0";
static const char SQL_BY_ID[] = "SELECT " COLS " FROM chat_linkages WHERE id = ?";
static const char SQL_ADMINS[] =
	"SELECT email, lang, time_zone FROM users WHERE tenant_id = ? AND disabled = 0"
	" AND role = 'customer_admin' AND email <> '' ORDER BY id";

static void read_row(const struct mm_res *r, struct chat_linkage *l)
{
	memset(l, 0, sizeof *l);
	l->id = mm_db_int(r, 0);
	l->tenant_id = mm_db_int(r, 1);
	mm_copy_str(l->company_name, sizeof l->company_name, mm_db_str(r, 2));
	mm_copy_str(l->customer_uuid, sizeof l->customer_uuid, mm_db_str(r, 3));
	mm_copy_str(l->org_label, sizeof l->org_label, mm_db_str(r, 4));
	mm_copy_str(l->url_masked, sizeof l->url_masked, mm_db_str(r, 5));
	mm_copy_str(l->lang, sizeof l->lang, mm_db_str(r, 6));
	mm_copy_str(l->time_zone, sizeof l->time_zone, mm_db_str(r, 7));
	l->enabled = (int)mm_db_int(r, 8);
	l->failing = (int)mm_db_int(r, 9);
	l->failures = (long)mm_db_int(r, 10);
	l->created_at = mm_db_time(r, 11);
	l->last_sent_at = mm_db_time(r, 12);
	mm_copy_str(l->last_error, sizeof l->last_error, mm_db_str(r, 13));
}

/* The sealed URL is bound to its row: moved to another linkage (or
 * tenant) it no longer opens. */
static void aad_of(long long tenant_id, long long id, char out[64])
{
	snprintf(out, 64, "chat-linkage:%lld:%lld", tenant_id, id);
}

long long chat_db_insert(const struct chat_new_linkage *n, time_t now)
{
	char masked[CHAT_MASKED_MAX];
	chat_url_mask(n->url, masked);
	long long rc = mm_db_exec(SQL_INSERT, "issssssti", n->tenant_id, n->company_name,
				  n->customer_uuid, n->org_label, masked, n->lang, n->time_zone, now,
				  n->created_by);
	if (rc < 0)
		return rc;
	long long id = (long long)mm_db_insert_id();
	size_t len = strlen(n->url), outlen = 0;
	unsigned char *sealed = malloc(len + MM_AEAD_OVERHEAD);
	char aad[64];
	aad_of(n->tenant_id, id, aad);
	if (!sealed || mm_aead_seal_config(aad, n->url, len, sealed, &outlen) < 0) {
		free(sealed);
		return MM_DB_ERR;
	}
	rc = mm_db_exec(SQL_SEAL, "bi", (const void *)sealed, outlen, id);
	free(sealed);
	return rc < 0 ? rc : id;
}

static int read_rows(struct mm_res *res, struct chat_linkage *rows, int max)
{
	int n = 0, rc;
	while ((rc = mm_db_next(res)) > 0 && n < max)
		read_row(res, &rows[n++]);
	mm_db_done(res);
	return rc < 0 ? rc : n;
}

int chat_db_list(long long tenant_id, struct chat_linkage *rows, int max)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_LIST, "ii", tenant_id, (long long)max);
	return rc < 0 ? rc : read_rows(&res, rows, max);
}

int chat_db_count(long long tenant_id, long long *n)
{
	*n = 0;
	int rc = mm_db_get_int(n, SQL_COUNT, "i", tenant_id);
	return rc < 0 ? rc : 0;
}

int chat_db_get(long long tenant_id, long long id, struct chat_linkage *l)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_GET, "ii", tenant_id, id);
	return rc < 0 ? rc : read_rows(&res, l, 1);
}

int chat_db_set_enabled(long long tenant_id, long long id, int enabled)
{
	long long e = enabled != 0;
	long long n = mm_db_exec(SQL_ENABLE, "iiiiiii", e, e, e, e, e, tenant_id, id);
	return n < 0 ? (int)n : n > 0;
}

int chat_db_delete(long long tenant_id, long long id)
{
	long long n = mm_db_exec(SQL_DELETE, "ii", tenant_id, id);
	return n < 0 ? (int)n : n > 0;
}

int chat_db_each_enabled(long long tenant_id, int (*fn)(const struct chat_linkage *l, void *ctx),
			 void *ctx)
{
	struct mm_res res;
	int rc = tenant_id > 0 ? mm_db_query(&res, SQL_EACH_TENANT, "i", tenant_id)
			       : mm_db_query(&res, SQL_EACH_ALL, "");
	if (rc < 0)
		return rc;
	struct chat_linkage l;
	while ((rc = mm_db_next(&res)) > 0) {
		read_row(&res, &l);
		int frc = fn(&l, ctx);
		if (frc) {
			rc = frc;
			break;
		}
	}
	mm_db_done(&res);
	return rc;
}

int chat_db_url(long long id, struct chat_linkage *l, char *url)
{
	url[0] = '\0';
	struct mm_res res;
	int rc = mm_db_query_row(&res, SQL_URL, "i", id);
	if (rc == 1) {
		read_row(&res, l);
		const unsigned char *sealed = (const unsigned char *)mm_db_str(&res, 14);
		size_t n = mm_db_len(&res, 14), ptlen = 0;
		char aad[64];
		aad_of(l->tenant_id, l->id, aad);
		if (mm_aead_open_config(aad, sealed, n, (unsigned char *)url, CHAT_URL_MAX, &ptlen) < 0)
			rc = MM_DB_ERR;
		else
			url[ptlen] = '\0';
	}
	mm_db_done(&res);
	return rc;
}

int chat_db_report_take(long long linkage_id, long long tenant_id, time_t slot, time_t now)
{
	long long n = mm_db_exec(SQL_REPORT_TAKE, "itit", linkage_id, slot, tenant_id, now);
	if (n == MM_DB_DUP)
		return 0;
	return n < 0 ? (int)n : 1;
}

int chat_db_delivered(long long id, time_t now)
{
	long long n = mm_db_exec(SQL_DELIVERED, "ti", now, id);
	return n < 0 ? (int)n : 0;
}

int chat_db_failed(long long id, time_t now, const char *error, long max_failures,
		   long max_seconds)
{
	long long n = mm_db_exec(SQL_FAILED, "tsi", now, error, id);
	if (n < 0)
		return (int)n;
	n = mm_db_exec(SQL_TURN_FAILING, "iit", id, (long long)max_failures, now - max_seconds);
	return n < 0 ? (int)n : n > 0;
}

int chat_queue(const struct chat_linkage *l, const struct chat_message *m, const char *extra_json,
	       time_t now)
{
	char *body = chat_payload(m, extra_json);
	if (!body)
		return MM_DB_ERR;
	char to[32];
	snprintf(to, sizeof to, "chat:%lld", l->id);
	int rc = mm_outbox_queue("webhook", to, m->title, body, now);
	free(body);
	return rc;
}

int chat_db_admins(long long tenant_id,
		   int (*fn)(const char *email, const char *lang, const char *zone, void *ctx),
		   void *ctx)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_ADMINS, "i", tenant_id);
	if (rc < 0)
		return rc;
	while ((rc = mm_db_next(&res)) > 0) {
		int frc = fn(mm_db_str(&res, 0), mm_db_str(&res, 1), mm_db_str(&res, 2), ctx);
		if (frc) {
			rc = frc;
			break;
		}
	}
	mm_db_done(&res);
	return rc;
}

int chat_db_failing_pending(long long *ids, int max)
{
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_FAILING_PENDING, "i", (long long)max);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = mm_db_next(&res)) > 0 && n < max)
		ids[n++] = mm_db_int(&res, 0);
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int chat_db_failing_take(long long id, struct chat_linkage *l)
{
	long long n = mm_db_exec(SQL_FAILING_TAKE, "i", id);
	if (n <= 0)
		return (int)n;
	struct mm_res res;
	int rc = mm_db_query(&res, SQL_BY_ID, "i", id);
	return rc < 0 ? rc : read_rows(&res, l, 1);
}
