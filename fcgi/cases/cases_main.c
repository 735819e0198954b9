/* mimamori-cases: the route table is assembled from the parts of the
 * program, each of which brings its routes and templates. */
#include "cases.h"
#include "cases_attach.h"
#include "requests.h"
#include <stdio.h>
#include <string.h>

struct cases_part {
	const struct mm_route *routes;
	const size_t *nroutes;
	const char *const *templates;
};

static const struct cases_part parts[] = {
	/* first: its '*' routes are more specific than the case pages' prefixes */
	{ cases_attach_routes, &cases_attach_nroutes, cases_attach_templates },
	{ requests_routes, &requests_nroutes, requests_templates },
	{ cases_customer_routes, &cases_customer_nroutes, cases_customer_templates },
	{ cases_staff_routes, &cases_staff_nroutes, cases_staff_templates },
};

#define MAX_ROUTES 128
#define MAX_TEMPLATES 64
static struct mm_route routes[MAX_ROUTES];
static const char *templates[MAX_TEMPLATES + 1];

int main(int argc, char **argv)
{
	size_t nroutes = 0, ntemplates = 0;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		if (nroutes + *parts[i].nroutes > MAX_ROUTES) {
			fprintf(stderr, "mimamori-cases: more than %d routes\n", MAX_ROUTES);
			return 1;
		}
		memcpy(routes + nroutes, parts[i].routes, *parts[i].nroutes * sizeof *routes);
		nroutes += *parts[i].nroutes;
		for (const char *const *t = parts[i].templates; *t; t++) {
			if (ntemplates == MAX_TEMPLATES) {
				fprintf(stderr, "mimamori-cases: more than %d templates\n", MAX_TEMPLATES);
				return 1;
			}
			templates[ntemplates++] = *t;
		}
	}
	const struct mm_app app = { "cases", routes, nroutes, templates, NULL };
	return mm_main(&app, argc, argv);
}
