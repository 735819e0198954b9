<?cs set:Mail.Subject = "[" + Mail.CaseNo + "] " + L.cases.mail.customer_subject[Mail.Event] + " " + Mail.CaseSubject ?><?cs var:L.cases.mail.dear ?>

<?cs var:L.cases.mail.customer_body[Mail.Event] ?>

<?cs var:L.cases.col.no ?> : <?cs var:Mail.CaseNo ?>
<?cs var:L.cases.col.subject ?> : <?cs var:Mail.CaseSubject ?>
<?cs if:Mail.Status ?><?cs var:L.cases.col.status ?> : <?cs var:L.cases.status[Mail.Status] ?>
<?cs /if ?><?cs if:Mail.Text ?>
<?cs var:Mail.Text ?>
<?cs /if ?>
<?cs var:L.cases.mail.see ?>
<?cs var:Mail.Url ?>
-- 
<?cs var:L.site.footer ?>
