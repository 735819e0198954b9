#include "dashboard.h"

static const struct mm_route dashboard_routes[] = {
	{ "GET", "/", dashboard_home, 0, NULL },
	{ "GET", "/dashboard/", dashboard_redirect_home, 0, NULL },
};

static const char *const dashboard_templates[] = { "dashboard/home.cs", NULL };

static const struct mm_app dashboard_app = {
	"dashboard", dashboard_routes, sizeof dashboard_routes / sizeof *dashboard_routes,
	dashboard_templates
};

int main(int argc, char **argv)
{
	return mm_main(&dashboard_app, argc, argv);
}
