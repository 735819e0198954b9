<?cs set:Mail.Subject = L.mail.userid_changed_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.mail.userid_changed_body ?>

<?cs var:L.mail.new_user_id ?>: <?cs var:Mail.LoginId ?>
<?cs var:L.mail.changed_by ?>: <?cs var:Mail.By ?>
<?cs var:L.mail.when ?>: <?cs var:Mail.When ?> (<?cs var:Mail.Zone ?>)

<?cs var:L.mail.userid_changed_after ?>
<?cs var:Mail.BaseURL ?>/auth/login

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
