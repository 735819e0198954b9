<?cs set:Page.Title = L.cases.staff.new_title ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/attach_input.cs" ?>
<section class="card staff">
  <h1><?cs var:L.cases.staff.new_title ?></h1>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <form method="post" action="/staff/cases/new" class="form" id="staff-new-form" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="form_key" value="<?cs var:FormKey ?>">
    <label for="tenant"><?cs var:L.cases.col.customer ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="10" required placeholder="N200000001" value="<?cs var:Query.tenant ?>">
    <?cs if:Errors.tenant ?><p class="field-error" id="error-tenant"><?cs var:Errors.tenant ?></p><?cs /if ?>
    <label for="contact"><?cs var:L.cases.staff.contact_label ?></label>
    <input id="contact" name="contact" type="text" maxlength="40" value="<?cs var:Query.contact ?>">
    <p class="hint"><?cs var:L.cases.staff.contact_hint ?></p>
    <?cs if:Errors.contact ?><p class="field-error" id="error-contact"><?cs var:Errors.contact ?></p><?cs /if ?>
    <label for="category"><?cs var:L.cases.col.category ?></label>
    <select id="category" name="category" required>
      <?cs each:k = Categories ?><option value="<?cs var:k.Id ?>"<?cs if:Query.category == k.Id ?> selected<?cs /if ?>><?cs var:k.Name ?></option><?cs /each ?>
    </select>
    <?cs if:Errors.category ?><p class="field-error" id="error-category"><?cs var:Errors.category ?></p><?cs /if ?>
    <label for="subject"><?cs var:L.cases.col.subject ?></label>
    <input id="subject" name="subject" type="text" maxlength="200" required value="<?cs var:Query.subject ?>">
    <?cs if:Errors.subject ?><p class="field-error" id="error-subject"><?cs var:Errors.subject ?></p><?cs /if ?>
    <label for="description"><?cs var:L.cases.description ?></label>
    <textarea id="description" name="description" rows="8" maxlength="10000" required><?cs var:Query.description ?></textarea>
    <?cs if:Errors.description ?><p class="field-error" id="error-description"><?cs var:Errors.description ?></p><?cs /if ?>
    <?cs call:attach_input() ?>
    <button type="submit" class="primary" id="send"><?cs var:L.cases.send ?></button>
  </form>
  <p><a href="/staff/cases/"><?cs var:L.cases.back_to_list ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
