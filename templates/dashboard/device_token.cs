<?cs set:Page.Title = TokenTitle ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <h1><?cs var:TokenTitle ?></h1>
  <dl class="facts">
    <dt><?cs var:L.devices.col_model ?></dt><dd id="device-model"><?cs var:Device.Model ?></dd>
    <dt><?cs var:L.devices.col_mac ?></dt><dd id="device-mac"><code><?cs var:Device.Mac ?></code></dd>
  </dl>
  <p class="warning" id="token-once"><?cs var:L.devices.token_once ?></p>
  <label for="api-token"><?cs var:L.devices.token ?></label>
  <input id="api-token" type="text" readonly class="secret" value="<?cs var:Token ?>" size="50">
  <p><?cs var:L.devices.token_use ?></p>
  <p><a href="<?cs if:User.IsStaff == "1" ?>/staff/dashboard/devices/<?cs var:Device.Id ?><?cs else ?>/dashboard/devices/<?cs var:Device.Id ?><?cs /if ?>" id="token-done"><?cs var:L.devices.token_done ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
