/* signup: database access of the application area (sql/003_signup.sql).
 *
 * Applications are read through generic helpers that the public wizard and
 * the analyst console share: one row by id or number, and its destinations,
 * login users and answers in their seq / question order. Strings are copied
 * into fixed buffers sized for the column (4 bytes per character, NUL);
 * SQL NULL reads as "" or 0.
 *
 * Every function returns an MM_DB_* error (< 0) on failure; lookups return
 * 1 found / 0 not found, list reads the number of rows read. */
#ifndef SIGNUP_DB_H
#define SIGNUP_DB_H
#include "signup.h"

#define SIGNUP_CHARS(n) ((n) * 4 + 1)	/* UTF-8 buffer for a VARCHAR(n) */
#define SIGNUP_APP_NO_LEN 12		/* "AAP-" + 8 */

/* The basic information of an application and its state. */
struct signup_application {
	long long id;
	char app_no[SIGNUP_APP_NO_LEN + 1];
	char status[12];	/* unconfirmed completed approved rejected expired */
	char company[SIGNUP_CHARS(100)];
	char surname[SIGNUP_CHARS(50)];
	char given_name[SIGNUP_CHARS(50)];
	char department[SIGNUP_CHARS(100)];
	char position[SIGNUP_CHARS(100)];
	char email[255];
	char postal_code[8];
	char prefecture[SIGNUP_CHARS(10)];
	char address[SIGNUP_CHARS(200)];
	char phone[16];
	char lang[3];
	time_t created_at;
	time_t confirm_expires_at;
	time_t confirmed_at;	/* 0 until the applicant confirmed */
	time_t decided_at;	/* 0 until approved or rejected */
	long long decided_by;	/* staff user id, 0 for none or auto-approval */
	char reject_reason[SIGNUP_CHARS(1000)];
	long long tenant_id;	/* 0 until approved */
	char ip[46];
};

/* One UTM delivery destination (seq 1..10). */
struct signup_destination {
	long long id;
	int seq;
	char company[SIGNUP_CHARS(100)];
	char surname[SIGNUP_CHARS(50)];
	char given_name[SIGNUP_CHARS(50)];
	char department[SIGNUP_CHARS(100)];
	char postal_code[8];
	char prefecture[SIGNUP_CHARS(10)];
	char address[SIGNUP_CHARS(200)];
	char phone[16];
	int units;
};

/* One login user to create at approval (seq 1..3). */
struct signup_app_user {
	long long id;
	int seq;
	char surname[SIGNUP_CHARS(50)];
	char given_name[SIGNUP_CHARS(50)];
	char email[255];
	char mobile[16];
	long long user_id;	/* the portal user created at approval, 0 before */
};

/* A question of step ③ (signup_questions). */
struct signup_question {
	long long id;
	int position;
	char kind[6];		/* "yesno" or "text" */
	char label_ja[SIGNUP_CHARS(200)];
	char label_en[SIGNUP_CHARS(200)];
	int required;
	long long required_if_yes;	/* id of a yes/no question, 0 for none */
	int max_length;
	int retired;
};

/* One stored answer with its question (labels as they are now). */
struct signup_answer {
	long long question_id;
	char kind[6];
	char label_ja[SIGNUP_CHARS(200)];
	char label_en[SIGNUP_CHARS(200)];
	char answer[SIGNUP_CHARS(1000)];	/* "yes" / "no" for yes/no questions */
};

/* --- reads shared with the analyst console --- */
int signup_app_by_id(long long id, struct signup_application *a);
int signup_app_by_no(const char *app_no, struct signup_application *a);
/* Up to max rows in seq order; the count read. */
int signup_app_destinations(long long application_id, struct signup_destination *out, int max);
int signup_app_users(long long application_id, struct signup_app_user *out, int max);
/* Answers in question position order. */
int signup_app_answers(long long application_id, struct signup_answer *out, int max);
/* The questions the wizard asks now (retired = 0), in position order. */
#define SIGNUP_QUESTION_COLUMNS \
	"id, position, kind, label_ja, label_en, required, required_if_yes, max_length, retired"
/* Reads the SIGNUP_QUESTION_COLUMNS that start at column col of the current row. */
void signup_question_read(const struct mm_res *q, unsigned col, struct signup_question *s);
int signup_questions_active(struct signup_question *out, int max);

/* --- the wizard's writes --- */
/* Marks unconfirmed applications whose link expired at or before now as
 * expired; the number marked. */
long long signup_expire_unconfirmed(time_t now);
/* Inserts the application (status unconfirmed) with a->app_no, the confirm
 * token hash and a->created_at / confirm_expires_at / lang / ip; sets a->id.
 * MM_DB_DUP when the number (or, improbably, the token) is taken. */
int signup_app_insert(struct signup_application *a, const unsigned char token_hash[32]);
int signup_destination_insert(long long application_id, const struct signup_destination *d);
int signup_app_user_insert(long long application_id, const struct signup_app_user *u);
int signup_answer_insert(long long application_id, long long question_id, const char *answer);
/* The unconfirmed application whose live link has this hash: 1 found (id
 * and number set), 0 unknown, used or expired. */
int signup_confirm_lookup(const unsigned char token_hash[32], time_t now,
			  long long *id, char app_no[SIGNUP_APP_NO_LEN + 1]);
/* Completes it: 1 when this call did (single use), 0 when it was no longer
 * unconfirmed or the link expired meanwhile. */
int signup_confirm_complete(long long id, time_t now);

/* --- drafts (signup_drafts) --- */
/* The live draft with this token hash: 1 found (*id and the urlencoded data
 * in *data, to free), 0 none. */
int signup_draft_row_get(const unsigned char token_hash[32], time_t now,
			 long long *id, char **data);
int signup_draft_row_insert(const unsigned char token_hash[32], const char *data,
			    time_t now, time_t expires, long long *id);
int signup_draft_row_update(long long id, const char *data, time_t expires);
/* 1 deleted, 0 it was gone already. */
int signup_draft_row_delete(long long id);
/* Deletes a bounded batch of drafts expired before now. */
int signup_draft_rows_purge(time_t now);

#endif
