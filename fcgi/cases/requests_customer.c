/* The customer's work requests (CASE-2, seed 002 §4.7): the catalog with
 * the remaining points of the current period, an item's form (its fields
 * are data: requests_fields.c checks each value), sending a request
 * (refused when its cost exceeds the remaining points, PTS-2), the
 * tenant's requests and one request with its values and files. */
#include "requests.h"
#include "cases.h"
#include "cases_attach.h"
#include "mm_civil.h"
#include "mm_once.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "sent") == 0 ? NULL : "err.format";
}

const struct mm_input rq_catalog_inputs[] = {
	{ "page", mm_v_digits, 0, 1, 7 },
	MM_INPUT_END
};

const struct mm_input rq_customer_get_inputs[] = {
	{ "done", v_done, 0, 0, 4 },
	MM_INPUT_END
};

const struct mm_input rq_customer_post_inputs[] = {
	{ "item", rq_v_int, MM_IN_REQUIRED, 0, 16 },
	{ "cost", rq_v_int, MM_IN_REQUIRED, 0, 16 },
	MM_ONCE_INPUT,
	MM_INPUT_END
};

/* --- the catalog and the tenant's requests ----------------------------- */

int rq_catalog_page(struct mm_req *r)
{
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0)
		return 404;	/* the console has its own pages */
	struct rq_item *items = calloc(RQ_MAX_ITEMS, sizeof *items);
	if (!items)
		return MM_DB_ERR;
	int n = rq_db_items(items, RQ_MAX_ITEMS), shown = 0, en = strcmp(r->lang, "en") == 0;
	char p[48];
	for (int i = 0; i < n; i++) {
		if (items[i].retired)
			continue;
#define SETI(field, v) (snprintf(p, sizeof p, "Items.%d." field, shown), mm_set(r, p, v))
		SETI("Code", items[i].code);
		SETI("Name", en ? items[i].name_en : items[i].name_ja);
		SETI("Description", en ? items[i].description_en : items[i].description_ja);
#undef SETI
		snprintf(p, sizeof p, "Items.%d.Cost", shown++);
		mm_set_int(r, p, items[i].cost);
	}
	free(items);
	if (n < 0)
		return n;
	long long remaining;
	int rc = rq_fill_points(r, r->user.tenant_id, &remaining);
	if (rc >= 0)
		rc = rq_fill_list(r, r->user.tenant_id, NULL, 0);
	return rc < 0 ? rc : mm_render(r, 200, "cases/requests.cs");
}

/* --- an item's form ---------------------------------------------------- */

struct form {
	struct rq_item item;
	struct rq_item_field fields[RQ_MAX_FIELDS];
	int nfields;
	char *values[RQ_MAX_FIELDS];	/* as entered, blanks around removed */
};

static void form_free(struct form *f)
{
	for (int i = 0; i < f->nfields; i++)
		free(f->values[i]);
	free(f);
}

/* The item named by the path with its fields: 1, 0 (no such item, or
 * retired: not offered any more), < 0. */
static int form_load(struct mm_req *r, const char *code, struct form **out)
{
	*out = NULL;
	struct form *f = calloc(1, sizeof *f);
	if (!f)
		return MM_DB_ERR;
	int rc = rq_db_item_by_code(code, &f->item);
	if (rc > 0 && f->item.retired)
		rc = 0;
	if (rc > 0 && (f->nfields = rq_db_fields(f->item.id, f->fields, RQ_MAX_FIELDS)) < 0)
		rc = f->nfields;
	if (rc <= 0) {
		f->nfields = 0;
		form_free(f);
		return rc;
	}
	*out = f;
	return 1;
}

/* The index of the field whose date field i may not precede (the start
 * of the period field i ends), or -1: i is not such a date, or the field
 * it names is gone, retired or no date any more. */
static int period_start(const struct form *f, int i)
{
	const struct rq_item_field *fd = &f->fields[i];
	if (fd->retired || fd->def.kind != RQ_DATE || !fd->not_before[0])
		return -1;
	for (int j = 0; j < f->nfields; j++)
		if (j != i && !f->fields[j].retired && f->fields[j].def.kind == RQ_DATE &&
		    strcmp(f->fields[j].name, fd->not_before) == 0)
			return j;
	return -1;
}

