/* libFuzzer target: article Markdown (kb_markdown.h). Whatever the input,
 * the rendering is refused by a limit or holds no script element, no on…
 * attribute and no URL other than http:, https: and mailto:. */
#include "kb_markdown.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *html = NULL;
	int rc = kb_markdown_render((const char *)data, size, &html);
	FUZZ_ASSERT(rc >= KB_MD_OK);
	FUZZ_ASSERT((rc == KB_MD_OK) == (html != NULL));
	if (html) {
		FUZZ_ASSERT(kb_markdown_check_html(html) == NULL);
		free(html);
	}
	return 0;
}
