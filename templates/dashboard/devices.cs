<?cs set:Page.Title = L.devices.title ?><?cs include:"layout_head.cs" ?>
<?cs def:state(d) ?><?cs if:d.Status == "registered" ?><?cs if:d.HasToken == "1" ?><?cs var:L.devices.state_registered ?><?cs else ?><?cs var:L.devices.state_no_token ?><?cs /if ?><?cs else ?><strong class="warning-text"><?cs var:L.devices.state_waiting ?></strong><?cs /if ?><?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.devices.title ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="devices-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="devices-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs if:#WaitingCount > #0 ?><p class="warning" id="devices-waiting"><?cs var:L.devices.waiting_banner ?></p><?cs /if ?>
  <?cs if:#DeviceCount == #0 ?>
  <p id="devices-empty"><?cs var:L.devices.empty ?></p>
  <?cs else ?>
  <div class="table-wrap">
  <table class="staff-table" id="devices">
    <caption><?cs var:L.devices.list_caption ?></caption>
    <thead><tr>
      <th scope="col"><?cs var:L.devices.col_name ?></th>
      <th scope="col"><?cs var:L.devices.col_model ?></th>
      <th scope="col"><?cs var:L.devices.col_mac ?></th>
      <th scope="col"><?cs var:L.devices.col_state ?></th>
      <th scope="col"><?cs var:L.devices.col_last_alert ?></th>
      <th scope="col"><?cs var:L.devices.col_last_seen ?></th>
    </tr></thead>
    <tbody>
    <?cs each:d = Devices ?>
    <tr id="device-<?cs var:d.Id ?>">
      <td><a href="/dashboard/devices/<?cs var:d.Id ?>"><?cs if:d.Name ?><?cs var:d.Name ?><?cs else ?><?cs var:L.devices.unnamed ?><?cs /if ?></a></td>
      <td><?cs var:d.Model ?></td>
      <td><code><?cs var:d.Mac ?></code></td>
      <td><?cs call:state(d) ?></td>
      <td><?cs if:d.LastAlertAt ?><?cs var:d.LastAlertAt ?><?cs else ?>-<?cs /if ?></td>
      <td><?cs if:d.LastSeenAt ?><?cs var:d.LastSeenAt ?><?cs else ?>-<?cs /if ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
  <h2 id="register-heading"><?cs var:L.devices.register_title ?></h2>
  <p><?cs var:L.devices.register_intro ?></p>
  <form method="post" action="/dashboard/devices/register" class="form" id="register-form" aria-labelledby="register-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="mac"><?cs var:L.devices.mac ?></label>
    <input id="mac" name="mac" type="text" maxlength="17" required autocomplete="off" spellcheck="false" placeholder="00:11:22:AA:BB:CC" value="<?cs var:Query.mac ?>"<?cs if:Errors.mac ?> aria-invalid="true" aria-describedby="mac-error"<?cs /if ?>>
    <?cs if:Errors.mac ?><p class="field-error" id="mac-error"><?cs var:Errors.mac ?></p><?cs /if ?>
    <label for="code"><?cs var:L.devices.code ?></label>
    <input id="code" name="code" type="text" maxlength="20" required autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX">
    <button type="submit" class="primary" id="register-button"><?cs var:L.devices.register_button ?></button>
  </form>
  <p class="hint"><?cs var:L.devices.register_lock_hint ?></p>
</section>
<?cs include:"layout_foot.cs" ?>
