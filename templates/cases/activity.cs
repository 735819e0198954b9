<?cs # the activity stream of a case page; internal notes reach it only for analysts ?>
  <h2><?cs var:L.cases.activity ?></h2>
  <ol class="activity" id="activity">
    <?cs each:a = Activity ?>
    <li class="activity-<?cs var:a.Kind ?><?cs if:a.ByStaff == "1" ?> by-staff<?cs /if ?>">
      <p class="activity-head"><span class="activity-author"><?cs if:a.Author ?><?cs var:a.Author ?><?cs else ?><?cs var:L.cases.system ?><?cs /if ?><?cs if:a.ByStaff == "1" ?> (<?cs var:L.cases.provider ?>)<?cs /if ?></span>
        <span class="activity-time"><?cs var:a.Time ?></span>
        <?cs if:a.Kind == "note" ?><span class="sg-badge note-badge"><?cs var:L.cases.staff.note ?></span><?cs /if ?></p>
      <?cs if:a.StatusTo ?><p class="activity-status"><?cs var:L.cases.status_changed ?> <?cs var:L.cases.status[a.StatusFrom] ?> → <?cs var:L.cases.status[a.StatusTo] ?></p><?cs /if ?>
      <?cs if:a.Kind == "assign" ?><p class="activity-status"><?cs var:L.cases.assigned ?></p><?cs /if ?>
      <?cs if:a.Body ?><p class="pre activity-body"><?cs var:a.Body ?></p><?cs /if ?>
    </li>
    <?cs /each ?>
  </ol>
