<?cs set:Page.Title = L.cases.new_title ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/attach_input.cs" ?>
<section class="card">
  <h1><?cs var:L.cases.new_title ?></h1>
  <p class="instructions"><?cs var:L.cases.new_intro ?></p>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <form method="post" action="/cases/new" class="form" id="new-case-form" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="form_key" value="<?cs var:FormKey ?>">
    <fieldset class="choices" id="categories">
      <legend><?cs var:L.cases.col.category ?></legend>
      <?cs each:k = Categories ?>
      <label class="sg-choice"><input type="radio" name="category" value="<?cs var:k.Id ?>" id="category-<?cs var:k.Code ?>"<?cs if:Query.category == k.Id ?> checked<?cs /if ?> required>
        <?cs var:k.Name ?><?cs if:k.Hint ?><span class="hint"><?cs var:k.Hint ?></span><?cs /if ?></label>
      <?cs /each ?>
      <?cs if:Errors.category ?><p class="field-error" id="error-category"><?cs var:Errors.category ?></p><?cs /if ?>
    </fieldset>
    <label for="subject"><?cs var:L.cases.col.subject ?></label>
    <input id="subject" name="subject" type="text" maxlength="200" required value="<?cs var:Query.subject ?>">
    <?cs if:Errors.subject ?><p class="field-error" id="error-subject"><?cs var:Errors.subject ?></p><?cs /if ?>
    <label for="description"><?cs var:L.cases.description ?></label>
    <textarea id="description" name="description" rows="10" maxlength="10000" required><?cs var:Query.description ?></textarea>
    <?cs if:Errors.description ?><p class="field-error" id="error-description"><?cs var:Errors.description ?></p><?cs /if ?>
    <?cs call:attach_input() ?>
    <button type="submit" class="primary" id="send"><?cs var:L.cases.send ?></button>
  </form>
  <p><a href="/cases/"><?cs var:L.cases.back_to_list ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
