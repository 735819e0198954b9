<?cs set:Mail.Subject = L.chat.mail.failing_subject ?><?cs var:L.chat.mail.failing_intro ?>

<?cs var:L.chat.col.org ?> : <?cs var:Mail.Organization ?>
<?cs var:L.chat.col.company ?> : <?cs var:Mail.Company ?>
<?cs var:L.chat.col.url ?> : <?cs var:Mail.Url ?>
<?cs var:L.chat.mail.failures ?> : <?cs var:Mail.Failures ?>
<?cs var:L.chat.mail.last_error ?> : <?cs var:Mail.Error ?>

<?cs var:Mail.BaseURL ?>/account/chat
-- 
<?cs var:L.site.footer ?>
