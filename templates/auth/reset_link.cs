<?cs set:Page.Title = L.reset.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.reset.title ?></h1>
  <?cs if:Reset.Invalid ?>
  <p class="error-message" role="alert" id="reset-invalid"><?cs var:Reset.Invalid ?></p>
  <p><a href="/auth/reset"><?cs var:L.reset.again ?></a></p>
  <?cs else ?>
  <p id="reset-user"><?cs var:L.reset.link_user ?> <strong><?cs var:Reset.LoginId ?></strong></p>
  <form method="post" action="/auth/reset/<?cs var:Reset.Token ?>" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs include:"pw_fields.cs" ?>
    <button type="submit" class="primary"><?cs var:L.reset.save ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
