/* The category list editor (CASE-6, staff-editable): names and hints in
 * both languages, whether customers may choose a category, retiring one
 * (its cases keep it) and adding new ones. */
#include "cases.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_action(const struct mm_input *in, const char *v)
{
	return strcmp(v, "save") == 0 || strcmp(v, "add") == 0 ? NULL : "err.format";
}

static const char *v_code(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return "cases.err.code";
	return NULL;
}

static const char *v_flag(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

const struct mm_input cases_staff_categories_inputs[] = {
	{ "action", v_action, MM_IN_REQUIRED, 0, 4 },
	{ "id", cases_v_int, 0, 0, 18 },
	{ "code", v_code, 0, 1, 40 },
	{ "name_ja", cases_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "name_en", cases_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "hint_ja", mm_v_line, 0, 0, 400 },
	{ "hint_en", mm_v_line, 0, 0, 400 },
	{ "selectable", v_flag, 0, 0, 1 },
	{ "retired", v_flag, 0, 0, 1 },
	{ "position", mm_v_digits, 0, 1, 5 },
	MM_INPUT_END
};

static int page(struct mm_req *r, int status, const char *error_key, const char *notice_key)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES);
	char p[48];
	for (int i = 0; i < n; i++) {
#define SETK(field, v) (snprintf(p, sizeof p, "Edit.%d." field, i), mm_set(r, p, v))
		SETK("Code", k[i].code);
		SETK("NameJa", k[i].name_ja);
		SETK("NameEn", k[i].name_en);
		SETK("HintJa", k[i].hint_ja);
		SETK("HintEn", k[i].hint_en);
		SETK("Selectable", k[i].customer_selectable ? "1" : "0");
		SETK("Retired", k[i].retired ? "1" : "0");
#undef SETK
		snprintf(p, sizeof p, "Edit.%d.Id", i);
		mm_set_int(r, p, k[i].id);
		snprintf(p, sizeof p, "Edit.%d.Position", i);
		mm_set_int(r, p, k[i].position);
	}
	free(k);
	if (n < 0)
		return n;
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (notice_key)
		mm_set(r, "Message.Notice", mm_t(r, notice_key));
	return mm_render(r, status, "staff/cases/categories.cs");
}

int cases_staff_categories(struct mm_req *r)
{
	return page(r, 200, NULL, mm_param(r, "done") ? "cases.staff.categories_saved" : NULL);
}

int cases_staff_categories_submit(struct mm_req *r)
{
	if (r->invalid)
		return page(r, 400, "cases.err.invalid", NULL);
	struct case_category k = { 0 };
	mm_copy_str(k.name_ja, sizeof k.name_ja, mm_param(r, "name_ja"));
	mm_copy_str(k.name_en, sizeof k.name_en, mm_param(r, "name_en"));
	mm_copy_str(k.hint_ja, sizeof k.hint_ja, mm_param(r, "hint_ja"));
	mm_copy_str(k.hint_en, sizeof k.hint_en, mm_param(r, "hint_en"));
	k.customer_selectable = mm_param(r, "selectable") != NULL;
	k.retired = mm_param(r, "retired") != NULL;
	k.position = mm_param(r, "position") ? strtoll(mm_param(r, "position"), NULL, 10) : -1;
	int rc;
	if (strcmp(mm_param(r, "action"), "add") == 0) {
		if (!mm_param(r, "code"))
			return page(r, 400, "cases.err.code", NULL);
		mm_copy_str(k.code, sizeof k.code, mm_param(r, "code"));
		rc = cases_db_category_add(&k, r->now);
		if (rc == MM_DB_DUP)
			return page(r, 409, "cases.err.code_taken", NULL);
	} else {
		if (!mm_param(r, "id"))
			return page(r, 400, "cases.err.invalid", NULL);
		k.id = strtoll(mm_param(r, "id"), NULL, 10);
		rc = cases_db_category_save(&k);
		if (rc == 0)
			return 404;
	}
	if (rc < 0)
		return rc;
	return mm_redirect(r, "/staff/cases/categories?done=1");
}
