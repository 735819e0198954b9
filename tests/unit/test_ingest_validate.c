/* The alert batch checks of the device API (fcgi/ingest/ingest_validate.c). */
#include "mm_test.h"
#include "ingest_validate.h"

/* 2026-05-20T00:00:00Z */
#define NOW ((time_t)1779235200)

static const char *check_one(const char *json, const char **field)
{
	static struct ingest_alert a;
	json_error_t e;
	json_t *o = json_loads(json, 0, &e);
	if (!o)
		return "(test json)";
	static char field_copy[64];
	const char *why = ingest_alert_check(o, NOW, &a, field);
	/* an unknown field's name lives in the tree freed below */
	if (*field) {
		snprintf(field_copy, sizeof field_copy, "%s", *field);
		*field = field_copy;
	}
	json_decref(o);
	return why;
}

#define GOOD_REST "\"category\":\"Webガード\",\"severity\":2,\"status\":\"blocked\"," \
	"\"description\":\"有害サイトへのアクセスを検知しました。\""
#define GOOD "{\"id\":\"a-1\",\"detected_at\":\"2026-05-19T09:15:00+09:00\"," GOOD_REST "}"

MM_TEST(test_rfc3339)
{
	time_t t;
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T00:00:00Z", &t), 0);
	CHECK_INTEQ(t, NOW);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T09:00:00+09:00", &t), 0);
	CHECK_INTEQ(t, NOW);
	CHECK_INTEQ(ingest_rfc3339("2026-05-19T23:30:00.123456-00:30", &t), 0);
	CHECK_INTEQ(t, NOW);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20t00:00:00z", &t), 0);
	CHECK_INTEQ(ingest_rfc3339("2024-02-29T00:00:00Z", &t), 0);
	CHECK_INTEQ(ingest_rfc3339("2026-12-31T23:59:60Z", &t), 0);
	CHECK_INTEQ(ingest_rfc3339("2025-02-29T00:00:00Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-13-01T00:00:00Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20 00:00:00Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T00:00:00", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T24:00:00Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T00:00:00+0900", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("2026-05-20T00:00:00.Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("1969-12-31T23:59:59Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("+026-05-20T00:00:00Z", &t), -1);
	CHECK_INTEQ(ingest_rfc3339("", &t), -1);
}

MM_TEST(test_depth)
{
	CHECK(ingest_depth_ok("{\"alerts\":[{}]}", 14, 3));
	CHECK(!ingest_depth_ok("{\"alerts\":[{}]}", 14, 2));
	/* brackets inside strings do not count */
	CHECK(ingest_depth_ok("{\"a\":\"[[[[\\\"[[[[\"}", 18, 1));
	char deep[20001];
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	CHECK(!ingest_depth_ok(deep, 20000, INGEST_MAX_DEPTH));
}

MM_TEST(test_good_alert)
{
	const char *field;
	CHECK_STREQ(check_one(GOOD, &field), NULL);
	CHECK_STREQ(check_one("{\"id\":\"x\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"source\":\"192.0.2.10\",\"destination\":\"203.0.113.5\","
			      "\"url\":\"http://bad.example/\",\"action\":\"確認してください。\\n以上\","
			      GOOD_REST "}", &field), NULL);
}

MM_TEST(test_bad_alerts)
{
	const char *field;
	CHECK_STREQ(check_one("[]", &field), "not_an_object");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"extra\":1,\"detected_at\":\"2026-05-19T00:00:00Z\","
			      GOOD_REST "}", &field), "unknown_field");
	CHECK_STREQ(field, "extra");
	CHECK_STREQ(check_one("{\"detected_at\":\"2026-05-19T00:00:00Z\"," GOOD_REST "}", &field),
		    "missing_field");
	CHECK_STREQ(field, "id");
	CHECK_STREQ(check_one("{\"id\":7,\"detected_at\":\"2026-05-19T00:00:00Z\"," GOOD_REST "}",
			      &field), "wrong_type");
	CHECK_STREQ(check_one("{\"id\":\"a b\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      GOOD_REST "}", &field), "bad_characters");
	CHECK_STREQ(check_one("{\"id\":\"12345678901234567890123456789012345678901234567890"
			      "123456789012345\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      GOOD_REST "}", &field), "too_long");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-20T01:00:01Z\","
			      GOOD_REST "}", &field), "too_far_in_future");
	CHECK_STREQ(field, "detected_at");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-20T01:00:00Z\","
			      GOOD_REST "}", &field), NULL);
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-02-18T23:59:59Z\","
			      GOOD_REST "}", &field), "too_old");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"yesterday\"," GOOD_REST "}",
			      &field), "bad_time");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"category\":\"その他\",\"severity\":2,\"status\":\"blocked\","
			      "\"description\":\"x\"}", &field), "unknown_category");
	const char *sev[] = { "0", "4", "-1", "2.0", "\"2\"", "true", "null" };
	const char *want[] = { "severity_out_of_range", "severity_out_of_range",
			       "severity_out_of_range", "wrong_type", "wrong_type", "wrong_type",
			       "wrong_type" };
	for (int i = 0; i < 7; i++) {
		char json[512];
		snprintf(json, sizeof json, "{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			 "\"category\":\"IPS\",\"severity\":%s,\"status\":\"blocked\","
			 "\"description\":\"x\"}", sev[i]);
		CHECK_STREQ(check_one(json, &field), want[i]);
		CHECK_STREQ(field, "severity");
	}
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"category\":\"IPS\",\"severity\":1,\"status\":\"ignored\","
			      "\"description\":\"x\"}", &field), "unknown_status");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"category\":\"IPS\",\"severity\":1,\"status\":\"blocked\","
			      "\"description\":\"\"}", &field), "empty");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"source\":\"a\\nb\"," GOOD_REST "}", &field), "bad_characters");
	CHECK_STREQ(field, "source");
	/* C1 controls anywhere; line and paragraph separators in one-line fields */
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"source\":\"a\\u0085b\"," GOOD_REST "}", &field), "bad_characters");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"url\":\"http://x/\\u009b1m\"," GOOD_REST "}", &field), "bad_characters");
	CHECK_STREQ(field, "url");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"source\":\"a\\u2028b\"," GOOD_REST "}", &field), "bad_characters");
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"category\":\"IPS\",\"severity\":1,\"status\":\"blocked\","
			      "\"description\":\"x\\u0085y\"}", &field), "bad_characters");
	CHECK_STREQ(field, "description");
	/* a separator is a line break in a text field; other characters of
	 * the same block stay (U+2026 …) */
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"category\":\"IPS\",\"severity\":1,\"status\":\"blocked\","
			      "\"description\":\"x\\u2028y\\u2026\"}", &field), NULL);
	CHECK_STREQ(check_one("{\"id\":\"a\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			      "\"source\":\"\\u00e9\\u2026\"," GOOD_REST "}", &field), NULL);
}

