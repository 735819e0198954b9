/* Queries of the analyst console (SIGNUP-7) that the shared application
 * reads of signup_db.h do not cover: the list with its counts, who decided
 * and what was created, and the staff-edited questions. */
#ifndef SIGNUP_STAFF_DB_H
#define SIGNUP_STAFF_DB_H
#include "signup_db.h"

#define STAFF_PAGE_SIZE 20

/* signup_approve() and the rejection answer 0 when done, < 0 for an MM_DB_*
 * error, or one of these refusals: */
enum {
	SIGNUP_NOT_PENDING = 1,	/* not awaiting a decision (any more): nothing changed */
	SIGNUP_UNFIT = 2	/* no login user, no destination or unit counts out of range */
};
/* Sanity bound of units per application; the wizard keeps far below it. */
#define SIGNUP_MAX_UNITS 1000

/* Who decided or became what: 1 found, 0 none, < 0 error. */
int staff_db_user_brief(long long user_id, char login_id[41 * 4], char name[101 * 4],
			char role[16]);
int staff_db_tenant_brief(long long tenant_id, char customer_no[11], char name[201 * 4]);

/* One row of the application list. */
struct staff_app_row {
	char app_no[SIGNUP_APP_NO_LEN + 1];
	char company[SIGNUP_CHARS(100)];
	char surname[SIGNUP_CHARS(50)];
	char given_name[SIGNUP_CHARS(50)];
	char email[255];
	long long units;	/* ordered UTM units, all destinations */
	long long users;	/* login users to create */
	char status[12];
	time_t confirmed_at, created_at, decided_at;	/* 0 for not yet */
};

/* List page: status "" means every status; q "" means no keyword. The list
 * reads one page from offset into rows: the number read. */
int staff_db_app_count(const char *status, const char *q, long long *n);
int staff_db_app_list(const char *status, const char *q, long long offset,
		      struct staff_app_row rows[STAFF_PAGE_SIZE]);

/* Decisions, inside the decision's transaction: 1 done, 0 the application
 * was no longer 'completed' (nothing changed), < 0 error. */
int staff_db_reject(long long app_id, time_t now, long long staff_user_id, const char *reason);
int staff_db_mark_approved(long long app_id, time_t now, long long staff_user_id);
int staff_db_app_set_tenant(long long app_id, long long tenant_id);

/* What approval creates. The inserts return the new row's id, or < 0
 * (MM_DB_DUP when the customer number or user ID is taken). */
struct staff_new_user {
	long long tenant_id;
	const char *login_id, *email, *display_name, *role, *password_hash, *lang;
	const char *mobile;	/* "" for none */
	time_t temp_expires_at;
};
long long staff_db_tenant_insert(const char *customer_no, const char *name, time_t now);
long long staff_db_contract_insert(long long tenant_id, long long app_id, const char *service,
				   const char *plan, const char *type, const char *start,
				   const char *renewal, time_t now);
int staff_db_device_insert(long long tenant_id, long long contract_id, long long destination_id,
			   time_t now);
long long staff_db_user_insert(const struct staff_new_user *u, time_t now);
int staff_db_app_user_link(long long app_user_id, long long user_id);

/* Questions (SIGNUP-4) as staff edit them. */
struct staff_question {
	long long id;
	long long position;
	int yesno;		/* kind yesno, else text */
	int required;
	long long required_if_yes;
	int retired;
};
int staff_db_question(long long id, struct staff_question *q);
/* Every question with the labels of the one it depends on: active ones by
 * position, then retired ones; at most max, the number read. */
struct staff_question_row {
	struct signup_question q;
	char condition_ja[SIGNUP_CHARS(200)];	/* "" when not conditional */
	char condition_en[SIGNUP_CHARS(200)];
};
int staff_db_questions(struct staff_question_row *out, int max);
/* 0 added, 1 refused: as many questions as the wizard can ask ever made. */
int staff_db_question_add(const char *kind, const char *label_ja, const char *label_en,
			  int required, long long required_if_yes, long long max_length,
			  time_t now);
int staff_db_question_set(long long id, const char *what, int value);	/* "required" or "retired" */
/* Active questions that depend on a yes/no question (retiring it would
 * orphan them): their number, or < 0. */
int staff_db_question_dependents(long long id, long long *n);
/* Swaps q with its active neighbour above (dir < 0) or below; 0 also when
 * it already is first or last. Call inside a transaction. */
int staff_db_question_move(const struct staff_question *q, int dir);

#endif
