/* Keyword folding and LIKE patterns (mm_fold.h). */
#include "mm_fold.h"
#include "mm_parse.h"
#include "mm_test.h"

#include <string.h>

/* The folded form of s in a static buffer (one at a time). */
static const char *fold(const char *s)
{
	static char out[1024];
	struct mm_buf b = { 0 };

	if (mm_fold_append(&b, s) != 0)
		return NULL;
	snprintf(out, sizeof out, "%s", mm_buf_str(&b));
	mm_buf_free(&b);
	return out;
}

static const char *pattern(const char *keyword)
{
	static char out[1024];
	struct mm_buf b = { 0 };

	if (mm_fold_like_pattern(&b, keyword) != 0)
		return NULL;
	snprintf(out, sizeof out, "%s", mm_buf_str(&b));
	mm_buf_free(&b);
	return out;
}

MM_TEST(test_ascii_and_width)
{
	CHECK_STREQ(fold(""), "");
	CHECK_STREQ(fold("VPN Firewall UTM"), "vpn firewall utm");
	CHECK_STREQ(fold("ＶＰＮ　ＦｉｒｅＷａｌｌ"), "vpn firewall");
	CHECK_STREQ(fold("１２３！＃＄％＆（）～＿"), "123!#$%&()~_");
	CHECK_STREQ(fold("ＩＰアドレス：１９２．１６８．０．１"),
		    "ipアドレス:192.168.0.1");
	/* full-width signs take their Latin-1 forms */
	CHECK_STREQ(fold("￥１，０００"), "¥1,000");
	/* already half-width text and ordinary Japanese stay as they are */
	CHECK_STREQ(fold("昨日不審なメールが届きました。"),
		    "昨日不審なメールが届きました。");
	CHECK_STREQ(fold("ログ・アラート"), "ログ・アラート");
}

MM_TEST(test_halfwidth_kana)
{
	CHECK_STREQ(fold("ｱﾗｰﾄ"), "アラート");
	CHECK_STREQ(fold("ﾌｧｲｱｳｫｰﾙ"), "ファイアウォール");
	/* voiced and semi-voiced marks join the kana before them */
	CHECK_STREQ(fold("ｶﾞｷﾞｸﾞｹﾞｺﾞ"), "ガギグゲゴ");
	CHECK_STREQ(fold("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ"), "ダヂヅデド");
	CHECK_STREQ(fold("ﾊﾞﾋﾟﾌﾞﾍﾟﾎﾞ"), "バピブペボ");
	CHECK_STREQ(fold("ｳﾞｨｰﾅｽ"), "ヴィーナス");
	CHECK_STREQ(fold("ﾛｸﾞｲﾝｴﾗｰ"), "ログインエラー");
	CHECK_STREQ(fold("｢ﾒｰﾙ｣､｡･ｦ"), "「メール」、。・ヲ");
	/* a mark that joins nothing stays as a spacing mark */
	CHECK_STREQ(fold("ｱﾞ"), "ア゛");
	CHECK_STREQ(fold("ﾟ"), "゜");
	CHECK_STREQ(fold("ﾏﾟ"), "マ゜");
	/* a kana that already carries a mark takes no second one */
	CHECK_STREQ(fold("ガﾞ"), "ガ゛");
}

MM_TEST(test_combining_marks)
{
	/* NFD text (file names from macOS): kana + U+3099 / U+309A */
	CHECK_STREQ(fold("カ\xe3\x82\x99イト\xe3\x82\x99"), "ガイド");
	CHECK_STREQ(fold("ハ\xe3\x82\x9aスワート\xe3\x82\x99"), "パスワード");
	CHECK_STREQ(fold("は\xe3\x82\x9aか\xe3\x82\x99"), "ぱが");
	CHECK_STREQ(fold("う\xe3\x82\x99"), "ゔ");
	CHECK_STREQ(fold("ワ\xe3\x82\x99ヽ\xe3\x82\x99"), "ヷヾ");
	/* the spacing marks join too, so both spellings fold alike */
	CHECK_STREQ(fold("ハ゛ック"), "バック");
	CHECK_STREQ(fold("\xe3\x82\x99"), "゛");
	CHECK_STREQ(fold("ン\xe3\x82\x9a"), "ン゜");
}

MM_TEST(test_latin_case)
{
	CHECK_STREQ(fold("ÀÉÎÕÜÇÑØÞ ×ß"), "àéîõüçñøþ ×ß");
	CHECK_STREQ(fold("ĀĂĄĆČĎĒĚĞĢĪĮİĲĶ"), "āăąćčďēěğģīįiĳķ");
	CHECK_STREQ(fold("ĹĻĽĿŁŃŅŇ"), "ĺļľŀłńņň");
	CHECK_STREQ(fold("ŊŌŐŒŔŘŚŞŠŢŤŦŨŪŮŰŲŴŶ"),
		    "ŋōőœŕřśşšţťŧũūůűųŵŷ");
	CHECK_STREQ(fold("ŸŹŻŽſ"), "ÿźżžs");
	/* lower case letters and those without case stay */
	CHECK_STREQ(fold("āıĸŉ"), "āıĸŉ");
	/* Greek and Cyrillic are not folded */
	CHECK_STREQ(fold("ΑΩЖ"), "ΑΩЖ");
}

