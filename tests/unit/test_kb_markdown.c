/* Article Markdown (kb_markdown.h): the features kept, a list of XSS
 * payloads that must come out harmless, and the limits. */
#include "kb_markdown.h"
#include "mm_test.h"
#include <string.h>

static char *render(const char *md)
{
	char *html = NULL;
	int rc = kb_markdown_render(md, strlen(md), &html);
	CHECK_INTEQ(rc, KB_MD_OK);
	return html ? html : strdup("");
}

static int contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

MM_TEST(test_features)
{
	char *h = render("# 見出し\n\n| 項目 | 値 |\n|---|---|\n| a | b |\n\n"
			 "https://example.com/x と www.example.org\n\n"
			 "[リンク](https://example.com/a \"t\") [メール](mailto:soc@example.com)\n");
	CHECK(contains(h, "<h1>見出し</h1>"));
	CHECK(contains(h, "<table>"));
	CHECK(contains(h, "<td>b</td>"));
	CHECK(contains(h, "<a href=\"https://example.com/x\">"));
	CHECK(contains(h, "<a href=\"http://www.example.org\">"));
	CHECK(contains(h, "<a href=\"mailto:soc@example.com\">メール</a>"));
	CHECK(kb_markdown_check_html(h) == NULL);
	free(h);
}

MM_TEST(test_refused_links_keep_their_text)
{
	char *h = render("[クリック](javascript:alert(1)) と [相対](knowledge/) と ![画像](data:image/png;base64,AAAA)");
	CHECK(contains(h, "クリック"));
	CHECK(contains(h, "相対"));
	CHECK(contains(h, "画像"));
	CHECK(!contains(h, "<a "));
	CHECK(!contains(h, "<img"));
	CHECK(kb_markdown_check_html(h) == NULL);
	free(h);
}

MM_TEST(test_local_paths)
{
	char *h = render("[関連記事](/knowledge/KB0000003) と [一覧](/knowledge/?q=UTM&sort=new \"t\") と "
			 "[ホーム](/) と ![図](/knowledge/files/12)");
	CHECK(contains(h, "<a href=\"/knowledge/KB0000003\">関連記事</a>"));
	CHECK(contains(h, "<a href=\"/knowledge/?q=UTM&amp;sort=new\" title=\"t\">一覧</a>"));
	CHECK(contains(h, "<a href=\"/\">ホーム</a>"));
	CHECK(contains(h, "<img src=\"/knowledge/files/12\" alt=\"図\" />"));
	CHECK(kb_markdown_check_html(h) == NULL);
	free(h);
	/* another host, however it is spelled, stays text */
	static const char *const elsewhere[] = {
		"[x](//evil.example/)", "[x](/\\evil.example/)", "[x](</\t/evil.example/>)",
		"[x](</ /evil.example/>)", "[x](<//evil.example/>)", "[x](\\\\evil.example/)",
	};
	for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++) {
		h = render(elsewhere[i]);
		if (contains(h, "<a "))
			fprintf(stderr, "kept: %s -> %s\n", elsewhere[i], h);
		CHECK(!contains(h, "<a "));
		free(h);
	}
	CHECK(kb_markdown_url_allowed("/knowledge/KB0000003"));
	CHECK(!kb_markdown_url_allowed("//evil.example/"));
	CHECK(!kb_markdown_url_allowed("/\\evil.example/"));
	CHECK(!kb_markdown_url_allowed("/\t/evil.example/"));
	CHECK(!kb_markdown_url_allowed("/a\nb"));
	CHECK(!kb_markdown_url_allowed("knowledge/KB0000003"));
	CHECK(!kb_markdown_url_allowed(""));
	CHECK(kb_markdown_check_html("<a href=\"/knowledge/\">y</a>") == NULL);
	CHECK(kb_markdown_check_html("<a href=\"//evil.example/\">y</a>") != NULL);
	CHECK(kb_markdown_check_html("<a href=\"/\\evil.example/\">y</a>") != NULL);
}

