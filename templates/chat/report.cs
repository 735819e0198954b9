<?cs set:Chat.Title = L.chat.msg.report_title + " " + Chat.From + " - " + Chat.To ?>[<?cs var:Chat.Organization ?>] <?cs var:Chat.Title ?>
<?cs var:L.chat.msg.report_period ?>: <?cs var:Chat.From ?> - <?cs var:Chat.To ?>
<?cs var:L.chat.msg.report_total ?>: <?cs var:Chat.Total ?><?cs var:L.chat.msg.count ?>
<?cs if:#Chat.Total > #0 ?><?cs var:L.chat.msg.report_by_severity ?>: <?cs var:L.alerts.mail.sev.3 ?> <?cs var:Chat.Severity.3 ?> / <?cs var:L.alerts.mail.sev.2 ?> <?cs var:Chat.Severity.2 ?> / <?cs var:L.alerts.mail.sev.1 ?> <?cs var:Chat.Severity.1 ?>
<?cs var:L.chat.msg.report_by_category ?>:
<?cs each:c = Chat.Categories ?>- <?cs var:c.Name ?>: <?cs var:c.Count ?>
<?cs /each ?><?cs var:L.chat.msg.report_top ?>:
<?cs each:t = Chat.Top ?>- <?cs var:t.Category ?> <?cs var:L.alerts.mail.sev[t.Severity] ?>: <?cs var:t.Count ?>
<?cs /each ?><?cs else ?><?cs var:L.chat.msg.report_none ?>
<?cs /if ?><?cs var:L.chat.msg.see ?>: <?cs var:Chat.Link ?>
