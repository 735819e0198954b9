#include "mm_login_id.h"
#include <stdio.h>
#include <string.h>

int mm_login_id_first(const char *email)
{
	return strlen(email) <= MM_LOGIN_ID_MAX ? 0 : 1;
}

void mm_login_id_candidate(const char *email, int n, char out[MM_LOGIN_ID_MAX + 1])
{
	char suffix[16] = "";
	if (n == 1)
		snprintf(suffix, sizeof suffix, ".cs");
	else if (n > 1)
		snprintf(suffix, sizeof suffix, ".cs%d", n);
	size_t keep = MM_LOGIN_ID_MAX - strlen(suffix), len = strlen(email);
	snprintf(out, MM_LOGIN_ID_MAX + 1, "%.*s%s", (int)(len < keep ? len : keep), email, suffix);
}
