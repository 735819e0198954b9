/* Markdown → HTML for article bodies (see kb_markdown.h). */
#include "kb_markdown.h"
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* cmark's default is safe: raw HTML becomes a comment, and it already
 * drops javascript:, vbscript:, file: and most data: links; the scheme
 * allow-list below is ours, so a future library default cannot widen it. */
#define MD_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

/* A path of this site: one '/' then not a second one, nor a backslash
 * (browsers read "//host" and "/\host" as another host), and no control
 * character or space (browsers drop tabs and newlines, so "/<TAB>/host"
 * would become "//host"). */
static int local_path(const char *s, size_t n)
{
	if (n < 1 || s[0] != '/' || (n > 1 && (s[1] == '/' || s[1] == '\\')))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

int kb_markdown_url_allowed(const char *url)
{
	return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
		       strncasecmp(url, "mailto:", 7) == 0 || local_path(url, strlen(url)));
}

const char *kb_markdown_error_key(int result)
{
	switch (result) {
	case KB_MD_TOO_LONG: return "knowledge.err.md_too_long";
	case KB_MD_TOO_DEEP: return "knowledge.err.md_too_deep";
	case KB_MD_TABLE_TOO_BIG: return "knowledge.err.md_table";
	default: return "err.http_500";
	}
}

/* Wide table rows are refused before the parser sees them: the table
 * extension's work grows with the square of the columns. */
static int lines_ok(const char *md, size_t len)
{
	int pipes = 0;
	for (size_t i = 0; i < len; i++) {
		if (md[i] == '\n')
			pipes = 0;
		else if (md[i] == '|' && ++pipes > KB_MD_MAX_LINE_PIPES)
			return 0;
	}
	return 1;
}

static int is_container(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM;
}

/* Nesting: containers (quotes, lists, items) above n, and all ancestors. */
static int too_deep(cmark_node *n)
{
	int containers = 0, all = 0;
	for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
		containers += is_container(p);
		if (containers > KB_MD_MAX_DEPTH * 2 || ++all > KB_MD_MAX_DEPTH * 4)
			return 1;
	}
	return 0;
}

static int table_too_big(cmark_node *table)
{
	if (cmark_gfm_extensions_get_table_columns(table) > KB_MD_MAX_TABLE_COLUMNS)
		return 1;
	int rows = 0;
	for (cmark_node *r = cmark_node_first_child(table); r; r = cmark_node_next(r))
		if (++rows > KB_MD_MAX_TABLE_ROWS)
			return 1;
	return 0;
}

/* A link or image with a refused destination gives way to its content:
 * the link text (or the image's alt text) stays, as text. */
static void unwrap(cmark_node *n)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, child);
	cmark_node_free(n);
}

/* Checks the limits and collects the links to drop. KB_MD_OK or a limit. */
static int inspect(cmark_node *doc, cmark_node ***drop, size_t *ndrop)
{
	size_t cap = 0;
	int rc = KB_MD_OK;
	cmark_iter *it = cmark_iter_new(doc);
	if (!it)
		return KB_MD_NOMEM;
	cmark_event_type ev;
	while (rc == KB_MD_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = cmark_node_get_type_string(n);
		if ((is_container(n) || t == CMARK_NODE_PARAGRAPH) && too_deep(n))
			rc = KB_MD_TOO_DEEP;
		else if (ts && strcmp(ts, "table") == 0 && table_too_big(n))
			rc = KB_MD_TABLE_TOO_BIG;
		else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
			 !kb_markdown_url_allowed(cmark_node_get_url(n))) {
			if (*ndrop == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				cmark_node **p = realloc(*drop, ncap * sizeof *p);
				if (!p) {
					rc = KB_MD_NOMEM;
					break;
				}
				*drop = p;
				cap = ncap;
			}
			(*drop)[(*ndrop)++] = n;
		}
	}
	cmark_iter_free(it);
	return rc;
}

static int attach(cmark_parser *p, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
	return ext && cmark_parser_attach_syntax_extension(p, ext) ? 0 : -1;
}

int kb_markdown_render(const char *md, size_t len, char **html)
{
	*html = NULL;
	if (len > KB_MD_MAX_BYTES)
		return KB_MD_TOO_LONG;
	if (!lines_ok(md, len))
		return KB_MD_TABLE_TOO_BIG;
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(MD_OPTIONS);
	if (!p)
		return KB_MD_NOMEM;
	if (attach(p, "table") != 0 || attach(p, "autolink") != 0 || attach(p, "strikethrough") != 0) {
		cmark_parser_free(p);
		return KB_MD_NOMEM;
	}
	cmark_parser_feed(p, md, len);
	cmark_node *doc = cmark_parser_finish(p);
	if (!doc) {
		cmark_parser_free(p);
		return KB_MD_NOMEM;
	}
	cmark_node **drop = NULL;
	size_t ndrop = 0;
	int rc = inspect(doc, &drop, &ndrop);
	if (rc == KB_MD_OK) {
		/* innermost first: a dropped link inside a dropped image is
		 * freed before the image's children move */
		for (size_t i = ndrop; i > 0; i--)
			unwrap(drop[i - 1]);
		*html = cmark_render_html(doc, MD_OPTIONS, cmark_parser_get_syntax_extensions(p));
		if (!*html)
			rc = KB_MD_NOMEM;
	}
	free(drop);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return rc;
}

/* --- the invariant of the output ------------------------------------------ */

static int prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* Escaped text never holds '<' or '>', so every '<' starts markup cmark
 * made: tags are read as name, then attributes name="value". */
const char *kb_markdown_check_html(const char *html)
{
	for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
		p++;
		if (prefix_ci(p, strlen(p), "script") || prefix_ci(p, strlen(p), "/script"))
			return "script element";
		if (*p == '!') {
			const char *end = strstr(p, "-->");
			if (!end)
				return "unclosed comment";
			p = end + 3;
			continue;
		}
		p += strcspn(p, " \t\n/>");
		for (;;) {
			p += strspn(p, " \t\n/");
			if (*p == '>' || *p == '\0')
				break;
			const char *name = p;
			size_t nlen = strcspn(p, " \t\n=/>");
			p += nlen;
			const char *val = "";
			size_t vlen = 0;
			if (*p == '=') {
				p++;
				if (*p != '"')
					return "unquoted attribute";
				val = ++p;
				const char *q = strchr(p, '"');
				if (!q)
					return "unclosed attribute";
				vlen = (size_t)(q - val);
				p = q + 1;
			}
			if (prefix_ci(name, nlen, "on"))
				return "event handler attribute";
			if (((nlen == 4 && prefix_ci(name, nlen, "href")) ||
			     (nlen == 3 && prefix_ci(name, nlen, "src"))) &&
			    !prefix_ci(val, vlen, "http://") && !prefix_ci(val, vlen, "https://") &&
			    !prefix_ci(val, vlen, "mailto:") && !local_path(val, vlen))
				return "URL scheme";
		}
		if (*p == '\0')
			return "unclosed tag";
	}
	return NULL;
}
