<?cs set:Page.Title = L.signup.step2 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?><?cs include:"signup/fields.cs" ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <p class="sg-intro"><?cs var:L.signup.delivery_intro ?></p><?cs call:sg_errors_summary() ?>
  <form method="post" action="/signup/delivery" class="sg-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="rows" value="<?cs var:Signup.RowsCount ?>"><?cs call:sg_default_button() ?>
    <div class="sg-section-head">
      <h2><?cs var:L.signup.delivery_info ?></h2>
      <button type="submit" name="action" value="add" class="secondary" id="add-row"><?cs var:L.signup.add ?></button>
    </div>
    <p class="hint" id="rows-hint"><?cs var:L.signup.delivery_hint ?></p><?cs if:Signup.RowsLimit ?>
    <p class="error-message" role="alert" id="rows-limit"><?cs var:Signup.RowsLimit ?></p><?cs /if ?><?cs
    each:row = Signup.Rows ?>
    <fieldset class="sg-section sg-row" id="row-<?cs name:row ?>">
      <legend><?cs var:L.signup.destination ?> <?cs name:row ?></legend>
      <div class="sg-row-tools"><?cs if:name(row) == 1 ?>
        <button type="submit" name="action" value="same_as_basic" class="secondary" id="same-as-basic" title="<?cs var:L.signup.same_as_basic_hint ?>"><?cs var:L.signup.same_as_basic ?></button><?cs /if ?><?cs if:Signup.RowsCount > 1 ?>
        <button type="submit" name="action" value="remove_<?cs name:row ?>" class="secondary sg-remove" id="remove-<?cs name:row ?>"><?cs var:L.signup.remove ?></button><?cs /if ?>
      </div><?cs
      call:sg_text(row.p + "company", L.signup.company, 1, 100, L.signup.company_ph, "organization") ?><?cs
      call:sg_name(row.p) ?><?cs
      call:sg_text(row.p + "department", L.signup.department, 0, 100, L.signup.department_ph, "off") ?><?cs
      call:sg_address(row.p) ?><?cs
      call:sg_digits(row.p + "units", L.signup.units, 1, 2, "1", "off", L.signup.units_hint) ?>
    </fieldset><?cs /each ?>
    <div class="sg-buttons">
      <button type="submit" name="action" value="back" class="secondary" id="back"><?cs var:L.signup.back ?></button>
      <button type="submit" name="action" value="next" class="primary" id="next"><?cs var:L.signup.next ?></button>
    </div>
  </form><?cs call:sg_lang() ?>
</section>
<?cs include:"layout_foot.cs" ?>
