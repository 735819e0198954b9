/* The search side index's statements (mm_ngram.h, sql/019_search_index.sql).
 * A document's grams travel as one binary parameter of 8-byte records and
 * the server cuts them apart with the sequence engine (seq_1_to_N), so a
 * text of any size is one fixed statement and one round trip. */
#include "mm_ngram.h"
#include "mm_db.h"
#include <string.h>

/* More grams than one document can have (a 16 MiB MEDIUMBLOB of text). */
#define SEQ "seq_1_to_16777216"

static const char SQL_ADD[] =
	"INSERT IGNORE INTO search_grams (scope, tenant_id, gram, doc_id)"
	" SELECT ?, ?, SUBSTRING(?, x.seq * 8 - 7, 8), ? FROM " SEQ " x WHERE x.seq <= ?";
static const char SQL_REMOVE[] =
	"DELETE g FROM " SEQ " x STRAIGHT_JOIN search_grams g"
	" ON g.scope = ? AND g.tenant_id = ? AND g.gram = SUBSTRING(?, x.seq * 8 - 7, 8)"
	" AND g.doc_id = ? WHERE x.seq <= ?";
static const char SQL_CLEAR_SOME[] =
	"DELETE FROM search_grams WHERE scope = ? AND tenant_id = ? LIMIT 20000";
static const char SQL_PENDING_ADD[] =
	"INSERT IGNORE INTO search_pending (scope, tenant_id) VALUES (?, ?)";
static const char SQL_PENDING_DEL[] =
	"DELETE FROM search_pending WHERE scope = ? AND tenant_id = ?";
/* Posting counts are read up to POSTINGS_CAP entries: past it a gram is
 * common, and the rarest gram is what matters (a tenant's common gram has
 * tens of thousands of entries; counting them all would cost more than it
 * saves). Once two grams are counted, the others are read only up to the
 * second rarest so far, one entry past which they cannot be chosen. An
 * owner whose threshold is higher (mm_ngram_pick_upto) gets an estimate
 * for a gram past the cap: its postings are spread over its documents'
 * ids like the first POSTINGS_CAP of them (the estimate only picks the
 * grams; the LIKE still decides every match).
 *
 * One statement per gram: the count of its first entries, their first and
 * last document, and the gram's last document (one index dive, made when
 * the statement is optimized, whether the estimate needs it or not); the
 * keyword's first gram also reads whether the owner's entries are being
 * rebuilt. These were three statements for the first common gram (the
 * pending check, the count, the last document) and two for every other. */
#define POSTINGS_CAP 2000
#define POSTINGS_COLS \
	"SELECT COUNT(*), MIN(doc_id), MAX(doc_id), (SELECT MAX(l.doc_id) FROM search_grams l" \
	" WHERE l.scope = ? AND l.tenant_id = ? AND l.gram = ?)"
#define POSTINGS_FROM \
	" FROM (SELECT doc_id FROM search_grams WHERE scope = ? AND tenant_id = ? AND gram = ?" \
	" ORDER BY doc_id LIMIT ?) g"
static const char SQL_POSTINGS[] = POSTINGS_COLS POSTINGS_FROM;
static const char SQL_POSTINGS_PENDING[] = POSTINGS_COLS
	", (SELECT COUNT(*) FROM search_pending p WHERE p.scope = ? AND p.tenant_id = ?)" POSTINGS_FROM;

/* The postings of gram g (exact below upto, else estimated when the
 * caller's threshold is above POSTINGS_CAP) into *n, and with pending not
 * NULL (the keyword's first gram) whether the owner's entries are being
 * rebuilt; 0 or < 0. */
static int postings(int scope, long long tenant_id, const char *g, long long upto,
		    long long cap, long long *n, long long *pending)
{
	struct mm_res res, *q = &res;
	int rc = pending ?
		 mm_db_query(q, SQL_POSTINGS_PENDING, "iibiiiibi", (long long)scope, tenant_id, g,
			     (size_t)MM_NGRAM_BYTES, (long long)scope, tenant_id, (long long)scope,
			     tenant_id, g, (size_t)MM_NGRAM_BYTES, upto) :
		 mm_db_query(q, SQL_POSTINGS, "iibiibi", (long long)scope, tenant_id, g,
			     (size_t)MM_NGRAM_BYTES, (long long)scope, tenant_id, g,
			     (size_t)MM_NGRAM_BYTES, upto);
	if (rc < 0)
		return rc;
	long long first = 0, nth = 0, last = 0;
	*n = 0;
	if ((rc = mm_db_next(q)) > 0) {
		*n = mm_db_int(q, 0);
		first = mm_db_int(q, 1);
		nth = mm_db_int(q, 2);
		last = mm_db_int(q, 3);
		if (pending)
			*pending = mm_db_int(q, 4);
	}
	mm_db_done(q);
	if (rc < 0)
		return rc;
	if (*n < upto || cap <= POSTINGS_CAP || nth <= first)
		return 0;
	double spread = (double)(last - first) / (double)(nth - first);
	if (spread > 1.0)
		*n = (long long)((double)*n * spread);
	return 0;
}

/* Adds the grams to doc's entries, or (remove) takes them away. */
static long long write_grams(int remove, int scope, long long tenant_id, long long doc_id,
			     const struct mm_buf *grams)
{
	long long n = (long long)(grams->len / MM_NGRAM_BYTES);
	if (n == 0)
		return 0;
	return mm_db_exec(remove ? SQL_REMOVE : SQL_ADD, "iibii", (long long)scope, tenant_id, grams->p, grams->len,
			  doc_id, n);
}

