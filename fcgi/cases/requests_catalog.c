/* The work request catalog editor (CASE-2, staff): items with their names,
 * descriptions, cost, order and retirement, and each item's form fields
 * (kind, labels, required, limits, options). Adding an item or a field
 * needs no change of the program. Every id, cost and field name a POST
 * names is checked against the catalog: a tampered one is refused with a
 * message and nothing is stored. */
#include "requests.h"
#include "cases.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_action(const struct mm_input *in, const char *v)
{
	return strcmp(v, "save") == 0 || strcmp(v, "add") == 0 ? NULL : "err.format";
}

static const char *v_flag(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 ? NULL : "err.format";
}

static const char *v_kind(const struct mm_input *in, const char *v)
{
	return rq_kind_parse(v) >= 0 ? NULL : "requests.err.def_kind";
}

static const char *v_cost(const struct mm_input *in, const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 6 || strspn(v, "0123456789") != n || strtol(v, NULL, 10) > RQ_COST_MAX)
		return "requests.err.cost";
	return NULL;
}

const struct mm_input rq_editor_done_inputs[] = {
	{ "done", v_flag, 0, 0, 1 },
	MM_INPUT_END
};

const struct mm_input rq_editor_items_inputs[] = {
	{ "action", v_action, MM_IN_REQUIRED, 0, 4 },
	{ "id", cases_v_int, 0, 0, 18 },
	{ "code", rq_v_code, 0, 1, 40 },
	{ "name_ja", mm_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "name_en", mm_v_line, MM_IN_REQUIRED, 1, 100 },
	{ "description_ja", cases_v_text, 0, 0, RQ_DESCRIPTION_MAX },
	{ "description_en", cases_v_text, 0, 0, RQ_DESCRIPTION_MAX },
	{ "cost", v_cost, MM_IN_REQUIRED, 0, 6 },
	{ "position", mm_v_digits, 0, 1, 5 },
	{ "retired", v_flag, 0, 0, 1 },
	MM_INPUT_END
};

const struct mm_input rq_editor_fields_inputs[] = {
	{ "action", v_action, MM_IN_REQUIRED, 0, 4 },
	{ "id", cases_v_int, 0, 0, 18 },
	{ "name", rq_v_code, MM_IN_REQUIRED, 1, RQ_NAME_MAX },
	{ "kind", v_kind, MM_IN_REQUIRED, 0, 10 },
	{ "label_ja", mm_v_line, MM_IN_REQUIRED, 1, RQ_LABEL_MAX },
	{ "label_en", mm_v_line, MM_IN_REQUIRED, 1, RQ_LABEL_MAX },
	{ "required", v_flag, 0, 0, 1 },
	{ "max_length", mm_v_digits, 0, 1, 5 },
	{ "min", rq_v_int, 0, 1, 16 },
	{ "max", rq_v_int, 0, 1, 16 },
	{ "not_before", rq_v_code, 0, 1, RQ_NAME_MAX },
	{ "options", cases_v_text, 0, 0, RQ_OPTIONS_TEXT_MAX },
	{ "position", mm_v_digits, 0, 1, 5 },
	{ "retired", v_flag, 0, 0, 1 },
	MM_INPUT_END
};

/* --- items ------------------------------------------------------------- */

static int items_page(struct mm_req *r, int status, const char *error_key)
{
	struct rq_item *items = calloc(RQ_MAX_ITEMS, sizeof *items);
	if (!items)
		return MM_DB_ERR;
	int n = rq_db_items(items, RQ_MAX_ITEMS);
	char p[48];
	for (int i = 0; i < n; i++) {
#define SETI(field, v) (snprintf(p, sizeof p, "Edit.%d." field, i), mm_set(r, p, v))
		SETI("Code", items[i].code);
		SETI("NameJa", items[i].name_ja);
		SETI("NameEn", items[i].name_en);
		SETI("DescriptionJa", items[i].description_ja);
		SETI("DescriptionEn", items[i].description_en);
		SETI("Retired", items[i].retired ? "1" : "0");
#undef SETI
		snprintf(p, sizeof p, "Edit.%d.Id", i);
		mm_set_int(r, p, items[i].id);
		snprintf(p, sizeof p, "Edit.%d.Cost", i);
		mm_set_int(r, p, items[i].cost);
		snprintf(p, sizeof p, "Edit.%d.Position", i);
		mm_set_int(r, p, items[i].position);
	}
	free(items);
	if (n < 0)
		return n;
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	else if (mm_param(r, "done"))
		mm_set(r, "Message.Notice", mm_t(r, "requests.staff.saved"));
	return mm_render(r, status, "staff/cases/request_catalog.cs");
}

int rq_editor_items(struct mm_req *r)
{
	return items_page(r, 200, NULL);
}

