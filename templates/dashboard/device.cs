<?cs set:Page.Title = L.devices.device_title ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <h1><?cs var:L.devices.device_title ?>: <?cs if:Device.Name ?><?cs var:Device.Name ?><?cs else ?><?cs var:Device.Model ?><?cs /if ?></h1>
  <p><a href="/dashboard/devices" id="back-to-list"><?cs var:L.devices.back ?></a></p>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="device-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts" id="device-facts">
    <dt><?cs var:L.devices.col_model ?></dt><dd id="device-model"><?cs var:Device.Model ?></dd>
    <dt><?cs var:L.devices.col_mac ?></dt><dd id="device-mac"><code><?cs var:Device.Mac ?></code></dd>
    <dt><?cs var:L.devices.serial ?></dt><dd id="device-serial"><?cs var:Device.Serial ?></dd>
    <dt><?cs var:L.devices.col_state ?></dt><dd id="device-state"><?cs if:Device.Status == "registered" ?><?cs var:L.devices.state_registered ?><?cs else ?><?cs var:L.devices.state_waiting ?><?cs /if ?></dd>
    <?cs if:Device.RegisteredAt ?><dt><?cs var:L.devices.registered_at ?></dt><dd id="device-registered-at"><?cs var:Device.RegisteredAt ?></dd><?cs /if ?>
    <dt><?cs var:L.devices.token ?></dt><dd id="device-token-state"><?cs if:Device.HasToken == "1" ?><?cs var:L.devices.token_issued ?> (<?cs var:Device.TokenCreatedAt ?>)<?cs else ?><?cs var:L.devices.token_none ?><?cs /if ?></dd>
    <dt><?cs var:L.devices.col_last_alert ?></dt><dd id="device-last-alert"><?cs if:Device.LastAlertAt ?><?cs var:Device.LastAlertAt ?><?cs else ?>-<?cs /if ?></dd>
    <dt><?cs var:L.devices.col_last_seen ?></dt><dd id="device-last-seen"><?cs if:Device.LastSeenAt ?><?cs var:Device.LastSeenAt ?><?cs else ?>-<?cs /if ?></dd>
  </dl>
  <h2 id="name-heading"><?cs var:L.devices.name_title ?></h2>
  <form method="post" action="/dashboard/devices/<?cs var:Device.Id ?>/name" class="form" id="name-form" aria-labelledby="name-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="name"><?cs var:L.devices.col_name ?></label>
    <input id="name" name="name" type="text" maxlength="100" value="<?cs var:Device.Name ?>">
    <button type="submit" class="secondary" id="name-button"><?cs var:L.devices.save ?></button>
  </form>
  <?cs if:User.IsAdmin == "1" && Device.Status == "registered" ?>
  <h2 id="token-heading"><?cs var:L.devices.token_title ?></h2>
  <p><?cs var:L.devices.token_intro ?></p>
  <form method="post" action="/dashboard/devices/<?cs var:Device.Id ?>/rotate" class="form inline-form" id="rotate-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="rotate-button"><?cs var:L.devices.rotate_button ?></button>
  </form>
  <?cs if:Device.HasToken == "1" ?>
  <form method="post" action="/dashboard/devices/<?cs var:Device.Id ?>/revoke" class="form inline-form" id="revoke-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label class="check"><input type="checkbox" name="confirm" value="1" id="revoke-confirm" required> <?cs var:L.devices.revoke_confirm ?></label>
    <button type="submit" class="secondary" id="revoke-button"><?cs var:L.devices.revoke_button ?></button>
  </form>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
