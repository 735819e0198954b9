<?cs set:Page.Title = L.alerts.alerts_title ?><?cs include:"layout_head.cs" ?>
<?cs def:sort_link(col) ?><a href="/dashboard/alerts?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:col ?>&amp;dir=<?cs if:List.Sort == col && List.Dir == "asc" ?>desc<?cs else ?>asc<?cs /if ?>" id="sort-<?cs var:col ?>"><?cs var:L.alerts.col[col] ?><?cs if:List.Sort == col ?> <?cs if:List.Dir == "asc" ?>▲<?cs else ?>▼<?cs /if ?><?cs /if ?></a><?cs /def ?>
<?cs def:page_link(page) ?>/dashboard/alerts?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:List.Sort ?>&amp;dir=<?cs var:List.Dir ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.alerts.alerts_title ?></h1>
  <form method="get" action="/dashboard/alerts" class="form staff-filter" id="filter">
    <label for="from"><?cs var:L.alerts.from ?></label>
    <input id="from" name="from" type="date" value="<?cs var:Query.from ?>">
    <label for="to"><?cs var:L.alerts.to ?></label>
    <input id="to" name="to" type="date" value="<?cs var:Query.to ?>">
    <label for="severity"><?cs var:L.alerts.col.severity ?></label>
    <select id="severity" name="severity">
      <option value=""><?cs var:L.alerts.any ?></option>
      <option value="high"<?cs if:Query.severity == "high" ?> selected<?cs /if ?>>★★★ <?cs var:L.alerts.sev.3 ?></option>
      <option value="medium_up"<?cs if:Query.severity == "medium_up" ?> selected<?cs /if ?>><?cs var:L.alerts.medium_up ?></option>
      <option value="medium"<?cs if:Query.severity == "medium" ?> selected<?cs /if ?>>★★☆ <?cs var:L.alerts.sev.2 ?></option>
      <option value="low"<?cs if:Query.severity == "low" ?> selected<?cs /if ?>>★☆☆ <?cs var:L.alerts.sev.1 ?></option>
    </select>
    <label for="category"><?cs var:L.alerts.col.category ?></label>
    <select id="category" name="category">
      <option value=""><?cs var:L.alerts.any ?></option>
      <?cs each:c = AlertCategories ?><option value="<?cs var:c ?>"<?cs if:Query.category == c ?> selected<?cs /if ?>><?cs var:c ?></option><?cs /each ?>
    </select>
    <label for="device"><?cs var:L.alerts.col.device ?></label>
    <select id="device" name="device">
      <option value=""><?cs var:L.alerts.any ?></option>
      <?cs each:d = Devices ?><option value="<?cs var:d.Id ?>"<?cs if:Query.device == d.Id ?> selected<?cs /if ?>><?cs var:d.Label ?></option><?cs /each ?>
    </select>
    <label for="state"><?cs var:L.alerts.col.status ?></label>
    <select id="state" name="state">
      <option value=""><?cs var:L.alerts.any ?></option>
      <option value="open"<?cs if:Query.state == "open" ?> selected<?cs /if ?>><?cs var:L.alerts.state.open ?></option>
      <option value="blocked"<?cs if:Query.state == "blocked" ?> selected<?cs /if ?>><?cs var:L.alerts.state.blocked ?></option>
    </select>
    <?cs if:Query.sort ?><input type="hidden" name="sort" value="<?cs var:Query.sort ?>"><?cs /if ?>
    <?cs if:Query.dir ?><input type="hidden" name="dir" value="<?cs var:Query.dir ?>"><?cs /if ?>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.alerts.filter_button ?></button>
    <a href="/dashboard/alerts" id="filter-clear"><?cs var:L.alerts.filter_clear ?></a>
  </form>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="list-error"><?cs var:Message.Error ?></p>
  <?cs elif:#List.Total == #0 ?>
  <p id="list-count"><?cs var:L.alerts.empty ?></p>
  <?cs else ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.alerts.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.alerts.count_total ?><?cs if:List.Capped == "1" ?><?cs var:L.alerts.count_more ?><?cs /if ?></p>
  <div class="table-wrap">
  <table class="staff-table" id="alerts">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.alerts.col.id ?></th>
        <th scope="col"><?cs call:sort_link("detected") ?></th>
        <th scope="col"><?cs call:sort_link("severity") ?></th>
        <th scope="col"><?cs call:sort_link("category") ?></th>
        <th scope="col"><?cs call:sort_link("device") ?></th>
        <th scope="col"><?cs var:L.alerts.col.destination ?></th>
        <th scope="col"><?cs var:L.alerts.col.status ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:a = Alerts ?>
      <tr>
        <td class="nowrap"><a href="/dashboard/alerts/<?cs var:a.Id ?>" class="alert-id"><?cs var:a.Id ?></a></td>
        <td class="nowrap alert-detected"><?cs var:a.DetectedAt ?></td>
        <td class="nowrap alert-severity" data-severity="<?cs var:a.Severity ?>"><span aria-hidden="true"><?cs var:a.Stars ?></span> <?cs var:L.alerts.sev[a.Severity] ?></td>
        <td class="alert-category"><?cs var:a.Category ?></td>
        <td class="alert-device"><?cs var:a.Device ?></td>
        <td class="alert-destination"><?cs var:a.Destination ?></td>
        <td class="nowrap alert-status"><?cs if:L.alerts.status[a.Status] ?><?cs var:L.alerts.status[a.Status] ?><?cs else ?><?cs var:a.Status ?><?cs /if ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.alerts.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:page_link(#List.Page - #1) ?>" rel="prev" id="page-prev" aria-label="<?cs var:L.alerts.prev ?>">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:page_link(#List.Page + #1) ?><?cs if:List.NextKey ?>&amp;after=<?cs var:List.NextKey ?><?cs /if ?>" rel="next" id="page-next" aria-label="<?cs var:L.alerts.next ?>">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
  <p><a href="/"><?cs var:L.alerts.back_home ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
