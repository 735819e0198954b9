<?cs # The 2-step method choice, shared by first login and settings. Choosing
     "none" shows a confirmation step (works without script). ?>
<?cs if:Mfa.ConfirmNone ?>
  <div class="warning" role="alertdialog" aria-labelledby="confirm-none-title">
    <p id="confirm-none-title"><strong><?cs var:L.mfa.none_confirm_title ?></strong></p>
    <p><?cs var:L.mfa.none_confirm_text ?></p>
    <form method="post" action="<?cs var:Mfa.Action ?>" class="form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="method" value="none">
      <input type="hidden" name="confirm_none" value="1">
      <button type="submit" class="primary" id="confirm-none"><?cs var:L.mfa.none_confirm_yes ?></button>
    </form>
    <p><a href="<?cs var:Mfa.Action ?>"><?cs var:L.mfa.none_confirm_back ?></a></p>
  </div>
<?cs else ?>
<form method="post" action="<?cs var:Mfa.Action ?>" class="form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
  <fieldset class="choices">
    <legend><?cs var:L.mfa.choose ?></legend>
    <label><input type="radio" name="method" value="totp"<?cs if:Query.method == "totp" ?> checked<?cs /if ?>> <?cs var:L.mfa.totp ?></label>
    <label><input type="radio" name="method" value="email"<?cs if:Query.method == "email" ?> checked<?cs /if ?>> <?cs var:L.mfa.email ?></label>
    <label><input type="radio" name="method" value="sms"<?cs if:Query.method == "sms" ?> checked<?cs /if ?>> <?cs var:L.mfa.sms ?></label>
    <label for="mobile" class="sub"><?cs var:L.mfa.mobile ?></label>
    <input id="mobile" name="mobile" type="text" inputmode="numeric" autocomplete="tel" maxlength="11" value="<?cs var:Query.mobile ?>">
    <?cs if:Errors.mobile ?><p class="field-error" id="mobile-error"><?cs var:Errors.mobile ?></p><?cs /if ?>
    <?cs if:!Mfa.Required ?>
    <label><input type="radio" name="method" value="none"<?cs if:Query.method == "none" ?> checked<?cs /if ?>> <?cs var:L.mfa.none ?></label>
    <?cs else ?><p class="hint"><?cs var:L.mfa.required_by_admin ?></p><?cs /if ?>
  </fieldset>
  <?cs if:Errors.method ?><p class="field-error" id="method-error"><?cs var:Errors.method ?></p><?cs /if ?>
  <button type="submit" class="primary"><?cs var:L.mfa.save ?></button>
</form>
<?cs /if ?>
