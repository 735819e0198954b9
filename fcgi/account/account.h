/* account: the user's own settings (ACC-1 language, ACC-2 password, 2-step
 * method). Customer-admin user management (ACC-3) grows here. */
#ifndef ACCOUNT_H
#define ACCOUNT_H
#include "auth.h"

int account_overview(struct mm_req *r);
int account_password_form(struct mm_req *r);
int account_password_submit(struct mm_req *r);
int account_language_submit(struct mm_req *r);
int account_mfa_form(struct mm_req *r);
int account_mfa_submit(struct mm_req *r);

/* account_db.c */
int account_lang_set(long long user_id, const char *lang);

#endif
