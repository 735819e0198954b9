<?cs # The quick filters and the filter form: rendered by cases_list.c once
   per language, kind of user (User.IsStaff), List.Base, the Query values
   read here and reading of the categories, kept by each process and
   printed by list.cs (List.FilterHtml). Nothing else may be read here:
   every list with those values gets this HTML. ?><nav class="quick-filters" aria-label="<?cs var:L.cases.quick ?>">
    <a href="<?cs var:List.Base ?>" id="quick-all"<?cs if:!Query.quick && !Query.assigned ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_all ?></a>
    <a href="<?cs var:List.Base ?>?quick=action" id="quick-action"<?cs if:Query.quick == "action" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_action ?></a>
    <a href="<?cs var:List.Base ?>?quick=monthly" id="quick-monthly"<?cs if:Query.quick == "monthly" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.quick_monthly ?></a>
    <?cs if:User.IsStaff == "1" ?><a href="<?cs var:List.Base ?>?assigned=none" id="quick-unassigned"<?cs if:!Query.quick && Query.assigned == "none" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.staff.unassigned ?></a>
    <a href="<?cs var:List.Base ?>?assigned=mine" id="quick-mine"<?cs if:!Query.quick && Query.assigned == "mine" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.staff.mine ?></a><?cs /if ?>
  </nav>
  <form method="get" action="<?cs var:List.Base ?>" class="form staff-filter" id="filter">
    <?cs if:Query.quick ?><input type="hidden" name="quick" value="<?cs var:Query.quick ?>"><?cs /if ?>
    <label for="q"><?cs var:L.cases.keyword ?></label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Query.q ?>">
    <label for="status"><?cs var:L.cases.col.status ?></label>
    <select id="status" name="status">
      <option value=""><?cs var:L.cases.any ?></option>
      <?cs each:s = L.cases.status ?><option value="<?cs name:s ?>"<?cs if:Query.status == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?>
    </select>
    <label for="category"><?cs var:L.cases.col.category ?></label>
    <select id="category" name="category">
      <option value=""><?cs var:L.cases.any ?></option>
      <?cs each:k = Categories ?><option value="<?cs var:k.Id ?>"<?cs if:Query.category == k.Id ?> selected<?cs /if ?>><?cs var:k.Name ?></option><?cs /each ?>
    </select>
    <label for="from"><?cs var:L.cases.updated_from ?></label>
    <input id="from" name="from" type="date" value="<?cs var:Query.from ?>">
    <label for="to"><?cs var:L.cases.updated_to ?></label>
    <input id="to" name="to" type="date" value="<?cs var:Query.to ?>">
    <?cs if:User.IsStaff == "1" ?>
    <label for="tenant"><?cs var:L.cases_staff.tenant_filter ?></label>
    <input id="tenant" name="tenant" type="text" maxlength="200" value="<?cs var:Query.tenant ?>" placeholder="N200000001">
    <label for="assigned"><?cs var:L.cases.staff.assigned ?></label>
    <select id="assigned" name="assigned">
      <option value=""><?cs var:L.cases.any ?></option>
      <option value="none"<?cs if:Query.assigned == "none" ?> selected<?cs /if ?>><?cs var:L.cases.staff.unassigned ?></option>
      <option value="mine"<?cs if:Query.assigned == "mine" ?> selected<?cs /if ?>><?cs var:L.cases.staff.mine ?></option>
    </select>
    <?cs else ?>
    <label class="inline"><input type="checkbox" name="mine" value="1" id="mine"<?cs if:Query.mine ?> checked<?cs /if ?>> <?cs var:L.cases.mine ?></label>
    <?cs /if ?>
    <?cs if:Query.sort ?><input type="hidden" name="sort" value="<?cs var:Query.sort ?>"><?cs /if ?>
    <?cs if:Query.dir ?><input type="hidden" name="dir" value="<?cs var:Query.dir ?>"><?cs /if ?>
    <button type="submit" class="secondary" id="filter-button"><?cs var:L.cases.filter_button ?></button>
    <a href="<?cs var:List.Base ?>" id="filter-clear"><?cs var:L.cases.filter_clear ?></a>
  </form>