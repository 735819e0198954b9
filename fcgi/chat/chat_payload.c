/* The webhook body: one JSON object, UTF-8 as stored (jansson escapes
 * quotes, backslashes and controls; Japanese stays as it is). */
#include "chat.h"
#include <jansson.h>
#include <stdio.h>
#include <time.h>

static int put_str(json_t *o, const char *key, const char *v)
{
	return json_object_set_new(o, key, json_string(v ? v : ""));
}

char *chat_payload(const struct chat_message *m, const char *extra_json)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	char at[32] = "";
	struct tm tm;
	if (m->at && gmtime_r(&m->at, &tm))
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int bad = put_str(o, "kind", m->kind) | put_str(o, "company_name", m->company_name) |
		  put_str(o, "customer_id", m->customer_id) |
		  put_str(o, "organization", m->organization) | put_str(o, "title", m->title) |
		  put_str(o, "text", m->text) | put_str(o, "sent_at", at);
	if (m->link && *m->link)
		bad |= put_str(o, "link", m->link);
	if (extra_json) {
		json_error_t err;
		json_t *x = json_loads(extra_json, 0, &err);
		bad |= !x || json_object_set_new(o, "details", x);
	}
	/* the strings are checked UTF-8 by the portal; jansson refuses others */
	char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}
