<?cs set:Page.Title = L.totp.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.totp.title ?></h1>
  <?cs if:!User.LoggedIn ?><?cs include:"steps.cs" ?><?cs /if ?>
  <ol class="instructions">
    <li><?cs var:L.totp.step1 ?></li>
    <li><?cs var:L.totp.step2 ?></li>
    <li><?cs var:L.totp.step3 ?></li>
  </ol>
  <p class="qr"><img id="totp-qr" src="<?cs var:Totp.Qr ?>" width="240" height="240" alt="<?cs var:L.totp.qr_alt ?>"></p>
  <p><?cs var:L.totp.secret_label ?><br><code id="totp-secret" class="secret"><?cs var:Totp.Secret ?></code></p>
  <p class="hint"><?cs var:L.totp.account_label ?>: <?cs var:Totp.Issuer ?> (<?cs var:Totp.Account ?>)</p>
  <form method="post" action="/auth/mfa/totp" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="code"><?cs var:L.mfa.code ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
    <?cs if:Errors.code ?><p class="field-error" id="code-error" role="alert"><?cs var:Errors.code ?></p><?cs /if ?>
    <button type="submit" class="primary"><?cs var:L.totp.save ?></button>
  </form>
  <p><a href="<?cs if:User.LoggedIn ?>/account/mfa<?cs else ?>/auth/first/mfa<?cs /if ?>" id="totp-back"><?cs var:L.totp.back ?></a></p>
  <?cs if:!User.LoggedIn ?><?cs include:"auth/first_exit.cs" ?><?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
