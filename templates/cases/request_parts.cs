<?cs # Pieces of the work request pages: call:request_values() shows the
   values of Values (filled by rq_fill_request), call:request_files(Files)
   the files sent with it, call:request_state(state) a state's name,
   call:request_count() the count line of a list (List.*, rq_fill_list)
   and call:request_pager(prefix) its pager, prefix the list's URL with
   its filter ("…?state=pending&"). ?>
<?cs def:request_state(state) ?><span class="badge state-<?cs var:state ?>"><?cs var:L.requests.state[state] ?></span><?cs /def ?>
<?cs def:request_values() ?>
<h2><?cs var:L.requests.values ?></h2>
<?cs if:subcount(Values) == 0 ?><p class="hint" id="values-none"><?cs var:L.requests.no_values ?></p><?cs else ?>
<dl class="facts" id="request-values">
  <?cs each:v = Values ?><dt><?cs var:v.Label ?></dt><dd class="pre" id="value-<?cs var:v.Name ?>"><?cs var:v.Shown ?></dd>
  <?cs /each ?>
</dl>
<?cs /if ?>
<?cs /def ?>
<?cs def:request_facts() ?>
<dl class="facts">
  <dt><?cs var:L.requests.col.no ?></dt><dd id="request-no"><?cs var:Request.No ?></dd>
  <dt><?cs var:L.requests.col.state ?></dt><dd id="request-state" data-state="<?cs var:Request.State ?>"><?cs call:request_state(Request.State) ?></dd>
  <dt><?cs var:L.requests.col.item ?></dt><dd id="request-item"><?cs var:Request.Item ?></dd>
  <dt><?cs var:L.requests.col.cost ?></dt><dd id="request-cost"><?cs var:Request.Cost ?> <?cs var:L.requests.points_unit ?></dd>
  <dt><?cs var:L.cases.col.customer ?></dt><dd id="request-customer"><?cs var:Request.CustomerNo ?></dd>
  <dt><?cs var:L.cases.col.tenant ?></dt><dd><?cs var:Request.TenantName ?></dd>
  <dt><?cs var:L.requests.col.requester ?></dt><dd id="request-requester"><?cs var:Request.Requester ?></dd>
  <dt><?cs var:L.requests.col.sent ?></dt><dd id="request-sent"><?cs var:Request.CreatedAt ?></dd>
  <?cs if:Request.DecidedAt ?><dt><?cs var:L.requests.col.decided ?></dt><dd id="request-decided"><?cs var:Request.DecidedAt ?> (<?cs var:Request.Decider ?>)</dd><?cs /if ?>
  <?cs if:Request.State == "rejected" ?><dt><?cs var:L.requests.col.reason ?></dt><dd class="pre" id="request-reason"><?cs var:Request.Reason ?></dd><?cs /if ?>
</dl>
<?cs /def ?>
<?cs def:request_count() ?><p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.requests.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.requests.count_total ?></p><?cs /def ?>
<?cs def:request_pager(prefix) ?><?cs if:#List.Pages > #1 ?>
<nav class="pager" aria-label="<?cs var:L.requests.pages ?>">
  <?cs if:#List.Page > #1 ?><a href="<?cs var:prefix ?>page=<?cs var:#List.Page - #1 ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
  <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
  <?cs if:#List.Page < #List.Pages ?><a href="<?cs var:prefix ?>page=<?cs var:#List.Page + #1 ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
</nav>
<?cs /if ?><?cs /def ?>
