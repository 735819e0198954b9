/* signup: every SQL statement of the application area's public side, and the
 * generic application reads the analyst console shares (signup_db.h). */
#include "signup_db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_COLUMNS \
	"SELECT id, app_no, status, company, surname, given_name, department, position," \
	" email, postal_code, prefecture, address, phone, lang, created_at," \
	" confirm_expires_at, confirmed_at, decided_at, decided_by, reject_reason," \
	" tenant_id, ip FROM applications"
static const char SQL_APP_BY_ID[] = APP_COLUMNS " WHERE id = ?";
static const char SQL_APP_BY_NO[] = APP_COLUMNS " WHERE app_no = ?";
static const char SQL_APP_DESTINATIONS[] =
	"SELECT id, seq, company, surname, given_name, department, postal_code, prefecture,"
	" address, phone, units FROM application_destinations WHERE application_id = ?"
	" ORDER BY seq";
static const char SQL_APP_USERS[] =
	"SELECT id, seq, surname, given_name, email, mobile, user_id FROM application_users"
	" WHERE application_id = ? ORDER BY seq";
static const char SQL_APP_ANSWERS[] =
	"SELECT q.id, q.kind, q.label_ja, q.label_en, a.answer FROM application_answers a"
	" JOIN signup_questions q ON q.id = a.question_id WHERE a.application_id = ?"
	" ORDER BY q.position, q.id";
static const char SQL_QUESTIONS_ACTIVE[] =
	"SELECT " SIGNUP_QUESTION_COLUMNS " FROM signup_questions WHERE retired = 0"
	" ORDER BY position, id";

static const char SQL_EXPIRE_UNCONFIRMED[] =
	"UPDATE applications SET status = 'expired'"
	" WHERE status = 'unconfirmed' AND confirm_expires_at <= ?";
static const char SQL_APP_INSERT[] =
	"INSERT INTO applications (app_no, status, company, surname, given_name, department,"
	" position, email, postal_code, prefecture, address, phone, lang, confirm_token_hash,"
	" created_at, confirm_expires_at, ip)"
	" VALUES (?, 'unconfirmed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DESTINATION_INSERT[] =
	"INSERT INTO application_destinations (application_id, seq, company, surname,"
	" given_name, department, postal_code, prefecture, address, phone, units)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_APP_USER_INSERT[] =
	"INSERT INTO application_users (application_id, seq, surname, given_name, email, mobile)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_ANSWER_INSERT[] =
	"INSERT INTO application_answers (application_id, question_id, answer) VALUES (?, ?, ?)";
static const char SQL_CONFIRM_LOOKUP[] =
	"SELECT id, app_no FROM applications WHERE confirm_token_hash = ?"
	" AND status = 'unconfirmed' AND confirm_expires_at > ?";
static const char SQL_CONFIRM_COMPLETE[] =
	"UPDATE applications SET status = 'completed', confirmed_at = ?"
	" WHERE id = ? AND status = 'unconfirmed' AND confirm_expires_at > ?";

static const char SQL_DRAFT_GET[] =
	"SELECT id, data FROM signup_drafts WHERE token_hash = ? AND expires_at > ?";
static const char SQL_DRAFT_INSERT[] =
	"INSERT INTO signup_drafts (token_hash, data, created_at, expires_at) VALUES (?, ?, ?, ?)";
static const char SQL_DRAFT_UPDATE[] =
	"UPDATE signup_drafts SET data = ?, expires_at = ? WHERE id = ?";
static const char SQL_DRAFT_DELETE[] = "DELETE FROM signup_drafts WHERE id = ?";
/* bounded, so that the request that happens to clean up stays fast */
static const char SQL_DRAFT_PURGE[] =
	"DELETE FROM signup_drafts WHERE expires_at <= ? ORDER BY expires_at LIMIT 100";

#define COPY(field, col) mm_copy_str(field, sizeof field, mm_db_str(&q, col))

/* Reads the row of an application query already run into q
 * (mm_db_query_row, which answered rc). */
