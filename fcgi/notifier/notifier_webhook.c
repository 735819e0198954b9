/* Chat webhook delivery (ACC-4): HTTPS POST of the JSON body queued by the
 * portal to the linkage's URL. The URL is read (unsealed) at send time,
 * checked again like at registration, and its host resolved here once:
 * the request is pinned to that address (CURLOPT_RESOLVE), so a name that
 * answers a public address to the check and a private one to the
 * connection (DNS rebinding) cannot steer it inward. No redirects, no
 * proxy from the environment. The URL is never logged or stored in an
 * error text: it holds the workspace's secret. */
#include "mm.h"
#include "notifier.h"
#include "chat_db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

static CURL *http;

static size_t discard_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

void nt_webhook_cleanup(void)
{
	if (http)
		curl_easy_cleanup(http);
	http = NULL;
}

/* One attempt to the URL pinned to ip: NT_SENT or NT_RETRY with err set. */
static int post(const struct nt_config *cfg, const char *url, const struct chat_url *u,
		const char *ip, const struct nt_msg *m, char *err, size_t errcap)
{
	char resolve[400], text[200];
	int v6 = strchr(ip, ':') != NULL;
	snprintf(resolve, sizeof resolve, "%s:%d:%s%s%s", u->host, u->port, v6 ? "[" : "", ip,
		 v6 ? "]" : "");
	struct curl_slist *pin = curl_slist_append(NULL, resolve);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	struct curl_slist *h2 = h ? curl_slist_append(h, "Expect:") : NULL;
	if (!pin || !h2) {
		curl_slist_free_all(pin);
		curl_slist_free_all(h);
		nt_error_text(err, errcap, "out of memory");
		return NT_RETRY;
	}
	if (!http) {
		http = curl_easy_init();
	} else {
		curl_easy_reset(http);
	}
	if (!http) {
		curl_slist_free_all(pin);
		curl_slist_free_all(h);
		nt_error_text(err, errcap, "webhook: curl_easy_init failed");
		return NT_RETRY;
	}
	CURL *c = http;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_RESOLVE, pin);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, cfg->chat_allow_local ? "https,http" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->chat_timeout_s);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, m->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(m->body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mimamori-notifier");
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	int result = NT_RETRY;
	if (rc == CURLE_OK && code >= 200 && code <= 299) {
		result = NT_SENT;
	} else if (rc == CURLE_OK) {
		snprintf(text, sizeof text, "webhook answered HTTP %ld", code);
		nt_error_text(err, errcap, text);
	} else {
		/* curl's own error buffer may quote the URL: only the code's text */
		snprintf(text, sizeof text, "webhook: %s", curl_easy_strerror(rc));
		nt_error_text(err, errcap, text);
		nt_webhook_cleanup();
	}
	if (http) {
		curl_easy_setopt(http, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(http, CURLOPT_RESOLVE, NULL);
		curl_easy_setopt(http, CURLOPT_POSTFIELDS, NULL);
	}
	curl_slist_free_all(pin);
	curl_slist_free_all(h);
	return result;
}

int nt_webhook_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap)
{
	long long id = 0;
	if (strncmp(m->recipient, "chat:", 5) != 0 || (id = strtoll(m->recipient + 5, NULL, 10)) <= 0) {
		nt_error_text(err, errcap, "malformed webhook recipient");
		return NT_PERMANENT;
	}
	char *url = malloc(CHAT_URL_MAX + 1);
	if (!url) {
		nt_error_text(err, errcap, "out of memory");
		return NT_RETRY;
	}
	struct chat_linkage l;
	int rc = chat_db_url(id, &l, url);
	int result;
	if (rc < 0) {
		nt_error_text(err, errcap, "linkage unreadable");
		result = NT_RETRY;
	} else if (rc == 0) {
		nt_error_text(err, errcap, "linkage deleted");
		result = NT_PERMANENT;
	} else if (!l.enabled) {
		nt_error_text(err, errcap, "linkage paused");
		result = NT_PERMANENT;
	} else {
		struct chat_url u;
		char ip[CHAT_IP_LEN];
		unsigned flags = cfg->chat_allow_local ? CHAT_ALLOW_LOCAL : 0;
		enum chat_url_err e = chat_url_check(url, flags, &u, ip);
		if (e != CHAT_URL_OK) {
			char text[80];
			snprintf(text, sizeof text, "webhook refused: %s", chat_url_err_key(e));
			nt_error_text(err, errcap, text);
			result = NT_RETRY;
		} else {
			result = post(cfg, url, &u, ip, m, err, errcap);
		}
		time_t now = mm_clock_now();
		int frc = result == NT_SENT ? chat_db_delivered(id, now)
					    : chat_db_failed(id, now, err, cfg->chat_failures,
							     cfg->chat_failing_s);
		if (frc > 0)
			mm_log_warn("chat linkage %lld is now failing (%s)", id, err);
	}
	memset(url, 0, CHAT_URL_MAX + 1);
	free(url);
	return result;
}
