/* SMS delivery: HTTPS POST of {"to": ..., "text": ...} to the gateway
 * (Sms.Url) with "Authorization: Bearer <Sms.Token>"; any 2xx answer means
 * the gateway accepted the message. */
#include "mm.h"
#include "notifier.h"
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>

static CURL *http;

/* Appends s as a JSON string (RFC 8259): quotes, backslash and controls
 * escaped, UTF-8 kept, malformed bytes replaced by U+FFFD. */
static void json_string(struct mm_buf *b, const char *s)
{
	mm_buf_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			mm_buf_add(b, e, 2);
			p++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': mm_buf_add(b, "\\n", 2); break;
			case '\r': mm_buf_add(b, "\\r", 2); break;
			case '\t': mm_buf_add(b, "\\t", 2); break;
			default: mm_buf_printf(b, "\\u%04x", c); break;
			}
			p++;
		} else if (c < 0x80) {
			mm_buf_add(b, (const char *)p, 1);
			p++;
		} else {
			uint32_t cp;
			size_t n = mm_utf8_decode(p, 4, &cp);
			if (n == 0) {
				mm_buf_puts(b, "\xef\xbf\xbd");
				p++;
			} else {
				mm_buf_add(b, (const char *)p, n);
				p += n;
			}
		}
	}
	mm_buf_add(b, "\"", 1);
}

/* A phone number as the gateway takes it: digits, optionally a leading +,
 * hyphens and spaces between. */
static int phone_ok(const char *s)
{
	size_t digits = 0, n = 0;
	for (const char *p = s; *p; p++, n++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(*p == '+' && p == s) && *p != '-' && *p != ' ')
			return 0;
	}
	return digits >= 3 && digits <= 20 && n <= 32;
}

static size_t discard_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

static int add_header(struct curl_slist **h, const char *line)
{
	struct curl_slist *n = curl_slist_append(*h, line);
	if (!n)
		return 1;	/* the list is left as it was */
	*h = n;
	return 0;
}

void nt_sms_cleanup(void)
{
	if (http)
		curl_easy_cleanup(http);
	http = NULL;
}

int nt_sms_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap)
{
	if (!phone_ok(m->recipient)) {
		nt_error_text(err, errcap, "invalid phone number");
		return NT_PERMANENT;
	}
	char mid[320], idem[360];
	struct mm_buf body = { 0 };
	mm_buf_puts(&body, "{\"to\": ");
	json_string(&body, m->recipient);
	mm_buf_puts(&body, ", \"text\": ");
	json_string(&body, m->body);
	mm_buf_puts(&body, "}");

	struct curl_slist *h = NULL;
	int bad = body.oom;
	bad |= add_header(&h, "Content-Type: application/json; charset=utf-8");
	bad |= add_header(&h, "Expect:");	/* no 100-continue round trip */
	/* lets a gateway that supports it drop a retried duplicate */
	if (nt_message_id(cfg, m, mid, sizeof mid) == 0) {
		mid[strlen(mid) - 1] = '\0';
		snprintf(idem, sizeof idem, "Idempotency-Key: %s", mid + 1);
		bad |= add_header(&h, idem);
	}
	if (cfg->sms_token) {
		struct mm_buf auth = { 0 };
		mm_buf_printf(&auth, "Authorization: Bearer %s", cfg->sms_token);
		bad |= auth.oom || add_header(&h, mm_buf_str(&auth));
		mm_buf_free(&auth);	/* curl keeps its own copy */
	}
	if (bad) {
		curl_slist_free_all(h);
		mm_buf_free(&body);
		nt_error_text(err, errcap, "out of memory");
		return NT_RETRY;
	}

	if (!http) {
		http = curl_easy_init();
		if (!http) {
			curl_slist_free_all(h);
			mm_buf_free(&body);
			nt_error_text(err, errcap, "sms: curl_easy_init failed");
			return NT_RETRY;
		}
	} else {
		curl_easy_reset(http);
	}
	char curlerr[CURL_ERROR_SIZE] = "";
	CURL *c = http;
	curl_easy_setopt(c, CURLOPT_URL, cfg->sms_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, cfg->sms_allow_http ? "https,http" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
	if (cfg->sms_ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->sms_ca_file);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->sms_timeout_s);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.p);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mimamori-notifier");
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	int result;
	char text[512];
	if (rc == CURLE_OK && code >= 200 && code <= 299) {
		result = NT_SENT;
	} else if (rc == CURLE_OK) {
		snprintf(text, sizeof text, "sms: gateway answered HTTP %ld", code);
		nt_error_text(err, errcap, text);
		result = NT_RETRY;
	} else {
		snprintf(text, sizeof text, "sms: %s%s%s", curl_easy_strerror(rc),
			 curlerr[0] ? ": " : "", curlerr);
		nt_error_text(err, errcap, text);
		result = NT_RETRY;
		nt_sms_cleanup();
	}
	if (http) {
		/* the kept handle must not point at freed or stack memory */
		curl_easy_setopt(http, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(http, CURLOPT_POSTFIELDS, NULL);
		curl_easy_setopt(http, CURLOPT_ERRORBUFFER, NULL);
	}
	curl_slist_free_all(h);
	mm_buf_free(&body);
	return result;
}
