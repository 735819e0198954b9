/* mimamori-cases: the route table is the concatenation of the parts'
 * tables (customer pages, the analyst console, attachments). */
#include "cases.h"
#include <stdlib.h>
#include <string.h>

struct cases_part {
	const struct mm_route *routes;
	const size_t *nroutes;
	const char *const *templates;
};

static const struct cases_part parts[] = {
	{ cases_customer_routes, &cases_customer_nroutes, cases_customer_templates },
	{ cases_staff_routes, &cases_staff_nroutes, cases_staff_templates },
};
#define NPARTS (sizeof parts / sizeof *parts)

int main(int argc, char **argv)
{
	size_t nroutes = 0, ntemplates = 0;
	for (size_t i = 0; i < NPARTS; i++) {
		nroutes += *parts[i].nroutes;
		for (const char *const *t = parts[i].templates; *t; t++)
			ntemplates++;
	}
	struct mm_route *routes = calloc(nroutes, sizeof *routes);
	const char **templates = calloc(ntemplates + 1, sizeof *templates);
	if (!routes || !templates)
		return 1;
	size_t r = 0, t = 0;
	for (size_t i = 0; i < NPARTS; i++) {
		memcpy(routes + r, parts[i].routes, *parts[i].nroutes * sizeof *routes);
		r += *parts[i].nroutes;
		for (const char *const *p = parts[i].templates; *p; p++)
			templates[t++] = *p;
	}
	struct mm_app app = { "cases", routes, nroutes, templates };
	int rc = mm_main(&app, argc, argv);
	free(routes);
	free(templates);
	return rc;
}
