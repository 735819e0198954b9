/* multipart/form-data parser (mm_multipart.h) over bodies in memory files. */
#include "mm_multipart.h"
#include "mm_test.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const struct mm_limits text_lim = { 16, 64, 1024, 4096 };
static const struct mm_mp_limits lim = {
	.text = &text_lim, .max_header_bytes = 512, .max_parts = 10,
	.max_files = 3, .max_file_bytes = 1 << 20,
};

struct parsed {
	int rc;
	struct mm_kvlist form;
	struct mm_uploads files;
	int fd;
};

static int body_fd(const void *data, size_t len)
{
	int fd = memfd_create("body", 0);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		return -1;
	return fd;
}

static void parse_len(struct parsed *p, const char *boundary, const void *body, size_t len,
		      const struct mm_mp_limits *l)
{
	memset(p, 0, sizeof *p);
	p->fd = body_fd(body, len);
	p->rc = mm_multipart_parse(p->fd, (long long)len, boundary, l, &p->form, &p->files);
}

static void parse(struct parsed *p, const char *body)
{
	parse_len(p, "XyZ", body, strlen(body), &lim);
}

static void done(struct parsed *p)
{
	mm_kvlist_free(&p->form);
	mm_uploads_free(&p->files);
	close(p->fd);
}

static int rc_of(const char *body)
{
	struct parsed p;
	parse(&p, body);
	done(&p);
	return p.rc;
}

/* Bytes of an upload's range, as a string (small files only). */
static const char *content(struct parsed *p, size_t i)
{
	static char buf[256];
	const struct mm_upload *u = &p->files.items[i];
	ssize_t n = pread(p->fd, buf, (size_t)u->length, u->offset);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

MM_TEST(test_boundary_header)
{
	char b[MM_MP_BOUNDARY_MAX + 1];
	CHECK_INTEQ(mm_multipart_boundary("multipart/form-data; boundary=abc", b), MM_MP_OK);
	CHECK_STREQ(b, "abc");
	CHECK_INTEQ(mm_multipart_boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b:c\"", b), MM_MP_OK);
	CHECK_STREQ(b, "a b:c");
	CHECK_INTEQ(mm_multipart_boundary("multipart/form-data", b), MM_MP_NO_BOUNDARY);
	CHECK_INTEQ(mm_multipart_boundary("multipart/form-data; boundary=", b), MM_MP_NO_BOUNDARY);
	CHECK_INTEQ(mm_multipart_boundary("multipart/form-data; boundary=\"abc", b), MM_MP_NO_BOUNDARY);
	CHECK_INTEQ(mm_multipart_boundary("multipart/form-data; boundary=a<b", b), MM_MP_NO_BOUNDARY);
	CHECK_INTEQ(mm_multipart_boundary("text/plain; boundary=abc", b), MM_MP_NO_BOUNDARY);
	CHECK_INTEQ(mm_multipart_boundary(NULL, b), MM_MP_NO_BOUNDARY);
	char longb[120] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	CHECK_INTEQ(mm_multipart_boundary(longb, b), MM_MP_NO_BOUNDARY);
	longb[strlen(longb) - 1] = '\0';	/* 70 is the most RFC 2046 allows */
	CHECK_INTEQ(mm_multipart_boundary(longb, b), MM_MP_OK);
	CHECK_INTEQ(strlen(b), 70);
}

