/* /auth/logout: a confirmation page (GET) and the logout itself (POST, with
 * the CSRF token, so a link elsewhere cannot log a user out). */
#include "auth.h"

int auth_logout_confirm(struct mm_req *r)
{
	return mm_render(r, 200, "auth/logout.cs");
}

int auth_logout_submit(struct mm_req *r)
{
	struct mm_user user = r->user;
	int rc = mm_session_end(r);
	if (rc < 0)
		return rc;
	mm_event(r, "logout", &user, NULL);
	return mm_redirect(r, "/auth/login?bye=1");
}
