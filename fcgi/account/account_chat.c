/* /account/chat: the customer admin's chat notification linkages (ACC-4,
 * seed 004). A linkage is a workspace webhook URL with the company name
 * and customer ID registered on the workspace side and a label naming the
 * organisation it serves; a tenant may have several.
 *
 * The URL is a secret (whoever has it can post into the workspace): it is
 * sealed at rest, never copied into the page, the log or an error message,
 * and the list shows only scheme://host…last4. It must be https, without
 * credentials, and its host must not be (or resolve to) a private,
 * loopback, link-local, CGNAT, unique-local or multicast address; the
 * notifier checks it again at each delivery and pins the address it
 * resolved. Only customer admins see these pages; for everyone else they
 * do not exist (404), and another tenant's linkage answers like a missing
 * one. */
#include "account.h"
#include "chat_db.h"
#include "mm_template.h"
#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned url_flags(void)
{
	return mm_cfg_int("Chat.AllowLocalSink", 0) == 1 ? CHAT_ALLOW_LOCAL : 0;
}

static const char *v_url(const struct mm_input *in, const char *v)
{
	(void)in;
	struct chat_url u;
	return chat_url_err_key(chat_url_parse(v, url_flags(), &u));
}

static const char *v_uuid(const struct mm_input *in, const char *v)
{
	(void)in;
	return chat_uuid_valid(v) ? NULL : "chat.err.uuid";
}

static const char *const done_names[] = { "created", "tested", "disabled", "enabled", "deleted",
					  NULL };

static const char *v_done(const struct mm_input *in, const char *v)
{
	(void)in;
	for (const char *const *d = done_names; *d; d++)
		if (strcmp(*d, v) == 0)
			return NULL;
	return "err.format";
}

const struct mm_input account_chat_list_inputs[] = {
	{ "done", v_done, 0, 0, 10 },
	MM_INPUT_END
};

/* The URL is checked by its own validator (length included, so a 10 kB
 * paste gets the URL's message) and never echoed (SECRET). */
const struct mm_input account_chat_inputs[] = {
	{ "url", v_url, MM_IN_REQUIRED | MM_IN_SECRET, 0, 0 },
	{ "company", mm_v_line, MM_IN_REQUIRED, 0, 200 },
	{ "customer_id", v_uuid, MM_IN_REQUIRED, 0, 36 },
	{ "org", mm_v_line, MM_IN_REQUIRED, 0, 100 },
	MM_INPUT_END
};

/* 1 when the request may manage linkages; else the answer is 404, as for
 * a page that is not there. */
static int admin_only(struct mm_req *r)
{
	return r->user.role == MM_ROLE_CUSTOMER_ADMIN && r->user.tenant_id > 0;
}

/* The linkage named by the path, for an admin of its tenant: 0 found, else
 * the handler's answer (404 for a user and for a linkage that is missing
 * or another tenant's, < 0 error). */
static int target(struct mm_req *r, struct chat_linkage *l)
{
	if (!admin_only(r))
		return 404;
	const char *arg = r->path_args[0];
	size_t n = strlen(arg);
	if (n == 0 || n > 18 || strspn(arg, "0123456789") != n)
		return 404;
	int rc = chat_db_get(r->user.tenant_id, strtoll(arg, NULL, 10), l);
	return rc < 0 ? rc : rc == 0 ? 404 : 0;
}

/* The answer to a change of a linkage whose result is rc (1 done, 0 the
 * row went away meanwhile: 404, < 0 error): on to done. */
static int changed(struct mm_req *r, int rc, const char *done)
{
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return mm_redirect(r, done);
}

static void fill_linkage(struct mm_req *r, const char *prefix, const struct chat_linkage *l)
{
	char path[64];
#define SET(field, value) (snprintf(path, sizeof path, "%s." field, prefix), mm_set(r, path, value))
	snprintf(path, sizeof path, "%s.Id", prefix);
	mm_set_int(r, path, l->id);
	SET("Company", l->company_name);
	SET("CustomerId", l->customer_uuid);
	SET("Org", l->org_label);
	SET("Url", l->url_masked);
	SET("State", !l->enabled ? "disabled" : l->failing ? "failing" : "enabled");
	SET("Error", l->failing ? l->last_error : "");
	snprintf(path, sizeof path, "%s.LastSent", prefix);
	mm_time_set(r, path, l->last_sent_at);
#undef SET
}

