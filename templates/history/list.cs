<?cs set:Page.Title = L.history.title ?><?cs include:"layout_head.cs" ?>
<?cs def:sort_link(col) ?><a href="/history/?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:col ?>&amp;dir=<?cs if:List.Sort == col && List.Dir == "asc" ?>desc<?cs else ?>asc<?cs /if ?>" id="sort-<?cs var:col ?>"><?cs var:L.history.sort[col] ?><?cs if:List.Sort == col ?> <?cs if:List.Dir == "asc" ?>▲<?cs else ?>▼<?cs /if ?><?cs /if ?></a><?cs /def ?>
<?cs def:page_link(page) ?>/history/?<?cs var:List.State ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card wide">
  <nav class="breadcrumb" aria-label="<?cs var:L.history.breadcrumb ?>"><a href="/"><?cs var:L.nav.home ?></a> &gt; <?cs var:L.history.title ?></nav>
  <h1><?cs var:L.history.title ?></h1>
  <p><?cs if:History.IsAdmin == "1" ?><?cs var:L.history.intro_admin ?><?cs else ?><?cs var:L.history.intro_user ?><?cs /if ?></p>
  <p class="hint" id="history-zone"><?cs var:L.history.zone ?>: <?cs var:History.Zone ?></p>
  <form method="get" action="/history/" class="form staff-filter" id="filter">
    <label for="event"><?cs var:L.history.col.event ?></label>
    <select id="event" name="event">
      <option value=""><?cs var:L.history.any ?></option>
      <?cs each:e = History.Events ?><option value="<?cs var:e.Code ?>"<?cs if:Query.event == e.Code ?> selected<?cs /if ?>><?cs var:e.Name ?></option><?cs /each ?>
    </select>
    <?cs if:History.IsAdmin == "1" ?>
    <label for="user"><?cs var:L.history.col.user ?></label>
    <input id="user" name="user" type="text" maxlength="40" value="<?cs var:Query.user ?>" autocomplete="off">
    <?cs /if ?>
    <label for="from"><?cs var:L.history.from ?></label>
    <input id="from" name="from" type="date" value="<?cs var:Query.from ?>">
    <label for="to"><?cs var:L.history.to ?></label>
    <input id="to" name="to" type="date" value="<?cs var:Query.to ?>">
    <?cs if:Query.sort ?><input type="hidden" name="sort" value="<?cs var:Query.sort ?>"><?cs /if ?>
    <?cs if:Query.dir ?><input type="hidden" name="dir" value="<?cs var:Query.dir ?>"><?cs /if ?>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.history.filter_button ?></button>
    <a href="/history/" id="filter-clear"><?cs var:L.history.filter_clear ?></a>
  </form>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="list-error"><?cs var:Message.Error ?></p>
  <?cs else ?>
  <details class="export-menu" id="export-menu">
    <summary id="export-toggle"><span aria-hidden="true">&#8801;</span> <?cs var:L.history.export ?></summary>
    <ul>
      <?cs each:x = History.Formats ?><li><a href="/history/export.<?cs var:x.Ext ?>?<?cs var:List.State ?>" id="export-<?cs var:x.Ext ?>"><?cs var:L.history.export_as ?>: <?cs var:x.Name ?></a></li><?cs /each ?>
    </ul>
  </details>
  <?cs if:#List.Total == #0 ?>
  <p id="list-count"><?cs var:L.history.empty ?></p>
  <?cs else ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.history.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.history.count_total ?><?cs if:List.Capped == "1" ?> <?cs var:L.history.count_more ?><?cs /if ?></p>
  <div class="table-wrap">
  <table class="staff-table" id="history">
    <thead>
      <tr>
        <th scope="col"><?cs call:sort_link("time") ?></th>
        <th scope="col"><?cs call:sort_link("event") ?></th>
        <th scope="col"><?cs call:sort_link("user") ?></th>
        <th scope="col"><?cs var:L.history.col.ip ?></th>
        <th scope="col"><?cs var:L.history.col.user_agent ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:h = History.Rows ?>
      <tr>
        <td class="nowrap"><?cs var:h.At ?></td>
        <td><span title="<?cs var:h.EventCode ?>"><?cs var:h.Event ?></span></td>
        <td class="login-id"><?cs var:h.LoginId ?></td>
        <td class="nowrap"><?cs var:h.Ip ?></td>
        <td class="user-agent"><?cs var:h.UserAgent ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.history.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:page_link(#List.Page - #1) ?>" rel="prev" id="page-prev">&lt; <?cs var:L.history.prev ?></a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:page_link(#List.Page + #1) ?>" rel="next" id="page-next"><?cs var:L.history.next ?> &gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