static void text_param(struct mm_req *r, const char *name, char *dst, size_t size)
{
	struct mm_buf b = { 0 };
	cases_text_store(&b, mm_param(r, name) ? mm_param(r, name) : "");
	mm_copy_str(dst, size, b.oom ? "" : mm_buf_str(&b));
	mm_buf_free(&b);
}

int rq_editor_items_post(struct mm_req *r)
{
	if (r->invalid)
		return items_page(r, 400, mm_param_error(r, "cost") ? "requests.err.cost" :
				  "cases.err.invalid");
	struct rq_item *it = calloc(1, sizeof *it);
	if (!it)
		return MM_DB_ERR;
	mm_copy_str(it->name_ja, sizeof it->name_ja, mm_param(r, "name_ja"));
	mm_copy_str(it->name_en, sizeof it->name_en, mm_param(r, "name_en"));
	text_param(r, "description_ja", it->description_ja, sizeof it->description_ja);
	text_param(r, "description_en", it->description_en, sizeof it->description_en);
	it->cost = strtoll(mm_param(r, "cost"), NULL, 10);
	it->retired = mm_param(r, "retired") != NULL;
	int rc = 0;
	const char *why = NULL;
	if (strcmp(mm_param(r, "action"), "add") == 0) {
		if (!mm_param(r, "code")) {
			why = "requests.err.code";
		} else {
			mm_copy_str(it->code, sizeof it->code, mm_param(r, "code"));
			rc = rq_db_item_add(it, r->now);
			if (rc == MM_DB_DUP)
				why = "requests.err.code_taken";
		}
	} else {
		struct rq_item *old = calloc(1, sizeof *old);
		rc = !old ? MM_DB_ERR : mm_param(r, "id") ?
		     rq_db_item_by_id(strtoll(mm_param(r, "id"), NULL, 10), old) : 0;
		if (rc == 0) {
			why = "requests.err.tampered_item";
		} else if (rc > 0) {
			it->id = old->id;
			it->position = mm_param(r, "position") ?
				       strtoll(mm_param(r, "position"), NULL, 10) : old->position;
			rc = rq_db_item_save(it, r->now);
			if (rc == 0)
				why = "requests.err.tampered_item";
		}
		free(old);
	}
	free(it);
	if (why)
		return items_page(r, 400, why);
	if (rc < 0)
		return rc;
	return mm_redirect(r, "/staff/cases/requests/catalog?done=1");
}

/* --- an item's fields -------------------------------------------------- */

