<?cs # The UTM table of /dashboard/devices (view "customer": the device's
   name, its last alert, and the state with or without a token) and of
   /staff/dashboard/devices (view "staff": customer number, tenant,
   serial, and the state with or without a code, or retired): call:device_list(view)
   shows the rows of Devices, or the empty message when DeviceCount is 0. ?>
<?cs def:device_state(d, view) ?><?cs if:d.Status == "retired" ?><?cs var:L.devices.state_retired ?><?cs elif:d.Status == "registered" ?><?cs if:view == "staff" || d.HasToken == "1" ?><?cs var:L.devices.state_registered ?><?cs else ?><?cs var:L.devices.state_no_token ?><?cs /if ?><?cs elif:view == "staff" ?><?cs var:L.devices.state_waiting ?><?cs if:d.HasCode != "1" ?> (<?cs var:L.devices.no_code ?>)<?cs /if ?><?cs else ?><strong class="warning-text"><?cs var:L.devices.state_waiting ?></strong><?cs /if ?><?cs /def ?>
<?cs def:device_list(view) ?>
  <?cs if:#DeviceCount == #0 ?>
  <p id="devices-empty"><?cs var:L.devices.empty ?></p>
  <?cs else ?>
  <div class="table-wrap">
  <table class="staff-table" id="devices">
    <caption><?cs var:L.devices.list_caption ?></caption>
    <thead><tr>
      <?cs if:view == "staff" ?>
      <th scope="col"><?cs var:L.devices.customer_no ?></th>
      <th scope="col"><?cs var:L.devices.tenant ?></th>
      <th scope="col"><?cs var:L.devices.col_model ?></th>
      <th scope="col"><?cs var:L.devices.serial ?></th>
      <?cs else ?>
      <th scope="col"><?cs var:L.devices.col_name ?></th>
      <th scope="col"><?cs var:L.devices.col_model ?></th>
      <?cs /if ?>
      <th scope="col"><?cs var:L.devices.col_mac ?></th>
      <th scope="col"><?cs var:L.devices.col_state ?></th>
      <?cs if:view != "staff" ?><th scope="col"><?cs var:L.devices.col_last_alert ?></th><?cs /if ?>
      <th scope="col"><?cs var:L.devices.col_last_seen ?></th>
    </tr></thead>
    <tbody>
    <?cs each:d = Devices ?>
    <tr id="device-<?cs var:d.Id ?>">
      <?cs if:view == "staff" ?>
      <td><?cs var:d.CustomerNo ?></td>
      <td><?cs var:d.TenantName ?></td>
      <td><a href="/staff/dashboard/devices/<?cs var:d.Id ?>"><?cs if:d.Model ?><?cs var:d.Model ?><?cs else ?><?cs var:L.devices.unnamed ?><?cs /if ?></a></td>
      <td><?cs var:d.Serial ?></td>
      <?cs else ?>
      <td><a href="/dashboard/devices/<?cs var:d.Id ?>"><?cs if:d.Name ?><?cs var:d.Name ?><?cs else ?><?cs var:L.devices.unnamed ?><?cs /if ?></a></td>
      <td><?cs var:d.Model ?></td>
      <?cs /if ?>
      <td><code><?cs var:d.Mac ?></code></td>
      <td><?cs call:device_state(d, view) ?></td>
      <?cs if:view != "staff" ?><td><?cs if:d.LastAlertAt ?><?cs var:d.LastAlertAt ?><?cs else ?>-<?cs /if ?></td><?cs /if ?>
      <td><?cs if:d.LastSeenAt ?><?cs var:d.LastSeenAt ?><?cs else ?>-<?cs /if ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
<?cs /def ?>
