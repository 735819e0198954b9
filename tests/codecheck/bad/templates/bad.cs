<?cs each:p = Query ?><?cs name:p ?><?cs /each ?> <?cs # expect: cs-name ?>
<?cs if:name(Query.x) == "a" ?>x<?cs /if ?> <?cs # expect: cs-name ?>
<?cs uvar:Page.Body ?> <?cs # expect: cs-uvar ?>
<?cs each:row = Signup.Rows ?><?cs name:row ?><?cs /each ?>
<?cs escape: "none" ?><?cs var:Query.q ?><?cs /escape ?> <?cs # expect: cs-escape ?>
<?cs escape: "none" ?><?cs var:Report.Body ?><?cs var:Query.q ?><?cs /escape ?> <?cs # expect: cs-escape ?>
