/* signup: the public application wizard (SIGNUP-1..6, SIGNUP-8) and the
 * analyst console that approves applications (SIGNUP-7, /staff/signup/). */
#ifndef SIGNUP_H
#define SIGNUP_H
#include "mm.h"

#define SIGNUP_MAX_DESTINATIONS 10
#define SIGNUP_MAX_USERS 3

/* The 47 prefectures, in the usual north-to-south order; NULL-terminated. */
extern const char *const signup_prefectures[];
const char *signup_v_prefecture(const struct mm_input *in, const char *v);

/* --- public wizard (signup_wizard.c, signup_draft.c, signup_confirm.c) --- */
int signup_start(struct mm_req *r);		/* GET  /signup/ */
int signup_basic_form(struct mm_req *r);	/* GET  /signup/basic */
int signup_basic_submit(struct mm_req *r);	/* POST /signup/basic */
int signup_delivery_form(struct mm_req *r);	/* GET  /signup/delivery */
int signup_delivery_submit(struct mm_req *r);	/* POST /signup/delivery */
int signup_questions_form(struct mm_req *r);	/* GET  /signup/questions */
int signup_questions_submit(struct mm_req *r);	/* POST /signup/questions */
int signup_users_form(struct mm_req *r);	/* GET  /signup/users */
int signup_users_submit(struct mm_req *r);	/* POST /signup/users */
int signup_review_form(struct mm_req *r);	/* GET  /signup/review */
int signup_review_submit(struct mm_req *r);	/* POST /signup/review: 申込み */
int signup_sent(struct mm_req *r);		/* GET  /signup/sent */
int signup_confirm(struct mm_req *r);		/* GET  /signup/confirm/<token> */
int signup_confirm_submit(struct mm_req *r);	/* POST /signup/confirm/<token> */

extern const struct mm_input signup_basic_inputs[];
extern const struct mm_input signup_delivery_inputs[];
extern const struct mm_input signup_questions_inputs[];
extern const struct mm_input signup_users_inputs[];
extern const struct mm_input signup_review_inputs[];

/* --- analyst console (signup_staff.c, signup_approve.c, signup_questions_staff.c) --- */
int signup_staff_list(struct mm_req *r);	/* GET  /staff/signup/ */
int signup_staff_application(struct mm_req *r);	/* GET  /staff/signup/applications/<AAP-…> */
int signup_staff_decide(struct mm_req *r);	/* POST /staff/signup/applications/<AAP-…>/approve|reject */
int signup_staff_questions(struct mm_req *r);	/* GET  /staff/signup/questions */
int signup_staff_questions_submit(struct mm_req *r);	/* POST /staff/signup/questions */

extern const struct mm_input signup_staff_list_inputs[];
extern const struct mm_input signup_staff_decide_inputs[];
extern const struct mm_input signup_staff_questions_inputs[];

/* Approves a completed application in one transaction: tenant, contract,
 * devices, login users with temporary passwords and their provisional
 * registration mails. Used by the console and by auto-approval
 * (Signup.AutoApprove = 1) at confirmation. 0 approved, 1 not awaiting a
 * decision (already decided, unconfirmed, unknown), 2 unfit (no users or
 * destinations), < 0 a database error. */
int signup_approve(struct mm_req *r, long long application_id, long long staff_user_id);
/* The role approval gives the login user at index (0-based, in the order
 * the applicant listed them): the first becomes the customer admin. */
const char *signup_user_role(int index);

#endif
