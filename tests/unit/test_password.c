/* Password policy presets (AUTH-4) and Argon2id storage (AUTH-5). */
#include "mm_password.h"
#include "mm_test.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A password that passes the client preset: 12 characters, four classes. */
#define GOOD12 "Tz8#qLm4!vRw"
/* 40 characters that pass the client preset. */
#define GOOD40 "Tz8#qLm4!vRwKp3%Xc7&Nb2=Hd6*Fg9?Jk5+Ws1-"

static const struct mm_pw_policy *const C = &mm_pw_policy_client;
static const struct mm_pw_policy *const A = &mm_pw_policy_asvs;

static unsigned chk(const struct mm_pw_policy *p, const char *pw)
{
	return mm_pw_check(p, pw, NULL, NULL);
}

MM_TEST(test_presets)
{
	CHECK_STREQ(C->name, "client");
	CHECK_INTEQ(C->min_len, 12);
	CHECK_INTEQ(C->max_len, 40);
	CHECK_INTEQ(C->require_classes, 1);
	CHECK_STREQ(C->symbols, "!@#$%&*?+-=");
	CHECK(C->reject_repeated);
	CHECK(C->use_blocklist);

	CHECK_STREQ(A->name, "asvs");
	CHECK_INTEQ(A->min_len, 15);
	CHECK_INTEQ(A->max_len, 128);
	CHECK_INTEQ(A->require_classes, 0);
	CHECK(A->reject_repeated);
	CHECK(A->use_blocklist);

	CHECK(mm_pw_policy_named("client") == C);
	CHECK(mm_pw_policy_named("asvs") == A);
	CHECK(mm_pw_policy_named("ASVS") == A);
	CHECK(mm_pw_policy_named("strict") == NULL);
	CHECK(mm_pw_policy_named("clients") == NULL);
	CHECK(mm_pw_policy_named(NULL) == C);	/* unset: the default preset */
}

MM_TEST(test_client_accepts)
{
	CHECK_INTEQ(strlen(GOOD12), 12);
	CHECK_INTEQ(strlen(GOOD40), 40);
	CHECK_INTEQ(chk(C, GOOD12), 0);
	CHECK_INTEQ(chk(C, GOOD40), 0);
	CHECK_INTEQ(mm_pw_check(C, GOOD12, "zqrin7", "mxlpt@kzv.jp"), 0);
	CHECK_INTEQ(chk(NULL, GOOD12), 0);	/* NULL policy = client */
}

MM_TEST(test_client_length_boundaries)
{
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR"), MM_PW_TOO_SHORT);		/* 11 */
	CHECK_INTEQ(chk(C, GOOD12), 0);					/* 12 */
	CHECK_INTEQ(chk(C, GOOD40), 0);					/* 40 */
	CHECK_INTEQ(chk(C, GOOD40 "M"), MM_PW_TOO_LONG);		/* 41 */
	CHECK_INTEQ(chk(C, ""), MM_PW_TOO_SHORT | MM_PW_NO_LOWER |
		    MM_PW_NO_UPPER | MM_PW_NO_DIGIT | MM_PW_NO_SYMBOL);
	CHECK_INTEQ(chk(C, NULL), chk(C, ""));
}

MM_TEST(test_client_classes)
{
	CHECK_INTEQ(chk(C, "TZ8#QLM4!VRW"), MM_PW_NO_LOWER);
	CHECK_INTEQ(chk(C, "tz8#qlm4!vrw"), MM_PW_NO_UPPER);
	CHECK_INTEQ(chk(C, "Tzx#qLmy!vRw"), MM_PW_NO_DIGIT);
	CHECK_INTEQ(chk(C, "Tz8xqLm4yvRw"), MM_PW_NO_SYMBOL);
	CHECK_INTEQ(chk(C, "982#615470!3"), MM_PW_NO_LOWER | MM_PW_NO_UPPER);
	CHECK_INTEQ(chk(C, "xkcdqrvbnmzt"),
		    MM_PW_NO_UPPER | MM_PW_NO_DIGIT | MM_PW_NO_SYMBOL);

	/* every allowed symbol counts */
	const char *sym = "!@#$%&*?+-=";
	for (const char *s = sym; *s; s++) {
		char pw[] = "Tz8xqLm4yvRw";
		pw[3] = *s;
		CHECK_INTEQ(chk(C, pw), 0);
		if (chk(C, pw) != 0)
			fprintf(stderr, "  symbol %c\n", *s);
	}
	/* symbols outside the set are refused, and do not count as symbols */
	CHECK_INTEQ(chk(C, "Tz8^qLm4yvRw"), MM_PW_NO_SYMBOL | MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR^"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR w"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR_"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR."), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR\t"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR\x7f"), MM_PW_BAD_CHAR);
	/* non-ASCII letters are not "letters" here; counted as one character */
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vRあ"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vRé"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vRｗ"), MM_PW_BAD_CHAR);	/* full width */
	/* invalid UTF-8 */
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR\xff"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(C, "Tz8#qLm4!vR\xc0\xaf"), MM_PW_BAD_CHAR);
}