static const char *parse(const char *body, int *status, size_t *n)
{
	struct ingest_batch b;
	const char *why = ingest_batch_parse(body, strlen(body), NOW, &b, status);
	*n = b.n;
	ingest_batch_free(&b);
	return why;
}

MM_TEST(test_batches)
{
	int status;
	size_t n;
	CHECK_STREQ(parse("{\"alerts\":[" GOOD "," GOOD "]}", &status, &n), NULL);
	CHECK_INTEQ(n, 2);
	CHECK_STREQ(parse("{\"alerts\":[" GOOD ",", &status, &n), "malformed_json");
	CHECK_INTEQ(status, 400);
	CHECK_STREQ(parse("{\"alerts\":[],\"alerts\":[]}", &status, &n), "malformed_json");
	CHECK_STREQ(parse("{\"alerts\":\"x\"}", &status, &n), "alerts_not_an_array");
	CHECK_STREQ(parse("{\"alerts\":[]}", &status, &n), "no_alerts");
	CHECK_STREQ(parse("{}", &status, &n), "missing_alerts");
	CHECK_STREQ(parse("[1]", &status, &n), "not_an_object");
	CHECK_STREQ(parse("{\"alerts\":[1],\"x\":1}", &status, &n), "unknown_field");
	CHECK_STREQ(parse("{\"alerts\":[\"\xff\"]}", &status, &n), "malformed_json");
	/* deeper than INGEST_MAX_DEPTH in all: the body is refused */
	char deep[128];
	snprintf(deep, sizeof deep, "{\"alerts\":%.*s%.*s}", INGEST_MAX_DEPTH,
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", INGEST_MAX_DEPTH,
		 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	CHECK_STREQ(parse(deep, &status, &n), "too_deep");
	CHECK_INTEQ(status, 400);
	/* within it, a member nested 6 deep rejects its alert only, and an
	 * alert that is a deep array is not an object */
	struct ingest_batch nb;
	const char *nested = "{\"alerts\":[" GOOD ",{\"id\":\"n-1\",\"detected_at\":\"2026-05-19T00:00:00Z\","
			     "\"category\":\"IPS\",\"severity\":2,\"status\":\"blocked\","
			     "\"description\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":\"x\"}}}}}}},"
			     "[[[[[[[[[[1]]]]]]]]]]]}";
	CHECK_STREQ(ingest_batch_parse(nested, strlen(nested), NOW, &nb, &status), NULL);
	CHECK_INTEQ(status, 0);
	CHECK_INTEQ(nb.n, 3);
	CHECK_STREQ(nb.items[0].reason, NULL);
	CHECK_STREQ(nb.items[1].reason, "wrong_type");
	CHECK_STREQ(nb.items[1].field, "description");
	CHECK_STREQ(nb.items[1].id, "n-1");
	CHECK_STREQ(nb.items[2].reason, "not_an_object");
	ingest_batch_free(&nb);
	/* a bad alert does not refuse the batch */
	struct ingest_batch b;
	const char *body = "{\"alerts\":[" GOOD ",{\"id\":\"z\"},7]}";
	CHECK_STREQ(ingest_batch_parse(body, strlen(body), NOW, &b, &status), NULL);
	CHECK_INTEQ(b.n, 3);
	CHECK_STREQ(b.items[0].reason, NULL);
	CHECK_STREQ(b.items[0].alert.id, "a-1");
	CHECK_INTEQ(b.items[0].alert.severity, 2);
	CHECK_INTEQ(b.items[0].alert.detected_at, NOW - 86400 + 15 * 60);
	CHECK_STREQ(b.items[1].reason, "missing_field");
	CHECK_STREQ(b.items[1].id, "z");
	CHECK_STREQ(b.items[2].reason, "not_an_object");
	ingest_batch_free(&b);
	/* a number beyond jansson's range (RFC 8259 allows it) refuses its
	 * alert only, by the rule of its field */
	const char *big[][3] = {
		{ "\"severity\":100000000000000000000", "severity_out_of_range", "severity" },
		{ "\"severity\":9223372036854775808", "severity_out_of_range", "severity" },
		{ "\"severity\":-9223372036854775809", "severity_out_of_range", "severity" },
		{ "\"severity\":1e400", "wrong_type", "severity" },
		{ "\"severity\":-1.5E+999", "wrong_type", "severity" },
		{ "\"severity\":2,\"source\":123456789012345678901234567890", "wrong_type", "source" },
	};
	for (size_t k = 0; k < sizeof big / sizeof *big; k++) {
		char one[1024];
		snprintf(one, sizeof one, "{\"alerts\":[" GOOD ",{\"id\":\"b-1\","
			 "\"detected_at\":\"2026-05-19T00:00:00Z\",\"category\":\"IPS\","
			 "\"status\":\"blocked\",\"description\":\"1e400 \\\" 99999999999999999999\",%s}]}",
			 big[k][0]);
		CHECK_STREQ(ingest_batch_parse(one, strlen(one), NOW, &b, &status), NULL);
		CHECK_INTEQ(status, 0);
		CHECK_INTEQ(b.n, 2);
		CHECK_STREQ(b.items[0].reason, NULL);
		CHECK_STREQ(b.items[1].reason, big[k][1]);
		CHECK_STREQ(b.items[1].field, big[k][2]);
		CHECK_STREQ(b.items[1].id, "b-1");
		/* numbers inside strings are text and stay as sent */
		CHECK_STREQ(json_string_value(json_object_get(json_array_get(json_object_get(
			b.root, "alerts"), 1), "description")), "1e400 \" 99999999999999999999");
		ingest_batch_free(&b);
	}
	/* the clamping never mends a text malformed otherwise */
	CHECK_STREQ(parse("{\"alerts\":[99999999999999999999-]}", &status, &n), "malformed_json");
	CHECK_STREQ(parse("{\"alerts\":[1e400,]}", &status, &n), "malformed_json");
	CHECK_STREQ(parse("{\"alerts\":[99999999999999999999 1]}", &status, &n), "malformed_json");
	CHECK_STREQ(parse("{\"alerts\":[0099999999999999999999]}", &status, &n), "malformed_json");
	/* 1,001 alerts */
	size_t cap = 1001 * 4 + 32;
	char *many = malloc(cap);
	strcpy(many, "{\"alerts\":[");
	for (int i = 0; i < 1001; i++)
		strcat(many, i ? ",{}" : "{}");
	strcat(many, "]}");
	CHECK_STREQ(parse(many, &status, &n), "too_many_alerts");
	CHECK_INTEQ(status, 413);
	free(many);
}

MM_TEST_MAIN(test_rfc3339, test_depth, test_good_alert, test_bad_alerts, test_batches)
