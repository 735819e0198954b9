<?cs var:L.requests.col.no ?> : <?cs var:Mail.RequestNo ?>
<?cs var:L.requests.col.item ?> : <?cs var:Mail.Item ?>
<?cs var:L.requests.col.cost ?> : <?cs var:Mail.Cost ?> <?cs var:L.requests.points_unit ?>
<?cs each:v = Mail.Values ?>
<?cs var:v.Label ?>:
<?cs var:v.Shown ?>
<?cs /each ?>
