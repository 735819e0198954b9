/* Password policy (AUTH-4) and Argon2id storage (AUTH-5).
 *
 * The policy check is a pure function over the password, the user ID and
 * the e-mail address: it returns every failed rule as a bit so the change
 * form can show the whole checklist. Hashing uses libargon2 (Argon2id, PHC
 * string) with a 16-byte salt from the OpenSSL CSPRNG and a 32-byte tag. */
#include "mm_password.h"
#include "mm_parse.h"

#include <argon2.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct mm_pw_policy mm_pw_policy_client = {
	.name = "client",
	.min_len = 12,
	.max_len = 40,
	.require_classes = 1,
	.symbols = "!@#$%&*?+-=",
	.reject_repeated = 1,
	.use_blocklist = 1
};

const struct mm_pw_policy mm_pw_policy_asvs = {
	.name = "asvs",
	.min_len = 15,
	.max_len = 128,
	.require_classes = 0,
	.symbols = NULL,
	.reject_repeated = 1,
	.use_blocklist = 1
};

const struct mm_argon2_params mm_argon2_default = {
	.m_kib = 19456,
	.t_cost = 2,
	.parallelism = 1
};

const struct mm_pw_policy *mm_pw_policy_named(const char *name)
{
	if (name == NULL || name[0] == '\0')
		return &mm_pw_policy_client;	/* the default preset */
	if (strcasecmp(name, "client") == 0)
		return &mm_pw_policy_client;
	if (strcasecmp(name, "asvs") == 0)
		return &mm_pw_policy_asvs;
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Blocklist: very common passwords and words (English and Japanese romaji).
 * Lower case ASCII only. Entries of 5 or more characters are rejected when
 * they appear anywhere in the password; shorter ones only when they are the
 * whole password. Matching folds case and common leet substitutions. */

#define MM_PW_SUBSTRING_MIN 5

static const char *const mm_pw_blocklist[] = {
	/* common passwords */
	"123456", "1234567", "12345678", "123456789", "1234567890", "12345",
	"0123456789", "0987654321", "987654321", "87654321", "7654321", "654321",
	"123123", "123321", "112233", "121212", "131313", "159753", "147258",
	"147258369", "159357", "111111", "000000", "222222", "333333", "444444",
	"555555", "666666", "696969", "777777", "888888", "999999", "11111",
	"1q2w3e", "1q2w3e4r", "1qaz2wsx", "2wsx3edc", "zaq12wsx", "qazwsx",
	"qwerty", "qwertz", "azerty", "qwertyuiop", "asdfgh", "asdfghjkl",
	"zxcvbn", "zxcvbnm", "asdfasdf", "qweasd", "qweasdzxc", "poiuyt",
	"abcdef", "abcdefg", "abcdefgh", "abcde", "abc123", "abcd1234", "aa123456",
	"a1b2c3", "password", "passwd", "passcode", "passport", "passwort",
	"motdepasse", "contrasena", "senha", "parola", "pasuwado", "pasuwaado",
	"letmein", "welcome", "changeme", "default", "trustno1", "iloveyou",
	"whatever", "nothing", "secret", "access", "master", "login", "logon",
	"admin", "administrator", "superuser", "manager", "operator", "support",
	"guest", "public", "private", "system", "sysadmin", "webmaster",
	"root123", "toor", "test123", "tester", "testing", "sample", "example",
	"temp123", "temppass", "newpass", "mypass", "pa55word", "opensesame",
	"dragon", "monkey", "shadow", "sunshine", "princess", "football",
	"baseball", "basketball", "soccer", "hockey", "tennis", "golfer",
	"batman", "superman", "spiderman", "ironman", "starwars", "startrek",
	"pokemon", "pikachu", "naruto", "sasuke", "doraemon", "totoro", "gundam",
	"anpanman", "hellokitty", "mickey", "minnie", "snoopy", "garfield",
	"mustang", "ferrari", "porsche", "corvette", "harley", "yamaha",
	"kawasaki", "toyota", "honda", "nissan", "subaru", "mazda",
	"michael", "jennifer", "jessica", "michelle", "ashley", "nicole",
	"amanda", "daniel", "thomas", "robert", "charlie", "andrew", "joshua",
	"matthew", "jordan", "taylor", "hunter", "buster", "tigger", "ginger",
	"pepper", "maggie", "cheese", "killer", "biteme", "freedom", "thunder",
	"matrix", "hello", "hello123", "helloworld", "loveme", "lovely",
	"angel", "heaven", "forever", "family", "friend", "friends", "blessed",
	"beautiful", "butterfly", "rainbow", "flower", "summer", "winter",
	"spring", "autumn", "orange", "banana", "apple", "cherry", "lemon",
	"strawberry", "chocolate", "cookie", "cupcake", "coffee", "purple",
	"yellow", "silver", "golden", "diamond", "crystal", "phoenix", "tiger",
	"lion", "eagle", "falcon", "wizard", "dragonball", "legend", "warrior",
	"knight", "ninja", "samurai", "shogun", "soldier", "pirate", "zombie",
	"computer", "internet", "network", "security", "firewall", "server",
	"database", "windows", "microsoft", "google", "apple123", "iphone",
	"android", "samsung", "facebook", "twitter", "instagram", "youtube",
	"linkedin", "amazon", "netflix", "minecraft", "fortnite", "roblox",
	"mimamori", "customer", "service", "company", "office", "portal",
	"january", "february", "march", "april", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "weekend", "holiday",
	"birthday", "christmas", "newyear", "england", "america", "canada",
	"london", "paris", "berlin", "newyork", "california", "japan",
	"qwerty123", "password1", "password123", "iloveyou1", "princess1",
	"monkey123", "dragon123", "welcome1", "letmein1", "admin123",
	"money", "dollar", "business", "pleaseletmein", "blahblah",
	"asshole", "fuckyou", "fuckoff", "bullshit", "pussy", "sexy",
	"superstar", "rockstar", "rockyou", "lovers", "sweetheart", "darling",
	"baby123", "babygirl", "babyboy", "sweetie", "honey", "sugar",
	"music", "guitar", "piano", "dance", "movie", "theman", "player",
	"gamer", "game123", "letsgo", "goodbye", "thankyou", "happy",
	"smile", "sunny", "cloud", "storm", "ocean", "water", "earth",
	"planet", "galaxy", "universe", "secure", "unknown", "nopassword",
	/* Japanese (romaji) */
	"sakura", "arigatou", "arigato", "konnichiwa", "konnichiha", "konbanwa",
	"ohayou", "ohayo", "oyasumi", "sayonara", "sayounara", "daisuki",
	"aishiteru", "suki", "himitsu", "kawaii", "genki", "ganbare",
	"ganbatte", "shiawase", "tanoshii", "tomodachi", "kokoro", "hikari",
	"hoshi", "sora", "yume", "umi", "yama", "kaze", "hanabi", "matsuri",
	"hanami", "sakana", "tamago", "gohan", "onigiri", "ramen", "sushi",
	"tempura", "udon", "soba", "mikan", "ringo", "ichigo", "momo", "neko",
	"nekochan", "inu", "usagi", "kitsune", "tanuki", "kuma", "tora",
	"ryuu", "tenshi", "akuma", "kamisama", "sensei", "senpai", "kouhai",
	"oniisan", "oneesan", "okaasan", "otousan", "kazoku", "nihon", "nippon",
	"nihongo", "tokyo", "osaka", "kyoto", "yokohama", "nagoya", "sapporo",
	"fukuoka", "kobe", "sendai", "hiroshima", "nagasaki", "okinawa",
	"hokkaido", "kyushu", "shikoku", "honshu", "fujisan", "fujiyama",
	"shinjuku", "shibuya", "ikebukuro", "akihabara", "ginza", "asakusa",
	"banzai", "kanpai", "otaku", "manga", "anime", "karaoke", "pachinko",
	"tanaka", "suzuki", "takahashi", "watanabe", "yamamoto", "nakamura",
	"kobayashi", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto",
	"inoue", "kimura", "hayashi", "shimizu", "yamazaki", "ikeda",
	"hashimoto", "ishikawa", "ogawa", "maeda", "okada", "hasegawa",
	"fujita", "murakami", "kondou", "sakamoto", "endou", "aoki", "fujii",
	"nishimura", "fukuda", "ootake", "miura", "fujiwara", "okamoto",
	"matsuda", "nakagawa", "nakano", "harada", "ono", "tamura", "takeuchi",
	"kaneko", "wada", "nakayama", "ishii", "ueda", "morita", "hara",
	"shibata", "sakai", "kudou", "yokoyama", "miyazaki", "miyamoto",
	"uchida", "takagi", "andou", "taniguchi", "oono", "maruyama", "imai",
	"takada", "fujimoto", "takeda", "murata", "ueno", "sugiyama", "masuda",
	"hiroshi", "takashi", "akira", "satoshi", "kenji", "daisuke", "naoki",
	"takuya", "shouta", "shota", "yuuki", "kazuki", "tsubasa", "hiroki",
	"ryouta", "kenta", "makoto", "minoru", "osamu", "tetsuya", "yusuke",
	"haruka", "misaki", "ayaka", "yuuka", "kaori", "megumi", "tomoko",
	"yumiko", "keiko", "akiko", "naoko", "yoko", "kyoko", "emiko",
	"sachiko", "mayumi", "miyuki", "yukiko", "hanako", "taro", "tarou",
	"jirou", "ichirou", "yamato", "hinata", "haruto", "minato", "sousuke",
	"mimamoru", "anshin", "anzen", "kanri", "hogo"
};

#define MM_PW_NBLOCK (sizeof mm_pw_blocklist / sizeof mm_pw_blocklist[0])

static unsigned char lower_ascii(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* 1 when password byte pc can stand for the lower-case blocklist byte ec. */
static int fold_match(unsigned char pc, unsigned char ec)
{
	if (lower_ascii(pc) == ec)
		return 1;
	switch (pc) {
	case '0': return ec == 'o';
	case '1': return ec == 'l' || ec == 'i';
	case '3': return ec == 'e';
	case '4': return ec == 'a';
	case '5': return ec == 's';
	case '7': return ec == 't';
	case '@': return ec == 'a';
	case '$': return ec == 's';
	default: return 0;
	}
}

/* 1 when word (any case) occurs in s[0..n), folding case and accepting
 * leet substitutions in s. */
static int contains_word(const char *s, size_t n, const char *word, size_t wn)
{
	if (wn == 0 || wn > n)
		return 0;
	for (size_t i = 0; i + wn <= n; i++) {
		size_t j;
		for (j = 0; j < wn; j++) {
			unsigned char pc = (unsigned char)s[i + j];
			unsigned char ec = lower_ascii((unsigned char)word[j]);
			if (!fold_match(pc, ec))
				break;
		}
		if (j == wn)
			return 1;
	}
	return 0;
}

/* 1 when w (lower case, wn bytes) matches s[0..wn) with folding. */
static int match_at(const char *s, const char *w, size_t wn)
{
	for (size_t j = 0; j < wn; j++)
		if (!fold_match((unsigned char)s[j], (unsigned char)w[j]))
			return 0;
	return 1;
}

static int in_blocklist(const char *pw, size_t n)
{
	/* Index the entries by first byte (a counting sort on the stack), so
	 * each position of the password is only compared with the entries
	 * that can start there. */
	unsigned short start[257], next[256], order[MM_PW_NBLOCK];

	memset(start, 0, sizeof start);
	for (size_t k = 0; k < MM_PW_NBLOCK; k++)
		start[(unsigned char)mm_pw_blocklist[k][0] + 1]++;
	for (size_t c = 0; c < 256; c++)
		start[c + 1] = (unsigned short)(start[c + 1] + start[c]);
	memcpy(next, start, sizeof next);
	for (size_t k = 0; k < MM_PW_NBLOCK; k++)
		order[next[(unsigned char)mm_pw_blocklist[k][0]]++] =
			(unsigned short)k;

	for (size_t i = 0; i < n; i++) {
		unsigned char pc = (unsigned char)pw[i], cand[3];
		size_t nc = 0;

		cand[nc++] = lower_ascii(pc);
		switch (pc) {
		case '0': cand[nc++] = 'o'; break;
		case '1': cand[nc++] = 'l'; cand[nc++] = 'i'; break;
		case '3': cand[nc++] = 'e'; break;
		case '4': case '@': cand[nc++] = 'a'; break;
		case '5': case '$': cand[nc++] = 's'; break;
		case '7': cand[nc++] = 't'; break;
		default: break;
		}
		for (size_t c = 0; c < nc; c++) {
			for (size_t j = start[cand[c]]; j < start[cand[c] + 1]; j++) {
				const char *w = mm_pw_blocklist[order[j]];
				size_t wn;
				/* entries have at least 2 bytes: the second one
				 * rules most of them out cheaply */
				if (i + 1 >= n ||
				    !fold_match((unsigned char)pw[i + 1],
						(unsigned char)w[1]))
					continue;
				wn = strlen(w);
				if (wn >= MM_PW_SUBSTRING_MIN) {
					if (wn <= n - i && match_at(pw + i, w, wn))
						return 1;
				} else if (i == 0 && wn == n && match_at(pw, w, wn)) {
					return 1;
				}
			}
		}
	}
	return 0;
}

/* The e-mail's local part counts when it has at least this many bytes. */
#define MM_PW_LOCAL_MIN 4
/* A user ID shorter than this is not looked for (it would match by chance). */
#define MM_PW_USER_MIN 3

static int has_user(const char *pw, size_t n, const char *user_id,
		    const char *email)
{
	if (user_id != NULL) {
		size_t un = strlen(user_id);
		if (un >= MM_PW_USER_MIN && contains_word(pw, n, user_id, un))
			return 1;
	}
	if (email != NULL && email[0] != '\0') {
		size_t en = strlen(email);
		const char *at = strrchr(email, '@');
		size_t ln = at != NULL ? (size_t)(at - email) : en;
		if (en >= MM_PW_USER_MIN && contains_word(pw, n, email, en))
			return 1;
		if (ln >= MM_PW_LOCAL_MIN && contains_word(pw, n, email, ln))
			return 1;
	}
	return 0;
}

static uint32_t fold_cp(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

unsigned mm_pw_check(const struct mm_pw_policy *p, const char *pw,
		     const char *user_id, const char *email)
{
	const unsigned char *s;
	size_t n, i = 0, chars = 0;
	int lower = 0, upper = 0, digit = 0, symbol = 0, bad = 0, same = 1;
	uint32_t first = 0;
	unsigned r = 0;

	if (p == NULL)
		p = &mm_pw_policy_client;
	if (pw == NULL)
		pw = "";
	s = (const unsigned char *)pw;
	n = strlen(pw);

	while (i < n) {
		uint32_t cp;
		size_t l = mm_utf8_decode(s + i, n - i, &cp);
		if (l == 0) {
			/* Not UTF-8: each stray byte counts as one bad character. */
			bad = 1;
			cp = 0xFFFD;
			l = 1;
		} else if (p->require_classes) {
			if (cp >= 'a' && cp <= 'z')
				lower = 1;
			else if (cp >= 'A' && cp <= 'Z')
				upper = 1;
			else if (cp >= '0' && cp <= '9')
				digit = 1;
			else if (cp < 0x80 && cp != 0 && p->symbols != NULL &&
				 strchr(p->symbols, (int)cp) != NULL)
				symbol = 1;
			else
				bad = 1;
		}
		if (chars == 0)
			first = fold_cp(cp);
		else if (fold_cp(cp) != first)
			same = 0;
		chars++;
		i += l;
	}

	if (p->min_len > 0 && chars < (size_t)p->min_len)
		r |= MM_PW_TOO_SHORT;
	if (p->max_len > 0 && chars > (size_t)p->max_len)
		r |= MM_PW_TOO_LONG;
	if (p->require_classes) {
		if (!lower)
			r |= MM_PW_NO_LOWER;
		if (!upper)
			r |= MM_PW_NO_UPPER;
		if (!digit)
			r |= MM_PW_NO_DIGIT;
		if (!symbol)
			r |= MM_PW_NO_SYMBOL;
	}
	if (bad)
		r |= MM_PW_BAD_CHAR;
	if (p->reject_repeated && chars >= 2 && same)
		r |= MM_PW_REPEATED;
	/* Beyond 4 bytes per allowed character the password is too long
	 * whatever it contains: skip the substring scans (their cost grows
	 * with the length of what a client sent). */
	if (p->max_len > 0 && n > 4 * (size_t)p->max_len)
		return r;
	if (p->use_blocklist && in_blocklist(pw, n))
		r |= MM_PW_DICTIONARY;
	if (has_user(pw, n, user_id, email))
		r |= MM_PW_HAS_USER;
	return r;
}

const char *mm_pw_rule_key(unsigned bit)
{
	switch (bit) {
	case MM_PW_TOO_SHORT: return "pw.too_short";
	case MM_PW_TOO_LONG: return "pw.too_long";
	case MM_PW_NO_LOWER: return "pw.no_lower";
	case MM_PW_NO_UPPER: return "pw.no_upper";
	case MM_PW_NO_DIGIT: return "pw.no_digit";
	case MM_PW_NO_SYMBOL: return "pw.no_symbol";
	case MM_PW_BAD_CHAR: return "pw.bad_char";
	case MM_PW_REPEATED: return "pw.repeated";
	case MM_PW_DICTIONARY: return "pw.dictionary";
	case MM_PW_HAS_USER: return "pw.has_user";
	default: return NULL;
	}
}

/* ---------------------------------------------------------------------- */
/* Argon2id */

#define MM_SALT_LEN 16
#define MM_HASH_LEN 32
/* Sanity bounds for parameters, configured or read from a stored hash
 * (a stored hash must not make a verify allocate without limit). */
#define MM_ARGON2_MAX_M (4u * 1024 * 1024)	/* KiB: 4 GiB */
#define MM_ARGON2_MAX_T 1000u
#define MM_ARGON2_MAX_P 255u

static int params_ok(const struct mm_argon2_params *ap)
{
	return ap->t_cost >= 1 && ap->t_cost <= MM_ARGON2_MAX_T &&
	       ap->parallelism >= 1 && ap->parallelism <= MM_ARGON2_MAX_P &&
	       ap->m_kib >= 8 * ap->parallelism && ap->m_kib <= MM_ARGON2_MAX_M;
}

int mm_pw_hash(const struct mm_argon2_params *ap, const char *pw,
	       char out[MM_PHC_MAX])
{
	unsigned char salt[MM_SALT_LEN];
	int rc;

	out[0] = '\0';
	if (ap == NULL)
		ap = &mm_argon2_default;
	if (pw == NULL || !params_ok(ap))
		return -1;
	if (argon2_encodedlen(ap->t_cost, ap->m_kib, ap->parallelism,
			      MM_SALT_LEN, MM_HASH_LEN, Argon2_id) > MM_PHC_MAX)
		return -1;
	if (RAND_bytes(salt, sizeof salt) != 1)
		return -1;
	rc = argon2id_hash_encoded(ap->t_cost, ap->m_kib, ap->parallelism,
				   pw, strlen(pw), salt, sizeof salt,
				   MM_HASH_LEN, out, MM_PHC_MAX);
	if (rc != ARGON2_OK) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* Reads a decimal number (no sign, no leading zeros beyond "0") at *s. */
static int read_uint(const char **s, unsigned long max, unsigned long *v)
{
	const char *p = *s;
	unsigned long x = 0;

	if (*p < '0' || *p > '9')
		return -1;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		x = x * 10 + (unsigned long)(*p - '0');
		if (x > max)
			return -1;
		p++;
	}
	*s = p;
	*v = x;
	return 0;
}

static int is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* Length of a run of base64 (standard alphabet, no padding) characters. */
static size_t b64_run(const char *s)
{
	size_t n = 0;
	while (is_b64(s[n]))
		n++;
	return n;
}

/* Parses "$argon2id$v=19$m=M,t=T,p=P$SALT$HASH" strictly. 0 or -1. */
static int parse_phc(const char *phc, struct mm_argon2_params *ap)
{
	static const char prefix[] = "$argon2id$v=19$m=";
	const char *s = phc;
	unsigned long m, t, p;
	size_t n;

	if (phc == NULL || strlen(phc) >= MM_PHC_MAX)
		return -1;
	if (strncmp(s, prefix, sizeof prefix - 1) != 0)
		return -1;
	s += sizeof prefix - 1;
	if (read_uint(&s, MM_ARGON2_MAX_M, &m) < 0 || strncmp(s, ",t=", 3) != 0)
		return -1;
	s += 3;
	if (read_uint(&s, MM_ARGON2_MAX_T, &t) < 0 || strncmp(s, ",p=", 3) != 0)
		return -1;
	s += 3;
	if (read_uint(&s, MM_ARGON2_MAX_P, &p) < 0 || *s != '$')
		return -1;
	s++;
	n = b64_run(s);			/* salt: at least 8 bytes */
	if (n < 11 || n % 4 == 1 || s[n] != '$')
		return -1;
	s += n + 1;
	n = b64_run(s);			/* tag: at least 4 bytes */
	if (n < 6 || n % 4 == 1 || s[n] != '\0')
		return -1;
	ap->m_kib = (unsigned)m;
	ap->t_cost = (unsigned)t;
	ap->parallelism = (unsigned)p;
	return params_ok(ap) ? 0 : -1;
}

/* A valid hash made with mm_argon2_default (m=19456 t=2 p=1) of 32 random
 * bytes that were thrown away: no typed password can match it. */
static const char mm_pw_dummy_phc[] =
	"$argon2id$v=19$m=19456,t=2,p=1$LigestjMzBAtLmNr6omlAA$"
	"X9yCAabeuiahHqwthCvjsbgrPFW2ZxiqZYT1DkTQctM";

/* Argon2id verify of a string that parse_phc accepted. */
static int verify_parsed(const char *phc, const char *pw)
{
	int rc = argon2id_verify(phc, pw, strlen(pw));
	if (rc == ARGON2_OK)
		return 1;
	if (rc == ARGON2_VERIFY_MISMATCH)
		return 0;
	return -1;
}

int mm_pw_verify(const char *phc, const char *pw)
{
	struct mm_argon2_params ap;

	if (pw == NULL) {	/* never matches, not even a hash of "" */
		(void)verify_parsed(mm_pw_dummy_phc, "");
		return 0;
	}
	if (parse_phc(phc, &ap) < 0) {
		/* An account without a usable hash must not answer faster
		 * than one with a hash: spend the time of a verify anyway. */
		(void)verify_parsed(mm_pw_dummy_phc, pw);
		return -1;
	}
	return verify_parsed(phc, pw);
}

int mm_pw_needs_rehash(const struct mm_argon2_params *ap, const char *phc)
{
	struct mm_argon2_params have;

	if (ap == NULL)
		ap = &mm_argon2_default;
	if (parse_phc(phc, &have) < 0)
		return 1;
	return have.m_kib != ap->m_kib || have.t_cost != ap->t_cost ||
	       have.parallelism != ap->parallelism;
}

void mm_pw_dummy_verify(const struct mm_argon2_params *ap, const char *pw)
{
	/* a hash with the configured parameters costs what a verify of a stored
	 * hash made with them costs, whatever the configuration says */
	char phc[MM_PHC_MAX];
	if (ap == NULL || mm_pw_hash(ap, pw != NULL ? pw : "", phc) < 0)
		(void)verify_parsed(mm_pw_dummy_phc, pw != NULL ? pw : "");
}
