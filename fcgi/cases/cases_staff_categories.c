/* The category list of inquiries (CASE-6), edited by analysts: names and
 * hints in both languages, order, whether customers may choose it, retire
 * and restore. Codes never change and categories are never deleted, so a
 * case always shows the category it was filed under. */
#include "cases_staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_code(const struct mm_input *in, const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return "cases_staff.err.code";
	return strlen(v) > 40 ? "err.too_long" : NULL;
}

static const char *v_one(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

const struct mm_input cases_staff_categories_inputs[] = {
	{ "saved", v_one, 0, 0, 1 },
	MM_INPUT_END
};

const struct mm_input cases_staff_category_inputs[] = {
	{ "id", cases_v_int, 0, 0, 18 },
	{ "code", v_code, 0, 1, 40 },
	{ "position", mm_v_digits, MM_IN_REQUIRED, 1, 5 },
	{ "name_ja", mm_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "name_en", mm_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "hint_ja", mm_v_line, 0, 0, 400 },
	{ "hint_en", mm_v_line, 0, 0, 400 },
	{ "customer_selectable", v_one, 0, 0, 1 },
	{ "retired", v_one, 0, 0, 1 },
	MM_INPUT_END
};

static void fill_category(struct mm_req *r, int i, const struct case_category *k)
{
	char p[48];
#define SETK(field, v) (snprintf(p, sizeof p, "Edit.%d." field, i), mm_set(r, p, v))
	SETK("Code", k->code);
	SETK("NameJa", k->name_ja);
	SETK("NameEn", k->name_en);
	SETK("HintJa", k->hint_ja);
	SETK("HintEn", k->hint_en);
	SETK("Selectable", k->customer_selectable ? "1" : "0");
	SETK("Retired", k->retired ? "1" : "0");
#undef SETK
	snprintf(p, sizeof p, "Edit.%d.Id", i);
	mm_set_int(r, p, k->id);
	snprintf(p, sizeof p, "Edit.%d.Position", i);
	mm_set_int(r, p, k->position);
}

static int render(struct mm_req *r, int status, const char *error_key, const char *notice_key)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES);
	for (int i = 0; i < n; i++)
		fill_category(r, i, &k[i]);
	free(k);
	if (n < 0)
		return n;
	mm_set_int(r, "Categories.Count", n);
	mm_set_int(r, "Categories.Max", CASES_MAX_CATEGORIES);
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (notice_key)
		mm_set(r, "Message.Notice", mm_t(r, notice_key));
	return mm_render(r, status, "staff/cases/categories.cs");
}

int cases_staff_categories(struct mm_req *r)
{
	return render(r, 200, NULL, mm_param(r, "saved") ? "cases_staff.done.category" : NULL);
}

/* The list is read whole into CASES_MAX_CATEGORIES slots: beyond that a new
 * category would not show, so it is refused. 1 full, 0 not, < 0 error. */
static int list_full(void)
{
	struct case_category *k = calloc(CASES_MAX_CATEGORIES + 1, sizeof *k);
	if (!k)
		return MM_DB_ERR;
	int n = cases_db_categories(k, CASES_MAX_CATEGORIES + 1);
	free(k);
	return n < 0 ? n : n >= CASES_MAX_CATEGORIES;
}

int cases_staff_category_save(struct mm_req *r)
{
	if (r->invalid)
		return render(r, 400, "cases.err.invalid", NULL);
	const char *id = mm_param(r, "id"), *code = mm_param(r, "code");
	struct category_edit e = {
		.id = id ? strtoll(id, NULL, 10) : 0, .code = code,
		.name_ja = mm_param(r, "name_ja"), .name_en = mm_param(r, "name_en"),
		.hint_ja = mm_param(r, "hint_ja") ? mm_param(r, "hint_ja") : "",
		.hint_en = mm_param(r, "hint_en") ? mm_param(r, "hint_en") : "",
		.position = strtoll(mm_param(r, "position"), NULL, 10),
		.customer_selectable = mm_param(r, "customer_selectable") != NULL,
		.retired = mm_param(r, "retired") != NULL, .now = r->now };
	if (e.id == 0 && (!code || !*code)) {
		mm_set(r, "Errors.code", mm_t(r, "err.required"));
		return render(r, 400, "cases.err.invalid", NULL);
	}
	int rc = e.id == 0 ? list_full() : 0;
	if (rc < 0)
		return rc;
	if (rc == 1)
		return render(r, 409, "cases_staff.err.categories_full", NULL);
	rc = cases_staff_db_category_save(&e);
	if (rc == MM_DB_DUP) {
		mm_set(r, "Errors.code", mm_t(r, "cases_staff.err.code_taken"));
		return render(r, 409, "cases.err.invalid", NULL);
	}
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 404;
	return mm_redirect(r, "/staff/cases/categories?saved=1");
}
