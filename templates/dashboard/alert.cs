<?cs set:Page.Title = L.alerts.alert_title ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <h1><?cs var:L.alerts.alert_title ?> <span id="alert-id"><?cs var:Alert.Id ?></span></h1>
  <dl class="facts" id="alert-fields">
    <dt><?cs var:L.alerts.col.id ?></dt><dd id="f-id"><?cs var:Alert.Id ?></dd>
    <dt><?cs var:L.alerts.device_alert_id ?></dt><dd id="f-device-alert-id"><?cs var:Alert.DeviceAlertId ?></dd>
    <dt><?cs var:L.alerts.col.detected ?></dt><dd id="f-detected"><?cs var:Alert.DetectedAt ?></dd>
    <dt><?cs var:L.alerts.received ?></dt><dd id="f-received"><?cs var:Alert.ReceivedAt ?></dd>
    <dt><?cs var:L.alerts.col.severity ?></dt><dd id="f-severity"><span aria-hidden="true"><?cs var:Alert.Stars ?></span> <?cs var:L.alerts.sev[Alert.Severity] ?></dd>
    <dt><?cs var:L.alerts.col.category ?></dt><dd id="f-category"><?cs var:Alert.Category ?></dd>
    <dt><?cs var:L.alerts.col.device ?></dt><dd id="f-device"><?cs var:Alert.Device ?></dd>
    <dt><?cs var:L.alerts.mac ?></dt><dd id="f-mac"><?cs var:Alert.Mac ?></dd>
    <dt><?cs var:L.alerts.serial ?></dt><dd id="f-serial"><?cs var:Alert.Serial ?></dd>
    <dt><?cs var:L.alerts.col.source ?></dt><dd id="f-source"><?cs var:Alert.Source ?></dd>
    <dt><?cs var:L.alerts.col.destination ?></dt><dd id="f-destination"><?cs var:Alert.Destination ?></dd>
    <dt><?cs var:L.alerts.url ?></dt><dd id="f-url" class="break"><?cs var:Alert.Url ?></dd>
    <dt><?cs var:L.alerts.col.status ?></dt><dd id="f-status"><?cs if:L.alerts.status[Alert.Status] ?><?cs var:L.alerts.status[Alert.Status] ?><?cs else ?><?cs var:Alert.Status ?><?cs /if ?></dd>
  </dl>
  <h2><?cs var:L.alerts.description ?></h2>
  <p class="pre" id="f-description"><?cs var:Alert.Description ?></p>
  <h2><?cs var:L.alerts.action ?></h2>
  <p class="pre" id="f-action"><?cs var:Alert.Action ?></p>
  <p><a class="button" id="ask-about-alert" href="/cases/new?alert=<?cs var:Alert.Id ?>"><?cs var:L.alerts.ask ?></a></p>
  <p><a href="/dashboard/alerts" id="back-to-list"><?cs var:L.alerts.back_to_list ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
