<?cs set:Page.Title = L.reset.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.reset.title ?></h1>
  <?cs if:Reset.Sent ?>
  <p class="notice" role="status" id="reset-sent"><?cs var:L.reset.sent ?></p>
  <p><a href="/auth/login"><?cs var:L.reset.back_login ?></a></p>
  <?cs else ?>
  <?cs if:Reset.Error ?><p class="error-message" role="alert" id="reset-error"><?cs var:Reset.Error ?></p><?cs /if ?>
  <p><?cs var:L.reset.intro ?></p>
  <p class="hint" id="reset-rule"><?cs var:L.reset.rule ?></p>
  <form method="post" action="/auth/reset" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="user_id"><?cs var:L.auth.user_id ?></label>
    <input id="user_id" name="user_id" type="text" autocomplete="username" maxlength="40" required value="<?cs var:Query.user_id ?>">
    <?cs if:Errors.user_id ?><p class="field-error"><?cs var:Errors.user_id ?></p><?cs /if ?>
    <p class="hint" id="reset-user-id-hint"><?cs var:L.reset.user_id_hint ?></p>
    <label for="email"><?cs var:L.reset.email ?></label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="<?cs var:Query.email ?>">
    <?cs if:Errors.email ?><p class="field-error"><?cs var:Errors.email ?></p><?cs /if ?>
    <p class="hint" id="reset-email-hint"><?cs var:L.reset.email_hint ?></p>
    <p class="warning" id="reset-warning"><?cs var:Reset.Warning ?></p>
    <button type="submit" class="primary"><?cs var:L.reset.send ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
