<?cs set:Page.Title = L.auth.login_title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.auth.login_title ?></h1>
  <?cs if:Query.reset ?><p class="notice" role="status"><?cs var:L.auth.reset_done ?></p><?cs /if ?>
  <?cs if:Login.Notice ?><p class="notice" role="status"><?cs var:Login.Notice ?></p><?cs /if ?>
  <?cs if:Login.Error ?><p class="error-message" role="alert" id="login-error"><?cs var:Login.Error ?></p><?cs /if ?>
  <form method="post" action="/auth/login" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs if:Query.next ?><input type="hidden" name="next" value="<?cs var:Query.next ?>"><?cs /if ?>
    <label for="user_id"><?cs var:L.auth.user_id ?></label>
    <input id="user_id" name="user_id" type="text" autocomplete="username" maxlength="254" required autofocus value="<?cs var:Query.user_id ?>">
    <label for="password"><?cs var:L.auth.password ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" maxlength="128" required>
    <button type="submit" class="primary"><?cs var:L.auth.login_button ?></button>
  </form>
  <p><a href="/auth/reset" id="forgot"><?cs var:L.auth.forgot ?></a></p>
  <?cs if:Query.next ?><?cs set:Login.Back = "/auth/login?next=" + url_escape(Query.next) ?><?cs else ?><?cs set:Login.Back = "/auth/login" ?><?cs /if ?>
  <p class="lang-switch"><a href="/auth/lang?set=ja&amp;next=<?cs var:url_escape(Login.Back) ?>" lang="ja">日本語</a> | <a href="/auth/lang?set=en&amp;next=<?cs var:url_escape(Login.Back) ?>" lang="en">English</a></p>
  <p class="hint"><?cs var:L.auth.lock_hint_1 ?> <?cs var:Auth.MaxFailures ?> <?cs var:L.auth.lock_hint_2 ?> <?cs var:Auth.LockMinutes ?> <?cs var:L.auth.lock_hint_3 ?></p>
</section>
<?cs include:"layout_foot.cs" ?>
