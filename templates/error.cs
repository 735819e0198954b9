<?cs set:Page.Title = L.error.title ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.error.title ?> (<?cs var:Error.Status ?>)</h1>
  <p class="error-message"><?cs var:Error.Message ?></p>
  <p><a href="/"><?cs var:L.error.back_home ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
