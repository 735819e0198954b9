<?cs set:Page.Title = Request.No + " " + Request.Item ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/request_parts.cs" ?><?cs include:"cases/attach_list.cs" ?>
<section class="card wide staff">
  <p><a href="/staff/cases/requests/" id="back-to-queue"><?cs var:L.requests.staff.back ?></a></p>
  <h1><span id="title-no"><?cs var:Request.No ?></span> <?cs var:Request.Item ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="request-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="request-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs call:request_facts() ?>
  <?cs if:Request.CaseNo ?><p id="case-line"><?cs var:L.requests.col.case ?>: <a href="/staff/cases/<?cs var:url_escape(Request.CaseNo) ?>" id="case-link"><?cs var:Request.CaseNo ?></a></p><?cs /if ?>
  <?cs call:request_values() ?>
  <?cs call:attach_list(Files) ?>
  <?cs if:Request.State == "pending" ?>
  <h2><?cs var:L.requests.staff.decide ?></h2>
  <p id="balance"><?cs if:Points.Has == "1" ?><?cs var:L.requests.remaining ?>: <strong id="points-remaining"><?cs var:Points.Remaining ?></strong> <?cs var:L.requests.points_unit ?><?cs else ?><?cs var:L.requests.no_period ?><?cs /if ?></p>
  <div class="decide">
    <form method="post" action="/staff/cases/requests/<?cs var:url_escape(Request.No) ?>/accept" class="inline-form" id="accept-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <button type="submit" class="primary" id="accept-request"><?cs var:L.requests.staff.accept ?></button>
    </form>
    <form method="post" action="/staff/cases/requests/<?cs var:url_escape(Request.No) ?>/reject" class="form" id="reject-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <label for="reason"><?cs var:L.requests.staff.reason ?></label>
      <textarea id="reason" name="reason" rows="3" maxlength="1000" required></textarea>
      <?cs if:Errors.reason ?><p class="field-error" id="error-reason"><?cs var:Errors.reason ?></p><?cs /if ?>
      <button type="submit" class="secondary" id="reject-request"><?cs var:L.requests.staff.reject ?></button>
    </form>
  </div>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
