#include "auth.h"
#include "mm_template.h"

static const struct mm_input login_form_inputs[] = {
	{ "next", mm_v_local_path, 0, 0, 0 },
	{ "bye", mm_v_digits, 0, 0, 1 },
	MM_INPUT_END
};

static const struct mm_input login_submit_inputs[] = {
	{ "user_id", mm_v_line, MM_IN_REQUIRED, 0, 254 },
	{ "password", mm_v_password, MM_IN_REQUIRED | MM_IN_SECRET, 0, 128 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const char *lang_value(const struct mm_input *in, const char *v)
{
	return mm_lang_supported(v) ? NULL : "err.format";
}

static const struct mm_input lang_inputs[] = {
	{ "set", lang_value, MM_IN_REQUIRED, 0, 2 },
	{ "next", mm_v_local_path, 0, 0, 0 },
	MM_INPUT_END
};

static const struct mm_route auth_routes[] = {
	{ "GET", "/auth/login", auth_login_form, MM_PUBLIC, login_form_inputs },
	{ "POST", "/auth/login", auth_login_submit, MM_PUBLIC, login_submit_inputs },
	{ "GET", "/auth/lang", auth_lang_switch, MM_PUBLIC, lang_inputs },
	{ "GET", "/auth/logout", auth_logout_confirm, 0, NULL },
	{ "POST", "/auth/logout", auth_logout_submit, 0, NULL },
};

static const char *const auth_templates[] = {
	"auth/login.cs", "auth/logout.cs", NULL
};

static const struct mm_app auth_app = {
	"auth", auth_routes, sizeof auth_routes / sizeof *auth_routes, auth_templates
};

int main(int argc, char **argv)
{
	return mm_main(&auth_app, argc, argv);
}
