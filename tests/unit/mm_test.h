/* A tiny header-only unit test harness.
 *
 *   #include "mm_test.h"
 *   MM_TEST(test_sum) { CHECK_INTEQ(1 + 1, 2); }
 *   MM_TEST(test_name) { CHECK_STREQ(name(), "x"); }
 *   MM_TEST_MAIN(test_sum, test_name)
 *
 * CHECK(cond), CHECK_STREQ(a, b) (NULL-safe), CHECK_INTEQ(a, b) (compared as
 * long long) and CHECK_MEMEQ(a, b, n). A failed CHECK prints file:line and
 * the values to stderr and the test goes on. At the end exactly one line
 * "N passed, N failed" (counting test functions) goes to stdout; the exit
 * status is 1 when any test failed.
 * Include it in one translation unit per test program. */
#ifndef MM_TEST_H
#define MM_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*mm_test_fn)(void);

static const char *mm_test_current_ = "";
static unsigned long mm_test_failures_;	/* in the current test function */

#define MM_TEST(name) static void name(void)

static inline void mm_test_fail_(const char *file, int line)
{
	mm_test_failures_++;
	fprintf(stderr, "%s:%d: in %s: ", file, line, mm_test_current_);
}

static inline void mm_test_putstr_(const char *s)
{
	if (s == NULL) {
		fputs("NULL", stderr);
		return;
	}
	fputc('"', stderr);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			fprintf(stderr, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(stderr, "\\x%02x", *p);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fprintf(stderr, "\\xc2\\x%02x", p[1]);	/* C1 control */
			p++;
		} else {
			fputc(*p, stderr);
		}
	}
	fputc('"', stderr);
}

static inline void mm_test_check_(int ok, const char *expr, const char *file,
				  int line)
{
	if (ok)
		return;
	mm_test_fail_(file, line);
	fprintf(stderr, "CHECK(%s) failed\n", expr);
}

static inline void mm_test_streq_(const char *a, const char *b,
				  const char *ea, const char *eb,
				  const char *file, int line)
{
	if (a == b || (a != NULL && b != NULL && strcmp(a, b) == 0))
		return;
	mm_test_fail_(file, line);
	fprintf(stderr, "CHECK_STREQ(%s, %s) failed: ", ea, eb);
	mm_test_putstr_(a);
	fputs(" != ", stderr);
	mm_test_putstr_(b);
	fputc('\n', stderr);
}

static inline void mm_test_inteq_(long long a, long long b, const char *ea,
				  const char *eb, const char *file, int line)
{
	if (a == b)
		return;
	mm_test_fail_(file, line);
	fprintf(stderr, "CHECK_INTEQ(%s, %s) failed: %lld != %lld\n",
		ea, eb, a, b);
}

static inline void mm_test_memeq_(const void *a, const void *b, size_t n,
				  const char *ea, const char *eb,
				  const char *file, int line)
{
	if (n == 0 || (a != NULL && b != NULL && memcmp(a, b, n) == 0))
		return;
	mm_test_fail_(file, line);
	fprintf(stderr, "CHECK_MEMEQ(%s, %s, %zu) failed\n", ea, eb, n);
}

#define CHECK(cond) mm_test_check_(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STREQ(a, b) \
	mm_test_streq_((a), (b), #a, #b, __FILE__, __LINE__)
#define CHECK_INTEQ(a, b) \
	mm_test_inteq_((long long)(a), (long long)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_MEMEQ(a, b, n) \
	mm_test_memeq_((a), (b), (n), #a, #b, __FILE__, __LINE__)

/* Runs the tests; names is the stringified argument list "t1, t2, ...". */
static inline int mm_test_run_(const mm_test_fn *tests, size_t n,
			       const char *names)
{
	unsigned long passed = 0, failed = 0;
	const char *p = names;

	for (size_t i = 0; i < n; i++) {
		char name[128];
		size_t len = 0;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t' &&
		       *p != '\n') {
			if (len + 1 < sizeof name)
				name[len++] = *p;
			p++;
		}
		name[len] = '\0';
		mm_test_current_ = name;
		mm_test_failures_ = 0;
		tests[i]();
		fflush(stderr);
		if (mm_test_failures_ == 0) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "FAIL %s (%lu checks)\n", name,
				mm_test_failures_);
		}
	}
	mm_test_current_ = "";
	printf("%lu passed, %lu failed\n", passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

#define MM_TEST_MAIN(...)                                                    \
	int main(void)                                                       \
	{                                                                    \
		static const mm_test_fn mm_tests_[] = { __VA_ARGS__ };       \
		return mm_test_run_(mm_tests_,                               \
				    sizeof mm_tests_ / sizeof mm_tests_[0],  \
				    #__VA_ARGS__);                           \
	}

#endif
