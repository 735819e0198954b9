<?cs def:points_periods() ?>
  <?cs if:#Periods.Total == #0 ?>
  <p id="periods-count"><?cs var:L.points.no_periods ?></p>
  <?cs else ?>
  <p id="periods-count"><?cs var:Periods.From ?>~<?cs var:Periods.To ?> <?cs var:L.points.count_nth ?> / <?cs var:Periods.Total ?> <?cs var:L.points.count_total ?></p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="<?cs var:L.points.periods_caption ?>">
  <table class="staff-table" id="periods">
    <caption><?cs var:L.points.periods_caption ?></caption>
    <thead>
      <tr>
        <th scope="col"><?cs var:L.points.col.customer_no ?></th>
        <th scope="col"><?cs var:L.points.col.starts_on ?></th>
        <th scope="col"><?cs var:L.points.col.ends_on ?></th>
        <th scope="col"><?cs var:L.points.col.contracted ?></th>
        <th scope="col"><?cs var:L.points.col.credited ?></th>
        <th scope="col"><?cs var:L.points.col.consumed ?></th>
        <th scope="col"><?cs var:L.points.col.remaining ?></th>
        <th scope="col"><?cs var:L.points.col.ledger ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:p = Periods.Rows ?>
      <tr id="period-<?cs var:p.Id ?>" class="period<?cs if:p.Current == "1" ?> current<?cs /if ?>">
        <td class="nowrap"><?cs var:p.CustomerNo ?></td>
        <td class="nowrap period-start"><?cs var:p.StartsOn ?><?cs if:p.Current == "1" ?> <span class="status status-completed"><?cs var:L.points.current ?></span><?cs elif:p.Future == "1" ?> <span class="status"><?cs var:L.points.future ?></span><?cs /if ?></td>
        <td class="nowrap period-end"><?cs var:p.EndsOn ?></td>
        <td class="num period-contracted"><?cs var:p.Contracted ?></td>
        <td class="num period-credited"><?cs var:p.Credited ?></td>
        <td class="num period-consumed"><?cs var:p.Consumed ?></td>
        <td class="num period-remaining"><?cs var:p.Remaining ?></td>
        <td><?cs if:p.Selected == "1" ?><span aria-current="true"><?cs var:L.points.shown ?></span><?cs else ?><a href="<?cs var:Points.Base ?>?period=<?cs var:p.Id ?>&amp;ppage=<?cs var:Periods.Page ?>" class="period-link"><?cs var:L.points.show_ledger ?></a><?cs /if ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#Periods.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.points.period_pages ?>">
    <?cs if:#Periods.Page > #1 ?><a href="<?cs var:Points.Base ?>?ppage=<?cs var:#Periods.Page - #1 ?>" rel="prev" id="periods-prev">&lt;</a><?cs /if ?>
    <span><?cs var:Periods.Page ?> / <?cs var:Periods.Pages ?></span>
    <?cs if:#Periods.Page < #Periods.Pages ?><a href="<?cs var:Points.Base ?>?ppage=<?cs var:#Periods.Page + #1 ?>" rel="next" id="periods-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
<?cs /def ?>
<?cs def:points_ledger() ?>
  <?cs if:Selected.Id ?>
  <h2 id="ledger-title"><?cs var:L.points.ledger_title ?> (<?cs var:Selected.StartsOn ?> ~ <?cs var:Selected.EndsOn ?>)</h2>
  <?cs if:#Ledger.Total == #0 ?>
  <p id="ledger-count"><?cs var:L.points.no_entries ?></p>
  <?cs else ?>
  <p id="ledger-count"><?cs var:Ledger.From ?>~<?cs var:Ledger.To ?> <?cs var:L.points.count_nth ?> / <?cs var:Ledger.Total ?> <?cs var:L.points.count_total ?></p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="<?cs var:L.points.ledger_caption ?>">
  <table class="staff-table" id="ledger">
    <caption><?cs var:L.points.ledger_caption ?></caption>
    <thead>
      <tr>
        <th scope="col"><?cs var:L.points.col.when ?></th>
        <th scope="col"><?cs var:L.points.col.kind ?></th>
        <th scope="col"><?cs var:L.points.col.request_no ?></th>
        <th scope="col"><?cs var:L.points.col.case_no ?></th>
        <th scope="col"><?cs var:L.points.col.points ?></th>
        <th scope="col"><?cs var:L.points.col.actor ?></th>
        <th scope="col"><?cs var:L.points.col.reason ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:e = Ledger.Rows ?>
      <tr class="entry entry-<?cs var:e.Kind ?>">
        <td class="nowrap entry-when"><?cs var:e.When ?></td>
        <td class="entry-kind"><?cs var:L.points.kind[e.Kind] ?></td>
        <td class="nowrap entry-request"><?cs var:e.RequestNo ?></td>
        <td class="nowrap entry-case"><?cs if:e.CaseNo ?><a href="<?cs var:Points.CaseBase ?><?cs var:url_escape(e.CaseNo) ?>"><?cs var:e.CaseNo ?></a><?cs /if ?></td>
        <td class="num nowrap entry-points"><?cs var:e.Points ?></td>
        <td class="entry-actor"><?cs if:e.Actor ?><?cs var:e.Actor ?><?cs else ?><?cs var:L.points.system ?><?cs /if ?></td>
        <td class="entry-reason"><?cs var:e.Reason ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#Ledger.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.points.ledger_pages ?>">
    <?cs if:#Ledger.Page > #1 ?><a href="<?cs var:Points.Base ?>?period=<?cs var:Selected.Id ?>&amp;ppage=<?cs var:Periods.Page ?>&amp;page=<?cs var:#Ledger.Page - #1 ?>" rel="prev" id="ledger-prev">&lt;</a><?cs /if ?>
    <span><?cs var:Ledger.Page ?> / <?cs var:Ledger.Pages ?></span>
    <?cs if:#Ledger.Page < #Ledger.Pages ?><a href="<?cs var:Points.Base ?>?period=<?cs var:Selected.Id ?>&amp;ppage=<?cs var:Periods.Page ?>&amp;page=<?cs var:#Ledger.Page + #1 ?>" rel="next" id="ledger-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
  <?cs /if ?>
<?cs /def ?>
