/* Article bodies: GitHub-flavoured Markdown (tables, autolinks) rendered to
 * HTML with libcmark-gfm when an article is saved, never per view.
 *
 * Raw HTML is never passed through (cmark's safe default replaces it), and
 * links and images whose destination is not http:, https: or mailto: are
 * dropped: their text stays as plain text. Pure C, no database: the unit
 * test and the fuzz target call it directly. */
#ifndef KB_MARKDOWN_H
#define KB_MARKDOWN_H
#include <stddef.h>

#define KB_MD_MAX_BYTES 100000	/* a body's source */
#define KB_MD_MAX_DEPTH 16	/* nested block quotes and lists */
#define KB_MD_MAX_TABLE_ROWS 500
#define KB_MD_MAX_TABLE_COLUMNS 30
#define KB_MD_MAX_LINE_PIPES 64	/* refused before parsing: wide tables cost quadratic time */

enum kb_md_result {
	KB_MD_OK = 0,
	KB_MD_TOO_LONG = 1,
	KB_MD_TOO_DEEP = 2,
	KB_MD_TABLE_TOO_BIG = 3,
	KB_MD_NOMEM = -1
};

/* Renders md (len bytes, UTF-8; invalid sequences become U+FFFD) into a
 * malloc'd NUL-terminated HTML string in *html. KB_MD_OK, a limit that was
 * exceeded (nothing in *html), or KB_MD_NOMEM. */
int kb_markdown_render(const char *md, size_t len, char **html);
/* The i18n key of a refusal ("knowledge.err.md_too_long" …). */
const char *kb_markdown_error_key(int result);
/* 1 when a link or image destination may be kept: http:, https:, mailto:,
 * or a path of this site ("/knowledge/KB0000003": one '/', not "//" or
 * "/\", no spaces or control characters). */
int kb_markdown_url_allowed(const char *url);
/* The invariant the tests and the fuzzer check on rendered HTML: no script
 * element, no on… attribute, every href/src http:, https:, mailto: or a
 * path of this site.
 * NULL when it holds, else what broke it. */
const char *kb_markdown_check_html(const char *html);

#endif
