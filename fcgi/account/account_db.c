/* account: the SQL of the user's own settings (the account security data
 * itself is in auth_db.c). */
#include "account.h"

static const char SQL_LANG_SET[] = "UPDATE users SET lang = ? WHERE id = ?";

int account_lang_set(long long user_id, const char *lang)
{
	long long n = mm_db_exec(SQL_LANG_SET, "si", lang, user_id);
	return n < 0 ? (int)n : 0;
}
