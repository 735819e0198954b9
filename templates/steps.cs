<ol class="steps" aria-label="<?cs var:L.first.steps ?>">
  <li<?cs if:Steps.Current == 1 ?> aria-current="step" class="current"<?cs /if ?>>1. <?cs var:L.first.step_password ?></li>
  <li<?cs if:Steps.Current == 2 ?> aria-current="step" class="current"<?cs /if ?>>2. <?cs var:L.first.step_user_id ?></li>
  <li<?cs if:Steps.Current == 3 ?> aria-current="step" class="current"<?cs /if ?>>3. <?cs var:L.first.step_mfa ?></li>
</ol>
