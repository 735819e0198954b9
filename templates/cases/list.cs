<?cs set:Page.Title = L.cases.list_title ?><?cs include:"layout_head.cs" ?>
<?cs # the column headings and the filter's options: list_head.cs and list_options.cs ?>
<?cs def:page_link(page) ?><?cs var:List.Base ?>?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:List.Sort ?>&amp;dir=<?cs var:List.Dir ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.cases.list_title ?></h1>
  <p class="staff-links">
    <?cs if:User.IsStaff == "1" ?><a href="/staff/cases/new" id="new-case"><?cs var:L.cases.staff.new_title ?></a>
    <a href="/staff/cases/categories" id="categories-link"><?cs var:L.cases.staff.categories_link ?></a>
    <a href="/staff/cases/requests/" id="requests-link"><?cs var:L.requests.staff.queue_title ?></a>
    <?cs else ?><a href="/cases/new" id="new-case"><?cs var:L.cases.new_title ?></a><?cs /if ?>
  </p>
  <nav class="quick-filters" aria-label="<?cs var:L.cases.quick ?>">
    <a href="<?cs var:List.Base ?>" id="quick-all"<?cs if:!Query.quick && !Query.assigned ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_all ?></a>
    <a href="<?cs var:List.Base ?>?quick=action" id="quick-action"<?cs if:Query.quick == "action" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_action ?></a>
    <a href="<?cs var:List.Base ?>?quick=monthly" id="quick-monthly"<?cs if:Query.quick == "monthly" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_monthly ?></a>
    <?cs if:User.IsStaff == "1" ?><a href="<?cs var:List.Base ?>?assigned=none" id="quick-unassigned"<?cs if:!Query.quick && Query.assigned == "none" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.staff.unassigned ?></a>
    <a href="<?cs var:List.Base ?>?assigned=mine" id="quick-mine"<?cs if:!Query.quick && Query.assigned == "mine" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.staff.mine ?></a><?cs /if ?>
  </nav>
  <form method="get" action="<?cs var:List.Base ?>" class="form staff-filter" id="filter">
    <?cs if:Query.quick ?><input type="hidden" name="quick" value="<?cs var:Query.quick ?>"><?cs /if ?>
    <label for="q"><?cs var:L.cases.keyword ?></label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Query.q ?>">
    <label for="status"><?cs var:L.cases.col.status ?></label>
    <select id="status" name="status">
      <option value=""><?cs var:L.cases.any ?></option>
      <?cs escape: "none" ?><?cs var:List.OptionsHtml ?><?cs /escape ?>
    </select>
    <label for="from"><?cs var:L.cases.updated_from ?></label>
    <input id="from" name="from" type="date" value="<?cs var:Query.from ?>">
    <label for="to"><?cs var:L.cases.updated_to ?></label>
    <input id="to" name="to" type="date" value="<?cs var:Query.to ?>">
    <?cs if:User.IsStaff == "1" ?>
    <label for="tenant"><?cs var:L.cases_staff.tenant_filter ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="200" value="<?cs var:Query.tenant ?>" placeholder="N200000001">
    <label for="assigned"><?cs var:L.cases.staff.assigned ?></label>
    <select id="assigned" name="assigned">
      <option value=""><?cs var:L.cases.any ?></option>
      <option value="none"<?cs if:Query.assigned == "none" ?> selected<?cs /if ?>><?cs var:L.cases.staff.unassigned ?></option>
      <option value="mine"<?cs if:Query.assigned == "mine" ?> selected<?cs /if ?>><?cs var:L.cases.staff.mine ?></option>
    </select>
    <?cs else ?>
    <label class="inline"><input type="checkbox" name="mine" value="1" id="mine"<?cs if:Query.mine ?> checked<?cs /if ?>> <?cs var:L.cases.mine ?></label>
    <?cs /if ?>
    <?cs if:Query.sort ?><input type="hidden" name="sort" value="<?cs var:Query.sort ?>"><?cs /if ?>
    <?cs if:Query.dir ?><input type="hidden" name="dir" value="<?cs var:Query.dir ?>"><?cs /if ?>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.cases.filter_button ?></button>
    <a href="<?cs var:List.Base ?>" id="filter-clear"><?cs var:L.cases.filter_clear ?></a>
  </form>
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
