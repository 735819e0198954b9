<?cs set:Page.Title = L.mfa.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.mfa.title ?></h1>
  <?cs if:Mfa.Notice ?><p class="notice" role="status"><?cs var:Mfa.Notice ?></p><?cs /if ?>
  <p id="mfa-prompt"><?cs if:Mfa.Method == "totp" ?><?cs var:L.mfa.prompt_totp ?><?cs elif:Mfa.Method == "sms" ?><?cs var:L.mfa.prompt_sms ?> (****<?cs var:Mfa.MobileTail ?>)<?cs else ?><?cs var:L.mfa.prompt_email ?><?cs /if ?></p>
  <form method="post" action="/auth/mfa" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs if:Query.next ?><input type="hidden" name="next" value="<?cs var:Query.next ?>"><?cs /if ?>
    <label for="code"><?cs var:L.mfa.code ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
    <?cs if:Errors.code ?><p class="field-error" id="code-error" role="alert"><?cs var:Errors.code ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="trust" value="1" id="trust"> <?cs var:Mfa.TrustHours ?> <?cs var:L.mfa.trust ?></label>
    <button type="submit" class="primary"><?cs var:L.mfa.verify ?></button>
  </form>
  <?cs if:Mfa.Method == "email" || Mfa.Method == "sms" ?>
  <form method="post" action="/auth/mfa/resend" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="resend"><?cs var:L.mfa.resend ?></button>
    <p class="hint"><?cs var:Mfa.ResendAfter ?> <?cs var:L.mfa.resend_hint ?></p>
  </form>
  <?cs /if ?>
  <form method="post" action="/auth/logout" class="form"><input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>"><button type="submit" class="link"><?cs var:L.mfa.cancel ?></button></form>
</section>
<?cs include:"layout_foot.cs" ?>
