/* Registration codes, API tokens, MAC addresses and the device fields of
 * the pages. */
#include "devices.h"
#include <stdio.h>
#include <string.h>

/* 31 symbols without 0/O, 1/I/L: read off a slip and typed without doubt */
static const char CODE_ALPHABET[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

int device_code_new(char code[DEVICE_CODE_LEN + 1])
{
	unsigned char b[DEVICE_CODE_LEN];
	if (mm_random_bytes(b, sizeof b) < 0)
		return -1;
	/* 31 distinct symbols; rejection keeps them uniform */
	for (int i = 0; i < DEVICE_CODE_LEN; i++) {
		while (b[i] >= 31 * 8) {
			if (mm_random_bytes(&b[i], 1) < 0)
				return -1;
		}
		code[i] = CODE_ALPHABET[b[i] % 31];
	}
	code[DEVICE_CODE_LEN] = '\0';
	explicit_bzero(b, sizeof b);
	return 0;
}

void device_code_from_bytes(const unsigned char b[DEVICE_CODE_LEN], char code[DEVICE_CODE_LEN + 1])
{
	for (int i = 0; i < DEVICE_CODE_LEN; i++)
		code[i] = CODE_ALPHABET[b[i] % 31];
	code[DEVICE_CODE_LEN] = '\0';
}

void device_code_shown(const char *code, char out[DEVICE_CODE_SHOWN + 1])
{
	snprintf(out, DEVICE_CODE_SHOWN + 1, "%.4s-%.4s-%.4s", code, code + 4, code + 8);
}

int device_code_normalise(const char *typed, char out[DEVICE_CODE_LEN + 1])
{
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!strchr(CODE_ALPHABET, c) || c == '\0' || n == DEVICE_CODE_LEN)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == DEVICE_CODE_LEN ? 0 : -1;
}

void device_secret_hash(const char *secret, unsigned char out[32])
{
	mm_sha256(secret, strlen(secret), out);
}

int device_token_new(char token[DEVICE_TOKEN_LEN + 1])
{
	char raw[MM_TOKEN_CHARS + 1];
	if (mm_token_new(raw) < 0)
		return -1;
	snprintf(token, DEVICE_TOKEN_LEN + 1, "mmd_%s", raw);
	explicit_bzero(raw, sizeof raw);
	return 0;
}

int device_mac_normalise(const char *typed, char out[DEVICE_MAC_LEN + 1])
{
	char hex[12];
	size_t n = 0, len = strlen(typed);
	char sep = len == 17 ? typed[2] : 0;
	if (len != 12 && !(len == 17 && (sep == ':' || sep == '-')))
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = typed[i];
		if (sep && i % 3 == 2) {
			if (c != sep)
				return -1;
			continue;
		}
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return -1;
		hex[n++] = c;
	}
	if (n != 12)
		return -1;
	for (int i = 0; i < 6; i++) {
		out[i * 3] = hex[i * 2];
		out[i * 3 + 1] = hex[i * 2 + 1];
		out[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	return 0;
}

const char *device_v_mac(const struct mm_input *in, const char *v)
{
	char mac[DEVICE_MAC_LEN + 1];
	if (device_mac_normalise(v, mac) != 0)
		return "devices.err.mac";
	return device_mac_unicast(mac) ? NULL : "devices.err.mac_not_unicast";
}

/* A device's own address is a unicast one: the lowest bit of the first
 * octet is 0 (1 marks a group address: multicast, and broadcast
 * FF:FF:FF:FF:FF:FF), and it is not all zeros, which no interface has. */
int device_mac_unicast(const char mac[DEVICE_MAC_LEN + 1])
{
	/* the first octet's low nibble is mac[1], an upper-case hex digit */
	int low_nibble = mac[1] >= 'A' ? mac[1] - 'A' + 10 : mac[1] - '0';
	return !(low_nibble & 1) && strcmp(mac, "00:00:00:00:00:00") != 0;
}

const char *device_v_code(const struct mm_input *in, const char *v)
{
	(void)in;
	char code[DEVICE_CODE_LEN + 1];
	int rc = device_code_normalise(v, code);
	explicit_bzero(code, sizeof code);
	return rc == 0 ? NULL : "devices.err.code";
}

void device_fill(struct mm_req *r, const char *prefix, const struct device_row *d)
{
	char p[96];
#define SETF(field, v) (snprintf(p, sizeof p, "%s." field, prefix), mm_set(r, p, v))
#define SETT(field, t) (snprintf(p, sizeof p, "%s." field, prefix), mm_time_set(r, p, t))
	snprintf(p, sizeof p, "%s.Id", prefix);
	mm_pubid_set(r, p, MM_PUBID_DEVICE, d->id);
	SETF("CustomerNo", d->customer_no);
	SETF("TenantName", d->tenant_name);
	SETF("Status", d->status);
	SETF("Name", d->name);
	SETF("Mac", d->mac);
	SETF("Serial", d->serial);
	SETF("Model", d->model);
	SETF("HasToken", d->has_token ? "1" : "0");
	SETF("HasCode", d->has_code ? "1" : "0");
	SETF("Locked", d->reg_locked_until > r->now ? "1" : "0");
	SETT("CreatedAt", d->created_at);
	SETT("RegisteredAt", d->registered_at);
	SETT("TokenCreatedAt", d->token_created_at);
	SETT("LastAlertAt", d->last_alert_at);
	SETT("LastSeenAt", d->last_seen_at);
	SETT("LockedUntil", d->reg_locked_until);
#undef SETF
#undef SETT
}
