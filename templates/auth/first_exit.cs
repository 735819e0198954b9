<?cs # the way out of a first login that is not finished: ends the half-made session (POST with the CSRF token) ?>
  <form method="post" action="/auth/logout" class="form first-exit" id="first-exit">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="first-exit-button"><?cs var:L.first.back_login ?></button>
  </form>
