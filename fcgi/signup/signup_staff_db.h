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

/* List page: status "" means every status; q "" means no keyword. The rows
 * go to Apps.<n>.* in the HDF. */
int staff_db_app_count(const char *status, const char *q, long long *n);
int staff_db_app_list(struct mm_req *r, const char *status, const char *q,
		      long long offset);

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
/* Questions.<n>.* in the HDF: active ones by position, then retired ones. */
int staff_db_questions_fill(struct mm_req *r);
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
