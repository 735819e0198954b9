<?cs set:Page.Title = L.first.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.first.title ?></h1>
  <?cs include:"steps.cs" ?>
  <p><?cs var:L.first.user_id_intro ?></p>
  <form method="post" action="/auth/first/user-id" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="login_id"><?cs var:L.auth.user_id ?></label>
    <input id="login_id" name="login_id" type="text" autocomplete="username" maxlength="40" required value="<?cs var:Query.login_id ?>">
    <?cs if:Errors.login_id ?><p class="field-error" id="login-id-error"><?cs var:Errors.login_id ?></p><?cs /if ?>
    <p class="hint"><?cs var:L.first.user_id_hint ?></p>
    <button type="submit" class="primary"><?cs var:L.first.next ?></button>
  </form>
  <?cs include:"auth/first_exit.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
