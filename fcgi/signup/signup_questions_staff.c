/* /staff/signup/questions: the additional questions of the wizard (SIGNUP-4)
 * as analysts edit them. Questions are never deleted, only retired: stored
 * answers keep pointing at them. One POST endpoint takes an op:
 * add | up | down | require | unrequire | retire | restore.
 *
 * A text question may be required only when a yes/no question was answered
 * yes; retiring that yes/no question while such a question is active, or
 * restoring the text question while its yes/no question is retired, would
 * leave a condition nobody can answer, so both are refused. "require" on
 * such a question makes it required whatever the answer; "unrequire" gives
 * it back its condition. */
#include "signup_staff_db.h"
#include "signup_wizard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX 1000	/* application_answers.answer */
#define TEXT_DEFAULT_MAX 100

enum { Q_NOT_FOUND = 1, Q_REFUSED = 2 };

static const char *const ops[] = {
	"add", "up", "down", "require", "unrequire", "retire", "restore", NULL
};

static const char *v_op(const struct mm_input *in, const char *v)
{
	for (const char *const *o = ops; *o; o++)
		if (strcmp(*o, v) == 0)
			return NULL;
	return "err.format";
}

static const char *v_kind(const struct mm_input *in, const char *v)
{
	return strcmp(v, "yesno") == 0 || strcmp(v, "text") == 0 ? NULL : "err.format";
}

static const char *v_label(const struct mm_input *in, const char *v)
{
	const char *err = mm_v_line(in, v);
	size_t len;
	mm_trim_span(v, &len);
	return err ? err : len == 0 ? "err.required" : NULL;
}

const struct mm_input signup_staff_questions_inputs[] = {
	{ "op", v_op, MM_IN_REQUIRED, 0, 9 },
	{ "id", mm_v_digits, 0, 1, 18 },
	{ "kind", v_kind, 0, 0, 5 },
	{ "label_ja", v_label, 0, 0, 200 },
	{ "label_en", v_label, 0, 0, 200 },
	{ "required", mm_v_one, 0, 0, 1 },
	{ "required_if_yes", mm_v_digits, 0, 1, 18 },
	{ "max_length", mm_v_digits, 0, 1, 4 },
	MM_INPUT_END
};

static void fill_questions(struct mm_req *r, const struct staff_question_row *rows, int n)
{
	char p[48];
	for (int i = 0; i < n; i++) {
		const struct signup_question *q = &rows[i].q;
#define SET(field, v) (snprintf(p, sizeof p, "Questions.%d." field, i), mm_set(r, p, v))
#define SET_INT(field, v) (snprintf(p, sizeof p, "Questions.%d." field, i), mm_set_int(r, p, v))
		SET_INT("Id", q->id);
		SET_INT("Position", q->position);
		SET("Kind", q->kind);
		SET("LabelJa", q->label_ja);
		SET("LabelEn", q->label_en);
		SET_INT("Required", q->required);
		/* the page tests these for presence: SQL NULL stays empty */
		SET("RequiredIfYes", "");
		if (q->required_if_yes)
			SET_INT("RequiredIfYes", q->required_if_yes);
		SET("MaxLength", "");
		if (q->max_length)
			SET_INT("MaxLength", q->max_length);
		SET_INT("Retired", q->retired);
		SET("ConditionJa", rows[i].condition_ja);
		SET("ConditionEn", rows[i].condition_en);
#undef SET
#undef SET_INT
	}
}

static int show_questions(struct mm_req *r)
{
	struct staff_question_row *rows = calloc(SIGNUP_MAX_QUESTION_ID, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = staff_db_questions(rows, SIGNUP_MAX_QUESTION_ID);
	if (n >= 0)
		fill_questions(r, rows, n);
	free(rows);
	if (n < 0)
		return n;
	return mm_render(r, 200, "staff/signup/questions.cs");
}

int signup_staff_questions(struct mm_req *r)
{
	return show_questions(r);
}

/* Copy of a label without surrounding blanks. */
static void label_trim(char *dst, size_t size, const char *v)
{
	size_t n;
	const char *start = mm_trim_span(v, &n);
	snprintf(dst, size, "%.*s", (int)n, start);
}

/* Sets Errors.<name> to the translated key; returns 1 so callers can count. */
static int field_error(struct mm_req *r, const char *name, const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "Errors.%s", name);
	mm_set(r, path, mm_t(r, key));
	return 1;
}

