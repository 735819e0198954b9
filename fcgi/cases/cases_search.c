/* The keyword text of a case: subject, description and public comments,
 * folded so that a search finds them however they were typed, and the LIKE
 * pattern of a keyword with the user's own % _ and ! taken literally. */
#include "cases.h"
#include <string.h>

int cases_search_fold(struct mm_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		char c = *p;
		mm_buf_add(out, &(char){ c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c }, 1);
	}
	return out->oom ? -1 : 0;
}

int cases_search_pattern(struct mm_buf *out, const char *keyword)
{
	struct mm_buf folded = { 0 };
	int rc = cases_search_fold(&folded, keyword);
	mm_buf_puts(out, "%");
	for (const char *p = mm_buf_str(&folded); rc == 0 && *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			mm_buf_puts(out, "!");
		mm_buf_add(out, p, 1);
	}
	mm_buf_puts(out, "%");
	mm_buf_free(&folded);
	return rc == 0 && !out->oom ? 0 : -1;
}
