/* Cell text for the Excel and PDF exports: both libraries trust their
 * input to be valid UTF-8 without control characters (XML 1.0 forbids
 * them; pango warns and drops the text), and both need a length cap. */
#ifndef HISTORY_CELL_H
#define HISTORY_CELL_H

#include <stddef.h>

/* Copies src (NULL reads as "") into dst of cap bytes (cap >= 4): invalid
 * UTF-8 and the noncharacters U+FFFE and U+FFFF become U+FFFD, C0/C1
 * controls (TAB, CR and LF included) and DEL become spaces, and the text
 * is cut at a character boundary so it fits with its NUL. Returns the
 * length; *cut is set when characters were dropped (cut may be NULL). */
size_t hx_cell_clean(char *dst, size_t cap, const char *src, int *cut);

#endif
