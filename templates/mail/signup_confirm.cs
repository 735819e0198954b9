<?cs set:Mail.Subject = Mail.SubjectText ?><?cs var:L.signup.mail_dear ?>

<?cs var:L.signup.mail_thanks ?>
<?cs var:L.signup.mail_access ?>

URL : <?cs var:Mail.Link ?>

<?cs var:L.signup.app_no ?>: <?cs var:Mail.AppNo ?>
<?cs var:Mail.Valid ?>

<?cs var:L.signup.mail_not_you ?>
-- 
<?cs var:L.site.footer ?>
