/* Mail delivery: one SMTP transaction per message through libcurl
 * (smtp:// with STARTTLS as configured, or smtps:// for implicit TLS). The
 * connection is kept between messages by reusing the easy handle. */
#include "mm.h"
#include "mm_mime.h"
#include "notifier.h"
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>

static CURL *smtp;

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata)
{
	struct upload *u = userdata;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

void nt_smtp_cleanup(void)
{
	if (smtp)
		curl_easy_cleanup(smtp);	/* sends QUIT on a kept connection */
	smtp = NULL;
}

int nt_smtp_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap)
{
	char to[256], mid[320], envelope_from[260], envelope_to[260];
	/* the recipient is a bare address; anything else (a list, a display
	 * name, CR/LF that would inject SMTP commands) can never be sent */
	if (mm_mime_addr_spec(m->recipient, to, sizeof to) < 0 || strcmp(to, m->recipient) != 0) {
		nt_error_text(err, errcap, "invalid recipient address");
		return NT_PERMANENT;
	}
	if (nt_message_id(cfg, m, mid, sizeof mid) < 0) {
		nt_error_text(err, errcap, "cannot build a Message-ID (Mail.From)");
		return NT_RETRY;
	}
	struct mm_buf msg = { 0 };
	if (mm_mime_message(&msg, cfg->from, to, m->subject, m->body, m->created_at, mid) < 0) {
		mm_buf_free(&msg);
		nt_error_text(err, errcap, "invalid header value (CR/LF or address)");
		return NT_PERMANENT;
	}
	snprintf(envelope_from, sizeof envelope_from, "<%s>", cfg->from_addr);
	snprintf(envelope_to, sizeof envelope_to, "<%s>", to);

	if (!smtp) {
		smtp = curl_easy_init();
		if (!smtp) {
			mm_buf_free(&msg);
			nt_error_text(err, errcap, "smtp: curl_easy_init failed");
			return NT_RETRY;
		}
	} else {
		curl_easy_reset(smtp);	/* keeps the open connection */
	}
	char curlerr[CURL_ERROR_SIZE] = "";
	struct upload up = { msg.p, msg.len };
	struct curl_slist *rcpt = curl_slist_append(NULL, envelope_to);
	CURL *c = smtp;
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
	curl_easy_setopt(c, CURLOPT_USE_SSL, cfg->smtp_use_ssl);
	if (cfg->smtp_ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca_file);
	if (cfg->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
	}
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->smtp_timeout_s);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	int result;
	if (!rcpt || msg.oom) {
		nt_error_text(err, errcap, "out of memory");
		result = NT_RETRY;
	} else {
		/* returns once the relay answered the end of data with 250 */
		CURLcode rc = curl_easy_perform(c);
		if (rc == CURLE_OK) {
			result = NT_SENT;
		} else {
			long code = 0;
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
			char text[512], reply[32] = "";
			if (code > 0)
				snprintf(reply, sizeof reply, " (reply %ld)", code);
			/* curl's texts name the step and the reply code, never the
			 * credentials or the message */
			snprintf(text, sizeof text, "smtp: %s%s%s%s", curl_easy_strerror(rc),
				 curlerr[0] ? ": " : "", curlerr, reply);
			nt_error_text(err, errcap, text);
			/* a mailbox the relay refuses for good (550-554) will not
			 * appear by retrying; other 5xx (e.g. 535, bad relay
			 * credentials) are our configuration, worth retrying */
			result = code >= 550 && code <= 554 ? NT_PERMANENT : NT_RETRY;
			/* a failed transaction may leave the connection in any state */
			nt_smtp_cleanup();
		}
	}
	if (smtp) {
		/* the kept handle must not point into this stack frame */
		curl_easy_setopt(smtp, CURLOPT_MAIL_RCPT, NULL);
		curl_easy_setopt(smtp, CURLOPT_ERRORBUFFER, NULL);
		curl_easy_setopt(smtp, CURLOPT_READDATA, NULL);
	}
	curl_slist_free_all(rcpt);
	mm_buf_free(&msg);
	return result;
}