static int question_add(struct mm_req *r)
{
	const char *kind = mm_param(r, "kind");
	const char *cond = mm_param(r, "required_if_yes");
	const char *max = mm_param(r, "max_length");
	int required = mm_param(r, "required") != NULL, bad = r->invalid;
	if (!mm_param_error(r, "kind") && !kind)
		bad += field_error(r, "kind", "err.required");
	if (!mm_param_error(r, "label_ja") && !mm_param(r, "label_ja"))
		bad += field_error(r, "label_ja", "err.required");
	if (!mm_param_error(r, "label_en") && !mm_param(r, "label_en"))
		bad += field_error(r, "label_en", "err.required");
	int yesno = kind && strcmp(kind, "yesno") == 0;
	long long max_length = yesno ? 1 : max ? strtoll(max, NULL, 10) : TEXT_DEFAULT_MAX;
	if (!yesno && max && (max_length < 1 || max_length > ANSWER_MAX))
		bad += field_error(r, "max_length", "staff_signup.q_max_length_invalid");
	long long cond_id = cond ? strtoll(cond, NULL, 10) : 0;
	if (cond_id) {
		struct staff_question c;
		int rc = staff_db_question(cond_id, &c);
		if (rc < 0)
			return rc;
		if (yesno)
			bad += field_error(r, "required_if_yes", "staff_signup.q_condition_text_only");
		else if (required)
			bad += field_error(r, "required_if_yes", "staff_signup.q_condition_both");
		else if (rc == 0 || !c.yesno || c.retired)
			bad += field_error(r, "required_if_yes", "staff_signup.q_condition_invalid");
	}
	if (bad)
		return show_questions(r);
	char ja[201 * 4], en[201 * 4];
	label_trim(ja, sizeof ja, mm_param(r, "label_ja"));
	label_trim(en, sizeof en, mm_param(r, "label_en"));
	int rc = staff_db_question_add(kind, ja, en, required, cond_id, max_length, r->now);
	if (rc == 1) {
		mm_set(r, "Edit.Error", mm_t(r, "staff_signup.questions_full"));
		return show_questions(r);
	}
	if (rc == 0)
		rc = mm_event(r, "signup.question_add", &r->user, NULL);
	return rc < 0 ? rc : mm_redirect(r, "/staff/signup/questions");
}

struct question_op {
	struct mm_req *r;
	const char *op;
	long long id;
	const char *refusal;	/* i18n key when refused */
};

static int question_op_tx(void *ctx)
{
	struct question_op *o = ctx;
	struct staff_question q;
	int rc = staff_db_question(o->id, &q);
	if (rc <= 0)
		return rc < 0 ? rc : Q_NOT_FOUND;
	const char *op = o->op;
	if (strcmp(op, "up") == 0 || strcmp(op, "down") == 0) {
		if (q.retired) {
			o->refusal = "staff_signup.q_move_retired";
			return Q_REFUSED;
		}
		rc = staff_db_question_move(&q, op[0] == 'u' ? -1 : 1);
	} else if (strcmp(op, "require") == 0 || strcmp(op, "unrequire") == 0) {
		rc = staff_db_question_set(q.id, "required", op[0] == 'r');
	} else if (strcmp(op, "retire") == 0) {
		long long n = 0;
		if (q.yesno && (rc = staff_db_question_dependents(q.id, &n)) < 0)
			return rc;
		if (n > 0) {
			o->refusal = "staff_signup.q_has_dependents";
			return Q_REFUSED;
		}
		rc = staff_db_question_set(q.id, "retired", 1);
	} else {	/* restore */
		struct staff_question c;
		if (q.required_if_yes && (rc = staff_db_question(q.required_if_yes, &c)) < 0)
			return rc;
		if (q.required_if_yes && (rc == 0 || c.retired)) {
			o->refusal = "staff_signup.q_condition_retired";
			return Q_REFUSED;
		}
		rc = staff_db_question_set(q.id, "retired", 0);
	}
	if (rc < 0)
		return rc;
	char event[40];
	snprintf(event, sizeof event, "signup.question_%s", op);
	return mm_event(o->r, event, &o->r->user, NULL);
}

int signup_staff_questions_submit(struct mm_req *r)
{
	const char *op = mm_param(r, "op");
	if (!op)
		return 400;
	if (strcmp(op, "add") == 0)
		return question_add(r);
	const char *id = mm_param(r, "id");
	if (!id)
		return 400;
	struct question_op o = { r, op, strtoll(id, NULL, 10), NULL };
	int rc = mm_db_transaction(question_op_tx, &o);
	if (rc < 0)
		return rc;
	if (rc == Q_NOT_FOUND)
		return 404;
	if (rc == Q_REFUSED) {
		mm_set(r, "Edit.Error", mm_t(r, o.refusal));
		return show_questions(r);
	}
	return mm_redirect(r, "/staff/signup/questions");
}