MM_TEST(test_text_and_files)
{
	struct parsed p;
	parse(&p, "preamble\r\n--XyZ\r\n"
		  "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
		  "tok\r\n--XyZ\r\n"
		  "Content-Disposition: form-data; name=\"body\"\r\n\r\n"
		  "一行目\r\n二行目\r\n--XyZ\r\n"
		  "content-disposition: form-data; name=\"attachments\"; filename=\"報告書.pdf\"\r\n"
		  "Content-Type: Application/PDF; x=1\r\n\r\n"
		  "%PDF\r\n--XyY\r\n-XyZ\r\n--XyZ  \t\r\n"
		  "Content-Disposition: form-data; name=\"attachments\"; filename=\"a.bin\"\r\n\r\n"
		  "\r\n\r\n--XyZ--\r\nepilogue --XyZ garbage");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	CHECK_STREQ(mm_kvlist_get(&p.form, "csrf"), "tok");
	CHECK_STREQ(mm_kvlist_get(&p.form, "body"), "一行目\r\n二行目");
	CHECK_INTEQ(p.files.n, 2);
	if (p.files.n == 2) {
		CHECK_STREQ(p.files.items[0].field, "attachments");
		CHECK_STREQ(p.files.items[0].file_name, "報告書.pdf");
		CHECK_STREQ(p.files.items[0].content_type, "application/pdf");
		CHECK_STREQ(content(&p, 0), "%PDF\r\n--XyY\r\n-XyZ");
		CHECK_STREQ(p.files.items[1].content_type, "application/octet-stream");
		CHECK_STREQ(content(&p, 1), "\r\n");
	}
	done(&p);
}

MM_TEST(test_body_starts_with_delimiter)
{
	struct parsed p;
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	CHECK_STREQ(mm_kvlist_get(&p.form, "a"), "1");
	done(&p);
	/* empty value, no epilogue, no CRLF after the closing delimiter */
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ--");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	CHECK_STREQ(mm_kvlist_get(&p.form, "a"), "");
	done(&p);
}

MM_TEST(test_filename_ext)
{
	struct parsed p;
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"; "
		  "filename*=UTF-8''%E6%9C%88%E6%AC%A1.txt\r\n\r\nabc\r\n--XyZ--\r\n");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	CHECK_INTEQ(p.files.n, 1);
	if (p.files.n)
		CHECK_STREQ(p.files.items[0].file_name, "月次.txt");
	done(&p);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			  "filename*=ISO-8859-1''a.txt\r\n\r\nabc\r\n--XyZ--"), MM_MP_BAD_FILE_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			  "filename*=UTF-8''..%2Fx\r\n\r\nabc\r\n--XyZ--"), MM_MP_BAD_FILE_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			  "filename*=UTF-8''a%00b\r\n\r\nabc\r\n--XyZ--"), MM_MP_BAD_FILE_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			  "filename*=UTF-8''a%ZZ\r\n\r\nabc\r\n--XyZ--"), MM_MP_BAD_FILE_NAME);
}

MM_TEST(test_empty_file_input_is_skipped)
{
	struct parsed p;
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\"\r\n"
		  "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ\r\n"
		  "Content-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n--XyZ--\r\n");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	CHECK_INTEQ(p.files.n, 0);
	CHECK_STREQ(mm_kvlist_get(&p.form, "body"), "hi");
	done(&p);
}

/* A refused file leaves the rest of the form readable: the page that took
 * it shows the form again as typed. The first refusal is the result. */
MM_TEST(test_refused_file_keeps_the_form)
{
	struct parsed p;
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\ns1\r\n--XyZ\r\n"
		  "Content-Disposition: form-data; name=\"attachments\"; filename=\"a.txt\"\r\n\r\nok\r\n"
		  "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"e.txt\"\r\n"
		  "\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; "
		  "filename=\"a/b\"\r\n\r\nx\r\n--XyZ\r\n"
		  "Content-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n--XyZ--\r\n");
	CHECK_INTEQ(p.rc, MM_MP_EMPTY_FILE);
	CHECK(mm_multipart_file_refused(p.rc));
	CHECK_STREQ(mm_kvlist_get(&p.form, "subject"), "s1");
	CHECK_STREQ(mm_kvlist_get(&p.form, "body"), "hi");
	done(&p);
	/* a broken frame after a refused file still refuses the whole body */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"e\"\r\n\r\n"
			  "\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), MM_MP_NO_NAME);
	CHECK(!mm_multipart_file_refused(MM_MP_NO_NAME));
	CHECK(!mm_multipart_file_refused(MM_MP_OK));
}

