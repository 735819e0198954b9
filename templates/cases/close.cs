<?cs set:Page.Title = L.cases.close ?><?cs include:"layout_head.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.cases.close ?></h1>
  <p><span id="case-no"><?cs var:Case.No ?></span> <?cs var:Case.Subject ?></p>
  <p class="warning" role="alert" id="close-warning"><?cs var:L.cases.close_warning ?></p>
  <form method="post" action="/cases/<?cs var:url_escape(Case.No) ?>/close" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
    <input type="hidden" name="confirm" value="1">
    <button type="submit" class="primary" id="confirm-close"><?cs var:L.cases.close ?></button>
    <a href="/cases/<?cs var:url_escape(Case.No) ?>" id="cancel-close"><?cs var:L.cases.cancel ?></a>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
