/* Approval of a completed application (SIGNUP-7): one transaction creates
 * the tenant, its contract, one device per ordered unit and the login users,
 * and queues each user's provisional registration mail (仮登録完了のお知らせ)
 * in the outbox, so either all of it happens or none of it.
 *
 * The first login user becomes the customer admin (管理者ユーザー), the others
 * customer users: the applicant lists the person in charge first. Each user
 * ID is the user's e-mail address when it is free and fits in 40 characters,
 * else the address + ".cs" (ACC-3's suggestion), then ".cs2", ".cs3"...,
 * the address cut so that the whole stays within 40 characters.
 *
 * Temporary passwords are made and hashed before the transaction starts (a
 * retried transaction reuses them, and Argon2id does not hold row locks);
 * the clear text goes only into the mail and is wiped afterwards. */
#include "signup_staff_db.h"
#include "mm_login_id.h"
#include "signup_dates.h"
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>

#define TEMP_PASSWORD_DAYS 14
#define TEMP_PASSWORD_LEN 16
#define CUSTOMER_NO_TRIES 20

/* Unambiguous in print and when typed from a mail: no 0/O, 1/l/I, no '-'
 * (lost at line ends); the symbols are the client policy's. */
static const char PW_LOWER[] = "abcdefghijkmnpqrstuvwxyz";
static const char PW_UPPER[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char PW_DIGIT[] = "23456789";
static const char PW_SYMBOL[] = "!#$%&*+=?@";

struct approval {
	struct mm_req *r;
	long long staff_user_id;
	struct signup_application app;
	struct signup_destination dests[SIGNUP_MAX_DESTINATIONS];
	int ndests;
	struct signup_app_user users[SIGNUP_MAX_USERS];
	int nusers;
	char passwords[SIGNUP_MAX_USERS][TEMP_PASSWORD_LEN + 1];
	char hashes[SIGNUP_MAX_USERS][MM_PHC_MAX];
};

/* n characters drawn uniformly from alphabet (rejection sampling). */
static int random_from(const char *alphabet, char *out, size_t n)
{
	size_t len = strlen(alphabet), k = 0;
	unsigned limit = 256 - 256 % (unsigned)len;
	unsigned char b[64];
	while (k < n) {
		if (mm_random_bytes(b, sizeof b) < 0)
			return -1;
		for (size_t i = 0; i < sizeof b && k < n; i++)
			if (b[i] < limit)
				out[k++] = alphabet[b[i] % len];
	}
	out[k] = '\0';
	OPENSSL_cleanse(b, sizeof b);
	return 0;
}

/* A temporary password the client policy (and the configured one) accepts:
 * drawn again until every character class is present. */
static int temp_password(char out[TEMP_PASSWORD_LEN + 1], const char *login_hint,
			 const char *email)
{
	char alphabet[sizeof PW_LOWER + sizeof PW_UPPER + sizeof PW_DIGIT + sizeof PW_SYMBOL];
	snprintf(alphabet, sizeof alphabet, "%s%s%s%s", PW_LOWER, PW_UPPER, PW_DIGIT, PW_SYMBOL);
	const struct mm_pw_policy *configured =
		mm_pw_policy_named(mm_cfg_str("Auth.PasswordPolicy", "client"));
	for (int attempt = 0; attempt < 100; attempt++) {
		if (random_from(alphabet, out, TEMP_PASSWORD_LEN) < 0)
			return -1;
		if (mm_pw_check(&mm_pw_policy_client, out, login_hint, email) == 0 &&
		    (!configured || mm_pw_check(configured, out, login_hint, email) == 0))
			return 0;
	}
	return -1;
}

/* "N" + 9 random digits. */
static int customer_no(char out[11])
{
	unsigned char b[32];
	int k = 0;
	out[k++] = 'N';
	while (k < 10) {
		if (mm_random_bytes(b, sizeof b) < 0)
			return -1;
		for (size_t i = 0; i < sizeof b && k < 10; i++)
			if (b[i] < 250)
				out[k++] = (char)('0' + b[i] % 10);
	}
	out[k] = '\0';
	return 0;
}

static long long tenant_create(struct approval *ap)
{
	char no[11];
	for (int i = 0; i < CUSTOMER_NO_TRIES; i++) {
		if (customer_no(no) < 0)
			return MM_DB_ERR;
		long long id = staff_db_tenant_insert(no, ap->app.company, ap->r->now);
		if (id != MM_DB_DUP)
			return id;
	}
	mm_log_error("no free customer number after %d tries", CUSTOMER_NO_TRIES);
	return MM_DB_ERR;
}

static long long contract_create(struct approval *ap, long long tenant_id)
{
	char start[11], renewal[11];
	if (signup_contract_dates(ap->r->now, start, renewal) < 0)
		return MM_DB_ERR;
	return staff_db_contract_insert(tenant_id, ap->app.id,
					mm_cfg_str("Signup.ServiceName", "サイバーセキュリティ見守りサービス"),
					mm_cfg_str("Signup.Plan", "スタンダード"),
					mm_cfg_str("Signup.ContractType", "本契約"),
					start, renewal, ap->r->now);
}

static int devices_create(struct approval *ap, long long tenant_id, long long contract_id)
{
	for (int i = 0; i < ap->ndests; i++)
		for (int u = 0; u < ap->dests[i].units; u++) {
			int rc = staff_db_device_insert(tenant_id, contract_id, ap->dests[i].id,
							ap->r->now);
			if (rc < 0)
				return rc;
		}
	return 0;
}

/* Inserts login user i under the first free user ID candidate. */
static int user_create(struct approval *ap, int i, long long tenant_id,
		       char login_id[MM_LOGIN_ID_MAX + 1])
{
	const struct signup_app_user *u = &ap->users[i];
	char name[101 * 4 + 4], full[sizeof u->surname + sizeof u->given_name + 2];
	snprintf(full, sizeof full, "%s %s", u->surname, u->given_name);
	mm_clean_text(name, sizeof name, full, 100);
	struct staff_new_user nu = {
		.tenant_id = tenant_id, .login_id = login_id, .email = u->email,
		.display_name = name, .role = signup_user_role(i), .password_hash = ap->hashes[i],
		.lang = ap->app.lang, .mobile = u->mobile,
		.temp_expires_at = ap->r->now + TEMP_PASSWORD_DAYS * 86400L
	};
	for (int n = mm_login_id_first(u->email); n < MM_LOGIN_ID_VARIANTS; n++) {
		mm_login_id_candidate(u->email, n, login_id);
		long long user_id = staff_db_user_insert(&nu, ap->r->now);
		if (user_id == MM_DB_DUP)
			continue;
		if (user_id < 0)
			return (int)user_id;
		return staff_db_app_user_link(u->id, user_id);
	}
	mm_log_error("no free user ID for an application user of %s", ap->app.app_no);
	return MM_DB_ERR;
}

static int provisional_mail(struct approval *ap, int i, const char *login_id)
{
	struct mm_req *r = ap->r;
	const struct signup_app_user *u = &ap->users[i];
	mm_set(r, "Mail.AppNo", ap->app.app_no);
	mm_set(r, "Mail.Company", ap->app.company);
	mm_setf(r, "Mail.Name", "%s %s", u->surname, u->given_name);
	mm_set(r, "Mail.LoginId", login_id);
	mm_set(r, "Mail.Password", ap->passwords[i]);
	mm_set(r, "Mail.Admin", i == 0 ? "1" : "0");
	mm_set_int(r, "Mail.Days", TEMP_PASSWORD_DAYS);
	int rc = mm_mail_queue(r, u->email, ap->app.lang, "provisional");
	mm_set(r, "Mail.Password", "");
	return rc;
}

static int approve_tx(void *ctx)
{
	struct approval *ap = ctx;
	struct mm_req *r = ap->r;
	int marked = staff_db_mark_approved(ap->app.id, r->now, ap->staff_user_id);
	if (marked <= 0)
		return marked < 0 ? marked : SIGNUP_NOT_PENDING;
	long long tenant_id = tenant_create(ap);
	if (tenant_id < 0)
		return (int)tenant_id;
	long long contract_id = contract_create(ap, tenant_id);
	if (contract_id < 0)
		return (int)contract_id;
	int rc = devices_create(ap, tenant_id, contract_id);
	for (int i = 0; rc == 0 && i < ap->nusers; i++) {
		char login_id[MM_LOGIN_ID_MAX + 1];
		if ((rc = user_create(ap, i, tenant_id, login_id)) == 0)
			rc = provisional_mail(ap, i, login_id);
	}
	if (rc == 0)
		rc = staff_db_app_set_tenant(ap->app.id, tenant_id);
	if (rc == 0) {
		int by_staff = ap->staff_user_id && ap->staff_user_id == r->user.id;
		rc = mm_event(r, by_staff ? "signup.approve" : "signup.auto_approve",
			      by_staff ? &r->user : NULL, ap->app.app_no);
	}
	return rc;
}

/* Reads the application and prepares the passwords: 0, a refusal or an error. */
static int approval_load(struct approval *ap, long long application_id)
{
	int rc = signup_app_by_id(application_id, &ap->app);
	if (rc <= 0)
		return rc < 0 ? rc : SIGNUP_NOT_PENDING;
	if (strcmp(ap->app.status, "completed") != 0)
		return SIGNUP_NOT_PENDING;
	if ((ap->ndests = signup_app_destinations(ap->app.id, ap->dests, SIGNUP_MAX_DESTINATIONS)) < 0)
		return ap->ndests;
	if ((ap->nusers = signup_app_users(ap->app.id, ap->users, SIGNUP_MAX_USERS)) < 0)
		return ap->nusers;
	long long units = 0;
	for (int i = 0; i < ap->ndests; i++) {
		if (ap->dests[i].units < 1 || ap->dests[i].units > SIGNUP_MAX_UNITS)
			return SIGNUP_UNFIT;
		units += ap->dests[i].units;
	}
	if (ap->nusers == 0 || ap->ndests == 0 || units > SIGNUP_MAX_UNITS)
		return SIGNUP_UNFIT;
	struct mm_argon2_params params = mm_cfg_argon2();
	for (int i = 0; i < ap->nusers; i++)
		if (temp_password(ap->passwords[i], ap->users[i].email, ap->users[i].email) < 0 ||
		    mm_pw_hash(&params, ap->passwords[i], ap->hashes[i]) < 0)
			return MM_DB_ERR;
	return 0;
}

const char *signup_user_role(int index)
{
	return index == 0 ? "customer_admin" : "customer_user";
}

int signup_approve(struct mm_req *r, long long application_id, long long staff_user_id)
{
	struct approval ap;
	memset(&ap, 0, sizeof ap);
	ap.r = r;
	ap.staff_user_id = staff_user_id;
	int rc = approval_load(&ap, application_id);
	if (rc == 0)
		rc = mm_db_transaction(approve_tx, &ap);
	OPENSSL_cleanse(ap.passwords, sizeof ap.passwords);
	return rc;
}
