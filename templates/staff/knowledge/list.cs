<?cs set:Page.Title = L.knowledge.staff.title ?><?cs include:"layout_head.cs" ?>
<section class="card wide kb">
  <h1><?cs var:L.knowledge.staff.title ?></h1>
  <?cs include:"staff/knowledge/nav.cs" ?>
  <?cs include:"knowledge/search_form.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
