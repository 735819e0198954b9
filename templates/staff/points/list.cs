<?cs set:Page.Title = L.points.staff.title ?><?cs include:"layout_head.cs" ?>
<section class="card wide staff">
  <h1><?cs var:L.points.staff.title ?></h1>
  <form method="get" action="/staff/points/" class="form staff-filter" id="tenant-search">
    <label for="q"><?cs var:L.points.staff.search ?></label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Query.q ?>" placeholder="N200000001">
    <button type="submit" class="secondary" id="search-button"><?cs var:L.points.staff.search_button ?></button>
  </form>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="list-error"><?cs var:Message.Error ?></p>
  <?cs elif:#List.Total == #0 ?>
  <p id="list-count"><?cs var:L.points.staff.no_tenants ?></p>
  <?cs else ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.points.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.points.count_total ?></p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="<?cs var:L.points.staff.title ?>">
  <table class="staff-table" id="tenants">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.points.col.customer_no ?></th>
        <th scope="col"><?cs var:L.points.contractor ?></th>
        <th scope="col"><?cs var:L.points.staff.current_total ?></th>
        <th scope="col"><?cs var:L.points.col.consumed ?></th>
        <th scope="col"><?cs var:L.points.col.remaining ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:t = Tenants ?>
      <tr>
        <td class="nowrap"><a href="/staff/points/<?cs var:url_escape(t.No) ?>" class="tenant-no"><?cs var:t.No ?></a></td>
        <td><?cs var:t.Name ?></td>
        <?cs if:t.HasCurrent == "1" ?>
        <td class="num"><?cs var:t.Contracted ?></td>
        <td class="num"><?cs var:t.Consumed ?></td>
        <td class="num tenant-remaining"><?cs var:t.Remaining ?></td>
        <?cs else ?>
        <td colspan="3"><?cs var:L.points.staff.no_current ?></td>
        <?cs /if ?>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.points.staff.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="/staff/points/?q=<?cs var:url_escape(Query.q) ?>&amp;page=<?cs var:#List.Page - #1 ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="/staff/points/?q=<?cs var:url_escape(Query.q) ?>&amp;page=<?cs var:#List.Page + #1 ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
