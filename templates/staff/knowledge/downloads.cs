<?cs set:Page.Title = L.knowledge.staff.downloads ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <?cs include:"staff/knowledge/nav.cs" ?>
  <h1><?cs var:L.knowledge.staff.downloads ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="downloads-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="downloads-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error"><?cs var:L.knowledge.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?><?cs /if ?>
  <div class="table-wrap">
  <table class="staff-table" id="downloads">
    <thead><tr><th scope="col"><?cs var:L.knowledge.service ?></th><th scope="col"><?cs var:L.knowledge.doc_title ?></th><th scope="col"><?cs var:L.knowledge.size ?></th><th scope="col"><?cs var:L.knowledge.staff.state ?></th><th scope="col"><?cs var:L.knowledge.staff.actions ?></th></tr></thead>
    <tbody>
      <?cs each:d = Downloads ?>
      <tr id="download-<?cs var:d.Id ?>">
        <td><?cs var:d.Base ?></td>
        <td><a href="<?cs var:d.Url ?>" download><?cs var:d.Title ?></a><br><span class="hint"><?cs var:d.Name ?> <?cs var:d.Time ?></span></td>
        <td class="num nowrap"><?cs var:d.Size ?></td>
        <td><?cs if:d.Published == "1" ?><?cs var:L.knowledge.staff.published ?><?cs else ?><?cs var:L.knowledge.draft ?><?cs /if ?></td>
        <td>
          <form method="post" action="/staff/knowledge/downloads/<?cs var:d.Id ?>/<?cs if:d.Published == "1" ?>unpublish<?cs else ?>publish<?cs /if ?>" class="inline-form">
            <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
            <button type="submit" class="secondary"><?cs if:d.Published == "1" ?><?cs var:L.knowledge.staff.unpublish ?><?cs else ?><?cs var:L.knowledge.staff.publish ?><?cs /if ?></button>
          </form>
          <form method="post" action="/staff/knowledge/downloads/<?cs var:d.Id ?>/remove" class="inline-form">
            <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
            <button type="submit" class="link"><?cs var:L.knowledge.staff.remove ?></button>
          </form>
        </td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <form method="post" action="/staff/knowledge/downloads" enctype="multipart/form-data" class="form" id="add-download">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <h2><?cs var:L.knowledge.staff.add_download ?></h2>
    <label for="d-base"><?cs var:L.knowledge.service ?></label>
    <select id="d-base" name="base"><?cs each:b = Bases ?><option value="<?cs var:b.Id ?>"><?cs var:b.Name ?></option><?cs /each ?></select>
    <label for="d-title-ja"><?cs var:L.knowledge.field.title_ja ?></label><input id="d-title-ja" name="title_ja" maxlength="200" required>
    <label for="d-title-en"><?cs var:L.knowledge.field.title_en ?></label><input id="d-title-en" name="title_en" maxlength="200" required>
    <label for="d-desc-ja"><?cs var:L.knowledge.field.description_ja ?></label><input id="d-desc-ja" name="description_ja" maxlength="1000">
    <label for="d-desc-en"><?cs var:L.knowledge.field.description_en ?></label><input id="d-desc-en" name="description_en" maxlength="1000">
    <label for="d-file"><?cs var:L.knowledge.staff.add_file ?></label><input id="d-file" name="file" type="file" required>
    <button type="submit" id="add-download-button"><?cs var:L.knowledge.staff.upload ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
