<?cs # One article's line of facts: author • views • relative time. ?>
<?cs def:kb_meta(a) ?><span class="kb-author"><?cs var:a.Author ?></span> &#8226; <span class="kb-views"><?cs var:a.Views ?> <?cs var:L.knowledge.views ?></span> &#8226; <time datetime="<?cs var:a.TimeIso ?>" title="<?cs var:a.Time ?>" class="kb-rel"><?cs var:a.Rel ?></time><?cs /def ?>
