/* libFuzzer target: the device API's batch parser (ingest_validate.c).
 * Any body must come back as a refusal code or as items; every alert it
 * calls valid must satisfy every rule, checked here independently. */
#include "ingest_validate.h"
#include "mm_alert_category.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-05-20T00:00:00Z */
#define NOW ((time_t)1779235200)

static int in_list(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static void text_ok(const char *s, size_t max_chars, int one_line)
{
	FUZZ_ASSERT(s != NULL);
	size_t len = strlen(s);
	FUZZ_ASSERT(ref_utf8_chars(s, len) <= max_chars);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		FUZZ_ASSERT(c != 0x7F);
		if (c < 0x20)
			FUZZ_ASSERT(!one_line && (c == '\n' || c == '\r' || c == '\t'));
		FUZZ_ASSERT(!(c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
			      (unsigned char)s[i + 1] <= 0x9F));
		if (one_line)
			FUZZ_ASSERT(!(c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
				      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_batch b;
	int status = -1;
	const char *why = ingest_batch_parse((const char *)data, size, NOW, &b, &status);
	if (why) {
		FUZZ_ASSERT(status == 400 || status == 413 || status == 503);
		ingest_batch_free(&b);
		return 0;
	}
	/* A batch read is valid JSON as it came, or JSON whose only fault for
	 * jansson is a number out of its range (clamped, so that the alert
	 * holding it is refused on its own): never a text that was
	 * malformed in any other way. */
	json_error_t jerr;
	json_t *as_sent = json_loadb((const char *)data, size,
				     JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	FUZZ_ASSERT(as_sent || json_error_code(&jerr) == json_error_numeric_overflow);
	json_decref(as_sent);
	FUZZ_ASSERT(status == 0 && b.n >= 1 && b.n <= INGEST_MAX_ALERTS);
	for (size_t i = 0; i < b.n; i++) {
		const struct ingest_item *it = &b.items[i];
		if (it->reason)
			continue;
		const struct ingest_alert *a = &it->alert;
		size_t idlen = strlen(a->id);
		FUZZ_ASSERT(idlen >= 1 && idlen <= INGEST_ID_MAX);
		for (size_t k = 0; k < idlen; k++)
			FUZZ_ASSERT(a->id[k] > 0x20 && a->id[k] < 0x7F);
		FUZZ_ASSERT(a->detected_at <= NOW + INGEST_FUTURE_SECONDS);
		FUZZ_ASSERT(a->detected_at >= NOW - INGEST_PAST_SECONDS);
		FUZZ_ASSERT(in_list(a->category, mm_alert_categories()));
		FUZZ_ASSERT(a->severity >= 1 && a->severity <= 3);
		json_t *sev = json_object_get(json_array_get(json_object_get(b.root, "alerts"), i),
					      "severity");
		FUZZ_ASSERT(json_is_integer(sev) && json_integer_value(sev) == a->severity);
		FUZZ_ASSERT(in_list(a->status, ingest_statuses));
		text_ok(a->source, 255, 1);
		text_ok(a->destination, 255, 1);
		text_ok(a->url, 2048, 1);
		text_ok(a->description, 4000, 0);
		FUZZ_ASSERT(a->description[0] != '\0');
		text_ok(a->action, 4000, 0);
	}
	ingest_batch_free(&b);
	return 0;
}
