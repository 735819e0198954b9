#include "mm_login_id.h"
#include <stdio.h>
#include <string.h>

/* The characters a user ID may hold (mm_v_login_id). */
static int id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("._@+-", c));
}

static int usable_as_is(const char *email)
{
	for (const unsigned char *p = (const unsigned char *)email; *p; p++)
		if (!id_char(*p))
			return 0;
	return 1;
}

int mm_login_id_first(const char *email)
{
	return strlen(email) <= MM_LOGIN_ID_MAX && usable_as_is(email) ? 0 : 1;
}

void mm_login_id_candidate(const char *email, int n, char out[MM_LOGIN_ID_MAX + 1])
{
	char suffix[16] = "";
	if (n == 1)
		snprintf(suffix, sizeof suffix, ".cs");
	else if (n > 1)
		snprintf(suffix, sizeof suffix, ".cs%d", n);
	/* the address without the characters a user ID cannot hold (every
	 * byte of a non-ASCII one too), cut so that the suffix fits */
	size_t keep = MM_LOGIN_ID_MAX - strlen(suffix), len = 0;
	for (const unsigned char *p = (const unsigned char *)email; *p && len < keep; p++)
		if (id_char(*p))
			out[len++] = (char)*p;
	snprintf(out + len, MM_LOGIN_ID_MAX + 1 - len, "%s", suffix);
}
