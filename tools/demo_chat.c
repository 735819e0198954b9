/* Demo data: one chat linkage (ACC-4) of N200000001 whose webhook is the
 * development stack's local sink (tools/dev/webhook-sink.py), so the
 * linkage list, the alert messages and the biweekly report work right
 * after ./mimamori up. Only where the config lets the local sink through
 * (Chat.AllowLocalSink = 1, development and test stacks) and names it
 * (Chat.DemoWebhookUrl, written by the stack with the sink's port). The
 * sink's port changes with every start: a linkage with an older URL is
 * replaced, one with the same URL left alone. */
#include "mm.h"
#include "chat_db.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int demo_chat(void);	/* called by mimamori-admin demo */

#define DEMO_CHAT_UUID "6d1f3a52-9c4e-4b7a-8e21-5f0c9d3b7a14"

static const char SQL_TENANT[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_ADMIN[] = "SELECT id FROM users WHERE login_id = ?";
static const char SQL_DEMO_LINKAGE[] =
	"SELECT id FROM chat_linkages WHERE tenant_id = ? AND customer_uuid = ? ORDER BY id LIMIT 1";

struct demo_chat {
	long long tenant_id, admin_id;
	const char *url;
	int changed;
};

static int demo_chat_tx(void *ctx)
{
	struct demo_chat *d = ctx;
	long long id = 0;
	int rc = mm_db_get_int(&id, SQL_DEMO_LINKAGE, "is", d->tenant_id, DEMO_CHAT_UUID);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		struct chat_linkage l;
		char url[CHAT_URL_MAX + 1];
		int found = chat_db_url(id, &l, url);
		if (found == 1 && strcmp(url, d->url) == 0)
			return 0;
		/* a URL that no longer opens (another data key) is replaced too */
		if ((rc = chat_db_delete(d->tenant_id, id)) < 0)
			return rc;
	}
	const struct chat_new_linkage n = {
		d->tenant_id, d->admin_id, "株式会社みまもり商事", DEMO_CHAT_UUID, "情報システム部",
		d->url, "ja", "Asia/Tokyo"
	};
	long long made = chat_db_insert(&n, time(NULL));
	if (made < 0)
		return (int)made;
	d->changed = 1;
	return 0;
}

int demo_chat(void)
{
	const char *url = mm_cfg_str("Chat.DemoWebhookUrl", "");
	if (mm_cfg_int("Chat.AllowLocalSink", 0) != 1 || !*url)
		return 0;
	struct demo_chat d = { 0, 0, url, 0 };
	int rc = mm_db_get_int(&d.tenant_id, SQL_TENANT, "s", "N200000001");
	if (rc == 1)
		rc = mm_db_get_int(&d.admin_id, SQL_ADMIN, "s", "admin-a@example.com");
	if (rc == 1)
		rc = mm_db_transaction(demo_chat_tx, &d);
	if (rc != 0) {
		fprintf(stderr, "demo: the chat linkage of N200000001 could not be made (%d)\n", rc);
		return -1;
	}
	if (d.changed)
		fprintf(stderr, "demo: chat linkage of N200000001 -> the local webhook sink\n");
	return 0;
}
