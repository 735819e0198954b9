<?cs set:Page.Title = L.cases.staff.categories_title ?><?cs include:"layout_head.cs" ?>
<?cs def:fields(k, prefix) ?>
      <label for="<?cs var:prefix ?>-name-ja"><?cs var:L.cases.staff.name_ja ?></label>
      <input id="<?cs var:prefix ?>-name-ja" name="name_ja" type="text" maxlength="100" required value="<?cs var:k.NameJa ?>">
      <label for="<?cs var:prefix ?>-name-en"><?cs var:L.cases.staff.name_en ?></label>
      <input id="<?cs var:prefix ?>-name-en" name="name_en" type="text" maxlength="100" required value="<?cs var:k.NameEn ?>">
      <label for="<?cs var:prefix ?>-hint-ja"><?cs var:L.cases.staff.hint_ja ?></label>
      <input id="<?cs var:prefix ?>-hint-ja" name="hint_ja" type="text" maxlength="400" value="<?cs var:k.HintJa ?>">
      <label for="<?cs var:prefix ?>-hint-en"><?cs var:L.cases.staff.hint_en ?></label>
      <input id="<?cs var:prefix ?>-hint-en" name="hint_en" type="text" maxlength="400" value="<?cs var:k.HintEn ?>">
      <label class="inline"><input type="checkbox" name="selectable" value="1"<?cs if:k.Selectable == "1" ?> checked<?cs /if ?>> <?cs var:L.cases.staff.selectable ?></label>
<?cs /def ?>
<section class="card wide staff">
  <h1><?cs var:L.cases.staff.categories_title ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="categories-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="categories-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs each:k = Edit ?>
  <form method="post" action="/staff/cases/categories" class="form category-form" id="category-<?cs var:k.Code ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="save">
    <input type="hidden" name="id" value="<?cs var:k.Id ?>">
    <fieldset>
      <legend><code><?cs var:k.Code ?></code><?cs if:k.Retired == "1" ?> (<?cs var:L.cases.staff.retired ?>)<?cs /if ?></legend>
      <?cs call:fields(k, k.Code) ?>
      <label class="inline"><input type="checkbox" name="retired" value="1"<?cs if:k.Retired == "1" ?> checked<?cs /if ?>> <?cs var:L.cases.staff.retired ?></label>
      <button type="submit" class="secondary"><?cs var:L.cases.staff.save ?></button>
    </fieldset>
  </form>
  <?cs /each ?>
  <h2><?cs var:L.cases.staff.add_category ?></h2>
  <form method="post" action="/staff/cases/categories" class="form" id="category-add">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="add">
    <label for="new-code"><?cs var:L.cases.staff.code ?></label>
    <input id="new-code" name="code" type="text" maxlength="40" pattern="[a-z0-9_]+" required>
    <?cs call:fields(New, "new") ?>
    <button type="submit" class="primary" id="add-category"><?cs var:L.cases.staff.add_category ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
