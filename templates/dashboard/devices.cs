<?cs set:Page.Title = L.devices.title ?><?cs include:"layout_head.cs" ?>
<?cs include:"dashboard/device_list.cs" ?>
<section class="card wide">
  <h1><?cs var:L.devices.title ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="devices-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="devices-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs if:#WaitingCount > #0 ?><p class="warning" id="devices-waiting"><?cs var:L.devices.waiting_banner ?></p><?cs /if ?>
  <?cs if:DeviceMore == "1" ?><p class="notice" id="devices-more"><?cs var:L.devices.more_1 ?> <?cs var:DeviceCap ?> <?cs var:L.devices.more_2 ?></p><?cs /if ?>
  <?cs call:device_list("customer") ?>
  <h2 id="register-heading"><?cs var:L.devices.register_title ?></h2>
  <p><?cs var:L.devices.register_intro ?></p>
  <form method="post" action="/dashboard/devices/register" class="form" id="register-form" aria-labelledby="register-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="mac"><?cs var:L.devices.mac ?></label>
    <input id="mac" name="mac" type="text" maxlength="17" required autocomplete="off" spellcheck="false" placeholder="00:11:22:AA:BB:CC" value="<?cs var:Query.mac ?>"<?cs if:Errors.mac ?> aria-invalid="true" aria-describedby="mac-error"<?cs /if ?>>
    <?cs if:Errors.mac ?><p class="field-error" id="mac-error"><?cs var:Errors.mac ?></p><?cs /if ?>
    <label for="code"><?cs var:L.devices.code ?></label>
    <input id="code" name="code" type="text" maxlength="20" required autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX"<?cs if:Errors.code ?> aria-invalid="true" aria-describedby="code-error"<?cs /if ?>>
    <?cs if:Errors.code ?><p class="field-error" id="code-error"><?cs var:Errors.code ?></p><?cs /if ?>
    <button type="submit" class="primary" id="register-button"><?cs var:L.devices.register_button ?></button>
  </form>
  <p class="hint"><?cs var:L.devices.register_lock_hint ?></p>
</section>
<?cs include:"layout_foot.cs" ?>
