/* /dashboard/settings: a customer admin chooses the lowest severity that is
 * mailed (DASH-7, default ★★☆) and who receives the mails (default: every
 * enabled portal user of the tenant). */
#include "dashboard_alerts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v_threshold(const struct mm_input *in, const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "2") == 0 || strcmp(v, "3") == 0 ? NULL :
	       "err.format";
}

/* A recipient is a user's public number (mm_pubid.h), never the id shared
 * by all tenants. A canonical number of no user of the tenant (another
 * tenant's, or none) is dropped when saved, like a user who left. */
static const char *v_user(const struct mm_input *in, const char *v)
{
	long long id;
	return mm_pubid_decode(MM_PUBID_USER, v, &id) < 0 ? "err.format" : NULL;
}

const struct mm_input dashboard_settings_inputs[] = {
	{ "threshold", v_threshold, MM_IN_REQUIRED, 1, 1 },
	{ "recipient", v_user, MM_IN_MULTI, 1, MM_PUBID_CHARS - 1 },
	MM_INPUT_END
};

static const char *v_done(const struct mm_input *in, const char *v)
{
	return strcmp(v, "saved") == 0 ? NULL : "err.format";
}

const struct mm_input dashboard_settings_view_inputs[] = {
	{ "done", v_done, 0, 0, 5 },
	MM_INPUT_END
};

static int admin_only(struct mm_req *r)
{
	if (r->user.tenant_id <= 0)
		return 404;
	return r->user.role == MM_ROLE_CUSTOMER_ADMIN ? 0 : 403;
}

/* The form; chosen (may be NULL) overrides the stored recipients; saved:
 * the form was just saved. Saving without recipients is allowed (a tenant
 * may take its alerts from the portal only), but the page then says plainly
 * that no important-alert mail goes out, so that an empty choice is never
 * made by mistake unnoticed. */
static int render_form(struct mm_req *r, int status, int threshold, const long long *chosen,
		       int nchosen, int saved)
{
	struct dash_mail_user *users = calloc(DASH_MAX_USERS, sizeof *users);
	if (!users)
		return MM_DB_ERR;
	int n = dash_db_mail_users(r->user.tenant_id, users, DASH_MAX_USERS);
	if (n < 0) {
		free(users);
		return n;
	}
	char path[64];
	int receiving = 0;
	for (int i = 0; i < n; i++) {
		int selected = users[i].selected;
		if (chosen) {
			selected = 0;
			for (int k = 0; k < nchosen; k++)
				selected |= chosen[k] == users[i].id;
		}
		snprintf(path, sizeof path, "Users.%d.Id", i);
		mm_pubid_set(r, path, MM_PUBID_USER, users[i].id);
		snprintf(path, sizeof path, "Users.%d.Name", i);
		mm_set(r, path, users[i].name);
		snprintf(path, sizeof path, "Users.%d.Email", i);
		mm_set(r, path, users[i].email);
		snprintf(path, sizeof path, "Users.%d.Selected", i);
		mm_set(r, path, selected ? "1" : "0");
		receiving += selected != 0;
	}
	free(users);
	if (!receiving)
		mm_set(r, "Settings.NoRecipients", "1");
	if (saved)
		mm_set(r, "Message.Notice", mm_t(r, receiving ? "alerts.settings_saved" :
						 "alerts.settings_saved_no_recipients"));
	mm_set_int(r, "Settings.Threshold", threshold);
	return mm_render(r, status, "dashboard/settings.cs");
}

int dashboard_settings(struct mm_req *r)
{
	int rc = admin_only(r);
	if (rc)
		return rc;
	int threshold = 2, chosen = 0;
	if ((rc = dash_db_mail_settings(r->user.tenant_id, &threshold, &chosen)) < 0)
		return rc;
	return render_form(r, 200, threshold, NULL, 0, mm_param(r, "done") != NULL);
}

int dashboard_settings_submit(struct mm_req *r)
{
	int rc = admin_only(r);
	if (rc)
		return rc;
	/* the checkboxes: every "recipient" value, each checked like the first */
	size_t cap = mm_kvlist_count(&r->form, "recipient");
	long long *ids = calloc(cap ? cap : 1, sizeof *ids);
	if (!ids)
		return MM_DB_ERR;
	int n = 0, bad = r->invalid;
	for (size_t i = 0; i < r->form.n && (size_t)n < cap; i++) {
		const struct mm_kv *kv = &r->form.items[i];
		if (strcmp(kv->key, "recipient") != 0)
			continue;
		long long id;
		if (mm_pubid_decode(MM_PUBID_USER, kv->val, &id) < 0) {
			bad = 1;
			continue;
		}
		int seen = 0;
		for (int k = 0; k < n; k++)
			seen |= ids[k] == id;
		if (!seen)
			ids[n++] = id;
	}
	const char *t = mm_param(r, "threshold");
	int threshold = t ? atoi(t) : 2;
	if (bad) {
		mm_set(r, "Message.Error", mm_t(r, "alerts.err.settings"));
		rc = render_form(r, 400, threshold, ids, n, 0);
		free(ids);
		return rc;
	}
	rc = dash_db_mail_save(r->user.tenant_id, threshold, ids, n, r->user.id, r->now);
	free(ids);
	return rc < 0 ? rc : mm_redirect(r, "/dashboard/settings?done=saved");
}
