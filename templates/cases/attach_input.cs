<?cs # File inputs for the forms that take attachments (their form needs
   enctype="multipart/form-data" and data-upload-progress for the progress
   bar): call:attach_input() inside such a form; call:attach_form(action,
   staff) for a form that only adds files. Without JavaScript the form
   posts as it is; /static/js/attach.js adds a progress bar. ?>
<?cs def:attach_input() ?>
<div class="field attach-input">
  <label for="attachments"><?cs var:L.attach.choose ?></label>
  <input type="file" id="attachments" name="attachments" multiple<?cs if:Errors.attachments ?> aria-describedby="error-attachments" aria-invalid="true"<?cs /if ?>>
  <?cs if:Errors.attachments ?><p class="field-error" id="error-attachments"><?cs var:Errors.attachments ?> <?cs var:L.attach.choose_again ?></p><?cs /if ?>
  <p class="hint"><?cs var:L.attach.limits ?></p>
  <progress class="upload-progress" max="100" value="0" hidden></progress>
  <p class="upload-status" role="status" aria-live="polite"></p>
</div>
<script src="/static/js/attach.js" defer></script>
<?cs /def ?>
<?cs def:attach_form(action, staff) ?>
<form method="post" action="<?cs var:action ?>" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>" id="attach-form">
  <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
  <?cs call:attach_input() ?>
  <?cs if:staff ?>
  <fieldset class="choice">
    <label><input type="radio" name="visibility" value="public" checked> <?cs var:L.attach.public ?></label>
    <label><input type="radio" name="visibility" value="internal"> <?cs var:L.attach.internal ?></label>
  </fieldset>
  <?cs /if ?>
  <button type="submit" id="attach-submit"><?cs var:L.attach.submit ?></button>
</form>
<?cs /def ?>
