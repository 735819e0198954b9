/* mm_log_redact: what a log line may not keep (link tokens, codes). */
#include "mm_log.h"
#include "mm_crypto.h"
#include "mm_test.h"
#include <stdio.h>

static const char *redact(const char *s)
{
	static char out[512];
	mm_log_redact(s, out, sizeof out);
	return out;
}

MM_TEST(test_path_tokens)
{
	CHECK_STREQ(redact("GET /auth/reset/vCVzmMsxQgEzWAYAn7Qfc9Vq0Ldk8rFiIr6-wEuAc64 200"),
		    "GET /auth/reset/[redacted] 200");
	CHECK_STREQ(redact("POST /signup/confirm/Ab_3xYz-9QwErTyUiOpAsDfGh 303"),
		    "POST /signup/confirm/[redacted] 303");
	/* a token percent-encoded inside a query string (the escape goes too) */
	CHECK_STREQ(redact("GET /auth/login?next=%2Fauth%2Freset%2FvCVzmMsxQgEzWAYAn7Qfc9Vq0Ldk8rF 303"),
		    "GET /auth/login?next=%2Fauth%2Freset%[redacted] 303");
	/* hex keys too */
	CHECK_STREQ(redact("key 0123456789abcdef0123456789abcdef ok"), "key [redacted] ok");
}

MM_TEST(test_fresh_tokens_always_go)
{
	/* whatever the random draw, a new link token never survives */
	for (int i = 0; i < 2000; i++) {
		char tok[MM_TOKEN_CHARS + 1], line[128];
		CHECK(mm_token_new(tok) == 0);
		snprintf(line, sizeof line, "GET /auth/reset/%s 200", tok);
		CHECK_STREQ(redact(line), "GET /auth/reset/[redacted] 200");
	}
}

MM_TEST(test_secret_parameters)
{
	CHECK_STREQ(redact("GET /auth/mfa?code=123456&lang=ja"), "GET /auth/mfa?code=[redacted]&lang=ja");
	CHECK_STREQ(redact("token=abc; password=x y"), "token=[redacted]; password=[redacted] y");
	CHECK_STREQ(redact("csrf="), "csrf=");
}

MM_TEST(test_words_stay)
{
	const char *keep[] = {
		"GET / 200",
		"GET /cases/CS0000001 200",
		"dashboard listening on /work/var/run/dashboard.sock with 4 workers",
		"db execute failed (1062): Duplicate entry 'x' for key 'uq_users_login_id'",
		"worker 18649 ended (status 9), starting another",
		"template dashboard/home.cs was not loaded",
		"SQL_SESSION_DELETE_EXPIRED failed",
		"2026-12-04T14:44:04Z",
	};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		CHECK_STREQ(redact(keep[i]), keep[i]);
}

MM_TEST(test_cut_to_size)
{
	char out[8];
	CHECK_INTEQ(mm_log_redact("abcdefghijkl", out, sizeof out), 7);
	CHECK_STREQ(out, "abcdefg");
	CHECK_INTEQ(mm_log_redact("x /vCVzmMsxQgEzWAYAn7Qfc9Vq0Ldk8rFiIr6", out, sizeof out), 7);
	CHECK_STREQ(out, "x /[red");
}

MM_TEST_MAIN(test_path_tokens, test_fresh_tokens_always_go, test_secret_parameters,
	     test_words_stay, test_cut_to_size)
