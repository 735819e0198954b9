/* CSRF tokens (AUTH-10): HMAC of the server key over the session token, or
 * over a random pre-session cookie for forms shown before login (login CSRF).
 * Stateless: nothing stored, nothing to expire apart from the binding. */
#include "mm.h"
#include <string.h>
#include <openssl/crypto.h>

void mm_csrf_compute(const unsigned char *key, size_t keylen, const char *binding, char out[64])
{
	unsigned char mac[32];
	struct mm_buf msg = { 0 };
	mm_buf_puts(&msg, "csrf:");
	mm_buf_puts(&msg, binding);
	mm_hmac_sha256(key, keylen, mm_buf_str(&msg), msg.len, mac);
	mm_buf_free(&msg);
	mm_b64url_encode(mac, sizeof mac, out);
}

/* The server key from Secrets.Key (hex, 16..64 bytes); -1 when missing. */
static int server_key(unsigned char key[64], size_t *len)
{
	long n = mm_cfg_key("Secrets.Key", key, 16, 64);
	if (n < 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

static const char *binding(struct mm_req *r)
{
	if (r->logged_in && r->session_token[0])
		return r->session_token;
	return r->pre_token[0] ? r->pre_token : NULL;
}

int mm_csrf_token(struct mm_req *r, char out[64])
{
	unsigned char key[64];
	size_t keylen;
	out[0] = '\0';
	if (!binding(r)) {
		if (mm_token_new(r->pre_token) < 0)
			return -1;
		mm_set_cookie(r, MM_PRE_COOKIE, r->pre_token, 0);
	}
	if (server_key(key, &keylen) < 0)
		return -1;
	mm_csrf_compute(key, keylen, binding(r), out);
	OPENSSL_cleanse(key, sizeof key);
	return 0;
}

int mm_csrf_check(struct mm_req *r, const char *token)
{
	unsigned char key[64];
	size_t keylen;
	char want[64];
	const char *b = binding(r);
	if (!token || !b || server_key(key, &keylen) < 0)
		return 0;
	mm_csrf_compute(key, keylen, b, want);
	OPENSSL_cleanse(key, sizeof key);
	return mm_ct_streq(want, token);
}
