<?cs set:Page.Title = L.mfa.settings_title ?><?cs set:Mfa.Action = "/account/mfa" ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.mfa.settings_title ?></h1>
  <?cs if:Account.Notice ?><p class="notice" role="status"><?cs var:Account.Notice ?></p><?cs /if ?>
  <p><?cs var:L.mfa.current ?>: <strong id="mfa-current"><?cs var:L.mfa[Account.Mfa] ?></strong></p>
  <?cs if:Account.Mfa == "totp" ?><p><a href="/auth/mfa/totp"><?cs var:L.mfa.reenrol ?></a></p><?cs /if ?>
  <?cs include:"mfa_choice.cs" ?>
  <p><a href="/account/"><?cs var:L.account.back ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
