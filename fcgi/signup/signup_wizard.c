/* signup: the steps ① to ④ of the public application wizard (SIGNUP-1..5).
 *
 * Each POST saves what was typed into the draft before anything else, so
 * that back and forward keep every value, invalid ones included. "next"
 * then checks the step against its input table (the same validators the
 * core ran on the form, applied to the draft) plus the rules spanning
 * fields; a step page is only reachable when the steps before it are valid
 * in the draft. Rows of steps ② and ④ are added and removed on the server,
 * so every button works without script. */
#include "signup_wizard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- validators --- */

static const char *v_postal(const struct mm_input *in, const char *v)
{
	char buf[64];
	if (strlen(v) >= sizeof buf)
		return "signup.err_postal";
	signup_postal_normalise(buf, sizeof buf, v);
	return signup_all_digits(buf, 7, 7) ? NULL : "signup.err_postal";
}

static const char *v_phone(const struct mm_input *in, const char *v)
{
	char buf[64];
	if (strlen(v) >= sizeof buf)
		return "signup.err_phone";
	signup_ascii_digits(buf, sizeof buf, v);
	return signup_all_digits(buf, 10, 11) ? NULL : "signup.err_phone";
}

static const char *v_units(const struct mm_input *in, const char *v)
{
	char buf[32];
	if (strlen(v) >= sizeof buf)
		return "signup.err_units";
	signup_ascii_digits(buf, sizeof buf, v);
	return signup_all_digits(buf, 1, 2) && atoi(buf) >= 1 ? NULL : "signup.err_units";
}

/* A row count: one or two digits; the handler checks the range. */
static const char *v_count(const struct mm_input *in, const char *v)
{
	return signup_all_digits(v, 1, 2) ? NULL : "err.format";
}

/* Answers of step ③: "yes"/"no" or one line of text; each question's own
 * kind and length are checked against its definition. */
static const char *v_answer(const struct mm_input *in, const char *v)
{
	return mm_v_line(in, v);
}

const char *signup_v_action(const struct mm_input *in, const char *v)
{
	static const char *const fixed[] = {
		"next", "back", "add", "same_as_basic", "submit", "confirm", NULL
	};
	for (const char *const *a = fixed; *a; a++)
		if (strcmp(v, *a) == 0)
			return NULL;
	if (strncmp(v, "remove_", 7) == 0 && signup_all_digits(v + 7, 1, 2) && v[7] != '0')
		return NULL;
	return "err.format";
}

/* --- input tables --- */

const struct mm_input signup_basic_inputs[] = {
	{ "action", signup_v_action, SIGNUP_IN_CONTROL, 0, 16 },
	{ "company", mm_v_line, MM_IN_REQUIRED, 0, 100 },
	{ "surname", mm_v_line, MM_IN_REQUIRED, 0, 50 },
	{ "given_name", mm_v_line, MM_IN_REQUIRED, 0, 50 },
	{ "department", mm_v_line, 0, 0, 100 },
	{ "position", mm_v_line, 0, 0, 100 },
	{ "email", mm_v_email, MM_IN_REQUIRED, 0, 254 },
	{ "email_confirm", mm_v_email, MM_IN_REQUIRED, 0, 254 },
	{ "postal_code", v_postal, MM_IN_REQUIRED, 0, 8 },
	{ "prefecture", signup_v_prefecture, MM_IN_REQUIRED, 0, 4 },
	{ "address", mm_v_line, MM_IN_REQUIRED, 0, 200 },
	{ "phone", v_phone, MM_IN_REQUIRED, 0, 11 },
	MM_INPUT_END
};

