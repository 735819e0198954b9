/* libFuzzer target: the password policy check, both presets (no Argon2).
 * Input: "password\nuser id\ne-mail" (later parts optional). */
#include "mm_password.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ALL_BITS ((1u << 10) - 1)
#define CLASS_BITS (MM_PW_NO_LOWER | MM_PW_NO_UPPER | MM_PW_NO_DIGIT | \
		    MM_PW_NO_SYMBOL)

static void check_bits(unsigned r)
{
	FUZZ_ASSERT((r & ~ALL_BITS) == 0);
	FUZZ_ASSERT((r & (MM_PW_TOO_SHORT | MM_PW_TOO_LONG)) !=
		    (MM_PW_TOO_SHORT | MM_PW_TOO_LONG));
	for (unsigned b = 1; b <= MM_PW_HAS_USER; b <<= 1)
		if (r & b)
			FUZZ_ASSERT(mm_pw_rule_key(b) != NULL);
}

static void check(const struct mm_pw_policy *p, const char *pw,
		  const char *uid, const char *mail)
{
	unsigned r = mm_pw_check(p, pw, uid, mail);
	unsigned bare = mm_pw_check(p, pw, NULL, NULL);
	size_t n = strlen(pw);
	int valid = ref_utf8_valid(pw, n);

	check_bits(r);
	FUZZ_ASSERT(r == mm_pw_check(p, pw, uid, mail));	/* pure */
	/* user data only ever adds HAS_USER */
	FUZZ_ASSERT((bare & MM_PW_HAS_USER) == 0);
	FUZZ_ASSERT((r & ~MM_PW_HAS_USER) == bare);
	if ((uid == NULL || uid[0] == '\0') && (mail == NULL || mail[0] == '\0'))
		FUZZ_ASSERT((r & MM_PW_HAS_USER) == 0);
	/* lengths in code points */
	if (valid) {
		size_t c = ref_utf8_chars(pw, n);
		FUZZ_ASSERT(!!(r & MM_PW_TOO_SHORT) == (c < (size_t)p->min_len));
		FUZZ_ASSERT(!!(r & MM_PW_TOO_LONG) == (c > (size_t)p->max_len));
	} else {
		FUZZ_ASSERT(r & MM_PW_BAD_CHAR);
	}
	if (!p->require_classes) {
		FUZZ_ASSERT((r & CLASS_BITS) == 0);
		if (valid)
			FUZZ_ASSERT((r & MM_PW_BAD_CHAR) == 0);
	}
	/* a password made of one repeated byte (ASCII) */
	if (n >= 2 && (unsigned char)pw[0] < 0x80 &&
	    strspn(pw, (char[]){ pw[0], '\0' }) == n)
		FUZZ_ASSERT(r & MM_PW_REPEATED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	char *uid = NULL, *mail = NULL, *nl;

	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		uid = nl + 1;
		if ((nl = strchr(uid, '\n')) != NULL) {
			*nl = '\0';
			mail = nl + 1;
		}
	}
	check(&mm_pw_policy_client, s, uid, mail);
	check(&mm_pw_policy_asvs, s, uid, mail);
	/* the password itself as the user ID is always found (up to the
	 * length where only TOO_LONG is reported) */
	if (strlen(s) >= 4 && strlen(s) <= 4 * 128)
		FUZZ_ASSERT(mm_pw_check(&mm_pw_policy_asvs, s, s, NULL) &
			    MM_PW_HAS_USER);
	free(s);
	return 0;
}
