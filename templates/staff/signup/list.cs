<?cs set:Page.Title = L.staff_signup.list_title ?><?cs include:"layout_head.cs" ?>
<?cs def:list_link(page) ?>/staff/signup/?status=<?cs var:url_escape(List.Status) ?><?cs if:List.Q ?>&amp;q=<?cs var:url_escape(List.Q) ?><?cs /if ?>&amp;page=<?cs var:page ?><?cs /def ?>
<section class="card staff">
  <h1><?cs var:L.staff_signup.list_title ?></h1>
  <p class="staff-links"><a href="/staff/signup/questions" id="questions-link"><?cs var:L.staff_signup.questions_link ?></a></p>
  <form method="get" action="/staff/signup/" class="form staff-filter" id="filter">
    <label for="status"><?cs var:L.staff_signup.filter_status ?></label>
    <select id="status" name="status">
      <?cs each:s = L.staff_signup.status ?>
      <option value="<?cs name:s ?>"<?cs if:List.Status == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option>
      <?cs /each ?>
    </select>
    <label for="q"><?cs var:L.staff_signup.filter_q ?></label>
    <input id="q" name="q" type="text" maxlength="100" value="<?cs var:List.Q ?>" placeholder="<?cs var:L.staff_signup.filter_q_hint ?>">
    <button type="submit" class="secondary"><?cs var:L.staff_signup.filter_button ?></button>
  </form>
  <?cs if:Errors.status || Errors.q || Errors.page ?><p class="error-message" role="alert"><?cs var:L.staff_signup.filter_invalid ?></p><?cs /if ?>
  <?cs if:#List.Total == #0 ?>
  <p id="list-count"><?cs var:L.staff_signup.empty ?></p>
  <?cs else ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.staff_signup.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.staff_signup.count_total ?></p>
  <div class="table-wrap">
  <table class="staff-table" id="applications">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.staff_signup.col_no ?></th>
        <th scope="col"><?cs var:L.staff_signup.col_company ?></th>
        <th scope="col"><?cs var:L.staff_signup.col_applicant ?></th>
        <th scope="col"><?cs var:L.staff_signup.col_email ?></th>
        <th scope="col" class="num"><?cs var:L.staff_signup.col_units ?></th>
        <th scope="col" class="num"><?cs var:L.staff_signup.col_users ?></th>
        <th scope="col"><?cs var:L.staff_signup.col_confirmed ?></th>
        <?cs if:List.Status != "completed" ?><th scope="col"><?cs var:L.staff_signup.col_status ?></th><?cs /if ?>
      </tr>
    </thead>
    <tbody>
      <?cs each:a = Apps ?>
      <tr>
        <td><a href="/staff/signup/applications/<?cs var:url_escape(a.No) ?>" class="app-no"><?cs var:a.No ?></a></td>
        <td><?cs var:a.Company ?></td>
        <td class="nowrap"><?cs var:a.Surname ?> <?cs var:a.GivenName ?></td>
        <td class="email"><?cs var:a.Email ?></td>
        <td class="num"><?cs var:a.Units ?></td>
        <td class="num"><?cs var:a.Users ?></td>
        <td><?cs if:a.ConfirmedAt ?><?cs var:a.ConfirmedAt ?><?cs else ?>—<?cs /if ?></td>
        <?cs if:List.Status != "completed" ?><td><span class="status status-<?cs var:a.Status ?>"><?cs var:L.staff_signup.status[a.Status] ?></span></td><?cs /if ?>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.staff_signup.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:list_link(#List.Page - #1) ?>" rel="prev" id="page-prev"><?cs var:L.staff_signup.prev ?></a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:list_link(#List.Page + #1) ?>" rel="next" id="page-next"><?cs var:L.staff_signup.next ?></a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
