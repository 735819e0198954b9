<?cs # New password + confirmation with the policy checklist. The server
     enforces every rule; the script only ticks the list while typing. ?>
<label for="password"><?cs var:L.pw.new ?></label>
<input id="password" name="password" type="password" autocomplete="new-password" maxlength="<?cs var:Policy.Max ?>" required
  data-min="<?cs var:Policy.Min ?>" data-max="<?cs var:Policy.Max ?>" data-classes="<?cs var:Policy.Classes ?>" data-symbols="<?cs var:Policy.Symbols ?>"
  data-user="<?cs var:Policy.UserId ?>" data-email="<?cs var:Policy.Email ?>">
<?cs if:Errors.password ?><p class="field-error" id="password-error"><?cs var:Errors.password ?></p>
<?cs if:subcount(Errors.password_rules) ?><ul class="field-error" id="password-rules-error"><?cs each:e = Errors.password_rules ?><li><?cs var:e ?></li><?cs /each ?></ul><?cs /if ?><?cs /if ?>
<ul class="checklist" id="pw-checklist">
  <li data-rule="length"><?cs var:Policy.Min ?><?cs var:L.pw.rule_length_to ?><?cs var:Policy.Max ?><?cs var:L.pw.rule_length ?></li>
  <?cs if:Policy.Classes == 1 ?>
  <li data-rule="lower"><?cs var:L.pw.rule_lower ?></li>
  <li data-rule="upper"><?cs var:L.pw.rule_upper ?></li>
  <li data-rule="digit"><?cs var:L.pw.rule_digit ?></li>
  <li data-rule="symbol"><?cs var:L.pw.rule_symbol ?> <code><?cs var:Policy.Symbols ?></code></li>
  <?cs /if ?>
  <li data-rule="repeat"><?cs var:L.pw.rule_repeat ?></li>
  <li data-rule="user"><?cs var:L.pw.rule_user ?></li>
</ul>
<label for="password_confirm"><?cs var:L.pw.confirm ?></label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" maxlength="<?cs var:Policy.Max ?>" required>
<?cs if:Errors.password_confirm ?><p class="field-error" id="password-confirm-error"><?cs var:Errors.password_confirm ?></p><?cs /if ?>
