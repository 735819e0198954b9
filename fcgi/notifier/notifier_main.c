/* mimamori-notifier --config FILE [--pidfile PATH] [--once]
 *
 * Drains the outbox: mail, SMS and chat webhooks. Each pass claims a batch of due rows with one
 * UPDATE that stamps them with a fresh random claim and a lease, reads them
 * back by that claim and delivers them one by one:
 *
 *   delivered   -> status 'sent' (only after the relay / gateway accepted it)
 *   failed      -> 'pending' again with next_attempt_at = now + backoff
 *                  (BackoffSeconds x 2^(attempts-1), capped), last_error set;
 *                  'failed' after MaxAttempts attempts or when the row can
 *                  never be delivered (malformed address)
 *
 * Nothing is lost on a crash: a row stays 'sending' and is claimed again
 * once its lease is over. Several notifiers may run at once (scale-out, also
 * on different Galera nodes): the claim UPDATE gives each row to one of them,
 * and before each delivery a notifier re-takes its row with a claim of its
 * own, so a row whose lease ran out and was claimed elsewhere is left alone.
 *
 * Duplicates: a message is recorded as sent only after the relay answered
 * "250 OK" to its data. If the process dies (or the database is unreachable
 * for the whole lease) between that answer and the UPDATE that records it,
 * the row is delivered again after its lease, with the same Message-ID (so
 * a receiving system can tell). That window is kept to the one UPDATE that
 * follows the answer: nothing else runs in between, and the UPDATE is
 * retried until shortly before the lease ends. No SMTP design can close it
 * completely (RFC 5321 §6.1: the sender cannot know whether the relay
 * received the message when the connection breaks after the data).
 *
 * SIGTERM / SIGINT: the message being delivered is finished and recorded,
 * the rest of the batch is given back, exit 0. The signals stay blocked
 * while working (libcurl and the database client never see EINTR) and are
 * taken only between messages and while idle. --once drains every row due
 * now and exits (tests, cron). */
#include "mm.h"
#include "mm_mime.h"
#include "notifier.h"
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>

/* Sleeps with the stop signals blocked (used while a result must still be
 * recorded). */