MM_TEST(test_bad_file_names)
{
	static const char *const bad[] = {
		"../x", "a/b", "a\\\\b", "..", ".", "a\tb", "a\x7f", "a\xc2\x85z", "\xff.txt",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char body[512];
		snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: form-data; "
			 "name=\"f\"; filename=\"%s\"\r\n\r\nabc\r\n--XyZ--", bad[i]);
		CHECK_INTEQ(rc_of(body), MM_MP_BAD_FILE_NAME);
	}
	/* a NUL inside the quoted name */
	static const char nul[] = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
				  "filename=\"a\0b\"\r\n\r\nabc\r\n--XyZ--";
	struct parsed p;
	parse_len(&p, "XyZ", nul, sizeof nul - 1, &lim);
	CHECK_INTEQ(p.rc, MM_MP_BAD_FILE_NAME);
	done(&p);
	/* 255 characters pass, 256 do not */
	char body[2048], name[300];
	memset(name, 'n', 255);
	name[255] = '\0';
	snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
		 "filename=\"%s\"\r\n\r\nabc\r\n--XyZ--", name);
	CHECK_INTEQ(rc_of(body), MM_MP_OK);
	strcat(name, "n");
	snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
		 "filename=\"%s\"\r\n\r\nabc\r\n--XyZ--", name);
	CHECK_INTEQ(rc_of(body), MM_MP_BAD_FILE_NAME);
	CHECK(mm_file_name_ok("..x", 3));
	CHECK(mm_file_name_ok("C:x y.txt", 9));
}

/* Characters that change how a name reads without showing are refused: a
 * right-to-left override makes "invoice<RLO>fdp.exe" show as
 * "invoiceexe.pdf". Their visible neighbours pass. */
MM_TEST(test_invisible_characters_in_file_names)
{
	static const char *const bad[] = {
		"invoice\xe2\x80\xae" "fdp.exe",	/* U+202E RIGHT-TO-LEFT OVERRIDE */
		"a\xe2\x80\x8b.txt", "a\xe2\x80\x8c.txt", "a\xe2\x80\x8d.txt",	/* U+200B..D */
		"a\xe2\x80\x8e.txt", "a\xe2\x80\x8f.txt",	/* U+200E LRM, U+200F RLM */
		"a\xe2\x80\xaa.txt", "a\xe2\x80\xab.txt", "a\xe2\x80\xac.txt",	/* U+202A..C */
		"a\xe2\x80\xad.txt",	/* U+202D */
		"a\xe2\x81\xa0.txt", "a\xe2\x81\xa4.txt",	/* U+2060, U+2064 */
		"a\xe2\x81\xa6.txt", "a\xe2\x81\xa7.txt", "a\xe2\x81\xa8.txt",
		"a\xe2\x81\xa9.txt",	/* U+2066..U+2069 isolates */
		"\xef\xbb\xbf" "a.txt", "a.txt\xef\xbb\xbf",	/* U+FEFF */
		"a\xd8\x9c.txt",	/* U+061C ARABIC LETTER MARK */
		"\xe2\x80\xae",	/* nothing but the override */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (mm_file_name_ok(bad[i], strlen(bad[i])))
			fprintf(stderr, "accepted: bad[%zu]\n", i);
		CHECK(!mm_file_name_ok(bad[i], strlen(bad[i])));
		char body[512];
		snprintf(body, sizeof body, "--XyZ\r\nContent-Disposition: form-data; "
			 "name=\"f\"; filename=\"%s\"\r\n\r\nabc\r\n--XyZ--", bad[i]);
		CHECK_INTEQ(rc_of(body), MM_MP_BAD_FILE_NAME);
	}
	/* through filename* too (RFC 5987, percent-encoded) */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			  "filename*=UTF-8''invoice%E2%80%AEfdp.exe\r\n\r\nabc\r\n--XyZ--"),
		    MM_MP_BAD_FILE_NAME);
	static const char *const good[] = {
		"a\xe2\x80\x8a.txt",	/* U+200A HAIR SPACE: a visible space */
		"a\xe2\x80\x90.txt",	/* U+2010 HYPHEN */
		"a\xe2\x80\xa9.txt",	/* U+2029, next to the embeddings */
		"a\xe2\x80\xaf.txt",	/* U+202F NARROW NO-BREAK SPACE */
		"a\xe2\x81\xa5.txt",	/* U+2065 (unassigned, between the ranges) */
		"a\xe2\x81\xaa.txt",	/* U+206A */
		"a\xef\xbb\xbe.txt",	/* U+FEFE */
		"a\xd8\x9b.txt",	/* U+061B ARABIC SEMICOLON */
		"\xe6\x9c\x88\xe6\xac\xa1\xe3\x83\xac\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88.pdf",	/* 月次レポート.pdf */
		"\xe2\x80\x94 \xe2\x80\x9cq\xe2\x80\x9d.txt",	/* em dash, curly quotes */
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		if (!mm_file_name_ok(good[i], strlen(good[i])))
			fprintf(stderr, "refused: good[%zu]\n", i);
		CHECK(mm_file_name_ok(good[i], strlen(good[i])));
	}
}

