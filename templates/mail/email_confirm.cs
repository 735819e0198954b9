<?cs set:Mail.Subject = L.profile.mail.confirm_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.profile.mail.confirm_body ?>

<?cs var:L.auth.user_id ?>: <?cs var:Mail.LoginId ?>
<?cs var:L.profile.new_email ?>: <?cs var:Mail.NewEmail ?>

<?cs var:Mail.Link ?>

<?cs var:L.profile.mail.valid_1 ?> <?cs var:Mail.Hours ?> <?cs var:L.profile.mail.valid_2 ?>

<?cs var:L.profile.mail.not_you_new ?>
-- 
<?cs var:L.site.footer ?>
