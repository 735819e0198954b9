/* Queries of the analyst console and the writes of its decisions; rows come
 * back in structs, the pages fill the HDF. */
#include "signup_staff_db.h"
#include "signup_wizard.h"
#include <stdio.h>
#include <string.h>

static const char SQL_USER_BRIEF[] =
	"SELECT login_id, display_name, role FROM users WHERE id = ?";
static const char SQL_TENANT_BRIEF[] = "SELECT customer_no, name FROM tenants WHERE id = ?";

/* A keyword matches the number, company, applicant or e-mail; '' = any. */
#define KEYWORD_FILTER \
	" AND (? = '' OR a.app_no LIKE ? OR a.company LIKE ? OR a.email LIKE ?" \
	" OR a.surname LIKE ? OR a.given_name LIKE ?)"
#define LIST_COLUMNS \
	"SELECT a.app_no, a.company, a.surname, a.given_name, a.email," \
	" (SELECT COALESCE(SUM(d.units), 0) FROM application_destinations d" \
	"  WHERE d.application_id = a.id)," \
	" (SELECT COUNT(*) FROM application_users u WHERE u.application_id = a.id)," \
	" a.confirmed_at, a.status, a.created_at, a.decided_at FROM applications a"
static const char SQL_APP_COUNT[] =
	"SELECT COUNT(*) FROM applications a WHERE (? = '' OR a.status = ?)" KEYWORD_FILTER;
/* the decision queue is worked oldest first; other lists show the newest */
static const char SQL_APP_LIST_QUEUE[] =
	LIST_COLUMNS " WHERE a.status = 'completed'" KEYWORD_FILTER
	" ORDER BY a.confirmed_at, a.id LIMIT ? OFFSET ?";
static const char SQL_APP_LIST[] =
	LIST_COLUMNS " WHERE (? = '' OR a.status = ?)" KEYWORD_FILTER
	" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";

static const char SQL_REJECT[] =
	"UPDATE applications SET status = 'rejected', decided_at = ?, decided_by = ?,"
	" reject_reason = ? WHERE id = ? AND status = 'completed'";
static const char SQL_MARK_APPROVED[] =
	"UPDATE applications SET status = 'approved', decided_at = ?, decided_by = ?"
	" WHERE id = ? AND status = 'completed'";
static const char SQL_APP_TENANT[] = "UPDATE applications SET tenant_id = ? WHERE id = ?";
static const char SQL_TENANT_INSERT[] =
	"INSERT INTO tenants (customer_no, name, created_at) VALUES (?, ?, ?)";
static const char SQL_CONTRACT_INSERT[] =
	"INSERT INTO contracts (tenant_id, application_id, service_name, plan, contract_type,"
	" start_date, next_renewal_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DEVICE_INSERT[] =
	"INSERT INTO devices (tenant_id, contract_id, destination_id, status, created_at)"
	" VALUES (?, ?, ?, 'awaiting_registration', ?)";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash,"
	" lang, created_at, password_changed_at, setup_state, temp_password_expires_at, mobile)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'password', ?, ?)";
static const char SQL_APP_USER_LINK[] = "UPDATE application_users SET user_id = ? WHERE id = ?";

static const char SQL_QUESTION[] =
	"SELECT id, position, kind, required, required_if_yes, retired"
	" FROM signup_questions WHERE id = ? FOR UPDATE";
static const char SQL_QUESTIONS[] =
	"SELECT q.id, q.position, q.kind, q.label_ja, q.label_en, q.required,"
	" q.required_if_yes, q.max_length, q.retired, c.label_ja, c.label_en"
	" FROM signup_questions q LEFT JOIN signup_questions c ON c.id = q.required_if_yes"
	" ORDER BY q.retired, q.position, q.id";
/* The id is chosen here, not by AUTO_INCREMENT: the wizard declares one
 * input per possible id (q_1 .. q_SIGNUP_MAX_QUESTION_ID), so ids stay
 * dense and the insert refuses to pass the limit (no row = full). */
static const char SQL_QUESTION_ADD[] =
	"INSERT INTO signup_questions (id, position, kind, label_ja, label_en, required,"
	" required_if_yes, max_length, retired, created_at)"
	" SELECT COALESCE(MAX(id), 0) + 1, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ?, ?, 0, ?"
	" FROM signup_questions HAVING COALESCE(MAX(id), 0) + 1 <= ?";
static const char SQL_QUESTION_REQUIRED[] =
	"UPDATE signup_questions SET required = ? WHERE id = ?";
static const char SQL_QUESTION_RETIRED[] =
	"UPDATE signup_questions SET retired = ? WHERE id = ?";
static const char SQL_QUESTION_DEPENDENTS[] =
	"SELECT COUNT(*) FROM signup_questions WHERE required_if_yes = ? AND retired = 0";
