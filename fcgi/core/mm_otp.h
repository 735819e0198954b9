/* One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP), base32 (RFC 4648) and
 * otpauth:// URIs for authenticator apps (AUTH-6, AUTH-7). */
#ifndef MM_OTP_H
#define MM_OTP_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "mm_buf.h"

enum mm_otp_alg { MM_OTP_SHA1, MM_OTP_SHA256, MM_OTP_SHA512 };

/* Base32 with the RFC 4648 alphabet, upper case, no padding. Returns the
 * length written (excluding NUL), or -1 when out is too small. */
long mm_base32_encode(const unsigned char *in, size_t n, char *out, size_t outcap);
/* Accepts upper or lower case, ignores spaces and trailing '=' padding.
 * Returns decoded length, or -1 on invalid input / short buffer. */
long mm_base32_decode(const char *in, unsigned char *out, size_t outcap);

/* The HOTP value (already reduced to `digits` digits, 6..8). */
uint32_t mm_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		 int digits, enum mm_otp_alg alg);
/* The TOTP value for time t (T0 = 0). */
uint32_t mm_totp(const unsigned char *key, size_t keylen, time_t t, int step,
		 int digits, enum mm_otp_alg alg);
/* Checks a 6-digit SHA-1 30-second code against the steps now-window..now+window.
 * A step <= last_used_step is refused (each code accepted once).
 * Returns the matched step (>= 0), or -1. code must be exactly 6 ASCII digits. */
long long mm_totp_verify(const unsigned char *key, size_t keylen, const char *code,
			 time_t now, int window, long long last_used_step);

/* otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
 * with issuer and account percent-encoded. */
void mm_otpauth_uri(struct mm_buf *out, const char *issuer, const char *account,
		    const char *secret_b32);

#endif
