/* libFuzzer target: the signup wizard's draft values (signup_values.c):
 * the stored urlencoded form read back, the row each input belongs to, the
 * row counts, and typed values normalised as the draft keeps them. */
#include "signup_wizard.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_row(const char *name)
{
	int row = signup_row_of(name);
	FUZZ_ASSERT(row >= 0);
	if (row > 0) {
		FUZZ_ASSERT(name[0] == 'd' || name[0] == 'u');
		char expect[32];
		int n = snprintf(expect, sizeof expect, "%c%d_", name[0], row);
		FUZZ_ASSERT(strncmp(name, expect, (size_t)n) == 0);
	}
}

static void check_value(const char *name, const char *v)
{
	char *s = strdup(v);
	FUZZ_ASSERT(s != NULL);
	size_t before = strlen(s);
	int valid = ref_utf8_valid(s, before);
	signup_value_normalise(name, s);
	size_t after = strlen(s);
	FUZZ_ASSERT(after <= before);
	if (valid)
		FUZZ_ASSERT(ref_utf8_valid(s, after));
	/* normalised once is normalised */
	char *again = strdup(s);
	FUZZ_ASSERT(again != NULL);
	signup_value_normalise(name, again);
	FUZZ_ASSERT(strcmp(again, s) == 0);
	if (after && (s[0] == ' ' || s[after - 1] == ' '))
		FUZZ_ASSERT(0);
	free(again);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct signup_draft d = { 0 };
	if (signup_draft_parse(&d, (const char *)data, size) < 0) {
		signup_draft_free(&d);
		return 0;
	}
	int rows = signup_draft_count(&d, "rows", SIGNUP_MAX_DESTINATIONS);
	int users = signup_draft_count(&d, "users", SIGNUP_MAX_USERS);
	FUZZ_ASSERT(rows >= 1 && rows <= SIGNUP_MAX_DESTINATIONS);
	FUZZ_ASSERT(users >= 1 && users <= SIGNUP_MAX_USERS);
	for (size_t i = 0; i < d.vals.n; i++) {
		check_row(d.vals.items[i].key);
		check_value(d.vals.items[i].key, d.vals.items[i].val);
	}

	/* stored and read again, the draft holds the same values */
	struct mm_buf b = { 0 };
	signup_draft_serialise(&d, &b);
	FUZZ_ASSERT(!b.oom);
	struct signup_draft back = { 0 };
	FUZZ_ASSERT(signup_draft_parse(&back, mm_buf_str(&b), b.len) == 0);
	for (size_t i = 0; i < d.vals.n; i++)
		FUZZ_ASSERT(strcmp(signup_draft_get(&back, d.vals.items[i].key),
				   signup_draft_get(&d, d.vals.items[i].key)) == 0);

	/* a value set is read back, cut at SIGNUP_DRAFT_VALUE_CHARS characters */
	if (d.vals.n) {
		const char *v = d.vals.items[0].val;
		FUZZ_ASSERT(signup_draft_set(&back, "x", v) == 0);
		const char *got = signup_draft_get(&back, "x");
		FUZZ_ASSERT(strncmp(got, v, strlen(got)) == 0);
		FUZZ_ASSERT(ref_utf8_chars(got, strlen(got)) <= SIGNUP_DRAFT_VALUE_CHARS);
		signup_draft_unset(&back, "x");
		FUZZ_ASSERT(*signup_draft_get(&back, "x") == '\0');
	}
	signup_draft_free(&back);
	mm_buf_free(&b);
	signup_draft_free(&d);
	return 0;
}
