<?cs set:Page.Title = L.mfa.sms_verify_title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.mfa.sms_verify_title ?></h1>
  <?cs if:!User.LoggedIn ?><?cs include:"steps.cs" ?><?cs /if ?>
  <?cs if:Sms.Notice ?><p class="notice" role="status"><?cs var:Sms.Notice ?></p><?cs /if ?>
  <p id="sms-prompt"><?cs var:L.mfa.sms_verify_prompt ?> (****<?cs var:Sms.MobileTail ?>)</p>
  <form method="post" action="/auth/mfa/sms" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="code"><?cs var:L.mfa.code ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
    <?cs if:Errors.code ?><p class="field-error" id="code-error" role="alert"><?cs var:Errors.code ?></p><?cs /if ?>
    <button type="submit" class="primary"><?cs var:L.mfa.verify ?></button>
  </form>
  <form method="post" action="/auth/mfa/sms/resend" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="resend"><?cs var:L.mfa.resend ?></button>
  </form>
  <p><a href="<?cs if:User.LoggedIn ?>/account/mfa<?cs else ?>/auth/first/mfa<?cs /if ?>"><?cs var:L.mfa.sms_change_number ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
