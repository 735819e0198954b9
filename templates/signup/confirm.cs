<?cs set:Page.Title = L.signup.confirm_page + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow sg-confirm-page">
  <h1><?cs var:L.signup.confirm_page ?></h1><?cs
  if:Confirm.State == "ask" ?>
  <p class="sg-app-no"><?cs var:L.signup.app_no ?>: <strong id="app-no"><?cs var:Confirm.AppNo ?></strong></p>
  <p class="warning sg-confirm-ask" id="confirm-ask"><strong><?cs var:L.signup.confirm_ask ?></strong></p>
  <form method="post" action="/signup/confirm/<?cs var:Confirm.Token ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="primary" id="confirm-complete"><?cs var:L.signup.confirm_button ?></button>
  </form><?cs
  elif:Confirm.State == "done" ?>
  <p class="sg-app-no"><?cs var:L.signup.app_no ?>: <strong id="app-no"><?cs var:Confirm.AppNo ?></strong></p>
  <p class="notice" role="status" id="confirm-done"><?cs if:Confirm.Approved ?><?cs var:L.signup.confirm_done_auto ?><?cs else ?><?cs var:L.signup.confirm_done ?><?cs /if ?></p><?cs
  else ?>
  <p class="error-message" role="alert" id="confirm-invalid"><?cs var:L.signup.confirm_invalid ?></p>
  <p><a href="/signup/basic"><?cs var:L.signup.start ?></a></p><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
