<?cs # An article body: the HTML kb_markdown_render() made when the article
   was saved (libcmark-gfm, raw HTML never passed, links only http, https,
   mailto; tests/unit/test_kb_markdown.c and tests/fuzz/fuzz_markdown.c
   hold it to that). It is the one value printed unescaped, and only here. ?>
<?cs def:kb_body(html) ?><div class="kb-body"><?cs escape: "none" ?><?cs var:html ?><?cs /escape ?></div><?cs /def ?>
