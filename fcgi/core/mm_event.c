/* AUTH-11 event recording: the rows behind the login history (§8). */
#include "mm.h"
#include <string.h>

static const char SQL_EVENT_INSERT[] =
	"INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip,"
	" user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)";

int mm_event(struct mm_req *r, const char *event, const struct mm_user *user,
	     const char *login_id)
{
	char login[41 * 4], ua[256 * 4];
	mm_clean_text(login, sizeof login, user ? user->login_id : login_id ? login_id : "", 40);
	mm_clean_text(ua, sizeof ua, r->user_agent ? r->user_agent : "", 255);
	long long n = mm_db_exec(SQL_EVENT_INSERT, "tnnssss", r->now,
				 user ? user->tenant_id : 0LL, user ? user->id : 0LL,
				 login, event, r->remote_addr ? r->remote_addr : "", ua);
	if (n < 0)
		mm_log_error("event %s not recorded", event);
	return n < 0 ? (int)n : 0;
}