static int app_read(struct mm_res *q, int rc, struct signup_application *a)
{
	memset(a, 0, sizeof *a);
	if (rc == 1) {
#define ACOPY(field, col) mm_copy_str(a->field, sizeof a->field, mm_db_str(q, col))
		a->id = mm_db_int(q, 0);
		ACOPY(app_no, 1);
		ACOPY(status, 2);
		ACOPY(company, 3);
		ACOPY(surname, 4);
		ACOPY(given_name, 5);
		ACOPY(department, 6);
		ACOPY(position, 7);
		ACOPY(email, 8);
		ACOPY(postal_code, 9);
		ACOPY(prefecture, 10);
		ACOPY(address, 11);
		ACOPY(phone, 12);
		ACOPY(lang, 13);
		a->created_at = mm_db_time(q, 14);
		a->confirm_expires_at = mm_db_time(q, 15);
		a->confirmed_at = mm_db_time(q, 16);
		a->decided_at = mm_db_time(q, 17);
		a->decided_by = mm_db_int(q, 18);
		ACOPY(reject_reason, 19);
		a->tenant_id = mm_db_int(q, 20);
		ACOPY(ip, 21);
#undef ACOPY
	}
	mm_db_done(q);
	return rc;
}

int signup_app_by_id(long long id, struct signup_application *a)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_APP_BY_ID, "i", id);
	return app_read(&q, rc, a);
}

int signup_app_by_no(const char *app_no, struct signup_application *a)
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_APP_BY_NO, "s", app_no);
	return app_read(&q, rc, a);
}

int signup_app_destinations(long long application_id, struct signup_destination *out, int max)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_APP_DESTINATIONS, "i", application_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < max && (rc = mm_db_next(&q)) == 1) {
		struct signup_destination *d = &out[n++];
		memset(d, 0, sizeof *d);
		d->id = mm_db_int(&q, 0);
		d->seq = (int)mm_db_int(&q, 1);
		COPY(d->company, 2);
		COPY(d->surname, 3);
		COPY(d->given_name, 4);
		COPY(d->department, 5);
		COPY(d->postal_code, 6);
		COPY(d->prefecture, 7);
		COPY(d->address, 8);
		COPY(d->phone, 9);
		d->units = (int)mm_db_int(&q, 10);
	}
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

int signup_app_users(long long application_id, struct signup_app_user *out, int max)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_APP_USERS, "i", application_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < max && (rc = mm_db_next(&q)) == 1) {
		struct signup_app_user *u = &out[n++];
		memset(u, 0, sizeof *u);
		u->id = mm_db_int(&q, 0);
		u->seq = (int)mm_db_int(&q, 1);
		COPY(u->surname, 2);
		COPY(u->given_name, 3);
		COPY(u->email, 4);
		COPY(u->mobile, 5);
		u->user_id = mm_db_int(&q, 6);
	}
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

int signup_app_answers(long long application_id, struct signup_answer *out, int max)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_APP_ANSWERS, "i", application_id);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < max && (rc = mm_db_next(&q)) == 1) {
		struct signup_answer *a = &out[n++];
		memset(a, 0, sizeof *a);
		a->question_id = mm_db_int(&q, 0);
		COPY(a->kind, 1);
		COPY(a->label_ja, 2);
		COPY(a->label_en, 3);
		COPY(a->answer, 4);
	}
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

void signup_question_read(const struct mm_res *q, unsigned col, struct signup_question *s)
{
	memset(s, 0, sizeof *s);
	s->id = mm_db_int(q, col);
	s->position = (int)mm_db_int(q, col + 1);
	mm_copy_str(s->kind, sizeof s->kind, mm_db_str(q, col + 2));
	mm_copy_str(s->label_ja, sizeof s->label_ja, mm_db_str(q, col + 3));
	mm_copy_str(s->label_en, sizeof s->label_en, mm_db_str(q, col + 4));
	s->required = (int)mm_db_int(q, col + 5);
	s->required_if_yes = mm_db_int(q, col + 6);
	s->max_length = (int)mm_db_int(q, col + 7);
	s->retired = (int)mm_db_int(q, col + 8);
}