static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void nt_error_text(char *err, size_t cap, const char *s)
{
	size_t i = 0;
	if (cap == 0)
		return;
	for (; s[i] && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		err[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	err[i] = '\0';
}

int nt_message_id(const struct nt_config *cfg, const struct nt_msg *m, char *out, size_t cap)
{
	const char *from = cfg->from_addr[0] ? cfg->from_addr : "notifier@localhost";
	return mm_mime_message_id(out, cap, m->id, m->created_at, from, cfg->id_key,
				  cfg->id_keylen);
}

/* --- configuration ------------------------------------------------------ */

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int load_config(struct nt_config *c)
{
	memset(c, 0, sizeof *c);
	c->poll_ms = mm_cfg_int_range("Notifier.PollMs", 500, 20, 600000);
	c->lease_s = mm_cfg_int_range("Notifier.LeaseSeconds", 60, 5, 86400);
	c->max_attempts = mm_cfg_int_range("Notifier.MaxAttempts", 10, 1, 1000);
	c->batch = mm_cfg_int_range("Notifier.Batch", 20, 1, 1000);
	c->backoff_s = mm_cfg_int_range("Notifier.BackoffSeconds", 30, 1, 86400);
	c->backoff_max_s = mm_cfg_int_range("Notifier.BackoffMaxSeconds", 3600, 1, 7 * 86400);
	c->connect_timeout_s = mm_cfg_int_range("Notifier.ConnectTimeoutSeconds", 10, 1, 600);

	c->smtp_url = mm_cfg_str("Mail.Smtp.Url", NULL);
	c->smtp_user = mm_cfg_str("Mail.Smtp.User", NULL);
	c->smtp_password = mm_cfg_str("Mail.Smtp.Password", NULL);
	c->smtp_ca_file = mm_cfg_str("Mail.Smtp.CaFile", NULL);
	c->smtp_timeout_s = mm_cfg_int_range("Mail.Smtp.TimeoutSeconds", 30, 1, 3600);
	c->from = mm_cfg_str("Mail.From", NULL);
	/* require by default: a relay whose STARTTLS offer can be stripped on
	 * the way would carry temporary passwords and codes in clear text */
	const char *tls = mm_cfg_str("Mail.Smtp.StartTls", "require");
	if (strcmp(tls, "try") == 0) {
		c->smtp_use_ssl = CURLUSESSL_TRY;
	} else if (strcmp(tls, "require") == 0) {
		c->smtp_use_ssl = CURLUSESSL_ALL;
	} else if (strcmp(tls, "off") == 0) {
		c->smtp_use_ssl = CURLUSESSL_NONE;
	} else {
		fprintf(stderr, "mimamori-notifier: Mail.Smtp.StartTls must be try, require or off\n");
		return -1;
	}
	if (c->smtp_url) {
		if (strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0) {
			fprintf(stderr, "mimamori-notifier: Mail.Smtp.Url must be smtp://HOST[:PORT]"
				" or smtps://HOST[:PORT]\n");
			return -1;
		}
		if (!c->from || mm_mime_addr_spec(c->from, c->from_addr, sizeof c->from_addr) < 0) {
			fprintf(stderr, "mimamori-notifier: Mail.From must be a mailbox such as"
				" \"Mimamori <noreply@example.com>\"\n");
			return -1;
		}
	}

	c->sms_url = mm_cfg_str("Sms.Url", NULL);
	c->sms_token = mm_cfg_str("Sms.Token", NULL);
	c->sms_ca_file = mm_cfg_str("Sms.CaFile", NULL);
	c->sms_timeout_s = mm_cfg_int_range("Sms.TimeoutSeconds", 15, 1, 3600);
	/* plain http only for a local development sink: the bearer token and
	 * the codes must not cross a network in clear text */
	c->sms_allow_http = mm_cfg_int("Sms.AllowPlainHttp", 0) == 1;
	if (c->sms_url && strncmp(c->sms_url, "https://", 8) != 0 &&
	    !(c->sms_allow_http && strncmp(c->sms_url, "http://", 7) == 0)) {
		fprintf(stderr, "mimamori-notifier: Sms.Url must be an https:// URL\n");
		return -1;
	}
	if (c->sms_token && !printable(c->sms_token)) {
		fprintf(stderr, "mimamori-notifier: Sms.Token must be printable ASCII without spaces\n");
		return -1;
	}
	c->chat_allow_local = mm_cfg_int("Chat.AllowLocalSink", 0) == 1;
	c->chat_timeout_s = mm_cfg_int_range("Chat.TimeoutSeconds", 15, 1, 3600);
	c->chat_failures = mm_cfg_int_range("Chat.FailuresInRow", 5, 1, 1000);
	c->chat_failing_s = mm_cfg_int_range("Chat.FailingAfterSeconds", 86400, 60, 30 * 86400L);
	if (c->chat_allow_local)
		mm_log_warn("Chat.AllowLocalSink = 1: webhooks may go to http:// and loopback"
			    " addresses (development and test stacks only)");

	/* Message-ID key: Secrets.Key (hex, as for the CSRF tokens; the HMAC
	 * input is prefixed "message-id:", so the uses never overlap) */
	long kn = mm_cfg_key("Secrets.Key", c->id_key, 16, sizeof c->id_key);
	c->id_keylen = kn > 0 ? (size_t)kn : 0;
	if (c->id_keylen == 0) {
		mm_log_warn("Secrets.Key missing or malformed: Message-IDs are derived"
			    " from Mail.From instead");
		mm_sha256(c->from_addr, strlen(c->from_addr), c->id_key);
		c->id_keylen = 32;
	}

	/* A delivery must end before its lease does, or a second notifier could
	 * take the row over while it is still being sent. */
	long slowest = c->smtp_timeout_s > c->sms_timeout_s ? c->smtp_timeout_s : c->sms_timeout_s;
	slowest = slowest > c->chat_timeout_s ? slowest : c->chat_timeout_s;
	long longest = c->connect_timeout_s + slowest;
	if (c->lease_s < longest + 10) {
		mm_log_warn("Notifier.LeaseSeconds = %ld is shorter than a delivery may take;"
			    " using %ld", c->lease_s, longest + 10);
		c->lease_s = longest + 10;
	}
	if (c->smtp_url && c->smtp_user && c->smtp_use_ssl == CURLUSESSL_TRY &&
	    strncmp(c->smtp_url, "smtp://", 7) == 0)
		mm_log_warn("Mail.Smtp.User is set with Mail.Smtp.StartTls = try: the password"
			    " travels unencrypted to a relay that offers no STARTTLS (or when an"
			    " attacker removes the offer); set StartTls = require");
	if (c->backoff_max_s < c->backoff_s)
		c->backoff_max_s = c->backoff_s;
	return 0;
}

/* --- delivery ----------------------------------------------------------- */

static time_t backoff(const struct nt_config *c, long attempts)
{
	long d = c->backoff_s;
	for (long i = 1; i < attempts && d < c->backoff_max_s; i++)
		d *= 2;
	return (time_t)(d < c->backoff_max_s ? d : c->backoff_max_s);
}

/* Records a delivery the relay accepted. The row stays ours until its lease
 * ends, so the UPDATE is retried until shortly before then. */
static void record_sent(const struct nt_msg *m, time_t lease_until)
{
	for (int tries = 0;; tries++) {
		int rc = nt_db_mark_sent(m, mm_clock_now());
		if (rc == 1)
			return;
		if (rc == 0) {
			mm_log_warn("id=%llu channel=%s was taken over by another notifier during"
				    " delivery: it may be delivered twice", m->id, m->channel);
			return;
		}
		if (mm_clock_now() >= lease_until - 2) {
			mm_log_error("id=%llu channel=%s was delivered but cannot be recorded (db"
				     " error %d): it will be delivered again after its lease",
				     m->id, m->channel, rc);
			return;
		}
		if (tries == 0)
			mm_log_warn("id=%llu delivered; recording it failed (db error %d), retrying",
				    m->id, rc);
		pause_ms(250);
	}
}

/* One claimed row; < 0 on a database error (the rest of the batch is then
 * left to its lease). */
static int deliver(const struct nt_config *c, struct nt_msg *m,
		   const unsigned char batch_claim[NT_CLAIM_LEN])
{
	time_t now = mm_clock_now();
	time_t lease_until = now + (time_t)c->lease_s;
	int rc = nt_db_renew(m, batch_claim, lease_until);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		mm_log_info("id=%llu channel=%s skipped: claimed by another notifier", m->id,
			    m->channel);
		return 0;
	}
	char err[400] = "";
	int result;
	if (m->attempts > c->max_attempts) {
		/* attempts used up by deliveries that never finished (crashes) */
		snprintf(err, sizeof err, "gave up after %ld attempts (interrupted deliveries)",
			 m->attempts - 1);
		result = NT_PERMANENT;
	} else {
		long t0 = monotonic_ms();
		if (strcmp(m->channel, "mail") == 0 && c->smtp_url)
			result = nt_smtp_send(c, m, err, sizeof err);
		else if (strcmp(m->channel, "sms") == 0 && c->sms_url)
			result = nt_sms_send(c, m, err, sizeof err);
		else if (strcmp(m->channel, "webhook") == 0)
			result = nt_webhook_send(c, m, err, sizeof err);
		else {
			nt_error_text(err, sizeof err, "channel not configured");
			result = NT_RETRY;
		}
		if (result == NT_SENT) {
			/* nothing between the relay's acceptance and this UPDATE */
			record_sent(m, lease_until);
			mm_log_info("id=%llu channel=%s attempt=%ld result=sent ms=%ld", m->id,
				    m->channel, m->attempts, monotonic_ms() - t0);
			return 0;
		}
	}
	int final = result == NT_PERMANENT || m->attempts >= c->max_attempts;
	now = mm_clock_now();
	time_t next = final ? now : now + backoff(c, m->attempts);
	for (int tries = 0; tries < 3; tries++) {
		rc = nt_db_mark_failed(m, final, next, err);
		if (rc >= 0 || rc == MM_DB_ERR)
			break;
		pause_ms(250);
	}
	if (final)
		mm_log_warn("id=%llu channel=%s attempt=%ld result=failed error=\"%s\"", m->id,
			    m->channel, m->attempts, err);
	else
		mm_log_info("id=%llu channel=%s attempt=%ld result=retry in=%llds error=\"%s\"",
			    m->id, m->channel, m->attempts, (long long)(next - now), err);
	/* not recorded: the row is retried after its lease, nothing is lost */
	return rc < 0 ? rc : 0;
}

/* One pass: the number of rows claimed, or an MM_DB_* error. */
static long long run_pass(const struct nt_config *c)
{
	unsigned char claim[NT_CLAIM_LEN];
	if (mm_random_bytes(claim, sizeof claim) < 0)
		return MM_DB_ERR;
	long long n = nt_db_claim(c, claim, mm_clock_now());
	if (n <= 0)
		return n;
	struct nt_msg *msgs;
	size_t count, i;
	int rc = nt_db_fetch(claim, &msgs, &count);
	if (rc < 0)
		return rc;	/* the claimed rows are taken again after the lease */
	for (i = 0; i < count && rc >= 0; i++) {
		if (mm_daemon_stop_check())
			break;
		rc = deliver(c, &msgs[i], claim);
	}
	if (i < count && rc >= 0)
		nt_db_release(claim);
	nt_msgs_free(msgs, count);
	return rc < 0 ? rc : n;
}

/* --- process ------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: mimamori-notifier --config FILE [--pidfile PATH] [--once]\n"
		"  Delivers the outbox: mail by SMTP (Mail.Smtp.*), SMS through the\n"
		"  gateway (Sms.*). --once: deliver everything due now, then exit.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = NULL, *pidfile = NULL;
	int once = 0, opt;
	mm_log_init("notifier");
	while ((opt = getopt_long(argc, argv, "c:p:1h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': config = optarg; break;
		case 'p': pidfile = optarg; break;
		case '1': once = 1; break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!config || optind != argc) {
		usage();
		return 2;
	}
	if (mm_config_load(config) < 0)
		return 1;
	struct nt_config cfg;
	if (load_config(&cfg) < 0) {
		mm_config_free();
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		mm_log_error("curl_global_init failed");
		mm_config_free();
		return 1;
	}
	mm_daemon_signals_init();
	if (pidfile && mm_daemon_write_pidfile(pidfile) < 0) {
		mm_log_error("cannot write pid file %s: %s", pidfile, strerror(errno));
		curl_global_cleanup();
		mm_config_free();
		return 1;
	}
	mm_log_info("started%s: mail %s, sms %s, webhooks on, poll %ld ms, lease %ld s, batch %ld,"
		    " max attempts %ld", once ? " (--once)" : "", cfg.smtp_url ? "on" : "off",
		    cfg.sms_url ? "on" : "off", cfg.poll_ms, cfg.lease_s, cfg.batch,
		    cfg.max_attempts);

	int status = 0;
	struct mm_daemon_backoff backoff;
	mm_daemon_backoff_init(&backoff, cfg.poll_ms);
	while (!mm_daemon_stop_check()) {
		long long n = run_pass(&cfg);
		if (n == MM_DB_RETRY) {
			mm_daemon_idle_wait(20);	/* lost a race with another notifier */
			continue;
		}
		int trouble = mm_daemon_backoff(&backoff, n, once);
		if (trouble < 0) {
			status = 1;
			break;
		}
		if (trouble > 0)
			continue;
		if (n > 0)
			continue;	/* more may be due */
		if (once)
			break;
		mm_daemon_idle_wait(cfg.poll_ms);
	}

	nt_smtp_cleanup();
	nt_sms_cleanup();
	nt_webhook_cleanup();
	mm_db_close();
	curl_global_cleanup();
	if (pidfile)
		unlink(pidfile);
	mm_log_info("stopped%s", mm_daemon_stop_check() ? " (signal)" : "");
	mm_config_free();
	return status;
}
