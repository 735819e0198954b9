<?cs if:Form.New ?><?cs set:Page.Title = L.account_users.new_title ?><?cs else ?><?cs set:Page.Title = L.account_users.edit_title ?><?cs /if ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:Page.Title ?></h1>
  <?cs if:Notice ?><p class="notice" role="status" id="user-notice"><?cs var:Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs if:!Form.New ?>
  <dl class="facts">
    <dt><?cs var:L.account_users.col.state ?></dt><dd id="user-state"><?cs var:L.account_users.state[Target.State] ?></dd>
    <dt><?cs var:L.account_users.col.mfa ?></dt><dd id="user-mfa"><?cs var:L.account_users.mfa[Target.Mfa] ?></dd>
    <dt><?cs var:L.account_users.col.last_login ?></dt><dd id="user-last-login"><?cs if:Target.LastLogin ?><?cs var:Target.LastLogin ?><?cs else ?><?cs var:L.account_users.never ?><?cs /if ?></dd>
  </dl>
  <?cs /if ?>
  <form method="post" action="<?cs var:Form.Action ?>" class="form" id="user-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs if:FormKey ?><input type="hidden" name="form_key" value="<?cs var:FormKey ?>"><?cs /if ?>
    <p class="hint"><?cs var:L.account_users.required_note ?></p>
    <label for="name"><?cs var:L.account_users.name ?> *</label>
    <input id="name" name="name" type="text" maxlength="100" required autocomplete="off" value="<?cs var:Query.name ?>"<?cs if:Errors.name ?> aria-describedby="name-error"<?cs /if ?>>
    <?cs if:Errors.name ?><p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
    <label for="email"><?cs var:L.account_users.email ?> *</label>
    <input id="email" name="email" type="email" maxlength="254" required autocomplete="off" value="<?cs var:Query.email ?>"<?cs if:Errors.email ?> aria-describedby="email-error"<?cs /if ?>>
    <?cs if:Errors.email ?><p class="field-error" id="email-error"><?cs var:Errors.email ?></p><?cs /if ?>
    <label for="login_id"><?cs var:L.account_users.login_id ?><?cs if:!Form.New ?> *<?cs /if ?></label>
    <input id="login_id" name="login_id" type="text" maxlength="40" autocomplete="off" value="<?cs var:Query.login_id ?>" aria-describedby="login-id-hint<?cs if:Errors.login_id ?> login-id-error<?cs /if ?>">
    <?cs if:Errors.login_id ?><p class="field-error" id="login-id-error"><?cs var:Errors.login_id ?><?cs if:Form.Suggestion ?> <?cs var:L.account_users.suggestion ?> <span id="login-id-suggestion"><?cs var:Form.Suggestion ?></span><?cs /if ?></p><?cs /if ?>
    <p class="hint" id="login-id-hint"><?cs if:Form.New ?><?cs var:L.account_users.login_id_hint_new ?><?cs else ?><?cs var:L.account_users.login_id_hint ?><?cs /if ?></p>
    <label for="phone"><?cs var:L.account_users.phone ?></label>
    <input id="phone" name="phone" type="tel" maxlength="20" autocomplete="off" value="<?cs var:Query.phone ?>"<?cs if:Errors.phone ?> aria-describedby="phone-error"<?cs /if ?>>
    <?cs if:Errors.phone ?><p class="field-error" id="phone-error"><?cs var:Errors.phone ?></p><?cs /if ?>
    <label for="mobile"><?cs var:L.account_users.mobile ?></label>
    <input id="mobile" name="mobile" type="tel" inputmode="numeric" maxlength="11" autocomplete="off" value="<?cs var:Query.mobile ?>" aria-describedby="mobile-hint<?cs if:Errors.mobile ?> mobile-error<?cs /if ?>">
    <?cs if:Errors.mobile ?><p class="field-error" id="mobile-error"><?cs var:Errors.mobile ?></p><?cs /if ?>
    <p class="hint" id="mobile-hint"><?cs var:L.account_users.mobile_hint ?></p>
    <label for="lang"><?cs var:L.account_users.lang ?> *</label>
    <select id="lang" name="lang">
      <option value="ja"<?cs if:Query.lang == "ja" ?> selected<?cs /if ?>>日本語</option>
      <option value="en"<?cs if:Query.lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <?cs if:Errors.lang ?><p class="field-error" id="lang-error"><?cs var:Errors.lang ?></p><?cs /if ?>
    <label for="time_zone"><?cs var:L.account_users.time_zone ?> *</label>
    <select id="time_zone" name="time_zone">
      <?cs each:z = Zones ?><option<?cs if:Query.time_zone == z ?> selected<?cs /if ?>><?cs var:z ?></option><?cs /each ?>
    </select>
    <?cs if:Errors.time_zone ?><p class="field-error" id="time-zone-error"><?cs var:Errors.time_zone ?></p><?cs /if ?>
    <label class="inline"><input type="checkbox" name="admin" value="1" id="admin"<?cs if:Query.admin ?> checked<?cs /if ?>> <?cs var:L.account_users.admin ?></label>
    <p class="hint"><?cs var:L.account_users.admin_hint ?></p>
    <label class="inline"><input type="checkbox" name="mfa_required" value="1" id="mfa_required"<?cs if:Query.mfa_required ?> checked<?cs /if ?>> <?cs var:L.account_users.mfa_required ?></label>
    <p class="hint"><?cs var:L.account_users.mfa_required_hint ?></p>
    <button type="submit" class="primary" id="save-user"><?cs if:Form.New ?><?cs var:L.account_users.create ?><?cs else ?><?cs var:L.account_users.save ?><?cs /if ?></button>
  </form>
  <?cs if:!Form.New ?>
  <h2><?cs var:L.account_users.actions ?></h2>
  <?cs if:Target.State == "disabled" || Target.State == "locked" ?>
  <form method="post" action="/account/users/<?cs var:Target.Id ?>/enable" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <p class="hint"><?cs if:Target.State == "locked" ?><?cs var:L.account_users.unlock_hint ?><?cs else ?><?cs var:L.account_users.enable_hint ?><?cs /if ?></p>
    <button type="submit" class="secondary" id="enable-user"><?cs var:L.account_users.enable ?></button>
  </form>
  <?cs /if ?>
  <?cs if:Target.State != "disabled" ?>
  <form method="post" action="/account/users/<?cs var:Target.Id ?>/disable" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <p class="hint"><?cs var:L.account_users.disable_hint ?></p>
    <button type="submit" class="secondary" id="disable-user"><?cs var:L.account_users.disable ?></button>
  </form>
  <?cs /if ?>
  <?cs if:Target.State == "unset" ?>
  <form method="post" action="/account/users/<?cs var:Target.Id ?>/welcome" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <p class="hint"><?cs var:L.account_users.welcome_hint ?></p>
    <button type="submit" class="secondary" id="resend-welcome"><?cs var:L.account_users.welcome_again ?></button>
  </form>
  <?cs /if ?>
  <?cs /if ?>
  <p><a href="/account/users/" id="back-to-users"><?cs var:L.account_users.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
