/* cases: inquiries, the case list with keyword search, the case page and
 * the lifecycle (CASE-1, CASE-3 … CASE-8). The route table is assembled in
 * cases_main.c from parts; each part exports its routes and templates. */
#ifndef CASES_H
#define CASES_H
#include "mm.h"
#include "cases_status.h"
#include "mm_ngram.h"

#define CASES_PAGE_SIZE 20
#define CASES_SUBJECT_MAX 200
#define CASES_TEXT_MAX 10000	/* description, comment */
/* A case page shows every comment and file of the case: a case takes this
 * many comments (and internal notes), and CASES_MAX_CASE_FILES files
 * (cases_attach.h), then asks for a new inquiry (cases.err.full). Status
 * changes and assignments always pass, so that a full case can still be
 * resolved and closed. */
#define CASES_MAX_COMMENTS 1000
#define CASES_MAX_CATEGORIES 64
#define CASES_COUNT_CAP 10000	/* the analyst queue across tenants counts this far */
/* a tenant's keyword that may match many cases (its rarest gram is in
 * CASES_GRAMS_EXACT cases or more, or the side index does not serve it)
 * counts this far: past it the page says "1000 件以上" */
#define CASES_KEYWORD_COUNT_CAP 1000
#define CASES_GRAMS_EXACT 2000
/* a tenant's keyword goes through the side index unless even its rarest
 * gram is in this many of the tenant's cases (docs/case-search.md) */
#define CASES_GRAMS_CAP 10000
/* A common word's pages from this offset on walk the cases against the
 * rarest gram's set read once (cases_db_list) */
#define CASES_DEEP_OFFSET 200
/* Pages before this offset are read with their kept count in one statement
 * (cases_db_list_first): their rows are read forward, skipping fewer index
 * entries than a deep page's kept position leaves (MARK_EVERY) */
#define CASES_FIRST_OFFSET 500

extern const struct mm_route cases_customer_routes[];
extern const size_t cases_customer_nroutes;
extern const char *const cases_customer_templates[];
extern const struct mm_route cases_staff_routes[];
extern const size_t cases_staff_nroutes;
extern const char *const cases_staff_templates[];
/* GET, POST /staff/cases/new (cases_staff_new.c); the category editor
 * /staff/cases/categories (cases_staff_categories.c). */
int cases_staff_new_form(struct mm_req *r);
int cases_staff_new_submit(struct mm_req *r);
extern const struct mm_input cases_staff_new_inputs[];
/* Links from other consoles (e.g. a tenant's points) preselect the tenant and the category. */
extern const struct mm_input cases_staff_new_preset_inputs[];
int cases_staff_categories(struct mm_req *r);
int cases_staff_categories_submit(struct mm_req *r);
extern const struct mm_input cases_staff_categories_inputs[];

/* --- rows (cases_db.c) -------------------------------------------------- */

struct case_category {
	long long id;
	char code[41];
	char name_ja[101 * 4], name_en[101 * 4];
	char hint_ja[401 * 4], hint_en[401 * 4];
	int customer_selectable, retired;
	long long position;	/* the order of the lists; < 0 on a save: unchanged */
};

struct case_row {
	long long id, tenant_id, category_id, contact_user_id, opened_by, assignee_id;
	long long version;
	char case_no[10];
	int status;		/* enum case_status */
	char category_code[41], category_ja[101 * 4], category_en[101 * 4];
	char subject[(CASES_SUBJECT_MAX + 1) * 4];
	char customer_no[11], tenant_name[201 * 4], service_name[101 * 4];
	char contact_name[101 * 4], assignee_name[101 * 4];
	time_t created_at, updated_at, closed_at;
};

/* Who reads: a customer sees their tenant only; staff (tenant_id 0) all. */
struct case_scope {
	long long tenant_id;	/* 0: every tenant (provider staff) */
	int include_internal;	/* internal notes and files (staff only) */
	/* the tenant's number and name when the reader's session holds them
	 * (a customer's own tenant): the list takes them from here */
	const char *customer_no, *tenant_name;
};

