<?cs if:L.alerts.mail.subject_spaced == "1" ?><?cs set:Mail.Space = " " ?><?cs else ?><?cs set:Mail.Space = "" ?><?cs /if ?><?cs set:Mail.Subject = L.alerts.mail.subject + Mail.Space + "(" + Mail.Category + ") " + L.alerts.mail.subject_severity + ":" + Mail.Space + L.alerts.mail.sev[Mail.Severity] ?><?cs if:Mail.Blocked == "1" ?><?cs var:L.alerts.mail.blocked ?><?cs elif:Mail.Quarantined == "1" ?><?cs var:L.alerts.mail.quarantined ?><?cs else ?><?cs var:L.alerts.mail.detected ?><?cs /if ?>

<?cs var:L.alerts.description ?>:
<?cs var:Mail.Description ?>

<?cs var:L.alerts.action ?>:
<?cs var:Mail.Action ?>

<?cs var:L.alerts.col.id ?> : <?cs var:Mail.AlertId ?>
<?cs var:L.alerts.device_alert_id ?> : <?cs var:Mail.DeviceAlertId ?>
<?cs var:L.alerts.mail.received_at ?> : <?cs var:Mail.DetectedAt ?> (<?cs var:Mail.Zone ?>)
<?cs var:L.alerts.col.severity ?> : <?cs var:L.alerts.mail.sev[Mail.Severity] ?>
<?cs var:L.alerts.col.category ?> : <?cs var:Mail.Category ?>
<?cs var:L.alerts.col.device ?> : <?cs var:Mail.Device ?>
<?cs var:L.alerts.col.source ?> : <?cs var:Mail.Source ?>
<?cs var:L.alerts.col.destination ?> : <?cs var:Mail.Destination ?>
<?cs var:L.alerts.url ?> : <?cs var:Mail.Url ?>

<?cs var:L.alerts.mail.see ?>:
<?cs var:Mail.BaseURL ?>/dashboard/alerts/<?cs var:Mail.AlertId ?>
<?cs if:#Mail.Others > #0 ?>
<?cs var:L.alerts.mail.others_1 ?> <?cs var:Mail.Others ?> <?cs var:L.alerts.mail.others_2 ?>

<?cs var:L.alerts.mail.list ?>:
<?cs var:Mail.BaseURL ?>/dashboard/alerts?<?cs var:Mail.ListQuery ?>
<?cs /if ?>
-- 
<?cs var:L.site.footer ?>
