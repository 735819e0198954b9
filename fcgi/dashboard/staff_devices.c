/* The staff console of devices (DASH-5): every tenant's devices, adding a
 * delivered UTM (MAC, serial, model, customer number) with its
 * registration code, a new code for a device still awaiting registration
 * (those made by signup approval have none until staff issue one), and the
 * token of a registered device rotated or revoked for the customer, and
 * a device retired (廃止) when it leaves service: a UTM replaced after a
 * fault (seed 001 §5), or a placeholder of an application whose UTM never
 * came. A device retired by mistake (or a UTM back from repair) is put
 * back to awaiting registration with a new code, and the customer
 * registers it again. A MAC belongs to one device in service at a time:
 * the customer registers with it, so a second one would make registration
 * look at the wrong row.
 *
 * A code is shown once, on a slip to print and put in the box. */
#include "devices.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_PAGE 100	/* rows per page of the staff list */

static const char *v_customer_no(const struct mm_input *in, const char *v)
{
	if (strlen(v) != 10 || v[0] != 'N')
		return "devices.err.customer_no";
	for (const char *p = v + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return "devices.err.customer_no";
	return NULL;
}

const struct mm_input staff_devices_list_inputs[] = {
	{ "tenant", v_customer_no, MM_IN_QUERY, 0, 10 },
	{ "q", mm_v_line, MM_IN_QUERY, 0, 100 },
	{ "page", mm_v_digits, MM_IN_QUERY, 1, 7 },
	{ "state", mm_v_line, MM_IN_QUERY, 0, 8 },
	{ "done", mm_v_line, MM_IN_QUERY, 0, 16 },
	MM_INPUT_END
};

const struct mm_input staff_devices_add_inputs[] = {
	{ "customer_no", v_customer_no, MM_IN_REQUIRED, 0, 10 },
	{ "mac", device_v_mac, MM_IN_REQUIRED | MM_IN_HALFWIDTH, 0, 17 },
	{ "serial", mm_v_line, MM_IN_REQUIRED, 1, 64 },
	{ "model", mm_v_line, MM_IN_REQUIRED, 1, 64 },
	MM_INPUT_END
};

/* the confirmation box of the retire form */
const struct mm_input staff_devices_retire_inputs[] = {
	{ "confirm", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

/* the confirmation box of the reinstate form */
const struct mm_input staff_devices_reinstate_inputs[] = {
	{ "confirm", mm_v_one, 0, 0, 1 },
	MM_INPUT_END
};

const struct mm_input staff_devices_code_inputs[] = {
	{ "mac", device_v_mac, MM_IN_HALFWIDTH, 0, 17 },
	{ "serial", mm_v_line, 0, 0, 64 },
	{ "model", mm_v_line, 0, 0, 64 },
	MM_INPUT_END
};

/* q as a LIKE pattern with '!' escaping its own wildcards; as_mac: upper
 * case with '-' as ':', the way MACs are stored. */
static void like_of(struct mm_buf *b, const char *q, int as_mac)
{
	mm_buf_puts(b, "%");
	for (const char *p = q; *p; p++) {
		char c = *p;
		if (as_mac)
			c = c == '-' ? ':' : c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
		if (c == '!' || c == '%' || c == '_')
			mm_buf_puts(b, "!");
		mm_buf_add(b, &c, 1);
	}
	mm_buf_puts(b, "%");
}

/* The state filter of the list: "retired", "all", else (also when absent)
 * the devices in service. */
static enum device_list_state list_state(const char *v)
{
	return v && strcmp(v, "retired") == 0 ? DEVICE_LIST_RETIRED :
	       v && strcmp(v, "all") == 0 ? DEVICE_LIST_ALL : DEVICE_LIST_ACTIVE;
}

/* The list, a page of LIST_PAGE with the count of all that match, also
 * redrawn by a refused POST (error_key set): only the GET route declares
 * the query inputs, so a POST reads none of them. */
static int list_page(struct mm_req *r, int status, const char *error_key)
{
	const char *q = error_key ? NULL : mm_param(r, "q");
	struct mm_buf like = { 0 }, mac_like = { 0 };
	if (q && *q) {
		like_of(&like, q, 0);
		like_of(&mac_like, q, 1);
	}
	struct device_search s = { error_key ? NULL : mm_param(r, "tenant"),
				   like.len ? mm_buf_str(&like) : NULL,
				   mac_like.len ? mm_buf_str(&mac_like) : NULL,
				   list_state(error_key ? NULL : mm_param(r, "state")) };
	long long total = 0;
	int rc = like.oom || mac_like.oom ? MM_DB_ERR : devices_db_staff_count(&s, &total);
	long long pages = total ? (total + LIST_PAGE - 1) / LIST_PAGE : 1;
	const char *page_arg = error_key ? NULL : mm_param(r, "page");
	long long page = page_arg ? strtoll(page_arg, NULL, 10) : 1;
	page = page < 1 ? 1 : page > pages ? pages : page;
	long long offset = (page - 1) * LIST_PAGE;
	struct device_row *rows = calloc(LIST_PAGE, sizeof *rows);
	int n = 0;
	if (rc == 0 && total > 0)
		rc = rows ? (n = devices_db_staff_page(&s, offset, rows, LIST_PAGE)) : MM_DB_ERR;
	mm_buf_free(&like);
	mm_buf_free(&mac_like);
	for (int i = 0; i < n; i++) {
		char p[32];
		snprintf(p, sizeof p, "Devices.%d", i);
		device_fill(r, p, &rows[i]);
	}
	free(rows);
	if (rc < 0)
		return rc;
	mm_set_int(r, "DeviceCount", n);
	mm_set_int(r, "List.Total", total);
	mm_set_int(r, "List.From", n ? offset + 1 : 0);
	mm_set_int(r, "List.To", offset + n);
	mm_set_int(r, "List.Page", page);
	mm_set_int(r, "List.Pages", pages);
	mm_set(r, "List.State", s.state == DEVICE_LIST_RETIRED ? "retired" :
				s.state == DEVICE_LIST_ALL ? "all" : "active");
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	const char *done = error_key ? NULL : mm_param(r, "done");
	if (done && strcmp(done, "revoked") == 0)
		mm_set(r, "Message.Notice", mm_t(r, "devices.done_revoked"));
	else if (done && strcmp(done, "retired") == 0)
		mm_set(r, "Message.Notice", mm_t(r, "devices.done_retired"));
	return mm_render(r, status, "staff/dashboard/devices.cs");
}

int staff_devices_list(struct mm_req *r)
{
	return list_page(r, 200, NULL);
}

/* The slip with the code: the only time the code is shown. */
static int slip(struct mm_req *r, long long id, const char *code)
{
	struct device_row d;
	int rc = devices_db_get(0, id, &d);
	if (rc <= 0)
		return rc < 0 ? rc : 500;
	device_fill(r, "Device", &d);
	char shown[DEVICE_CODE_SHOWN + 1];
	device_code_shown(code, shown);
	mm_set(r, "Code", shown);
	return mm_render(r, 200, "staff/dashboard/slip.cs");
}

int staff_devices_add(struct mm_req *r)
{
	if (r->invalid)
		return list_page(r, 400, "devices.err.add_input");
	char mac[DEVICE_MAC_LEN + 1], code[DEVICE_CODE_LEN + 1];
	device_mac_normalise(mm_param(r, "mac"), mac);
	if (device_code_new(code) < 0)
		return 503;
	unsigned char hash[32];
	device_secret_hash(code, hash);
	long long id = 0;
	int rc = devices_db_add(mm_param(r, "customer_no"), mac, mm_param(r, "serial"),
				mm_param(r, "model"), hash, r->now, &id);
	if (rc != DEVICE_ADD_OK) {
		explicit_bzero(code, sizeof code);
		return rc < 0 ? rc :
		       rc == DEVICE_ADD_MAC_TAKEN ? list_page(r, 409, "devices.err.mac_taken") :
		       list_page(r, 400, "devices.err.no_tenant");
	}
	mm_log_info("device %lld added", id);
	rc = slip(r, id, code);
	explicit_bzero(code, sizeof code);
	return rc;
}

static int find(struct mm_req *r, struct device_row *d)
{
	long long id;
	if (mm_pubid_decode(MM_PUBID_DEVICE, r->path_args[0], &id) < 0)
		return 404;
	int rc = devices_db_get(0, id, d);
	return rc < 0 ? rc : rc == 0 ? 404 : 0;
}

static int device_page(struct mm_req *r, const struct device_row *d, int status,
		       const char *error_key)
{
	device_fill(r, "Device", d);
	if (error_key)
		mm_set(r, "Message.Error", mm_t(r, error_key));
	return mm_render(r, status, "staff/dashboard/device.cs");
}

int staff_devices_view(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	return rc ? rc : device_page(r, &d, 200, NULL);
}

int staff_devices_code(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (r->invalid) {	/* this page has no field messages: name the MAC's fault */
		const char *mac_err = mm_param_error(r, "mac");
		return device_page(r, &d, 400, mac_err ? mac_err : "devices.err.add_input");
	}
	if (strcmp(d.status, "awaiting_registration") != 0)
		return device_page(r, &d, 409, strcmp(d.status, "retired") == 0 ?
				   "devices.err.retired_code" : "devices.err.registered");
	char mac[DEVICE_MAC_LEN + 1];
	const char *typed = mm_param(r, "mac");
	if (typed)
		device_mac_normalise(typed, mac);
	/* the customer registers with the MAC: a code alone is of no use */
	if (!typed && !d.mac[0])
		return device_page(r, &d, 400, "devices.err.mac_needed");
	char code[DEVICE_CODE_LEN + 1];
	if (device_code_new(code) < 0)
		return 503;
	unsigned char hash[32];
	device_secret_hash(code, hash);
	rc = devices_db_new_code(d.id, typed ? mac : NULL, mm_param(r, "serial"),
				 mm_param(r, "model"), hash);
	if (rc != 1) {
		explicit_bzero(code, sizeof code);
		return rc < 0 ? rc :
		       device_page(r, &d, 409, rc == DEVICE_ADD_MAC_TAKEN ?
				   "devices.err.mac_taken" : "devices.err.registered");
	}
	mm_log_info("device %lld: new registration code", d.id);
	rc = slip(r, d.id, code);
	explicit_bzero(code, sizeof code);
	return rc;
}

static int token_change(struct mm_req *r, int rotate)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (strcmp(d.status, "registered") != 0)
		return device_page(r, &d, 409, "devices.err.not_registered");
	char token[DEVICE_TOKEN_LEN + 1] = "";
	unsigned char hash[32];
	if (rotate) {
		if (device_token_new(token) < 0)
			return 503;
		device_secret_hash(token, hash);
	}
	rc = devices_db_set_token(0, d.id, rotate ? hash : NULL, r->now);
	if (rc <= 0) {
		explicit_bzero(token, sizeof token);
		return rc < 0 ? rc : 404;
	}
	mm_log_info("device %lld: token %s by staff", d.id, rotate ? "rotated" : "revoked");
	if (!rotate)
		return mm_redirect(r, "/staff/dashboard/devices?done=revoked");
	d.has_token = 1;
	d.token_created_at = r->now;
	device_fill(r, "Device", &d);
	mm_set(r, "Token", token);
	mm_set(r, "TokenTitle", mm_t(r, "devices.rotated_title"));
	explicit_bzero(token, sizeof token);
	return mm_render(r, 200, "dashboard/device_token.cs");
}

int staff_devices_rotate(struct mm_req *r)
{
	return token_change(r, 1);
}

int staff_devices_revoke(struct mm_req *r)
{
	return token_change(r, 0);
}

/* A staff change of a device's state and its event (device.retire,
 * device.reinstate: the staff user's history) in one transaction. */
struct state_change {
	struct mm_req *r;
	const struct device_row *d;
	const unsigned char *code_hash;	/* reinstate: the new code, or NULL */
	int reinstate, result;
};

static int state_change_tx(void *ctx)
{
	struct state_change *x = ctx;
	x->result = x->reinstate ? devices_db_reinstate(x->d->id, x->d->mac, x->code_hash) :
				   devices_db_retire(x->d->id);
	if (x->result < 0)
		return x->result;
	if (x->result != 1)
		return 1;	/* refused: roll back, nothing to record */
	return mm_event(x->r, x->reinstate ? "device.reinstate" : "device.retire", &x->r->user,
			NULL);
}

/* Retiring asks for the ticked confirmation box. The device's alerts stay
 * stored; like those of any device not in service they leave the
 * customer's status, lists and reports. */
int staff_devices_retire(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (strcmp(d.status, "retired") == 0)
		return device_page(r, &d, 409, "devices.err.retired");
	if (r->invalid || !mm_param(r, "confirm"))
		return device_page(r, &d, 400, "devices.err.retire_confirm");
	struct state_change x = { r, &d, NULL, 0, 0 };
	rc = mm_db_transaction(state_change_tx, &x);
	if (rc < 0)
		return rc;
	if (x.result != 1)
		return device_page(r, &d, 409, "devices.err.retired");
	mm_log_info("device %lld of tenant %lld retired by staff user %lld", d.id, d.tenant_id,
		    r->user.id);
	return mm_redirect(r, "/staff/dashboard/devices?done=retired");
}

/* A retired device back to awaiting registration (retired by mistake, or
 * the UTM is back in service), with the ticked confirmation box: it gets
 * a new registration code, shown once on the slip as for a device added;
 * its old API token stays revoked, so the customer registers it again
 * with MAC and code and it gets a new token. The customer sees it again
 * as awaiting registration, with the warning, from then on. Refused while
 * another device in service has its MAC. A device without MAC comes back
 * without code, like a placeholder of signup approval: staff issue one
 * with the MAC on its page. */
int staff_devices_reinstate(struct mm_req *r)
{
	struct device_row d;
	int rc = find(r, &d);
	if (rc)
		return rc;
	if (strcmp(d.status, "retired") != 0)
		return device_page(r, &d, 409, "devices.err.not_retired");
	if (r->invalid || !mm_param(r, "confirm"))
		return device_page(r, &d, 400, "devices.err.reinstate_confirm");
	char code[DEVICE_CODE_LEN + 1] = "";
	unsigned char hash[32];
	int with_code = d.mac[0] != '\0';
	if (with_code) {
		if (device_code_new(code) < 0)
			return 503;
		device_secret_hash(code, hash);
	}
	struct state_change x = { r, &d, with_code ? hash : NULL, 1, 0 };
	rc = mm_db_transaction(state_change_tx, &x);
	if (rc < 0 || x.result != 1) {
		explicit_bzero(code, sizeof code);
		return rc < 0 ? rc :
		       device_page(r, &d, 409, x.result == DEVICE_ADD_MAC_TAKEN ?
				   "devices.err.reinstate_mac_taken" : "devices.err.not_retired");
	}
	mm_log_info("device %lld of tenant %lld reinstated by staff user %lld", d.id, d.tenant_id,
		    r->user.id);
	if (!with_code) {
		char to[64], num[MM_PUBID_CHARS];
		mm_pubid_encode(MM_PUBID_DEVICE, d.id, num);
		snprintf(to, sizeof to, "/staff/dashboard/devices/%s", num);
		return mm_redirect(r, to);
	}
	rc = slip(r, d.id, code);
	explicit_bzero(code, sizeof code);
	return rc;
}
