<?cs set:Page.Title = L.account.change_password ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.account.change_password ?></h1>
  <form method="post" action="/account/password" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="current_password"><?cs var:L.pw.current ?></label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" maxlength="128" required>
    <?cs if:Errors.current_password ?><p class="field-error" id="current-password-error"><?cs var:Errors.current_password ?></p><?cs /if ?>
    <?cs include:"pw_fields.cs" ?>
    <button type="submit" class="primary"><?cs var:L.mfa.save ?></button>
  </form>
  <p><a href="/account/"><?cs var:L.account.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