/* The sender's date in their time zone, in days since 1970-01-01:
 * the day a date field's bounds count from. */
static long long today_of(struct mm_req *r)
{
	char now[MM_TIME_LEN];
	int y, m, d;
	if (sscanf(mm_time_local(r, r->now, now), "%4d-%2d-%2d", &y, &m, &d) != 3)
		return (long long)(r->now / 86400);
	return mm_days_from_civil(y, m, d);
}

static void field_hint(struct mm_req *r, const char *path, const struct rq_item_field *fd)
{
	const struct rq_field *d = &fd->def;
	char p[64];
	if (d->kind == RQ_TEXT || d->kind == RQ_LONGTEXT) {
		snprintf(p, sizeof p, "%s.MaxLength", path);
		mm_set_int(r, p, rq_max_length(d));
	}
	if (d->kind == RQ_NUMBER && d->has_min) {
		snprintf(p, sizeof p, "%s.Min", path);
		mm_set_int(r, p, d->min_value);
	}
	if (d->kind == RQ_NUMBER && d->has_max) {
		snprintf(p, sizeof p, "%s.Max", path);
		mm_set_int(r, p, d->max_value);
	}
	char day[11];
	if (d->kind == RQ_DATE && d->has_min) {
		snprintf(p, sizeof p, "%s.Min", path);
		rq_date_of(today_of(r), d->min_value, day);
		mm_set(r, p, day);
	}
	if (d->kind == RQ_DATE && d->has_max) {
		snprintf(p, sizeof p, "%s.Max", path);
		rq_date_of(today_of(r), d->max_value, day);
		mm_set(r, p, day);
	}
}

static int form_render(struct mm_req *r, struct form *f, int status, const char *error_key)
{
	int en = strcmp(r->lang, "en") == 0, shown = 0;
	char p[32], q[128];
	mm_set(r, "Item.Code", f->item.code);
	mm_set(r, "Item.Name", en ? f->item.name_en : f->item.name_ja);
	mm_set(r, "Item.Description", en ? f->item.description_en : f->item.description_ja);
	mm_set_int(r, "Item.Id", f->item.id);
	mm_set_int(r, "Item.Cost", f->item.cost);
	for (int i = 0; i < f->nfields; i++) {
		const struct rq_item_field *fd = &f->fields[i];
		if (fd->retired)
			continue;
		snprintf(p, sizeof p, "Fields.%d", shown++);
#define SETF(field, v) (snprintf(q, sizeof q, "%s." field, p), mm_set(r, q, v))
		snprintf(q, sizeof q, "%s.Key", p);
		mm_setf(r, q, "f_%s", fd->name);
		SETF("Kind", rq_kind_name(fd->def.kind));
		SETF("Label", en ? fd->label_en : fd->label_ja);
		SETF("Required", fd->def.required ? "1" : "0");
		SETF("Value", f->values[i] ? f->values[i] : "");
#undef SETF
		field_hint(r, p, fd);
		int start = period_start(f, i);
		if (start >= 0) {
			snprintf(q, sizeof q, "%s.NotBefore", p);
			mm_set(r, q, en ? f->fields[start].label_en : f->fields[start].label_ja);
		}
		int nopt = fd->def.kind == RQ_CHOICE ? rq_option_count(fd->def.options) : 0;
		for (int k = 1; k <= nopt; k++) {
			char ja[RQ_OPTION_MAX * 4 + 8], oen[RQ_OPTION_MAX * 4 + 8];
			rq_option_at(fd->def.options, k, ja, sizeof ja, oen, sizeof oen);
			snprintf(q, sizeof q, "%s.Options.%d.Value", p, k);
			mm_set(r, q, ja);
			snprintf(q, sizeof q, "%s.Options.%d.Label", p, k);
			mm_set(r, q, en ? oen : ja);
		}
	}
	long long remaining;
	int rc = rq_fill_points(r, r->user.tenant_id, &remaining);
	if (rc < 0)
		return rc;
	/* without a current period nothing can be accepted, free items neither */
	mm_set(r, "Item.Affordable", rc > 0 && remaining >= f->item.cost ? "1" : "0");
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	if (mm_once_fill(r) < 0)
		return MM_DB_ERR;
	return mm_render(r, status, "cases/request_form.cs");
}

