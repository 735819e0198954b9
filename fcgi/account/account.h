/* account: the user's own settings (ACC-1 profile and language, ACC-2
 * password, 2-step method) and the customer admin's user management
 * (ACC-3). */
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

/* account_users.c — customer admins manage the users of their tenant */
int account_users_list(struct mm_req *r);
int account_user_new_form(struct mm_req *r);
int account_user_new_submit(struct mm_req *r);
int account_user_form(struct mm_req *r);
int account_user_submit(struct mm_req *r);
int account_user_disable(struct mm_req *r);
int account_user_enable(struct mm_req *r);
int account_user_resend(struct mm_req *r);
extern const struct mm_input account_users_list_inputs[];
extern const struct mm_input account_user_inputs[];
extern const struct mm_input account_user_saved_inputs[];

/* account_profile.c — every user's own profile and e-mail change */
int account_profile_form(struct mm_req *r);
int account_profile_submit(struct mm_req *r);
int account_email_form(struct mm_req *r);
int account_email_submit(struct mm_req *r);
int account_email_confirm_form(struct mm_req *r);
int account_email_confirm_submit(struct mm_req *r);
extern const struct mm_input account_profile_inputs[];
extern const struct mm_input account_profile_view_inputs[];
extern const struct mm_input account_email_inputs[];

/* account_chat.c — chat notification linkages (ACC-4), customer admins */
int account_chat_list(struct mm_req *r);
int account_chat_create(struct mm_req *r);
int account_chat_test(struct mm_req *r);
int account_chat_disable(struct mm_req *r);
int account_chat_enable(struct mm_req *r);
int account_chat_delete_form(struct mm_req *r);
int account_chat_delete(struct mm_req *r);
extern const struct mm_input account_chat_list_inputs[];
extern const struct mm_input account_chat_inputs[];

/* account_zones.c — the time zones offered (IANA names of the tz database
 * the portal formats times with) */
const char *account_v_zone(const struct mm_input *in, const char *v);
/* Fills Zones.<n> with the zone names, sorted; 0 or -1. */
int account_zones_fill(struct mm_req *r);
/* Digits, spaces and - + ( ): a phone number as people write it. */
const char *account_v_phone(const struct mm_input *in, const char *v);

/* A user as the contact list and the forms show it. */
struct account_user {
	long long id;
	long long tenant_id;
	char login_id[41 * 4];
	char email[255];
	char display_name[101 * 4];
	char role[16];
	char lang[3];
	char time_zone[65];
	char phone[21];
	char mobile[21];
	char mfa[8];
	int mfa_required;
	int disabled;
	int password_unset;	/* created by an admin, first password not yet set */
	time_t locked_until;
	time_t last_login;	/* 0: never */
};
/* What a user is now: "disabled", "locked", "unset" or "active". */
const char *account_user_state(const struct account_user *u, time_t now);

#define ACCOUNT_PAGE_SIZE 20
enum account_sort {
	ACCOUNT_SORT_NAME, ACCOUNT_SORT_LOGIN, ACCOUNT_SORT_EMAIL, ACCOUNT_SORT_ROLE,
	ACCOUNT_SORT_MFA, ACCOUNT_SORT_STATE, ACCOUNT_SORT_LAST_LOGIN, ACCOUNT_NSORT
};
extern const char *const account_sort_names[ACCOUNT_NSORT];

/* The user id of the tenant: 1 found, 0 not there (another tenant's users
 * and staff are not there either), < 0 error. */
int account_db_user(long long tenant_id, long long user_id, struct account_user *u);
/* Any user by id, whatever the tenant (the own profile). */
int account_db_self(long long user_id, struct account_user *u);
int account_db_user_count(long long tenant_id, long long *n);
/* One page of the tenant's users in sort order: the number read. */
int account_db_user_list(long long tenant_id, int sort, int desc, time_t now,
			 long long offset, struct account_user rows[ACCOUNT_PAGE_SIZE]);
/* Enabled customer admins of the tenant other than user_id, the rows
 * locked until the transaction ends (the last-admin rule). */
int account_db_other_admins(long long tenant_id, long long user_id, long long *n);

struct account_new_user {
	long long tenant_id;
	const char *login_id, *email, *display_name, *role, *lang, *time_zone;
	const char *phone, *mobile;	/* "" for none */
	const char *mfa;		/* initial method: "none" or "email" */
	int mfa_required;
};
/* The new user's id, or < 0 (MM_DB_DUP: the user ID is taken). */
long long account_db_user_insert(const struct account_new_user *u, time_t now);
/* What a customer admin may change of a user of the tenant: 1 done, 0 not
 * there, MM_DB_DUP (user ID taken) or another error. */
int account_db_user_update(const struct account_user *u);
int account_db_user_set_disabled(long long tenant_id, long long user_id, int disabled);
/* The user's own profile fields (display name, phones, language, zone). */
int account_db_profile_update(long long user_id, const char *display_name, const char *phone,
			      const char *mobile, const char *lang, const char *time_zone);

/* E-mail changes (ACC-1): one pending request per user. */
int account_db_email_request(long long user_id, const char *new_email,
			     const unsigned char hash[32], time_t now, time_t expires);
/* The pending address of a user (1 and out set, 0 none). */
int account_db_email_pending(long long user_id, time_t now, char out[255]);
/* The user and the new address behind a live, unused token: 1 found. */
int account_db_email_lookup(const unsigned char hash[32], time_t now, long long *user_id,
			    char new_email[255]);
/* Uses the token (1: this call did, 0 already used) and voids the user's
 * other requests. */
int account_db_email_consume(const unsigned char hash[32], long long user_id, time_t now);
int account_db_email_void(long long user_id, time_t now);
int account_db_email_set(long long user_id, const char *email);
/* Voids the user's unused password reset (and welcome) links: they went
 * to an address that is no longer the user's, or to a disabled user. */
int account_db_resets_void(long long user_id, time_t now);

#endif
