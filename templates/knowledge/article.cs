<?cs set:Page.Title = Article.No + " " + Article.Title ?><?cs include:"layout_head.cs" ?>
<?cs include:"knowledge/meta.cs" ?><?cs include:"knowledge/body.cs" ?><?cs include:"knowledge/files.cs" ?>
<article class="card wide kb-article" lang="<?cs var:Article.Lang ?>">
  <p class="breadcrumb"><a href="/"><?cs var:L.nav.home ?></a> &gt; <a href="/knowledge/" id="back-to-knowledge"><?cs var:L.knowledge.nav ?></a> &gt; <?cs var:Article.Base ?><?cs if:Article.Category ?> &gt; <?cs var:Article.Category ?><?cs /if ?></p>
  <p class="kb-no" id="article-no"><?cs var:Article.No ?></p>
  <h1 id="article-title"><?cs var:Article.Title ?></h1>
  <p class="kb-meta" id="article-meta"><?cs var:L.knowledge.author ?>: <?cs call:kb_meta(Article) ?></p>
  <?cs if:Translation.No ?><p><a href="/knowledge/<?cs var:url_escape(Translation.No) ?>" id="translation" hreflang="<?cs var:Translation.Lang ?>"><?cs var:L.knowledge.translation[Translation.Lang] ?></a></p><?cs /if ?>
  <?cs call:kb_body(Article.Html) ?>
  <?cs call:kb_files(Files) ?>
</article>
<?cs include:"layout_foot.cs" ?>
