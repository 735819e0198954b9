<?cs set:Page.Title = L.stepup.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.stepup.title ?></h1>
  <?cs if:StepUp.Notice ?><p class="notice" role="status" id="stepup-notice"><?cs var:StepUp.Notice ?></p><?cs /if ?>
  <?cs if:StepUp.Again ?><p class="notice" role="status" id="stepup-again"><?cs var:L.stepup.again ?></p><?cs /if ?>
  <p id="stepup-intro"><?cs var:L.stepup.intro ?> <?cs var:StepUp.Minutes ?> <?cs var:L.stepup.intro_minutes ?></p>
  <form method="post" action="/auth/stepup" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="next" value="<?cs var:StepUp.Next ?>">
    <label for="password"><?cs var:L.stepup.password ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" maxlength="128" autofocus>
    <?cs if:Errors.password ?><p class="field-error" id="password-error" role="alert"><?cs var:Errors.password ?></p><?cs /if ?>
    <?cs if:StepUp.Method != "none" ?>
    <label for="code"><?cs var:L.stepup.or_code ?><?cs if:StepUp.Method == "sms" ?> (****<?cs var:StepUp.MobileTail ?>)<?cs /if ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6">
    <?cs if:Errors.code ?><p class="field-error" id="code-error" role="alert"><?cs var:Errors.code ?></p><?cs /if ?>
    <?cs /if ?>
    <button type="submit" class="primary" id="stepup-confirm"><?cs var:L.stepup.confirm ?></button>
  </form>
  <?cs if:StepUp.Method == "email" || StepUp.Method == "sms" ?>
  <form method="post" action="/auth/stepup/send" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="next" value="<?cs var:StepUp.Next ?>">
    <?cs if:StepUp.Again ?><input type="hidden" name="again" value="1"><?cs /if ?>
    <button type="submit" class="secondary" id="stepup-send"><?cs var:L.stepup.send_code ?></button>
  </form>
  <?cs /if ?>
  <p><a href="/account/"><?cs var:L.account.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
