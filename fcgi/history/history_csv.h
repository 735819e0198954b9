/* The CSV writer's field encoding, shared with its unit tests and fuzzer. */
#ifndef HISTORY_CSV_H
#define HISTORY_CSV_H
#include "mm_buf.h"

/* Appends s as one RFC 4180 field: quoted (quotes doubled) when it holds a
 * comma, a quote, CR or LF. A free-text field starting with = + - @ TAB CR
 * (a formula to a spreadsheet) or ' gets a leading ' : the spreadsheet shows
 * text, and a reader undoes it exactly by dropping one leading ' (see
 * tools/verify-history-csv.py). Times, numbers and hashes are not free text. */
void hx_csv_field(struct mm_buf *b, const char *s, int free_text);

#endif