/* the locking reads keep two analysts' moves from interleaving */
static const char SQL_QUESTION_ABOVE[] =
	"SELECT id, position FROM signup_questions WHERE retired = 0"
	" AND (position < ? OR (position = ? AND id < ?))"
	" ORDER BY position DESC, id DESC LIMIT 1 FOR UPDATE";
static const char SQL_QUESTION_BELOW[] =
	"SELECT id, position FROM signup_questions WHERE retired = 0"
	" AND (position > ? OR (position = ? AND id > ?))"
	" ORDER BY position, id LIMIT 1 FOR UPDATE";
static const char SQL_QUESTION_POSITION[] =
	"UPDATE signup_questions SET position = ? WHERE id = ?";

int staff_db_user_brief(long long user_id, char login_id[41 * 4], char name[101 * 4],
			char role[16])
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_USER_BRIEF, "i", user_id);
	if (rc == 1) {
		mm_copy_str(login_id, 41 * 4, mm_db_str(&q, 0));
		mm_copy_str(name, 101 * 4, mm_db_str(&q, 1));
		mm_copy_str(role, 16, mm_db_str(&q, 2));
	}
	mm_db_done(&q);
	return rc;
}

int staff_db_tenant_brief(long long tenant_id, char customer_no[11], char name[201 * 4])
{
	struct mm_res q;
	int rc = mm_db_query_row(&q, SQL_TENANT_BRIEF, "i", tenant_id);
	if (rc == 1) {
		mm_copy_str(customer_no, 11, mm_db_str(&q, 0));
		mm_copy_str(name, 201 * 4, mm_db_str(&q, 1));
	}
	mm_db_done(&q);
	return rc;
}

/* '%keyword%' with LIKE's own wildcards taken literally. */
static void like_pattern(struct mm_buf *b, const char *q)
{
	mm_buf_puts(b, "%");
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			mm_buf_puts(b, "\\");
		mm_buf_add(b, p, 1);
	}
	mm_buf_puts(b, "%");
}

int staff_db_app_count(const char *status, const char *q, long long *n)
{
	struct mm_buf like = { 0 };
	like_pattern(&like, q);
	const char *l = mm_buf_str(&like);
	*n = 0;
	int rc = mm_db_get_int(n, SQL_APP_COUNT, "ssssssss", status, status, q, l, l, l, l, l);
	mm_buf_free(&like);
	return rc < 0 ? rc : 0;
}

int staff_db_app_list(const char *status, const char *q, long long offset,
		      struct staff_app_row rows[STAFF_PAGE_SIZE])
{
	struct mm_buf like = { 0 };
	like_pattern(&like, q);
	const char *l = mm_buf_str(&like);
	struct mm_res res;
	int rc = strcmp(status, "completed") == 0 ?
		 mm_db_query(&res, SQL_APP_LIST_QUEUE, "ssssssii", q, l, l, l, l, l,
			     (long long)STAFF_PAGE_SIZE, offset) :
		 mm_db_query(&res, SQL_APP_LIST, "ssssssssii", status, status, q, l, l, l, l, l,
			     (long long)STAFF_PAGE_SIZE, offset);
	mm_buf_free(&like);
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < STAFF_PAGE_SIZE && (rc = mm_db_next(&res)) == 1) {
		struct staff_app_row *a = &rows[n++];
#define COPY(field, col) mm_copy_str(a->field, sizeof a->field, mm_db_str(&res, col))
		COPY(app_no, 0);
		COPY(company, 1);
		COPY(surname, 2);
		COPY(given_name, 3);
		COPY(email, 4);
		a->units = mm_db_int(&res, 5);
		a->users = mm_db_int(&res, 6);
		a->confirmed_at = mm_db_time(&res, 7);
		COPY(status, 8);
		a->created_at = mm_db_time(&res, 9);
		a->decided_at = mm_db_time(&res, 10);
#undef COPY
	}
	mm_db_done(&res);
	return rc < 0 ? rc : n;
}

int staff_db_question(long long id, struct staff_question *qn)
{
	struct mm_res q;
	memset(qn, 0, sizeof *qn);
	int rc = mm_db_query_row(&q, SQL_QUESTION, "i", id);
	if (rc == 1) {
		qn->id = mm_db_int(&q, 0);
		qn->position = mm_db_int(&q, 1);
		qn->yesno = strcmp(mm_db_str(&q, 2), "yesno") == 0;
		qn->required = (int)mm_db_int(&q, 3);
		qn->required_if_yes = mm_db_int(&q, 4);
		qn->retired = (int)mm_db_int(&q, 5);
	}
	mm_db_done(&q);
	return rc;
}