MM_TEST(test_repeated)
{
	CHECK_INTEQ(chk(C, "aaaaaaaaaaaa"), MM_PW_NO_UPPER | MM_PW_NO_DIGIT |
		    MM_PW_NO_SYMBOL | MM_PW_REPEATED);
	CHECK_INTEQ(chk(C, "############"), MM_PW_NO_LOWER | MM_PW_NO_UPPER |
		    MM_PW_NO_DIGIT | MM_PW_REPEATED);
	CHECK_INTEQ(chk(A, "aaaaaaaaaaaaaaa"), MM_PW_REPEATED);
	CHECK_INTEQ(chk(A, "aAaAaAaAaAaAaAa"), MM_PW_REPEATED);	/* case folded */
	CHECK_INTEQ(chk(A, "AaAaAaAaAaAaAaA"), MM_PW_REPEATED);
	CHECK_INTEQ(chk(A, "zzzzzzzzzzzzzz"), MM_PW_TOO_SHORT | MM_PW_REPEATED);
	CHECK_INTEQ(chk(A, "あああああああああああああああ"), MM_PW_REPEATED);
	CHECK_INTEQ(chk(A, "               "), MM_PW_REPEATED);
	/* one different character is enough */
	CHECK_INTEQ(chk(A, "aaaaaaaaaaaaaab"), 0);
	CHECK_INTEQ(chk(A, "baaaaaaaaaaaaaa"), 0);
	CHECK_INTEQ(chk(A, "aaaaaaaあaaaaaaa"), 0);
}