enum case_sort {
	CASE_SORT_NO, CASE_SORT_STATUS, CASE_SORT_CATEGORY, CASE_SORT_SUBJECT,
	CASE_SORT_CUSTOMER_NO, CASE_SORT_TENANT, CASE_SORT_SERVICE, CASE_SORT_CONTACT,
	CASE_SORT_UPDATED, CASE_NSORT
};

struct case_filter {
	const char *status1, *status2;	/* "" any; else one or two statuses */
	long long category_id;		/* 0 any */
	time_t updated_from, updated_before;	/* 0 open */
	long long contact_user_id;	/* 0 any ("my cases" of a customer) */
	long long assignee_id;		/* 0 any (staff: "mine") */
	int unassigned;			/* staff: nobody assigned yet */
	const char *tenant_like;	/* staff: NULL, or a LIKE pattern of tenant names */
	const char *like[4];		/* NULL, or the keyword's LIKE patterns (mm_fold_like_terms) */
	int sort, desc;
	long long offset;
	long long matches;		/* the count, when known: picks the keyword's plan */
	int matches_capped;		/* matches is a floor (cases_db_count_cap), not the count */
	int matches_marked;		/* matches is the kept positions' (cases_db_count_marked) */
	int use_grams;			/* the keyword's candidates come from the side index */
	int grams_one_term;		/* … and both its grams are of one term */
	struct mm_ngram_pick grams;	/* … those holding both grams (cases_db_plan) */
};

int cases_db_categories(struct case_category *out, int cap);	/* count or < 0 */
/* The same, kept by the worker for a few seconds (the case list's filter):
 * *out points to them until the next call; count or < 0. */
int cases_db_categories_kept(const struct case_category **out);
/* Which reading of the categories cases_db_categories_kept gives: another
 * number once they were read again. */
unsigned long cases_db_categories_reading(void);
int cases_db_category_by_code(const char *code, long long *id);	/* 1, 0, < 0 */
int cases_db_tenant_by_no(const char *customer_no, long long *id);	/* 1, 0, < 0 */
/* A user of the tenant by user ID: 1 (*id -1: the user is disabled), 0, < 0. */
int cases_db_tenant_user(long long tenant_id, const char *login_id, long long *id);
/* The category editor: 1 saved, 0 no such category, < 0 error. */
int cases_db_category_save(const struct case_category *k);
/* 0 added, MM_DB_DUP the code exists, < 0 error. */
int cases_db_category_add(const struct case_category *k, time_t now);

/* Decides how a tenant's keyword is searched (the side index or the scan):
 * call once after the filter is complete, before the count. 0 or < 0. */
int cases_db_plan(const struct case_scope *s, struct case_filter *f);
/* The count stops just past this (0: exact); call after cases_db_plan. */
long long cases_db_count_cap(const struct case_scope *s, const struct case_filter *f);
int cases_db_count(const struct case_scope *s, const struct case_filter *f, long long *n);
/* Up to CASES_PAGE_SIZE rows into out (the fields the list shows); the
 * count or < 0. */
int cases_db_list(const struct case_scope *s, const struct case_filter *f, struct case_row *out);
/* The count of a tenant's unfiltered list in f's order as of the positions
 * the worker keeps of it (no statement): 1 with *n, or 0. cases_db_list
 * then reads the page only from those positions, whose statement confirms
 * the count (the tenant's list stamp unchanged), or returns CASES_RECOUNT:
 * count again and read the page the ordinary way. */
int cases_db_count_marked(const struct case_scope *s, const struct case_filter *f, long long *n);
#define CASES_RECOUNT (-100)
/* 1 when the count is a kept one: the tenant's by status and category, or
 * a contact's ("my cases") by them (no other filter): a page before
 * CASES_FIRST_OFFSET then comes with its count (cases_db_list_first). */
int cases_db_count_kept(const struct case_scope *s, const struct case_filter *f);
/* The page at f->offset (below CASES_FIRST_OFFSET), read forward, and the
 * count of such a filter in one statement: rows or < 0. */
