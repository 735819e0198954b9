<?cs set:Page.Title = Item.Name ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/attach_input.cs" ?>
<section class="card">
  <p><a href="/cases/requests/" id="back-to-catalog"><?cs var:L.requests.back ?></a></p>
  <h1 id="item-name"><?cs var:Item.Name ?></h1>
  <?cs if:Item.Description ?><p class="instructions pre"><?cs var:Item.Description ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="form-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <dl class="facts" id="cost-facts">
    <dt><?cs var:L.requests.col.cost ?></dt><dd><span id="item-cost"><?cs var:Item.Cost ?></span> <?cs var:L.requests.points_unit ?></dd>
    <dt><?cs var:L.requests.remaining ?></dt><dd><span id="points-remaining"><?cs var:Points.Remaining ?></span> <?cs var:L.requests.points_unit ?></dd>
  </dl>
  <?cs if:Points.Has != "1" ?><p class="notice" id="no-period"><?cs var:L.requests.no_period ?></p>
  <?cs elif:Item.Affordable != "1" ?><p class="notice" id="not-affordable"><?cs var:L.requests.err.points ?></p><?cs /if ?>
  <form method="post" action="/cases/requests/<?cs var:url_escape(Item.Code) ?>" class="form" id="request-form" enctype="multipart/form-data" data-upload-progress data-upload-failed="<?cs var:L.attach.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="form_key" value="<?cs var:FormKey ?>">
    <input type="hidden" name="item" value="<?cs var:Item.Id ?>">
    <input type="hidden" name="cost" value="<?cs var:Item.Cost ?>">
    <?cs each:f = Fields ?>
    <?cs set:err = Errors[f.Key] ?>
    <?cs if:f.Kind == "choice" || f.Kind == "yesno" ?>
    <fieldset class="choices" id="field-<?cs var:f.Key ?>">
      <legend><?cs var:f.Label ?><?cs if:f.Required == "1" ?> <span class="required"><?cs var:L.requests.required ?></span><?cs /if ?></legend>
      <?cs if:f.Kind == "yesno" ?>
      <label class="sg-choice"><input type="radio" name="<?cs var:f.Key ?>" value="yes"<?cs if:f.Value == "yes" ?> checked<?cs /if ?><?cs if:f.Required == "1" ?> required<?cs /if ?>> <?cs var:L.requests.yes ?></label>
      <label class="sg-choice"><input type="radio" name="<?cs var:f.Key ?>" value="no"<?cs if:f.Value == "no" ?> checked<?cs /if ?>> <?cs var:L.requests.no ?></label>
      <?cs else ?>
      <?cs each:o = f.Options ?>
      <label class="sg-choice"><input type="radio" name="<?cs var:f.Key ?>" value="<?cs var:o.Value ?>"<?cs if:f.Value == o.Value ?> checked<?cs /if ?><?cs if:f.Required == "1" ?> required<?cs /if ?>> <?cs var:o.Label ?></label>
      <?cs /each ?>
      <?cs /if ?>
      <?cs if:err ?><p class="field-error" id="error-<?cs var:f.Key ?>"><?cs var:err ?></p><?cs /if ?>
    </fieldset>
    <?cs else ?>
    <div class="field" id="field-<?cs var:f.Key ?>">
    <label for="<?cs var:f.Key ?>"><?cs var:f.Label ?><?cs if:f.Required == "1" ?> <span class="required"><?cs var:L.requests.required ?></span><?cs /if ?></label>
    <?cs if:f.Kind == "longtext" ?>
    <textarea id="<?cs var:f.Key ?>" name="<?cs var:f.Key ?>" rows="6" maxlength="<?cs var:f.MaxLength ?>"<?cs if:f.Required == "1" ?> required<?cs /if ?> aria-describedby="hint-<?cs var:f.Key ?>"><?cs var:f.Value ?></textarea>
    <?cs else ?>
    <input id="<?cs var:f.Key ?>" name="<?cs var:f.Key ?>" value="<?cs var:f.Value ?>"<?cs if:f.Required == "1" ?> required<?cs /if ?> aria-describedby="hint-<?cs var:f.Key ?>"
      <?cs if:f.Kind == "number" ?>type="number" step="1"<?cs if:?f.Min ?> min="<?cs var:f.Min ?>"<?cs /if ?><?cs if:?f.Max ?> max="<?cs var:f.Max ?>"<?cs /if ?>
      <?cs elif:f.Kind == "date" ?>type="date"<?cs if:?f.Min ?> min="<?cs var:f.Min ?>"<?cs /if ?><?cs if:?f.Max ?> max="<?cs var:f.Max ?>"<?cs /if ?>
      <?cs elif:f.Kind == "url" ?>type="url" maxlength="2000" inputmode="url"
      <?cs elif:f.Kind == "ip" ?>type="text" maxlength="64" inputmode="url" spellcheck="false"
      <?cs else ?>type="text" maxlength="<?cs var:f.MaxLength ?>"<?cs /if ?>>
    <?cs /if ?>
    <p class="hint" id="hint-<?cs var:f.Key ?>"><?cs var:L.requests.hint[f.Kind] ?><?cs if:f.MaxLength ?> <?cs var:L.requests.max_chars_1 ?><?cs if:Lang == "en" ?> <?cs var:f.MaxLength ?> <?cs else ?><?cs var:f.MaxLength ?><?cs /if ?><?cs var:L.requests.max_chars_2 ?><?cs /if ?><?cs if:?f.Min || ?f.Max ?> (<?cs var:f.Min ?> – <?cs var:f.Max ?>)<?cs /if ?><?cs if:f.NotBefore ?> <?cs var:L.requests.not_before_1 ?><?cs var:f.NotBefore ?><?cs var:L.requests.not_before_2 ?><?cs /if ?></p>
    <?cs if:err ?><p class="field-error" id="error-<?cs var:f.Key ?>"><?cs var:err ?></p><?cs /if ?>
    </div>
    <?cs /if ?>
    <?cs /each ?>
    <?cs call:attach_input() ?>
    <p class="instructions"><?cs var:L.requests.send_note ?></p>
    <button type="submit" class="primary" id="send-request"><?cs var:L.requests.send ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