int mm_ngram_add(int scope, long long tenant_id, long long doc_id, const char *folded)
{
	struct mm_buf grams = { 0 };
	long long rc = mm_ngram_extract(&grams, folded, strlen(folded)) < 0 ? MM_DB_ERR :
		       write_grams(0, scope, tenant_id, doc_id, &grams);
	mm_buf_free(&grams);
	return rc < 0 ? (int)rc : 0;
}

/* The records of a that b lacks, kept in a (both sorted and distinct). */
static void subtract(struct mm_buf *a, const struct mm_buf *b)
{
	size_t j = 0, kept = 0;
	for (size_t i = 0; i < a->len; i += MM_NGRAM_BYTES) {
		int c = 1;
		while (j < b->len && (c = memcmp(b->p + j, a->p + i, MM_NGRAM_BYTES)) < 0)
			j += MM_NGRAM_BYTES;
		if (j < b->len && c == 0)
			continue;
		memmove(a->p + kept, a->p + i, MM_NGRAM_BYTES);
		kept += MM_NGRAM_BYTES;
	}
	a->len = kept;
}

int mm_ngram_replace(int scope, long long tenant_id, long long doc_id,
		     const char *old_folded, const char *new_folded)
{
	struct mm_buf old = { 0 }, now = { 0 };
	long long rc = MM_DB_ERR;
	if (mm_ngram_extract(&old, old_folded ? old_folded : "",
			     old_folded ? strlen(old_folded) : 0) >= 0 &&
	    mm_ngram_extract(&now, new_folded, strlen(new_folded)) >= 0) {
		subtract(&old, &now);
		rc = write_grams(1, scope, tenant_id, doc_id, &old);
		if (rc >= 0)
			rc = write_grams(0, scope, tenant_id, doc_id, &now);
	}
	mm_buf_free(&old);
	mm_buf_free(&now);
	return rc < 0 ? (int)rc : 0;
}

long long mm_ngram_clear_some(int scope, long long tenant_id)
{
	return mm_db_exec(SQL_CLEAR_SOME, "ii", (long long)scope, tenant_id);
}

int mm_ngram_mark_pending(int scope, long long tenant_id)
{
	long long rc = mm_db_exec(SQL_PENDING_ADD, "ii", (long long)scope, tenant_id);
	return rc < 0 ? (int)rc : 0;
}

int mm_ngram_mark_ready(int scope, long long tenant_id)
{
	long long rc = mm_db_exec(SQL_PENDING_DEL, "ii", (long long)scope, tenant_id);
	return rc < 0 ? (int)rc : 0;
}

/* Grams whose postings are read per keyword: enough to find a rare one in
 * four terms, few enough that reading the counts stays cheap. */
#define PICK_MAX_GRAMS 12

int mm_ngram_pick(struct mm_ngram_pick *p, int scope, long long tenant_id,
		  const char *const like[MM_FOLD_MAX_TERMS])
{
	return mm_ngram_pick_upto(p, scope, tenant_id, like, POSTINGS_CAP);
}

int mm_ngram_pick_upto(struct mm_ngram_pick *p, int scope, long long tenant_id,
		       const char *const like[MM_FOLD_MAX_TERMS], long long cap)
{
	struct mm_buf grams = { 0 }, term = { 0 };
	int rc = 0;
	memset(p, 0, sizeof *p);
	for (int i = 0; i < MM_FOLD_MAX_TERMS && rc == 0; i++) {
		mm_buf_reset(&term);
		if (like[i] && (mm_ngram_like_term(&term, like[i]) < 0 ||
				mm_ngram_extract(&grams, term.p ? term.p : "", term.len) < 0))
			rc = MM_DB_ERR;
	}
	mm_buf_free(&term);
	size_t count = grams.len / MM_NGRAM_BYTES;
	if (rc < 0 || count == 0)
		goto out;
	/* the two rarest of the first PICK_MAX_GRAMS (terms' grams in order;
	 * a gram repeated across terms is counted twice, which is harmless) */
	long long best[2] = { -1, -1 };
	for (size_t k = 0; k < count && k < PICK_MAX_GRAMS; k++) {
		const char *g = grams.p + k * MM_NGRAM_BYTES;
		long long n = 0, upto = best[1] >= 0 && best[1] < POSTINGS_CAP ? best[1] + 1 :
					POSTINGS_CAP;
		long long pending = 0;
		if ((rc = postings(scope, tenant_id, g, upto, cap, &n, k == 0 ? &pending : NULL)) < 0)
			goto out;
		if (pending > 0)
			goto out;	/* rc 0: scan */
		if (best[0] < 0 || n < best[0]) {
			best[1] = best[0];
			memcpy(p->gram[1], p->gram[0], MM_NGRAM_BYTES);
			best[0] = n;
			memcpy(p->gram[0], g, MM_NGRAM_BYTES);
		} else if (best[1] < 0 || n < best[1]) {
			best[1] = n;
			memcpy(p->gram[1], g, MM_NGRAM_BYTES);
		}
		if (n == 0)
			break;	/* nothing can match */
	}
	if (best[1] < 0)
		memcpy(p->gram[1], p->gram[0], MM_NGRAM_BYTES);
	p->postings = best[0];
	/* even the rarest gram is common: probing its postings one by one
	 * costs more than the scan reading the text in order (10,000
	 * articles, a word in all of them: 5 req/s through the index against
	 * 9.5 by the scan) */
	rc = best[0] < cap;
out:
	mm_buf_free(&grams);
	return rc;
}
