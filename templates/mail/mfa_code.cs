<?cs if:Mail.Purpose == "stepup" ?><?cs set:Mail.Subject = L.mail.stepup_code_subject ?><?cs else ?><?cs set:Mail.Subject = L.mail.code_subject ?><?cs /if ?><?cs include:"mail/salutation.cs" ?>

<?cs if:Mail.Purpose == "stepup" ?><?cs var:L.mail.stepup_code_body ?><?cs else ?><?cs var:L.mail.code_body ?><?cs /if ?>

    <?cs var:Mail.Code ?>

<?cs var:L.mail.code_valid_1 ?> <?cs var:Mail.Minutes ?> <?cs var:L.mail.code_valid_2 ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