int signup_questions_active(struct signup_question *out, int max)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_QUESTIONS_ACTIVE, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < max && (rc = mm_db_next(&q)) == 1)
		signup_question_read(&q, 0, &out[n++]);
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

long long signup_expire_unconfirmed(time_t now)
{
	return mm_db_exec(SQL_EXPIRE_UNCONFIRMED, "t", now);
}

int signup_app_insert(struct signup_application *a, const unsigned char token_hash[32])
{
	long long n = mm_db_exec(SQL_APP_INSERT, "ssssssssssssbtts", a->app_no, a->company,
				 a->surname, a->given_name, a->department, a->position,
				 a->email, a->postal_code, a->prefecture, a->address, a->phone,
				 a->lang, token_hash, (size_t)32, a->created_at,
				 a->confirm_expires_at, a->ip);
	if (n < 0)
		return (int)n;
	a->id = (long long)mm_db_insert_id();
	return 0;
}

int signup_destination_insert(long long application_id, const struct signup_destination *d)
{
	long long n = mm_db_exec(SQL_DESTINATION_INSERT, "iissssssssi", application_id,
				 (long long)d->seq, d->company, d->surname, d->given_name,
				 d->department, d->postal_code, d->prefecture, d->address,
				 d->phone, (long long)d->units);
	return n < 0 ? (int)n : 0;
}

int signup_app_user_insert(long long application_id, const struct signup_app_user *u)
{
	long long n = mm_db_exec(SQL_APP_USER_INSERT, "iissss", application_id,
				 (long long)u->seq, u->surname, u->given_name, u->email,
				 u->mobile);
	return n < 0 ? (int)n : 0;
}

int signup_answer_insert(long long application_id, long long question_id, const char *answer)
{
	long long n = mm_db_exec(SQL_ANSWER_INSERT, "iis", application_id, question_id, answer);
	return n < 0 ? (int)n : 0;
}

int signup_confirm_lookup(const unsigned char token_hash[32], time_t now,
			  long long *id, char app_no[SIGNUP_APP_NO_LEN + 1])
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_CONFIRM_LOOKUP, "bt", token_hash, (size_t)32, now);
	if (rc == 1) {
		*id = mm_db_int(&q, 0);
		mm_copy_str(app_no, SIGNUP_APP_NO_LEN + 1, mm_db_str(&q, 1));
	}
	mm_db_done(&q);
	return rc;
}

int signup_confirm_complete(long long id, time_t now)
{
	long long n = mm_db_exec(SQL_CONFIRM_COMPLETE, "tit", now, id, now);
	return n < 0 ? (int)n : n == 1;
}

int signup_draft_row_get(const unsigned char token_hash[32], time_t now,
			 long long *id, char **data)
{
	struct mm_res q;
	*data = NULL;
	int rc = mm_db_query_row(&q, SQL_DRAFT_GET, "bt", token_hash, (size_t)32, now);
	if (rc == 1) {
		*id = mm_db_int(&q, 0);
		const char *s = mm_db_str(&q, 1);
		*data = strdup(s ? s : "");
		if (!*data)
			rc = MM_DB_ERR;
	}
	mm_db_done(&q);
	return rc;
}

int signup_draft_row_insert(const unsigned char token_hash[32], const char *data,
			    time_t now, time_t expires, long long *id)
{
	long long n = mm_db_exec(SQL_DRAFT_INSERT, "bstt", token_hash, (size_t)32, data,
				 now, expires);
	if (n < 0)
		return (int)n;
	*id = (long long)mm_db_insert_id();
	return 0;
}

int signup_draft_row_update(long long id, const char *data, time_t expires)
{
	long long n = mm_db_exec(SQL_DRAFT_UPDATE, "sti", data, expires, id);
	return n < 0 ? (int)n : 0;
}

int signup_draft_row_delete(long long id)
{
	long long n = mm_db_exec(SQL_DRAFT_DELETE, "i", id);
	return n < 0 ? (int)n : n > 0;
}

int signup_draft_rows_purge(time_t now)
{
	long long n = mm_db_exec(SQL_DRAFT_PURGE, "t", now);
	return n < 0 ? (int)n : 0;
}
