<?cs # The filter's status and category options: rendered by cases_list.c
   once per language, Query.status, Query.category and reading of the
   categories, kept by each process and printed by list.cs
   (List.OptionsHtml). Nothing else may be read here: every list with
   those values gets this HTML. ?><?cs each:s = L.cases.status ?><option value="<?cs name:s ?>"<?cs if:Query.status == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?>
    </select>
    <label for="category"><?cs var:L.cases.col.category ?></label>
    <select id="category" name="category">
      <option value=""><?cs var:L.cases.any ?></option>
      <?cs each:k = Categories ?><option value="<?cs var:k.Id ?>"<?cs if:Query.category == k.Id ?> selected<?cs /if ?>><?cs var:k.Name ?></option><?cs /each ?>