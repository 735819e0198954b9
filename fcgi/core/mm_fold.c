/* Keyword folding and LIKE patterns (mm_fold.h). */
#include "mm_fold.h"
#include <string.h>

#define REPLACEMENT 0xFFFDu
#define VOICED_MARK 0x309Bu	/* ゛ spacing form, for a mark left alone */
#define SEMIVOICED_MARK 0x309Cu	/* ゜ */

/* Full-width katakana for the half-width forms U+FF61..U+FF9D. */
static const unsigned short halfwidth_kana[] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3,
	0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,
	0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF,
	0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF,
	0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
	0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF,
	0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA,
	0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,
};

/* Latin-1 forms of the full-width signs U+FFE0..U+FFE6 (￠￡￢￣￤￥￦). */
static const unsigned short fullwidth_signs[] = {
	0x00A2, 0x00A3, 0x00AC, 0x00AF, 0x00A6, 0x00A5, 0x20A9,
};

/* Decodes one code point at *s and advances past it; a byte that does not
 * start a well-formed sequence (overlong, surrogate, beyond U+10FFFF,
 * truncated) becomes U+FFFD and only that byte is consumed. */
static unsigned long next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned long cp;
	unsigned char lo = 0x80, hi = 0xBF;
	int len;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		cp = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		cp = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else {
		*s = p + 1;
		return REPLACEMENT;
	}
	if (p[1] < lo || p[1] > hi) {
		*s = p + 1;
		return REPLACEMENT;
	}
	for (int i = 1; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF) {	/* also stops at the NUL */
			*s = p + 1;
			return REPLACEMENT;
		}
		cp = cp << 6 | (p[i] & 0x3F);
	}
	*s = p + len;
	return cp;
}

static void put_cp(struct mm_buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	mm_buf_add(out, u, n);
}

/* Lower case of ASCII, Latin-1 and Latin Extended-A letters. */
static unsigned long lower_latin(unsigned long cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp < 0xC0 || cp > 0x17F)
		return cp;
	if (cp <= 0xDE)
		return cp == 0xD7 ? cp : cp + 0x20;	/* × is not a letter */
	if (cp < 0x100)
		return cp;
	if (cp == 0x130)
		return 'i';				/* İ */
	if (cp == 0x178)
		return 0xFF;				/* Ÿ -> ÿ */
	if (cp == 0x17F)
		return 's';				/* long s */
	if ((cp <= 0x12F || (cp >= 0x132 && cp <= 0x137) ||
	     (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0)
		return cp + 1;
	if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) &&
	    cp % 2 == 1)
		return cp + 1;
	return cp;
}

/* The kana with a voiced mark (カ -> ガ), or 0 when it takes none. */
static unsigned long voiced(unsigned long cp)
{
	/* か..ぢ and カ..ヂ alternate plain/voiced; つてと ツテト follow. */
	if ((cp >= 0x304B && cp <= 0x3061) || (cp >= 0x30AB && cp <= 0x30C1))
		return cp % 2 == 1 ? cp + 1 : 0;
	if ((cp >= 0x3064 && cp <= 0x3068) || (cp >= 0x30C4 && cp <= 0x30C8))
		return cp % 2 == 0 ? cp + 1 : 0;
	/* は行: plain, voiced, semi-voiced in steps of three */
	if ((cp >= 0x306F && cp <= 0x307B) || (cp >= 0x30CF && cp <= 0x30DB))
		return (cp - 0x306F) % 3 == 0 ? cp + 1 : 0;
	switch (cp) {
	case 0x3046: return 0x3094;	/* ゔ */
	case 0x30A6: return 0x30F4;	/* ヴ */
	case 0x30EF: case 0x30F0: case 0x30F1: case 0x30F2:
		return cp + 8;		/* ヷヸヹヺ */
	case 0x309D: case 0x30FD:
		return cp + 1;		/* ゞ ヾ */
	}
	return 0;
}

static unsigned long semivoiced(unsigned long cp)
{
	if ((cp >= 0x306F && cp <= 0x307B) || (cp >= 0x30CF && cp <= 0x30DB))
		return (cp - 0x306F) % 3 == 0 ? cp + 2 : 0;
	return 0;
}

static int is_voiced_mark(unsigned long cp)
{
	return cp == 0xFF9E || cp == 0x3099 || cp == VOICED_MARK;
}

