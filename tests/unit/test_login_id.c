/* User IDs suggested from an e-mail address (AUTH-1, ACC-3). */
#include "mm_test.h"
#include "mm_login_id.h"
#include "mm.h"

MM_TEST(test_short_address_as_is_then_cs)
{
	char out[MM_LOGIN_ID_MAX + 1];
	CHECK_INTEQ(mm_login_id_first("taro@example.com"), 0);
	mm_login_id_candidate("taro@example.com", 0, out);
	CHECK_STREQ(out, "taro@example.com");
	mm_login_id_candidate("taro@example.com", 1, out);
	CHECK_STREQ(out, "taro@example.com.cs");
	mm_login_id_candidate("taro@example.com", 2, out);
	CHECK_STREQ(out, "taro@example.com.cs2");
	mm_login_id_candidate("taro@example.com", 99, out);
	CHECK_STREQ(out, "taro@example.com.cs99");
}

MM_TEST(test_long_address_is_cut_to_fit_40)
{
	/* 44 characters: cut at 37 so that ".cs" ends at 40 (seed 002 §5.1.2) */
	const char *email = "abcdefghij.klmnopqrst.uvwxyz@example-long.jp";
	char out[MM_LOGIN_ID_MAX + 1];
	CHECK_INTEQ(mm_login_id_first(email), 1);
	mm_login_id_candidate(email, 1, out);
	CHECK_INTEQ(strlen(out), 40);
	CHECK_STREQ(out, "abcdefghij.klmnopqrst.uvwxyz@example-.cs");
	mm_login_id_candidate(email, 12, out);
	CHECK_INTEQ(strlen(out), 40);
	CHECK_STREQ(out, "abcdefghij.klmnopqrst.uvwxyz@exampl.cs12");
	/* 40 characters fit as they are */
	const char *forty = "abcdefghij.klmnopqrst.uvwxyz@example.jpn";
	CHECK_INTEQ(strlen(forty), 40);
	CHECK_INTEQ(mm_login_id_first(forty), 0);
}

MM_TEST(test_characters_a_user_id_cannot_hold_are_left_out)
{
	char out[MM_LOGIN_ID_MAX + 1];
	struct mm_input in = { 0 };
	/* an apostrophe is fine in an address, not in a user ID */
	CHECK_INTEQ(mm_login_id_first("o'brien@example.com"), 1);
	mm_login_id_candidate("o'brien@example.com", 1, out);
	CHECK_STREQ(out, "obrien@example.com.cs");
	CHECK(mm_v_login_id(&in, out) == NULL);
	mm_login_id_candidate("o'brien@example.com", 7, out);
	CHECK_STREQ(out, "obrien@example.com.cs7");
	/* a non-ASCII local part: every byte of it goes */
	const char *jp = "\xe5\xb1\xb1\xe7\x94\xb0.taro@example.jp";	/* 山田.taro@ */
	CHECK_INTEQ(mm_login_id_first(jp), 1);
	mm_login_id_candidate(jp, 1, out);
	CHECK_STREQ(out, ".taro@example.jp.cs");
	CHECK(mm_v_login_id(&in, out) == NULL);
	/* others that RFC 5321 allows: ! # $ % & * / = ? ^ ` { | } ~ */
	const char *odd = "a!b#c$d%e&f*g/h=i?j^k`l{m|n}o~p@example.com";
	for (int n = mm_login_id_first(odd); n < 12; n++) {
		mm_login_id_candidate(odd, n, out);
		CHECK(mm_v_login_id(&in, out) == NULL);
		CHECK(strlen(out) <= MM_LOGIN_ID_MAX);
	}
	mm_login_id_candidate(odd, 1, out);
	CHECK_STREQ(out, "abcdefghijklmnop@example.com.cs");
	/* a long one with a bad character: cut after leaving it out */
	const char *long_odd = "o'abcdefghij.klmnopqrst.uvwxyz@example-long.jp";
	mm_login_id_candidate(long_odd, 1, out);
	CHECK_INTEQ(strlen(out), 40);
	CHECK_STREQ(out, "oabcdefghij.klmnopqrst.uvwxyz@example.cs");
	CHECK(mm_v_login_id(&in, out) == NULL);
}

MM_TEST_MAIN(test_short_address_as_is_then_cs, test_long_address_is_cut_to_fit_40,
	     test_characters_a_user_id_cannot_hold_are_left_out)
