<?cs set:Page.Title = L.first.title ?><?cs set:Mfa.Action = "/auth/first/mfa" ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.first.title ?></h1>
  <?cs include:"steps.cs" ?>
  <p><?cs var:L.first.mfa_intro ?></p>
  <?cs include:"mfa_choice.cs" ?>
  <?cs include:"auth/first_exit.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
