<?cs set:Page.Title = L.knowledge.title ?><?cs include:"layout_head.cs" ?>
<section class="card wide kb">
  <p class="breadcrumb"><a href="/"><?cs var:L.nav.home ?></a> &gt; <?cs var:L.knowledge.nav ?></p>
  <h1><?cs var:L.knowledge.title ?></h1>
  <p class="staff-links"><a href="/knowledge/announcements" id="announcements-link"><?cs var:L.knowledge.announcements ?></a>
    <a href="/knowledge/downloads" id="downloads-link"><?cs var:L.knowledge.downloads ?></a></p>
  <?cs include:"knowledge/search_form.cs" ?>
</section>
<?cs include:"layout_foot.cs" ?>
