<?cs set:Page.Title = L.cases_staff.categories_title ?><?cs include:"layout_head.cs" ?>
<?cs def:category_fields(k, p) ?>
      <label for="<?cs var:p ?>position"><?cs var:L.cases_staff.field.position ?></label>
      <input id="<?cs var:p ?>position" name="position" type="number" min="1" max="99999" required value="<?cs var:k.Position ?>">
      <label for="<?cs var:p ?>name_ja"><?cs var:L.cases_staff.field.name_ja ?></label>
      <input id="<?cs var:p ?>name_ja" name="name_ja" type="text" maxlength="100" required value="<?cs var:k.NameJa ?>">
      <label for="<?cs var:p ?>name_en"><?cs var:L.cases_staff.field.name_en ?></label>
      <input id="<?cs var:p ?>name_en" name="name_en" type="text" maxlength="100" required value="<?cs var:k.NameEn ?>">
      <label for="<?cs var:p ?>hint_ja"><?cs var:L.cases_staff.field.hint_ja ?></label>
      <input id="<?cs var:p ?>hint_ja" name="hint_ja" type="text" maxlength="400" value="<?cs var:k.HintJa ?>">
      <label for="<?cs var:p ?>hint_en"><?cs var:L.cases_staff.field.hint_en ?></label>
      <input id="<?cs var:p ?>hint_en" name="hint_en" type="text" maxlength="400" value="<?cs var:k.HintEn ?>">
      <label class="inline"><input type="checkbox" name="customer_selectable" value="1" id="<?cs var:p ?>selectable"<?cs if:k.Selectable == "1" ?> checked<?cs /if ?>> <?cs var:L.cases_staff.field.customer_selectable ?></label>
      <label class="inline"><input type="checkbox" name="retired" value="1" id="<?cs var:p ?>retired"<?cs if:k.Retired == "1" ?> checked<?cs /if ?>> <?cs var:L.cases_staff.field.retired ?></label>
<?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.cases_staff.categories_title ?></h1>
  <p class="instructions"><?cs var:L.cases_staff.categories_intro ?></p>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="categories-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="categories-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error" id="error-<?cs name:e ?>"><?cs var:L.cases_staff.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?><?cs /if ?>
  <?cs each:k = Edit ?>
  <form method="post" action="/staff/cases/categories" class="form category<?cs if:k.Retired == "1" ?> retired<?cs /if ?>" id="category-<?cs var:k.Code ?>">
    <fieldset>
      <legend><code><?cs var:k.Code ?></code><?cs if:k.Retired == "1" ?> (<?cs var:L.cases_staff.field.retired ?>)<?cs /if ?></legend>
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="id" value="<?cs var:k.Id ?>">
      <?cs call:category_fields(k, "c" + k.Id + "-") ?>
      <button type="submit" class="secondary"><?cs var:L.cases_staff.save ?></button>
    </fieldset>
  </form>
  <?cs /each ?>
  <h2><?cs var:L.cases_staff.category_add ?></h2>
  <form method="post" action="/staff/cases/categories" class="form category" id="category-new">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="new-code"><?cs var:L.cases_staff.field.code ?></label>
    <input id="new-code" name="code" type="text" maxlength="40" pattern="[a-z0-9_]+" required>
    <?cs call:category_fields(NewCategory, "new-") ?>
    <button type="submit" id="category-add"><?cs var:L.cases_staff.category_add ?></button>
  </form>
  <p><a href="/staff/cases/" id="back-to-list"><?cs var:L.cases_staff.back_to_list ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
