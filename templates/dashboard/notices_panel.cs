<?cs # The notices panel of the home page (DASH-2): Notices.N, newest first,
   with a link to all. The same for every reader of a language and time
   zone: dashboard_notices.c renders it once per kept list and keeps the
   HTML (Notices.Html, printed by notices.cs). n.No is an article number of
   the program's own format (KB + 7 digits): nothing in it to escape in a
   URL. ?>
<section class="card" id="notices" aria-labelledby="notices-title">
  <h2 id="notices-title"><?cs var:L.knowledge.notices ?></h2>
  <?cs if:subcount(Notices) == 0 ?><p id="notices-none"><?cs var:L.knowledge.no_announcements ?></p>
  <?cs else ?>
  <ul class="kb-announcements">
    <?cs each:n = Notices ?><li><span class="nowrap"><?cs var:n.Time ?></span> <a href="/knowledge/<?cs var:n.No ?>" class="notice-link"><?cs var:n.Title ?></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <p><a href="/knowledge/announcements" id="notices-all"><?cs var:L.knowledge.all_announcements ?></a></p>
</section>
