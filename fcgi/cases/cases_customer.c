/* The customer part of the cases program: routes and templates. */
#include "cases.h"

const struct mm_route cases_customer_routes[] = {
	{ "GET", "/cases/", cases_list, 0, cases_list_inputs },
	{ "GET", "/cases/new", cases_new_form, 0, cases_new_form_inputs },
	{ "POST", "/cases/new", cases_new_submit, MM_UPLOAD | MM_UPLOAD_FORM, cases_new_inputs },
	{ "GET", "/cases/CS", cases_view, MM_PREFIX, cases_view_inputs },
	{ "POST", "/cases/CS", cases_act, MM_PREFIX | MM_UPLOAD | MM_UPLOAD_FORM, cases_act_inputs },
};
const size_t cases_customer_nroutes = sizeof cases_customer_routes / sizeof *cases_customer_routes;

const char *const cases_customer_templates[] = {
	"cases/list.cs", "cases/list_head.cs", "cases/list_filter.cs", "cases/new.cs",
	"cases/case.cs", "cases/close.cs",
	"mail/case_to_provider.cs", "mail/case_to_customer.cs", NULL
};
