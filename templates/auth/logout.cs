<?cs set:Page.Title = L.auth.logout_title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.auth.logout_title ?></h1>
  <p><?cs var:L.auth.logout_question ?></p>
  <form method="post" action="/auth/logout" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="primary"><?cs var:L.nav.logout ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
