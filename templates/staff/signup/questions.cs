<?cs set:Page.Title = L.staff_signup.q_title ?><?cs include:"layout_head.cs" ?>
<?cs def:op_button(q, op, label) ?><form method="post" action="/staff/signup/questions" class="inline">
  <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
  <input type="hidden" name="op" value="<?cs var:op ?>">
  <input type="hidden" name="id" value="<?cs var:q.Id ?>">
  <button type="submit" class="small" id="<?cs var:op ?>-<?cs var:q.Id ?>"><?cs var:label ?></button>
</form><?cs /def ?>
<?cs def:question_cells(q) ?>
        <td><?cs var:L.staff_signup.kind[q.Kind] ?></td>
        <td><span lang="ja" class="label-ja"><?cs var:q.LabelJa ?></span><br><span lang="en" class="label-en hint"><?cs var:q.LabelEn ?></span></td>
        <td class="required"><?cs if:q.Required == "1" ?><?cs var:L.staff_signup.q_required ?><?cs elif:q.RequiredIfYes ?><?cs var:L.staff_signup.q_required_if_1 ?><?cs if:Lang == "en" ?><?cs var:q.ConditionEn ?><?cs else ?><?cs var:q.ConditionJa ?><?cs /if ?><?cs var:L.staff_signup.q_required_if_2 ?><?cs else ?><?cs var:L.staff_signup.q_optional ?><?cs /if ?></td>
        <td class="num"><?cs if:q.Kind == "text" ?><?cs var:q.MaxLength ?><?cs else ?>—<?cs /if ?></td>
<?cs /def ?>
<section class="card staff">
  <p class="staff-links"><a href="/staff/signup/"><?cs var:L.staff_signup.back_to_list ?></a></p>
  <h1><?cs var:L.staff_signup.q_title ?></h1>
  <p class="hint"><?cs var:L.staff_signup.q_intro ?></p>
  <?cs if:Edit.Error ?><p class="error-message" role="alert" id="edit-error"><?cs var:Edit.Error ?></p><?cs /if ?>

  <h2><?cs var:L.staff_signup.q_active ?></h2>
  <div class="table-wrap">
  <table class="staff-table" id="questions-active">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.staff_signup.q_kind ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_label ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_requirement ?></th>
        <th scope="col" class="num"><?cs var:L.staff_signup.q_max_length_col ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_actions ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:q = Questions ?><?cs if:q.Retired == "0" ?>
      <tr id="question-<?cs var:q.Id ?>" data-id="<?cs var:q.Id ?>">
        <?cs call:question_cells(q) ?>
        <td class="actions">
          <?cs call:op_button(q, "up", L.staff_signup.q_up) ?>
          <?cs call:op_button(q, "down", L.staff_signup.q_down) ?>
          <?cs if:q.Required == "1" ?><?cs call:op_button(q, "unrequire", L.staff_signup.q_unrequire) ?><?cs else ?><?cs call:op_button(q, "require", L.staff_signup.q_require) ?><?cs /if ?>
          <?cs call:op_button(q, "retire", L.staff_signup.q_retire) ?>
        </td>
      </tr>
      <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>

  <h2><?cs var:L.staff_signup.q_retired ?></h2>
  <div class="table-wrap">
  <table class="staff-table retired" id="questions-retired">
    <thead>
      <tr>
        <th scope="col"><?cs var:L.staff_signup.q_kind ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_label ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_requirement ?></th>
        <th scope="col" class="num"><?cs var:L.staff_signup.q_max_length_col ?></th>
        <th scope="col"><?cs var:L.staff_signup.q_actions ?></th>
      </tr>
    </thead>
    <tbody>
      <?cs each:q = Questions ?><?cs if:q.Retired == "1" ?>
      <tr id="question-<?cs var:q.Id ?>" data-id="<?cs var:q.Id ?>">
        <?cs call:question_cells(q) ?>
        <td class="actions">
          <?cs if:q.Required == "1" ?><?cs call:op_button(q, "unrequire", L.staff_signup.q_unrequire) ?><?cs else ?><?cs call:op_button(q, "require", L.staff_signup.q_require) ?><?cs /if ?>
          <?cs call:op_button(q, "restore", L.staff_signup.q_restore) ?>
        </td>
      </tr>
      <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>

  <h2 id="add"><?cs var:L.staff_signup.q_add ?></h2>
  <form method="post" action="/staff/signup/questions#add" class="form" id="add-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="op" value="add">
    <fieldset class="choices">
      <legend><?cs var:L.staff_signup.q_kind ?></legend>
      <label><input type="radio" name="kind" value="yesno"<?cs if:Query.kind == "yesno" ?> checked<?cs /if ?>> <?cs var:L.staff_signup.kind.yesno ?></label>
      <label><input type="radio" name="kind" value="text"<?cs if:Query.kind == "text" ?> checked<?cs /if ?>> <?cs var:L.staff_signup.kind.text ?></label>
    </fieldset>
    <?cs if:Errors.kind ?><p class="field-error" id="kind-error"><?cs var:Errors.kind ?></p><?cs /if ?>
    <label for="label_ja"><?cs var:L.staff_signup.q_label_ja ?></label>
    <input id="label_ja" name="label_ja" type="text" maxlength="200" value="<?cs var:Query.label_ja ?>">
    <?cs if:Errors.label_ja ?><p class="field-error" id="label-ja-error"><?cs var:Errors.label_ja ?></p><?cs /if ?>
    <label for="label_en"><?cs var:L.staff_signup.q_label_en ?></label>
    <input id="label_en" name="label_en" type="text" maxlength="200" value="<?cs var:Query.label_en ?>">
    <?cs if:Errors.label_en ?><p class="field-error" id="label-en-error"><?cs var:Errors.label_en ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="required" value="1"<?cs if:Query.required == "1" ?> checked<?cs /if ?>> <?cs var:L.staff_signup.q_required ?></label>
    <?cs if:Errors.required ?><p class="field-error"><?cs var:Errors.required ?></p><?cs /if ?>
    <label for="required_if_yes"><?cs var:L.staff_signup.q_condition ?></label>
    <select id="required_if_yes" name="required_if_yes">
      <option value=""><?cs var:L.staff_signup.q_condition_none ?></option>
      <?cs each:q = Questions ?><?cs if:q.Kind == "yesno" && q.Retired == "0" ?>
      <option value="<?cs var:q.Id ?>"<?cs if:Query.required_if_yes == q.Id ?> selected<?cs /if ?>><?cs if:Lang == "en" ?><?cs var:q.LabelEn ?><?cs else ?><?cs var:q.LabelJa ?><?cs /if ?></option>
      <?cs /if ?><?cs /each ?>
    </select>
    <p class="hint"><?cs var:L.staff_signup.q_condition_hint ?></p>
    <?cs if:Errors.required_if_yes ?><p class="field-error" id="condition-error"><?cs var:Errors.required_if_yes ?></p><?cs /if ?>
    <label for="max_length"><?cs var:L.staff_signup.q_max_length ?></label>
    <input id="max_length" name="max_length" type="text" inputmode="numeric" maxlength="4" value="<?cs var:Query.max_length ?>" placeholder="100">
    <?cs if:Errors.max_length ?><p class="field-error" id="max-length-error"><?cs var:Errors.max_length ?></p><?cs /if ?>
    <button type="submit" class="primary" id="add-question"><?cs var:L.staff_signup.q_add_button ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
