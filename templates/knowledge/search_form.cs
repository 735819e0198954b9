<?cs # the search form and its results, shared by the customer's and the analyst's knowledge lists (List.Base says where links go) ?>
<?cs include:"knowledge/meta.cs" ?>
<?cs def:sort_link(col) ?><?cs if:List.Sort == col ?><strong aria-current="true" id="sort-<?cs var:col ?>"><?cs var:L.knowledge.sort[col] ?></strong><?cs else ?><a href="<?cs var:List.Base ?>?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:col ?>" id="sort-<?cs var:col ?>"><?cs var:L.knowledge.sort[col] ?></a><?cs /if ?><?cs /def ?>
<?cs def:page_link(page) ?><?cs var:List.Base ?>?<?cs if:List.Filter ?><?cs var:List.Filter ?>&amp;<?cs /if ?>sort=<?cs var:List.Sort ?>&amp;page=<?cs var:page ?><?cs /def ?>
  <form method="get" action="<?cs var:List.Base ?>" class="form kb-search" id="search" role="search">
    <label for="q"><?cs var:L.knowledge.search_label ?></label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Query.q ?>" aria-describedby="q-hint">
    <p class="hint" id="q-hint"><?cs var:L.knowledge.search_hint ?></p>
    <fieldset class="kb-filters">
      <legend><?cs var:L.knowledge.filters ?></legend>
      <label for="lang"><?cs var:L.knowledge.lang ?></label>
      <select id="lang" name="lang">
        <option value=""><?cs var:L.knowledge.any ?></option>
        <option value="ja"<?cs if:Query.lang == "ja" ?> selected<?cs /if ?>>日本語</option>
        <option value="en"<?cs if:Query.lang == "en" ?> selected<?cs /if ?>>English</option>
      </select>
      <label for="base"><?cs var:L.knowledge.base ?></label>
      <select id="base" name="base">
        <option value=""><?cs var:L.knowledge.any ?></option>
        <?cs each:b = Bases ?><option value="<?cs var:b.Id ?>"<?cs if:Query.base == b.Id ?> selected<?cs /if ?>><?cs var:b.Name ?></option><?cs /each ?>
      </select>
      <label for="category"><?cs var:L.knowledge.category ?></label>
      <select id="category" name="category">
        <option value=""><?cs var:L.knowledge.any ?></option>
        <?cs each:c = Categories ?><option value="<?cs var:c.Id ?>"<?cs if:Query.category == c.Id ?> selected<?cs /if ?>><?cs var:c.Base ?> / <?cs var:c.Name ?></option><?cs /each ?>
      </select>
      <label for="author"><?cs var:L.knowledge.author ?></label>
      <select id="author" name="author">
        <option value=""><?cs var:L.knowledge.any ?></option>
        <?cs each:a = Authors ?><option<?cs if:Query.author == a ?> selected<?cs /if ?>><?cs var:a ?></option><?cs /each ?>
      </select>
    </fieldset>
    <?cs if:Query.sort ?><input type="hidden" name="sort" value="<?cs var:Query.sort ?>"><?cs /if ?>
    <button type="submit" id="search-button"><?cs var:L.knowledge.search_button ?></button>
    <a href="<?cs var:List.Base ?>" id="filter-clear"><?cs var:L.knowledge.clear ?></a>
  </form>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="search-error"><?cs var:Message.Error ?></p>
  <?cs each:e = Errors ?><p class="field-error"><?cs var:L.knowledge.field[name(e)] ?>: <?cs var:e ?></p><?cs /each ?>
  <?cs elif:Search.Short == "1" ?><p class="notice" role="status" id="search-short"><?cs var:L.knowledge.too_short ?></p>
  <?cs elif:Search.Done == "1" ?>
  <p id="result-count"><span id="result-total"><?cs var:List.Total ?></span> <?cs var:L.knowledge.results ?>
    <span class="kb-sort"><?cs var:L.knowledge.sort_by ?> <?cs call:sort_link("relevance") ?> | <?cs call:sort_link("views") ?> | <?cs call:sort_link("newest") ?> | <?cs call:sort_link("title") ?></span></p>
  <?cs if:#List.Total > #0 ?>
  <p id="list-count"><?cs var:List.From ?>~<?cs var:List.To ?> <?cs var:L.knowledge.count_nth ?> / <?cs var:List.Total ?> <?cs var:L.knowledge.count_total ?></p>
  <ol class="kb-results" id="results">
    <?cs each:a = Results ?>
    <li class="kb-result">
      <h2 class="kb-result-title"><a href="<?cs var:List.Base ?><?cs var:url_escape(a.No) ?>" class="kb-title" data-no="<?cs var:a.No ?>"><?cs var:a.Title ?></a><?cs if:a.Published != "1" ?> <span class="badge"><?cs var:L.knowledge.draft ?></span><?cs /if ?></h2>
      <p class="kb-where"><?cs var:a.Base ?><?cs if:a.Category ?> | <?cs var:a.Category ?><?cs /if ?> <span class="kb-lang">(<?cs var:L.knowledge.langs[a.Lang] ?>)</span></p>
      <p class="kb-meta"><?cs call:kb_meta(a) ?></p>
    </li>
    <?cs /each ?>
  </ol>
  <?cs if:#List.Pages > #1 ?>
  <nav class="pager" aria-label="<?cs var:L.knowledge.pages ?>">
    <?cs if:#List.Page > #1 ?><a href="<?cs call:page_link(#List.Page - #1) ?>" rel="prev" id="page-prev">&lt;</a><?cs /if ?>
    <span><?cs var:List.Page ?> / <?cs var:List.Pages ?></span>
    <?cs if:#List.Page < #List.Pages ?><a href="<?cs call:page_link(#List.Page + #1) ?>" rel="next" id="page-next">&gt;</a><?cs /if ?>
  </nav>
  <?cs /if ?>
  <?cs else ?><p id="list-empty"><?cs var:L.knowledge.none ?></p><?cs /if ?>
  <?cs /if ?>
