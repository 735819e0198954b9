<?cs # the comment form of a case page (analysts also choose public or internal), or why a closed case takes none ?>
  <?cs if:Actions.Comment == "1" ?>
  <form method="post" action="<?cs if:User.IsStaff == "1" ?>/staff<?cs /if ?>/cases/<?cs var:url_escape(Case.No) ?>/comment" class="form" id="comment-form" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="version" value="<?cs var:Case.Version ?>">
    <label for="comment-body"><?cs var:L.cases.comment ?></label>
    <textarea id="comment-body" name="body" rows="5" maxlength="10000"><?cs if:Form.Action == "comment" ?><?cs var:Query.body ?><?cs /if ?></textarea>
    <?cs if:Errors.body ?><p class="field-error" id="error-body"><?cs var:Errors.body ?></p><?cs /if ?>
    <?cs call:attach_input() ?>
    <?cs if:User.IsStaff == "1" ?>
    <fieldset class="choices">
      <?cs # a refused internal note comes back internal: sent again it must not go public ?>
      <?cs if:Form.Action == "comment" && Query.visibility == "internal" ?>
      <label><input type="radio" name="visibility" value="public" id="visibility-public"> <?cs var:L.cases.staff.public ?></label>
      <label><input type="radio" name="visibility" value="internal" id="visibility-internal" checked> <?cs var:L.cases.staff.internal ?></label>
      <?cs else ?>
      <label><input type="radio" name="visibility" value="public" id="visibility-public" checked> <?cs var:L.cases.staff.public ?></label>
      <label><input type="radio" name="visibility" value="internal" id="visibility-internal"> <?cs var:L.cases.staff.internal ?></label>
      <?cs /if ?>
    </fieldset>
    <?cs /if ?>
    <button type="submit" class="primary" id="send-comment"><?cs var:L.cases.send ?></button>
  </form>
  <?cs else ?>
  <p class="warning" id="closed-note"><?cs var:L.cases.closed_note ?></p>
  <?cs /if ?>