MM_TEST(test_dictionary)
{
	/* plain, case-insensitive, anywhere in the password */
	CHECK_INTEQ(chk(C, "Password#2024x"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "x9!PASSWORD!9x"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "QWERTYzx8#Lm"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Ab!123456789c"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Welcome2Home!"), MM_PW_DICTIONARY);
	/* Japanese romaji words */
	CHECK_INTEQ(chk(C, "Q9!Sakura#x7Z"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Arigatou#77Zk"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Doraemon!2Qxk"), MM_PW_DICTIONARY);
	/* leet substitutions: 0 o, 1 l i, 3 e, 4 a, 5 s, 7 t, @ a, $ s */
	CHECK_INTEQ(chk(C, "P@ssw0rd#2Qxk"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Pa$$w0rd!9xQ"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "P455w0rd!9xQ"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "MyQ7!dRag0nz"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(C, "Xy!H3110w9rQ"), MM_PW_DICTIONARY);	/* hello */
	CHECK_INTEQ(chk(C, "Pr1nc355#9Qx"), MM_PW_DICTIONARY);	/* princess */
	CHECK_INTEQ(chk(C, "W3lc0m3#9Qxz"), MM_PW_DICTIONARY);	/* welcome */
	CHECK_INTEQ(chk(C, "Xq#5umm3r8Zk"), MM_PW_DICTIONARY);	/* summer */
	CHECK_INTEQ(chk(C, "Xq#M4573r8Zk"), MM_PW_DICTIONARY);	/* master */
	/* near misses are accepted */
	CHECK_INTEQ(chk(C, "Passwxrd#2Qxk"), 0);
	CHECK_INTEQ(chk(C, "Sakur#a9!Qx7Z"), 0);
	/* the asvs preset uses the same list */
	CHECK_INTEQ(chk(A, "my password is long"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(A, "zq sakura mochi vl"), MM_PW_DICTIONARY);
	CHECK_INTEQ(chk(A, "plain lower words zq"), 0);
}

MM_TEST(test_user_and_email)
{
	const char *uid = "zqrin7", *mail = "mxlpt@kzv.jp";

	CHECK_INTEQ(mm_pw_check(C, "Xy!ZQRIN7#k4mW", uid, mail), MM_PW_HAS_USER);
	CHECK_INTEQ(mm_pw_check(C, "Xy!zqrin7#k4mW", uid, mail), MM_PW_HAS_USER);
	CHECK_INTEQ(mm_pw_check(C, "Xy!Zqr1n7#k4mW", uid, mail), MM_PW_HAS_USER);
	CHECK_INTEQ(mm_pw_check(C, "Xy!Zqrn7#k4mWv", uid, mail), 0);
	/* the e-mail's local part (>= 4 characters) */
	CHECK_INTEQ(mm_pw_check(C, "Ab3!MxLpt#9qW", uid, mail), MM_PW_HAS_USER);
	CHECK_INTEQ(mm_pw_check(C, "Ab3!MxLp#9qWt", uid, mail), 0);
	/* the whole e-mail (the asvs preset allows '.') */
	CHECK_INTEQ(mm_pw_check(A, "my mxlpt@kzv.jp pass", uid, mail),
		    MM_PW_HAS_USER);
	CHECK_INTEQ(mm_pw_check(A, "xy ab@kzv.jp zzq", NULL,
				"ab@kzv.jp"), MM_PW_HAS_USER);
	/* a short local part alone is not looked for */
	CHECK_INTEQ(mm_pw_check(C, "Xy!ab#k4mWq9z", NULL, "ab@kzv.jp"), 0);
	CHECK_INTEQ(mm_pw_check(C, "Xy!abc#k4mWq9z", NULL, "abc@kzv.jp"), 0);
	CHECK_INTEQ(mm_pw_check(C, "Xy!abcd#k4mWq9", NULL, "abcd@kzv.jp"),
		    MM_PW_HAS_USER);
	/* user ID shaped like an e-mail with the .cs suffix (AUTH-1) */
	CHECK_INTEQ(mm_pw_check(A, "qz mxlpt@kzv.jp.cs 9", "mxlpt@kzv.jp.cs",
				NULL), MM_PW_HAS_USER);
	/* absent user data */
	CHECK_INTEQ(mm_pw_check(C, GOOD12, NULL, NULL), 0);
	CHECK_INTEQ(mm_pw_check(C, GOOD12, "", ""), 0);
	/* combined with other failures */
	CHECK_INTEQ(mm_pw_check(C, "zqrin7", uid, mail), MM_PW_TOO_SHORT |
		    MM_PW_NO_UPPER | MM_PW_NO_SYMBOL | MM_PW_HAS_USER);
}

MM_TEST(test_asvs_lengths)
{
	char buf[256];
	const char *pat = "k7Vq2mXw9pLz4rTn";	/* 16 characters */

	for (int i = 0; i < 8; i++)
		memcpy(buf + 16 * i, pat, 16);
	buf[128] = '\0';
	CHECK_INTEQ(chk(A, buf), 0);				/* 128 */
	buf[128] = 'y';
	buf[129] = '\0';
	CHECK_INTEQ(chk(A, buf), MM_PW_TOO_LONG);		/* 129 */
	buf[15] = '\0';
	CHECK_INTEQ(chk(A, buf), 0);				/* 15 */
	buf[14] = '\0';
	CHECK_INTEQ(chk(A, buf), MM_PW_TOO_SHORT);		/* 14 */

	/* characters, not bytes */
	CHECK_INTEQ(chk(A, "あいうえおかきくけこさしすせ"), MM_PW_TOO_SHORT);	/* 14 */
	CHECK_INTEQ(chk(A, "あいうえおかきくけこさしすせそ"), 0);		/* 15 */
	CHECK_INTEQ(chk(A, "𠮷野家の牛丼は早くて安くて美味い"), 0);		/* 16 */
	CHECK_INTEQ(chk(A, "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷"),
		    MM_PW_TOO_SHORT | MM_PW_REPEATED);			/* 14 */
	/* 43 three-byte characters = 129 bytes but 43 characters */
	CHECK_INTEQ(chk(A, "いろはにほへとちりぬるをわかよたれそつねならむうゐのおくやまけふこえてあさきゆめみしゑひもせすん"), 0);

	/* no class rules; any Unicode; spaces */
	CHECK_INTEQ(chk(A, "only lowercase zq"), 0);
	CHECK_INTEQ(chk(A, "^^ tilde ~ caret ^^"), 0);
	CHECK_INTEQ(chk(A, "日本語のパスフレーズ、長い文です"), 0);
	/* invalid UTF-8 is still refused */
	CHECK_INTEQ(chk(A, "fifteen chars \xff!"), MM_PW_BAD_CHAR);
	CHECK_INTEQ(chk(A, "surrogate \xed\xa0\x80 xyzw"), MM_PW_BAD_CHAR);
}

MM_TEST(test_huge_input)
{
	static char big[100001];

	/* far beyond the maximum: only the length is reported, quickly */
	memset(big, 'x', sizeof big - 1);
	memcpy(big + 50000, "password", 8);
	CHECK_INTEQ(chk(A, big), MM_PW_TOO_LONG);
	CHECK_INTEQ(mm_pw_check(C, big, "xxxx", "xxxx@kzv.jp"),
		    MM_PW_TOO_LONG | MM_PW_NO_UPPER | MM_PW_NO_DIGIT |
		    MM_PW_NO_SYMBOL);
	/* just over the maximum: the other rules are still reported */
	memset(big, 0, sizeof big);
	memset(big, 'x', 130);
	memcpy(big + 60, "password", 8);
	CHECK_INTEQ(chk(A, big), MM_PW_TOO_LONG | MM_PW_DICTIONARY);
}

MM_TEST(test_rule_keys)
{
	CHECK_STREQ(mm_pw_rule_key(MM_PW_TOO_SHORT), "pw.too_short");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_TOO_LONG), "pw.too_long");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_NO_LOWER), "pw.no_lower");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_NO_UPPER), "pw.no_upper");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_NO_DIGIT), "pw.no_digit");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_NO_SYMBOL), "pw.no_symbol");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_BAD_CHAR), "pw.bad_char");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_REPEATED), "pw.repeated");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_DICTIONARY), "pw.dictionary");
	CHECK_STREQ(mm_pw_rule_key(MM_PW_HAS_USER), "pw.has_user");
	CHECK_STREQ(mm_pw_rule_key(0), NULL);
	CHECK_STREQ(mm_pw_rule_key(MM_PW_TOO_SHORT | MM_PW_NO_UPPER), NULL);
	CHECK_STREQ(mm_pw_rule_key(1u << 10), NULL);
}

