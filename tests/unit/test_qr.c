/* QR codes as SVG (mm_qr.h). The drawn modules are compared with the
 * libqrencode matrix and the image is decoded for real with zbarimg
 * (zbar-tools). */
#include "mm_qr.h"
#include "mm_otp.h"
#include "mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <qrencode.h>
#include <openssl/evp.h>

#define QUIET 4
#define SCALE 8

static const char *const uris[] = {
	"otpauth://totp/Mimamori:user%40example.com?secret=JBSWY3DPEHPK3PXP"
	"&issuer=Mimamori&algorithm=SHA1&digits=6&period=30",
	/* a long account name with a space and Japanese characters */
	"otpauth://totp/Mimamori:%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E%40"
	"customer-operations.example.co.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	"&issuer=Mimamori&algorithm=SHA1&digits=6&period=30",
};
#define NURIS (sizeof uris / sizeof uris[0])

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The image drawn by an SVG from mm_qr_svg: size x size cells, 1 = dark.
 * Returns NULL when the SVG does not have the expected shape. Also counts the
 * runs (subpaths) and reports whether they are disjoint. With the same cells
 * as the matrix and as many runs as it has maximal runs, every run is then
 * maximal (merged). */
static unsigned char *rasterise(const char *svg, int *size, size_t *runs,
				int *disjoint)
{
	const char *p = strstr(svg, "viewBox=\"0 0 ");
	unsigned char *grid;
	int w, h;

	if (p == NULL || sscanf(p, "viewBox=\"0 0 %d %d\"", &w, &h) != 2 ||
	    w != h || w < 21 + 2 * QUIET || w > 177 + 2 * QUIET)
		return NULL;
	p = strstr(svg, " d=\"");
	if (p == NULL || count(svg, "<path") != 1)
		return NULL;
	p += 4;
	grid = calloc((size_t)w * (size_t)w, 1);
	if (grid == NULL)
		return NULL;
	*runs = 0;
	*disjoint = 1;
	while (*p != '"') {
		int x, y, n, n2, used = 0;
		if (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 ||
		    used == 0 || n != n2 || n < 1 || x < 0 || y < 0 ||
		    x + n > w || y >= w) {
			free(grid);
			return NULL;
		}
		for (int i = 0; i < n; i++) {
			if (grid[(size_t)y * w + x + i])
				*disjoint = 0;
			grid[(size_t)y * w + x + i] = 1;
		}
		(*runs)++;
		p += used;
	}
	*size = w;
	return grid;
}

/* Runs of dark modules, row by row, in the libqrencode matrix. */
static size_t matrix_runs(const QRcode *qr, size_t *dark)
{
	size_t runs = 0;
	*dark = 0;
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++) {
			int d = qr->data[y * qr->width + x] & 1;
			*dark += (size_t)d;
			if (d && (x == 0 || !(qr->data[y * qr->width + x - 1] & 1)))
				runs++;
		}
	return runs;
}

static void check_against_matrix(const char *text)
{
	struct mm_buf svg = { 0 };
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	unsigned char *grid = NULL;
	size_t runs = 0, want_runs, dark = 0, want_dark = 0;
	int size = 0, disjoint = 0, same = 1;

	CHECK(qr != NULL);
	CHECK_INTEQ(mm_qr_svg(&svg, text), 0);
	if (qr == NULL)
		goto out;
	grid = rasterise(mm_buf_str(&svg), &size, &runs, &disjoint);
	CHECK(grid != NULL);
	if (grid == NULL)
		goto out;
	CHECK_INTEQ(size, qr->width + 2 * QUIET);
	if (size != qr->width + 2 * QUIET)
		goto out;
	want_runs = matrix_runs(qr, &want_dark);
	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++) {
			int mx = x - QUIET, my = y - QUIET, want = 0;
			if (mx >= 0 && my >= 0 && mx < qr->width && my < qr->width)
				want = qr->data[my * qr->width + mx] & 1;
			dark += grid[(size_t)y * size + x];
			if (grid[(size_t)y * size + x] != want)
				same = 0;
		}
	CHECK(same);
	CHECK_INTEQ(dark, want_dark);
	CHECK(disjoint);
	CHECK_INTEQ(runs, want_runs);		/* horizontal runs are merged */
