<?cs if:Article.No ?><?cs set:Page.Title = Article.No + " " + L.knowledge.staff.edit ?><?cs else ?><?cs set:Page.Title = L.knowledge.staff.new ?><?cs /if ?><?cs include:"layout_head.cs" ?>
<?cs include:"knowledge/body.cs" ?>
<section class="card wide kb-edit">
  <?cs include:"staff/knowledge/nav.cs" ?>
  <h1><?cs if:Article.No ?><span id="article-no"><?cs var:Article.No ?></span> <?cs var:L.knowledge.staff.edit ?><?cs else ?><?cs var:L.knowledge.staff.new ?><?cs /if ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="edit-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="edit-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error"><?cs var:L.knowledge.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?><?cs /if ?>
  <?cs if:Article.No ?>
  <dl class="facts">
    <dt><?cs var:L.knowledge.staff.state ?></dt><dd id="article-state"><?cs if:Article.Published == "1" ?><?cs var:L.knowledge.staff.published ?><?cs else ?><?cs var:L.knowledge.draft ?><?cs /if ?></dd>
    <dt><?cs var:L.knowledge.staff.updated ?></dt><dd id="article-updated"><?cs var:Article.UpdatedAt ?> <?cs var:Article.UpdatedBy ?></dd>
    <?cs if:Article.Published == "1" ?><dt><?cs var:L.knowledge.staff.public_url ?></dt><dd><a href="/knowledge/<?cs var:url_escape(Article.No) ?>">/knowledge/<?cs var:Article.No ?></a></dd><?cs /if ?>
  </dl>
  <form method="post" action="/staff/knowledge/<?cs var:url_escape(Article.No) ?>" class="inline-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs if:Article.Published == "1" ?><button type="submit" name="action" value="unpublish" class="secondary" id="unpublish"><?cs var:L.knowledge.staff.unpublish ?></button>
    <?cs else ?><button type="submit" name="action" value="publish" id="publish"><?cs var:L.knowledge.staff.publish ?></button><?cs /if ?>
  </form>
  <?cs /if ?>
  <form method="post" action="/staff/knowledge/<?cs if:Article.No ?><?cs var:url_escape(Article.No) ?><?cs else ?>new<?cs /if ?>" class="form" id="editor">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="title"><?cs var:L.knowledge.field.title ?></label>
    <input id="title" name="title" type="text" maxlength="200" required value="<?cs var:Form.title ?>">
    <label for="lang"><?cs var:L.knowledge.field.lang ?></label>
    <select id="lang" name="lang">
      <option value="ja"<?cs if:Form.lang == "ja" ?> selected<?cs /if ?>>日本語</option>
      <option value="en"<?cs if:Form.lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <label for="base"><?cs var:L.knowledge.field.base ?></label>
    <select id="base" name="base" required>
      <?cs each:b = Bases ?><option value="<?cs var:b.Id ?>"<?cs if:Form.base == b.Id ?> selected<?cs /if ?>><?cs var:b.Name ?></option><?cs /each ?>
    </select>
    <label for="category"><?cs var:L.knowledge.field.category ?></label>
    <select id="category" name="category">
      <option value=""><?cs var:L.knowledge.none_category ?></option>
      <?cs each:c = Categories ?><option value="<?cs var:c.Id ?>"<?cs if:Form.category == c.Id ?> selected<?cs /if ?>><?cs var:c.Base ?> / <?cs var:c.Name ?></option><?cs /each ?>
    </select>
    <label for="author"><?cs var:L.knowledge.field.author ?></label>
    <input id="author" name="author" type="text" maxlength="100" required value="<?cs var:Form.author ?>">
    <label for="translation_of"><?cs var:L.knowledge.field.translation_of ?></label>
    <input id="translation_of" name="translation_of" type="text" maxlength="9" placeholder="KB0000000" value="<?cs var:Form.translation_of ?>">
    <label for="body"><?cs var:L.knowledge.field.body ?></label>
    <textarea id="body" name="body" rows="18" aria-describedby="body-hint"><?cs var:Form.body ?></textarea>
    <p class="hint" id="body-hint"><?cs var:L.knowledge.staff.body_hint ?></p>
    <fieldset>
      <legend><?cs var:L.knowledge.staff.announcement ?></legend>
      <label class="inline"><input type="checkbox" name="announcement" value="1" id="announcement"<?cs if:Form.announcement == "1" ?> checked<?cs /if ?>> <?cs var:L.knowledge.field.announcement ?></label>
      <label for="display_from"><?cs var:L.knowledge.field.display_from ?></label>
      <input id="display_from" name="display_from" type="datetime-local" value="<?cs var:Form.display_from ?>">
      <label for="display_until"><?cs var:L.knowledge.field.display_until ?></label>
      <input id="display_until" name="display_until" type="datetime-local" value="<?cs var:Form.display_until ?>">
    </fieldset>
    <button type="submit" name="action" value="preview" class="secondary" id="preview-button"><?cs var:L.knowledge.staff.preview ?></button>
    <button type="submit" name="action" value="save" id="save-button"><?cs var:L.knowledge.staff.save ?></button>
  </form>
  <?cs if:Preview.Html ?>
  <section class="kb-preview" id="preview" aria-labelledby="preview-title">
    <h2 id="preview-title"><?cs var:L.knowledge.staff.preview ?></h2>
    <?cs call:kb_body(Preview.Html) ?>
  </section>
  <?cs /if ?>
  <?cs if:Article.No ?>
  <section class="attachments" id="files">
    <h2><?cs var:L.knowledge.documents ?></h2>
    <?cs if:subcount(Files) == 0 ?><p class="hint" id="files-none"><?cs var:L.knowledge.no_documents ?></p><?cs /if ?>
    <ul class="kb-files" id="file-list">
      <?cs each:f = Files ?><li id="file-<?cs var:f.Id ?>"><a href="<?cs var:f.Url ?>" download><?cs var:f.Name ?></a> (<?cs var:f.Size ?>)
        <form method="post" action="/staff/knowledge/<?cs var:url_escape(Article.No) ?>/files/<?cs var:f.Id ?>" class="inline-form">
          <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
          <button type="submit" name="action" value="remove" class="link" aria-label="<?cs var:L.knowledge.staff.remove ?>: <?cs var:f.Name ?>"><?cs var:L.knowledge.staff.remove ?></button>
        </form></li><?cs /each ?>
    </ul>
    <form method="post" action="/staff/knowledge/<?cs var:url_escape(Article.No) ?>/files" enctype="multipart/form-data" class="form" id="upload">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <label for="file"><?cs var:L.knowledge.staff.add_file ?></label>
      <input id="file" name="file" type="file" multiple>
      <button type="submit" id="upload-button"><?cs var:L.knowledge.staff.upload ?></button>
    </form>
  </section>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