MM_TEST(test_refusals)
{
	/* a 0-byte file with a name */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n"
			  "\r\n--XyZ--"), MM_MP_EMPTY_FILE);
	/* parts without a name */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--XyZ--"),
		    MM_MP_NO_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), MM_MP_NO_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\n\r\nx\r\n--XyZ--"), MM_MP_NO_NAME);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	/* truncated anywhere */
	CHECK_INTEQ(rc_of(""), MM_MP_TRUNCATED);
	CHECK_INTEQ(rc_of("--XyZ"), MM_MP_TRUNCATED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"a\""), MM_MP_TRUNCATED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"),
		    MM_MP_TRUNCATED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ"),
		    MM_MP_TRUNCATED);
	/* no delimiter at all, or another boundary */
	CHECK_INTEQ(rc_of("just text"), MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--Other\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--Other--"),
		    MM_MP_MALFORMED);
	/* header syntax */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ\r\nNoColon\r\n\r\n1\r\n--XyZ--"), MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ junk\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	/* text that is not UTF-8 */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\xff\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
}

MM_TEST(test_crlf_variants)
{
	/* bare LF framing is refused, not guessed at */
	CHECK_INTEQ(rc_of("--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--\n"),
		    MM_MP_MALFORMED);
	/* a bare LF ending one header line */
	CHECK_INTEQ(rc_of("--XyZ\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\n1\r\n--XyZ--"),
		    MM_MP_MALFORMED);
	/* LF-only delimiters inside content are content */
	struct parsed p;
	parse(&p, "--XyZ\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\n"
		  "x\n--XyZ\n\r--XyZ\r\n-XyZ\r\r\n--XyZ--");
	CHECK_INTEQ(p.rc, MM_MP_OK);
	if (p.files.n == 1)
		CHECK_STREQ(content(&p, 0), "x\n--XyZ\n\r--XyZ\r\n-XyZ\r");
	done(&p);
}

