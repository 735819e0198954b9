/* auth: login, logout and lockout (AUTH-1, AUTH-2, AUTH-5, AUTH-10, AUTH-11). */
#ifndef AUTH_H
#define AUTH_H
#include "mm.h"

struct auth_account {
	struct mm_user user;
	char email[255];
	char password_hash[MM_PHC_MAX];
	time_t locked_until;
	int disabled;
};

/* auth_db.c */
int auth_account_by_login(const char *login_id, struct auth_account *a);
/* Counts a wrong password; sets *locked when this failure locked the user. */
int auth_failure_record(long long user_id, time_t now, int *locked);
int auth_success_record(long long user_id);
int auth_password_hash_update(long long user_id, const char *phc);

/* auth_login.c */
int auth_login_form(struct mm_req *r);
int auth_login_submit(struct mm_req *r);
struct mm_argon2_params auth_argon2_params(void);

/* auth_lang.c */
int auth_lang_switch(struct mm_req *r);

/* auth_logout.c */
int auth_logout_confirm(struct mm_req *r);
int auth_logout_submit(struct mm_req *r);

#endif
