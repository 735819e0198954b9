/* QR codes (libqrencode) as SVG, for TOTP enrolment pages. */
#ifndef MM_QR_H
#define MM_QR_H
#include "mm_buf.h"

/* Appends a standalone SVG document of text encoded as a QR code (error
 * correction M, 4-module quiet zone, black on white, crisp edges). 0 or -1. */
int mm_qr_svg(struct mm_buf *out, const char *text);
/* Appends "data:image/svg+xml;base64,..." of the same image, for an <img src>
 * (safe inside an HTML attribute without further escaping). 0 or -1. */
int mm_qr_svg_data_uri(struct mm_buf *out, const char *text);

#endif