MM_TEST(test_limits)
{
	/* too many files */
	char body[4096] = "";
	for (int i = 0; i < 4; i++)
		strcat(body, "--XyZ\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\nx\r\n");
	strcat(body, "--XyZ--");
	CHECK_INTEQ(rc_of(body), MM_MP_TOO_MANY_FILES);
	/* too many parts */
	body[0] = '\0';
	for (int i = 0; i < 11; i++)
		strcat(body, "--XyZ\r\nContent-Disposition: form-data; name=t\r\n\r\nx\r\n");
	strcat(body, "--XyZ--");
	CHECK_INTEQ(rc_of(body), MM_MP_TOO_LARGE);
	/* huge headers: over the cap is refused, not searched further */
	char *big = malloc(8192);
	strcpy(big, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	size_t h = strlen(big);
	memset(big + h, 'p', 600);
	big[h + 600] = '\0';
	strcat(big, "\r\n\r\n1\r\n--XyZ--");
	CHECK_INTEQ(rc_of(big), MM_MP_TOO_LARGE);
	free(big);
	/* a text value over its cap, and the text total */
	char *text = malloc(8192);
	strcpy(text, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n");
	h = strlen(text);
	memset(text + h, 'v', 1025);
	text[h + 1025] = '\0';
	strcat(text, "\r\n--XyZ--");
	CHECK_INTEQ(rc_of(text), MM_MP_TOO_LARGE);
	text[0] = '\0';
	for (int i = 0; i < 5; i++) {
		strcat(text, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n");
		size_t n = strlen(text);
		memset(text + n, 'v', 1000);
		text[n + 1000] = '\0';
		strcat(text, "\r\n");
	}
	strcat(text, "--XyZ--");
	CHECK_INTEQ(rc_of(text), MM_MP_TOO_LARGE);
	free(text);
	/* file size: the cap itself passes, one byte more does not */
	struct mm_mp_limits small = lim;
	small.max_file_bytes = 3;
	struct parsed p;
	const char *three = "--XyZ\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\nabc\r\n--XyZ--";
	parse_len(&p, "XyZ", three, strlen(three), &small);
	CHECK_INTEQ(p.rc, MM_MP_OK);
	done(&p);
	small.max_file_bytes = 2;
	parse_len(&p, "XyZ", three, strlen(three), &small);
	CHECK_INTEQ(p.rc, MM_MP_FILE_TOO_LARGE);
	done(&p);
}

/* A file larger than the scan window, with near-delimiters placed across
 * every window edge: the content comes back byte for byte. */
MM_TEST(test_window_edges)
{
	const char *boundary = "----b0undary";
	const size_t window = 256 * 1024, size = 3 * window + 1000;
	char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + i % 26);
	/* "\r\n------b0undar" (one byte short) straddling each edge */
	for (size_t k = 1; k <= 3; k++) {
		const char near[] = "\r\n------b0undar";
		memcpy(data + k * window - 7, near, sizeof near - 1);
	}
	const char head[] = "------b0undary\r\nContent-Disposition: form-data; name=f; filename=big\r\n\r\n";
	const char tail[] = "\r\n------b0undary--\r\n";
	/* try every alignment of the real delimiter around a window edge */
	for (size_t shift = 0; shift < 24; shift++) {
		size_t fsize = size - shift;
		size_t total = sizeof head - 1 + fsize + sizeof tail - 1;
		char *body = malloc(total);
		memcpy(body, head, sizeof head - 1);
		memcpy(body + sizeof head - 1, data, fsize);
		memcpy(body + sizeof head - 1 + fsize, tail, sizeof tail - 1);
		struct mm_mp_limits l = lim;
		l.max_file_bytes = 1 << 22;
		struct parsed p;
		parse_len(&p, boundary, body, total, &l);
		CHECK_INTEQ(p.rc, MM_MP_OK);
		CHECK_INTEQ(p.files.n, 1);
		if (p.files.n == 1) {
			CHECK_INTEQ(p.files.items[0].offset, sizeof head - 1);
			CHECK_INTEQ(p.files.items[0].length, fsize);
		}
		done(&p);
		free(body);
	}
	free(data);
}

MM_TEST(test_error_keys)
{
	CHECK(mm_multipart_error_key(MM_MP_OK) == NULL);
	CHECK_STREQ(mm_multipart_error_key(MM_MP_BAD_FILE_NAME), "err.upload_file_name");
	CHECK_INTEQ(mm_multipart_status(MM_MP_FILE_TOO_LARGE), 413);
	CHECK_INTEQ(mm_multipart_status(MM_MP_EMPTY_FILE), 400);
	CHECK_INTEQ(mm_multipart_status(MM_MP_IO), 503);
}

MM_TEST_MAIN(test_boundary_header, test_text_and_files, test_body_starts_with_delimiter,
	     test_filename_ext, test_empty_file_input_is_skipped, test_refused_file_keeps_the_form, test_bad_file_names,
	     test_invisible_characters_in_file_names, test_refusals, test_crlf_variants, test_limits, test_window_edges, test_error_keys)
