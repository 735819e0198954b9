#include "dashboard.h"
#include "dashboard_alerts.h"

static const struct mm_route dashboard_routes[] = {
	{ "GET", "/", dashboard_home, 0, NULL },
	{ "GET", "/dashboard/", dashboard_redirect_home, 0, NULL },
	{ "GET", "/dashboard/alerts", dashboard_alerts, 0, dashboard_alerts_inputs },
	{ "GET", "/dashboard/alerts/*", dashboard_alert, 0, NULL },
	{ "GET", "/dashboard/settings", dashboard_settings, 0, dashboard_settings_view_inputs },
	{ "POST", "/dashboard/settings", dashboard_settings_submit, 0, dashboard_settings_inputs },
};

static const char *const dashboard_templates[] = { "dashboard/home.cs",
	"dashboard/alerts.cs", "dashboard/alert.cs", "dashboard/settings.cs", NULL };

static const struct mm_app dashboard_app = {
	"dashboard", dashboard_routes, sizeof dashboard_routes / sizeof *dashboard_routes,
	dashboard_templates
};

int main(int argc, char **argv)
{
	return mm_main(&dashboard_app, argc, argv);
}
