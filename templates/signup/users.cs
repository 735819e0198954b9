<?cs set:Page.Title = L.signup.step4 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?><?cs include:"signup/fields.cs" ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <p class="sg-intro"><?cs var:L.signup.users_intro ?></p><?cs call:sg_errors_summary() ?>
  <form method="post" action="/signup/users" class="sg-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="users" value="<?cs var:Signup.UsersCount ?>"><?cs call:sg_default_button() ?>
    <div class="sg-section-head">
      <h2><?cs var:L.signup.users_info ?></h2>
      <button type="submit" name="action" value="add" class="secondary" id="add-row"><?cs var:L.signup.add ?></button>
    </div>
    <p class="hint"><?cs var:L.signup.users_hint ?></p><?cs if:Signup.RowsLimit ?>
    <p class="error-message" role="alert" id="rows-limit"><?cs var:Signup.RowsLimit ?></p><?cs /if ?><?cs
    each:row = Signup.Users ?>
    <fieldset class="sg-section sg-row" id="row-<?cs name:row ?>">
      <legend><?cs var:L.signup.user ?> <?cs name:row ?></legend><?cs if:Signup.UsersCount > 1 ?>
      <div class="sg-row-tools">
        <button type="submit" name="action" value="remove_<?cs name:row ?>" class="secondary sg-remove" id="remove-<?cs name:row ?>"><?cs var:L.signup.remove ?></button>
      </div><?cs /if ?><?cs
      call:sg_name(row.p) ?><?cs
      call:sg_email(row.p) ?><?cs
      call:sg_digits(row.p + "mobile", L.signup.mobile, 0, 11, L.signup.phone_ph, "tel", L.signup.phone_hint) ?>
    </fieldset><?cs /each ?>
    <div class="sg-buttons">
      <button type="submit" name="action" value="back" class="secondary" id="back"><?cs var:L.signup.back ?></button>
      <button type="submit" name="action" value="next" class="primary" id="next"><?cs var:L.signup.to_review ?></button>
    </div>
  </form><?cs call:sg_lang() ?>
</section>
<?cs include:"layout_foot.cs" ?>
