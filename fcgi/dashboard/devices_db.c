/* Device queries. A customer's reads and writes carry the tenant in the
 * SQL itself, so another tenant's device id finds no row, exactly like an
 * id that does not exist; staff pass tenant 0 (every tenant). */
#include "devices.h"
#include <string.h>

#define DEVICE_COLUMNS \
	"SELECT d.id, d.tenant_id, t.customer_no, t.name, d.status, d.name," \
	" COALESCE(d.mac, ''), COALESCE(d.serial, ''), COALESCE(d.model, '')," \
	" d.token_hash IS NOT NULL, d.reg_code_hash IS NOT NULL, d.reg_failures," \
	" d.created_at, d.registered_at, d.token_created_at, d.last_alert_at, d.last_seen_at," \
	" d.reg_locked_until FROM devices d JOIN tenants t ON t.id = d.tenant_id"

static const char SQL_LIST[] =
	DEVICE_COLUMNS " WHERE (? = 0 OR d.tenant_id = ?) AND (? = '' OR t.customer_no = ?)"
	" AND d.status <> 'retired' ORDER BY t.customer_no, d.id LIMIT ?";
/* The staff console's list: the devices in service, the retired ones or
 * both (enum device_list_state), a customer number, and a search of MAC,
 * customer number, name and serial (LIKE patterns, '!' escaping). */
#define STAFF_WHERE \
	" WHERE (? = 2 OR (d.status = 'retired') = (? = 1)) AND (? = '' OR t.customer_no = ?)" \
	" AND (? IS NULL OR d.mac LIKE ? ESCAPE '!' OR t.customer_no LIKE ? ESCAPE '!'" \
	" OR t.name LIKE ? ESCAPE '!' OR d.serial LIKE ? ESCAPE '!')"
static const char SQL_STAFF_COUNT[] =
	"SELECT COUNT(*) FROM devices d JOIN tenants t ON t.id = d.tenant_id" STAFF_WHERE;
static const char SQL_STAFF_PAGE[] =
	DEVICE_COLUMNS STAFF_WHERE " ORDER BY t.customer_no, d.id LIMIT ?, ?";
static const char SQL_GET[] =
	DEVICE_COLUMNS " WHERE d.id = ? AND (? = 0 OR d.tenant_id = ?)";
static const char SQL_FIND_MAC[] =
	"SELECT id, status FROM devices WHERE mac = ? ORDER BY id LIMIT 1";
/* Another device in service (not retired) with this MAC: the check that
 * gives staff the clear answer. What makes it hold when two staff add the
 * same MAC at once, also on two Galera nodes, is the unique key
 * devices_active_mac (sql/046): the INSERT or UPDATE that would make a
 * second device in service with the MAC waits for the first one's
 * transaction and then fails with a duplicate key (on another node: its
 * transaction fails certification and is retried), and is answered the
 * same way. A plain read: a locking one would only add gap locks, on
 * which concurrent adds of one MAC deadlock. */
static const char SQL_MAC_TAKEN[] =
	"SELECT id FROM devices WHERE active_mac = ? AND id <> ? LIMIT 1";
static const char SQL_RENAME[] =
	"UPDATE devices SET name = ? WHERE id = ? AND tenant_id = ? AND status <> 'retired'";
static const char SQL_TENANT_CONTRACT[] =
	"SELECT c.id, c.tenant_id FROM contracts c JOIN tenants t ON t.id = c.tenant_id"
	" WHERE t.customer_no = ? ORDER BY c.id LIMIT 1";
/* INSERT … VALUES, not INSERT … SELECT: the latter holds InnoDB's
 * table-wide AUTO-INC lock while it waits for row locks
 * (innodb_autoinc_lock_mode 1), and a deadlock through that lock is
 * reported by MariaDB as ERROR 1467 instead of 1213, so it is not retried
 * but answered 500 (seen with concurrent adds of one MAC). */
static const char SQL_ADD[] =
	"INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, reg_code_hash,"
	" created_at) VALUES (?, ?, 'awaiting_registration', ?, ?, ?, ?, ?)";
