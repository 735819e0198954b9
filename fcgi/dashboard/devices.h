/* UTM devices (DASH-5): the customer's device pages, the staff console,
 * registration codes and API tokens. */
#ifndef DEVICES_H
#define DEVICES_H
#include "mm.h"

/* Registration codes: 12 characters of an alphabet without look-alikes
 * (no 0/O, 1/I/L), shown as XXXX-XXXX-XXXX; hyphens, spaces and case do not
 * matter when typed. */
#define DEVICE_CODE_LEN 12
#define DEVICE_CODE_SHOWN (DEVICE_CODE_LEN + 2)
#define DEVICE_CODE_FAILURES 5		/* wrong codes before the lock */
#define DEVICE_CODE_LOCK_SECONDS 1200	/* 20 minutes, like logins */
/* API tokens: "mmd_" + 43 base64url characters (32 random bytes). */
#define DEVICE_TOKEN_LEN (4 + MM_TOKEN_CHARS)
#define DEVICE_MAC_LEN 17		/* "00:11:22:AA:BB:CC" */

struct device_row {
	long long id, tenant_id;
	char customer_no[11];
	char tenant_name[201 * 4];
	char status[24];
	char name[101 * 4];
	char mac[DEVICE_MAC_LEN + 1];
	char serial[65 * 4];
	char model[65 * 4];
	int has_token, has_code;
	long long reg_failures;
	time_t created_at, registered_at, token_created_at, last_alert_at, last_seen_at,
	       reg_locked_until;
};

/* devices_util.c */
int device_code_new(char code[DEVICE_CODE_LEN + 1]);
/* A code from given bytes (demo data derives stable ones from a key). */
void device_code_from_bytes(const unsigned char b[DEVICE_CODE_LEN], char code[DEVICE_CODE_LEN + 1]);
void device_code_shown(const char *code, char out[DEVICE_CODE_SHOWN + 1]);
/* The canonical form of what a customer typed: 0, or -1 when it cannot be
 * a code. */
int device_code_normalise(const char *typed, char out[DEVICE_CODE_LEN + 1]);
void device_secret_hash(const char *secret, unsigned char out[32]);
int device_token_new(char token[DEVICE_TOKEN_LEN + 1]);
/* "00:11:22:AA:BB:CC" from any of 00-11-22-aa-bb-cc, 001122aabbcc…;
 * 0 or -1. */
int device_mac_normalise(const char *typed, char out[DEVICE_MAC_LEN + 1]);
/* 1 when the normalised mac can be a device's own address (unicast, not
 * all zeros); device_v_mac refuses the others. */
int device_mac_unicast(const char mac[DEVICE_MAC_LEN + 1]);
const char *device_v_mac(const struct mm_input *in, const char *v);
/* A registration code as typed: 12 characters of the code's alphabet. */
const char *device_v_code(const struct mm_input *in, const char *v);
/* Fills Devices.<i> / Device for a template; times in the viewer's zone. */
void device_fill(struct mm_req *r, const char *prefix, const struct device_row *d);

/* devices_db.c: tenant_id 0 = any tenant (staff). 1 found, 0 none, < 0
 * MM_DB_*. Lists return the count. */
int devices_db_list(long long tenant_id, const char *customer_no, struct device_row *out, int cap);
/* The staff list: state which devices (in service by default);
 * customer_no exact (NULL: any); like (NULL: none) a LIKE pattern ('!'
 * escapes) of MAC, customer number, name or serial, mac_like the same
 * typed as a MAC (upper case, colons). */
enum device_list_state { DEVICE_LIST_ACTIVE = 0, DEVICE_LIST_RETIRED = 1, DEVICE_LIST_ALL = 2 };
struct device_search {
	const char *customer_no, *like, *mac_like;
	enum device_list_state state;
};
int devices_db_staff_count(const struct device_search *s, long long *total);
int devices_db_staff_page(const struct device_search *s, long long offset,
			  struct device_row *out, int cap);
