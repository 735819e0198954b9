<?cs set:Page.Title = L.first.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.first.title ?></h1>
  <?cs include:"steps.cs" ?>
  <p><?cs var:L.first.password_intro ?></p>
  <form method="post" action="/auth/first/password" class="form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <?cs include:"pw_fields.cs" ?>
    <button type="submit" class="primary"><?cs var:L.first.next ?></button>
  </form>
  <?cs include:"auth/first_exit.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
