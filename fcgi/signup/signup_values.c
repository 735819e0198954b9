/* signup: the values of the wizard's draft, as a list of input names and
 * typed values: reading and writing the list, its stored (urlencoded)
 * form, the row an input belongs to and the digits typed in full width.
 * Pure functions, no database or request: tests/fuzz/fuzz_signup_rows.c. */
#include "signup_wizard.h"
#include <stdlib.h>
#include <string.h>

/* A draft holds at most the inputs of the four steps (about 130 names), each
 * value cut at SIGNUP_DRAFT_VALUE_CHARS characters. */
static const struct mm_limits draft_limits = {
	256, 64, SIGNUP_DRAFT_VALUE_CHARS * 4, 4 * 1024 * 1024
};

/* Copies v with full-width digits and hyphens (typed with a Japanese input
 * method switched on) as ASCII; other characters are kept. */
void signup_ascii_digits(char *out, size_t size, const char *v)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)v; *p && o + 1 < size; p++) {
		/* U+FF10..U+FF19 are EF BC 90..99, U+FF0D is EF BC 8D */
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			out[o++] = (char)('0' + (p[2] - 0x90));
			p += 2;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) {
			out[o++] = '-';
			p += 2;
		} else {
			out[o++] = (char)*p;
		}
	}
	out[o] = '\0';
}

int signup_all_digits(const char *s, size_t min, size_t max)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return 0;
	return n >= min && n <= max;
}

/* Postal codes are stored as 7 digits; "123-4567" as printed on letters is
 * accepted and stored without the hyphen. */
void signup_postal_normalise(char *out, size_t size, const char *v)
{
	signup_ascii_digits(out, size, v);
	if (strlen(out) == 8 && out[3] == '-') {
		char t[8];
		memcpy(t, out, 3);
		memcpy(t + 3, out + 4, 5);
		if (signup_all_digits(t, 7, 7))
			memcpy(out, t, 8);
	}
}

/* Row number of a row field ("d3_company" -> 3, "u2_email" -> 2), else 0. */
int signup_row_of(const char *name)
{
	/* rows are numbered 1 to 99 at most: a longer number is no row (and
	 * must not overflow into a negative one) */
	if ((name[0] != 'd' && name[0] != 'u') || name[1] < '1' || name[1] > '9')
		return 0;
	int n = name[1] - '0';
	const char *p = name + 2;
	if (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return *p == '_' ? n : 0;
}

int signup_draft_count(const struct signup_draft *d, const char *key, int max)
{
	const char *v = signup_draft_get(d, key);
	int n = signup_all_digits(v, 1, 2) ? atoi(v) : 1;
	return n >= 1 && n <= max ? n : 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void signup_value_normalise(const char *name, char *s)
{
	mm_trim(s);
	if (ends_with(name, "postal_code"))
		signup_postal_normalise(s, strlen(s) + 1, s);
	else if (ends_with(name, "phone") || ends_with(name, "mobile") || ends_with(name, "units"))
		signup_ascii_digits(s, strlen(s) + 1, s);
}

int signup_draft_parse(struct signup_draft *d, const char *data, size_t len)
{
	return mm_parse_urlencoded(data, len, &draft_limits, &d->vals) == MM_PARSE_OK ? 0 : -1;
}

void signup_draft_serialise(const struct signup_draft *d, struct mm_buf *b)
{
	for (size_t i = 0; i < d->vals.n; i++) {
		if (i)
			mm_buf_puts(b, "&");
		mm_url_encode(b, d->vals.items[i].key);
		mm_buf_puts(b, "=");
		mm_url_encode(b, d->vals.items[i].val);
	}
}

void signup_draft_free(struct signup_draft *d)
{
	mm_kvlist_free(&d->vals);
}

const char *signup_draft_get(const struct signup_draft *d, const char *key)
{
	const char *v = mm_kvlist_get(&d->vals, key);
	return v ? v : "";
}

/* Length in bytes of the first max characters of s. */
static size_t prefix_bytes(const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	return i;
}

int signup_draft_set(struct signup_draft *d, const char *key, const char *value)
{
	char *v = strndup(value, prefix_bytes(value, SIGNUP_DRAFT_VALUE_CHARS));
	if (!v)
		return -1;
	struct mm_kvlist *l = &d->vals;
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->items[i].key, key) == 0) {
			free(l->items[i].val);
			l->items[i].val = v;
			l->items[i].vlen = strlen(v);
			return 0;
		}
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct mm_kv *items = realloc(l->items, cap * sizeof *items);
		if (!items) {
			free(v);
			return -1;
		}
		l->items = items;
		l->cap = cap;
	}
	char *k = strdup(key);
	if (!k) {
		free(v);
		return -1;
	}
	l->items[l->n].key = k;
	l->items[l->n].val = v;
	l->items[l->n].vlen = strlen(v);
	l->n++;
	return 0;
}

/* Every entry of key: a stored draft altered outside the wizard may hold
 * one twice. */
void signup_draft_unset(struct signup_draft *d, const char *key)
{
	struct mm_kvlist *l = &d->vals;
	for (size_t i = 0; i < l->n;) {
		if (strcmp(l->items[i].key, key) != 0) {
			i++;
			continue;
		}
		free(l->items[i].key);
		free(l->items[i].val);
		memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof *l->items);
		l->n--;
	}
}
