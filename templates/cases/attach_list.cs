<?cs # The attachments of a case: call:attach_list(Case.Attachments) with the
   nodes cases_attach_fill() fills (id, name, size, size_text, uploader,
   time, url, internal). ?>
<?cs def:attach_list(files) ?>
<section class="attachments" id="attachments">
  <h2><?cs var:L.attach.title ?></h2>
  <?cs if:subcount(files) == 0 ?>
  <p class="hint" id="attachments-none"><?cs var:L.attach.none ?></p>
  <?cs else ?>
  <table class="list" id="attachment-list">
    <thead><tr>
      <th><?cs var:L.attach.name ?></th><th><?cs var:L.attach.size ?></th>
      <th><?cs var:L.attach.uploader ?></th><th><?cs var:L.attach.time ?></th>
    </tr></thead>
    <tbody>
    <?cs each:f = files ?>
    <tr id="attachment-<?cs var:f.id ?>"<?cs if:f.internal == "1" ?> class="internal"<?cs /if ?>>
      <td><a href="<?cs var:f.url ?>" download><?cs var:f.name ?></a><?cs if:f.internal == "1" ?> <span class="badge"><?cs var:L.attach.internal ?></span><?cs /if ?></td>
      <td class="num" title="<?cs var:f.size ?> bytes"><?cs var:f.size_text ?></td>
      <td><?cs var:f.uploader ?></td>
      <td><?cs var:f.time ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs /def ?>
