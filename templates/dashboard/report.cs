<?cs set:Page.Title = L.report.title ?><?cs include:"layout_head.cs" ?>
<?cs def:report_svg(svg) ?><?cs escape: "none" ?><?cs var:svg ?><?cs /escape ?><?cs /def ?>
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
<?cs if:Report.Show == "1" ?>
<section class="card wide report" aria-labelledby="sev-title">
  <h2 id="sev-title"><?cs var:L.report.by_severity ?></h2>
  <div class="report-pair">
    <div class="report-chart"><?cs call:report_svg(Charts.Severity) ?></div>
    <table class="staff-table report-table" id="table-severity">
      <caption class="visually-hidden"><?cs var:L.report.by_severity ?></caption>
      <thead><tr><th scope="col"><?cs var:L.report.severity ?></th><th scope="col" class="num"><?cs var:L.report.alerts ?></th></tr></thead>
      <tbody><?cs each:s = Report.Severity ?><tr><th scope="row"><span aria-hidden="true"><?cs var:s.Stars ?></span> <?cs var:s.Label ?></th><td class="num" id="sev-<?cs var:s.Key ?>"><?cs var:s.Count ?></td></tr><?cs /each ?></tbody>
    </table>
  </div>
</section>
<section class="card wide report" aria-labelledby="cat-title">
  <h2 id="cat-title"><?cs var:L.report.by_category ?></h2>
  <?cs if:subcount(Report.Categories) == 0 ?><p id="no-alerts"><?cs var:L.report.none ?></p><?cs else ?>
  <div class="report-pair">
    <div class="report-chart"><?cs call:report_svg(Charts.Category) ?></div>
    <table class="staff-table report-table" id="table-category">
      <caption class="visually-hidden"><?cs var:L.report.by_category ?></caption>
      <thead><tr><th scope="col"><?cs var:L.report.category ?></th><th scope="col" class="num"><?cs var:L.report.alerts ?></th></tr></thead>
      <tbody><?cs each:c = Report.Categories ?><tr><th scope="row"><?cs var:c.Name ?></th><td class="num"><?cs var:c.Count ?></td></tr><?cs /each ?></tbody>
    </table>
  </div>
  <?cs /if ?>
</section>
<section class="card wide report" aria-labelledby="trend-title">
  <h2 id="trend-title"><?cs var:L.report.trend ?></h2>
  <div class="report-chart wide-chart"><?cs call:report_svg(Charts.Trend) ?></div>
  <details class="report-data" id="trend-data">
    <summary><?cs var:L.report.data_table ?></summary>
    <table class="staff-table report-table" id="table-trend">
      <caption class="visually-hidden"><?cs var:L.report.trend ?></caption>
      <thead><tr><th scope="col"><?cs var:L.report.day ?></th><th scope="col" class="num"><?cs var:L.report.alerts ?></th></tr></thead>
      <tbody><?cs each:d = Report.Daily ?><tr><th scope="row"><?cs var:d.Day ?></th><td class="num"><?cs var:d.Count ?></td></tr><?cs /each ?></tbody>
    </table>
  </details>
</section>
<section class="card wide report" aria-labelledby="top-title">
  <h2 id="top-title"><?cs var:L.report.top_title ?></h2>
  <div class="report-tops">
  <?cs each:t = L.report.tops ?>
    <table class="staff-table report-table" id="top-<?cs name:t ?>">
      <caption><?cs var:t ?></caption>
      <thead><tr><th scope="col">#</th><th scope="col"><?cs var:L.report.value ?></th><th scope="col" class="num"><?cs var:L.report.alerts ?></th></tr></thead>
      <tbody>
      <?cs each:row = Report.Top[name(t)] ?><tr><td><?cs var:row.Rank ?></td><td class="report-value"><?cs var:row.Value ?></td><td class="num"><?cs var:row.Count ?></td></tr><?cs /each ?>
      <?cs if:subcount(Report.Top[name(t)]) == 0 ?><tr><td colspan="3"><?cs var:L.report.none ?></td></tr><?cs /if ?>
      </tbody>
    </table>
  <?cs /each ?>
  </div>
