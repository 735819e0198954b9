<?cs set:Page.Title = L.knowledge.downloads ?><?cs include:"layout_head.cs" ?>
<section class="card wide kb">
  <p class="breadcrumb"><a href="/"><?cs var:L.nav.home ?></a> &gt; <a href="/knowledge/"><?cs var:L.knowledge.nav ?></a> &gt; <?cs var:L.knowledge.downloads ?></p>
  <h1><?cs var:L.knowledge.downloads ?></h1>
  <p><?cs var:L.knowledge.downloads_intro ?></p>
  <?cs if:subcount(Downloads) == 0 ?><p id="downloads-none"><?cs var:L.knowledge.no_downloads ?></p>
  <?cs else ?>
  <div class="table-wrap">
  <table class="staff-table" id="downloads">
    <thead><tr><th scope="col"><?cs var:L.knowledge.service ?></th><th scope="col"><?cs var:L.knowledge.doc_title ?></th><th scope="col"><?cs var:L.knowledge.description ?></th><th scope="col"><?cs var:L.knowledge.size ?></th><th scope="col"><?cs var:L.knowledge.date ?></th></tr></thead>
    <tbody>
      <?cs each:d = Downloads ?>
      <tr id="download-<?cs var:d.Id ?>">
        <td><?cs var:d.Base ?></td>
        <td><a href="<?cs var:d.Url ?>" download class="kb-download"><?cs var:d.Title ?></a><br><span class="hint"><?cs var:d.Name ?></span></td>
        <td><?cs var:d.Description ?></td>
        <td class="num nowrap" title="<?cs var:d.Bytes ?> bytes"><?cs var:d.Size ?></td>
        <td class="nowrap"><?cs var:d.Time ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
