<p class="staff-links"><a href="/staff/knowledge/" id="kb-staff-list"><?cs var:L.knowledge.staff.list ?></a>
  <a href="/staff/knowledge/new" id="kb-staff-new"><?cs var:L.knowledge.staff.new ?></a>
  <a href="/staff/knowledge/structure" id="kb-staff-structure"><?cs var:L.knowledge.staff.structure ?></a>
  <a href="/staff/knowledge/downloads" id="kb-staff-downloads"><?cs var:L.knowledge.staff.downloads ?></a></p>
