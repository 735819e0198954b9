/* Demo UTM devices: per demo tenant one registered device (its token
 * written for the demo alert loader, see tools/stack/ingest.sh) and one
 * delivered but not yet registered (its MAC and registration code printed
 * with the demo logins).
 *
 * Codes and tokens are derived from the installation's secret key and the
 * MAC, so a second run prints and writes the same ones and changes nothing;
 * a device that exists is never touched (a demo user may have registered
 * it or rotated its token meanwhile). */
#include "mm.h"
#include "devices.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int demo_devices(void);

struct demo_device {
	const char *customer_no, *mac, *serial, *model, *name;
	int registered;
};

static const struct demo_device devices[] = {
	{ "N200000001", "02:00:5E:10:A1:01", "MMU2A0000101", "MM-UTM 200", "本社 UTM", 1 },
	{ "N200000001", "02:00:5E:10:A1:02", "MMU1A0000102", "MM-UTM 100", "", 0 },
	{ "N200000002", "02:00:5E:10:B2:01", "MMU1B0000201", "MM-UTM 100", "工場 UTM", 1 },
	{ "N200000002", "02:00:5E:10:B2:02", "MMU1B0000202", "MM-UTM 100", "", 0 },
	/* companies of the threat report's average (tools/demo_reports.c) */
	{ "N200000003", "02:00:5E:10:C3:01", "MMU1C0000301", "MM-UTM 100", "倉庫 UTM", 1 },
	{ "N200000004", "02:00:5E:10:D4:01", "MMU1D0000401", "MM-UTM 100", "設計室 UTM", 1 },
	{ "N200000005", "02:00:5E:10:E5:01", "MMU2E0000501", "MM-UTM 200", "工場 UTM", 1 },
};

/* HMAC(Secrets.Key, "demo-device:" what ":" mac) */
static int derive(const char *what, const char *mac, unsigned char out[32])
{
	unsigned char key[64];
	long n = mm_cfg_key("Secrets.Key", key, 32, sizeof key);
	if (n < 0)
		return -1;
	char msg[96];
	snprintf(msg, sizeof msg, "demo-device:%s:%s", what, mac);
	mm_hmac_sha256(key, (size_t)n, msg, strlen(msg), out);
	explicit_bzero(key, sizeof key);
	return 0;
}

static int ensure(const struct demo_device *d, FILE *tokens)
{
	unsigned char code_bytes[32], token_bytes[32], code_hash[32], token_hash[32];
	char code[DEVICE_CODE_LEN + 1], shown[DEVICE_CODE_SHOWN + 1];
	char token[DEVICE_TOKEN_LEN + 1], b64[MM_TOKEN_CHARS + 1];
	if (derive("code", d->mac, code_bytes) < 0 || derive("token", d->mac, token_bytes) < 0)
		return -1;
	device_code_from_bytes(code_bytes, code);
	device_code_shown(code, shown);
	mm_b64url_encode(token_bytes, 32, b64);
	snprintf(token, sizeof token, "mmd_%s", b64);
	device_secret_hash(code, code_hash);
	device_secret_hash(token, token_hash);

	long long id = 0;
	char status[24] = "";
	int rc = devices_db_find_mac(d->mac, &id, status);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (devices_db_add(d->customer_no, d->mac, d->serial, d->model, code_hash,
				   time(NULL), &id) != DEVICE_ADD_OK)
			return -1;
		struct device_row row;
		if (devices_db_get(0, id, &row) <= 0 ||
		    (d->name[0] && devices_db_rename(row.tenant_id, id, d->name) < 0))
			return -1;
		time_t locked_until;
		if (d->registered && devices_db_register(row.tenant_id, d->mac, code_hash, token_hash,
							 time(NULL), &id, &locked_until) != DEVICE_REG_OK)
			return -1;
		snprintf(status, sizeof status, "%s",
			 d->registered ? "registered" : "awaiting_registration");
	}
	if (strcmp(status, "awaiting_registration") == 0)
		printf("%-28s %s  %-15s %s (to register on /dashboard/devices)\n", d->mac, shown,
		       "utm_to_register", d->customer_no);
	else if (strcmp(status, "registered") == 0 && tokens)
		fprintf(tokens, "%s %s %s\n", d->customer_no, d->mac, token);
	explicit_bzero(token, sizeof token);
	return 0;
}

/* MM_DEMO_DEVICES names the file the registered devices' tokens go to
 * (mode 0600; the stack's var dir); without it none is written. */
int demo_devices(void)
{
	const char *path = getenv("MM_DEMO_DEVICES");
	FILE *tokens = NULL;
	char tmp[4096];
	if (path && *path) {
		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		mode_t old = umask(077);
		tokens = fopen(tmp, "w");
		umask(old);
		if (!tokens) {
			fprintf(stderr, "demo: cannot write %s\n", tmp);
			return -1;
		}
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof devices / sizeof *devices && rc == 0; i++)
		rc = ensure(&devices[i], tokens);
	if (tokens) {
		if (fclose(tokens) != 0 || (rc == 0 && rename(tmp, path) != 0))
			rc = -1;
		if (rc != 0)
			unlink(tmp);
	}
	if (rc != 0)
		fprintf(stderr, "demo: the demo devices could not be loaded\n");
	return rc;
}
