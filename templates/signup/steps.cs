<?cs # The step indicator of the wizard: Signup.Step is the current step (1-6). ?>
<?cs def:signup_step(n, mark, label) ?>
    <li<?cs if:Signup.Step == n ?> class="current" aria-current="step"<?cs elif:Signup.Step > n ?> class="done"<?cs /if ?>><span class="sg-step-no"><?cs var:mark ?></span> <?cs var:label ?></li><?cs /def ?>
  <ol class="sg-steps" aria-label="<?cs var:L.signup.steps ?>">
<?cs call:signup_step(1, "①", L.signup.step1) ?>
<?cs call:signup_step(2, "②", L.signup.step2) ?>
<?cs call:signup_step(3, "③", L.signup.step3) ?>
<?cs call:signup_step(4, "④", L.signup.step4) ?>
<?cs call:signup_step(5, "⑤", L.signup.step5) ?>
<?cs call:signup_step(6, "⑥", L.signup.step6) ?>
  </ol>
