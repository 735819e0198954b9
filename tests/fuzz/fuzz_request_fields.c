/* libFuzzer target: the work request field checks (requests_fields.c).
 * The first byte picks the kind and the limits, the rest is the value
 * (any bytes: the request parser hands on valid UTF-8, but the checks do
 * not rely on it). What a check accepts has the form the kind promises;
 * the same text read as a choice's option list never breaks the option
 * functions; split in two, the text is a period whose end is refused only
 * when both are real dates and the end comes first. */
#include "requests_fields.h"
#include "fuzz_util.h"
#include "mm_civil.h"
#include <arpa/inet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char OPTIONS[] = "高|High\n中|Medium\n低|Low\n";

static void accepted(const struct rq_field *f, const char *v, long long today)
{
	size_t len = strlen(v);
	if (!len)
		return;
	FUZZ_ASSERT(ref_utf8_valid(v, len));
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		FUZZ_ASSERT(*p >= 0x20 || (f->kind == RQ_LONGTEXT && strchr("\r\n\t", *p)));
	if (f->kind == RQ_TEXT)
		FUZZ_ASSERT((long long)ref_utf8_chars(v, len) <= rq_max_length(f));
	switch (f->kind) {
	case RQ_NUMBER: {
		const char *p = v[0] == '-' ? v + 1 : v;
		FUZZ_ASSERT(*p && strspn(p, "0123456789") == strlen(p) && strlen(p) <= 15);
		long long n = strtoll(v, NULL, 10);
		FUZZ_ASSERT(!f->has_min || n >= f->min_value);
		FUZZ_ASSERT(!f->has_max || n <= f->max_value);
		break;
	}
	case RQ_DATE: {
		FUZZ_ASSERT(len == 10 && v[4] == '-' && v[7] == '-');
		long long day = mm_days_from_civil(atoi(v), atoi(v + 5), atoi(v + 8));
		FUZZ_ASSERT(!f->has_min || day >= today + f->min_value);
		FUZZ_ASSERT(!f->has_max || day <= today + f->max_value);
		break;
	}
	case RQ_CHOICE:
		FUZZ_ASSERT(rq_option_find(f->options, v) > 0);
		break;
	case RQ_YESNO:
		FUZZ_ASSERT(strcmp(v, "yes") == 0 || strcmp(v, "no") == 0);
		break;
	case RQ_IP: {
		char addr[64];
		size_t n = strcspn(v, "/");
		unsigned char bin[16];
		FUZZ_ASSERT(n > 0 && n < sizeof addr);
		memcpy(addr, v, n);
		addr[n] = '\0';
		FUZZ_ASSERT(inet_pton(strchr(addr, ':') ? AF_INET6 : AF_INET, addr, bin) == 1);
		break;
	}
	case RQ_URL:
		FUZZ_ASSERT(strncasecmp(v, "http://", 7) == 0 || strncasecmp(v, "https://", 8) == 0);
		FUZZ_ASSERT(!strpbrk(v, " \"<>\\"));
		FUZZ_ASSERT(!memchr(v, '@', strcspn(strstr(v, "//") + 2, "/?#") + (size_t)(strstr(v, "//") + 2 - v)));
		break;
	default:
		break;
	}
}

/* A real date ("YYYY-MM-DD") as days since 1970-01-01, or INT64_MIN. */
static long long day_of(const char *v)
{
	struct rq_field date = { .kind = RQ_DATE };
	if (!*v || rq_value_check(&date, v, 0))
		return INT64_MIN;
	return mm_days_from_civil(atoi(v), atoi(v + 5), atoi(v + 8));
}

/* The first half of v as a period's start, the rest as its end. */
static void period(const char *v)
{
	size_t half = strlen(v) / 2;
	char *from = strndup(v, half);
	const char *to = v + half;
	FUZZ_ASSERT(from);
	const char *err = rq_date_order_check(from, to);
	long long a = day_of(from), b = day_of(to);
	if (err)
		FUZZ_ASSERT(strcmp(err, "requests.err.date_order") == 0 && a != INT64_MIN &&
			    b != INT64_MIN && b < a);
	else
		FUZZ_ASSERT(a == INT64_MIN || b == INT64_MIN || b >= a);
	FUZZ_ASSERT(rq_date_order_check(v, v) == NULL);
	FUZZ_ASSERT(rq_date_order_check(from, from) == NULL);
	free(from);
	/* the text as the name of the field a date may not precede */
	err = rq_not_before_def_check(RQ_DATE, "period_to", v, RQ_DATE);
	FUZZ_ASSERT(err == NULL || strcmp(err, "requests.err.def_not_before") == 0);
	if (!err)
		FUZZ_ASSERT(!*v || (rq_name_ok(v) && strcmp(v, "period_to") != 0));
	FUZZ_ASSERT(!*v || rq_not_before_def_check(RQ_TEXT, "period_to", v, RQ_DATE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	char *v = fuzz_strndup(data + 1, size - 1);
	if (strlen(v) != size - 1) {	/* a NUL inside: the parser never passes one */
		free(v);
		return 0;
	}
	struct rq_field f = {
		.kind = sel % RQ_NKINDS, .required = (sel >> 3) & 1,
		.max_length = (sel >> 4) & 1 ? 5 : 0,
		.has_min = (sel >> 5) & 1, .min_value = -3,
		.has_max = (sel >> 6) & 1, .max_value = 100,
		.options = OPTIONS,
	};
	/* 2026-12-06: the day a date's bounds (-3 to 100 days) count from */
	const long long today = 20793;
	const char *err = rq_value_check(&f, v, today);
	FUZZ_ASSERT(err == NULL || strncmp(err, "requests.err.", 13) == 0);
	if (!err)
		accepted(&f, v, today);
	/* the value as a definition's option list */
	struct rq_field def = { .kind = RQ_CHOICE, .options = v };
	err = rq_field_def_check(&def);
	FUZZ_ASSERT(err == NULL || strncmp(err, "requests.err.def_", 17) == 0);
	int count = rq_option_count(v);
	char ja[512], en[512];
	for (int i = 1; i <= count && i <= 60; i++) {
		FUZZ_ASSERT(rq_option_at(v, i, ja, sizeof ja, en, sizeof en) == 1);
		if (!err) {
			FUZZ_ASSERT(*ja);
			FUZZ_ASSERT(rq_option_find(v, ja) == i);
		}
	}
	FUZZ_ASSERT(rq_option_at(v, count + 1, ja, sizeof ja, en, sizeof en) == 0);
	period(v);
	free(v);
	return 0;
}
