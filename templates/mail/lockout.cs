<?cs set:Mail.Subject = L.mail.lockout_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs if:Mail.ByCode ?><?cs var:L.mail.lockout_code_body ?>
<?cs var:L.mail.lockout_code_advice ?><?cs else ?><?cs var:L.mail.lockout_body ?><?cs /if ?>

<?cs var:L.auth.user_id ?>: <?cs var:Mail.LoginId ?>
<?cs var:L.mail.when ?>: <?cs var:Mail.When ?> (<?cs var:Mail.Zone ?>)
<?cs var:L.mail.ip ?>: <?cs var:Mail.Ip ?>

<?cs var:L.mail.lockout_after_1 ?> <?cs var:Mail.LockMinutes ?> <?cs var:L.mail.lockout_after_2 ?>
<?cs var:Mail.BaseURL ?>/auth/login

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
