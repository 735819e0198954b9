<?cs set:Page.Title = L.knowledge.staff.structure ?><?cs include:"layout_head.cs" ?>
<section class="card wide">
  <?cs include:"staff/knowledge/nav.cs" ?>
  <h1><?cs var:L.knowledge.staff.structure ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="structure-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="structure-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <h2><?cs var:L.knowledge.staff.bases ?></h2>
  <?cs each:b = Bases ?>
  <form method="post" action="/staff/knowledge/structure" class="form inline-fields" id="base-<?cs var:b.Code ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="save_base"><input type="hidden" name="id" value="<?cs var:b.Id ?>">
    <span class="code"><?cs var:b.Code ?></span>
    <label for="bja-<?cs var:b.Id ?>"><?cs var:L.knowledge.staff.name_ja ?></label><input id="bja-<?cs var:b.Id ?>" name="name_ja" maxlength="100" value="<?cs var:b.NameJa ?>">
    <label for="ben-<?cs var:b.Id ?>"><?cs var:L.knowledge.staff.name_en ?></label><input id="ben-<?cs var:b.Id ?>" name="name_en" maxlength="100" value="<?cs var:b.NameEn ?>">
    <label for="bpos-<?cs var:b.Id ?>"><?cs var:L.knowledge.staff.position ?></label><input id="bpos-<?cs var:b.Id ?>" name="position" inputmode="numeric" maxlength="5" value="<?cs var:b.Position ?>">
    <button type="submit" class="secondary"><?cs var:L.knowledge.staff.save ?></button>
  </form>
  <?cs /each ?>
  <form method="post" action="/staff/knowledge/structure" class="form" id="add-base">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>"><input type="hidden" name="action" value="add_base">
    <h3><?cs var:L.knowledge.staff.add_base ?></h3>
    <label for="nb-code"><?cs var:L.knowledge.staff.code ?></label><input id="nb-code" name="code" maxlength="40" required>
    <label for="nb-ja"><?cs var:L.knowledge.staff.name_ja ?></label><input id="nb-ja" name="name_ja" maxlength="100" required>
    <label for="nb-en"><?cs var:L.knowledge.staff.name_en ?></label><input id="nb-en" name="name_en" maxlength="100" required>
    <label for="nb-pos"><?cs var:L.knowledge.staff.position ?></label><input id="nb-pos" name="position" inputmode="numeric" maxlength="5" value="0">
    <button type="submit"><?cs var:L.knowledge.staff.add ?></button>
  </form>
  <h2><?cs var:L.knowledge.staff.categories ?></h2>
  <?cs each:c = Categories ?>
  <form method="post" action="/staff/knowledge/structure" class="form inline-fields" id="category-<?cs var:c.Id ?>">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="action" value="save_category"><input type="hidden" name="id" value="<?cs var:c.Id ?>">
    <span class="code"><?cs var:c.Base ?> / <?cs var:c.Code ?></span>
    <label for="cja-<?cs var:c.Id ?>"><?cs var:L.knowledge.staff.name_ja ?></label><input id="cja-<?cs var:c.Id ?>" name="name_ja" maxlength="100" value="<?cs var:c.NameJa ?>">
    <label for="cen-<?cs var:c.Id ?>"><?cs var:L.knowledge.staff.name_en ?></label><input id="cen-<?cs var:c.Id ?>" name="name_en" maxlength="100" value="<?cs var:c.NameEn ?>">
    <label for="cpos-<?cs var:c.Id ?>"><?cs var:L.knowledge.staff.position ?></label><input id="cpos-<?cs var:c.Id ?>" name="position" inputmode="numeric" maxlength="5" value="<?cs var:c.Position ?>">
    <button type="submit" class="secondary"><?cs var:L.knowledge.staff.save ?></button>
  </form>
  <?cs /each ?>
  <form method="post" action="/staff/knowledge/structure" class="form" id="add-category">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>"><input type="hidden" name="action" value="add_category">
    <h3><?cs var:L.knowledge.staff.add_category ?></h3>
    <label for="nc-base"><?cs var:L.knowledge.field.base ?></label>
    <select id="nc-base" name="base"><?cs each:b = Bases ?><option value="<?cs var:b.Id ?>"><?cs var:b.Name ?></option><?cs /each ?></select>
    <label for="nc-code"><?cs var:L.knowledge.staff.code ?></label><input id="nc-code" name="code" maxlength="40" required>
    <label for="nc-ja"><?cs var:L.knowledge.staff.name_ja ?></label><input id="nc-ja" name="name_ja" maxlength="100" required>
    <label for="nc-en"><?cs var:L.knowledge.staff.name_en ?></label><input id="nc-en" name="name_en" maxlength="100" required>
    <label for="nc-pos"><?cs var:L.knowledge.staff.position ?></label><input id="nc-pos" name="position" inputmode="numeric" maxlength="5" value="0">
    <button type="submit"><?cs var:L.knowledge.staff.add ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
