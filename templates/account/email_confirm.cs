<?cs set:Page.Title = L.profile.confirm_title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.profile.confirm_title ?></h1>
  <?cs if:Confirm.State == "invalid" ?>
  <p class="error-message" role="alert" id="confirm-invalid"><?cs var:L.profile.link_invalid ?></p>
  <?cs elif:Confirm.State == "done" ?>
  <p class="notice" role="status" id="confirm-done"><?cs var:L.profile.confirmed ?> <?cs var:Confirm.Email ?></p>
  <p><a href="/account/profile"><?cs var:L.profile.title ?></a></p>
  <?cs else ?>
  <p id="confirm-ask"><?cs var:L.profile.confirm_ask ?> <strong><?cs var:Confirm.Email ?></strong></p>
  <form method="post" action="/account/email/<?cs var:Confirm.Token ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="primary" id="confirm-email"><?cs var:L.profile.confirm_button ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
