/* mimamori-points: the customer's point and service pages and the staff
 * pages of points (PTS-1 … PTS-3). */
#include "points.h"
#include <stdio.h>
#include <string.h>

static const struct mm_route customer_routes[] = {
	{ "GET", "/points/", points_page, 0, points_page_inputs },
	{ "GET", "/points/service", points_service, 0, NULL },
};

static const char *const points_templates[] = {
	"points/points.cs", "points/service.cs", "staff/points/list.cs", "staff/points/tenant.cs",
	NULL
};

#define NCUSTOMER (sizeof customer_routes / sizeof *customer_routes)
#define MAX_ROUTES 16
static struct mm_route routes[MAX_ROUTES];

int main(int argc, char **argv)
{
	if (NCUSTOMER + points_staff_nroutes > MAX_ROUTES) {
		fprintf(stderr, "mimamori-points: more than %d routes\n", MAX_ROUTES);
		return 1;
	}
	memcpy(routes, customer_routes, sizeof customer_routes);
	memcpy(routes + NCUSTOMER, points_staff_routes, points_staff_nroutes * sizeof *routes);
	const struct mm_app app = { "points", routes, NCUSTOMER + points_staff_nroutes,
				    points_templates, NULL };
	return mm_main(&app, argc, argv);
}
