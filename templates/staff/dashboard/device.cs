<?cs set:Page.Title = L.devices.device_title ?><?cs include:"layout_head.cs" ?>
<section class="card wide staff">
  <h1><?cs var:L.devices.device_title ?>: <?cs var:Device.CustomerNo ?> <?cs var:Device.Model ?></h1>
  <p><a href="/staff/dashboard/devices" id="back-to-list"><?cs var:L.devices.back ?></a></p>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="device-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts" id="device-facts">
    <dt><?cs var:L.devices.customer_no ?></dt><dd id="device-customer-no"><?cs var:Device.CustomerNo ?></dd>
    <dt><?cs var:L.devices.tenant ?></dt><dd id="device-tenant"><?cs var:Device.TenantName ?></dd>
    <dt><?cs var:L.devices.col_name ?></dt><dd id="device-name"><?cs var:Device.Name ?></dd>
    <dt><?cs var:L.devices.col_model ?></dt><dd id="device-model"><?cs var:Device.Model ?></dd>
    <dt><?cs var:L.devices.serial ?></dt><dd id="device-serial"><?cs var:Device.Serial ?></dd>
    <dt><?cs var:L.devices.col_mac ?></dt><dd id="device-mac"><code><?cs var:Device.Mac ?></code></dd>
    <dt><?cs var:L.devices.col_state ?></dt><dd id="device-state"><?cs if:Device.Status == "registered" ?><?cs var:L.devices.state_registered ?><?cs elif:Device.Status == "retired" ?><?cs var:L.devices.state_retired ?><?cs else ?><?cs var:L.devices.state_waiting ?><?cs if:Device.Locked == "1" ?> (<?cs var:L.devices.locked_until ?> <?cs var:Device.LockedUntil ?>)<?cs /if ?><?cs /if ?></dd>
    <dt><?cs var:L.devices.created_at ?></dt><dd><?cs var:Device.CreatedAt ?></dd>
    <?cs if:Device.RegisteredAt ?><dt><?cs var:L.devices.registered_at ?></dt><dd><?cs var:Device.RegisteredAt ?></dd><?cs /if ?>
    <dt><?cs var:L.devices.token ?></dt><dd id="device-token-state"><?cs if:Device.HasToken == "1" ?><?cs var:L.devices.token_issued ?> (<?cs var:Device.TokenCreatedAt ?>)<?cs else ?><?cs var:L.devices.token_none ?><?cs /if ?></dd>
    <dt><?cs var:L.devices.col_last_alert ?></dt><dd><?cs if:Device.LastAlertAt ?><?cs var:Device.LastAlertAt ?><?cs else ?>-<?cs /if ?></dd>
    <dt><?cs var:L.devices.col_last_seen ?></dt><dd><?cs if:Device.LastSeenAt ?><?cs var:Device.LastSeenAt ?><?cs else ?>-<?cs /if ?></dd>
  </dl>
  <?cs if:Device.Status == "awaiting_registration" ?>
  <h2 id="code-heading"><?cs var:L.devices.code_title ?></h2>
  <p><?cs var:L.devices.code_intro ?></p>
  <form method="post" action="/staff/dashboard/devices/<?cs var:Device.Id ?>/code" class="form" id="code-form" aria-labelledby="code-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="code-mac"><?cs var:L.devices.mac ?></label>
    <input id="code-mac" name="mac" type="text" maxlength="17" placeholder="00:11:22:AA:BB:CC" value="<?cs var:Device.Mac ?>"<?cs if:!Device.Mac ?> required<?cs /if ?>>
    <label for="code-serial"><?cs var:L.devices.serial ?></label>
    <input id="code-serial" name="serial" type="text" maxlength="64" value="<?cs var:Device.Serial ?>">
    <label for="code-model"><?cs var:L.devices.col_model ?></label>
    <input id="code-model" name="model" type="text" maxlength="64" value="<?cs var:Device.Model ?>">
    <button type="submit" class="primary" id="code-button"><?cs var:L.devices.code_button ?></button>
  </form>
  <?cs elif:Device.Status == "registered" ?>
  <h2 id="token-heading"><?cs var:L.devices.token_title ?></h2>
  <p><?cs var:L.devices.token_intro ?></p>
  <form method="post" action="/staff/dashboard/devices/<?cs var:Device.Id ?>/rotate" class="form inline-form" id="rotate-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="rotate-button"><?cs var:L.devices.rotate_button ?></button>
  </form>
  <?cs if:Device.HasToken == "1" ?>
  <form method="post" action="/staff/dashboard/devices/<?cs var:Device.Id ?>/revoke" class="form inline-form" id="revoke-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="secondary" id="revoke-button"><?cs var:L.devices.revoke_button ?></button>
  </form>
  <?cs /if ?>
  <?cs /if ?>
  <?cs if:Device.Status != "retired" ?>
  <h2 id="retire-heading"><?cs var:L.devices.retire_title ?></h2>
  <p id="retire-intro"><?cs var:L.devices.retire_intro ?></p>
  <form method="post" action="/staff/dashboard/devices/<?cs var:Device.Id ?>/retire" class="form" id="retire-form" aria-labelledby="retire-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label class="check"><input type="checkbox" name="confirm" value="1" id="retire-confirm" required> <?cs var:L.devices.retire_confirm ?></label>
    <button type="submit" class="secondary" id="retire-button"><?cs var:L.devices.retire_button ?></button>
  </form>
  <?cs else ?>
  <h2 id="reinstate-heading"><?cs var:L.devices.reinstate_title ?></h2>
  <p id="reinstate-intro"><?cs var:L.devices.reinstate_intro ?></p>
  <form method="post" action="/staff/dashboard/devices/<?cs var:Device.Id ?>/reinstate" class="form" id="reinstate-form" aria-labelledby="reinstate-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label class="check"><input type="checkbox" name="confirm" value="1" id="reinstate-confirm" required> <?cs var:L.devices.reinstate_confirm ?></label>
    <button type="submit" class="secondary" id="reinstate-button"><?cs var:L.devices.reinstate_button ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