/* Fast parameters for the round trips. */
static const struct mm_argon2_params fast = { 64, 1, 1 };

/* Counts the '$'-separated fields of a PHC string and the length of the last
 * two (salt and tag). */
static void phc_shape(const char *phc, int *fields, size_t *salt, size_t *tag)
{
	const char *f[8];
	int n = 0;

	for (const char *p = phc; *p; p++)
		if (*p == '$' && n < 8)
			f[n++] = p + 1;
	*fields = n;
	*salt = *tag = 0;
	if (n >= 2) {
		*salt = (size_t)(f[n - 1] - f[n - 2] - 1);
		*tag = strlen(f[n - 1]);
	}
}

MM_TEST(test_hash_verify)
{
	char h1[MM_PHC_MAX], h2[MM_PHC_MAX];
	int fields;
	size_t salt, tag;

	CHECK_INTEQ(mm_pw_hash(&fast, "correct horse", h1), 0);
	CHECK_INTEQ(strncmp(h1, "$argon2id$v=19$m=64,t=1,p=1$", 28), 0);
	phc_shape(h1, &fields, &salt, &tag);
	CHECK_INTEQ(fields, 5);
	CHECK_INTEQ(salt, 22);	/* 16 bytes */
	CHECK_INTEQ(tag, 43);	/* 32 bytes */
	CHECK(strrchr(h1, '=') == h1 + 25);	/* "p=": no base64 padding */

	CHECK_INTEQ(mm_pw_verify(h1, "correct horse"), 1);
	CHECK_INTEQ(mm_pw_verify(h1, "correct horsE"), 0);
	CHECK_INTEQ(mm_pw_verify(h1, "correct horse "), 0);
	CHECK_INTEQ(mm_pw_verify(h1, ""), 0);

	/* a fresh salt each time */
	CHECK_INTEQ(mm_pw_hash(&fast, "correct horse", h2), 0);
	CHECK(strcmp(h1, h2) != 0);
	CHECK_INTEQ(mm_pw_verify(h2, "correct horse"), 1);

	/* Unicode and the empty password */
	CHECK_INTEQ(mm_pw_hash(&fast, "日本語のパスワード𠮷", h2), 0);
	CHECK_INTEQ(mm_pw_verify(h2, "日本語のパスワード𠮷"), 1);
	CHECK_INTEQ(mm_pw_verify(h2, "日本語のパスワード吉"), 0);
	CHECK_INTEQ(mm_pw_hash(&fast, "", h2), 0);
	CHECK_INTEQ(mm_pw_verify(h2, ""), 1);
	CHECK_INTEQ(mm_pw_verify(h2, "x"), 0);
	CHECK_INTEQ(mm_pw_verify(h2, NULL), 0);	/* NULL is not "" */

	/* a known hash (libargon2, salt "mimamori-salt-16") */
	CHECK_INTEQ(mm_pw_verify("$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$"
				 "pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
				 "correct horse"), 1);
	CHECK_INTEQ(mm_pw_verify("$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$"
				 "pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
				 "correct horse!"), 0);
	/* one tag character changed */
	CHECK_INTEQ(mm_pw_verify("$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$"
				 "qLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
				 "correct horse"), 0);
	/* the same hash under other parameters no longer matches */
	CHECK_INTEQ(mm_pw_verify("$argon2id$v=19$m=64,t=2,p=1$bWltYW1vcmktc2FsdC0xNg$"
				 "pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
				 "correct horse"), 0);
}

