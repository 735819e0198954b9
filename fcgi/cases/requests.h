/* Work requests (CASE-2, PTS-2): the catalog customers choose from, the
 * item forms whose fields are data (requests_fields.h), the requests and
 * their acceptance into cases with the points they cost. A part of the
 * cases program (cases_main.c). */
#ifndef REQUESTS_H
#define REQUESTS_H
#include "mm.h"
#include "requests_fields.h"

#define RQ_MAX_ITEMS 100
#define RQ_MAX_FIELDS 30	/* per item */
#define RQ_PAGE_SIZE 50		/* requests a list page shows */
#define RQ_REASON_MAX 1000
#define RQ_DESCRIPTION_MAX 2000
#define RQ_OPTIONS_TEXT_MAX 6000	/* characters of a choice's option lines */
#define RQ_COST_MAX 100000

extern const struct mm_route requests_routes[];
extern const size_t requests_nroutes;
extern const char *const requests_templates[];

/* --- rows (requests_db.c) ------------------------------------------------ */

struct rq_item {
	long long id, cost, position;
	char code[41];
	char name_ja[101 * 4], name_en[101 * 4];
	char description_ja[(RQ_DESCRIPTION_MAX + 1) * 4], description_en[(RQ_DESCRIPTION_MAX + 1) * 4];
	int retired;
};

struct rq_item_field {
	long long id, item_id, position;
	char name[RQ_NAME_MAX + 1];
	char label_ja[(RQ_LABEL_MAX + 1) * 4], label_en[(RQ_LABEL_MAX + 1) * 4];
	int retired;
	struct rq_field def;	/* def.options points into options */
	char options[(RQ_OPTIONS_TEXT_MAX + 1) * 4];
	/* dates: the name of the item's date field this one may not precede
	 * (a period's "to" names its "from"); "" none */
	char not_before[RQ_NAME_MAX + 1];
};

struct rq_request {
	long long id, tenant_id, item_id, cost, requester_id, decided_by, case_id;
	char request_no[10], lang[3], state[10];
	char item_code[41], item_name_ja[101 * 4], item_name_en[101 * 4];
	char reason[(RQ_REASON_MAX + 1) * 4];
	char customer_no[11], tenant_name[201 * 4];
	char requester_name[101 * 4], decider_name[101 * 4], case_no[10];
	time_t created_at, decided_at;
};

struct rq_value {
	int position;
	char name[RQ_NAME_MAX + 1], kind[11];
	const char *label_ja, *label_en, *value, *shown_ja, *shown_en;
};

struct rq_period {
	long long id, contracted, credited, consumed;
};

/* Items in catalog order (retired ones too): count or < 0. */
int rq_db_items(struct rq_item *out, int cap);
/* One item by code / by id: 1, 0, < 0. */
int rq_db_item_by_code(const char *code, struct rq_item *it);
int rq_db_item_by_id(long long id, struct rq_item *it);
/* The fields of an item in form order (retired ones too): count or < 0.
 * Each def.options points into the row's own options. */
int rq_db_fields(long long item_id, struct rq_item_field *out, int cap);
/* The editor: 0 saved, MM_DB_DUP (code or field name taken), < 0. */
int rq_db_item_add(const struct rq_item *it, time_t now);
int rq_db_item_save(const struct rq_item *it, time_t now);	/* 1 saved, 0 no such item */
int rq_db_field_add(const struct rq_item_field *f);
int rq_db_field_save(const struct rq_item_field *f);	/* 1 saved, 0 not of that item */

/* Today's Japanese business date, "YYYY-MM-DD": the periods' dates. */
void rq_today(time_t now, char out[11]);
/* The tenant's period holding day today ("YYYY-MM-DD", Japanese business
 * date): 1, 0 none, < 0. */
int rq_db_current_period(long long tenant_id, const char *today, struct rq_period *p);

/* Requests: tenant_id 0 = every tenant (staff), < 0 none; state NULL =
 * any. fn per row from offset, at most RQ_PAGE_SIZE: newest first, but
 * the pending ones oldest first when oldest_pending (the analyst's queue:
 * the next to decide on top). 0 or < 0. */
int rq_db_requests(long long tenant_id, const char *state, int oldest_pending,
		   long long offset, int (*fn)(const struct rq_request *q, void *ctx), void *ctx);
/* How many requests rq_db_requests would list from offset 0 without the
 * page's limit: 0 or < 0. */
int rq_db_count_requests(long long tenant_id, const char *state, long long *total);
/* One request by number within the tenant (0: any): 1, 0 (also another
 * tenant's), < 0. */
int rq_db_request(const char *request_no, long long tenant_id, struct rq_request *q);
/* The values of a request in form order: fn per value. 0 or < 0. */
int rq_db_values(long long request_id, int (*fn)(const struct rq_value *v, void *ctx), void *ctx);

/* Inside the caller's transaction: a new pending request with a random
 * number (retried on collision); q->id and q->request_no are set. */
