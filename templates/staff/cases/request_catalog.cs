<?cs set:Page.Title = L.requests.staff.catalog_title ?><?cs include:"layout_head.cs" ?>
<?cs def:item_fields(k, prefix) ?>
      <label for="<?cs var:prefix ?>-name-ja"><?cs var:L.cases.staff.name_ja ?></label>
      <input id="<?cs var:prefix ?>-name-ja" name="name_ja" type="text" maxlength="100" required value="<?cs var:k.NameJa ?>">
      <label for="<?cs var:prefix ?>-name-en"><?cs var:L.cases.staff.name_en ?></label>
      <input id="<?cs var:prefix ?>-name-en" name="name_en" type="text" maxlength="100" required value="<?cs var:k.NameEn ?>">
      <label for="<?cs var:prefix ?>-description-ja"><?cs var:L.requests.staff.description_ja ?></label>
      <textarea id="<?cs var:prefix ?>-description-ja" name="description_ja" rows="3" maxlength="2000"><?cs var:k.DescriptionJa ?></textarea>
      <label for="<?cs var:prefix ?>-description-en"><?cs var:L.requests.staff.description_en ?></label>
      <textarea id="<?cs var:prefix ?>-description-en" name="description_en" rows="3" maxlength="2000"><?cs var:k.DescriptionEn ?></textarea>
      <label for="<?cs var:prefix ?>-cost"><?cs var:L.requests.col.cost ?></label>
      <input id="<?cs var:prefix ?>-cost" name="cost" type="number" min="0" max="100000" required value="<?cs var:k.Cost ?>">
<?cs /def ?>
<section class="card wide staff request-editor">
  <p><a href="/staff/cases/requests/" id="back-to-queue"><?cs var:L.requests.staff.back ?></a></p>
  <h1><?cs var:L.requests.staff.catalog_title ?></h1>
  <p class="instructions"><?cs var:L.requests.staff.catalog_intro ?></p>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="catalog-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="catalog-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs each:k = Edit ?>
  <form method="post" action="/staff/cases/requests/catalog" class="form category-form" id="item-<?cs var:k.Code ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="save">
    <input type="hidden" name="id" value="<?cs var:k.Id ?>">
    <fieldset>
      <legend><code><?cs var:k.Code ?></code> <?cs var:k.NameJa ?><?cs if:k.Retired == "1" ?> (<?cs var:L.requests.staff.retired ?>)<?cs /if ?></legend>
      <p><a href="/staff/cases/requests/catalog/<?cs var:url_escape(k.Code) ?>" id="fields-<?cs var:k.Code ?>"><?cs var:L.requests.staff.edit_fields ?></a></p>
      <?cs call:item_fields(k, k.Code) ?>
      <label for="<?cs var:k.Code ?>-position"><?cs var:L.cases_staff.position ?></label>
      <input id="<?cs var:k.Code ?>-position" name="position" type="number" min="0" max="99999" required value="<?cs var:k.Position ?>">
      <label class="inline"><input type="checkbox" name="retired" value="1"<?cs if:k.Retired == "1" ?> checked<?cs /if ?>> <?cs var:L.requests.staff.retired ?></label>
      <button type="submit" class="secondary"><?cs var:L.cases.staff.save ?></button>
    </fieldset>
  </form>
  <?cs /each ?>
  <h2><?cs var:L.requests.staff.add_item ?></h2>
  <form method="post" action="/staff/cases/requests/catalog" class="form" id="item-add">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="add">
    <label for="new-code"><?cs var:L.cases.staff.code ?></label>
    <input id="new-code" name="code" type="text" maxlength="40" pattern="[a-z0-9_]+" required>
    <?cs call:item_fields(New, "new") ?>
    <button type="submit" class="primary" id="add-item"><?cs var:L.requests.staff.add_item ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