MM_TEST(test_verify_malformed)
{
	const char *bad[] = {
		"",
		"x",
		"$argon2id$",
		"$argon2id$v=19$m=64,t=1,p=1$",
		"$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$",
		"$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg",
		"$argon2id$v=19$m=64,t=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		"$argon2id$v=19$m=64,t=1,p=1$bWlt*W1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		"$argon2id$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o$",
		"$argon2id$v=19$m=-64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		"$argon2id$v=16$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		/* argon2i and argon2d are not accepted */
		"$argon2i$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$63Jg9g4nnoqRVIGRXa17x0ugT23ozIezWhinqTnrAR8",
		"$argon2d$v=19$m=64,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$63Jg9g4nnoqRVIGRXa17x0ugT23ozIezWhinqTnrAR8",
		/* absurd cost: refused before anything is allocated */
		"$argon2id$v=19$m=999999999,t=1,p=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		"$argon2id$v=19$m=64,t=99999,p=1$bWltYW1vcmktc2FsdC0xNg$pLT8kzTWbAXXby4+LNdnTRWjNbG61cw+IBwOKlNDx9o",
		"$2y$10$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTIWOFtShrbi",
		"{SSHA}abcdef",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = mm_pw_verify(bad[i], "correct horse");
		CHECK_INTEQ(rc, -1);
		if (rc != -1)
			fprintf(stderr, "  phc %s\n", bad[i]);
		CHECK_INTEQ(mm_pw_needs_rehash(&fast, bad[i]), 1);
	}
	CHECK_INTEQ(mm_pw_verify(NULL, "x"), -1);
}

MM_TEST(test_needs_rehash)
{
	char h[MM_PHC_MAX];
	const struct mm_argon2_params m2 = { 128, 1, 1 }, t2 = { 64, 2, 1 },
		p2 = { 64, 1, 2 };

	CHECK_INTEQ(mm_pw_hash(&fast, "x", h), 0);
	CHECK_INTEQ(mm_pw_needs_rehash(&fast, h), 0);
	CHECK_INTEQ(mm_pw_needs_rehash(&m2, h), 1);
	CHECK_INTEQ(mm_pw_needs_rehash(&t2, h), 1);
	CHECK_INTEQ(mm_pw_needs_rehash(&p2, h), 1);
	CHECK_INTEQ(mm_pw_needs_rehash(&mm_argon2_default, h), 1);
	CHECK_INTEQ(mm_pw_needs_rehash(&fast, NULL), 1);

	CHECK_INTEQ(mm_pw_hash(&p2, "x", h), 0);
	CHECK_INTEQ(strncmp(h, "$argon2id$v=19$m=64,t=1,p=2$", 28), 0);
	CHECK_INTEQ(mm_pw_needs_rehash(&p2, h), 0);
	CHECK_INTEQ(mm_pw_needs_rehash(&fast, h), 1);
	CHECK_INTEQ(mm_pw_verify(h, "x"), 1);
}

