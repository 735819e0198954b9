/* Password policy (AUTH-4) and Argon2id storage (AUTH-5). */
#ifndef MM_PASSWORD_H
#define MM_PASSWORD_H
#include <stddef.h>

struct mm_pw_policy {
	const char *name;	/* "client" or "asvs" */
	int min_len, max_len;	/* in characters */
	int require_classes;	/* lower, upper, digit and symbol each required */
	const char *symbols;	/* allowed symbols when classes are required */
	int reject_repeated;	/* a single character repeated */
	int use_blocklist;	/* dictionary words / common passwords */
};

extern const struct mm_pw_policy mm_pw_policy_client;	/* 12-40, four classes */
extern const struct mm_pw_policy mm_pw_policy_asvs;	/* 15-128, blocklist */
/* "client" or "asvs"; NULL for an unknown name. */
const struct mm_pw_policy *mm_pw_policy_named(const char *name);

/* Failed rules as a bit set; 0 = acceptable. */
enum {
	MM_PW_TOO_SHORT = 1 << 0,
	MM_PW_TOO_LONG = 1 << 1,
	MM_PW_NO_LOWER = 1 << 2,
	MM_PW_NO_UPPER = 1 << 3,
	MM_PW_NO_DIGIT = 1 << 4,
	MM_PW_NO_SYMBOL = 1 << 5,
	MM_PW_BAD_CHAR = 1 << 6,	/* outside letters, digits and the symbols */
	MM_PW_REPEATED = 1 << 7,
	MM_PW_DICTIONARY = 1 << 8,
	MM_PW_HAS_USER = 1 << 9		/* contains the user ID or e-mail */
};
unsigned mm_pw_check(const struct mm_pw_policy *p, const char *pw,
		     const char *user_id, const char *email);
/* i18n key of the message for one failed rule bit (e.g. "pw.too_short"). */
const char *mm_pw_rule_key(unsigned bit);

struct mm_argon2_params {
	unsigned m_kib, t_cost, parallelism;
};
extern const struct mm_argon2_params mm_argon2_default;	/* m=19456 t=2 p=1 */

#define MM_PHC_MAX 160
/* PHC string "$argon2id$v=19$m=..,t=..,p=..$salt$hash" into out. 0 or -1. */
int mm_pw_hash(const struct mm_argon2_params *ap, const char *pw,
	       char out[MM_PHC_MAX]);
/* 1 match, 0 mismatch, -1 malformed hash. Constant time for equal lengths. */
int mm_pw_verify(const char *phc, const char *pw);
/* 1 when phc was made with other parameters than ap (or is not argon2id). */
int mm_pw_needs_rehash(const struct mm_argon2_params *ap, const char *phc);
/* Spends the time of one verify with parameters ap, for unknown users (no
 * timing oracle). */
void mm_pw_dummy_verify(const struct mm_argon2_params *ap, const char *pw);

#endif