#define DEST_ROW(n) \
	{ "d" #n "_company", mm_v_line, SIGNUP_IN_ROW, 0, 100 }, \
	{ "d" #n "_surname", mm_v_line, SIGNUP_IN_ROW, 0, 50 }, \
	{ "d" #n "_given_name", mm_v_line, SIGNUP_IN_ROW, 0, 50 }, \
	{ "d" #n "_department", mm_v_line, 0, 0, 100 }, \
	{ "d" #n "_postal_code", v_postal, SIGNUP_IN_ROW, 0, 8 }, \
	{ "d" #n "_prefecture", signup_v_prefecture, SIGNUP_IN_ROW, 0, 4 }, \
	{ "d" #n "_address", mm_v_line, SIGNUP_IN_ROW, 0, 200 }, \
	{ "d" #n "_phone", v_phone, SIGNUP_IN_ROW, 0, 11 }, \
	{ "d" #n "_units", v_units, SIGNUP_IN_ROW, 0, 2 }

const struct mm_input signup_delivery_inputs[] = {
	{ "action", signup_v_action, SIGNUP_IN_CONTROL, 0, 16 },
	{ "rows", v_count, MM_IN_REQUIRED | SIGNUP_IN_CONTROL, 0, 2 },
	DEST_ROW(1), DEST_ROW(2), DEST_ROW(3), DEST_ROW(4), DEST_ROW(5),
	DEST_ROW(6), DEST_ROW(7), DEST_ROW(8), DEST_ROW(9), DEST_ROW(10),
	MM_INPUT_END
};

#define ANSWER(n) { "q_" #n, v_answer, 0, 0, 1000 }
#define ANSWERS10(t) ANSWER(t##0), ANSWER(t##1), ANSWER(t##2), ANSWER(t##3), ANSWER(t##4), \
	ANSWER(t##5), ANSWER(t##6), ANSWER(t##7), ANSWER(t##8), ANSWER(t##9)

/* q_1 .. q_150: ids keep growing as staff add questions over the years */
const struct mm_input signup_questions_inputs[] = {
	{ "action", signup_v_action, SIGNUP_IN_CONTROL, 0, 16 },
	ANSWER(1), ANSWER(2), ANSWER(3), ANSWER(4), ANSWER(5), ANSWER(6), ANSWER(7), ANSWER(8),
	ANSWER(9), ANSWERS10(1), ANSWERS10(2), ANSWERS10(3), ANSWERS10(4), ANSWERS10(5),
	ANSWERS10(6), ANSWERS10(7), ANSWERS10(8), ANSWERS10(9), ANSWERS10(10), ANSWERS10(11),
	ANSWERS10(12), ANSWERS10(13), ANSWERS10(14), ANSWER(150),
	MM_INPUT_END
};

/* the core validates at most MM_MAX_INPUTS inputs of a route */
_Static_assert(sizeof signup_delivery_inputs / sizeof *signup_delivery_inputs <= MM_MAX_INPUTS,
	       "too many step 2 inputs");
_Static_assert(sizeof signup_questions_inputs / sizeof *signup_questions_inputs <= MM_MAX_INPUTS,
	       "too many step 3 inputs");

#define USER_ROW(n) \
	{ "u" #n "_surname", mm_v_line, SIGNUP_IN_ROW, 0, 50 }, \
	{ "u" #n "_given_name", mm_v_line, SIGNUP_IN_ROW, 0, 50 }, \
	{ "u" #n "_email", mm_v_email, SIGNUP_IN_ROW, 0, 254 }, \
	{ "u" #n "_email_confirm", mm_v_email, SIGNUP_IN_ROW, 0, 254 }, \
	{ "u" #n "_mobile", v_phone, 0, 0, 11 }

const struct mm_input signup_users_inputs[] = {
	{ "action", signup_v_action, SIGNUP_IN_CONTROL, 0, 16 },
	{ "users", v_count, MM_IN_REQUIRED | SIGNUP_IN_CONTROL, 0, 2 },
	USER_ROW(1), USER_ROW(2), USER_ROW(3),
	MM_INPUT_END
};

/* --- steps --- */

struct step {
	const char *path;
	const char *tmpl;
	const struct mm_input *inputs;
	const char *count_key;	/* hidden row count of a step with rows */
	char row_prefix;	/* 'd' or 'u' */
	int max_rows;
};

static const struct step steps[] = {
	[SIGNUP_BASIC] = { "/signup/basic", "signup/basic.cs", signup_basic_inputs, NULL, 0, 0 },
	[SIGNUP_DELIVERY] = { "/signup/delivery", "signup/delivery.cs", signup_delivery_inputs,
			      "rows", 'd', SIGNUP_MAX_DESTINATIONS },
	[SIGNUP_QUESTIONS] = { "/signup/questions", "signup/questions.cs",
			       signup_questions_inputs, NULL, 0, 0 },
	[SIGNUP_USERS] = { "/signup/users", "signup/users.cs", signup_users_inputs,
			   "users", 'u', SIGNUP_MAX_USERS },
	[SIGNUP_REVIEW] = { "/signup/review", "signup/review.cs", NULL, NULL, 0, 0 },
};

const char *signup_step_path(int step)
{
	return step >= SIGNUP_BASIC && step <= SIGNUP_REVIEW ? steps[step].path : "/signup/basic";
}

int signup_questions_load(struct signup_questions *qs)
{
	int n = signup_questions_active(qs->q, SIGNUP_MAX_QUESTIONS);
	qs->n = 0;
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (qs->q[i].id < 1 || qs->q[i].id > SIGNUP_MAX_QUESTION_ID) {
			/* no input is declared for it: asking it would block the step */
			mm_log_error("signup question %lld skipped: ids above %d have no input",
				     qs->q[i].id, SIGNUP_MAX_QUESTION_ID);
			continue;
		}
		if (qs->n != i)
			qs->q[qs->n] = qs->q[i];
		qs->n++;
	}
	return 0;
}

/* --- checks --- */

void signup_set_text(struct mm_req *r, const char *path, const char *key, const char *value)
{
	const char *t = mm_t(r, key);
	const char *at = strstr(t, "{n}");
	if (at)
		mm_setf(r, path, "%.*s%s%s", (int)(at - t), t, value, at + 3);
	else
		mm_set(r, path, t);
}

void signup_set_number(struct mm_req *r, const char *path, const char *key, long n)
{
	char v[24];
	snprintf(v, sizeof v, "%ld", n);
	signup_set_text(r, path, key, v);
}

static void set_error(struct mm_req *r, const char *name, const char *key, size_t max)
{
	char path[64];
	snprintf(path, sizeof path, "Errors.%s", name);
	if (strcmp(key, "err.too_long") == 0 && max)
		signup_set_number(r, path, "signup.err_too_long", (long)max);
	else
		mm_set(r, path, mm_t(r, key));
}

/* The message key of one field, or NULL when its value is fine. */
static const char *check_field(const struct mm_input *in, const char *v)
{
	if (!*v) {
		if (!(in->flags & (MM_IN_REQUIRED | SIGNUP_IN_ROW)))
			return NULL;
		return in->check == signup_v_prefecture ? "signup.err_select" : "err.required";
	}
	return in->check ? in->check(in, v) : NULL;
}

/* Checks the fields of a table (rows 1..rows) in the draft; sets their
 * Errors.* when r is given. The number of invalid fields. */
static int check_table(struct mm_req *r, const struct signup_draft *d,
		       const struct mm_input *t, int rows)
{
	int bad = 0;
	for (; t->name; t++) {
		if ((t->flags & SIGNUP_IN_CONTROL) || signup_row_of(t->name) > rows)
			continue;
		const char *err = check_field(t, signup_draft_get(d, t->name));
		if (err) {
			bad++;
			if (r)
				set_error(r, t->name, err, t->max);
		}
	}
	return bad;
}

/* email_confirm must repeat email; told only once email itself is valid. */
static int check_confirm(struct mm_req *r, const struct signup_draft *d, const char *prefix)
{
	static const struct mm_input email_input = { "email", mm_v_email, 0, 0, 254 };
	char email[32], confirm[32];
	snprintf(email, sizeof email, "%semail", prefix);
	snprintf(confirm, sizeof confirm, "%semail_confirm", prefix);
	const char *a = signup_draft_get(d, email), *b = signup_draft_get(d, confirm);
	if (!*a || !*b || strcmp(a, b) == 0 || mm_v_email(&email_input, a))
		return 0;
	if (r)
		set_error(r, confirm, "signup.err_email_mismatch", 0);
	return 1;
}

static int check_basic(struct mm_req *r, const struct signup_draft *d)
{
	return check_table(r, d, signup_basic_inputs, 0) + check_confirm(r, d, "");
}

static int check_users(struct mm_req *r, const struct signup_draft *d)
{
	int n = signup_draft_count(d, "users", SIGNUP_MAX_USERS);
	int bad = check_table(r, d, signup_users_inputs, n);
	for (int i = 1; i <= n; i++) {
		char prefix[16], key[32];
		snprintf(prefix, sizeof prefix, "u%d_", i);
		bad += check_confirm(r, d, prefix);
		snprintf(key, sizeof key, "u%d_email", i);
		const char *mine = signup_draft_get(d, key);
		for (int j = 1; j < i && *mine; j++) {
			char other[32];
			snprintf(other, sizeof other, "u%d_email", j);
			if (strcasecmp(mine, signup_draft_get(d, other)) == 0) {
				bad++;
				if (r)
					set_error(r, key, "signup.err_email_duplicate", 0);
				break;
			}
		}
	}
	return bad;
}

static const struct signup_question *question_by_id(const struct signup_questions *qs, long long id)
{
	for (int i = 0; i < qs->n; i++)
		if (qs->q[i].id == id)
			return &qs->q[i];
	return NULL;
}

int signup_answer_dropped(const struct signup_draft *d, const struct signup_questions *qs,
			  const struct signup_question *q)
{
	if (!q->required_if_yes || !question_by_id(qs, q->required_if_yes))
		return 0;
	char ref[16];
	snprintf(ref, sizeof ref, "q_%lld", q->required_if_yes);
	return strcmp(signup_draft_get(d, ref), "no") == 0;
}

static int check_questions(struct mm_req *r, const struct signup_draft *d,
			   const struct signup_questions *qs)
{
	int bad = 0;
	for (int i = 0; i < qs->n; i++) {
		const struct signup_question *q = &qs->q[i];
		char name[16];
		snprintf(name, sizeof name, "q_%lld", q->id);
		const char *v = signup_draft_get(d, name);
		const char *err = NULL;
		size_t max = 0;
		int yesno = strcmp(q->kind, "yesno") == 0;
		int required = q->required;
		if (q->required_if_yes) {
			char ref[16];
			snprintf(ref, sizeof ref, "q_%lld", q->required_if_yes);
			required |= question_by_id(qs, q->required_if_yes) &&
				    strcmp(signup_draft_get(d, ref), "yes") == 0;
		}
		if (!*v) {
			if (required)
				err = yesno ? "signup.err_select" : "err.required";
		} else if (yesno) {
			if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
				err = "signup.err_select";
		} else {
			struct mm_input in = { name, mm_v_line, 0, 0, (size_t)q->max_length };
			err = mm_v_line(&in, v);
			max = in.max;
		}
		if (err) {
			bad++;
			if (r)
				set_error(r, name, err, max);
		}
	}
	return bad;
}

static int check_step(struct mm_req *r, const struct signup_draft *d,
		      const struct signup_questions *qs, int step)
{
	switch (step) {
	case SIGNUP_BASIC:
		return check_basic(r, d);
	case SIGNUP_DELIVERY:
		return check_table(r, d, signup_delivery_inputs,
				   signup_draft_count(d, "rows", SIGNUP_MAX_DESTINATIONS));
	case SIGNUP_QUESTIONS:
		return check_questions(r, d, qs);
	case SIGNUP_USERS:
		return check_users(r, d);
	default:
		return 0;
	}
}

int signup_first_incomplete(struct mm_req *r, const struct signup_draft *d,
			    const struct signup_questions *qs, int before)
{
	for (int s = SIGNUP_BASIC; s < before && s < SIGNUP_REVIEW; s++)
		if (check_step(NULL, d, qs, s))
			return s;
	return 0;
}

/* --- the HDF of a step page --- */

static void fill_table(struct mm_req *r, const struct signup_draft *d,
		       const struct mm_input *t, int rows)
{
	char path[64];
	for (; t->name; t++) {
		if ((t->flags & SIGNUP_IN_CONTROL) || signup_row_of(t->name) > rows)
			continue;
		snprintf(path, sizeof path, "Query.%s", t->name);
		mm_set(r, path, signup_draft_get(d, t->name));
	}
}

static void fill_rows(struct mm_req *r, const char *node, char prefix, int n, int max)
{
	char path[64];
	for (int i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "Signup.%s.%d.p", node, i);
		mm_setf(r, path, "%c%d_", prefix, i);
	}
	snprintf(path, sizeof path, "Signup.%sCount", node);
	mm_set_int(r, path, n);
	snprintf(path, sizeof path, "Signup.%sMax", node);
	mm_set_int(r, path, max);
}

static void fill_questions(struct mm_req *r, const struct signup_draft *d,
			   const struct signup_questions *qs)
{
	int en = strcmp(r->lang, "en") == 0;
	for (int i = 0; i < qs->n; i++) {
		const struct signup_question *q = &qs->q[i];
		char base[48], name[16], path[80];
		snprintf(base, sizeof base, "Signup.Questions.%d", i + 1);
		snprintf(name, sizeof name, "q_%lld", q->id);
#define QSET(field, value) (snprintf(path, sizeof path, "%s." field, base), mm_set(r, path, value))
		QSET("name", name);
		QSET("kind", q->kind);
		QSET("label", en ? q->label_en : q->label_ja);
		QSET("required", q->required ? "1" : "0");
		QSET("if_yes", q->required_if_yes ? "1" : "0");
#undef QSET
		snprintf(path, sizeof path, "%s.max", base);
		mm_set_int(r, path, q->max_length > 0 ? q->max_length : 1000);
		snprintf(path, sizeof path, "Query.%s", name);
		mm_set(r, path, signup_draft_get(d, name));
	}
	mm_set(r, "Signup.HasQuestions", qs->n ? "1" : "0");
}

static void fill_prefectures(struct mm_req *r)
{
	char path[48];
	for (int i = 0; signup_prefectures[i]; i++) {
		snprintf(path, sizeof path, "Signup.Prefectures.%d", i + 1);
		mm_set(r, path, signup_prefectures[i]);
	}
}

static void fill_step(struct mm_req *r, const struct signup_draft *d,
		      const struct signup_questions *qs, int step)
{
	const struct step *s = &steps[step];
	switch (step) {
	case SIGNUP_BASIC:
		fill_table(r, d, s->inputs, 0);
		break;
	case SIGNUP_DELIVERY:
	case SIGNUP_USERS: {
		int n = signup_draft_count(d, s->count_key, s->max_rows);
		fill_table(r, d, s->inputs, n);
		fill_rows(r, step == SIGNUP_DELIVERY ? "Rows" : "Users", s->row_prefix, n,
			  s->max_rows);
		break;
	}
	case SIGNUP_QUESTIONS:
		fill_questions(r, d, qs);
		break;
	}
}

void signup_fill_all(struct mm_req *r, const struct signup_draft *d,
		     const struct signup_questions *qs)
{
	for (int s = SIGNUP_BASIC; s < SIGNUP_REVIEW; s++)
		fill_step(r, d, qs, s);
}

static int render_step(struct mm_req *r, const struct signup_draft *d,
		       const struct signup_questions *qs, int step)
{
	fill_step(r, d, qs, step);
	fill_prefectures(r);
	mm_set(r, "Signup.HasQuestions", qs->n ? "1" : "0");
	mm_set_int(r, "Signup.Step", step);
	return mm_render(r, 200, steps[step].tmpl);
}

int signup_limited(struct mm_req *r)
{
	return mm_error_page(r, 429, "signup.err_rate");
}

/* --- handlers --- */

int signup_start(struct mm_req *r)
{
	return mm_redirect(r, "/signup/basic");
}

/* GET of a step: the draft's values, once the steps before are valid. */
static int step_form(struct mm_req *r, int step)
{
	struct signup_draft d;
	struct signup_questions *qs = calloc(1, sizeof *qs);
	if (!qs)
		return 503;
	int rc = signup_draft_load(r, &d);
	if (rc == 0)
		rc = signup_questions_load(qs);
	if (rc == 0) {
		int first = signup_first_incomplete(r, &d, qs, step);
		if (first)
			rc = mm_redirect(r, signup_step_path(first));
		else if (step == SIGNUP_QUESTIONS && qs->n == 0)
			rc = mm_redirect(r, signup_step_path(SIGNUP_USERS));
		else
			rc = render_step(r, &d, qs, step);
	}
	signup_draft_free(&d);
	free(qs);
	return rc;
}

int signup_basic_form(struct mm_req *r)
{
	return step_form(r, SIGNUP_BASIC);
}

int signup_delivery_form(struct mm_req *r)
{
	return step_form(r, SIGNUP_DELIVERY);
}

int signup_questions_form(struct mm_req *r)
{
	return step_form(r, SIGNUP_QUESTIONS);
}

int signup_users_form(struct mm_req *r)
{
	return step_form(r, SIGNUP_USERS);
}

/* What was typed into a declared input. An invalid value is not offered by
 * mm_param, but the applicant must see it again (and keep it in the draft):
 * it is taken from the parsed form, for declared inputs only. */
static const char *typed(struct mm_req *r, const char *name)
{
	const char *v = mm_param(r, name);
	if (!v && mm_param_error(r, name))
		v = mm_kvlist_get(&r->form, name);
	return v ? v : "";
}

/* Stores one typed value in the draft, normalised. */
static int take_value(struct signup_draft *d, const char *name, const char *v)
{
	char *s = strndup(v, 4 * SIGNUP_DRAFT_VALUE_CHARS);
	if (!s)
		return -1;
	signup_value_normalise(name, s);
	int rc = signup_draft_set(d, name, s);
	free(s);
	return rc;
}

/* Copies the step's inputs (rows 1..rows) from the form into the draft;
 * fields of rows no longer in use are dropped. */
static int take_form(struct mm_req *r, struct signup_draft *d, int step,
		     const struct signup_questions *qs, int rows)
{
	if (step == SIGNUP_QUESTIONS) {
		for (int i = 0; i < qs->n; i++) {
			char name[16];
			snprintf(name, sizeof name, "q_%lld", qs->q[i].id);
			if (take_value(d, name, typed(r, name)) < 0)
				return -1;
		}
		/* what was typed under a "yes" that was answered "no" is not kept:
		 * neither the review nor the application shows it */
		for (int i = 0; i < qs->n; i++) {
			char name[16];
			snprintf(name, sizeof name, "q_%lld", qs->q[i].id);
			if (signup_answer_dropped(d, qs, &qs->q[i]))
				signup_draft_unset(d, name);
		}
		return 0;
	}
	for (const struct mm_input *t = steps[step].inputs; t->name; t++) {
		if (t->flags & SIGNUP_IN_CONTROL)
			continue;
		if (signup_row_of(t->name) > rows)
			signup_draft_unset(d, t->name);
		else if (take_value(d, t->name, typed(r, t->name)) < 0)
			return -1;
	}
	return 0;
}

/* Moves rows after `removed` one up and drops the last one. */
static int remove_row(struct signup_draft *d, int step, int removed, int rows)
{
	const struct step *s = &steps[step];
	for (const struct mm_input *t = s->inputs; t->name; t++) {
		if (signup_row_of(t->name) != 1)
			continue;
		const char *field = strchr(t->name, '_') + 1;
		for (int i = removed; i <= rows; i++) {
			char to[48], from[48];
			snprintf(to, sizeof to, "%c%d_%s", s->row_prefix, i, field);
			snprintf(from, sizeof from, "%c%d_%s", s->row_prefix, i + 1, field);
			if (i == rows)
				signup_draft_unset(d, to);
			else if (signup_draft_set(d, to, signup_draft_get(d, from)) < 0)
				return -1;
		}
	}
	return 0;
}

/* 「基本情報と同じ」: row 1 of step ② takes the company, name and address of step ①. */
static int copy_basic(struct signup_draft *d)
{
	static const char *const fields[] = {
		"company", "surname", "given_name", "department", "postal_code",
		"prefecture", "address", "phone", NULL
	};
	for (const char *const *f = fields; *f; f++) {
		char to[32];
		snprintf(to, sizeof to, "d1_%s", *f);
		if (signup_draft_set(d, to, signup_draft_get(d, *f)) < 0)
			return -1;
	}
	return 0;
}

static int set_count(struct signup_draft *d, const char *key, int n)
{
	char v[12];	/* any int */
	snprintf(v, sizeof v, "%d", n);
	return signup_draft_set(d, key, v);
}

/* Empties the messages the core set for the form, so that a page shown
 * after add/remove (or with the step's own check) shows only its own. */
static void clear_errors(struct mm_req *r, const struct mm_input *t)
{
	char path[64];
	for (; t && t->name; t++) {
		snprintf(path, sizeof path, "Errors.%s", t->name);
		mm_set(r, path, "");
	}
}

static int step_after(int step, const struct signup_questions *qs)
{
	if (step == SIGNUP_DELIVERY && qs->n == 0)
		return SIGNUP_USERS;
	return step + 1;
}

static int step_before(int step, const struct signup_questions *qs)
{
	if (step == SIGNUP_USERS && qs->n == 0)
		return SIGNUP_DELIVERY;
	return step - 1;
}

static int save_and_redirect(struct mm_req *r, struct signup_draft *d, const char *path)
{
	int rc = signup_draft_save(r, d);
	if (rc == SIGNUP_LIMITED)
		return signup_limited(r);
	return rc < 0 ? rc : mm_redirect(r, path);
}

/* What a step's buttons do once the typed values are in the draft. */
static int step_action(struct mm_req *r, struct signup_draft *d,
		       const struct signup_questions *qs, int step, const char *action, int rows)
{
	const struct step *s = &steps[step];
	char path[64];
	if (strcmp(action, "back") == 0 && step > SIGNUP_BASIC)
		return save_and_redirect(r, d, signup_step_path(step_before(step, qs)));
	if (strcmp(action, "add") == 0 && s->count_key) {
		if (rows < s->max_rows) {
			if (set_count(d, s->count_key, rows + 1) < 0)
				return 503;
			snprintf(path, sizeof path, "%s#row-%d", s->path, rows + 1);
			return save_and_redirect(r, d, path);
		}
		int rc = signup_draft_save(r, d);
		if (rc == SIGNUP_LIMITED)
			return signup_limited(r);
		if (rc < 0)
			return rc;
		clear_errors(r, s->inputs);
		signup_set_number(r, "Signup.RowsLimit", step == SIGNUP_DELIVERY ?
			      "signup.rows_limit" : "signup.users_limit", s->max_rows);
		return render_step(r, d, qs, step);
	}
	if (strncmp(action, "remove_", 7) == 0 && s->count_key) {
		int n = atoi(action + 7);
		if (n > rows)
			return 400;
		if (rows > 1) {
			if (remove_row(d, step, n, rows) < 0 || set_count(d, s->count_key, rows - 1) < 0)
				return 503;
		}
		return save_and_redirect(r, d, s->path);
	}
	if (strcmp(action, "same_as_basic") == 0 && step == SIGNUP_DELIVERY) {
		if (copy_basic(d) < 0)
			return 503;
		snprintf(path, sizeof path, "%s#row-1", s->path);
		return save_and_redirect(r, d, path);
	}
	if (strcmp(action, "next") != 0)
		return 400;
	int rc = signup_draft_save(r, d);
	if (rc == SIGNUP_LIMITED)
		return signup_limited(r);
	if (rc < 0)
		return rc;
	clear_errors(r, s->inputs);
	int bad = check_step(r, d, qs, step);
	if (!bad)
		return mm_redirect(r, signup_step_path(step_after(step, qs)));
	mm_set_int(r, "Signup.Errors", bad);
	return render_step(r, d, qs, step);
}

/* POST of a step: save what was typed, then act on the button. */
static int step_submit(struct mm_req *r, int step)
{
	const struct step *s = &steps[step];
	if (mm_param_error(r, "action"))
		return 400;
	const char *action = mm_param(r, "action");
	if (!action)	/* a form sent by Enter without the default button */
		action = "next";
	int rows = 0;
	if (s->count_key) {
		/* the count of rows on the page: a value no form offers is refused */
		const char *c = mm_param(r, s->count_key);
		rows = c ? atoi(c) : 0;
		if (rows < 1 || rows > s->max_rows)
			return 400;
	}
	struct signup_draft d;
	struct signup_questions *qs = calloc(1, sizeof *qs);
	if (!qs)
		return 503;
	int rc = signup_draft_load(r, &d);
	if (rc == 0)
		rc = signup_questions_load(qs);
	if (rc == 0) {
		int first = signup_first_incomplete(r, &d, qs, step);
		if (first) {
			rc = mm_redirect(r, signup_step_path(first));
		} else if (take_form(r, &d, step, qs, rows) < 0 ||
			   (s->count_key && set_count(&d, s->count_key, rows) < 0)) {
			rc = 503;
		} else {
			rc = step_action(r, &d, qs, step, action, rows);
		}
	}
	signup_draft_free(&d);
	free(qs);
	return rc;
}

int signup_basic_submit(struct mm_req *r)
{
	return step_submit(r, SIGNUP_BASIC);
}

int signup_delivery_submit(struct mm_req *r)
{
	return step_submit(r, SIGNUP_DELIVERY);
}

int signup_questions_submit(struct mm_req *r)
{
	return step_submit(r, SIGNUP_QUESTIONS);
}

int signup_users_submit(struct mm_req *r)
{
	return step_submit(r, SIGNUP_USERS);
}
