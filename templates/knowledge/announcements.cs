<?cs set:Page.Title = L.knowledge.announcements ?><?cs include:"layout_head.cs" ?>
<?cs include:"knowledge/banner.cs" ?>
<section class="card wide kb">
  <p class="breadcrumb"><a href="/"><?cs var:L.nav.home ?></a> &gt; <a href="/knowledge/"><?cs var:L.knowledge.nav ?></a> &gt; <?cs var:L.knowledge.announcements ?></p>
  <h1><?cs var:L.knowledge.announcements ?></h1>
  <?cs if:subcount(Announcements) == 0 ?><p id="announcements-none"><?cs var:L.knowledge.no_announcements ?></p>
  <?cs else ?>
  <ul class="kb-announcements" id="announcements">
    <?cs each:a = Announcements ?>
    <li><time datetime="<?cs var:a.TimeIso ?>"><?cs var:a.Time ?></time> <a href="/knowledge/<?cs var:url_escape(a.No) ?>" class="kb-title" data-no="<?cs var:a.No ?>"><?cs var:a.Title ?></a></li>
    <?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
