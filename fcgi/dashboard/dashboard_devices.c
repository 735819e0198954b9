/* The customer's devices (DASH-5): the list, registration of a delivered
 * UTM by MAC address + registration code, the name, and (customer admins)
 * the API token: a new one replaces the old at once, or none at all.
 *
 * A token or code is shown once, in the answer to the POST that made it,
 * and never stored in clear. Another tenant's device id, a device that
 * does not exist and a malformed id all answer the same 404. A wrong MAC,
 * another tenant's MAC and a wrong code all answer the same "wrong"
 * message, so the form tells nothing about other devices; only the
 * tenant's own locked device is said to be locked, with the minutes left. */
#include "devices.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_CAP 200

const struct mm_input devices_list_inputs[] = {
	{ "done", mm_v_line, MM_IN_QUERY, 0, 16 },
	MM_INPUT_END
};

const struct mm_input devices_register_inputs[] = {
	{ "mac", device_v_mac, MM_IN_REQUIRED | MM_IN_HALFWIDTH, 0, 17 },
	{ "code", device_v_code, MM_IN_REQUIRED | MM_IN_SECRET | MM_IN_HALFWIDTH, 0, 20 },
	MM_INPUT_END
};

const struct mm_input devices_name_inputs[] = {
	{ "name", mm_v_line, 0, 0, 100 },
	MM_INPUT_END
};

/* the confirmation box of the revoke form: a revoked device sends nothing
 * until a new token is typed into it, so one click must not do it */
