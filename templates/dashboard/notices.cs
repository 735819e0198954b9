<?cs # The home page's announcements (DASH-2): the banner on top, then the
   notices panel (Notices.N, newest first) with a link to all. ?>
<?cs include:"knowledge/banner.cs" ?>
<section class="card" id="notices" aria-labelledby="notices-title">
  <h2 id="notices-title"><?cs var:L.knowledge.notices ?></h2>
  <?cs if:subcount(Notices) == 0 ?><p id="notices-none"><?cs var:L.knowledge.no_announcements ?></p>
  <?cs else ?>
  <ul class="kb-announcements">
    <?cs each:n = Notices ?><li><span class="nowrap"><?cs var:n.Time ?></span> <a href="/knowledge/<?cs var:url_escape(n.No) ?>" class="notice-link"><?cs var:n.Title ?></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <p><a href="/knowledge/announcements" id="notices-all"><?cs var:L.knowledge.all_announcements ?></a></p>
</section>
