<?cs # An article's documents (Files.N: Id, Name, Size, Bytes, Time, Url). ?>
<?cs def:kb_files(files) ?>
<section class="attachments" id="files">
  <h2><?cs var:L.knowledge.documents ?></h2>
  <?cs if:subcount(files) == 0 ?><p class="hint" id="files-none"><?cs var:L.knowledge.no_documents ?></p>
  <?cs else ?>
  <ul class="kb-files" id="file-list">
    <?cs each:f = files ?><li id="file-<?cs var:f.Id ?>"><a href="<?cs var:f.Url ?>" download class="kb-file"><?cs var:f.Name ?></a> <span class="hint" title="<?cs var:f.Bytes ?> bytes">(<?cs var:f.Size ?>)</span></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs /def ?>
