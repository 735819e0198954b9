<?cs set:Mail.Subject = Mail.SubjectText ?><?cs var:L.signup.mail_dear ?>

<?cs var:L.signup.mail_thanks ?>
<?cs var:L.signup.mail_access_1 ?><?cs var:L.signup.confirm_button ?><?cs var:L.signup.mail_access_2 ?>

URL : <?cs var:Mail.Link ?>

<?cs var:L.signup.app_no ?>: <?cs var:Mail.AppNo ?>
<?cs var:Mail.Valid ?>

<?cs var:L.signup.mail_not_you ?>
-- 
<?cs var:L.site.footer ?>
