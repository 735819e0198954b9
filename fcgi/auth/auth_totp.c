/* /auth/mfa/totp: authenticator app enrolment (AUTH-7). The new secret waits
 * sealed in the session until a code made from it is entered; only then does
 * it replace the user's secret. Open to first-login and full sessions. */
#include "auth.h"
#include "mm_aead.h"
#include "mm_otp.h"
#include "mm_qr.h"
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>

#define TOTP_SECRET_BYTES 20	/* 160 bits, as RFC 4226 recommends */

static void totp_aad(long long user_id, char out[32])
{
	snprintf(out, 32, "totp:%lld", user_id);
}

/* The pending secret of this session, made when missing. 0 or an error. */
static int pending_secret(struct mm_req *r, unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char sealed[AUTH_SEALED_MAX];
	size_t len = 0, plen = 0;
	char aad[32];
	totp_aad(r->user.id, aad);
	int rc = auth_pending_totp_get(r->session_id, sealed, &len);
	if (rc == 1 &&
	    mm_aead_open_config(aad, sealed, len, secret, TOTP_SECRET_BYTES, &plen) == 0 &&
	    plen == TOTP_SECRET_BYTES)
		return 0;
	if (rc < 0 || mm_random_bytes(secret, TOTP_SECRET_BYTES) < 0 ||
	    mm_aead_seal_config(aad, secret, TOTP_SECRET_BYTES, sealed, &len) < 0)
		return rc < 0 ? rc : MM_DB_ERR;
	return auth_pending_totp_set(r->session_id, sealed, len);
}

static int show_enrolment(struct mm_req *r, const unsigned char *secret)
{
	char b32[64], grouped[80];
	mm_base32_encode(secret, TOTP_SECRET_BYTES, b32, sizeof b32);
	size_t o = 0;
	for (size_t i = 0; b32[i] && o + 2 < sizeof grouped; i++) {
		if (i && i % 4 == 0)
			grouped[o++] = ' ';
		grouped[o++] = b32[i];
	}
	grouped[o] = '\0';
	struct mm_buf uri = { 0 }, img = { 0 };
	mm_otpauth_uri(&uri, mm_cfg_str("Site.Name", "Mimamori"), r->user.login_id, b32);
	int rc = mm_qr_svg_data_uri(&img, mm_buf_str(&uri));
	mm_set(r, "Totp.Secret", grouped);
	mm_set(r, "Totp.Qr", mm_buf_str(&img));
	mm_set(r, "Totp.Issuer", mm_cfg_str("Site.Name", "Mimamori"));
	mm_set(r, "Totp.Account", r->user.login_id);
	mm_set_int(r, "Steps.Current", 3);
	OPENSSL_cleanse(b32, sizeof b32);
	OPENSSL_cleanse(grouped, sizeof grouped);
	mm_buf_free(&uri);
	mm_buf_free(&img);
	if (rc < 0)
		return 500;
	return mm_render(r, 200, "auth/totp.cs");
}

int auth_totp_form(struct mm_req *r)
{
	struct auth_account a;
	int rc = auth_enrol_allowed(r, &a);
	if (rc <= 0)
		return rc;
	unsigned char secret[TOTP_SECRET_BYTES];
	rc = pending_secret(r, secret);
	if (rc < 0)
		return rc;
	rc = show_enrolment(r, secret);
	OPENSSL_cleanse(secret, sizeof secret);
	return rc;
}

int auth_totp_submit(struct mm_req *r)
{
	struct auth_account a;
	int rc = auth_enrol_allowed(r, &a);
	if (rc <= 0)
		return rc;
	unsigned char secret[TOTP_SECRET_BYTES], sealed[AUTH_SEALED_MAX];
	size_t len = 0;
	if ((rc = pending_secret(r, secret)) < 0)
		return rc;
	const char *code = mm_param(r, "code");
	long long step = code ? mm_totp_verify(secret, sizeof secret, code, r->now, 1, 0) : -1;
	if (step < 0) {
		mm_set(r, "Errors.code", mm_t(r, "mfa.code_wrong"));
		mm_event(r, "mfa.enrol_failed", &a.user, NULL);
		rc = show_enrolment(r, secret);
		OPENSSL_cleanse(secret, sizeof secret);
		return rc;
	}
	char aad[32];
	totp_aad(a.user.id, aad);
	rc = mm_aead_seal_config(aad, secret, sizeof secret, sealed, &len) < 0;
	OPENSSL_cleanse(secret, sizeof secret);
	if (rc)
		return 500;
	/* the code just entered is used: the same step cannot log in afterwards */
	if ((rc = auth_totp_save(a.user.id, sealed, len, step)) < 0 ||
	    (rc = auth_pending_totp_set(r->session_id, NULL, 0)) < 0 ||
	    (rc = auth_trust_revoke_all(a.user.id)) < 0)
		return rc;
	mm_event(r, "mfa.enrol", &a.user, NULL);
	if ((rc = auth_notify(r, &a, "mfa_changed")) < 0)
		return rc;
	if (r->stage == MM_STAGE_SETUP) {
		if ((rc = auth_setup_advance(a.user.id, AUTH_SETUP_DONE)) < 0)
			return rc;
		return auth_first_next(r);
	}
	return mm_redirect(r, "/account/mfa?saved=1");
}