int devices_db_get(long long tenant_id, long long id, struct device_row *d);
/* The device with this MAC: 1 and its id and status, 0 none. */
int devices_db_find_mac(const char *mac, long long *id, char status[24]);
int devices_db_rename(long long tenant_id, long long id, const char *name);
enum { DEVICE_ADD_NO_TENANT = 0, DEVICE_ADD_OK = 1, DEVICE_ADD_MAC_TAKEN = 2 };
/* Staff: a new device awaiting registration with a code, in one
 * transaction: DEVICE_ADD_OK (*id set), DEVICE_ADD_NO_TENANT (no contract
 * of that customer), DEVICE_ADD_MAC_TAKEN (a device in service, i.e. not
 * retired, has the MAC), or < 0. */
int devices_db_add(const char *customer_no, const char *mac, const char *serial,
		   const char *model, const unsigned char code_hash[32], time_t now, long long *id);
/* Staff: a new registration code (and the MAC/serial/model when given):
 * 1, 0 (not awaiting registration), DEVICE_ADD_MAC_TAKEN (another device
 * in service has the MAC), or < 0. */
int devices_db_new_code(long long id, const char *mac, const char *serial, const char *model,
			const unsigned char code_hash[32]);
/* Staff: the device leaves service (replaced, or a placeholder never
 * delivered): its token and code stop at once; 1, 0 already retired, < 0.
 * One statement: it joins the caller's transaction. */
int devices_db_retire(long long id);
/* Staff: a retired device back to awaiting registration with a new code
 * (code_hash NULL: none, for a device without MAC), its old token staying
 * revoked. Inside the caller's transaction: 1, 0 (not retired),
 * DEVICE_ADD_MAC_TAKEN (another device in service has its MAC; mac is the
 * device's own, NULL or "" for none), or < 0. */
int devices_db_reinstate(long long id, const char *mac, const unsigned char *code_hash);
/* Token rotation (a new hash) and revocation (NULL): registered devices. */
int devices_db_set_token(long long tenant_id, long long id, const unsigned char *token_hash,
			 time_t now);

enum { DEVICE_REG_OK = 1, DEVICE_REG_WRONG = 0, DEVICE_REG_LOCKED = 2 };
/* Registration by MAC + code in one transaction: DEVICE_REG_OK (device
 * registered, *id set), DEVICE_REG_WRONG (no such device of the tenant, or
 * wrong code, counted), DEVICE_REG_LOCKED (the tenant's device is locked
 * after wrong codes, whatever the code: *locked_until set), or < 0. */
int devices_db_register(long long tenant_id, const char *mac, const unsigned char code_hash[32],
			const unsigned char token_hash[32], time_t now, long long *id,
			time_t *locked_until);

/* dashboard_devices.c: /dashboard/devices… */
extern const struct mm_input devices_list_inputs[], devices_register_inputs[],
	devices_name_inputs[], devices_revoke_inputs[];
int devices_list(struct mm_req *r);
int devices_register(struct mm_req *r);
int devices_view(struct mm_req *r);
int devices_rename(struct mm_req *r);
int devices_rotate(struct mm_req *r);
int devices_revoke(struct mm_req *r);

/* staff_devices.c: /staff/dashboard/devices… */
extern const struct mm_input staff_devices_list_inputs[], staff_devices_add_inputs[],
	staff_devices_code_inputs[], staff_devices_retire_inputs[],
	staff_devices_reinstate_inputs[];
int staff_devices_list(struct mm_req *r);
int staff_devices_add(struct mm_req *r);
int staff_devices_view(struct mm_req *r);
int staff_devices_code(struct mm_req *r);
int staff_devices_rotate(struct mm_req *r);
int staff_devices_revoke(struct mm_req *r);
int staff_devices_retire(struct mm_req *r);
int staff_devices_reinstate(struct mm_req *r);

#define DEVICES_TEMPLATES "dashboard/devices.cs", "dashboard/device.cs", \
	"dashboard/device_token.cs", "staff/dashboard/devices.cs", \
	"staff/dashboard/device.cs", "staff/dashboard/slip.cs"

#endif
