/* Keyword folding for Japanese business text (CASE-4).
 *
 * The stored search text and the user's keyword go through the same
 * folding, so that 「ＶＰＮ」 finds "vpn", 「ｱﾗｰﾄ」 finds 「アラート」 and
 * "Firewall" finds "FIREWALL":
 *   - full-width ASCII U+FF01..U+FF5E -> ASCII, U+3000 -> space,
 *     full-width signs U+FFE0..U+FFE6 -> their Latin-1 forms;
 *   - half-width katakana U+FF61..U+FF9F -> full-width, a following
 *     (semi-)voiced mark merged into one character (ｶﾞ -> ガ); a kana
 *     followed by a combining mark U+3099/U+309A (NFD text, e.g. file
 *     names from macOS) is merged the same way;
 *   - upper case ASCII, Latin-1 and Latin Extended-A -> lower case;
 *   - C0/C1 controls and DEL -> space; invalid UTF-8 -> U+FFFD.
 * The output is always valid UTF-8 without control characters.
 *
 * A keyword is normalised before matching: folded, trimmed, runs of spaces
 * collapsed, then split on spaces into terms that must all occur (AND).
 * Japanese needs no spaces: each term is matched as a substring. */
#ifndef MM_FOLD_H
#define MM_FOLD_H
#include "mm_buf.h"

/* Terms of one keyword a search matches at most; the statement has this
 * many `folded LIKE ? ESCAPE '!'` conditions. */
#define MM_FOLD_MAX_TERMS 4

/* Appends the folded form of UTF-8 text s to out. 0, or -1 when out ran
 * out of memory. */
int mm_fold_append(struct mm_buf *out, const char *s);

/* The whole keyword as one phrase: folded, trimmed, spaces collapsed,
 * LIKE-escaped with '!' (so '!', '%', '_' and '\' match literally) and
 * wrapped in % ... % for `LIKE ? ESCAPE '!'`. 0, or -1 on OOM. */
int mm_fold_like_pattern(struct mm_buf *out, const char *keyword);

/* The keyword split on spaces into terms, each as a LIKE pattern like
 * mm_fold_like_pattern's. All MM_FOLD_MAX_TERMS slots are filled: unused
 * ones hold "%" (matches any text), so one fixed statement with
 * MM_FOLD_MAX_TERMS conditions serves every keyword. Returns the number of
 * terms (0: the keyword is empty after folding), -1 on OOM, -2 when the
 * keyword has more than MM_FOLD_MAX_TERMS terms (nothing to search: ask the
 * user for fewer words). Free with mm_fold_terms_free in every case. */
struct mm_fold_terms {
	int n;
	struct mm_buf like[MM_FOLD_MAX_TERMS];
};
int mm_fold_like_terms(struct mm_fold_terms *t, const char *keyword);
void mm_fold_terms_free(struct mm_fold_terms *t);

#endif
