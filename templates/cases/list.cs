<?cs set:Page.Title = L.cases.list_title ?><?cs include:"layout_head.cs" ?>
<?cs # the filter and the column headings: list_filter.cs and list_head.cs ?>
<?cs def:page_link(page) ?><?cs var:List.Base ?>?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:List.Sort ?>&amp;dir=<?cs var:List.Dir ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.cases.list_title ?></h1>
  <p class="staff-links">
    <?cs if:User.IsStaff == "1" ?><a href="/staff/cases/new" id="new-case"><?cs var:L.cases.staff.new_title ?></a>
    <a href="/staff/cases/categories" id="categories-link"><?cs var:L.cases.staff.categories_link ?></a>
    <a href="/staff/cases/requests/" id="requests-link"><?cs var:L.requests.staff.queue_title ?></a>
    <?cs else ?><a href="/cases/new" id="new-case"><?cs var:L.cases.new_title ?></a><?cs /if ?>
  </p>
  <?cs escape: "none" ?><?cs var:List.FilterHtml ?><?cs /escape ?>
  <?cs if:Message.Error && #List.Total == #0 ?><p class="error-message" role="alert" id="list-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error"><?cs var:L.cases.col[name(e)] ?><?cs var:L.cases.filter_names[name(e)] ?>: <?cs var:e ?></p><?cs /each ?>
  <?cs elif:#List.Total == #0 ?>
  <p id="list-count"><?cs var:L.cases.empty ?></p>
  <?cs else ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.cases.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.cases.count_total ?><?cs if:List.Capped == "1" ?><?cs var:L.cases.count_more ?><?cs /if ?></p>
  <div class="table-wrap">
  <table class="staff-table" id="cases">
    <thead>
      <?cs escape: "none" ?><?cs var:List.HeadHtml ?><?cs /escape ?>    </thead>
    <tbody>
      <?cs # case numbers are CS and seven digits: nothing in them to escape in a URL ?>
      <?cs each:c = Cases ?>
      <tr>
        <td class="nowrap"><a href="<?cs var:List.Base ?><?cs var:c.No ?>" class="case-no"><?cs var:c.No ?></a></td>
        <td class="nowrap"><span class="status status-<?cs var:c.Status ?>"><?cs var:L.cases.status[c.Status] ?></span></td>
        <td><?cs var:c.Category ?></td>
        <td><a href="<?cs var:List.Base ?><?cs var:c.No ?>" class="case-subject"><?cs var:c.Subject ?></a></td>
        <td class="nowrap"><?cs var:c.CustomerNo ?></td>
        <td><?cs var:c.TenantName ?></td>
        <td><?cs var:c.Service ?></td>
        <td><?cs var:c.Contact ?></td>
        <td class="nowrap"><?cs var:c.UpdatedAt ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.cases.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:page_link(#List.Page - #1) ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:page_link(#List.Page + #1) ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
