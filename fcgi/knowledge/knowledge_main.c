/* mimamori-knowledge: the customer's pages first, then the staff console
 * (knowledge_staff.c). */
#include "knowledge.h"
#include <stdio.h>
#include <string.h>

static const struct mm_route customer_routes[] = {
	{ "GET", "/knowledge/", kb_search_page, 0, kb_search_inputs },
	{ "GET", "/knowledge/announcements", kb_announcements_page, 0, NULL },
	{ "POST", "/knowledge/announcements/*/dismiss", kb_dismiss, 0, kb_dismiss_inputs },
	{ "GET", "/knowledge/downloads", kb_downloads_page, 0, NULL },
	{ "GET", "/knowledge/downloads/*", kb_download_file, 0, NULL },
	{ "GET", "/knowledge/KB", kb_article_page, MM_PREFIX, kb_article_inputs },
};

static const char *const templates[] = {
	"knowledge/search.cs", "knowledge/article.cs", "knowledge/announcements.cs",
	"knowledge/downloads.cs", "staff/knowledge/list.cs", "staff/knowledge/edit.cs",
	"staff/knowledge/structure.cs", "staff/knowledge/downloads.cs", NULL
};

#define MAX_ROUTES 64
static struct mm_route routes[MAX_ROUTES];
static mm_handler staff_handlers[MAX_ROUTES];

/* Every POST of the console may change what an article page shows: the
 * pages the workers keep are read again (knowledge_keep.c), once the
 * handler's transaction is over. */
static int staff_write(struct mm_req *r)
{
	int rc = staff_handlers[r->route - routes](r);
	kb_keep_forget();
	return rc;
}

int main(int argc, char **argv)
{
	size_t n = sizeof customer_routes / sizeof *customer_routes;
	if (n + kb_staff_nroutes > MAX_ROUTES) {
		fprintf(stderr, "mimamori-knowledge: more than %d routes\n", MAX_ROUTES);
		return 1;
	}
	memcpy(routes, customer_routes, sizeof customer_routes);
	memcpy(routes + n, kb_staff_routes, kb_staff_nroutes * sizeof *routes);
	for (size_t i = n; i < n + kb_staff_nroutes; i++) {
		if (strcmp(routes[i].method, "POST") != 0)
			continue;
		staff_handlers[i] = routes[i].handler;
		routes[i].handler = staff_write;
	}
	if (kb_keep_init() < 0)
		fprintf(stderr, "mimamori-knowledge: no shared page: article pages are not kept\n");
	const struct mm_app app = { "knowledge", routes, n + kb_staff_nroutes, templates, NULL };
	return mm_main(&app, argc, argv);
}