int cases_db_list_first(const struct case_scope *s, const struct case_filter *f,
			struct case_row *out, long long *count);

/* The case numbered case_no within the scope: 1 found, 0 none (also when it
 * belongs to another tenant), < 0 error. description gets its text. */
int cases_db_get(const struct case_scope *s, const char *case_no, struct case_row *c,
		 struct mm_buf *description);

struct case_activity_row {
	long long id, author_id;
	char kind[10];		/* comment, note, status, assign */
	char author_name[101 * 4];
	int author_is_staff;
	char status_from[21], status_to[21];
	struct mm_buf body;
	time_t created_at;
};
/* Calls fn for each activity of the case, oldest first (internal notes only
 * with s->include_internal). 0 or < 0. */
int cases_db_activity(const struct case_scope *s, long long case_id,
		      int (*fn)(const struct case_activity_row *a, void *ctx), void *ctx);

/* A new case (inside the caller's transaction): a random number retried on
 * collision, its search row. id and case_no are filled. 0 or MM_DB_*. */
struct case_new {
	long long tenant_id, category_id, contact_user_id, opened_by;
	const char *subject, *description;
	time_t now;
	long long id;
	char case_no[10];
};
int cases_db_create(struct case_new *n);

/* One change of a case made against the version its author saw (inside the
 * caller's transaction): bumps the version and updated_at, sets the status,
 * adds the activity row (kind "comment", "note", "status" or "assign"; body
 * may be "") and keeps the search row current (public comments only). An
 * internal note ("note") only adds its row: the version and updated_at the
 * customer sees stay as they were (it changes no status or assignee).
 * 0 done (*activity_id set), 1 the case changed meanwhile, CASES_FULL a
 * comment or note (without a status change) on a case that holds
 * CASES_MAX_COMMENTS, < 0 MM_DB_*. */
struct case_change {
	long long case_id, tenant_id, version, author_id;
	int status_from, status_to;
	long long assignee_id;	/* -1 keep */
	const char *kind, *body;
	time_t now;
	long long activity_id;
};
int cases_db_change(struct case_change *ch);

/* Provider staff who can be assigned (analysts, staff admins, enabled). */
struct case_analyst {
	long long id;
	char name[101 * 4];
};
int cases_db_analysts(struct case_analyst *out, int cap);	/* count or < 0 */
int cases_db_is_analyst(long long user_id);	/* 1, 0, < 0 */

/* Mail addresses (and languages) to notify. 1 found, 0 none, < 0 error. */
int cases_db_user_mail(long long user_id, char email[255 * 4], char lang[3]);
/* The tenant's customer admins: fn per admin. 0 or < 0. */
int cases_db_tenant_admins(long long tenant_id,
			   int (*fn)(long long user_id, const char *email, const char *lang, void *ctx),
			   void *ctx);

/* --- shared page pieces (cases_page.c) ----------------------------------- */

/* The case named by the path (routes end their prefix in "CS", so
 * r->path_rest is "1234567" then optionally "/..."), in the user's scope:
 * 1 found (what follows the number in *tail), 0 the page does not exist,
 * < 0 error. */
int cases_from_path(struct mm_req *r, const struct case_scope *s, struct case_row *c,
		    struct mm_buf *description, const char **tail);
void cases_scope_of(struct mm_req *r, struct case_scope *s);
/* Runs fn on the case the path names (in the user's scope) with what
 * follows the number; a missing case, or another tenant's, is 404. */
typedef int (*cases_case_fn)(struct mm_req *r, struct case_row *c, const char *description,
			     const char *tail);
int cases_on_case(struct mm_req *r, cases_case_fn fn);
/* Case.* for a case page or a mail. */
void cases_fill_case(struct mm_req *r, const char *prefix, const struct case_row *c);
/* Categories.N.* for a form (customer_only: the customer-selectable ones). */
int cases_fill_categories(struct mm_req *r, int customer_only);
/* The same for the case list's filter, from the worker's kept copy. */
int cases_fill_list_categories(struct mm_req *r);
/* 1 when id names a category that can be chosen (by a customer: only the
 * customer-selectable ones), 0 not, < 0 error. */