static int request_page(struct mm_req *r, const char *no)
{
	struct rq_request *q = calloc(1, sizeof *q);
	if (!q)
		return MM_DB_ERR;
	int rc = rq_db_request(no, r->user.tenant_id, q);
	if (rc == 0)
		rc = 404;
	else if (rc > 0)
		rc = rq_fill_request(r, q, "/cases/requests");
	free(q);
	if (rc != 0)
		return rc;
	if (mm_param(r, "done"))
		mm_set(r, "Message.Notice", mm_t(r, "requests.done.sent"));
	return mm_render(r, 200, "cases/request.cs");
}

int rq_customer_get(struct mm_req *r)
{
	const char *arg = r->path_args[0];
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0)
		return 404;
	if (rq_request_no_ok(arg))
		return request_page(r, arg);
	if (!rq_name_ok(arg))
		return 404;
	struct form *f;
	int rc = form_load(r, arg, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	rc = form_render(r, f, 200, NULL);
	form_free(f);
	return rc;
}

/* --- sending ----------------------------------------------------------- */

/* The form's parameter names are the item's data, so the declared inputs
 * cannot list them: the body is walked here, and anything that is neither
 * a declared input nor f_<name> of one of the item's fields refuses the
 * whole request. NULL or the i18n key of the refusal. */
static const char *unknown_parameter(struct mm_req *r, const struct form *f)
{
	for (size_t i = 0; i < r->form.n; i++) {
		const char *k = r->form.items[i].key;
		if (strcmp(k, "csrf") == 0 || strcmp(k, "item") == 0 || strcmp(k, "cost") == 0 ||
		    strcmp(k, "form_key") == 0)
			continue;
		int known = 0;
		for (int j = 0; j < f->nfields && !known; j++)
			known = !f->fields[j].retired && strncmp(k, "f_", 2) == 0 &&
				strcmp(k + 2, f->fields[j].name) == 0;
		if (!known)
			return "requests.err.unknown_field";
	}
	return NULL;
}

/* The message of a date before its period's start, each "{field}" in it
 * replaced by the label of that start (from) in the sender's language,
 * set at path. 0 or -1. */
static int order_error(struct mm_req *r, const char *path, const struct rq_item_field *from)
{
	const char *t = mm_t(r, "requests.err.date_order");
	const char *label = strcmp(r->lang, "en") == 0 ? from->label_en : from->label_ja;
	struct mm_buf b = { 0 };
	for (const char *at; (at = strstr(t, "{field}")); t = at + 7) {
		mm_buf_add(&b, t, (size_t)(at - t));
		mm_buf_puts(&b, label);
	}
	mm_buf_puts(&b, t);
	int rc = b.oom ? -1 : 0;
	if (rc == 0)
		mm_set(r, path, mm_buf_str(&b));
	mm_buf_free(&b);
	return rc;
}

/* Reads and checks every field's value; Errors.f_<name> beside each
 * refused one. The number of refused fields. */
static int check_values(struct mm_req *r, struct form *f)
{
	int bad = 0;
	char refused[RQ_MAX_FIELDS] = { 0 };
	long long today = today_of(r);
	char key[RQ_NAME_MAX + 3], path[RQ_NAME_MAX + 16];
	for (int i = 0; i < f->nfields; i++) {
		const struct rq_item_field *fd = &f->fields[i];
		if (fd->retired)
			continue;
		snprintf(key, sizeof key, "f_%s", fd->name);
		const char *raw = mm_kvlist_get(&r->form, key);
		const char *err = NULL;
		size_t n = 0;
		const char *start = raw ? mm_trim_span(raw, &n) : "";
		f->values[i] = strndup(start, n);
		if (!f->values[i])
			return -1;
		if (mm_kvlist_count(&r->form, key) > 1)
			err = "requests.err.field";
		else
			err = rq_value_check(&fd->def, f->values[i], today);
		if (err) {
			snprintf(path, sizeof path, "Errors.%s", key);
			mm_set(r, path, mm_t(r, err));
			refused[i] = 1;
			bad++;
		}
	}
	/* periods: a date that precedes the date of the field it may not
	 * precede is refused beside itself, when both dates are fine alone */
	for (int i = 0; i < f->nfields; i++) {
		const struct rq_item_field *fd = &f->fields[i];
		int j = period_start(f, i);
		if (j < 0 || refused[i] || refused[j] ||
		    !rq_date_order_check(f->values[j], f->values[i]))
			continue;
		snprintf(path, sizeof path, "Errors.f_%s", fd->name);
		if (order_error(r, path, &f->fields[j]) < 0)
			return -1;
		bad++;
	}
	return bad;
}