const struct mm_input devices_revoke_inputs[] = {
	{ "confirm", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

static long long path_id(struct mm_req *r)
{
	long long id;
	/* a number that is not a device's public number reads like a missing one */
	return mm_pubid_decode(MM_PUBID_DEVICE, r->path_args[0], &id) < 0 ? 0 : id;
}

/* The list, also redrawn by a refused POST (error set): only the GET
 * route declares the query inputs, so a POST reads none of them. */
static int list_page_text(struct mm_req *r, int status, const char *error)
{
	/* one row more than shown tells that the list goes on */
	struct device_row *rows = calloc(LIST_CAP + 1, sizeof *rows);
	if (!rows)
		return MM_DB_ERR;
	int n = devices_db_list(r->user.tenant_id, NULL, rows, LIST_CAP + 1);
	int more = n > LIST_CAP;
	if (more)
		n = LIST_CAP;
	int waiting = 0;
	for (int i = 0; i < n; i++) {
		char p[32];
		snprintf(p, sizeof p, "Devices.%d", i);
		device_fill(r, p, &rows[i]);
		waiting += strcmp(rows[i].status, "awaiting_registration") == 0;
	}
	free(rows);
	if (n < 0)
		return n;
	mm_set_int(r, "DeviceCount", n);
	mm_set_int(r, "DeviceCap", LIST_CAP);
	mm_set(r, "DeviceMore", more ? "1" : "0");
	mm_set_int(r, "WaitingCount", waiting);
	if (error)
		mm_set(r, "Message.Error", error);
	const char *done = error ? NULL : mm_param(r, "done");
	if (done && (strcmp(done, "revoked") == 0 || strcmp(done, "renamed") == 0)) {
		char key[48];
		snprintf(key, sizeof key, "devices.done_%s", done);
		mm_set(r, "Message.Notice", mm_t(r, key));
	}
	mm_set(r, "User.IsAdmin", r->user.role == MM_ROLE_CUSTOMER_ADMIN ? "1" : "0");
	return mm_render(r, status, "dashboard/devices.cs");
}

static int list_page(struct mm_req *r, int status, const char *error_key)
{
	return list_page_text(r, status, error_key ? mm_t(r, error_key) : NULL);
}

int devices_list(struct mm_req *r)
{
	if (!r->user.tenant_id)
		return 404;
	return list_page(r, 200, NULL);
}

/* The page that shows a fresh token, the only time it is shown. */
static int token_page(struct mm_req *r, const struct device_row *d, const char *token,
		      const char *title_key)
{
	device_fill(r, "Device", d);
	mm_set(r, "Token", token);
	mm_set(r, "TokenTitle", mm_t(r, title_key));
	return mm_render(r, 200, "dashboard/device_token.cs");
}

int devices_register(struct mm_req *r)
{
	if (!r->user.tenant_id)
		return 404;
	if (r->invalid) {
		/* a field left empty, else one that cannot be what it is for (its
		 * own message is at the field); such a code is no try at any
		 * device, so it is not counted */
		int empty = 0;
		for (int i = 0; devices_register_inputs[i].name; i++)
			empty |= r->in_errs[i] && strcmp(r->in_errs[i], "err.required") == 0;
		return list_page(r, 400, empty ? "devices.err.register_input"
					       : "devices.err.register_format");
	}
	char mac[DEVICE_MAC_LEN + 1], code[DEVICE_CODE_LEN + 1];
	if (device_mac_normalise(mm_param(r, "mac"), mac) < 0 ||
	    device_code_normalise(mm_param(r, "code"), code) < 0)
		return list_page(r, 400, "devices.err.register_format");	/* checked above */
	unsigned char code_hash[32], token_hash[32];
	char token[DEVICE_TOKEN_LEN + 1] = "";
	device_secret_hash(code, code_hash);
	explicit_bzero(code, sizeof code);
	if (device_token_new(token) < 0)
		return 503;
	device_secret_hash(token, token_hash);
	long long id = 0;
	time_t locked_until = 0;
	int rc = devices_db_register(r->user.tenant_id, mac, code_hash, token_hash, r->now, &id,
				     &locked_until);
	if (rc < 0) {
		explicit_bzero(token, sizeof token);
		return rc;
	}
	if (rc == DEVICE_REG_LOCKED) {
		explicit_bzero(token, sizeof token);
		mm_log_info("device registration refused: locked");
		long long minutes = ((long long)(locked_until - r->now) + 59) / 60;
		const char *t = mm_t(r, "devices.err.register_locked");
		const char *at = strstr(t, "{n}");
		char text[512];
		if (at)
			snprintf(text, sizeof text, "%.*s%lld%s", (int)(at - t), t, minutes, at + 3);
		else
			snprintf(text, sizeof text, "%s", t);
		return list_page_text(r, 400, text);
	}
	if (rc != DEVICE_REG_OK) {
		explicit_bzero(token, sizeof token);
		mm_log_info("device registration refused");
		return list_page(r, 400, "devices.err.register_wrong");
	}
	mm_log_info("device %lld registered", id);
	struct device_row d;
	rc = devices_db_get(r->user.tenant_id, id, &d);
	if (rc <= 0) {
		explicit_bzero(token, sizeof token);
		return rc < 0 ? rc : 500;
	}
	rc = token_page(r, &d, token, "devices.registered_title");
	explicit_bzero(token, sizeof token);
	return rc;
}

static int device_page(struct mm_req *r, const struct device_row *d, int status,
		       const char *error_key)
{
	device_fill(r, "Device", d);
	mm_set(r, "User.IsAdmin", r->user.role == MM_ROLE_CUSTOMER_ADMIN ? "1" : "0");
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	return mm_render(r, status, "dashboard/device.cs");
}

/* The tenant's device named by the path, or 404 for anything else. */
static int find(struct mm_req *r, struct device_row *d)
{
	long long id = path_id(r);
	if (!r->user.tenant_id || !id)
		return 404;
	int rc = devices_db_get(r->user.tenant_id, id, d);
	if (rc < 0)
		return rc;
	if (rc == 0 || strcmp(d->status, "retired") == 0)
		return 404;
	return 0;
}

int devices_view(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	return rc ? rc : device_page(r, &d, 200, NULL);
}

int devices_rename(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (r->invalid)
		return device_page(r, &d, 400, "devices.err.name");
	const char *name = mm_param(r, "name");
	rc = devices_db_rename(r->user.tenant_id, d.id, name ? name : "");
	if (rc < 0)
		return rc;
	return mm_redirect(r, "/dashboard/devices?done=renamed");
}

/* Rotation and revocation: customer admins, registered devices. */
static int token_change(struct mm_req *r, int rotate)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (r->user.role != MM_ROLE_CUSTOMER_ADMIN)
		return device_page(r, &d, 403, "devices.err.admin_only");
	if (strcmp(d.status, "registered") != 0)
		return device_page(r, &d, 409, "devices.err.not_registered");
	if (!rotate && (r->invalid || !mm_param(r, "confirm")))
		return device_page(r, &d, 400, "devices.err.revoke_confirm");
	char token[DEVICE_TOKEN_LEN + 1] = "";
	unsigned char hash[32];
	if (rotate) {
		if (device_token_new(token) < 0)
			return 503;
		device_secret_hash(token, hash);
	}
	rc = devices_db_set_token(r->user.tenant_id, d.id, rotate ? hash : NULL, r->now);
	if (rc <= 0) {
		explicit_bzero(token, sizeof token);
		return rc < 0 ? rc : 404;
	}
	mm_log_info("device %lld: token %s", d.id, rotate ? "rotated" : "revoked");
	if (!rotate)
		return mm_redirect(r, "/dashboard/devices?done=revoked");
	d.has_token = 1;
	d.token_created_at = r->now;
	rc = token_page(r, &d, token, "devices.rotated_title");
	explicit_bzero(token, sizeof token);
	return rc;
}

int devices_rotate(struct mm_req *r)
{
	return token_change(r, 1);
}

int devices_revoke(struct mm_req *r)
{
	return token_change(r, 0);
}
