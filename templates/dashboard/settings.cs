<?cs set:Page.Title = L.alerts.settings_title ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:L.alerts.settings_title ?></h1>
  <p class="instructions"><?cs var:L.alerts.settings_intro ?></p>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="form-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Settings.NoRecipients ?><p class="warning" role="alert" id="no-recipients-warning"><?cs var:L.alerts.no_recipients ?></p><?cs /if ?>
  <form method="post" action="/dashboard/settings" class="form" id="settings-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="threshold"><?cs var:L.alerts.threshold ?></label>
    <select id="threshold" name="threshold">
      <option value="3"<?cs if:Settings.Threshold == "3" ?> selected<?cs /if ?>>★★★ <?cs var:L.alerts.sev.3 ?></option>
      <option value="2"<?cs if:Settings.Threshold == "2" ?> selected<?cs /if ?>><?cs var:L.alerts.medium_up ?></option>
      <option value="1"<?cs if:Settings.Threshold == "1" ?> selected<?cs /if ?>><?cs var:L.alerts.all_alerts ?></option>
    </select>
    <fieldset class="choices" id="recipients">
      <legend><?cs var:L.alerts.recipients ?></legend>
      <?cs each:u = Users ?>
      <label class="inline"><input type="checkbox" name="recipient" value="<?cs var:u.Id ?>" id="recipient-<?cs var:u.Id ?>"<?cs if:u.Selected == "1" ?> checked<?cs /if ?>> <?cs var:u.Name ?> (<?cs var:u.Email ?>)</label>
      <?cs /each ?>
    </fieldset>
    <button type="submit" class="primary" id="save"><?cs var:L.alerts.save ?></button>
  </form>
  <p><a href="/"><?cs var:L.alerts.back_home ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
