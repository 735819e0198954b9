<?cs # The figures of a report (DASH-4): rendered by report.c once per tenant,
   period, UTM choice and language, and kept while what they were made of
   is unchanged (report_cache.c); report.cs prints the result as
   Report.Body. Every value here is escaped but the charts, which
   svg_chart.c draws with every text escaped. ?>
<?cs def:report_svg(svg) ?><?cs escape: "none" ?><?cs var:svg ?><?cs /escape ?><?cs /def ?>
<section class="card wide report" aria-labelledby="sev-title">
  <h2 id="sev-title"><?cs var:L.report.by_severity ?></h2>
  <div class="report-pair">
    <div class="report-chart" tabindex="0" role="region" aria-labelledby="sev-title"><?cs call:report_svg(Charts.Severity) ?></div>
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
    <div class="report-chart" tabindex="0" role="region" aria-labelledby="cat-title"><?cs call:report_svg(Charts.Category) ?></div>
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
  <div class="report-chart wide-chart" tabindex="0" role="region" aria-labelledby="trend-title"><?cs call:report_svg(Charts.Trend) ?></div>
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
  <?cs # a wide table scrolls sideways: keyboard users reach it too ?>
  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="devices-title">
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
  <div class="report-chart" tabindex="0" role="region" aria-labelledby="compare-title"><?cs call:report_svg(Charts.Devices) ?></div>
  <?cs if:Report.ChartDevices ?><p class="hint"><?cs var:L.report.chart_first_devices ?></p><?cs /if ?>
  <p class="hint"><?cs var:L.report.compare_table_hint ?></p>
  <?cs else ?>
  <p id="compare-one"><?cs var:L.report.compare_one ?></p>
  <?cs /if ?>
</section>
<section class="card wide report" aria-labelledby="peer-title" id="peers">
  <h2 id="peer-title"><?cs var:L.report.peer_title ?></h2>
  <?cs if:Peer.Show == "1" ?>
  <p class="dash-period" id="peer-period"><?cs var:L.report.peer_period ?>: <?cs var:Peer.From ?> - <?cs var:Peer.To ?></p>
  <?cs if:Peer.Same != "1" ?><p class="hint" id="peer-other-period"><?cs var:L.report.peer_other_period ?></p><?cs /if ?>
  <p class="hint"><?cs var:L.report.peer_explain ?></p>
  <?cs if:Charts.Peers ?><div class="report-chart" tabindex="0" role="region" aria-labelledby="peer-title"><?cs call:report_svg(Charts.Peers) ?></div><?cs /if ?>
  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="peer-title">
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
