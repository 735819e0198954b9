/* User IDs suggested from an e-mail address (AUTH-1, ACC-3). */
#include "mm_test.h"
#include "mm_login_id.h"

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

MM_TEST_MAIN(test_short_address_as_is_then_cs, test_long_address_is_cut_to_fit_40)
