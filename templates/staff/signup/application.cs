<?cs set:Page.Title = L.staff_signup.app_title + " " + App.No ?><?cs include:"layout_head.cs" ?>
<?cs def:postal(code) ?><?cs if:string.length(code) == 7 ?><?cs var:string.slice(code, 0, 3) ?>-<?cs var:string.slice(code, 3, 7) ?><?cs else ?><?cs var:code ?><?cs /if ?><?cs /def ?>
<section class="card staff">
  <p class="staff-links"><a href="/staff/signup/" id="back-to-list"><?cs var:L.staff_signup.back_to_list ?></a></p>
  <h1><?cs var:L.staff_signup.app_title ?> <span id="app-no"><?cs var:App.No ?></span></h1>
  <p><span class="status status-<?cs var:App.Status ?>" id="app-status"><?cs var:L.staff_signup.status[App.Status] ?></span></p>
  <?cs if:Decide.Error ?><p class="error-message" role="alert" id="decide-error"><?cs var:Decide.Error ?></p><?cs /if ?>

  <?cs if:App.Status == "approved" ?>
  <dl class="facts decision" id="decision">
    <dt><?cs var:L.staff_signup.decided_at ?></dt><dd id="decided-at"><?cs var:App.DecidedAt ?></dd>
    <dt><?cs var:L.staff_signup.decided_by ?></dt><dd id="decided-by"><?cs if:App.DecidedByAuto ?><?cs var:L.staff_signup.auto_approved ?><?cs else ?><?cs var:App.DecidedByName ?> (<?cs var:App.DecidedByLogin ?>)<?cs /if ?></dd>
    <dt><?cs var:L.home.customer_no ?></dt><dd id="customer-no"><?cs var:App.CustomerNo ?></dd>
    <dt><?cs var:L.home.contractor ?></dt><dd><?cs var:App.TenantName ?></dd>
  </dl>
  <?cs elif:App.Status == "rejected" ?>
  <dl class="facts decision" id="decision">
    <dt><?cs var:L.staff_signup.decided_at ?></dt><dd id="decided-at"><?cs var:App.DecidedAt ?></dd>
    <dt><?cs var:L.staff_signup.decided_by ?></dt><dd id="decided-by"><?cs var:App.DecidedByName ?> (<?cs var:App.DecidedByLogin ?>)</dd>
    <dt><?cs var:L.staff_signup.reason ?></dt><dd id="reject-reason" class="pre"><?cs var:App.RejectReason ?></dd>
  </dl>
  <?cs elif:App.Status == "unconfirmed" ?>
  <p class="hint" id="not-decidable"><?cs var:L.staff_signup.unconfirmed_hint ?></p>
  <?cs elif:App.Status == "expired" ?>
  <p class="hint" id="not-decidable"><?cs var:L.staff_signup.expired_hint ?></p>
  <?cs /if ?>

  <h2><?cs var:L.staff_signup.basic ?></h2>
  <dl class="facts" id="basic">
    <dt><?cs var:L.staff_signup.company ?></dt><dd id="company"><?cs var:App.Company ?></dd>
    <dt><?cs var:L.staff_signup.name ?></dt><dd id="applicant"><?cs var:App.Surname ?> <?cs var:App.GivenName ?></dd>
    <dt><?cs var:L.staff_signup.department ?></dt><dd><?cs var:App.Department ?></dd>
    <dt><?cs var:L.staff_signup.position ?></dt><dd><?cs var:App.Position ?></dd>
    <dt><?cs var:L.staff_signup.email ?></dt><dd id="email"><?cs var:App.Email ?></dd>
    <dt><?cs var:L.staff_signup.postal_code ?></dt><dd><?cs call:postal(App.PostalCode) ?></dd>
    <dt><?cs var:L.staff_signup.prefecture ?></dt><dd><?cs var:App.Prefecture ?></dd>
    <dt><?cs var:L.staff_signup.address ?></dt><dd><?cs var:App.Address ?></dd>
    <dt><?cs var:L.staff_signup.phone ?></dt><dd><?cs var:App.Phone ?></dd>
    <dt><?cs var:L.staff_signup.lang ?></dt><dd><?cs if:App.Lang == "en" ?>English<?cs else ?>日本語<?cs /if ?></dd>
    <dt><?cs var:L.staff_signup.created_at ?></dt><dd><?cs var:App.CreatedAt ?></dd>
    <dt><?cs var:L.staff_signup.col_confirmed ?></dt><dd id="confirmed-at"><?cs if:App.ConfirmedAt ?><?cs var:App.ConfirmedAt ?><?cs else ?>—<?cs /if ?></dd>
    <dt><?cs var:L.staff_signup.ip ?></dt><dd><?cs var:App.Ip ?></dd>
  </dl>

  <h2><?cs var:L.staff_signup.destinations ?> <span class="hint">(<?cs var:L.staff_signup.units_total ?> <span id="units-total"><?cs var:App.Units ?></span>)</span></h2>
  <?cs each:d = Dests ?>
  <h3 class="sub"><?cs var:L.staff_signup.destination ?> <?cs var:d.Seq ?></h3>
  <dl class="facts destination">
    <dt><?cs var:L.staff_signup.company ?></dt><dd><?cs var:d.Company ?></dd>
    <dt><?cs var:L.staff_signup.name ?></dt><dd><?cs var:d.Surname ?> <?cs var:d.GivenName ?></dd>
    <dt><?cs var:L.staff_signup.department ?></dt><dd><?cs var:d.Department ?></dd>
    <dt><?cs var:L.staff_signup.postal_code ?></dt><dd><?cs call:postal(d.PostalCode) ?></dd>
    <dt><?cs var:L.staff_signup.prefecture ?></dt><dd><?cs var:d.Prefecture ?></dd>
    <dt><?cs var:L.staff_signup.address ?></dt><dd><?cs var:d.Address ?></dd>
    <dt><?cs var:L.staff_signup.phone ?></dt><dd><?cs var:d.Phone ?></dd>
    <dt><?cs var:L.staff_signup.units ?></dt><dd class="units"><?cs var:d.Units ?></dd>
  </dl>
  <?cs /each ?>

  <h2><?cs var:L.staff_signup.answers ?></h2>
  <?cs if:subcount(Answers) == 0 ?>
  <p class="hint"><?cs var:L.staff_signup.no_answers ?></p>
  <?cs else ?>
  <dl class="facts" id="answers">
    <?cs each:a = Answers ?>
    <dt><?cs if:Lang == "en" ?><?cs var:a.LabelEn ?><?cs else ?><?cs var:a.LabelJa ?><?cs /if ?></dt>
    <dd class="pre"><?cs if:a.Kind == "yesno" && a.Value == "yes" ?><?cs var:L.staff_signup.yes ?><?cs elif:a.Kind == "yesno" && a.Value == "no" ?><?cs var:L.staff_signup.no ?><?cs else ?><?cs var:a.Value ?><?cs /if ?></dd>
    <?cs /each ?>
  </dl>
  <?cs /if ?>

  <h2><?cs var:L.staff_signup.users ?></h2>
  <div class="table-wrap">
  <table class="staff-table" id="users">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.staff_signup.name ?></th>
        <th scope="col"><?cs var:L.staff_signup.email ?></th>
        <th scope="col"><?cs var:L.staff_signup.mobile ?></th>
        <th scope="col"><?cs var:L.home.role ?></th>
        <th scope="col"><?cs var:L.auth.user_id ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:u = Users ?>
      <tr>
        <td><?cs var:u.Surname ?> <?cs var:u.GivenName ?></td>
        <td class="email"><?cs var:u.Email ?></td>
        <td><?cs var:u.Mobile ?></td>
        <td><?cs var:L.role[u.Role] ?></td>
        <td class="login-id"><?cs if:u.LoginId ?><?cs var:u.LoginId ?><?cs else ?>—<?cs /if ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>

  <?cs if:App.Decidable == "1" ?>
  <h2><?cs var:L.staff_signup.decide ?></h2>
  <div class="decide">
    <form method="post" action="/staff/signup/applications/<?cs var:url_escape(App.No) ?>/approve" class="form decide-approve" id="approve-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <h3 class="sub"><?cs var:L.staff_signup.approve ?></h3>
      <p class="hint"><?cs var:L.staff_signup.approve_hint ?></p>
      <label class="check"><input type="checkbox" name="confirm" value="1" id="confirm"> <?cs var:L.staff_signup.approve_confirm ?></label>
      <?cs if:Errors.confirm ?><p class="field-error" id="confirm-error"><?cs var:Errors.confirm ?></p><?cs /if ?>
      <button type="submit" class="primary" id="approve"><?cs var:L.staff_signup.approve_button ?></button>
    </form>
    <form method="post" action="/staff/signup/applications/<?cs var:url_escape(App.No) ?>/reject" class="form decide-reject" id="reject-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <h3 class="sub"><?cs var:L.staff_signup.reject ?></h3>
      <label for="reason"><?cs var:L.staff_signup.reason_label ?></label>
      <textarea id="reason" name="reason" rows="5" maxlength="1000" required><?cs var:Query.reason ?></textarea>
      <?cs if:Errors.reason ?><p class="field-error" id="reason-error"><?cs var:Errors.reason ?></p><?cs /if ?>
      <button type="submit" class="danger" id="reject"><?cs var:L.staff_signup.reject_button ?></button>
    </form>
  </div>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
