/* mimamori-admin search-reindex. An owner is marked pending first, so its
 * searches scan while its entries are rebuilt (never a partial index);
 * entries written meanwhile by the programs are kept or re-added, as every
 * write only adds grams. Documents are read in id order, 500 at a time,
 * each batch written in one transaction. */
#include "mm.h"
#include "mm_ngram.h"
#include "search_reindex.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_PENDING_ALL[] =
	"SELECT scope, tenant_id FROM search_pending ORDER BY scope, tenant_id";
static const char SQL_TENANT_BY_NO[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_CASE_TEXTS[] =
	"SELECT case_id, folded FROM case_search WHERE tenant_id = ? AND case_id > ?"
	" ORDER BY case_id LIMIT 500";
static const char SQL_KB_TEXTS[] =
	"SELECT article_id, text FROM kb_search WHERE article_id > ? AND ? = 0"
	" ORDER BY article_id LIMIT 500";

#define MAX_OWNERS 100000

struct owner {
	int scope;
	long long tenant_id;
};

struct batch {
	const struct owner *o;
	long long after;	/* the last document done before this batch */
	long long next_after;	/* … and after it */
	int rows;		/* documents in this batch */
};

static int batch_tx(void *ctx)
{
	struct batch *b = ctx;
	struct mm_res res, *q = &res;
	int rc = b->o->scope == MM_NGRAM_CASES ?
		 mm_db_query(q, SQL_CASE_TEXTS, "ii", b->o->tenant_id, b->after) :
		 mm_db_query(q, SQL_KB_TEXTS, "ii", b->after, b->o->tenant_id);
	if (rc < 0)
		return rc;
	long long after = b->after;
	int rows = 0;
	while ((rc = mm_db_next(q)) > 0) {
		after = mm_db_int(q, 0);
		rows++;
		const char *text = mm_db_str(q, 1) ? mm_db_str(q, 1) : "";
		if ((rc = mm_ngram_add(b->o->scope, b->o->tenant_id, after, text)) < 0)
			break;
	}
	mm_db_done(q);
	if (rc < 0)
		return rc;
	/* a retried transaction starts from the same place */
	b->next_after = after;
	b->rows = rows;
	return 0;
}

static int reindex(const struct owner *o)
{
	int rc = mm_ngram_mark_pending(o->scope, o->tenant_id);
	long long n;
	while (rc == 0 && (n = mm_ngram_clear_some(o->scope, o->tenant_id)) != 0)
		rc = n < 0 ? (int)n : 0;
	struct batch b = { .o = o };
	long long docs = 0;
	do {
		if (rc == 0)
			rc = mm_db_transaction(batch_tx, &b);
		b.after = b.next_after;
		docs += b.rows;
	} while (rc == 0 && b.rows > 0);
	if (rc == 0)
		rc = mm_ngram_mark_ready(o->scope, o->tenant_id);
	if (rc < 0) {
		fprintf(stderr, "mimamori-admin: search-reindex failed (scope %d, tenant %lld)\n",
			o->scope, o->tenant_id);
		return rc;
	}
	printf("scope %d tenant %lld: %lld document(s) indexed\n", o->scope, o->tenant_id, docs);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: mimamori-admin --config FILE search-reindex"
		" [--tenant N#########]... [--knowledge]\n");
}

int search_reindex_cmd(int argc, char **argv)
{
	struct owner *owners = calloc(MAX_OWNERS, sizeof *owners);
	int n = 0, rc = 0;
	if (!owners)
		return 1;
	for (int i = 1; i < argc && rc == 0; i++) {
		if (strcmp(argv[i], "--knowledge") == 0 && n < MAX_OWNERS) {
			owners[n++] = (struct owner){ MM_NGRAM_KB, 0 };
		} else if (strcmp(argv[i], "--tenant") == 0 && i + 1 < argc && n < MAX_OWNERS) {
			long long id = 0;
			int found = mm_db_get_int(&id, SQL_TENANT_BY_NO, "s", argv[++i]);
			if (found <= 0) {
				fprintf(stderr, "mimamori-admin: no tenant %s\n", argv[i]);
				rc = found < 0 ? 1 : 2;
			}
			owners[n++] = (struct owner){ MM_NGRAM_CASES, id };
		} else {
			usage();
			rc = 2;
		}
	}
	if (rc == 0 && argc == 1) {
		struct mm_res res, *q = &res;
		int qrc = mm_db_query(q, SQL_PENDING_ALL, "");
		while (qrc == 0 && n < MAX_OWNERS && (qrc = mm_db_next(q)) > 0) {
			owners[n++] = (struct owner){ (int)mm_db_int(q, 0), mm_db_int(q, 1) };
			qrc = 0;
		}
		if (qrc >= 0)
			mm_db_done(q);
		rc = qrc < 0 ? 1 : 0;
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = reindex(&owners[i]) < 0 ? 1 : 0;
	free(owners);
	return rc;
}