static const char SQL_NEW_CODE[] =
	"UPDATE devices SET reg_code_hash = ?, reg_failures = 0, reg_locked_until = NULL,"
	" mac = COALESCE(?, mac), serial = COALESCE(?, serial), model = COALESCE(?, model)"
	" WHERE id = ? AND status = 'awaiting_registration'";
static const char SQL_SET_TOKEN[] =
	"UPDATE devices SET token_hash = ?, token_created_at = ?"
	" WHERE id = ? AND (? = 0 OR tenant_id = ?) AND status = 'registered'";
/* Back from retired to awaiting registration, with a new code (NULL: a
 * device without MAC gets its code when staff give the MAC); the old
 * token stays revoked. */
static const char SQL_REINSTATE[] =
	"UPDATE devices SET status = 'awaiting_registration', reg_code_hash = ?, reg_failures = 0,"
	" reg_locked_until = NULL, token_hash = NULL, token_created_at = NULL, registered_at = NULL"
	" WHERE id = ? AND status = 'retired'";
static const char SQL_RETIRE[] =
	"UPDATE devices SET status = 'retired', token_hash = NULL, reg_code_hash = NULL,"
	" reg_failures = 0, reg_locked_until = NULL WHERE id = ? AND status <> 'retired'";
static const char SQL_REG_FIND[] =
	"SELECT id, reg_code_hash, reg_failures, reg_locked_until FROM devices"
	" WHERE tenant_id = ? AND mac = ? AND status = 'awaiting_registration'"
	" ORDER BY id LIMIT 1 FOR UPDATE";
static const char SQL_REG_FAILED[] =
	"UPDATE devices SET reg_failures = ?, reg_locked_until = ? WHERE id = ?";
static const char SQL_REG_DONE[] =
	"UPDATE devices SET status = 'registered', registered_at = ?, reg_code_hash = NULL,"
	" reg_failures = 0, reg_locked_until = NULL, token_hash = ?, token_created_at = ?"
	" WHERE id = ?";

static void read_row(struct mm_res *q, struct device_row *d)
{
	memset(d, 0, sizeof *d);
	d->id = mm_db_int(q, 0);
	d->tenant_id = mm_db_int(q, 1);
	mm_copy_str(d->customer_no, sizeof d->customer_no, mm_db_str(q, 2));
	mm_copy_str(d->tenant_name, sizeof d->tenant_name, mm_db_str(q, 3));
	mm_copy_str(d->status, sizeof d->status, mm_db_str(q, 4));
	mm_copy_str(d->name, sizeof d->name, mm_db_str(q, 5));
	mm_copy_str(d->mac, sizeof d->mac, mm_db_str(q, 6));
	mm_copy_str(d->serial, sizeof d->serial, mm_db_str(q, 7));
	mm_copy_str(d->model, sizeof d->model, mm_db_str(q, 8));
	d->has_token = mm_db_int(q, 9) != 0;
	d->has_code = mm_db_int(q, 10) != 0;
	d->reg_failures = mm_db_int(q, 11);
	d->created_at = mm_db_time(q, 12);
	d->registered_at = mm_db_time(q, 13);
	d->token_created_at = mm_db_time(q, 14);
	d->last_alert_at = mm_db_time(q, 15);
	d->last_seen_at = mm_db_time(q, 16);
	d->reg_locked_until = mm_db_time(q, 17);
}

/* Up to cap rows of a query run into q: their count or < 0. */
static int read_rows(struct mm_res *q, struct device_row *out, int cap)
{
	int n = 0, rc = 0;
	while (n < cap && (rc = mm_db_next(q)) > 0)
		read_row(q, &out[n++]);
	mm_db_done(q);
	return rc < 0 ? rc : n;
}

int devices_db_list(long long tenant_id, const char *customer_no, struct device_row *out, int cap)
{
	struct mm_res q;
	const char *no = customer_no ? customer_no : "";
	int rc = mm_db_query(&q, SQL_LIST, "iissi", tenant_id, tenant_id, no, no, (long long)cap);
	return rc < 0 ? rc : read_rows(&q, out, cap);
}

int devices_db_staff_count(const struct device_search *s, long long *total)
{
	const char *no = s->customer_no ? s->customer_no : "";
	*total = 0;
	long long state = s->state;
	int rc = mm_db_get_int(total, SQL_STAFF_COUNT, "iisssssss", state, state, no, no, s->like,
			       s->mac_like, s->like, s->like, s->like);
	return rc < 0 ? rc : 0;
}

