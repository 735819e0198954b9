<?cs set:Page.Title = L.account_users.title ?><?cs include:"layout_head.cs" ?>
<?cs def:sort_link(col) ?><a href="/account/users/?sort=<?cs var:col ?>&amp;dir=<?cs if:List.Sort == col && List.Dir == "asc" ?>desc<?cs else ?>asc<?cs /if ?>" id="sort-<?cs var:col ?>"><?cs var:L.account_users.col[col] ?><?cs if:List.Sort == col ?> <?cs if:List.Dir == "asc" ?>▲<?cs else ?>▼<?cs /if ?><?cs /if ?></a><?cs /def ?>
<?cs def:page_link(page) ?>/account/users/?sort=<?cs var:List.Sort ?>&amp;dir=<?cs var:List.Dir ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card wide">
  <h1><?cs var:L.account_users.title ?></h1>
  <?cs if:Notice ?><p class="notice" role="status" id="users-notice"><?cs var:Notice ?></p><?cs /if ?>
  <p class="staff-links"><a href="/account/users/new" id="new-user"><?cs var:L.account_users.new_title ?></a></p>
  <p class="instructions"><?cs var:L.account_users.intro ?></p>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.account_users.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.account_users.count_total ?></p>
  <div class="table-wrap">
  <table class="staff-table" id="users">
    <thead>
      <tr>
        <th scope="col"><?cs call:sort_link("name") ?></th>
        <th scope="col"><?cs call:sort_link("login") ?></th>
        <th scope="col"><?cs call:sort_link("email") ?></th>
        <th scope="col"><?cs call:sort_link("role") ?></th>
        <th scope="col"><?cs call:sort_link("mfa") ?></th>
        <th scope="col"><?cs call:sort_link("state") ?></th>
        <th scope="col"><?cs call:sort_link("last_login") ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:u = Users ?>
      <tr id="user-<?cs var:u.Id ?>">
        <td><a href="/account/users/<?cs var:u.Id ?>" class="user-name"><?cs var:u.Name ?></a></td>
        <td class="user-login"><?cs var:u.LoginId ?></td>
        <td class="user-email"><?cs var:u.Email ?></td>
        <td class="user-role nowrap"><?cs var:L.role[u.Role] ?></td>
        <td class="user-mfa"><?cs var:L.account_users.mfa[u.Mfa] ?><?cs if:u.MfaRequired == "1" ?> (<?cs var:L.account_users.required ?>)<?cs /if ?></td>
        <td class="user-state nowrap"><span class="status state-<?cs var:u.State ?>"><?cs var:L.account_users.state[u.State] ?></span></td>
        <td class="user-last-login nowrap"><?cs if:u.LastLogin ?><?cs var:u.LastLogin ?><?cs else ?><?cs var:L.account_users.never ?><?cs /if ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.account_users.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:page_link(#List.Page - #1) ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:page_link(#List.Page + #1) ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
