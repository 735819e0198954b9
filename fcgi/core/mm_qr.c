/* QR codes as SVG (libqrencode), for TOTP enrolment (AUTH-7). */
#include "mm_qr.h"
#include <limits.h>
#include <stdlib.h>
#include <qrencode.h>
#include <openssl/evp.h>

#define QR_QUIET 4		/* modules of white border on each side */
#define QR_PIXELS 240		/* displayed width and height */

/* The image in module units: a white square, then one path whose subpaths
 * are the horizontal runs of dark modules, one "M x y h n v1 h -n z" each. */
int mm_qr_svg(struct mm_buf *out, const char *text)
{
	QRcode *qr;
	int w, size;

	if (out == NULL || text == NULL || text[0] == '\0')
		return -1;
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		return -1;
	w = qr->width;
	size = w + 2 * QR_QUIET;
	mm_buf_printf(out,
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		      "height=\"%d\" viewBox=\"0 0 %d %d\" "
		      "shape-rendering=\"crispEdges\">"
		      "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		      "<path fill=\"#000\" d=\"",
		      QR_PIXELS, QR_PIXELS, size, size, size, size);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		int x = 0;

		while (x < w) {
			int start;

			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			start = x;
			while (x < w && (row[x] & 1))
				x++;
			mm_buf_printf(out, "M%d %dh%dv1h-%dz", start + QR_QUIET,
				      y + QR_QUIET, x - start, x - start);
		}
	}
	mm_buf_puts(out, "\"/></svg>");
	QRcode_free(qr);
	return out->oom ? -1 : 0;
}

int mm_qr_svg_data_uri(struct mm_buf *out, const char *text)
{
	static const char prefix[] = "data:image/svg+xml;base64,";
	struct mm_buf svg = { 0 };
	unsigned char *b64;
	size_t cap;
	int len;

	if (out == NULL)
		return -1;
	if (mm_qr_svg(&svg, text) != 0 || svg.len > (size_t)INT_MAX / 4 * 3 - 3) {
		mm_buf_free(&svg);
		return -1;
	}
	cap = (svg.len + 2) / 3 * 4 + 1;	/* EVP_EncodeBlock adds a NUL */
	b64 = malloc(cap);
	if (b64 == NULL) {
		mm_buf_free(&svg);
		return -1;
	}
	len = EVP_EncodeBlock(b64, (const unsigned char *)svg.p, (int)svg.len);
	mm_buf_free(&svg);
	if (len < 0 || (size_t)len >= cap) {
		free(b64);
		return -1;
	}
	mm_buf_add(out, prefix, sizeof prefix - 1);
	mm_buf_add(out, (const char *)b64, (size_t)len);
	free(b64);
	return out->oom ? -1 : 0;
}