static int is_semivoiced_mark(unsigned long cp)
{
	return cp == 0xFF9F || cp == 0x309A || cp == SEMIVOICED_MARK;
}

/* Spaces NFKC turns into U+0020, and the controls no search should see. */
static int is_space(unsigned long cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

/* The folded form of one code point, without the mark merging. */
static unsigned long fold_cp(unsigned long cp)
{
	if (is_space(cp))
		return ' ';
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return lower_latin(cp - 0xFEE0);
	if (cp >= 0xFF61 && cp <= 0xFF9D)
		return halfwidth_kana[cp - 0xFF61];
	if (is_voiced_mark(cp))
		return VOICED_MARK;
	if (is_semivoiced_mark(cp))
		return SEMIVOICED_MARK;
	if (cp >= 0xFFE0 && cp <= 0xFFE6)
		return fullwidth_signs[cp - 0xFFE0];
	return lower_latin(cp);
}

int mm_fold_append(struct mm_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned long cp = fold_cp(next_cp(&p));
		if (*p >= 0x80) {
			/* a (semi-)voiced mark right after a kana joins it */
			const unsigned char *q = p;
			unsigned long mark = next_cp(&q), joined = 0;
			if (is_voiced_mark(mark))
				joined = voiced(cp);
			else if (is_semivoiced_mark(mark))
				joined = semivoiced(cp);
			if (joined) {
				cp = joined;
				p = q;
			}
		}
		put_cp(out, cp);
	}
	return out->oom ? -1 : 0;
}

/* Appends term[0..n) LIKE-escaped with '!', wrapped in % ... %. '\' is
 * escaped too: it is literal under ESCAPE '!', and "!\" stays literal
 * should a server treat backslash as an escape regardless. */
static void put_like(struct mm_buf *out, const char *term, size_t n)
{
	mm_buf_add(out, "%", 1);
	for (size_t i = 0; i < n; i++) {
		if (strchr("!%_\\", term[i]) != NULL)
			mm_buf_add(out, "!", 1);
		mm_buf_add(out, term + i, 1);
	}
	mm_buf_add(out, "%", 1);
}

/* Calls emit for each space-separated term of the folded keyword. */
static int for_each_term(const char *keyword,
			 int (*emit)(void *ctx, const char *term, size_t n),
			 void *ctx)
{
	struct mm_buf folded = { 0 };
	int rc = mm_fold_append(&folded, keyword);
	const char *p = mm_buf_str(&folded);

	while (rc >= 0) {
		size_t n;
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == 0)
			break;
		rc = emit(ctx, p, n);
		p += n;
	}
	mm_buf_free(&folded);
	return rc;
}

struct phrase {
	struct mm_buf words;	/* terms joined by one space */
};

static int add_to_phrase(void *ctx, const char *term, size_t n)
{
	struct phrase *ph = ctx;
	if (ph->words.len > 0)
		mm_buf_add(&ph->words, " ", 1);
	mm_buf_add(&ph->words, term, n);
	return ph->words.oom ? -1 : 0;
}

int mm_fold_like_pattern(struct mm_buf *out, const char *keyword)
{
	struct phrase ph = { { 0 } };
	int rc = for_each_term(keyword, add_to_phrase, &ph);

	if (rc >= 0)
		put_like(out, ph.words.p ? ph.words.p : "", ph.words.len);
	mm_buf_free(&ph.words);
	return rc < 0 || out->oom ? -1 : 0;
}

static int add_term(void *ctx, const char *term, size_t n)
{
	struct mm_fold_terms *t = ctx;
	if (t->n == MM_FOLD_MAX_TERMS)
		return -2;
	put_like(&t->like[t->n], term, n);
	t->n++;
	return t->like[t->n - 1].oom ? -1 : 0;
}

int mm_fold_like_terms(struct mm_fold_terms *t, const char *keyword)
{
	int rc;

	memset(t, 0, sizeof *t);
	rc = for_each_term(keyword, add_term, t);
	if (rc < 0)
		return rc;
	for (int i = t->n; i < MM_FOLD_MAX_TERMS; i++)
		mm_buf_add(&t->like[i], "%", 1);
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++)
		if (t->like[i].oom)
			return -1;
	return t->n;
}

void mm_fold_terms_free(struct mm_fold_terms *t)
{
	for (int i = 0; i < MM_FOLD_MAX_TERMS; i++)
		mm_buf_free(&t->like[i]);
	t->n = 0;
}
