<?cs # The announcement banner (KB-3): Banner.N from the program, BannerBack
   the page to come back to after a dismissal. Works without JavaScript:
   the × is a form posting to the dismissal route. ?>
<?cs if:subcount(Banner) > 0 ?>
<section class="kb-banner" id="announcement-banner" aria-label="<?cs var:L.knowledge.banner_label ?>">
  <?cs each:b = Banner ?>
  <div class="kb-banner-item" id="banner-<?cs var:b.No ?>">
    <span class="kb-banner-title"><?cs var:b.Title ?></span>
    <a href="/knowledge/<?cs var:url_escape(b.No) ?>" class="button small" id="banner-details-<?cs var:b.No ?>"><?cs var:L.knowledge.details ?></a>
    <form method="post" action="/knowledge/announcements/<?cs var:url_escape(b.No) ?>/dismiss" class="inline-form">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <input type="hidden" name="back" value="<?cs var:BannerBack ?>">
      <button type="submit" class="kb-dismiss" id="banner-dismiss-<?cs var:b.No ?>" aria-label="<?cs var:L.knowledge.dismiss ?>: <?cs var:b.Title ?>">&#215;</button>
    </form>
  </div>
  <?cs /each ?>
</section>
<?cs /if ?>
