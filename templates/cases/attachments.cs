<?cs # the attachments of a case page (customer and analyst) ?>
  <h2 id="attachments"><?cs var:L.cases.attachments ?></h2>
  <?cs if:subcount(Attachments) == 0 ?><p id="no-attachments"><?cs var:L.cases.no_attachments ?></p><?cs else ?>
  <div class="table-wrap">
  <table class="staff-table" id="attachment-list">
    <thead><tr><th scope="col"><?cs var:L.cases.file_name ?></th><th scope="col"><?cs var:L.cases.file_size ?></th><th scope="col"><?cs var:L.cases.uploader ?></th><th scope="col"><?cs var:L.cases.uploaded_at ?></th></tr></thead>
    <tbody>
      <?cs each:f = Attachments ?>
      <tr<?cs if:f.internal == "1" ?> class="internal"<?cs /if ?>>
        <td><a href="<?cs var:f.url ?>" class="attachment-link" download><?cs var:f.name ?></a><?cs if:f.internal == "1" ?> <span class="sg-badge note-badge"><?cs var:L.cases.staff.note ?></span><?cs /if ?></td>
        <td class="num nowrap"><?cs var:f.size_text ?></td>
        <td><?cs var:f.uploader ?></td>
        <td class="nowrap"><?cs var:f.time ?></td>
      </tr>
      <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs /if ?>
