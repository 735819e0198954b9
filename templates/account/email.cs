<?cs set:Page.Title = L.profile.email_title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.profile.email_title ?></h1>
  <p><?cs var:L.profile.email_intro_1 ?> <?cs var:Profile.LinkHours ?> <?cs var:L.profile.email_intro_2 ?></p>
  <dl class="facts">
    <dt><?cs var:L.profile.current_email ?></dt><dd id="current-email"><?cs var:Profile.Email ?></dd>
  </dl>
  <form method="post" action="/account/profile/email" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="email"><?cs var:L.profile.new_email ?></label>
    <input id="email" name="email" type="email" maxlength="254" required autocomplete="email" value="<?cs var:Query.email ?>"<?cs if:Errors.email ?> aria-describedby="email-error"<?cs /if ?>>
    <?cs if:Errors.email ?><p class="field-error" id="email-error" role="alert"><?cs var:Errors.email ?></p><?cs /if ?>
    <button type="submit" class="primary" id="send-email-link"><?cs var:L.profile.send_link ?></button>
  </form>
  <p><a href="/account/profile"><?cs var:L.profile.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
