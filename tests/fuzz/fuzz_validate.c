/* libFuzzer target: the input validators (mm_validate.c). Each takes any
 * well-formed UTF-8 text without NUL (what the request parser hands on) and
 * returns NULL or a message key; what a validator accepts has the form and
 * length it promises. */
#include "mm_request.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mm_input any = { "f", NULL, 0, 0, 0 };
static const struct mm_input short_field = { "f", NULL, 0, 2, 5 };

static void key_or_null(const char *err)
{
	FUZZ_ASSERT(err == NULL || (strlen(err) > 4 && strchr(err, '.') != NULL));
}

static int has_control(const char *s, const char *allowed)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !strchr(allowed, *p)) || *p == 0x7F ||
		    (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 1;
	return 0;
}

static void all(const struct mm_input *in, const char *v, size_t len)
{
	const char *err;
	size_t chars = ref_utf8_chars(v, len);
	int within = (!in->max || chars <= in->max) && (!in->min || chars >= in->min);

	key_or_null(err = mm_v_line(in, v));
	if (!err)
		FUZZ_ASSERT(!has_control(v, "") && within);
	key_or_null(err = mm_v_text(in, v));
	if (!err)
		FUZZ_ASSERT(!has_control(v, "\r\n\t") && within);
	key_or_null(err = mm_v_digits(in, v));
	if (!err) {
		FUZZ_ASSERT(within);
		for (const char *p = v; *p; p++)
			FUZZ_ASSERT(*p >= '0' && *p <= '9');
	}
	key_or_null(err = mm_v_email(in, v));
	if (!err) {
		const char *at = strchr(v, '@');
		FUZZ_ASSERT(at && at > v && !strchr(at + 1, '@') && strchr(at + 1, '.') && within);
		FUZZ_ASSERT(!strpbrk(v, " <>\"\r\n"));
	}
	key_or_null(err = mm_v_login_id(in, v));
	if (!err)
		FUZZ_ASSERT(strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789._@+-") == len && len <= 40 && within);
	key_or_null(err = mm_v_password(in, v));
	if (!err)
		FUZZ_ASSERT(within && chars <= (in->max ? in->max : 128));
	key_or_null(err = mm_v_local_path(in, v));
	if (!err)
		FUZZ_ASSERT(v[0] == '/' && v[1] != '/' && v[1] != '\\' && !has_control(v, "") &&
			    !strchr(v, '\\'));
	key_or_null(err = mm_v_token(in, v));
	if (!err)
		FUZZ_ASSERT(strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_") == len && within);
	key_or_null(err = mm_v_one(in, v));
	if (!err)
		FUZZ_ASSERT(strcmp(v, "1") == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the validators' contract: valid UTF-8, no NUL */
	if (memchr(data, 0, size) || !ref_utf8_valid((const char *)data, size))
		return 0;
	char *v = fuzz_strndup(data, size);
	all(&any, v, size);
	all(&short_field, v, size);
	free(v);
	return 0;
}
