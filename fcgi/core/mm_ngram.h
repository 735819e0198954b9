/* N-gram side index for substring search (CASE-4 cases, KB-2 knowledge).
 *
 * The keyword search is a LIKE '%term%' over folded text (mm_fold.h). A
 * scan of every row of a large tenant costs tens of milliseconds; the side
 * index lists, per owner (scope, tenant), which documents contain each
 * bigram of their folded text. A search reads the posting counts of the
 * terms' bigrams, intersects the documents of the two rarest and runs the
 * unchanged LIKE on those candidates only, so its answer is exactly the
 * scan's. Terms of one character have no bigram: a keyword made only of
 * such terms is answered by the scan.
 *
 * A bigram is two consecutive code points of the folded text, neither a
 * space nor the field separator '\n' (terms never contain either, so grams
 * across them are never looked up), stored as their UTF-8 bytes padded
 * with zeros to MM_NGRAM_BYTES (two code points take at most 8 bytes and
 * folded text holds no NUL, so the padding is unambiguous). */
#ifndef MM_NGRAM_H
#define MM_NGRAM_H
#include "mm_buf.h"
#include "mm_fold.h"
#include <stddef.h>

#define MM_NGRAM_BYTES 8

/* The owners of index entries; the number is stored (never reuse one). */
enum mm_ngram_scope {
	MM_NGRAM_CASES = 1,	/* tenant = the case's tenant, doc = cases.id */
	MM_NGRAM_KB = 2		/* tenant 0, doc = kb_articles.id */
};

/* The distinct bigrams of text[0..len), sorted bytewise, appended to out
 * as MM_NGRAM_BYTES-byte records. Bytes that do not form a UTF-8 sequence
 * count as one character each (folded text is valid UTF-8; the fuzz
 * target feeds anything). Returns the number of grams, -1 on OOM. */
long mm_ngram_extract(struct mm_buf *out, const char *text, size_t len);

/* The term of a LIKE pattern made by mm_fold_like_terms ("%te!%rm%" ->
 * "te%rm") appended to out; "%" (an unused slot) gives "". 0, -1 on OOM. */
int mm_ngram_like_term(struct mm_buf *out, const char *pattern);

/* --- database (mm_ngram_db.c) ------------------------------------------- */

/* Adds the grams of folded text to doc's entries (those already there stay).
 * Joins the caller's transaction: call it in the one that writes the text. */
int mm_ngram_add(int scope, long long tenant_id, long long doc_id, const char *folded);
/* The text of doc changed from old_folded to new_folded: removes the grams
 * only the old text had, adds the new ones. */
int mm_ngram_replace(int scope, long long tenant_id, long long doc_id,
		     const char *old_folded, const char *new_folded);

/* Rebuilding an owner's entries (mimamori-admin search-reindex): drop them
 * in batches (returns the rows removed, 0 when none are left), add every
 * document again, then mark the owner ready. Until then its searches scan. */
long long mm_ngram_clear_some(int scope, long long tenant_id);
int mm_ngram_mark_pending(int scope, long long tenant_id);
int mm_ngram_mark_ready(int scope, long long tenant_id);

/* The candidate filter of one keyword: documents holding both grams. */
struct mm_ngram_pick {
	unsigned char gram[2][MM_NGRAM_BYTES];
	long long postings;	/* entries of the rarest gram, capped */
};
/* Chooses the two rarest bigrams of the keyword's terms (the LIKE patterns
 * of mm_fold_like_terms, unused slots "%" or NULL). 1: use the index with
 * p; 0: scan instead (the owner's entries are being rebuilt, no term has
 * two characters, or even the rarest gram is in 2,000 documents or more);
 * < 0 an MM_DB_* error. */
int mm_ngram_pick(struct mm_ngram_pick *p, int scope, long long tenant_id,
		  const char *const like[MM_FOLD_MAX_TERMS]);
/* The same with the owner's own threshold: the index is used when the
 * rarest gram has fewer than cap postings (mm_ngram_pick: 2,000). Past
 * 2,000 a gram's postings are estimated from the spread of its first
 * 2,000 documents' ids, and p->postings may be such an estimate. */
int mm_ngram_pick_upto(struct mm_ngram_pick *p, int scope, long long tenant_id,
		       const char *const like[MM_FOLD_MAX_TERMS], long long cap);

#endif