int devices_db_staff_page(const struct device_search *s, long long offset,
			  struct device_row *out, int cap)
{
	struct mm_res q;
	const char *no = s->customer_no ? s->customer_no : "";
	long long state = s->state;
	int rc = mm_db_query(&q, SQL_STAFF_PAGE, "iisssssssii", state, state, no, no, s->like,
			     s->mac_like, s->like, s->like, s->like, offset, (long long)cap);
	return rc < 0 ? rc : read_rows(&q, out, cap);
}

int devices_db_get(long long tenant_id, long long id, struct device_row *d)
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_GET, "iii", id, tenant_id, tenant_id);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc > 0)
		read_row(&q, d);
	mm_db_done(&q);
	return rc;
}

int devices_db_find_mac(const char *mac, long long *id, char status[24])
{
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_FIND_MAC, "s", mac);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc > 0) {
		*id = mm_db_int(&q, 0);
		mm_copy_str(status, 24, mm_db_str(&q, 1));
	}
	mm_db_done(&q);
	return rc;
}

int devices_db_rename(long long tenant_id, long long id, const char *name)
{
	long long n = mm_db_exec(SQL_RENAME, "sii", name, id, tenant_id);
	return n < 0 ? (int)n : n > 0;
}

/* What a transaction function returns to roll back after the unique key
 * devices_active_mac refused its write: not an MM_DB_* error (those are
 * negative), so mm_db_transaction neither retries nor reports it. */
#define MAC_TAKEN_ROLLBACK 1

/* 1 when a device in service other than except_id has the MAC. */
static int mac_taken(const char *mac, long long except_id)
{
	long long other = 0;
	return mm_db_get_int(&other, SQL_MAC_TAKEN, "si", mac, except_id);
}

struct add_tx {
	const char *customer_no, *mac, *serial, *model;
	const unsigned char *code_hash;
	time_t now;
	long long id;
	int result;
};

static int add_fn(void *ctx)
{
	struct add_tx *x = ctx;
	x->result = DEVICE_ADD_NO_TENANT;
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_TENANT_CONTRACT, "s", x->customer_no);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	long long contract = rc > 0 ? mm_db_int(&q, 0) : 0, tenant = rc > 0 ? mm_db_int(&q, 1) : 0;
	mm_db_done(&q);
	if (rc <= 0)
		return rc;
	if ((rc = mac_taken(x->mac, 0)) != 0) {
		x->result = DEVICE_ADD_MAC_TAKEN;
		return rc < 0 ? rc : 0;
	}
	long long n = mm_db_exec(SQL_ADD, "iisssbt", tenant, contract, x->mac, x->serial, x->model,
				 x->code_hash, (size_t)32, x->now);
	if (n == MM_DB_DUP) {
		x->result = DEVICE_ADD_MAC_TAKEN;
		return MAC_TAKEN_ROLLBACK;
	}
	if (n < 0)
		return (int)n;
	x->id = (long long)mm_db_insert_id();
	x->result = DEVICE_ADD_OK;
	return 0;
}

int devices_db_add(const char *customer_no, const char *mac, const char *serial,
		   const char *model, const unsigned char code_hash[32], time_t now, long long *id)
{
	struct add_tx x = { customer_no, mac, serial, model, code_hash, now, 0, 0 };
	int rc = mm_db_transaction(add_fn, &x);
	if (rc < 0)
		return rc;
	*id = x.id;
	return x.result;
}

struct code_tx {
	long long id;
	const char *mac, *serial, *model;
	const unsigned char *code_hash;
	int result;
};

static int code_fn(void *ctx)
{
	struct code_tx *x = ctx;
	x->result = 0;
	if (x->mac) {
		int rc = mac_taken(x->mac, x->id);
		if (rc != 0) {
			x->result = DEVICE_ADD_MAC_TAKEN;
			return rc < 0 ? rc : 0;
		}
	}
	long long n = mm_db_exec(SQL_NEW_CODE, "bsssi", x->code_hash, (size_t)32, x->mac,
				 x->serial, x->model, x->id);
	if (n == MM_DB_DUP) {
		x->result = DEVICE_ADD_MAC_TAKEN;
		return MAC_TAKEN_ROLLBACK;
	}
	if (n < 0)
		return (int)n;
	x->result = n > 0;
	return 0;
}

