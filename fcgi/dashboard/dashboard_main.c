#include "dashboard.h"
#include "dashboard_alerts.h"
#include "devices.h"
#include "report.h"

static const struct mm_route dashboard_routes[] = {
	{ "GET", "/", dashboard_home, 0, NULL },
	{ "GET", "/dashboard/", dashboard_redirect_home, 0, NULL },
	{ "GET", "/dashboard/downloads", dashboard_downloads, 0, NULL },
	{ "GET", "/dashboard/alerts", dashboard_alerts, 0, dashboard_alerts_inputs },
	{ "GET", "/dashboard/alerts/*", dashboard_alert, 0, NULL },
	{ "GET", "/dashboard/settings", dashboard_settings, 0, dashboard_settings_view_inputs },
	{ "POST", "/dashboard/settings", dashboard_settings_submit, 0, dashboard_settings_inputs },
	/* UTM devices (DASH-5): dashboard_devices.c, staff_devices.c */
	{ "GET", "/dashboard/devices", devices_list, 0, devices_list_inputs },
	{ "POST", "/dashboard/devices/register", devices_register, 0, devices_register_inputs },
	{ "GET", "/dashboard/devices/*", devices_view, 0, NULL },
	{ "POST", "/dashboard/devices/*/name", devices_rename, 0, devices_name_inputs },
	{ "POST", "/dashboard/devices/*/rotate", devices_rotate, 0, NULL },
	{ "POST", "/dashboard/devices/*/revoke", devices_revoke, 0, devices_revoke_inputs },
	{ "GET", "/staff/dashboard/devices", staff_devices_list, MM_STAFF, staff_devices_list_inputs },
	{ "POST", "/staff/dashboard/devices", staff_devices_add, MM_STAFF, staff_devices_add_inputs },
	{ "GET", "/staff/dashboard/devices/*", staff_devices_view, MM_STAFF, NULL },
	{ "POST", "/staff/dashboard/devices/*/code", staff_devices_code, MM_STAFF, staff_devices_code_inputs },
	{ "POST", "/staff/dashboard/devices/*/rotate", staff_devices_rotate, MM_STAFF, NULL },
	{ "POST", "/staff/dashboard/devices/*/revoke", staff_devices_revoke, MM_STAFF, NULL },
	{ "POST", "/staff/dashboard/devices/*/retire", staff_devices_retire, MM_STAFF, staff_devices_retire_inputs },
	{ "POST", "/staff/dashboard/devices/*/reinstate", staff_devices_reinstate, MM_STAFF, staff_devices_reinstate_inputs },
	/* the threat report (DASH-4): report.c */
	{ "GET", "/dashboard/report", dashboard_report, 0, report_inputs },
	{ "GET", "/staff/dashboard/report", staff_report, MM_STAFF, staff_report_inputs },
	{ "POST", "/staff/dashboard/report/peers", staff_report_peers, MM_STAFF, staff_peers_inputs },
};

static const char *const dashboard_templates[] = { "dashboard/home.cs",
	"dashboard/notices_panel.cs", "knowledge/banner.cs", "dashboard/alerts.cs", "dashboard/alert.cs",
	"dashboard/settings.cs", DEVICES_TEMPLATES,
	"dashboard/report.cs", "dashboard/report_body.cs", NULL };

static const struct mm_app dashboard_app = {
	"dashboard", dashboard_routes, sizeof dashboard_routes / sizeof *dashboard_routes,
	dashboard_templates, &dashboard_home_join
};

int main(int argc, char **argv)
{
	return mm_main(&dashboard_app, argc, argv);
}
