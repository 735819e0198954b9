<?cs set:Page.Title = L.points.service_title ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <h1><?cs var:L.points.service_title ?></h1>
  <p><?cs var:L.points.service_intro ?></p>
  <p class="notice" id="service-note"><?cs var:L.points.service_note ?></p>
  <?cs if:#Points.Contracts == #0 ?>
  <p id="no-contracts"><?cs var:L.points.no_contracts ?></p>
  <?cs /if ?>
  <?cs each:k = Contracts ?>
  <section class="contract" id="contract-<?cs var:k.Index ?>" aria-labelledby="contract-<?cs var:k.Index ?>-title">
    <h2 id="contract-<?cs var:k.Index ?>-title"><?cs var:k.CustomerNo ?> <?cs var:L.points.service_info ?></h2>
    <h3><?cs var:L.points.customer_info ?></h3>
    <dl class="facts">
      <dt><?cs var:L.points.col.customer_no ?></dt><dd class="contract-customer-no"><?cs var:k.CustomerNo ?></dd>
      <dt><?cs var:L.points.contractor ?></dt><dd class="contract-tenant"><?cs var:k.TenantName ?></dd>
      <dt><?cs var:L.points.service_name ?></dt><dd class="contract-service"><?cs var:k.Service ?></dd>
      <dt><?cs var:L.points.start_date ?></dt><dd class="contract-start"><?cs var:k.Start ?></dd>
      <dt><?cs var:L.points.renewal_date ?></dt><dd class="contract-renewal"><?cs var:k.Renewal ?></dd>
    </dl>
    <h3><?cs var:L.points.usage_info ?></h3>
    <dl class="facts">
      <dt><?cs var:L.points.type ?></dt><dd class="contract-type"><?cs var:k.Type ?></dd>
      <dt><?cs var:L.points.plan ?></dt><dd class="contract-plan"><?cs var:k.Plan ?></dd>
    </dl>
  </section>
  <?cs /each ?>
  <p><a href="/points/" id="points-link"><?cs var:L.points.title ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
