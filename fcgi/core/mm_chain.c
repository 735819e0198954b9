/* Hash chain of the login history (mm_chain.h). */
#include "mm_chain.h"
#include "mm_time.h"
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void netstring(EVP_MD_CTX *md, const char *s, size_t n)
{
	char len[24];
	int l = snprintf(len, sizeof len, "%zu:", n);
	EVP_DigestUpdate(md, len, (size_t)l);
	EVP_DigestUpdate(md, s, n);
	EVP_DigestUpdate(md, ",", 1);
}

static void netstring_str(EVP_MD_CTX *md, const char *s)
{
	netstring(md, s ? s : "", s ? strlen(s) : 0);
}

static void netstring_int(EVP_MD_CTX *md, long long v)
{
	char buf[24];
	int l = snprintf(buf, sizeof buf, "%lld", v);
	netstring(md, buf, (size_t)l);
}

void mm_chain_hash(const unsigned char prev[MM_CHAIN_HASH], const struct mm_chain_row *row,
		   unsigned char out[MM_CHAIN_HASH])
{
	char at[MM_TIME_LEN];
	struct tm tm;
	time_t t = row->occurred_at;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S", &tm);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int n = 0;
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		memset(out, 0, MM_CHAIN_HASH);	/* never matches a stored hash */
		EVP_MD_CTX_free(md);
		return;
	}
	EVP_DigestUpdate(md, prev, MM_CHAIN_HASH);
	netstring_int(md, row->chain_id);
	netstring_int(md, row->seq);
	netstring_str(md, at);
	netstring_int(md, row->user_id);
	netstring_str(md, row->login_id);
	netstring_str(md, row->event);
	netstring_str(md, row->ip);
	netstring_str(md, row->user_agent);
	EVP_DigestFinal_ex(md, out, &n);
	EVP_MD_CTX_free(md);
}

void mm_chain_check_init(struct mm_chain_check *c, long long chain_id)
{
	memset(c, 0, sizeof *c);
	c->chain_id = chain_id;
}

enum mm_chain_fault mm_chain_check_row(struct mm_chain_check *c, const struct mm_chain_row *row,
				       const unsigned char prev[MM_CHAIN_HASH],
				       const unsigned char hash[MM_CHAIN_HASH])
{
	static const unsigned char zero[MM_CHAIN_HASH];
	unsigned char h[MM_CHAIN_HASH];
	if (c->last_seq == 0) {
		/* the very first row links to nothing */
		if (row->seq == 1 && memcmp(prev, zero, MM_CHAIN_HASH) != 0)
			return MM_CHAIN_BAD_LINK;
	} else {
		if (row->seq != c->last_seq + 1)
			return MM_CHAIN_GAP;
		if (memcmp(prev, c->last_hash, MM_CHAIN_HASH) != 0)
			return MM_CHAIN_BAD_LINK;
	}
	mm_chain_hash(prev, row, h);
	if (memcmp(h, hash, MM_CHAIN_HASH) != 0)
		return MM_CHAIN_BAD_HASH;
	c->last_seq = row->seq;
	memcpy(c->last_hash, hash, MM_CHAIN_HASH);
	c->rows++;
	return MM_CHAIN_OK;
}

enum mm_chain_fault mm_chain_check_end(const struct mm_chain_check *c, long long head_seq,
				       const unsigned char head_hash[MM_CHAIN_HASH])
{
	if (head_seq != c->last_seq)
		return head_seq > c->last_seq ? MM_CHAIN_GAP : MM_CHAIN_BAD_HEAD;
	if (c->last_seq && memcmp(head_hash, c->last_hash, MM_CHAIN_HASH) != 0)
		return MM_CHAIN_BAD_HEAD;
	return MM_CHAIN_OK;
}

const char *mm_chain_fault_text(enum mm_chain_fault f)
{
	switch (f) {
	case MM_CHAIN_OK: return "ok";
	case MM_CHAIN_BAD_HASH: return "row hash does not match its fields";
	case MM_CHAIN_BAD_LINK: return "prev_hash does not match the previous row";
	case MM_CHAIN_GAP: return "rows missing before this one";
	case MM_CHAIN_BAD_HEAD: return "chain head does not match the last row";
	}
	return "?";
}
