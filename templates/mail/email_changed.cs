<?cs set:Mail.Subject = L.profile.mail.changed_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.profile.mail.changed_body ?>

<?cs var:L.profile.new_email ?>: <?cs var:Mail.NewEmail ?>
<?cs if:Mail.By ?><?cs var:L.profile.mail.changed_by ?>: <?cs var:Mail.By ?>
<?cs /if ?>
<?cs var:L.profile.mail.changed_after ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