static const char *const payloads[] = {
	"<script>alert(1)</script>",
	"<SCRIPT SRC=//x.example/x.js></SCRIPT>",
	"<img src=x onerror=alert(1)>",
	"<svg onload=alert(1)>",
	"<a href=\"javascript:alert(1)\">x</a>",
	"[x](javascript:alert(1))",
	"[x](JaVaScRiPt:alert(1))",
	"[x](java\tscript:alert(1))",
	"[x](&#106;avascript:alert(1))",
	"[x](javascript&#58;alert(1))",
	"[x](%6Aavascript:alert(1))",
	"[x]( javascript:alert(1))",
	"[x](<javascript:alert(1)>)",
	"[x](vbscript:msgbox(1))",
	"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"![x](data:image/svg+xml,<svg onload=alert(1)>)",
	"![x](javascript:alert(1))",
	"[x](file:///etc/passwd)",
	"[x](//evil.example/)",
	"[x](/\\evil.example/)",
	"[x](/knowledge/\" onmouseover=\"alert(1))",
	"[x](</knowledge/\" onmouseover=\"alert(1)>)",
	"[x]: javascript:alert(1)\n\n[x]",
	"[x](https://example.com \"\\\" onmouseover=\\\"alert(1)\")",
	"[x](https://example.com\" onmouseover=\"alert(1))",
	"<https://example.com/\" onmouseover=\"alert(1)>",
	"<javascript:alert(1)>",
	"<iframe src=javascript:alert(1)></iframe>",
	"<details open ontoggle=alert(1)>",
	"<style>*{}</style>",
	"``` onclick=x\ncode\n```",
	"```\"><script>alert(1)</script>\ncode\n```",
	"<div\nonmouseover=alert(1)>x</div>",
	"| <script>a</script> | b |\n|---|---|\n| [c](javascript:x) | <img src=x onerror=y> |",
	"www.example.com/\"onmouseover=\"alert(1)",
	"x@example.com\"onmouseover=\"alert(1)",
	"<!-- --><script>alert(1)</script><!-- -->",
	"<a href=\"https://x\" onclick=\"alert(1)\">y</a>",
	"[a](https://x)<img src=x onerror=alert(1)>",
	"\xef\xbc\x9cscript\xef\xbc\x9e",
	"<scr<script>ipt>alert(1)</script>",
	"[![x](javascript:a)](javascript:b)",
	"[![x](https://ok.example/i.png)](javascript:b)",
};

MM_TEST(test_xss_payloads)
{
	for (size_t i = 0; i < sizeof payloads / sizeof *payloads; i++) {
		char *h = render(payloads[i]);
		const char *why = kb_markdown_check_html(h);
		if (why)
			fprintf(stderr, "payload %zu: %s in %s\n", i, why, h);
		CHECK(why == NULL);
		CHECK(!contains(h, "<script"));
		CHECK(!contains(h, "<SCRIPT"));
		CHECK(!contains(h, "javascript:alert(1)\""));
		free(h);
	}
}

MM_TEST(test_checker_catches)
{
	CHECK(kb_markdown_check_html("<p>ok &lt;script&gt;</p>") == NULL);
	CHECK(kb_markdown_check_html("<script>x</script>") != NULL);
	CHECK(kb_markdown_check_html("<a href=\"javascript:x\">y</a>") != NULL);
	CHECK(kb_markdown_check_html("<img src=\"data:x\" />") != NULL);
	CHECK(kb_markdown_check_html("<p onclick=\"x\">y</p>") != NULL);
	CHECK(kb_markdown_check_html("<a title=\"a onclick=b\" href=\"https://x\">y</a>") == NULL);
}

MM_TEST(test_limits)
{
	char *html = NULL;
	size_t n = KB_MD_MAX_BYTES + 1;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	CHECK_INTEQ(kb_markdown_render(big, n, &html), KB_MD_TOO_LONG);
	CHECK(html == NULL);
	memset(big, '>', 200);
	big[200] = ' ';
	big[201] = 'x';
	CHECK_INTEQ(kb_markdown_render(big, 202, &html), KB_MD_TOO_DEEP);
	/* a list nested 40 deep */
	size_t k = 0;
	for (int i = 0; i < 40; i++) {
		for (int j = 0; j < i; j++) {
			memcpy(big + k, "  ", 2);
			k += 2;
		}
		memcpy(big + k, "- x\n", 4);
		k += 4;
	}
	CHECK_INTEQ(kb_markdown_render(big, k, &html), KB_MD_TOO_DEEP);
	/* 100 columns in one row */
	k = 0;
	for (int i = 0; i < 100; i++)
		big[k++] = '|', big[k++] = 'a';
	big[k++] = '\n';
	CHECK_INTEQ(kb_markdown_render(big, k, &html), KB_MD_TABLE_TOO_BIG);
	/* 600 rows */
	k = 0;
	memcpy(big + k, "|a|b|\n|-|-|\n", 12);
	k += 12;
	for (int i = 0; i < 600; i++) {
		memcpy(big + k, "|1|2|\n", 6);
		k += 6;
	}
	CHECK_INTEQ(kb_markdown_render(big, k, &html), KB_MD_TABLE_TOO_BIG);
	/* 10 levels of quotes are fine */
	k = 0;
	for (int i = 0; i < 10; i++)
		big[k++] = '>';
	big[k++] = ' ';
	big[k++] = 'x';
	CHECK_INTEQ(kb_markdown_render(big, k, &html), KB_MD_OK);
	free(html);
	free(big);
	CHECK(strcmp(kb_markdown_error_key(KB_MD_TOO_DEEP), "knowledge.err.md_too_deep") == 0);
}

MM_TEST(test_invalid_utf8)
{
	char *html = NULL;
	static const char bad[] = "abc \xff\xfe \xc3 [x](https://e.example/\xff)";
	CHECK_INTEQ(kb_markdown_render(bad, sizeof bad - 1, &html), KB_MD_OK);
	CHECK(html && kb_markdown_check_html(html) == NULL);
	free(html);
}

MM_TEST_MAIN(test_features, test_refused_links_keep_their_text, test_local_paths,
	     test_xss_payloads, test_checker_catches, test_limits, test_invalid_utf8)