out:
	free(grid);
	if (qr != NULL)
		QRcode_free(qr);
	mm_buf_free(&svg);
}

MM_TEST(test_svg_shape)
{
	struct mm_buf b = { 0 };
	const char *s;

	CHECK_INTEQ(mm_qr_svg(&b, uris[0]), 0);
	s = mm_buf_str(&b);
	CHECK(strncmp(s, "<svg", 4) == 0);
	CHECK(strstr(s, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
	CHECK(strstr(s, "viewBox=\"0 0 ") != NULL);
	CHECK(strstr(s, "width=\"240\"") != NULL);
	CHECK(strstr(s, "height=\"240\"") != NULL);
	CHECK(strstr(s, "shape-rendering=\"crispEdges\"") != NULL);
	CHECK(strstr(s, "fill=\"#fff\"") != NULL);
	CHECK_INTEQ(count(s, "<rect"), 1);
	CHECK_INTEQ(count(s, "<path"), 1);
	CHECK(ends_with(s, "</svg>"));
	CHECK(strchr(s, '\n') == NULL);
	/* small enough to inline: runs are merged */
	CHECK(b.len < 12000);
	mm_buf_free(&b);
}

MM_TEST(test_svg_appends)
{
	struct mm_buf b = { 0 };

	mm_buf_puts(&b, "<p>");
	CHECK_INTEQ(mm_qr_svg(&b, "hello"), 0);
	CHECK(strncmp(mm_buf_str(&b), "<p><svg", 7) == 0);
	mm_buf_free(&b);
}

MM_TEST(test_svg_matches_matrix)
{
	for (size_t i = 0; i < NURIS; i++)
		check_against_matrix(uris[i]);
	check_against_matrix("x");
	check_against_matrix("\xe8\xa6\x8b\xe5\xae\x88\xe3\x82\x8a");
}

MM_TEST(test_svg_refused)
{
	struct mm_buf b = { 0 };
	char *big = malloc(4001);

	CHECK(big != NULL);
	if (big == NULL)
		return;
	memset(big, 'a', 4000);
	big[4000] = '\0';
	CHECK_INTEQ(mm_qr_svg(&b, big), -1);	/* beyond version 40-M */
	CHECK_INTEQ(mm_qr_svg_data_uri(&b, big), -1);
	CHECK_INTEQ(mm_qr_svg(&b, NULL), -1);
	CHECK_INTEQ(mm_qr_svg(&b, ""), -1);
	CHECK_INTEQ(mm_qr_svg_data_uri(&b, NULL), -1);
	CHECK_INTEQ(b.len, 0);			/* nothing half-written */
	free(big);
	mm_buf_free(&b);
}

MM_TEST(test_data_uri)
{
	static const char prefix[] = "data:image/svg+xml;base64,";
	struct mm_buf svg = { 0 }, uri = { 0 };
	const char *u, *b64;
	unsigned char *dec;
	size_t n, pad = 0;
	int len;

	CHECK_INTEQ(mm_qr_svg(&svg, uris[1]), 0);
	CHECK_INTEQ(mm_qr_svg_data_uri(&uri, uris[1]), 0);
	u = mm_buf_str(&uri);
	CHECK(strncmp(u, prefix, sizeof prefix - 1) == 0);
	b64 = u + sizeof prefix - 1;
	n = strlen(b64);
	CHECK(n > 0 && n % 4 == 0);
	/* only the base64 alphabet: safe in an attribute, no newlines */
	CHECK_INTEQ(strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			   "0123456789+/="), n);
	while (pad < n && b64[n - 1 - pad] == '=')
		pad++;
	CHECK(pad <= 2);
	dec = malloc(n / 4 * 3 + 1);
	CHECK(dec != NULL);
	if (dec != NULL) {
		len = EVP_DecodeBlock(dec, (const unsigned char *)b64, (int)n);
		CHECK(len >= 0);
		if (len >= 0) {
			len -= (int)pad;
			CHECK_INTEQ(len, svg.len);
			if ((size_t)len == svg.len)
				CHECK_MEMEQ(dec, svg.p, svg.len);
		}
		free(dec);
	}
	mm_buf_free(&svg);
	mm_buf_free(&uri);
}

/* Writes the cells as a binary PGM, SCALE pixels per module; the grid
 * already holds the quiet zone. Returns 0 or -1. */
static int write_pgm(const char *path, const unsigned char *grid, int size)
{
	FILE *f = fopen(path, "wb");
	int px = size * SCALE, rc = 0;
	unsigned char *row;

	if (f == NULL)
		return -1;
	row = malloc((size_t)px);
	if (row == NULL) {
		fclose(f);
		return -1;
	}
	fprintf(f, "P5\n%d %d\n255\n", px, px);
	for (int y = 0; y < px; y++) {
		for (int x = 0; x < px; x++)
			row[x] = grid[(size_t)(y / SCALE) * size + x / SCALE] ? 0 : 255;
		if (fwrite(row, 1, (size_t)px, f) != (size_t)px)
			rc = -1;
	}
	free(row);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* Decodes a picture file with zbarimg; the text, or "" when nothing was
 * read. Sets *status to zbarimg's exit status (127: not installed). */
static void zbar(const char *path, char *out, size_t cap, int *status)
{
	char cmd[512];
	size_t len = 0;
	FILE *p;
	int st;

	out[0] = '\0';
	*status = -1;
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", path);
	p = popen(cmd, "r");
	if (p == NULL)
		return;
	len = fread(out, 1, cap - 1, p);
	out[len] = '\0';
	st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
}

/* The SVG as drawn (its path data, not the libqrencode matrix) goes to a
 * PGM file that zbarimg has to read back as the same URI. */
MM_TEST(test_zbarimg_decodes)
{
	for (size_t i = 0; i < NURIS; i++) {
		struct mm_buf svg = { 0 };
		char path[] = "/tmp/mm-test-qr-XXXXXX.pgm", got[2048];
		unsigned char *grid = NULL;
		size_t runs;
		int size, disjoint, fd, status;

		CHECK_INTEQ(mm_qr_svg(&svg, uris[i]), 0);
		grid = rasterise(mm_buf_str(&svg), &size, &runs, &disjoint);
		mm_buf_free(&svg);
		CHECK(grid != NULL);
		if (grid == NULL)
			continue;
		fd = mkstemps(path, 4);
		CHECK(fd >= 0);
		if (fd < 0) {
			free(grid);
			continue;
		}
		close(fd);
		CHECK_INTEQ(write_pgm(path, grid, size), 0);
		free(grid);
		zbar(path, got, sizeof got, &status);
		unlink(path);
		if (status == 127)
			fprintf(stderr, "zbarimg not found: install zbar-tools\n");
		CHECK_INTEQ(status, 0);
		CHECK_STREQ(got, uris[i]);
	}
}

/* The whole chain used on the enrolment page: key URI, then QR. */
MM_TEST(test_zbarimg_otpauth_chain)
{
	struct mm_buf uri = { 0 }, svg = { 0 };
	char path[] = "/tmp/mm-test-qr-XXXXXX.pgm", got[2048];
	unsigned char *grid;
	size_t runs;
	int size, disjoint, fd, status;

	mm_otpauth_uri(&uri, "Mimamori", "ops lead@example.jp",
		       "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	CHECK_INTEQ(mm_qr_svg(&svg, mm_buf_str(&uri)), 0);
	grid = rasterise(mm_buf_str(&svg), &size, &runs, &disjoint);
	CHECK(grid != NULL);
	fd = grid != NULL ? mkstemps(path, 4) : -1;
	if (fd >= 0) {
		close(fd);
		CHECK_INTEQ(write_pgm(path, grid, size), 0);
		zbar(path, got, sizeof got, &status);
		unlink(path);
		CHECK_INTEQ(status, 0);
		CHECK_STREQ(got, mm_buf_str(&uri));
	} else {
		CHECK(fd >= 0);
	}
	free(grid);
	mm_buf_free(&uri);
	mm_buf_free(&svg);
}

MM_TEST_MAIN(test_svg_shape, test_svg_appends, test_svg_matches_matrix,
	     test_svg_refused, test_data_uri, test_zbarimg_decodes,
	     test_zbarimg_otpauth_chain)
