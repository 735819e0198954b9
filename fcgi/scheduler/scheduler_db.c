/* scheduled_jobs: a run is claimed by one UPDATE whose WHERE holds every
 * condition (due, not claimed or the claim expired), so two schedulers,
 * on one host or on two Galera nodes, never both get it: the second
 * matches no row (or loses the certification). */
#include "scheduler.h"

static const char SQL_JOB_CREATE[] =
	"INSERT IGNORE INTO scheduled_jobs (name, due_at) VALUES (?, ?)";
static const char SQL_JOB_CLAIM[] =
	"UPDATE scheduled_jobs SET claimed_by = ?, claim_until = ?"
	" WHERE name = ? AND due_at <= ? AND (claimed_by IS NULL OR claim_until < ?)";
static const char SQL_JOB_DONE[] =
	"UPDATE scheduled_jobs SET claimed_by = NULL, claim_until = NULL, due_at = ?,"
	" last_done = ?, runs = runs + 1 WHERE name = ? AND claimed_by = ?";
static const char SQL_JOB_RELEASE[] =
	"UPDATE scheduled_jobs SET claimed_by = NULL, claim_until = NULL"
	" WHERE name = ? AND claimed_by = ?";

int sc_db_claim(const char *name, const unsigned char claim[SC_CLAIM_LEN], time_t now,
		time_t first_due, time_t claim_until)
{
	long long n = mm_db_exec(SQL_JOB_CREATE, "st", name, first_due);
	if (n < 0)
		return (int)n;
	n = mm_db_exec(SQL_JOB_CLAIM, "btstt", (const void *)claim, (size_t)SC_CLAIM_LEN,
		       claim_until, name, now, now);
	return n < 0 ? (int)n : n > 0;
}

int sc_db_finish(const char *name, const unsigned char claim[SC_CLAIM_LEN], time_t now,
		 time_t next, int done)
{
	long long n = done ? mm_db_exec(SQL_JOB_DONE, "ttsb", next, now, name, (const void *)claim,
				       (size_t)SC_CLAIM_LEN)
			   : mm_db_exec(SQL_JOB_RELEASE, "sb", name, (const void *)claim,
				       (size_t)SC_CLAIM_LEN);
	return n < 0 ? (int)n : 0;
}