</section>
<section class="card wide report" aria-labelledby="devices-title">
  <h2 id="devices-title"><?cs var:L.report.devices_title ?></h2>
  <div class="table-scroll">
  <table class="staff-table report-table" id="table-devices">
    <caption class="visually-hidden"><?cs var:L.report.devices_title ?></caption>
    <thead><tr><th scope="col"><?cs var:L.report.device ?></th><th scope="col" class="num"><?cs var:L.report.total ?></th>
      <th scope="col" class="num"><?cs var:L.report.sev.3 ?></th><th scope="col" class="num"><?cs var:L.report.sev.2 ?></th><th scope="col" class="num"><?cs var:L.report.sev.1 ?></th>
      <?cs each:c = Report.Categories ?><th scope="col" class="num"><?cs var:c.Name ?></th><?cs /each ?></tr></thead>
    <tbody><?cs each:d = Report.Devices ?><tr><th scope="row"><?cs var:d.Label ?></th><td class="num"><?cs var:d.Total ?></td>
      <td class="num"><?cs var:d.Sev.3 ?></td><td class="num"><?cs var:d.Sev.2 ?></td><td class="num"><?cs var:d.Sev.1 ?></td>
      <?cs each:c = d.Cat ?><td class="num"><?cs var:c ?></td><?cs /each ?></tr><?cs /each ?></tbody>
  </table>
  </div>
</section>
<section class="card wide report" aria-labelledby="compare-title" id="compare-devices">
  <h2 id="compare-title"><?cs var:L.report.compare_devices ?></h2>
  <?cs if:Charts.Devices ?>
  <div class="report-chart"><?cs call:report_svg(Charts.Devices) ?></div>
  <?cs if:Report.ChartDevices ?><p class="hint"><?cs var:L.report.chart_first_devices ?></p><?cs /if ?>
  <p class="hint"><?cs var:L.report.compare_table_hint ?></p>
  <?cs else ?>
  <p id="compare-one"><?cs var:L.report.compare_one ?></p>
  <?cs /if ?>
</section>
<?cs if:Staff.Show != "1" || Staff.Customer ?>
<section class="card wide report" aria-labelledby="peer-title" id="peers">
  <h2 id="peer-title"><?cs var:L.report.peer_title ?></h2>
  <?cs if:Peer.Show == "1" ?>
  <p class="dash-period" id="peer-period"><?cs var:L.report.peer_period ?>: <?cs var:Peer.From ?> - <?cs var:Peer.To ?></p>
  <?cs if:Peer.Same != "1" ?><p class="hint" id="peer-other-period"><?cs var:L.report.peer_other_period ?></p><?cs /if ?>
  <p class="hint"><?cs var:L.report.peer_explain ?></p>
  <?cs if:Charts.Peers ?><div class="report-chart"><?cs call:report_svg(Charts.Peers) ?></div><?cs /if ?>
  <div class="table-scroll">
  <table class="staff-table report-table" id="table-peers">
    <caption class="visually-hidden"><?cs var:L.report.peer_title ?></caption>
    <thead><tr><th scope="col"><?cs var:L.report.bucket ?></th><th scope="col" class="num"><?cs var:L.report.peer_average ?></th><th scope="col" class="num"><?cs var:L.report.own_average ?></th>
      <?cs each:d = Peer.Devices ?><th scope="col" class="num"><?cs var:d ?></th><?cs /each ?></tr></thead>
    <tbody><?cs each:row = Peer.Rows ?><tr id="peer-row-<?cs var:row.Id ?>"><th scope="row"><?cs var:row.Label ?></th>
      <td class="num peer-avg"><?cs if:row.Peer ?><?cs var:row.Peer ?><?cs else ?><span class="muted">—<span class="visually-hidden"> <?cs var:L.report.hidden_short ?></span></span><?cs /if ?></td>
      <td class="num own-avg"><?cs var:row.Own ?></td>
      <?cs each:c = row.Devices ?><td class="num"><?cs var:c ?></td><?cs /each ?></tr><?cs /each ?></tbody>
  </table>
  </div>
  <?cs if:Peer.Hidden > 0 ?><p class="hint" id="peer-hidden"><?cs var:L.report.peer_hidden ?></p><?cs /if ?>
  <?cs else ?>
  <p id="peer-none"><?cs var:L.report.peer_none ?></p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs /if ?>
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
