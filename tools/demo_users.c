/* Demo contacts for /account/users/: the demo tenants get a user who works
 * from London (times shown in Europe/London), a disabled user and a user
 * an admin created who has not set a password yet. Found by user ID, so a
 * second run changes nothing. */
#include "mm.h"
#include "demo_users.h"
#include <stdio.h>
#include <time.h>

static const char SQL_TENANT[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_USER_EXISTS[] = "SELECT id FROM users WHERE login_id = ?";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash, lang,"
	" time_zone, phone, mobile, disabled, created_at, password_changed_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

#define DEMO_PASSWORD "Demo#Mimamori26"

struct demo_user {
	const char *customer_no, *login, *name, *role, *lang, *zone, *phone, *mobile;
	int disabled;
	int password;		/* 0: created by an admin, password not set yet */
	const char *note;
};

static const struct demo_user users[] = {
	{ "N200000001", "london-a@example.com", "Emma Clarke", "customer_user", "en", "Europe/London",
	  "+44 20 7946 0000", "", 0, 1, "N200000001 (time zone Europe/London)" },
	{ "N200000001", "former-a@example.com", "伊藤 退職", "customer_user", "ja", "Asia/Tokyo",
	  "03-1234-5678", "", 1, 1, "N200000001 (login disabled)" },
	{ "N200000002", "invited-b@example.com", "中村 招待", "customer_user", "ja", "Asia/Tokyo",
	  "06-1234-5678", "09012345678", 0, 0, "N200000002 (password not set yet)" },
};

static int user_ensure(const struct demo_user *u, const char *phc)
{
	long long id = 0, tenant = 0;
	int rc = mm_db_get_int(&id, SQL_USER_EXISTS, "s", u->login);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (mm_db_get_int(&tenant, SQL_TENANT, "s", u->customer_no) != 1)
		return -1;
	time_t now = time(NULL);
	long long n = mm_db_exec(SQL_USER_INSERT, "isssssssssitT", tenant, u->login, u->login,
				 u->name, u->role, u->password ? phc : "", u->lang, u->zone,
				 u->phone, *u->mobile ? u->mobile : NULL, (long long)u->disabled,
				 now, u->password ? now : (time_t)0);
	return n < 0 ? -1 : 1;
}

int demo_users(void)
{
	char phc[MM_PHC_MAX];
	struct mm_argon2_params ap = mm_cfg_argon2();
	if (mm_pw_hash(&ap, DEMO_PASSWORD, phc) < 0)
		return -1;
	for (size_t i = 0; i < sizeof users / sizeof *users; i++) {
		if (user_ensure(&users[i], phc) < 0) {
			fprintf(stderr, "demo: the demo contact %s could not be added\n", users[i].login);
			return -1;
		}
		printf("%-28s %s  %-15s %s\n", users[i].login,
		       users[i].password ? DEMO_PASSWORD : "-", users[i].role, users[i].note);
	}
	return 0;
}