int devices_db_new_code(long long id, const char *mac, const char *serial, const char *model,
			const unsigned char code_hash[32])
{
	struct code_tx x = { id, mac, serial, model, code_hash, 0 };
	int rc = mm_db_transaction(code_fn, &x);
	return rc < 0 ? rc : x.result;
}

int devices_db_reinstate(long long id, const char *mac, const unsigned char *code_hash)
{
	if (mac && *mac) {
		int rc = mac_taken(mac, id);
		if (rc != 0)
			return rc < 0 ? rc : DEVICE_ADD_MAC_TAKEN;
	}
	long long n = code_hash ? mm_db_exec(SQL_REINSTATE, "bi", code_hash, (size_t)32, id) :
				  mm_db_exec(SQL_REINSTATE, "si", (const char *)NULL, id);
	if (n == MM_DB_DUP)
		return DEVICE_ADD_MAC_TAKEN;
	return n < 0 ? (int)n : n > 0;
}

int devices_db_retire(long long id)
{
	long long n = mm_db_exec(SQL_RETIRE, "i", id);
	return n < 0 ? (int)n : n > 0;
}

int devices_db_set_token(long long tenant_id, long long id, const unsigned char *token_hash,
			 time_t now)
{
	long long n = token_hash ?
		      mm_db_exec(SQL_SET_TOKEN, "btiii", token_hash, (size_t)32, now, id,
				 tenant_id, tenant_id) :
		      mm_db_exec(SQL_SET_TOKEN, "stiii", (const char *)NULL, now, id,
				 tenant_id, tenant_id);
	return n < 0 ? (int)n : n > 0;
}

struct register_tx {
	long long tenant_id;
	const char *mac;
	const unsigned char *code_hash, *token_hash;
	time_t now;
	long long id;
	time_t locked_until;
	int result;
};

static int register_fn(void *ctx)
{
	struct register_tx *x = ctx;
	x->result = DEVICE_REG_WRONG;
	struct mm_res q;
	int rc = mm_db_query(&q, SQL_REG_FIND, "is", x->tenant_id, x->mac);
	if (rc < 0)
		return rc;
	rc = mm_db_next(&q);
	if (rc <= 0) {
		mm_db_done(&q);
		return rc;	/* no such device: nothing to count, commit nothing */
	}
	long long id = mm_db_int(&q, 0);
	int code_ok = mm_db_len(&q, 1) == 32 && mm_ct_equal(mm_db_str(&q, 1), x->code_hash, 32);
	long long failures = mm_db_int(&q, 2);
	time_t locked_until = mm_db_time(&q, 3);
	mm_db_done(&q);
	/* while locked even the right code is refused, and not counted; only
	 * the tenant's own device is found here, so saying so tells nothing
	 * about other tenants' devices */
	if (locked_until > x->now) {
		x->locked_until = locked_until;
		x->result = DEVICE_REG_LOCKED;
		return 0;
	}
	if (!code_ok) {
		failures++;
		time_t lock = 0;
		if (failures >= DEVICE_CODE_FAILURES) {
			lock = x->now + DEVICE_CODE_LOCK_SECONDS;
			failures = 0;
		}
		long long n = mm_db_exec(SQL_REG_FAILED, "iTi", failures, lock, id);
		return n < 0 ? (int)n : 0;
	}
	long long n = mm_db_exec(SQL_REG_DONE, "tbti", x->now, x->token_hash, (size_t)32, x->now, id);
	if (n < 0)
		return (int)n;
	x->id = id;
	x->result = DEVICE_REG_OK;
	return 0;
}

int devices_db_register(long long tenant_id, const char *mac, const unsigned char code_hash[32],
			const unsigned char token_hash[32], time_t now, long long *id,
			time_t *locked_until)
{
	struct register_tx x = { tenant_id, mac, code_hash, token_hash, now, 0, 0, DEVICE_REG_WRONG };
	int rc = mm_db_transaction(register_fn, &x);
	if (rc < 0)
		return rc;
	*id = x.id;
	*locked_until = x.locked_until;
	return x.result;
}
