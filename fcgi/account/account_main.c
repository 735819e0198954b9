#include "account.h"
#include "mm_template.h"
#include <string.h>


static const struct mm_input saved_inputs[] = {
	{ "saved", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input password_inputs[] = {
	{ "current_password", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	{ "password", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	{ "password_confirm", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	MM_INPUT_END
};

static const struct mm_input language_inputs[] = {
	{ "lang", mm_v_lang, MM_IN_REQUIRED, 0, 2 },
	MM_INPUT_END
};

static const struct mm_input mfa_inputs[] = {
	{ "method", auth_v_mfa_method, MM_IN_REQUIRED, 0, 5 },
	{ "mobile", mm_v_digits, 0, 10, 11 },
	{ "confirm_none", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_route account_routes[] = {
	{ "GET", "/account/", account_overview, 0, saved_inputs },
	{ "GET", "/account/password", account_password_form, 0, NULL },
	{ "POST", "/account/password", account_password_submit, 0, password_inputs },
	{ "POST", "/account/language", account_language_submit, 0, language_inputs },
	{ "GET", "/account/mfa", account_mfa_form, 0, saved_inputs },
	{ "POST", "/account/mfa", account_mfa_submit, 0, mfa_inputs },
	{ "GET", "/account/profile", account_profile_form, 0, account_profile_view_inputs },
	{ "POST", "/account/profile", account_profile_submit, 0, account_profile_inputs },
	{ "GET", "/account/profile/email", account_email_form, 0, NULL },
	{ "POST", "/account/profile/email", account_email_submit, 0, account_email_inputs },
	/* the confirmation link may be opened in any browser, logged in or not */
	{ "GET", "/account/email/*", account_email_confirm_form, MM_PUBLIC, NULL },
	{ "POST", "/account/email/*", account_email_confirm_submit, MM_PUBLIC, NULL },
	{ "GET", "/account/users/", account_users_list, 0, account_users_list_inputs },
	{ "GET", "/account/users/new", account_user_new_form, 0, NULL },
	{ "POST", "/account/users/new", account_user_new_submit, 0, account_user_inputs },
	{ "GET", "/account/users/*", account_user_form, 0, account_user_saved_inputs },
	{ "POST", "/account/users/*", account_user_submit, 0, account_user_inputs },
	{ "POST", "/account/users/*/disable", account_user_disable, 0, NULL },
	{ "POST", "/account/users/*/enable", account_user_enable, 0, NULL },
	{ "POST", "/account/users/*/welcome", account_user_resend, 0, NULL },
	{ "GET", "/account/chat", account_chat_list, 0, account_chat_list_inputs },
	{ "POST", "/account/chat", account_chat_create, 0, account_chat_inputs },
	{ "POST", "/account/chat/*/test", account_chat_test, 0, NULL },
	{ "POST", "/account/chat/*/disable", account_chat_disable, 0, NULL },
	{ "POST", "/account/chat/*/enable", account_chat_enable, 0, NULL },
	{ "GET", "/account/chat/*/delete", account_chat_delete_form, 0, NULL },
	{ "POST", "/account/chat/*/delete", account_chat_delete, 0, NULL },
};

static const char *const account_templates[] = {
	"account/overview.cs", "account/password.cs", "auth/mfa_settings.cs", "auth/first_mfa.cs",
	"auth/login.cs", "mail/lockout.cs", "mail/mfa_changed.cs", "mail/password_changed.cs", "mail/mfa_code.cs", "sms/mfa_code.cs",
	"account/profile.cs", "account/email.cs", "account/email_confirm.cs", "account/users.cs",
	"account/user.cs", "mail/user_welcome.cs", "mail/email_confirm.cs",
	"mail/email_change_requested.cs", "mail/email_changed.cs", "mail/userid_changed.cs",
	"account/chat.cs", "account/chat_delete.cs", "chat/test.cs", NULL
};

static const struct mm_app account_app = {
	"account", account_routes, sizeof account_routes / sizeof *account_routes,
	account_templates, NULL
};

int main(int argc, char **argv)
{
	return mm_main(&account_app, argc, argv);
}
