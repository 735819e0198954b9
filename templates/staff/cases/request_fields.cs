<?cs set:Page.Title = L.requests.staff.fields_title + " " + Item.NameJa ?><?cs include:"layout_head.cs" ?>
<?cs def:field_def(k, prefix) ?>
      <label for="<?cs var:prefix ?>-kind"><?cs var:L.requests.staff.kind ?></label>
      <select id="<?cs var:prefix ?>-kind" name="kind">
        <?cs each:kind = Kinds ?><option value="<?cs var:kind ?>"<?cs if:k.Kind == kind ?> selected<?cs /if ?>><?cs var:L.requests.kind[kind] ?></option><?cs /each ?>
      </select>
      <label for="<?cs var:prefix ?>-label-ja"><?cs var:L.requests.staff.label_ja ?></label>
      <input id="<?cs var:prefix ?>-label-ja" name="label_ja" type="text" maxlength="200" required value="<?cs var:k.LabelJa ?>">
      <label for="<?cs var:prefix ?>-label-en"><?cs var:L.requests.staff.label_en ?></label>
      <input id="<?cs var:prefix ?>-label-en" name="label_en" type="text" maxlength="200" required value="<?cs var:k.LabelEn ?>">
      <label class="inline"><input type="checkbox" name="required" value="1"<?cs if:k.Required == "1" ?> checked<?cs /if ?>> <?cs var:L.requests.staff.required ?></label>
      <label for="<?cs var:prefix ?>-max-length"><?cs var:L.requests.staff.max_length ?></label>
      <input id="<?cs var:prefix ?>-max-length" name="max_length" type="number" min="1" max="10000" value="<?cs var:k.MaxLength ?>">
      <label for="<?cs var:prefix ?>-min"><?cs var:L.requests.staff.min ?></label>
      <input id="<?cs var:prefix ?>-min" name="min" type="number" value="<?cs var:k.Min ?>">
      <label for="<?cs var:prefix ?>-max"><?cs var:L.requests.staff.max ?></label>
      <input id="<?cs var:prefix ?>-max" name="max" type="number" value="<?cs var:k.Max ?>">
      <label for="<?cs var:prefix ?>-not-before"><?cs var:L.requests.staff.not_before ?></label>
      <select id="<?cs var:prefix ?>-not-before" name="not_before" aria-describedby="<?cs var:prefix ?>-not-before-hint">
        <option value=""><?cs var:L.requests.staff.not_before_none ?></option>
        <?cs each:o = Fields ?><?cs if:o.Kind == "date" && o.Name != k.Name ?><option value="<?cs var:o.Name ?>"<?cs if:k.NotBefore == o.Name ?> selected<?cs /if ?>><?cs var:o.Name ?> <?cs var:o.LabelJa ?></option><?cs /if ?><?cs /each ?>
      </select>
      <p class="hint" id="<?cs var:prefix ?>-not-before-hint"><?cs var:L.requests.staff.not_before_hint ?></p>
      <label for="<?cs var:prefix ?>-options"><?cs var:L.requests.staff.options ?></label>
      <textarea id="<?cs var:prefix ?>-options" name="options" rows="4" aria-describedby="<?cs var:prefix ?>-options-hint"><?cs var:k.Options ?></textarea>
      <p class="hint" id="<?cs var:prefix ?>-options-hint"><?cs var:L.requests.staff.options_hint ?></p>
<?cs /def ?>
<section class="card wide staff request-editor">
  <p><a href="/staff/cases/requests/catalog" id="back-to-catalog"><?cs var:L.requests.staff.catalog_title ?></a></p>
  <h1><?cs var:L.requests.staff.fields_title ?>: <code><?cs var:Item.Code ?></code> <?cs var:Item.NameJa ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="fields-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="fields-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs each:k = Fields ?>
  <form method="post" action="/staff/cases/requests/catalog/<?cs var:url_escape(Item.Code) ?>" class="form category-form" id="field-<?cs var:k.Name ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="save">
    <input type="hidden" name="id" value="<?cs var:k.Id ?>">
    <input type="hidden" name="name" value="<?cs var:k.Name ?>">
    <fieldset>
      <legend><code><?cs var:k.Name ?></code> <?cs var:k.LabelJa ?><?cs if:k.Retired == "1" ?> (<?cs var:L.requests.staff.retired ?>)<?cs /if ?></legend>
      <?cs call:field_def(k, "f-" + k.Name) ?>
      <label for="f-<?cs var:k.Name ?>-position"><?cs var:L.cases_staff.position ?></label>
      <input id="f-<?cs var:k.Name ?>-position" name="position" type="number" min="0" max="99999" required value="<?cs var:k.Position ?>">
      <label class="inline"><input type="checkbox" name="retired" value="1"<?cs if:k.Retired == "1" ?> checked<?cs /if ?>> <?cs var:L.requests.staff.retired ?></label>
      <button type="submit" class="secondary"><?cs var:L.cases.staff.save ?></button>
    </fieldset>
  </form>
  <?cs /each ?>
  <h2><?cs var:L.requests.staff.add_field ?></h2>
  <form method="post" action="/staff/cases/requests/catalog/<?cs var:url_escape(Item.Code) ?>" class="form" id="field-add">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="add">
    <label for="new-name"><?cs var:L.requests.staff.field_name ?></label>
    <input id="new-name" name="name" type="text" maxlength="40" pattern="[a-z0-9_]+" required>
    <?cs call:field_def(New, "new") ?>
    <button type="submit" class="primary" id="add-field"><?cs var:L.requests.staff.add_field ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
