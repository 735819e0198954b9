<?cs set:Mail.Subject = "[" + Mail.RequestNo + "] " + L.requests.mail.subject[Mail.Event] + " " + Mail.Item ?><?cs var:L.cases.mail.dear ?>

<?cs var:L.requests.mail.body[Mail.Event] ?>
<?cs if:Mail.Event == "accepted" ?>
<?cs var:L.requests.col.case ?> : <?cs var:Mail.CaseNo ?>
<?cs var:Mail.CaseUrl ?>
<?cs /if ?><?cs if:Mail.Event == "rejected" ?>
<?cs var:L.requests.col.reason ?>:
<?cs var:Mail.Reason ?>
<?cs /if ?>
<?cs include:"mail/request_values.cs" ?>
<?cs var:L.cases.mail.see ?>
<?cs var:Mail.Url ?>
-- 
<?cs var:L.site.footer ?>
