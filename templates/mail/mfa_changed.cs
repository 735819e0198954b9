<?cs set:Mail.Subject = L.mail.mfa_changed_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.mail.mfa_changed_body ?>

<?cs var:L.auth.user_id ?>: <?cs var:Mail.LoginId ?>
<?cs var:L.mail.when ?>: <?cs var:Mail.When ?> (<?cs var:Mail.Zone ?>)
<?cs var:L.mail.ip ?>: <?cs var:Mail.Ip ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
