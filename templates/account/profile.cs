<?cs set:Page.Title = L.profile.title ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:L.profile.title ?></h1>
  <?cs if:Notice ?><p class="notice" role="status" id="profile-notice"><?cs var:Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.auth.user_id ?></dt><dd id="profile-login-id"><?cs var:Profile.LoginId ?></dd>
    <dt><?cs var:L.account_users.email ?></dt><dd><span id="profile-email"><?cs var:Profile.Email ?></span> — <a href="/account/profile/email" id="change-email"><?cs var:L.profile.change_email ?></a>
      <?cs if:Profile.PendingEmail ?><br><span id="profile-pending"><?cs var:L.profile.pending ?> <?cs var:Profile.PendingEmail ?></span><?cs /if ?></dd>
    <dt><?cs var:L.home.role ?></dt><dd><?cs var:L.role[Profile.Role] ?></dd>
  </dl>
  <form method="post" action="/account/profile" class="form" id="profile-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="name"><?cs var:L.profile.name ?> *</label>
    <input id="name" name="name" type="text" maxlength="100" required autocomplete="name" value="<?cs var:Query.name ?>"<?cs if:Errors.name ?> aria-describedby="name-error"<?cs /if ?>>
    <?cs if:Errors.name ?><p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
    <label for="phone"><?cs var:L.account_users.phone ?></label>
    <input id="phone" name="phone" type="tel" maxlength="20" autocomplete="tel" value="<?cs var:Query.phone ?>"<?cs if:Errors.phone ?> aria-describedby="phone-error"<?cs /if ?>>
    <?cs if:Errors.phone ?><p class="field-error" id="phone-error"><?cs var:Errors.phone ?></p><?cs /if ?>
    <label for="mobile"><?cs var:L.account_users.mobile ?></label>
    <input id="mobile" name="mobile" type="tel" inputmode="numeric" maxlength="11" autocomplete="tel" value="<?cs var:Query.mobile ?>" aria-describedby="mobile-hint<?cs if:Errors.mobile ?> mobile-error<?cs /if ?>">
    <?cs if:Errors.mobile ?><p class="field-error" id="mobile-error"><?cs var:Errors.mobile ?></p><?cs /if ?>
    <p class="hint" id="mobile-hint"><?cs var:L.account_users.mobile_hint ?></p>
    <label for="lang"><?cs var:L.account_users.lang ?> *</label>
    <select id="lang" name="lang">
      <option value="ja"<?cs if:Query.lang == "ja" ?> selected<?cs /if ?>>日本語</option>
      <option value="en"<?cs if:Query.lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <?cs if:Errors.lang ?><p class="field-error" id="lang-error"><?cs var:Errors.lang ?></p><?cs /if ?>
    <label for="time_zone"><?cs var:L.account_users.time_zone ?> *</label>
    <select id="time_zone" name="time_zone" aria-describedby="time-zone-hint">
      <?cs each:z = Zones ?><option<?cs if:Query.time_zone == z ?> selected<?cs /if ?>><?cs var:z ?></option><?cs /each ?>
    </select>
    <?cs if:Errors.time_zone ?><p class="field-error" id="time-zone-error"><?cs var:Errors.time_zone ?></p><?cs /if ?>
    <p class="hint" id="time-zone-hint"><?cs var:L.profile.time_zone_hint ?></p>
    <button type="submit" class="primary" id="save-profile"><?cs var:L.account_users.save ?></button>
  </form>
  <p><a href="/account/"><?cs var:L.account.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
