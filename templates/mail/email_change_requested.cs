<?cs set:Mail.Subject = L.profile.mail.requested_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.profile.mail.requested_body ?>

<?cs var:L.auth.user_id ?>: <?cs var:Mail.LoginId ?>
<?cs var:L.profile.new_email ?>: <?cs var:Mail.NewEmail ?>

<?cs var:L.profile.mail.requested_after ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
