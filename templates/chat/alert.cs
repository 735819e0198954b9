<?cs set:Chat.Title = L.chat.msg.alert_title + "(" + Chat.Category + ") " + L.chat.msg.severity + ":" + L.alerts.mail.sev[Chat.Severity] ?>[<?cs var:Chat.Organization ?>] <?cs var:Chat.Title ?>
<?cs if:Chat.Blocked == "1" ?><?cs var:L.chat.msg.alert_blocked ?><?cs elif:Chat.Quarantined == "1" ?><?cs var:L.chat.msg.alert_quarantined ?><?cs else ?><?cs var:L.chat.msg.alert_detected ?><?cs /if ?>
<?cs var:L.chat.msg.detected_at ?>: <?cs var:Chat.DetectedAt ?> (<?cs var:Chat.Zone ?>)
<?cs var:L.chat.msg.category ?>: <?cs var:Chat.Category ?>
<?cs var:L.chat.msg.device ?>: <?cs var:Chat.Device ?>
<?cs var:L.chat.msg.source ?>: <?cs var:Chat.Source ?>
<?cs var:L.chat.msg.destination ?>: <?cs var:Chat.Destination ?>
<?cs if:#Chat.Others > #0 ?><?cs var:L.chat.msg.others_1 ?> <?cs var:Chat.Others ?> <?cs var:L.chat.msg.others_2 ?>
<?cs /if ?>
