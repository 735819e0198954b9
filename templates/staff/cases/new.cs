<?cs set:Page.Title = L.cases_staff.new_title ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:L.cases_staff.new_title ?></h1>
  <p class="instructions"><?cs var:L.cases_staff.new_intro ?></p>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error" id="error-<?cs name:e ?>"><?cs var:L.cases_staff.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?><?cs /if ?>
  <form method="get" action="/staff/cases/new" class="form" id="tenant-form">
    <label for="tenant"><?cs var:L.cases.col.customer ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="10" required pattern="N[0-9]{9}" value="<?cs var:Query.tenant ?>">
    <button type="submit" class="secondary" id="pick-tenant"><?cs var:L.cases_staff.pick_tenant ?></button>
  </form>
  <?cs if:Tenant.Name ?>
  <form method="post" action="/staff/cases/new" class="form" id="new-case-form" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="tenant" value="<?cs var:Tenant.No ?>">
    <p id="tenant-name"><?cs var:Tenant.No ?> <?cs var:Tenant.Name ?></p>
    <label for="contact"><?cs var:L.cases.col.contact ?></label>
    <select id="contact" name="contact" required>
      <option value=""><?cs var:L.cases_staff.choose ?></option>
      <?cs each:u = Contacts ?><option value="<?cs var:u.Id ?>"<?cs if:Query.contact == u.Id ?> selected<?cs /if ?>><?cs var:u.Name ?></option><?cs /each ?>
    </select>
    <label for="category"><?cs var:L.cases.col.category ?></label>
    <select id="category" name="category" required>
      <option value=""><?cs var:L.cases_staff.choose ?></option>
      <?cs each:k = Categories ?><option value="<?cs var:k.Id ?>" data-code="<?cs var:k.Code ?>"<?cs if:Query.category == k.Id ?> selected<?cs /if ?>><?cs var:k.Name ?></option><?cs /each ?>
    </select>
    <label for="subject"><?cs var:L.cases.col.subject ?></label>
    <input id="subject" name="subject" type="text" maxlength="200" required value="<?cs var:Query.subject ?>">
    <label for="description"><?cs var:L.cases.description ?></label>
    <textarea id="description" name="description" rows="10" maxlength="10000" required><?cs var:Query.description ?></textarea>
    <label for="new-files"><?cs var:L.cases.attach_files ?></label>
    <input id="new-files" name="attachments" type="file" multiple>
    <p class="hint"><?cs var:L.cases.attach_hint ?></p>
    <button type="submit" id="send"><?cs var:L.cases_staff.open_case ?></button>
  </form>
  <?cs /if ?>
  <p><a href="/staff/cases/" id="back-to-list"><?cs var:L.cases_staff.back_to_list ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
