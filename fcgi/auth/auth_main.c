#include "auth.h"
#include "mm_template.h"
#include <string.h>


static const char *six_digits(const struct mm_input *in, const char *v)
{
	size_t n = 0;
	while (v[n] >= '0' && v[n] <= '9')
		n++;
	return n == 6 && v[6] == '\0' ? NULL : "mfa.code_format";
}

static const struct mm_input login_form_inputs[] = {
	{ "next", mm_v_local_path, 0, 0, 0 },
	{ "bye", mm_v_digits, 0, 0, 1 },
	{ "reset", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input login_submit_inputs[] = {
	{ "user_id", mm_v_line, MM_IN_REQUIRED | MM_IN_TRIM, 0, 254 },
	{ "password", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const struct mm_input lang_inputs[] = {
	{ "set", mm_v_lang, MM_IN_REQUIRED, 0, 2 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const struct mm_input new_password_inputs[] = {
	{ "password", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	{ "password_confirm", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	MM_INPUT_END
};

static const struct mm_input user_id_inputs[] = {
	{ "login_id", mm_v_login_id, MM_IN_REQUIRED, 0, 40 },
	MM_INPUT_END
};

static const struct mm_input mfa_choice_inputs[] = {
	{ "method", auth_v_mfa_method, MM_IN_REQUIRED, 0, 5 },
	{ "mobile", mm_v_digits, 0, 10, 11 },
	{ "confirm_none", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input mfa_form_inputs[] = {
	{ "next", mm_v_local_path, 0, 0, 0 },
	{ "sent", mm_v_digits, 0, 0, 1 },
	{ "held", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input stepup_form_inputs[] = {
	{ "next", mm_v_local_path, 0, 0, 0 },
	{ "sent", mm_v_digits, 0, 0, 1 },
	{ "again", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input stepup_submit_inputs[] = {
	{ "password", mm_v_password, MM_IN_SECRET, 0, 128 },
	{ "code", six_digits, MM_IN_SECRET | MM_IN_HALFWIDTH, 0, 7 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const struct mm_input stepup_send_inputs[] = {
	{ "next", mm_v_local_path, 0, 0, 0 },
	{ "again", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input mfa_submit_inputs[] = {
	{ "code", six_digits, MM_IN_REQUIRED | MM_IN_SECRET | MM_IN_HALFWIDTH, 0, 7 },
	{ "trust", mm_v_digits, 0, 0, 1 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const struct mm_input totp_submit_inputs[] = {
	{ "code", six_digits, MM_IN_REQUIRED | MM_IN_SECRET | MM_IN_HALFWIDTH, 0, 7 },
	MM_INPUT_END
};

static const struct mm_input sms_form_inputs[] = {
	{ "sent", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input reset_inputs[] = {
	{ "user_id", mm_v_line, MM_IN_REQUIRED | MM_IN_TRIM, 0, 40 },
	{ "email", mm_v_email, MM_IN_REQUIRED | MM_IN_TRIM, 0, 254 },
	MM_INPUT_END
};

static const struct mm_route auth_routes[] = {
	{ "GET", "/auth/login", auth_login_form, MM_PUBLIC, login_form_inputs },
	{ "POST", "/auth/login", auth_login_submit, MM_PUBLIC, login_submit_inputs },
	{ "GET", "/auth/lang", auth_lang_switch, MM_PUBLIC, lang_inputs },
	{ "GET", "/auth/logout", auth_logout_confirm, MM_PARTIAL, NULL },
	{ "POST", "/auth/logout", auth_logout_submit, MM_PARTIAL, NULL },
	{ "GET", "/auth/first", auth_first_next, MM_PARTIAL, NULL },
	{ "GET", "/auth/first/password", auth_first_password_form, MM_PARTIAL, NULL },
	{ "POST", "/auth/first/password", auth_first_password_submit, MM_PARTIAL, new_password_inputs },
	{ "GET", "/auth/first/user-id", auth_first_user_id_form, MM_PARTIAL, NULL },
	{ "POST", "/auth/first/user-id", auth_first_user_id_submit, MM_PARTIAL, user_id_inputs },
	{ "GET", "/auth/first/mfa", auth_first_mfa_form, MM_PARTIAL, NULL },
	{ "POST", "/auth/first/mfa", auth_first_mfa_submit, MM_PARTIAL, mfa_choice_inputs },
	{ "GET", "/auth/mfa", auth_mfa_form, MM_PARTIAL, mfa_form_inputs },
	{ "POST", "/auth/mfa", auth_mfa_submit, MM_PARTIAL, mfa_submit_inputs },
	{ "POST", "/auth/mfa/resend", auth_mfa_resend, MM_PARTIAL, NULL },
	{ "GET", "/auth/mfa/sms", auth_sms_verify_form, MM_PARTIAL, sms_form_inputs },
	{ "POST", "/auth/mfa/sms", auth_sms_verify_submit, MM_PARTIAL, totp_submit_inputs },
	{ "POST", "/auth/mfa/sms/resend", auth_sms_verify_resend, MM_PARTIAL, NULL },
	{ "GET", "/auth/mfa/totp", auth_totp_form, MM_PARTIAL, NULL },
	{ "POST", "/auth/mfa/totp", auth_totp_submit, MM_PARTIAL, totp_submit_inputs },
	{ "GET", "/auth/stepup", auth_stepup_form, 0, stepup_form_inputs },
	{ "POST", "/auth/stepup", auth_stepup_submit, 0, stepup_submit_inputs },
	{ "POST", "/auth/stepup/send", auth_stepup_send, 0, stepup_send_inputs },
	{ "GET", "/auth/reset", auth_reset_form, MM_PUBLIC, NULL },
	{ "POST", "/auth/reset", auth_reset_submit, MM_PUBLIC, reset_inputs },
	{ "GET", "/auth/reset/", auth_reset_link_form, MM_PUBLIC | MM_PREFIX, NULL },
	{ "POST", "/auth/reset/", auth_reset_link_submit, MM_PUBLIC | MM_PREFIX, new_password_inputs },
};

static const char *const auth_templates[] = {
	"auth/login.cs", "auth/logout.cs", "auth/first_password.cs", "auth/first_user_id.cs",
	"auth/first_mfa.cs", "auth/mfa.cs", "auth/totp.cs", "auth/reset.cs",
	"auth/reset_link.cs", "auth/mfa_settings.cs", "auth/mfa_sms.cs",
	"auth/stepup.cs", "mail/lockout.cs", "mail/reset_cooldown.cs", "mail/mfa_changed.cs", "mail/mfa_code.cs", "mail/password_reset.cs",
	"mail/password_changed.cs",
	"sms/mfa_code.cs", NULL
};

static const struct mm_app auth_app = {
	"auth", auth_routes, sizeof auth_routes / sizeof *auth_routes, auth_templates, NULL
};

int main(int argc, char **argv)
{
	return mm_main(&auth_app, argc, argv);
}
