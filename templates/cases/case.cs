<?cs set:Page.Title = Case.No + " " + Case.Subject ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/attach_list.cs" ?><?cs include:"cases/attach_input.cs" ?>
<section class="card wide case">
  <p><a href="/cases/" id="back-to-list"><?cs var:L.cases.back_to_list ?></a></p>
  <h1><span id="case-no"><?cs var:Case.No ?></span> <span id="case-subject"><?cs var:Case.Subject ?></span></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="case-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="case-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <p class="notice status-message status-<?cs var:Case.Status ?>" id="status-message"><?cs var:L.cases.status_message[Case.Status] ?></p>
  <dl class="facts">
    <dt><?cs var:L.cases.col.status ?></dt><dd id="case-status" data-status="<?cs var:Case.Status ?>"><?cs var:L.cases.status[Case.Status] ?></dd>
    <dt><?cs var:L.cases.col.category ?></dt><dd id="case-category"><?cs var:Case.Category ?></dd>
    <dt><?cs var:L.cases.col.customer ?></dt><dd id="customer-no"><?cs var:Case.CustomerNo ?></dd>
    <dt><?cs var:L.cases.col.tenant ?></dt><dd id="tenant-name"><?cs var:Case.TenantName ?></dd>
    <?cs if:Case.Service ?><dt><?cs var:L.cases.col.service ?></dt><dd><?cs var:Case.Service ?></dd><?cs /if ?>
    <dt><?cs var:L.cases.col.contact ?></dt><dd id="case-contact"><?cs var:Case.Contact ?></dd>
    <dt><?cs var:L.cases.created ?></dt><dd id="case-created"><?cs var:Case.CreatedAt ?></dd>
    <dt><?cs var:L.cases.col.updated ?></dt><dd id="case-updated"><?cs var:Case.UpdatedAt ?></dd>
    <?cs if:Case.ClosedAt ?><dt><?cs var:L.cases.closed_at ?></dt><dd id="case-closed"><?cs var:Case.ClosedAt ?></dd><?cs /if ?>
  </dl>
  <h2><?cs var:L.cases.description ?></h2>
  <p class="pre" id="case-description"><?cs var:Case.Description ?></p>

  <?cs if:Actions.Close == "1" || Actions.Accept == "1" ?>
  <h2><?cs var:L.cases.actions ?></h2>
  <div class="decide" id="actions">
    <?cs if:Actions.Close == "1" ?><a href="/cases/<?cs var:url_escape(Case.No) ?>/close" class="button secondary" id="close-case"><?cs var:L.cases.close ?></a><?cs /if ?>
    <?cs if:Actions.Accept == "1" ?>
    <form method="post" action="/cases/<?cs var:url_escape(Case.No) ?>/accept" class="inline-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
      <button type="submit" class="primary" id="accept-solution"><?cs var:L.cases.accept ?></button>
    </form>
    <form method="post" action="/cases/<?cs var:url_escape(Case.No) ?>/reject" class="form" id="reject-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
      <label for="reject-body"><?cs var:L.cases.reject_reason ?></label>
      <textarea id="reject-body" name="body" rows="3" maxlength="10000" required><?cs if:Form.Action == "reject" ?><?cs var:Query.body ?><?cs /if ?></textarea>
      <button type="submit" class="secondary" id="reject-solution"><?cs var:L.cases.reject ?></button>
    </form>
    <?cs /if ?>
  </div>
  <?cs /if ?>

<?cs call:attach_list(Attachments) ?>
<?cs include:"cases/activity.cs" ?>

<?cs include:"cases/comment.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
