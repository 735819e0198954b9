<?cs # Status.From / Status.To are dates the program formats (YYYY-MM-DD):
   nothing in them to escape in a URL, and var: still escapes them for HTML. ?>
<?cs if:Status.Show == "1" ?>
<section class="card wide dash-status" aria-labelledby="status-title">
  <h2 id="status-title"><?cs var:L.alerts.status_title ?></h2>
  <p class="dash-period" id="status-period"><?cs var:L.alerts.period ?>: <?cs var:Status.From ?> - <?cs var:Status.To ?></p>
  <?cs if:#Status.Total == #0 ?>
  <p class="dash-ok" id="status-ok"><span class="dash-ok-mark" aria-hidden="true">✔</span> <?cs var:L.alerts.no_threats ?></p>
  <?cs else ?>
  <p class="dash-threats" id="status-threats"><?cs var:L.alerts.threats_found ?></p>
  <table class="staff-table dash-counts" id="status-counts">
    <caption><?cs var:L.alerts.counts_caption ?></caption>
    <thead><tr><th scope="col"><?cs var:L.alerts.col.severity ?></th><th scope="col"><?cs var:L.alerts.count ?></th></tr></thead>
    <tbody>
      <tr><th scope="row"><span aria-hidden="true">★★★</span> <?cs var:L.alerts.sev.3 ?></th><td id="count-high"><?cs var:Status.High ?></td></tr>
      <tr><th scope="row"><span aria-hidden="true">★★☆</span> <?cs var:L.alerts.sev.2 ?></th><td id="count-medium"><?cs var:Status.Medium ?></td></tr>
      <tr><th scope="row"><span aria-hidden="true">★☆☆</span> <?cs var:L.alerts.sev.1 ?></th><td id="count-low"><?cs var:Status.Low ?></td></tr>
    </tbody>
  </table>
  <?cs /if ?>
  <p class="dash-actions">
    <a class="button" id="status-details" href="/dashboard/alerts?from=<?cs var:Status.From ?>&amp;to=<?cs var:Status.To ?>"><?cs var:L.alerts.details ?></a>
    <a class="button" id="status-issues" href="/dashboard/alerts?from=<?cs var:Status.From ?>&amp;to=<?cs var:Status.To ?>&amp;severity=medium_up&amp;state=open"><?cs var:L.alerts.issues ?></a>
  </p>
  <?cs if:Status.Awaiting == "1" ?>
  <p class="dash-warning" id="unregistered-warning"><a href="/dashboard/devices"><?cs var:L.alerts.unregistered ?></a></p>
  <?cs /if ?>
  <div class="dash-reports" id="report-buttons">
    <a class="button" id="report-link" href="/dashboard/report"><?cs var:L.alerts.report_threats ?></a>
    <a class="button" id="report-peers-link" href="/dashboard/report#peers"><?cs var:L.alerts.report_average ?></a>
    <a class="button" id="report-devices-link" href="/dashboard/report#compare-devices"><?cs var:L.alerts.report_devices ?></a>
  </div>
  <?cs if:User.IsAdmin == "1" ?><p><a href="/dashboard/settings" id="mail-settings-link"><?cs var:L.alerts.settings_title ?></a></p><?cs /if ?>
</section>
<?cs /if ?>
