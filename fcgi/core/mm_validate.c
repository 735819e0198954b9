/* Input validators (kcgi style): each returns NULL or the i18n key of the
 * message shown next to the field. Values arrive as UTF-8 without NUL. */
#include "mm_request.h"
#include "mm_template.h"
#include <string.h>

static const char *check_length(const struct mm_input *in, const char *v)
{
	size_t n = mm_utf8_chars(v);
	if (in->max && n > in->max)
		return "err.too_long";
	if (in->min && n < in->min)
		return "err.too_short";
	return NULL;
}

/* 1 when v holds a C0 or C1 control character or DEL, other than those
 * in allowed, or (when allowed has no line break) the line or paragraph
 * separator U+2028, U+2029. C1 (U+0080-U+009F) is 0xC2 0x80-0x9F in UTF-8. */
static int has_control(const char *v, const char *allowed)
{
	int one_line = strchr(allowed, '\n') == NULL;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p < 0x20 && !strchr(allowed, *p)) || *p == 0x7F)
			return 1;
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 1;
		if (one_line && *p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			return 1;
	}
	return 0;
}

const char *mm_v_line(const struct mm_input *in, const char *v)
{
	return has_control(v, "") ? "err.format" : check_length(in, v);
}

const char *mm_v_text(const struct mm_input *in, const char *v)
{
	return has_control(v, "\r\n\t") ? "err.format" : check_length(in, v);
}

const char *mm_v_digits(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return "err.digits";
	return check_length(in, v);
}

const char *mm_v_email(const struct mm_input *in, const char *v)
{
	const char *at = strchr(v, '@');
	size_t len = strlen(v);
	if (len > 254 || !at || at == v || strchr(at + 1, '@'))
		return "err.email";
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("()<>[]\\,;:\"", *p))
			return "err.email";
	const char *domain = at + 1;
	const char *dot = strrchr(domain, '.');
	if (!dot || dot == domain || dot[1] == '\0' || strstr(domain, "..") ||
	    domain[0] == '.' || domain[0] == '-' || v[0] == '.' || at[-1] == '.' ||
	    strstr(v, ".."))
		return "err.email";
	return check_length(in, v);
}

/* User IDs are e-mail-like (AUTH-1): letters, digits and . _ @ + - only, so
 * an ID is safe wherever it is shown, logged or exported. */
const char *mm_v_login_id(const struct mm_input *in, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._@+-", *p)))
			return "err.login_id";
	if (strlen(v) > (in->max ? in->max : 40))	/* every user-ID field has the 40 limit */
		return "err.login_id_too_long";
	return check_length(in, v);
}

const char *mm_v_password(const struct mm_input *in, const char *v)
{
	if (!in->max && mm_utf8_chars(v) > 128)
		return "err.too_long";
	return check_length(in, v);
}

const char *mm_v_local_path(const struct mm_input *in, const char *v)
{
	if (!mm_is_local_path(v))
		return "err.format";
	if (!in->max && strlen(v) > 2048)
		return "err.too_long";
	return check_length(in, v);
}

const char *mm_v_token(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return "err.format";
	if (!in->max && strlen(v) > 128)
		return "err.too_long";
	return check_length(in, v);
}

const char *mm_v_lang(const struct mm_input *in, const char *v)
{
	return mm_lang_supported(v) ? NULL : "err.format";
}

const char *mm_v_one(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

const char *mm_v_dir(const struct mm_input *in, const char *v)
{
	return strcmp(v, "asc") == 0 || strcmp(v, "desc") == 0 ? NULL : "err.format";
}

int mm_name_index(const char *const *names, int n, const char *v)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return -1;
}
