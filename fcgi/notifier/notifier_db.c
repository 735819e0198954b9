/* The notifier's queries on the outbox table. Every claim is a single
 * UPDATE (no GET_LOCK / LOCK TABLES, which Galera keeps node-local): a row
 * goes to exactly one notifier pass, the one whose random claim it holds. */
#include "mm.h"
#include "notifier.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Due rows: pending ones whose time has come, and rows left in 'sending'
 * by a notifier that died or stalled (lease over). The channel list keeps
 * mail or SMS rows queued when this notifier is not configured for them;
 * webhooks carry their own URL. */
static const char SQL_CLAIM[] =
	"UPDATE outbox SET status='sending', claim=?, lease_until=?, attempts=attempts+1"
	" WHERE channel IN (?, ?, 'webhook')"
	" AND ((status='pending' AND next_attempt_at <= ?) OR (status='sending' AND lease_until < ?))"
	" ORDER BY id LIMIT ?";

static const char SQL_FETCH[] =
	"SELECT id, channel, recipient, subject, body, created_at, attempts FROM outbox"
	" WHERE claim=? AND status='sending' ORDER BY id";

/* A fresh claim per row makes the UPDATE change the row even within the
 * same second (affected rows count changed rows only). */
static const char SQL_RENEW[] =
	"UPDATE outbox SET claim=?, lease_until=? WHERE id=? AND claim=? AND status='sending'";

/* A delivered body is dropped: it may hold a temporary password, a reset
 * link or a login code, which must not outlive the delivery in the table. */
static const char SQL_SENT[] =
	"UPDATE outbox SET status='sent', sent_at=?, body='', claim=NULL, lease_until=NULL,"
	" last_error=NULL"
	" WHERE id=? AND claim=? AND status='sending'";

/* A row that failed for good drops its body as a delivered one does. No
 * assignment reads a column another one sets: the result is the same whether
 * or not the server evaluates them left to right (SIMULTANEOUS_ASSIGNMENT). */
static const char SQL_FAILED[] =
	"UPDATE outbox SET status=?, next_attempt_at=?, last_error=?, claim=NULL, lease_until=NULL,"
	" body=IF(?, '', body)"
	" WHERE id=? AND claim=? AND status='sending'";

/* Not attempted: the claim's attempt does not count. */
static const char SQL_RELEASE[] =
	"UPDATE outbox SET status='pending', claim=NULL, lease_until=NULL,"
	" attempts=GREATEST(attempts-1, 0) WHERE claim=? AND status='sending'";

long long nt_db_claim(const struct nt_config *cfg, const unsigned char claim[NT_CLAIM_LEN],
		      time_t now)
{
	const char *ch1 = cfg->smtp_url ? "mail" : "sms";
	const char *ch2 = cfg->sms_url ? "sms" : "mail";
	return mm_db_exec(SQL_CLAIM, "btsstti", (const void *)claim, (size_t)NT_CLAIM_LEN,
			  now + (time_t)cfg->lease_s, ch1, ch2, now, now, (long long)cfg->batch);
}

static char *dup_col(const struct mm_res *r, unsigned col)
{
	const char *s = mm_db_str(r, col);
	return strdup(s ? s : "");
}

void nt_msgs_free(struct nt_msg *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].recipient);
		free(m[i].subject);
		free(m[i].body);
	}
	free(m);
}

int nt_db_fetch(const unsigned char claim[NT_CLAIM_LEN], struct nt_msg **out, size_t *n)
{
	struct mm_res r;
	*out = NULL;
	*n = 0;
	int rc = mm_db_query(&r, SQL_FETCH, "b", (const void *)claim, (size_t)NT_CLAIM_LEN);
	if (rc < 0)
		return rc;
	struct nt_msg *msgs = NULL;
	size_t count = 0, cap = 0;
	while ((rc = mm_db_next(&r)) == 1) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct nt_msg *nm = realloc(msgs, ncap * sizeof *nm);
			if (!nm) {
				rc = MM_DB_ERR;
				break;
			}
			msgs = nm;
			cap = ncap;
		}
		struct nt_msg *m = &msgs[count];
		memset(m, 0, sizeof *m);
		m->id = strtoull(mm_db_str(&r, 0) ? mm_db_str(&r, 0) : "0", NULL, 10);
		snprintf(m->channel, sizeof m->channel, "%s", mm_db_str(&r, 1) ? mm_db_str(&r, 1) : "");
		m->recipient = dup_col(&r, 2);
		m->subject = dup_col(&r, 3);
		m->body = dup_col(&r, 4);
		m->created_at = mm_db_time(&r, 5);
		m->attempts = (long)mm_db_int(&r, 6);
		memcpy(m->claim, claim, NT_CLAIM_LEN);
		count++;
		if (!m->recipient || !m->subject || !m->body) {
			rc = MM_DB_ERR;
			break;
		}
	}
	mm_db_done(&r);
	if (rc < 0) {
		nt_msgs_free(msgs, count);
		return rc;
	}
	*out = msgs;
	*n = count;
	return 0;
}

int nt_db_renew(struct nt_msg *m, const unsigned char batch_claim[NT_CLAIM_LEN],
		time_t lease_until)
{
	unsigned char own[NT_CLAIM_LEN];
	if (mm_random_bytes(own, sizeof own) < 0)
		return MM_DB_ERR;
	long long n = mm_db_exec(SQL_RENEW, "btib", (const void *)own, sizeof own, lease_until,
				 (long long)m->id, (const void *)batch_claim, (size_t)NT_CLAIM_LEN);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return 0;
	memcpy(m->claim, own, sizeof own);
	return 1;
}

int nt_db_mark_sent(const struct nt_msg *m, time_t now)
{
	long long n = mm_db_exec(SQL_SENT, "tib", now, (long long)m->id,
				 (const void *)m->claim, (size_t)NT_CLAIM_LEN);
	return n < 0 ? (int)n : n > 0;
}

int nt_db_mark_failed(const struct nt_msg *m, int final, time_t next_attempt,
		      const char *error)
{
	long long n = mm_db_exec(SQL_FAILED, "stsiib", final ? "failed" : "pending", next_attempt,
				 error, (long long)(final != 0), (long long)m->id, (const void *)m->claim,
				 (size_t)NT_CLAIM_LEN);
	return n < 0 ? (int)n : n > 0;
}

long long nt_db_release(const unsigned char claim[NT_CLAIM_LEN])
{
	return mm_db_exec(SQL_RELEASE, "b", (const void *)claim, (size_t)NT_CLAIM_LEN);
}
