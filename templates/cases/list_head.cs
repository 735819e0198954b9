<?cs # The list's column headings with their sort links: rendered by
   cases_list.c once per language, List.Base, List.Filter, List.Sort and
   List.Dir, kept by each process and printed by list.cs (List.HeadHtml).
   Nothing else may be read here: every list with those values gets this
   HTML. ?><?cs def:sort_link(col) ?><a href="<?cs var:List.Base ?>?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:col ?>&amp;dir=<?cs if:List.Sort == col && List.Dir == "asc" ?>desc<?cs else ?>asc<?cs /if ?>" id="sort-<?cs var:col ?>"><?cs var:L.cases.col[col] ?><?cs if:List.Sort == col ?> <?cs if:List.Dir == "asc" ?>▲<?cs else ?>▼<?cs /if ?><?cs /if ?></a><?cs /def ?><tr>
        <th scope="col"><?cs call:sort_link("no") ?></th>
        <th scope="col"><?cs call:sort_link("status") ?></th>
        <th scope="col"><?cs call:sort_link("category") ?></th>
        <th scope="col"><?cs call:sort_link("subject") ?></th>
        <th scope="col"><?cs call:sort_link("customer") ?></th>
        <th scope="col"><?cs call:sort_link("tenant") ?></th>
        <th scope="col"><?cs call:sort_link("service") ?></th>
        <th scope="col"><?cs call:sort_link("contact") ?></th>
        <th scope="col"><?cs call:sort_link("updated") ?></th>
      </tr>
