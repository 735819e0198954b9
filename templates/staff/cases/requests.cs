<?cs set:Page.Title = L.requests.staff.queue_title ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/request_parts.cs" ?>
<?cs if:Query.tenant ?><?cs set:Queue.TenantQuery = "&tenant=" + url_escape(Query.tenant) ?><?cs /if ?>
<section class="card wide staff">
  <h1><?cs var:L.requests.staff.queue_title ?></h1>
  <p class="staff-links"><a href="/staff/cases/" id="case-queue-link"><?cs var:L.requests.staff.case_queue ?></a>
    <a href="/staff/cases/requests/catalog" id="catalog-link"><?cs var:L.requests.staff.catalog_title ?></a></p>
  <nav class="quick-filters" aria-label="<?cs var:L.requests.col.state ?>">
    <a href="/staff/cases/requests/?state=pending<?cs var:Queue.TenantQuery ?>" id="state-pending"<?cs if:Queue.State == "pending" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.state.pending ?></a>
    <a href="/staff/cases/requests/?state=accepted<?cs var:Queue.TenantQuery ?>" id="state-accepted"<?cs if:Queue.State == "accepted" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.state.accepted ?></a>
    <a href="/staff/cases/requests/?state=rejected<?cs var:Queue.TenantQuery ?>" id="state-rejected"<?cs if:Queue.State == "rejected" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.state.rejected ?></a>
    <a href="/staff/cases/requests/?state=all<?cs var:Queue.TenantQuery ?>" id="state-all"<?cs if:Queue.State == "all" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.staff.all ?></a>
  </nav>
  <form method="get" action="/staff/cases/requests/" class="form staff-filter" id="filter">
    <input type="hidden" name="state" value="<?cs var:Queue.State ?>">
    <label for="tenant"><?cs var:L.requests.staff.tenant ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="10" value="<?cs var:Query.tenant ?>" placeholder="N200000001" aria-describedby="tenant-hint">
    <span class="hint" id="tenant-hint"><?cs var:L.requests.staff.tenant_hint ?></span>
    <?cs if:Errors.tenant ?><span class="field-error" id="error-tenant"><?cs var:Errors.tenant ?></span><?cs /if ?>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.requests.staff.filter ?></button>
  </form>
  <?cs if:subcount(Requests) == 0 ?><p class="hint" id="requests-none"><?cs var:L.requests.none ?></p><?cs else ?>
  <?cs call:request_count() ?>
  <table class="list" id="request-queue" aria-label="<?cs var:L.requests.staff.queue_title ?>">
    <thead><tr>
      <th scope="col"><?cs var:L.requests.col.no ?></th><th scope="col"><?cs var:L.requests.col.state ?></th>
      <th scope="col"><?cs var:L.requests.col.item ?></th><th scope="col"><?cs var:L.requests.col.cost ?></th>
      <th scope="col"><?cs var:L.cases.col.customer ?></th><th scope="col"><?cs var:L.cases.col.tenant ?></th>
      <th scope="col"><?cs var:L.requests.col.requester ?></th><th scope="col"><?cs var:L.requests.col.case ?></th>
      <th scope="col"><?cs var:L.requests.col.sent ?></th>
    </tr></thead>
    <tbody>
    <?cs each:q = Requests ?>
    <tr id="request-<?cs var:q.No ?>" data-state="<?cs var:q.State ?>">
      <td><a href="/staff/cases/requests/<?cs var:url_escape(q.No) ?>" class="request-no"><?cs var:q.No ?></a></td>
      <td><?cs call:request_state(q.State) ?></td>
      <td><?cs var:q.Item ?></td>
      <td class="num"><?cs var:q.Cost ?></td>
      <td><?cs var:q.CustomerNo ?></td>
      <td><?cs var:q.TenantName ?></td>
      <td><?cs var:q.Requester ?></td>
      <td><?cs if:q.CaseNo ?><a href="/staff/cases/<?cs var:url_escape(q.CaseNo) ?>"><?cs var:q.CaseNo ?></a><?cs /if ?></td>
      <td><?cs var:q.CreatedAt ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs call:request_pager("/staff/cases/requests/?state=" + Queue.State + Queue.TenantQuery + "&") ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
