<?cs set:Page.Title = L.devices.staff_title ?><?cs include:"layout_head.cs" ?>
<?cs include:"dashboard/device_list.cs" ?>
<section class="card wide staff">
  <h1><?cs var:L.devices.staff_title ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="devices-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="devices-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error"><?cs var:L.devices.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?><?cs /if ?>
  <form method="get" action="/staff/dashboard/devices" class="form staff-filter" id="filter">
    <label for="tenant"><?cs var:L.devices.customer_no ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="10" value="<?cs var:Query.tenant ?>" placeholder="N200000001">
    <label for="q"><?cs var:L.devices.search ?></label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Query.q ?>" placeholder="00:11:22:AA">
    <label for="state"><?cs var:L.devices.filter_state ?></label>
    <select id="state" name="state">
      <option value="active"<?cs if:List.State == "active" ?> selected<?cs /if ?>><?cs var:L.devices.filter_active ?></option>
      <option value="retired"<?cs if:List.State == "retired" ?> selected<?cs /if ?>><?cs var:L.devices.filter_retired ?></option>
      <option value="all"<?cs if:List.State == "all" ?> selected<?cs /if ?>><?cs var:L.devices.filter_all ?></option>
    </select>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.devices.filter ?></button>
  </form>
  <?cs if:#List.Total > #0 ?><p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.devices.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.devices.count_total ?></p><?cs /if ?>
  <?cs call:device_list("staff") ?>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.devices.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="/staff/dashboard/devices?tenant=<?cs var:url_escape(Query.tenant) ?>&amp;q=<?cs var:url_escape(Query.q) ?>&amp;state=<?cs var:url_escape(List.State) ?>&amp;page=<?cs var:#List.Page - #1 ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="/staff/dashboard/devices?tenant=<?cs var:url_escape(Query.tenant) ?>&amp;q=<?cs var:url_escape(Query.q) ?>&amp;state=<?cs var:url_escape(List.State) ?>&amp;page=<?cs var:#List.Page + #1 ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <h2 id="add-heading"><?cs var:L.devices.add_title ?></h2>
  <form method="post" action="/staff/dashboard/devices" class="form" id="add-form" aria-labelledby="add-heading">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="customer_no"><?cs var:L.devices.customer_no ?></label>
    <input id="customer_no" name="customer_no" type="text" maxlength="10" required placeholder="N200000001" value="<?cs var:Query.customer_no ?>">
    <label for="add-mac"><?cs var:L.devices.mac ?></label>
    <input id="add-mac" name="mac" type="text" maxlength="17" required placeholder="00:11:22:AA:BB:CC" value="<?cs var:Query.mac ?>">
    <label for="serial"><?cs var:L.devices.serial ?></label>
    <input id="serial" name="serial" type="text" maxlength="64" required value="<?cs var:Query.serial ?>">
    <label for="model"><?cs var:L.devices.col_model ?></label>
    <input id="model" name="model" type="text" maxlength="64" required value="<?cs var:Query.model ?>">
    <button type="submit" class="primary" id="add-button"><?cs var:L.devices.add_button ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
