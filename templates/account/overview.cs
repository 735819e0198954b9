<?cs set:Page.Title = L.account.title ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:L.account.title ?></h1>
  <?cs if:Account.Notice ?><p class="notice" role="status" id="account-notice"><?cs var:Account.Notice ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.auth.user_id ?></dt><dd><?cs var:User.LoginId ?></dd>
    <dt><?cs var:L.profile.title ?></dt><dd><a href="/account/profile" id="profile-link"><?cs var:L.profile.nav ?></a><?cs if:User.IsAdmin == "1" ?> · <a href="/account/users/" id="users-link"><?cs var:L.account_users.nav ?></a><?cs /if ?></dd>
    <dt><?cs var:L.reset.email ?></dt><dd><?cs var:Account.Email ?></dd>
    <dt><?cs var:L.mfa.current ?></dt><dd id="mfa-current"><?cs var:L.mfa[Account.Mfa] ?> — <a href="/account/mfa"><?cs var:L.account.change ?></a></dd>
    <dt><?cs var:L.pw.label ?></dt><dd><a href="/account/password" id="change-password"><?cs var:L.account.change_password ?></a></dd>
  </dl>
  <form method="post" action="/account/language" class="form inline-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="lang"><?cs var:L.account.language ?></label>
    <select id="lang" name="lang">
      <option value="ja"<?cs if:Account.Lang == "ja" ?> selected<?cs /if ?>>日本語</option>
      <option value="en"<?cs if:Account.Lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <button type="submit" class="secondary" id="save-language"><?cs var:L.mfa.save ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