/* A fixed text in lang, whoever sends: the values are stored in both
 * languages for the people who read them later. */
static const char *text_in(struct mm_req *r, const char *lang, const char *key)
{
	const char *own = r->lang;
	r->lang = lang;
	const char *t = mm_t(r, key);
	r->lang = own;
	return t;
}

struct send_tx {
	struct mm_req *r;
	struct form *f;
	struct rq_request *q;
	struct cases_staged *files;
};

static int send_tx(void *p)
{
	struct send_tx *t = p;
	struct rq_request *q = t->q;
	struct form *f = t->f;
	int rc = rq_db_request_insert(q, t->r->now);
	for (int i = 0, pos = 0; rc == 0 && i < f->nfields; i++) {
		const struct rq_item_field *fd = &f->fields[i];
		if (fd->retired || !f->values[i][0])
			continue;
		struct rq_value v = { .position = ++pos, .label_ja = fd->label_ja,
				      .label_en = fd->label_en };
		snprintf(v.name, sizeof v.name, "%s", fd->name);
		snprintf(v.kind, sizeof v.kind, "%s", rq_kind_name(fd->def.kind));
		struct mm_buf text = { 0 };
		cases_text_store(&text, f->values[i]);
		v.value = v.shown_ja = v.shown_en = mm_buf_str(&text);
		char ja[RQ_OPTION_MAX * 4 + 8], en[RQ_OPTION_MAX * 4 + 8];
		if (fd->def.kind == RQ_CHOICE &&
		    rq_option_at(fd->def.options, rq_option_find(fd->def.options, v.value), ja,
				 sizeof ja, en, sizeof en)) {
			v.shown_ja = ja;
			v.shown_en = en;
		} else if (fd->def.kind == RQ_YESNO) {
			const char *key = strcmp(v.value, "yes") == 0 ? "requests.yes" : "requests.no";
			v.shown_ja = text_in(t->r, "ja", key);
			v.shown_en = text_in(t->r, "en", key);
		}
		rc = text.oom ? MM_DB_ERR : rq_db_value_insert(q->id, q->tenant_id, &v);
		mm_buf_free(&text);
	}
	for (int i = 0; rc == 0 && i < t->files->n; i++) {
		const struct cases_staged_file *s = &t->files->f[i];
		struct rq_file rf = { .size = s->size, .uploaded_by = q->requester_id };
		snprintf(rf.store_id, sizeof rf.store_id, "%s", s->store_id);
		snprintf(rf.file_name, sizeof rf.file_name, "%s", s->file_name);
		snprintf(rf.content_type, sizeof rf.content_type, "%s", s->content_type);
		memcpy(rf.sha256, s->sha256, sizeof rf.sha256);
		rc = rq_db_file_insert(q->id, q->tenant_id, &rf, t->r->now);
	}
	if (rc == 0)
		rc = mm_once_record(t->r, "request", q->request_no);
	if (rc == 0) {
		snprintf(q->customer_no, sizeof q->customer_no, "%s", t->r->user.customer_no);
		snprintf(q->tenant_name, sizeof q->tenant_name, "%s", t->r->user.tenant_name);
		rc = rq_notify_requester(t->r, q, "sent");
	}
	return rc ? rc : rq_notify_provider(t->r, q);
}

