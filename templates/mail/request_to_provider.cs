<?cs set:Mail.Subject = "[" + Mail.RequestNo + "] " + L.requests.mail.provider_subject + " " + Mail.Item + " (" + Mail.CustomerNo + ")" ?><?cs var:L.requests.mail.provider_body ?>

<?cs var:L.cases.col.customer ?> : <?cs var:Mail.CustomerNo ?>
<?cs var:L.cases.col.tenant ?> : <?cs var:Mail.TenantName ?>
<?cs include:"mail/request_values.cs" ?>
<?cs var:Mail.Url ?>