int staff_db_questions(struct staff_question_row *out, int max)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_QUESTIONS, "");
	if (rc < 0)
		return rc;
	int n = 0;
	while (n < max && (rc = mm_db_next(&q)) == 1) {
		struct staff_question_row *row = &out[n++];
		signup_question_read(&q, 0, &row->q);
		mm_copy_str(row->condition_ja, sizeof row->condition_ja, mm_db_str(&q, 9));
		mm_copy_str(row->condition_en, sizeof row->condition_en, mm_db_str(&q, 10));
	}
	mm_db_done(&q);
	return rc < 0 ? rc : n;
}

int staff_db_question_add(const char *kind, const char *label_ja, const char *label_en,
			  int required, long long required_if_yes, long long max_length,
			  time_t now)
{
	long long n = MM_DB_DUP;
	/* two analysts adding at once pick the same id: the second tries again */
	for (int attempt = 0; attempt < 3 && n == MM_DB_DUP; attempt++)
		n = mm_db_exec(SQL_QUESTION_ADD, "sssinit" "i", kind, label_ja, label_en,
			       (long long)required, required_if_yes, max_length, now,
			       (long long)SIGNUP_MAX_QUESTION_ID);
	return n < 0 ? (int)n : n == 0;
}

int staff_db_question_set(long long id, const char *what, int value)
{
	long long n = mm_db_exec(strcmp(what, "required") == 0 ? SQL_QUESTION_REQUIRED :
				 SQL_QUESTION_RETIRED, "ii", (long long)(value != 0), id);
	return n < 0 ? (int)n : 0;
}

int staff_db_question_dependents(long long id, long long *n)
{
	*n = 0;
	int rc = mm_db_get_int(n, SQL_QUESTION_DEPENDENTS, "i", id);
	return rc < 0 ? rc : 0;
}

int staff_db_question_move(const struct staff_question *qn, int dir)
{
	struct mm_res q;
	long long other = 0, other_pos = 0;
	int rc = mm_db_query_row(&q, dir < 0 ? SQL_QUESTION_ABOVE : SQL_QUESTION_BELOW, "iii",
				 qn->position, qn->position, qn->id);
	if (rc == 1) {
		other = mm_db_int(&q, 0);
		other_pos = mm_db_int(&q, 1);
	}
	mm_db_done(&q);
	if (rc <= 0)
		return rc;
	/* equal positions (never written by the console) still swap apart */
	long long mine = other_pos == qn->position ? other_pos + (dir < 0 ? -1 : 1) : other_pos;
	long long n = mm_db_exec(SQL_QUESTION_POSITION, "ii", mine, qn->id);
	if (n >= 0)
		n = mm_db_exec(SQL_QUESTION_POSITION, "ii", qn->position, other);
	return n < 0 ? (int)n : 0;
}

int staff_db_reject(long long app_id, time_t now, long long staff_user_id, const char *reason)
{
	long long n = mm_db_exec(SQL_REJECT, "tnsi", now, staff_user_id, reason, app_id);
	return n < 0 ? (int)n : n > 0;
}

int staff_db_mark_approved(long long app_id, time_t now, long long staff_user_id)
{
	long long n = mm_db_exec(SQL_MARK_APPROVED, "tni", now, staff_user_id, app_id);
	return n < 0 ? (int)n : n > 0;
}

int staff_db_app_set_tenant(long long app_id, long long tenant_id)
{
	long long n = mm_db_exec(SQL_APP_TENANT, "ii", tenant_id, app_id);
	return n < 0 ? (int)n : 0;
}

long long staff_db_tenant_insert(const char *customer_no, const char *name, time_t now)
{
	long long n = mm_db_exec(SQL_TENANT_INSERT, "sst", customer_no, name, now);
	return n < 0 ? n : (long long)mm_db_insert_id();
}

long long staff_db_contract_insert(long long tenant_id, long long app_id, const char *service,
				   const char *plan, const char *type, const char *start,
				   const char *renewal, time_t now)
{
	long long n = mm_db_exec(SQL_CONTRACT_INSERT, "iissssst", tenant_id, app_id, service,
				 plan, type, start, renewal, now);
	return n < 0 ? n : (long long)mm_db_insert_id();
}

int staff_db_device_insert(long long tenant_id, long long contract_id, long long destination_id,
			   time_t now)
{
	long long n = mm_db_exec(SQL_DEVICE_INSERT, "iiit", tenant_id, contract_id,
				 destination_id, now);
	return n < 0 ? (int)n : 0;
}

long long staff_db_user_insert(const struct staff_new_user *u, time_t now)
{
	long long n = mm_db_exec(SQL_USER_INSERT, "issssssttts", u->tenant_id, u->login_id,
				 u->email, u->display_name, u->role, u->password_hash, u->lang,
				 now, now, u->temp_expires_at, u->mobile[0] ? u->mobile : NULL);
	return n < 0 ? n : (long long)mm_db_insert_id();
}

int staff_db_app_user_link(long long app_user_id, long long user_id)
{
	long long n = mm_db_exec(SQL_APP_USER_LINK, "ii", user_id, app_user_id);
	return n < 0 ? (int)n : 0;
}
