/* mimamori-notifier: delivers the rows of the outbox table by SMTP
 * (mail) and through the SMS gateway's HTTPS API (sms). */
#ifndef NOTIFIER_H
#define NOTIFIER_H
#include <stddef.h>
#include <time.h>

#define NT_CLAIM_LEN 16

struct nt_config {
	long poll_ms;		/* Notifier.PollMs: idle wait between looks for due rows */
	long lease_s;		/* Notifier.LeaseSeconds: a claimed row is retried after this */
	long max_attempts;	/* Notifier.MaxAttempts: then the row is 'failed' */
	long batch;		/* Notifier.Batch: rows claimed at a time */
	long backoff_s;		/* Notifier.BackoffSeconds: first retry delay, doubled each time */
	long backoff_max_s;	/* Notifier.BackoffMaxSeconds: cap of the delay */
	/* mail (enabled when smtp_url is set) */
	const char *smtp_url, *smtp_user, *smtp_password, *smtp_ca_file;
	long smtp_use_ssl;	/* CURLUSESSL_* from Mail.Smtp.StartTls */
	long smtp_timeout_s, connect_timeout_s;
	const char *from;	/* Mail.From mailbox */
	char from_addr[256];	/* its address: envelope MAIL FROM, Message-ID domain */
	/* sms (enabled when sms_url is set) */
	const char *sms_url, *sms_token, *sms_ca_file;
	int sms_allow_http;	/* Sms.AllowPlainHttp: a local development sink */
	long sms_timeout_s;
	/* chat webhooks (always on: the URL is the linkage's) */
	int chat_allow_local;	/* Chat.AllowLocalSink: the local development sink */
	long chat_timeout_s;	/* Chat.TimeoutSeconds */
	long chat_failures;	/* Chat.FailuresInRow: then the linkage is failing */
	long chat_failing_s;	/* Chat.FailingAfterSeconds: or this long after the first */
	/* key of the Message-ID hash */
	unsigned char id_key[64];
	size_t id_keylen;
};

/* A claimed row. */
struct nt_msg {
	unsigned long long id;
	char channel[8];
	char *recipient, *subject, *body;
	time_t created_at;
	long attempts;		/* including the attempt now being made */
	unsigned char claim[NT_CLAIM_LEN];	/* this row's own claim once renewed */
};

/* Result of one delivery attempt. */
enum nt_result {
	NT_SENT = 0,		/* the relay / gateway accepted the message */
	NT_RETRY = 1,		/* temporary: try again after the backoff */
	NT_PERMANENT = 2	/* can never succeed (malformed address): failed at once */
};

/* notifier_db.c: every function returns >= 0 or an MM_DB_* error. */
/* Claims up to cfg->batch due rows of the enabled channels for claim;
 * the number of rows claimed. */
long long nt_db_claim(const struct nt_config *cfg, const unsigned char claim[NT_CLAIM_LEN],
		      time_t now);
/* The rows claimed by claim, in id order (*out malloc'd, free with nt_msgs_free). */
int nt_db_fetch(const unsigned char claim[NT_CLAIM_LEN], struct nt_msg **out, size_t *n);
void nt_msgs_free(struct nt_msg *m, size_t n);
/* Takes the row over from the batch claim with a fresh claim of its own and
 * a new lease; 1 = still ours, 0 = another notifier took it (our lease ran
 * out) and it must be left alone. */
int nt_db_renew(struct nt_msg *m, const unsigned char batch_claim[NT_CLAIM_LEN],
		time_t lease_until);
/* 1 = recorded, 0 = the row was no longer ours. */
int nt_db_mark_sent(const struct nt_msg *m, time_t now);
int nt_db_mark_failed(const struct nt_msg *m, int final, time_t next_attempt,
		      const char *error);
/* Gives back the rows of a batch not yet attempted (stop requested). */
long long nt_db_release(const unsigned char claim[NT_CLAIM_LEN]);

/* notifier_smtp.c */
int nt_smtp_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap);
void nt_smtp_cleanup(void);
/* notifier_sms.c */
int nt_sms_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap);
void nt_sms_cleanup(void);

/* notifier_webhook.c */
int nt_webhook_send(const struct nt_config *cfg, const struct nt_msg *m, char *err, size_t errcap);
void nt_webhook_cleanup(void);

/* notifier_main.c: the Message-ID of a row ("<outbox-ID.HEX@domain>");
 * 0 or -1. */
int nt_message_id(const struct nt_config *cfg, const struct nt_msg *m, char *out, size_t cap);
/* Writes printable ASCII of s into err (other bytes become '?'), cut to
 * fit; used for every error text stored in last_error or logged. */
void nt_error_text(char *err, size_t cap, const char *s);

#endif