int rq_db_request_insert(struct rq_request *q, time_t now);
int rq_db_value_insert(long long request_id, long long tenant_id, const struct rq_value *v);

/* Attachments of requests. */
struct rq_file {
	long long id, size, uploaded_by;
	char store_id[33], file_name[1024], content_type[128], uploader[404];
	unsigned char sha256[32];
	time_t created_at;
};
int rq_db_file_insert(long long request_id, long long tenant_id, const struct rq_file *f,
		      time_t now);
/* fn per file, oldest first. 0 or < 0. */
int rq_db_files(long long request_id, int (*fn)(const struct rq_file *f, void *ctx), void *ctx);
/* One file of the request numbered request_no within the tenant (0: any). */
int rq_db_file(const char *request_no, long long file_id, long long tenant_id, struct rq_file *f);

/* The decision, inside the caller's transaction. */
/* Locks the request row and reads its state: 1, 0 gone, < 0. */
int rq_db_lock_request(long long id, char state[10]);
/* The conditional consumption: 1 consumed, 0 the balance does not cover it. */
int rq_db_consume(long long period_id, long long points, time_t now);
int rq_db_ledger_consume(long long tenant_id, long long period_id, long long points,
			 const char *request_no, long long case_id, long long actor, time_t now);
/* pending -> accepted / rejected: 1 done, 0 no longer pending. */
int rq_db_decide(long long id, const char *state, const char *reason, long long actor,
		 long long case_id, time_t now);

/* --- shared page pieces (requests_page.c) --------------------------------- */

/* The remaining points of the tenant's current period (0 without one);
 * Points.{Has,Contracted,Credited,Consumed,Remaining} for the page. 1 with
 * a current period, 0 without, < 0. */
int rq_fill_points(struct mm_req *r, long long tenant_id, long long *remaining);
/* Request.* of a request; Values.N.{Label,Shown,Kind}; Files.N.* with
 * download URLs under url_prefix ("/cases/requests" or
 * "/staff/cases/requests"). 0 or < 0. */
int rq_fill_request(struct mm_req *r, const struct rq_request *q, const char *url_prefix);
/* A row of a request list (the tenant's requests, the staff queue):
 * Requests.N.{No,Item,State,CaseNo,Reason,Requester,CustomerNo,TenantName,
 * Cost,CreatedAt}, N counted in the rows, for rq_db_requests. */
struct rq_rows {
	struct mm_req *r;
	int n;
};
int rq_fill_row(const struct rq_request *q, void *rows);
/* One page of a request list, the page asked for by the "page" parameter
 * (clamped to the pages there are), with List.{Total,From,To,Page,Pages}
 * for the count line ("1~50 件目 / N 件") and the pager. 0 or < 0. */
int rq_fill_list(struct mm_req *r, long long tenant_id, const char *state, int oldest_pending);
/* Renders the text of the request (its values, in lang) with the plain
 * text template name ("mail/…") into out. 0 or < 0. */
int rq_render_text(struct mm_req *r, const struct rq_request *q, const char *lang,
		   const char *name, struct mm_buf *out);
/* Mails the requester about event ("sent", "accepted", "rejected"),
 * inside the caller's transaction. 0 or < 0. */
int rq_notify_requester(struct mm_req *r, const struct rq_request *q, const char *event);
/* A new request: the analyst team address (Cases.TeamAddress), if any. */
int rq_notify_provider(struct mm_req *r, const struct rq_request *q);
/* "WR" + 7 digits. */
int rq_request_no_ok(const char *s);
/* Item/catalog validators. */
const char *rq_v_code(const struct mm_input *in, const char *v);
const char *rq_v_int(const struct mm_input *in, const char *v);

/* The customer pages (requests_customer.c), the analyst queue and
 * decisions (requests_staff.c), the catalog editor (requests_catalog.c). */
int rq_catalog_page(struct mm_req *r);
int rq_customer_get(struct mm_req *r);
int rq_customer_post(struct mm_req *r);
int rq_customer_file(struct mm_req *r);
extern const struct mm_input rq_customer_get_inputs[];
extern const struct mm_input rq_customer_post_inputs[];
int rq_staff_queue(struct mm_req *r);
int rq_staff_view(struct mm_req *r);
int rq_staff_accept(struct mm_req *r);
int rq_staff_reject(struct mm_req *r);
int rq_staff_file(struct mm_req *r);
extern const struct mm_input rq_staff_view_inputs[];
extern const struct mm_input rq_staff_queue_inputs[];
extern const struct mm_input rq_catalog_inputs[];
extern const struct mm_input rq_staff_reject_inputs[];
int rq_editor_items(struct mm_req *r);
int rq_editor_items_post(struct mm_req *r);
int rq_editor_item(struct mm_req *r);
int rq_editor_item_post(struct mm_req *r);
extern const struct mm_input rq_editor_done_inputs[];
extern const struct mm_input rq_editor_items_inputs[];
extern const struct mm_input rq_editor_fields_inputs[];

#endif
