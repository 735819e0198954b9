/* One-time form keys: a "new" form carries a random key (the hidden
 * input form_key, HDF FormKey); the transaction that creates the object
 * records (user, key) -> (kind, the object's reference), so that the same
 * form posted twice creates one object and both posts lead to it.
 *
 *   render:  mm_once_fill(r)                  (keeps a posted key)
 *   submit:  rc = mm_once_find(r, "case", ref) -> 1: redirect to ref's page
 *   in tx:   rc = mm_once_record(r, "case", case_no) -> MM_ONCE_REPEAT: undo
 *
 * A post without a key (an old client) is never matched. */
#ifndef MM_ONCE_H
#define MM_ONCE_H
#include "mm_request.h"

#define MM_ONCE_INPUT { "form_key", mm_v_token, 0, 43, 43 }
#define MM_ONCE_REF_MAX 40
/* mm_once_record: the key was used already (another post won). Positive,
 * like the areas' own refusals, so the transaction rolls back. */
#define MM_ONCE_REPEAT 4090

/* Sets FormKey for the form: the posted form_key when there is one (the
 * same form shown again after an error), else a fresh one. 0 or MM_DB_ERR. */
int mm_once_fill(struct mm_req *r);
/* The object an earlier post of this form created: 1 and its reference in
 * ref, 0 none (or no key posted), < 0 error. kind must match. */
int mm_once_find(struct mm_req *r, const char *kind, char ref[MM_ONCE_REF_MAX + 1]);
/* Inside the creating transaction: records the posted key (nothing when
 * none). 0, MM_ONCE_REPEAT when the key is taken, or an MM_DB_* error. */
int mm_once_record(struct mm_req *r, const char *kind, const char *ref);
#endif
