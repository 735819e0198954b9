<?cs set:Mail.Subject = "[" + Mail.CaseNo + "] " + L.cases.mail.provider_subject[Mail.Event] + " " + Mail.CaseSubject ?><?cs var:L.cases.mail.provider_body[Mail.Event] ?>

<?cs var:L.cases.col.no ?> : <?cs var:Mail.CaseNo ?>
<?cs var:L.cases.col.subject ?> : <?cs var:Mail.CaseSubject ?>
<?cs var:L.cases.col.customer ?> : <?cs var:Mail.CustomerNo ?> <?cs var:Mail.TenantName ?>
<?cs var:L.cases.mail.by ?> : <?cs var:Mail.Actor ?>
<?cs if:Mail.Text ?>
<?cs var:Mail.Text ?>
<?cs /if ?>
<?cs var:Mail.Url ?>
-- 
<?cs var:L.site.footer ?>
