<?cs set:Page.Title = Case.No + " " + Case.Subject ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/attach_list.cs" ?><?cs include:"cases/attach_input.cs" ?>
<section class="card wide case staff">
  <p><a href="/staff/cases/" id="back-to-list"><?cs var:L.cases.back_to_list ?></a></p>
  <h1><span id="case-no"><?cs var:Case.No ?></span> <span id="case-subject"><?cs var:Case.Subject ?></span></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="case-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="case-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.cases.col.status ?></dt><dd id="case-status" data-status="<?cs var:Case.Status ?>"><?cs var:L.cases.status[Case.Status] ?></dd>
    <dt><?cs var:L.cases.col.category ?></dt><dd id="case-category"><?cs var:Case.Category ?></dd>
    <dt><?cs var:L.cases.col.customer ?></dt><dd id="customer-no"><?cs var:Case.CustomerNo ?></dd>
    <dt><?cs var:L.cases.col.tenant ?></dt><dd id="tenant-name"><?cs var:Case.TenantName ?></dd>
    <dt><?cs var:L.cases.col.contact ?></dt><dd id="case-contact"><?cs var:Case.Contact ?></dd>
    <dt><?cs var:L.cases.staff.assigned ?></dt><dd id="case-assignee"><?cs if:Case.Assignee ?><?cs var:Case.Assignee ?><?cs else ?><?cs var:L.cases.staff.unassigned ?><?cs /if ?></dd>
    <dt><?cs var:L.cases.created ?></dt><dd id="case-created"><?cs var:Case.CreatedAt ?></dd>
    <dt><?cs var:L.cases.col.updated ?></dt><dd id="case-updated"><?cs var:Case.UpdatedAt ?></dd>
  </dl>
  <h2><?cs var:L.cases.description ?></h2>
  <p class="pre" id="case-description"><?cs var:Case.Description ?></p>

  <?cs if:Actions.Comment == "1" ?>
  <div class="decide" id="staff-actions">
    <form method="post" action="/staff/cases/<?cs var:url_escape(Case.No) ?>/status" class="form inline-form" id="status-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
      <label for="new-status"><?cs var:L.cases.staff.set_status ?></label>
      <select id="new-status" name="status">
        <?cs each:t = Targets ?><option value="<?cs var:t ?>"><?cs var:L.cases.status[t] ?></option><?cs /each ?>
      </select>
      <button type="submit" class="primary" id="set-status"><?cs var:L.cases.staff.set_status ?></button>
    </form>
    <form method="post" action="/staff/cases/<?cs var:url_escape(Case.No) ?>/assign" class="form inline-form" id="assign-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
      <label for="assignee"><?cs var:L.cases.staff.assign ?></label>
      <select id="assignee" name="assignee">
        <option value=""><?cs var:L.cases.staff.unassigned ?></option>
        <?cs each:a = Analysts ?><option value="<?cs var:a.Id ?>"<?cs if:a.Current == "1" ?> selected<?cs /if ?>><?cs var:a.Name ?></option><?cs /each ?>
      </select>
      <button type="submit" class="secondary" id="assign"><?cs var:L.cases.staff.assign ?></button>
    </form>
  </div>
  <?cs /if ?>

<?cs call:attach_list(Attachments) ?>
<?cs include:"cases/activity.cs" ?>

  <?cs if:Actions.Comment == "1" ?>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Case.No) ?>/comment" class="form" id="comment-form" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
    <label for="comment-body"><?cs var:L.cases.comment ?></label>
    <textarea id="comment-body" name="body" rows="5" maxlength="10000"></textarea>
    <?cs if:Errors.body ?><p class="field-error" id="error-body"><?cs var:Errors.body ?></p><?cs /if ?>
    <?cs call:attach_input() ?>
    <fieldset class="choices">
      <label><input type="radio" name="visibility" value="public" id="visibility-public" checked> <?cs var:L.cases.staff.public ?></label>
      <label><input type="radio" name="visibility" value="internal" id="visibility-internal"> <?cs var:L.cases.staff.internal ?></label>
    </fieldset>
    <button type="submit" class="primary" id="send-comment"><?cs var:L.cases.send ?></button>
  </form>
  <?cs else ?>
  <p class="warning" id="closed-note"><?cs var:L.cases.closed_note ?></p>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