MM_TEST(test_default_params)
{
	char h[MM_PHC_MAX];

	CHECK_INTEQ(mm_argon2_default.m_kib, 19456);
	CHECK_INTEQ(mm_argon2_default.t_cost, 2);
	CHECK_INTEQ(mm_argon2_default.parallelism, 1);
	CHECK_INTEQ(mm_pw_hash(&mm_argon2_default, GOOD12, h), 0);
	CHECK_INTEQ(strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
	CHECK(strlen(h) < MM_PHC_MAX);
	CHECK_INTEQ(mm_pw_verify(h, GOOD12), 1);
	CHECK_INTEQ(mm_pw_needs_rehash(&mm_argon2_default, h), 0);
	CHECK_INTEQ(mm_pw_needs_rehash(&fast, h), 1);
}

MM_TEST(test_hash_bad_params)
{
	char h[MM_PHC_MAX];
	const struct mm_argon2_params zero_t = { 64, 0, 1 }, zero_p = { 64, 1, 0 },
		tiny_m = { 4, 1, 1 };

	memcpy(h, "junk", 5);
	CHECK_INTEQ(mm_pw_hash(&zero_t, "x", h), -1);
	CHECK_STREQ(h, "");
	CHECK_INTEQ(mm_pw_hash(&zero_p, "x", h), -1);
	CHECK_INTEQ(mm_pw_hash(&tiny_m, "x", h), -1);
	CHECK_INTEQ(mm_pw_hash(&fast, NULL, h), -1);
}

/* CPU time of the process (Argon2's threads included), not wall time: what
 * is compared is the work done, which another program on a busy machine
 * does not stretch. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fastest of three runs: robust against a busy machine. */
static double min3(double a, double b, double c)
{
	double m = a < b ? a : b;
	return m < c ? m : c;
}

MM_TEST(test_dummy_verify)
{
	char h[MM_PHC_MAX];
	double t[3], real, dummy, bad;

	CHECK_INTEQ(mm_pw_hash(&mm_argon2_default, "some password", h), 0);
	for (int i = 0; i < 3; i++) {
		double t0 = now_s();
		CHECK_INTEQ(mm_pw_verify(h, "another password"), 0);
		t[i] = now_s() - t0;
	}
	real = min3(t[0], t[1], t[2]);

	/* it spends the time of a real verify */
	for (int i = 0; i < 3; i++) {
		double t0 = now_s();
		mm_pw_dummy_verify(&mm_argon2_default, i == 0 ? "another password" : i == 1 ? "" : NULL);
		t[i] = now_s() - t0;
	}
	dummy = min3(t[0], t[1], t[2]);
	CHECK(dummy > real / 3);
	CHECK(dummy < real * 3);

	/* so does a verify against an unusable stored hash (an account whose
	 * password was never set must not answer faster) */
	for (int i = 0; i < 3; i++) {
		double t0 = now_s();
		CHECK_INTEQ(mm_pw_verify(i == 0 ? "" : i == 1 ? "$2y$10$abcdefghij"
					 : "$argon2id$v=19$m=1", "x"), -1);
		t[i] = now_s() - t0;
	}
	bad = min3(t[0], t[1], t[2]);
	CHECK(bad > real / 3);
	CHECK(bad < real * 3);
}

MM_TEST_MAIN(test_presets, test_client_accepts, test_client_length_boundaries,
	     test_client_classes, test_repeated, test_dictionary,
	     test_user_and_email, test_asvs_lengths, test_huge_input,
	     test_rule_keys,
	     test_hash_verify, test_verify_malformed, test_needs_rehash,
	     test_default_params, test_hash_bad_params, test_dummy_verify)
