<?cs set:Page.Title = L.points.title ?><?cs include:"layout_head.cs" ?>
<?cs include:"points/tables.cs" ?>
<section class="card wide">
  <h1><?cs var:L.points.title ?></h1>
  <p><?cs var:L.points.intro ?></p>
  <p class="staff-links"><a href="/points/service" id="service-link"><?cs var:L.points.service_title ?></a></p>
  <?cs call:points_periods() ?>
  <?cs call:points_ledger() ?>
</section>
<?cs include:"layout_foot.cs" ?>
