<?cs set:Page.Title = L.signup.step1 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?><?cs include:"signup/fields.cs" ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <p class="sg-intro"><?cs var:L.signup.basic_intro ?></p><?cs call:sg_errors_summary() ?>
  <form method="post" action="/signup/basic" class="sg-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <fieldset class="sg-section">
      <legend><?cs var:L.signup.company_info ?></legend><?cs
      call:sg_text("company", L.signup.company, 1, 100, L.signup.company_ph, "organization") ?><?cs
      call:sg_name("") ?><?cs
      call:sg_text("department", L.signup.department, 0, 100, L.signup.department_ph, "off") ?><?cs
      call:sg_text("position", L.signup.position, 0, 100, L.signup.position_ph, "organization-title") ?><?cs
      call:sg_email("") ?><?cs
      call:sg_address("") ?>
    </fieldset>
    <div class="sg-buttons">
      <button type="submit" name="action" value="next" class="primary" id="next"><?cs var:L.signup.next ?></button>
    </div>
  </form><?cs call:sg_lang() ?>
</section>
<?cs include:"layout_foot.cs" ?>
