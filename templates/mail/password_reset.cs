<?cs set:Mail.Subject = L.mail.reset_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.mail.reset_body ?>

<?cs var:Mail.Link ?>

<?cs var:L.mail.reset_valid_1 ?> <?cs var:Mail.Minutes ?> <?cs var:L.mail.reset_valid_2 ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
