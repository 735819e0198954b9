/* The work request part of the cases program: routes and templates. The
 * catalog editor's routes come before the request page's '*' route, which
 * would take "catalog" for a request number. */
#include "requests.h"

const struct mm_route requests_routes[] = {
	{ "GET", "/cases/requests/", rq_catalog_page, 0, rq_catalog_inputs },
	{ "GET", "/cases/requests/*/attachments/*", rq_customer_file, 0, NULL },
	{ "GET", "/cases/requests/*", rq_customer_get, 0, rq_customer_get_inputs },
	{ "POST", "/cases/requests/*", rq_customer_post, MM_UPLOAD, rq_customer_post_inputs },
	{ "GET", "/staff/cases/requests/", rq_staff_queue, MM_STAFF, rq_staff_queue_inputs },
	{ "GET", "/staff/cases/requests/catalog", rq_editor_items, MM_STAFF, rq_editor_done_inputs },
	{ "POST", "/staff/cases/requests/catalog", rq_editor_items_post, MM_STAFF,
	  rq_editor_items_inputs },
	{ "GET", "/staff/cases/requests/catalog/*", rq_editor_item, MM_STAFF, rq_editor_done_inputs },
	{ "POST", "/staff/cases/requests/catalog/*", rq_editor_item_post, MM_STAFF,
	  rq_editor_fields_inputs },
	{ "GET", "/staff/cases/requests/*/attachments/*", rq_staff_file, MM_STAFF, NULL },
	{ "GET", "/staff/cases/requests/*", rq_staff_view, MM_STAFF, rq_staff_view_inputs },
	{ "POST", "/staff/cases/requests/*/accept", rq_staff_accept, MM_STAFF, NULL },
	{ "POST", "/staff/cases/requests/*/reject", rq_staff_reject, MM_STAFF,
	  rq_staff_reject_inputs },
};
const size_t requests_nroutes = sizeof requests_routes / sizeof *requests_routes;

const char *const requests_templates[] = {
	"cases/requests.cs", "cases/request_form.cs", "cases/request.cs",
	"staff/cases/requests.cs", "staff/cases/request.cs", "staff/cases/request_catalog.cs",
	"staff/cases/request_fields.cs", "mail/request_to_customer.cs", "mail/request_to_provider.cs",
	"mail/request_case_text.cs", NULL
};
