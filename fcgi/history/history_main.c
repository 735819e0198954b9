/* mimamori-history: the login history page and its exports (§8). */
#include "history.h"
#include <string.h>

/* The export formats the ≡ menu offers, in its order; each is answered at
 * /history/export.<ext>. Adding a format is one line here. */
const struct hx_format *const history_formats[] = {
	&hx_csv,
	&hx_xlsx,
	&hx_pdf,
	NULL
};

/* GET /history/export.<ext> */
static int export_route(struct mm_req *r)
{
	const char *seg = r->path_args[0];
	if (strncmp(seg, "export.", 7) != 0)
		return 404;
	for (int i = 0; history_formats[i]; i++)
		if (strcmp(seg + 7, history_formats[i]->ext) == 0)
			return history_export(r, history_formats[i]);
	return 404;
}

static const struct mm_route routes[] = {
	{ "GET", "/history/", history_page, 0, history_inputs },
	{ "GET", "/history/*", export_route, 0, history_inputs },
};

static const char *const templates[] = { "history/list.cs", NULL };

int main(int argc, char **argv)
{
	const struct mm_app app = { "history", routes, sizeof routes / sizeof *routes, templates, NULL };
	return mm_main(&app, argc, argv);
}