MM_TEST(test_spaces_and_controls)
{
	CHECK_STREQ(fold("a\tb\r\nc\x7f" "d"), "a b  c d");
	CHECK_STREQ(fold("a\xc2\x85" "b\xc2\xa0" "c"), "a b c");	/* NEL, NBSP */
	CHECK_STREQ(fold("a\xe2\x80\x83" "b"), "a b");			/* em space */
	CHECK_STREQ(fold("不審　メール"), "不審 メール");
}

MM_TEST(test_invalid_utf8)
{
	/* each bad byte becomes U+FFFD; what follows is still read */
	CHECK_STREQ(fold("a\xff" "b"), "a\xef\xbf\xbd" "b");
	CHECK_STREQ(fold("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");	/* overlong */
	CHECK_STREQ(fold("\xed\xa0\x80"),				/* surrogate */
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STREQ(fold("\xf4\x90\x80\x80"),				/* > U+10FFFF */
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STREQ(fold("\xe3\x82"), "\xef\xbf\xbd\xef\xbf\xbd");	/* truncated */
	CHECK_STREQ(fold("\xe3\x82" "A"), "\xef\xbf\xbd\xef\xbf\xbd" "a");
	CHECK_STREQ(fold("ｶ\xe3"), "カ\xef\xbf\xbd");
	CHECK_STREQ(fold("😀"), "😀");
	const char *f = fold("x\xf0\x9f\x98\xe3\x81\x82\x80y");
	CHECK(f != NULL && mm_utf8_valid(f, strlen(f)));
}

MM_TEST(test_idempotent)
{
	static const char *const samples[] = {
		"ＶＰＮ接続ｴﾗｰ", "ｶﾞｲﾄﾞ ﾊﾟｽﾜｰﾄﾞ", "ハ゛ック゜", "ĀİŸſ",
		"a\xff\xe3\x82", "ｱﾞ゛", "￥１，０００　ＵＴＭ",
	};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char once[256];
		snprintf(once, sizeof once, "%s", fold(samples[i]));
		CHECK_STREQ(fold(once), once);
	}
}

MM_TEST(test_like_pattern)
{
	CHECK_STREQ(pattern("不審なメール"), "%不審なメール%");
	CHECK_STREQ(pattern("  ＶＰＮ　　接続  "), "%vpn 接続%");
	/* the characters LIKE treats specially match literally */
	CHECK_STREQ(pattern("100%"), "%100!%%");
	CHECK_STREQ(pattern("a_b"), "%a!_b%");
	CHECK_STREQ(pattern("C:\\logs"), "%c:!\\logs%");
	CHECK_STREQ(pattern("hi!"), "%hi!!%");
	CHECK_STREQ(pattern("１００％＿"), "%100!%!_%");	/* after folding too */
	CHECK_STREQ(pattern(""), "%%");
	CHECK_STREQ(pattern(" \t　"), "%%");
}

MM_TEST(test_like_terms)
{
	struct mm_fold_terms t;

	CHECK_INTEQ(mm_fold_like_terms(&t, "不審なメール"), 1);
	CHECK_STREQ(mm_buf_str(&t.like[0]), "%不審なメール%");
	for (int i = 1; i < MM_FOLD_MAX_TERMS; i++)
		CHECK_STREQ(mm_buf_str(&t.like[i]), "%");
	mm_fold_terms_free(&t);

	CHECK_INTEQ(mm_fold_like_terms(&t, "　ＶＰＮ  ﾛｸﾞ\t50%_ "), 3);
	CHECK_STREQ(mm_buf_str(&t.like[0]), "%vpn%");
	CHECK_STREQ(mm_buf_str(&t.like[1]), "%ログ%");
	CHECK_STREQ(mm_buf_str(&t.like[2]), "%50!%!_%");
	CHECK_STREQ(mm_buf_str(&t.like[3]), "%");
	mm_fold_terms_free(&t);

	CHECK_INTEQ(mm_fold_like_terms(&t, "   "), 0);
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++)
		CHECK_STREQ(mm_buf_str(&t.like[i]), "%");
	mm_fold_terms_free(&t);

	CHECK_INTEQ(mm_fold_like_terms(&t, "a b c d"), 4);
	mm_fold_terms_free(&t);
	CHECK_INTEQ(mm_fold_like_terms(&t, "a b c d e"), -2);
	mm_fold_terms_free(&t);
	CHECK_INTEQ(t.n, 0);
}

MM_TEST_MAIN(test_ascii_and_width, test_halfwidth_kana, test_combining_marks,
	     test_latin_case, test_spaces_and_controls, test_invalid_utf8,
	     test_idempotent, test_like_pattern, test_like_terms)
