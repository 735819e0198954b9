<?cs set:Page.Title = L.signup.step3 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?><?cs include:"signup/fields.cs" ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <p class="sg-intro"><?cs var:L.signup.questions_intro ?></p><?cs call:sg_errors_summary() ?>
  <form method="post" action="/signup/questions" class="sg-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>"><?cs call:sg_default_button() ?>
    <fieldset class="sg-section">
      <legend><?cs var:L.signup.questions_info ?></legend><?cs
      each:q = Signup.Questions ?><?cs
      if:q.kind == "yesno" ?>
      <div class="sg-field sg-choice" role="radiogroup" id="<?cs var:q.name ?>-field" aria-labelledby="<?cs var:q.name ?>-label"<?cs if:Errors[q.name] ?> aria-describedby="<?cs var:q.name ?>-error"<?cs /if ?>>
        <span class="sg-label" id="<?cs var:q.name ?>-label"><?cs var:q.label ?><?cs call:sg_badge(q.required) ?></span>
        <div class="sg-control">
          <label class="sg-radio"><input type="radio" name="<?cs var:q.name ?>" id="<?cs var:q.name ?>-yes" value="yes"<?cs if:Query[q.name] == "yes" ?> checked<?cs /if ?>> <?cs var:L.signup.yes ?></label>
          <label class="sg-radio"><input type="radio" name="<?cs var:q.name ?>" id="<?cs var:q.name ?>-no" value="no"<?cs if:Query[q.name] == "no" ?> checked<?cs /if ?>> <?cs var:L.signup.no ?></label><?cs
          call:sg_error(q.name) ?>
        </div>
      </div><?cs
      else ?>
      <div class="sg-field">
        <label class="sg-label" for="<?cs var:q.name ?>"><?cs var:q.label ?><?cs call:sg_badge(q.required) ?></label>
        <div class="sg-control"><?cs call:sg_input(q.name, "text", q.max, "", "off", "") ?><?cs if:q.if_yes ?>
          <p class="hint"><?cs var:L.signup.required_if_yes ?></p><?cs /if ?><?cs call:sg_error(q.name) ?></div>
      </div><?cs
      /if ?><?cs
      /each ?>
    </fieldset>
    <div class="sg-buttons">
      <button type="submit" name="action" value="back" class="secondary" id="back"><?cs var:L.signup.back ?></button>
      <button type="submit" name="action" value="next" class="primary" id="next"><?cs var:L.signup.next ?></button>
    </div>
  </form><?cs call:sg_lang() ?>
</section>
<?cs include:"layout_foot.cs" ?>