static int fields_page(struct mm_req *r, int status, const char *error_key)
{
	const char *code = r->path_args[0];
	if (!rq_name_ok(code))
		return 404;
	struct rq_item *it = calloc(1, sizeof *it);
	struct rq_item_field *f = calloc(RQ_MAX_FIELDS, sizeof *f);
	int rc = !it || !f ? MM_DB_ERR : rq_db_item_by_code(code, it);
	int n = rc > 0 ? rq_db_fields(it->id, f, RQ_MAX_FIELDS) : 0;
	if (rc > 0 && n < 0)
		rc = n;
	char p[48];
	if (rc > 0) {
		mm_set(r, "Item.Code", it->code);
		mm_set(r, "Item.NameJa", it->name_ja);
		mm_set(r, "Item.NameEn", it->name_en);
		mm_set(r, "Item.Retired", it->retired ? "1" : "0");
	}
	for (int i = 0; rc > 0 && i < n; i++) {
#define SETF(field, v) (snprintf(p, sizeof p, "Fields.%d." field, i), mm_set(r, p, v))
#define SETN(field, v) (snprintf(p, sizeof p, "Fields.%d." field, i), mm_set_int(r, p, v))
		SETF("Name", f[i].name);
		SETF("Kind", rq_kind_name(f[i].def.kind));
		SETF("LabelJa", f[i].label_ja);
		SETF("LabelEn", f[i].label_en);
		SETF("Required", f[i].def.required ? "1" : "0");
		SETF("Retired", f[i].retired ? "1" : "0");
		SETF("Options", f[i].options);
		SETF("NotBefore", f[i].not_before);
		SETN("Id", f[i].id);
		SETN("Position", f[i].position);
		if (f[i].def.max_length)
			SETN("MaxLength", f[i].def.max_length);
		if (f[i].def.has_min)
			SETN("Min", f[i].def.min_value);
		if (f[i].def.has_max)
			SETN("Max", f[i].def.max_value);
#undef SETF
#undef SETN
	}
	free(it);
	free(f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	for (int k = 0; k < RQ_NKINDS; k++) {
		snprintf(p, sizeof p, "Kinds.%d", k);
		mm_set(r, p, rq_kind_name(k));
	}
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	else if (mm_param(r, "done"))
		mm_set(r, "Message.Notice", mm_t(r, "requests.staff.saved"));
	return mm_render(r, status, "staff/cases/request_fields.cs");
}

int rq_editor_item(struct mm_req *r)
{
	return fields_page(r, 200, NULL);
}

/* The field as the form describes it, among the item's fields fields[n].
 * NULL or why it cannot be saved. */
static const char *read_field(struct mm_req *r, struct rq_item_field *f,
			      const struct rq_item_field *fields, int n)
{
	mm_copy_str(f->name, sizeof f->name, mm_param(r, "name"));
	mm_copy_str(f->label_ja, sizeof f->label_ja, mm_param(r, "label_ja"));
	mm_copy_str(f->label_en, sizeof f->label_en, mm_param(r, "label_en"));
	text_param(r, "options", f->options, sizeof f->options);
	struct rq_field *d = &f->def;
	d->kind = rq_kind_parse(mm_param(r, "kind"));
	d->required = mm_param(r, "required") != NULL;
	d->max_length = mm_param(r, "max_length") ? strtoll(mm_param(r, "max_length"), NULL, 10) : 0;
	d->has_min = mm_param(r, "min") != NULL;
	d->min_value = d->has_min ? strtoll(mm_param(r, "min"), NULL, 10) : 0;
	d->has_max = mm_param(r, "max") != NULL;
	d->max_value = d->has_max ? strtoll(mm_param(r, "max"), NULL, 10) : 0;
	d->options = f->options;
	/* limits that do not belong to the kind are dropped, not refused: the
	 * editor shows every limit box for every kind */
	if (d->kind != RQ_TEXT && d->kind != RQ_LONGTEXT)
		d->max_length = 0;
	if (d->kind != RQ_NUMBER && d->kind != RQ_DATE)
		d->has_min = d->has_max = 0;
	if (d->kind != RQ_CHOICE)
		f->options[0] = '\0';
	mm_copy_str(f->not_before, sizeof f->not_before,
		    d->kind == RQ_DATE && mm_param(r, "not_before") ? mm_param(r, "not_before") : "");
	f->retired = mm_param(r, "retired") != NULL;
	int other_kind = -1;
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i].name, f->not_before) == 0)
			other_kind = fields[i].def.kind;
	const char *why = rq_field_def_check(d);
	return why ? why : rq_not_before_def_check(d->kind, f->name, f->not_before, other_kind);
}

int rq_editor_item_post(struct mm_req *r)
{
	const char *code = r->path_args[0];
	if (!rq_name_ok(code))
		return 404;
	struct rq_item *it = calloc(1, sizeof *it);
	struct rq_item_field *f = calloc(1, sizeof *f);
	struct rq_item_field *old = calloc(RQ_MAX_FIELDS, sizeof *old);
	int rc = !it || !f || !old ? MM_DB_ERR : rq_db_item_by_code(code, it);
	const char *why = NULL;
	int n = rc > 0 ? rq_db_fields(it->id, old, RQ_MAX_FIELDS) : 0;
	int found = rc > 0;
	if (rc > 0 && n < 0)
		rc = n;
	if (rc > 0 && r->invalid)
		why = mm_param_error(r, "name") ? "requests.err.field_name" :
		      mm_param_error(r, "kind") ? "requests.err.def_kind" :
		      mm_param_error(r, "not_before") ? "requests.err.def_not_before" :
		      "cases.err.invalid";
	if (rc > 0 && !why)
		why = read_field(r, f, old, n);
	if (rc > 0 && !why) {
		f->item_id = it->id;
		if (strcmp(mm_param(r, "action"), "add") == 0) {
			rc = rq_db_field_add(f);
			if (rc == MM_DB_DUP)
				why = "requests.err.field_taken";
		} else {
			/* the field must be this item's, under the name it has */
			long long id = mm_param(r, "id") ? strtoll(mm_param(r, "id"), NULL, 10) : 0;
			int at = -1;
			for (int i = 0; i < n; i++)
				if (old[i].id == id)
					at = i;
			if (at < 0 || strcmp(old[at].name, f->name) != 0) {
				why = "requests.err.tampered_field";
			} else {
				f->id = id;
				f->position = mm_param(r, "position") ?
					      strtoll(mm_param(r, "position"), NULL, 10) : old[at].position;
				rc = rq_db_field_save(f);
				if (rc == 0)
					why = "requests.err.tampered_field";
			}
		}
	}
	free(it);
	free(f);
	free(old);
	if (!found && rc == 0)
		return 404;
	if (why)
		return fields_page(r, 400, why);
	if (rc < 0)
		return rc;
	char next[128];
	snprintf(next, sizeof next, "/staff/cases/requests/catalog/%s?done=1", code);
	return mm_redirect(r, next);
}
