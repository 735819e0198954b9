#include "signup.h"

static const struct mm_route signup_routes[] = {
	{ "GET", "/signup/", signup_start, MM_PUBLIC, NULL },
	{ "GET", "/signup/basic", signup_basic_form, MM_PUBLIC, NULL },
	{ "POST", "/signup/basic", signup_basic_submit, MM_PUBLIC, signup_basic_inputs },
	{ "GET", "/signup/delivery", signup_delivery_form, MM_PUBLIC, NULL },
	{ "POST", "/signup/delivery", signup_delivery_submit, MM_PUBLIC, signup_delivery_inputs },
	{ "GET", "/signup/questions", signup_questions_form, MM_PUBLIC, NULL },
	{ "POST", "/signup/questions", signup_questions_submit, MM_PUBLIC, signup_questions_inputs },
	{ "GET", "/signup/users", signup_users_form, MM_PUBLIC, NULL },
	{ "POST", "/signup/users", signup_users_submit, MM_PUBLIC, signup_users_inputs },
	{ "GET", "/signup/review", signup_review_form, MM_PUBLIC, NULL },
	{ "POST", "/signup/review", signup_review_submit, MM_PUBLIC, signup_review_inputs },
	{ "GET", "/signup/sent", signup_sent, MM_PUBLIC, NULL },
	{ "GET", "/signup/confirm/", signup_confirm, MM_PUBLIC | MM_PREFIX, NULL },
	{ "POST", "/signup/confirm/", signup_confirm_submit, MM_PUBLIC | MM_PREFIX, NULL },
	{ "GET", "/staff/signup/", signup_staff_list, MM_STAFF, signup_staff_list_inputs },
	{ "GET", "/staff/signup/applications/", signup_staff_application, MM_STAFF | MM_PREFIX, NULL },
	{ "POST", "/staff/signup/applications/", signup_staff_decide, MM_STAFF | MM_PREFIX,
	  signup_staff_decide_inputs },
	{ "GET", "/staff/signup/questions", signup_staff_questions, MM_STAFF, NULL },
	{ "POST", "/staff/signup/questions", signup_staff_questions_submit, MM_STAFF,
	  signup_staff_questions_inputs },
};

static const char *const signup_templates[] = {
	"signup/basic.cs", "signup/delivery.cs", "signup/questions.cs", "signup/users.cs",
	"signup/review.cs", "signup/sent.cs", "signup/confirm.cs",
	"staff/signup/list.cs", "staff/signup/application.cs", "staff/signup/questions.cs",
	"mail/signup_confirm.cs", "mail/signup_rejected.cs", "mail/provisional.cs", NULL
};

static const struct mm_app signup_app = {
	"signup", signup_routes, sizeof signup_routes / sizeof *signup_routes, signup_templates, NULL
};

int main(int argc, char **argv)
{
	return mm_main(&signup_app, argc, argv);
}
