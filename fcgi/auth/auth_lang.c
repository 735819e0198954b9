/* /auth/lang: the 日本語 / English switch of the pages shown before login.
 * Only a cookie changes; after login the user's own language applies. */
#include "auth.h"

int auth_lang_switch(struct mm_req *r)
{
	const char *lang = mm_param(r, "set");
	if (lang)
		mm_set_cookie(r, MM_LANG_COOKIE, lang, 365L * 86400);
	const char *next = mm_param(r, "next");
	return mm_redirect(r, next ? next : "/auth/login");
}