int cases_category_ok(long long id, int customer);
/* The activity stream into Activity.N.* */
int cases_fill_activity(struct mm_req *r, const struct case_scope *s, long long case_id);
/* Validators shared by the forms. A required text of only blanks (spaces,
 * ideographic spaces, tabs, line breaks) is refused: cases.err.blank. */
const char *cases_v_text(const struct mm_input *in, const char *v);
const char *cases_v_line(const struct mm_input *in, const char *v);	/* mm_v_line, same rule */
/* Whether v holds nothing but blanks (NULL: yes). */
int cases_blank(const char *v);
const char *cases_v_int(const struct mm_input *in, const char *v);
const char *cases_v_customer_no(const struct mm_input *in, const char *v);	/* N + 9 digits */
/* Text as stored: line breaks as LF. */
void cases_text_store(struct mm_buf *out, const char *v);

/* --- the case page (cases_view.c) ----------------------------------------- */

/* Renders the case page of c (the customer's or, for staff, the
 * analyst's) with an optional message: an error
 * (Message.Error, after a refused or conflicting change: nothing changed)
 * or a notice (Message.Notice, after a change). */
int cases_view_render(struct mm_req *r, const struct case_row *c, const char *description,
		      int status, const char *error_key, const char *notice_key);
/* The analyst page's actions: the statuses it may go to, the analysts to
 * assign (cases_staff.c). 0 or < 0. */
int cases_staff_fill_actions(struct mm_req *r, const struct case_row *c);
/* GET /cases/CS…, GET /cases/CS…/close (the confirmation). */
int cases_view(struct mm_req *r);
extern const struct mm_input cases_view_inputs[];
/* POST /cases/CS…/comment|close|accept|reject (cases_action.c). */
int cases_act(struct mm_req *r);
extern const struct mm_input cases_act_inputs[];
/* GET /cases/ and GET /staff/cases/ (cases_list.c) */
int cases_list(struct mm_req *r);
extern const struct mm_input cases_list_inputs[];
extern const struct mm_input cases_staff_list_inputs[];
/* Opens case n with the request's files (cases_new.c): staged, recorded in
 * the transaction that creates the case, and mailed to the provider (a
 * customer's inquiry) or the customer (by_staff). 0 (n->case_no set), an
 * HTTP status with *msg_key for a refused upload, or < 0. */
int cases_open(struct mm_req *r, struct case_new *n, int by_staff, const char **msg_key);
/* GET, POST /cases/new (cases_new.c) */
int cases_new_form(struct mm_req *r);
/* GET /cases/new?alert=<id>: the form prefilled about that alert. */
extern const struct mm_input cases_new_form_inputs[];
struct case_alert {
	long long id;
	time_t detected_at;
	int severity;
	char category[41 * 4], source[256 * 4], destination[256 * 4], url[2049 * 4];
	char mac[18], device_name[101 * 4];
	char device_alert_id[65];	/* the id the UTM gave it */
};
/* The tenant's alert of a registered device (cases_alert_db.c): 1, 0, < 0. */
int cases_db_alert(long long tenant_id, long long alert_id, struct case_alert *a);
int cases_new_submit(struct mm_req *r);
extern const struct mm_input cases_new_inputs[];

/* --- notifications (cases_notify.c) -------------------------------------- */

/* A customer acted: the assigned analyst, else the team address
 * (Cases.TeamAddress). event: "new", "comment", "closed", "accepted", "rejected". */
int cases_notify_provider(struct mm_req *r, const struct case_row *c, const char *event,
			  const char *text);
/* The provider changed the case (public comment, status): the customer
 * contact, and with admins_too the tenant's customer admins. */
int cases_notify_customer(struct mm_req *r, const struct case_row *c, const char *event,
			  const char *text, int admins_too);

#endif
