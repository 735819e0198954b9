<?cs set:Page.Title = L.signup.step6 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <h2 class="sg-done-head" id="sent"><?cs var:L.signup.sent_intro ?></h2>
  <p class="sg-app-no"><?cs var:L.signup.app_no ?>: <strong id="app-no"><?cs var:Signup.AppNo ?></strong></p>
  <p><?cs var:L.signup.sent_text ?></p>
  <p><?cs var:Signup.SentValid ?></p>
  <p class="hint"><?cs var:L.signup.sent_nomail ?></p>
</section>
<?cs include:"layout_foot.cs" ?>