static int sent(struct mm_req *r, const char *request_no)
{
	char next[MM_ONCE_REF_MAX + 32];
	snprintf(next, sizeof next, "/cases/requests/%s?done=sent", request_no);
	return mm_redirect(r, next);
}

static int send_request(struct mm_req *r, struct form *f)
{
	const char *why = NULL;
	int status = 400;
	/* the same form posted again: the request its first post sent (before
	 * the points check, which the first one has changed) */
	char made[MM_ONCE_REF_MAX + 1];
	int rc = mm_once_find(r, "request", made);
	if (rc != 0)
		return rc < 0 ? rc : sent(r, made);
	if (r->invalid || strtoll(mm_param(r, "item"), NULL, 10) != f->item.id)
		why = "requests.err.tampered";
	else if (strtoll(mm_param(r, "cost"), NULL, 10) != f->item.cost)
		why = "requests.err.cost_changed";
	if (!why)
		why = unknown_parameter(r, f);
	int bad = check_values(r, f);
	if (bad < 0)
		return MM_DB_ERR;
	if (!why && bad)
		why = "requests.err.invalid";
	if (!why) {
		long long remaining;
		rc = rq_fill_points(r, r->user.tenant_id, &remaining);
		if (rc < 0)
			return rc;
		if (rc == 0 || f->item.cost > remaining) {
			/* without a current period the analysts could accept nothing,
			 * not even a free item: no point taking the request */
			why = rc == 0 ? "requests.err.no_period" : "requests.err.points";
			status = 409;
		}
	}
	if (why)
		return form_render(r, f, status, why);
	struct cases_staged *files = calloc(1, sizeof *files);
	struct rq_request *q = calloc(1, sizeof *q);
	if (!files || !q) {
		free(files);
		free(q);
		return MM_DB_ERR;
	}
	const char *msg = NULL;
	rc = cases_attach_stage(r, files, &msg);
	if (rc == 0) {
		q->tenant_id = r->user.tenant_id;
		q->item_id = f->item.id;
		q->cost = f->item.cost;
		q->requester_id = r->user.id;
		snprintf(q->lang, sizeof q->lang, "%s", r->lang);
		snprintf(q->item_name_ja, sizeof q->item_name_ja, "%s", f->item.name_ja);
		snprintf(q->item_name_en, sizeof q->item_name_en, "%s", f->item.name_en);
		snprintf(q->item_code, sizeof q->item_code, "%s", f->item.code);
		struct send_tx t = { r, f, q, files };
		rc = mm_db_transaction(send_tx, &t);
		if (rc != 0)
			cases_attach_undo(files);
	}
	if (rc == 0) {
		mm_log_info("work request %s sent (%d file(s))", q->request_no, files->n);
		mm_copy_str(made, sizeof made, q->request_no);
	} else if (rc == MM_ONCE_REPEAT) {	/* the same form's other post won the race */
		rc = mm_once_find(r, "request", made) == 1 ? 0 : MM_DB_ERR;
	}
	free(files);
	free(q);
	if (rc > 0)
		return form_render(r, f, rc, msg);
	return rc < 0 ? rc : sent(r, made);
}

int rq_customer_post(struct mm_req *r)
{
	const char *code = r->path_args[0];
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0 || !rq_name_ok(code))
		return 404;
	struct form *f;
	int rc = form_load(r, code, &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	rc = send_request(r, f);
	form_free(f);
	return rc;
}

int rq_customer_file(struct mm_req *r)
{
	const char *no = r->path_args[0];
	long long id;
	if (mm_role_is_staff(r->user.role) || r->user.tenant_id <= 0 || !rq_request_no_ok(no) ||
	    mm_pubid_decode(MM_PUBID_ATTACHMENT, r->path_args[1], &id) < 0)
		return 404;
	struct rq_file *f = calloc(1, sizeof *f);
	if (!f)
		return MM_DB_ERR;
	int rc = rq_db_file(no, id, r->user.tenant_id, f);
	if (rc > 0)
		rc = mm_send_stored_file(r, f->store_id, f->file_name, f->content_type);
	else if (rc == 0)
		rc = 404;
	free(f);
	return rc;
}