static int show_page(struct mm_req *r, int status)
{
	struct chat_linkage *rows = calloc(CHAT_MAX_LINKAGES, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = chat_db_list(r->user.tenant_id, rows, CHAT_MAX_LINKAGES);
	char prefix[32];
	for (int i = 0; i < n; i++) {
		snprintf(prefix, sizeof prefix, "Linkages.%d", i);
		fill_linkage(r, prefix, &rows[i]);
	}
	free(rows);
	if (n < 0)
		return n;
	mm_set_int(r, "List.Total", n);
	return mm_render(r, status, "account/chat.cs");
}

int account_chat_list(struct mm_req *r)
{
	if (!admin_only(r))
		return 404;
	const char *done = mm_param(r, "done");
	if (done) {
		char key[48];
		snprintf(key, sizeof key, "chat.done.%s", done);
		mm_set(r, "Notice", mm_t(r, key));
	}
	return show_page(r, 200);
}

static int refuse(struct mm_req *r, int status, const char *field, const char *key)
{
	if (field) {
		char path[64];
		snprintf(path, sizeof path, "Errors.%s", field);
		mm_set(r, path, mm_t(r, key));
	}
	mm_set(r, "Message.Error", mm_t(r, field ? "chat.err.invalid" : key));
	return show_page(r, status);
}

struct create {
	struct chat_new_linkage n;
	long long id;
	int too_many;
};

static int create_tx(void *ctx)
{
	struct create *c = ctx;
	long long count = 0;
	int rc = chat_db_count(c->n.tenant_id, &count);
	if (rc < 0)
		return rc;
	if (count >= CHAT_MAX_LINKAGES) {
		c->too_many = 1;
		return 1;
	}
	long long id = chat_db_insert(&c->n, mm_clock_now());
	if (id < 0)
		return (int)id;
	c->id = id;
	return 0;
}

int account_chat_create(struct mm_req *r)
{
	if (!admin_only(r))
		return 404;
	if (r->invalid)
		return refuse(r, 400, NULL, "chat.err.invalid");
	const char *url = mm_param(r, "url");
	struct chat_url u;
	char ip[CHAT_IP_LEN];
	/* the name as it resolves now: a name that points into the portal's
	 * network is refused here as well as at each delivery */
	enum chat_url_err e = chat_url_check(url, url_flags(), &u, ip);
	if (e != CHAT_URL_OK)
		return refuse(r, 400, "url", chat_url_err_key(e));
	struct create c = { .n = {
		.tenant_id = r->user.tenant_id, .created_by = r->user.id,
		.company_name = mm_param(r, "company"), .customer_uuid = mm_param(r, "customer_id"),
		.org_label = mm_param(r, "org"), .url = url,
		.lang = r->user.lang[0] ? r->user.lang : "ja",
		.time_zone = r->user.time_zone[0] ? r->user.time_zone : MM_TIME_DEFAULT_ZONE,
	} };
	int rc = mm_db_transaction(create_tx, &c);
	if (c.too_many)
		return refuse(r, 409, NULL, "chat.err.too_many");
	if (rc != 0)
		return rc < 0 ? rc : MM_DB_ERR;
	mm_log_info("chat linkage %lld created for tenant %lld (%s)", c.id, r->user.tenant_id,
		    u.host);
	return mm_redirect(r, "/account/chat?done=created");
}

/* The test message (seed 004 Step 4: the room is there and notified). */
int account_chat_test(struct mm_req *r)
{
	struct chat_linkage l;
	int rc = target(r, &l);
	if (rc)
		return rc;
	mm_set(r, "Chat.Organization", l.org_label);
	mm_set(r, "Chat.Company", l.company_name);
	mm_set(r, "Chat.Title", "");
	struct mm_buf text = { 0 };
	const char *lang = mm_lang_supported(l.lang) ? mm_lang_supported(l.lang) : "ja";
	rc = mm_tmpl_render(r->hdf, lang, "chat/test.cs", &text);
	if (rc == 0) {
		struct chat_message m = {
			.kind = "test", .company_name = l.company_name, .customer_id = l.customer_uuid,
			.organization = l.org_label, .title = hdf_get_value(r->hdf, "Chat.Title", ""),
			.text = mm_buf_str(&text), .at = r->now,
		};
		rc = chat_queue(&l, &m, NULL, mm_clock_now());
	} else {
		rc = MM_DB_ERR;
	}
	mm_buf_free(&text);
	if (rc < 0)
		return rc;
	return mm_redirect(r, "/account/chat?done=tested");
}

static int set_enabled(struct mm_req *r, int enabled)
{
	struct chat_linkage l;
	int rc = target(r, &l);
	if (rc)
		return rc;
	return changed(r, chat_db_set_enabled(r->user.tenant_id, l.id, enabled),
		       enabled ? "/account/chat?done=enabled" : "/account/chat?done=disabled");
}

int account_chat_disable(struct mm_req *r)
{
	return set_enabled(r, 0);
}

int account_chat_enable(struct mm_req *r)
{
	return set_enabled(r, 1);
}

int account_chat_delete_form(struct mm_req *r)
{
	struct chat_linkage l;
	int rc = target(r, &l);
	if (rc)
		return rc;
	fill_linkage(r, "Target", &l);
	return mm_render(r, 200, "account/chat_delete.cs");
}

int account_chat_delete(struct mm_req *r)
{
	struct chat_linkage l;
	int rc = target(r, &l);
	if (rc)
		return rc;
	rc = chat_db_delete(r->user.tenant_id, l.id);
	if (rc > 0)
		mm_log_info("chat linkage %lld deleted", l.id);
	return changed(r, rc, "/account/chat?done=deleted");
}
