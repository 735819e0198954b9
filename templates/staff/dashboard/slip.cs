<?cs set:Page.Title = L.devices.slip_title ?><?cs include:"layout_head.cs" ?>
<section class="card slip" id="slip">
  <h1><?cs var:L.devices.slip_title ?></h1>
  <p class="warning no-print" id="code-once"><?cs var:L.devices.code_once ?></p>
  <dl class="facts">
    <dt><?cs var:L.devices.tenant ?></dt><dd id="slip-tenant"><?cs var:Device.TenantName ?> (<?cs var:Device.CustomerNo ?>)</dd>
    <dt><?cs var:L.devices.col_model ?></dt><dd id="slip-model"><?cs var:Device.Model ?></dd>
    <dt><?cs var:L.devices.serial ?></dt><dd id="slip-serial"><?cs var:Device.Serial ?></dd>
    <dt><?cs var:L.devices.col_mac ?></dt><dd id="slip-mac"><code><?cs var:Device.Mac ?></code></dd>
    <dt><?cs var:L.devices.code ?></dt><dd><code class="reg-code" id="registration-code"><?cs var:Code ?></code></dd>
  </dl>
  <p><?cs var:L.devices.slip_howto ?></p>
  <p class="no-print"><a href="/staff/dashboard/devices/<?cs var:Device.Id ?>" id="slip-done"><?cs var:L.devices.slip_done ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
