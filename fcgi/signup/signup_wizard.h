/* signup: what the files of the public wizard share (signup_wizard.c,
 * signup_draft.c, signup_confirm.c). Not used by the analyst console. */
#ifndef SIGNUP_WIZARD_H
#define SIGNUP_WIZARD_H
#include "signup_db.h"

/* Extra mm_input flags, ignored by the core: an input that steers the step
 * (action, row count) rather than holding a value of the application, and a
 * field that is required in every row in use (rows 1..count). */
#define SIGNUP_IN_CONTROL ((unsigned)MM_IN_APP)
#define SIGNUP_IN_ROW ((unsigned)MM_IN_APP << 1)

/* Step ③ inputs are q_1 .. q_<SIGNUP_MAX_QUESTION_ID>, named by question id
 * (the core checks at most MM_MAX_INPUTS inputs per route); at most
 * SIGNUP_MAX_QUESTIONS are asked at once. */
#define SIGNUP_MAX_QUESTION_ID 150
#define SIGNUP_MAX_QUESTIONS 40

enum signup_step {
	SIGNUP_BASIC = 1, SIGNUP_DELIVERY, SIGNUP_QUESTIONS, SIGNUP_USERS, SIGNUP_REVIEW
};

/* A handler's answer when a per-IP limit is exceeded (signup_limited renders it). */
#define SIGNUP_LIMITED 429

/* The browser's server-side draft: the typed values of every step by input
 * name, plus "rows" and "users" (row counts of steps ② and ④). */
struct signup_draft {
	long long id;			/* 0 until stored */
	char token[MM_TOKEN_CHARS + 1];	/* the cookie's token, "" until stored */
	int gone;			/* the cookie named a draft that no longer exists */
	struct mm_kvlist vals;
};

/* signup_draft.c. load: an empty draft when the cookie names none (or an
 * expired one); 0 or an MM_DB_* error. save: stores it and (re)sets the
 * cookie for another day; a new draft counts against the per-IP limit:
 * 0, SIGNUP_LIMITED or an MM_DB_* error. */
int signup_draft_load(struct mm_req *r, struct signup_draft *d);
int signup_draft_save(struct mm_req *r, struct signup_draft *d);
/* Deletes the stored draft (inside the caller's transaction): 1 deleted,
 * 0 when it was gone already (another request used it), or an error. */
int signup_draft_delete(const struct signup_draft *d);
/* signup_values.c: the values without database or request. */
void signup_draft_free(struct signup_draft *d);
/* Reads the stored form into an empty draft: 0, or -1 when it is not
 * urlencoded within the draft's limits (d->vals is then to be freed). */
int signup_draft_parse(struct signup_draft *d, const char *data, size_t len);
/* Appends the stored form (urlencoded) of the values. */
void signup_draft_serialise(const struct signup_draft *d, struct mm_buf *b);
/* The value of key, "" when absent. */
const char *signup_draft_get(const struct signup_draft *d, const char *key);
/* -1 when out of memory. Values are cut at SIGNUP_DRAFT_VALUE_CHARS: every
 * field's limit is below it, so a cut value stays as invalid as it was. */
#define SIGNUP_DRAFT_VALUE_CHARS 1001
int signup_draft_set(struct signup_draft *d, const char *key, const char *value);
void signup_draft_unset(struct signup_draft *d, const char *key);
/* Clears the draft cookie. */
void signup_draft_forget(struct mm_req *r);
/* Row number of a row field ("d3_company" -> 3, "u2_email" -> 2), else 0. */
int signup_row_of(const char *name);
/* The rows in use of step ② ("rows") or ④ ("users"), 1 .. max. */
int signup_draft_count(const struct signup_draft *d, const char *key, int max);
/* A typed value as the draft keeps it (in place): without surrounding
 * blanks; postal codes, phone numbers and unit counts in ASCII digits
 * (see below). */
void signup_value_normalise(const char *name, char *s);
/* Copies v with full-width digits and hyphens (typed with a Japanese input
 * method switched on) as ASCII; other characters are kept. */
void signup_ascii_digits(char *out, size_t size, const char *v);
/* 1 when s is min..max ASCII digits. */
int signup_all_digits(const char *s, size_t min, size_t max);
/* Postal codes are stored as 7 digits; "123-4567" as printed on letters is
 * accepted and stored without the hyphen. */
void signup_postal_normalise(char *out, size_t size, const char *v);

/* signup_wizard.c */
struct signup_questions {
	int n;
	struct signup_question q[SIGNUP_MAX_QUESTIONS];	/* active, id <= SIGNUP_MAX_QUESTION_ID */
};
int signup_questions_load(struct signup_questions *qs);
/* 1 when q only applies after a "yes" (its required_if_yes) and that
 * question was answered "no": q's answer is then neither kept nor stored. */
int signup_answer_dropped(const struct signup_draft *d, const struct signup_questions *qs,
			  const struct signup_question *q);
/* The first step before `before` whose values in the draft are not valid
 * (SIGNUP_BASIC ..), 0 when all are, or an MM_DB_* error. */
int signup_first_incomplete(struct mm_req *r, const struct signup_draft *d,
			    const struct signup_questions *qs, int before);
const char *signup_step_path(int step);
/* Query.* and Signup.* of every step, for the review page. */
void signup_fill_all(struct mm_req *r, const struct signup_draft *d,
		     const struct signup_questions *qs);
/* Sets path to the translation of key with "{n}" replaced by value. */
void signup_set_text(struct mm_req *r, const char *path, const char *key, const char *value);
void signup_set_number(struct mm_req *r, const char *path, const char *key, long n);
/* The 429 page of the per-IP limits. */
int signup_limited(struct mm_req *r);
/* Validator of the "action" input of every step. */
const char *signup_v_action(const struct mm_input *in, const char *v);

#endif
