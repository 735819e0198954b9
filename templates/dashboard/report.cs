<?cs set:Page.Title = L.report.title ?><?cs include:"layout_head.cs" ?>
<?cs if:Staff.Show == "1" ?><?cs set:Report.Action = "/staff/dashboard/report" ?><?cs else ?><?cs set:Report.Action = "/dashboard/report" ?><?cs /if ?>
<section class="card wide report" aria-labelledby="report-title">
  <h1 id="report-title"><?cs var:L.report.title ?><?cs if:Staff.TenantName ?> — <span id="report-tenant"><?cs var:Staff.TenantName ?> (<?cs var:Staff.Customer ?>)</span><?cs /if ?></h1>
  <form method="get" action="<?cs var:Report.Action ?>" class="form report-period no-print" id="period-form">
    <?cs if:Staff.Show == "1" ?>
    <label for="customer"><?cs var:L.report.customer ?></label>
    <input id="customer" name="customer" value="<?cs var:Query.customer ?>" placeholder="N200000001" autocomplete="off">
    <?cs /if ?>
    <fieldset>
      <legend><?cs var:L.report.period ?></legend>
      <label class="inline"><input type="radio" name="period" value="30d" id="period-30d"<?cs if:!Query.period || Query.period == "30d" ?> checked<?cs /if ?>> <?cs var:L.report.last30 ?></label>
      <label class="inline"><input type="radio" name="period" value="month" id="period-month"<?cs if:Query.period == "month" ?> checked<?cs /if ?>> <?cs var:L.report.month ?></label>
      <label for="month" class="visually-hidden"><?cs var:L.report.month_field ?></label>
      <input id="month" name="month" type="month" value="<?cs var:Query.month ?>" placeholder="YYYY-MM">
      <label class="inline"><input type="radio" name="period" value="range" id="period-range"<?cs if:Query.period == "range" ?> checked<?cs /if ?>> <?cs var:L.report.range ?></label>
      <input id="from" name="from" type="date" value="<?cs var:Query.from ?>" aria-label="<?cs var:L.report.from ?>">
      <span aria-hidden="true">-</span>
      <input id="to" name="to" type="date" value="<?cs var:Query.to ?>" aria-label="<?cs var:L.report.to ?>">
    </fieldset>
    <?cs if:subcount(Choices.Devices) > 1 ?>
    <label for="device"><?cs var:L.report.device ?></label>
    <select id="device" name="device">
      <option value=""><?cs var:L.report.all_devices ?></option>
      <?cs each:d = Choices.Devices ?><option value="<?cs var:d.Id ?>"<?cs if:Query.device == d.Id ?> selected<?cs /if ?>><?cs var:d.Label ?></option><?cs /each ?>
    </select>
    <?cs /if ?>
    <button type="submit" id="period-button"><?cs var:L.report.show ?></button>
    <p class="hint"><?cs var:L.report.period_hint ?></p>
  </form>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="report-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs if:Staff.Done == "1" ?><p class="notice" role="status" id="peer-done"><?cs var:L.report.peer_done ?></p><?cs /if ?>
  <?cs if:Report.Show == "1" ?>
  <p class="dash-period" id="report-period"><?cs var:L.report.period ?>: <?cs var:Report.From ?> - <?cs var:Report.To ?> (<?cs var:Report.Days ?> <?cs var:L.report.days ?>)</p>
  <p class="report-total"><?cs var:L.report.total ?>: <strong id="report-total"><?cs var:Report.Total ?></strong> <?cs var:L.report.unit ?>
    <?cs if:Staff.Show != "1" ?><a class="no-print" href="<?cs var:Report.AlertsLink ?>" id="report-alerts-link"><?cs var:L.report.alerts_link ?></a><?cs /if ?></p>
  <?cs /if ?>
</section>
<?cs if:Report.Show == "1" ?><?cs escape: "none" ?><?cs var:Report.Body ?><?cs /escape ?><?cs /if ?>
<?cs if:Staff.Show == "1" ?>
<section class="card wide no-print" aria-labelledby="runs-title" id="peer-runs">
  <h2 id="runs-title"><?cs var:L.report.runs_title ?></h2>
  <p class="hint"><?cs var:L.report.runs_hint ?></p>
  <form method="post" action="/staff/dashboard/report/peers" class="inline">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" id="peer-run-button"><?cs var:L.report.run_now ?></button>
  </form>
  <table class="staff-table" id="table-runs">
    <caption class="visually-hidden"><?cs var:L.report.runs_title ?></caption>
    <thead><tr><th scope="col"><?cs var:L.report.period ?></th><th scope="col" class="num"><?cs var:L.report.participants ?></th><th scope="col" class="num"><?cs var:L.report.devices_n ?></th><th scope="col" class="num"><?cs var:L.report.buckets ?></th><th scope="col"><?cs var:L.report.computed_at ?></th></tr></thead>
    <tbody><?cs each:run = Staff.Runs ?><tr><th scope="row"><?cs var:run.From ?> - <?cs var:run.To ?></th><td class="num"><?cs var:run.Tenants ?></td><td class="num"><?cs var:run.Devices ?></td><td class="num"><?cs var:run.Buckets ?></td><td><?cs var:run.ComputedAt ?></td></tr><?cs /each ?></tbody>
  </table>
</section>
<?cs /if ?>
<?cs include:"layout_foot.cs" ?>
