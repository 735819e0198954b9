/* The login history's hash chain (mm_chain.h): rows appended in order
 * verify; changing, removing, reordering or adding a row is found at the
 * first row it breaks. */
#include "mm_test.h"
#include "mm_chain.h"
#include "mm_crypto.h"

#define N 6

struct stored {
	struct mm_chain_row row;
	unsigned char prev[MM_CHAIN_HASH], hash[MM_CHAIN_HASH];
};

static const char *const logins[N] = { "admin-a@example.com", "user-a@example.com",
	"日電 太郎", "𠮷@example.com", "=cmd|' /C calc'!A0", "" };

/* what mm_event does: the next seq, linked to the head */
static void append(struct stored *s, int n, unsigned char head[MM_CHAIN_HASH])
{
	for (int i = 0; i < n; i++) {
		s[i].row = (struct mm_chain_row){ 42, i + 1, 1764800000 + i * 60, i % 3,
						  logins[i], i % 2 ? "login.failed" : "login.ok",
						  "192.0.2.7", "Mozilla/5.0 \"x\", y" };
		memcpy(s[i].prev, head, MM_CHAIN_HASH);
		mm_chain_hash(s[i].prev, &s[i].row, s[i].hash);
		memcpy(head, s[i].hash, MM_CHAIN_HASH);
	}
}

/* index of the first faulty row, N for a clean walk up to the head, -1 when
 * only the head is wrong */
static int verify(struct stored *s, int n, long long head_seq, const unsigned char *head,
		  enum mm_chain_fault *fault)
{
	struct mm_chain_check c;
	mm_chain_check_init(&c, 42);
	for (int i = 0; i < n; i++) {
		*fault = mm_chain_check_row(&c, &s[i].row, s[i].prev, s[i].hash);
		if (*fault != MM_CHAIN_OK)
			return i;
	}
	*fault = mm_chain_check_end(&c, head_seq, head);
	return *fault == MM_CHAIN_OK ? n : -1;
}

MM_TEST(test_known_vector)
{
	/* pins the canonical encoding of docs/history-chain.md */
	static const unsigned char zero[MM_CHAIN_HASH];
	const struct mm_chain_row row = { 1, 1, 0, 0, "a", "login.ok", "::1", "" };
	unsigned char h[MM_CHAIN_HASH], want[MM_CHAIN_HASH];
	const char msg_text[] = "1:1,1:1,19:1970-01-01 00:00:00,1:0,1:a,8:login.ok,3:::1,0:,";
	unsigned char msg[MM_CHAIN_HASH + sizeof msg_text];
	memcpy(msg, zero, MM_CHAIN_HASH);
	memcpy(msg + MM_CHAIN_HASH, msg_text, sizeof msg_text - 1);
	mm_sha256(msg, MM_CHAIN_HASH + sizeof msg_text - 1, want);
	mm_chain_hash(zero, &row, h);
	CHECK_MEMEQ(h, want, MM_CHAIN_HASH);
}

MM_TEST(test_append_verify)
{
	struct stored s[N];
	unsigned char head[MM_CHAIN_HASH] = { 0 };
	enum mm_chain_fault f;
	append(s, N, head);
	CHECK_INTEQ(verify(s, N, N, head, &f), N);
	CHECK_INTEQ(f, MM_CHAIN_OK);
	/* every hash differs: each row commits to the ones before */
	for (int i = 1; i < N; i++)
		CHECK(memcmp(s[i].hash, s[i - 1].hash, MM_CHAIN_HASH) != 0);
	/* a chain whose oldest rows were purged verifies from its first row left */
	CHECK_INTEQ(verify(s + 2, N - 2, N, head, &f), N - 2);
}

MM_TEST(test_tamper_field)
{
	struct stored s[N];
	unsigned char head[MM_CHAIN_HASH] = { 0 };
	enum mm_chain_fault f;
	append(s, N, head);
	s[3].row.ip = "198.51.100.1";
	CHECK_INTEQ(verify(s, N, N, head, &f), 3);
	CHECK_INTEQ(f, MM_CHAIN_BAD_HASH);
	s[3].row.ip = "192.0.2.7";
	s[2].row.occurred_at += 1;
	CHECK_INTEQ(verify(s, N, N, head, &f), 2);
	s[2].row.occurred_at -= 1;
	s[4].row.user_id = 99;
	CHECK_INTEQ(verify(s, N, N, head, &f), 4);
}

MM_TEST(test_tamper_rehashed_row)
{
	/* a forger who rehashes the row he changed breaks the next link */
	struct stored s[N];
	unsigned char head[MM_CHAIN_HASH] = { 0 };
	enum mm_chain_fault f;
	append(s, N, head);
	s[1].row.event = "login.ok";
	mm_chain_hash(s[1].prev, &s[1].row, s[1].hash);
	CHECK_INTEQ(verify(s, N, N, head, &f), 2);
	CHECK_INTEQ(f, MM_CHAIN_BAD_LINK);
}

MM_TEST(test_delete_and_truncate)
{
	struct stored s[N], gap[N - 1];
	unsigned char head[MM_CHAIN_HASH] = { 0 };
	enum mm_chain_fault f;
	append(s, N, head);
	memcpy(gap, s, 3 * sizeof *s);
	memcpy(gap + 3, s + 4, 2 * sizeof *s);
	CHECK_INTEQ(verify(gap, N - 1, N, head, &f), 3);
	CHECK_INTEQ(f, MM_CHAIN_GAP);
	/* the last row removed: only the head knows */
	CHECK_INTEQ(verify(s, N - 1, N, head, &f), -1);
	CHECK_INTEQ(f, MM_CHAIN_GAP);
	/* a row appended behind the head's back */
	CHECK_INTEQ(verify(s, N, N - 1, s[N - 2].hash, &f), -1);
	CHECK_INTEQ(f, MM_CHAIN_BAD_HEAD);
}

MM_TEST(test_first_row_links_to_zero)
{
	struct stored s[N];
	unsigned char head[MM_CHAIN_HASH] = { 0 };
	enum mm_chain_fault f;
	append(s, N, head);
	s[0].prev[5] ^= 1;
	mm_chain_hash(s[0].prev, &s[0].row, s[0].hash);
	CHECK_INTEQ(verify(s, N, N, head, &f), 0);
	CHECK_INTEQ(f, MM_CHAIN_BAD_LINK);
}

MM_TEST_MAIN(test_known_vector, test_append_verify, test_tamper_field, test_tamper_rehashed_row,
	     test_delete_and_truncate, test_first_row_links_to_zero)
