<?cs set:Mail.Subject = L.mail.code_subject ?><?cs var:Mail.DisplayName ?> <?cs var:L.mail.dear ?>

<?cs var:L.mail.code_body ?>

    <?cs var:Mail.Code ?>

<?cs var:L.mail.code_valid_1 ?> <?cs var:Mail.Minutes ?> <?cs var:L.mail.code_valid_2 ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
