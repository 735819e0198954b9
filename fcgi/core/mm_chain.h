/* Tamper evidence of the login history (HIST-3): each chain (one per
 * tenant, chain 0 for events without one) links its rows by SHA-256.
 *
 *   row_hash = SHA-256(prev_hash || netstring(chain_id) || netstring(seq)
 *              || netstring(occurred_at) || netstring(user_id)
 *              || netstring(login_id) || netstring(event) || netstring(ip)
 *              || netstring(user_agent))
 *
 * netstring(x) = decimal byte length ":" bytes ","; numbers in decimal,
 * occurred_at as "YYYY-MM-DD HH:MM:SS" UTC, a missing user as 0. The first
 * row of a chain (seq 1) has 32 zero bytes as prev_hash. The encoding is
 * documented for offline checkers in docs/history-chain.md. */
#ifndef MM_CHAIN_H
#define MM_CHAIN_H
#include <stddef.h>
#include <time.h>

#define MM_CHAIN_HASH 32

struct mm_chain_row {
	long long chain_id;	/* tenant id, 0 = no tenant */
	long long seq;		/* 1, 2, … within the chain */
	time_t occurred_at;	/* UTC, whole seconds */
	long long user_id;	/* 0 = none */
	const char *login_id, *event, *ip, *user_agent;
};

void mm_chain_hash(const unsigned char prev[MM_CHAIN_HASH], const struct mm_chain_row *row,
		   unsigned char out[MM_CHAIN_HASH]);

/* Walks one chain in seq order, row by row. */
struct mm_chain_check {
	long long chain_id;
	long long last_seq;	/* 0 before the first row */
	unsigned char last_hash[MM_CHAIN_HASH];
	long long rows;
};
enum mm_chain_fault {
	MM_CHAIN_OK = 0,
	MM_CHAIN_BAD_HASH,	/* row_hash is not the hash of the row's fields */
	MM_CHAIN_BAD_LINK,	/* prev_hash is not the previous row's row_hash */
	MM_CHAIN_GAP,		/* a seq is missing (a row was deleted) */
	MM_CHAIN_BAD_HEAD	/* the last row is not the recorded head */
};
void mm_chain_check_init(struct mm_chain_check *c, long long chain_id);
/* One row with its stored prev_hash and row_hash; MM_CHAIN_OK or the fault.
 * The first row seen may start after seq 1 (older rows purged by age): its
 * own hash is still checked. */
enum mm_chain_fault mm_chain_check_row(struct mm_chain_check *c, const struct mm_chain_row *row,
				       const unsigned char prev[MM_CHAIN_HASH],
				       const unsigned char hash[MM_CHAIN_HASH]);
/* After the last row: the chain's recorded head must be where it ended. */
enum mm_chain_fault mm_chain_check_end(const struct mm_chain_check *c, long long head_seq,
				       const unsigned char head_hash[MM_CHAIN_HASH]);
const char *mm_chain_fault_text(enum mm_chain_fault f);

#endif
