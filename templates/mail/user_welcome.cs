<?cs set:Mail.Subject = L.account_users.mail.welcome_subject ?><?cs include:"mail/salutation.cs" ?>

<?cs var:L.account_users.mail.welcome_body_1 ?> <?cs var:Mail.Tenant ?> <?cs var:L.account_users.mail.welcome_body_2 ?><?cs var:Mail.AdminName ?><?cs var:L.account_users.mail.welcome_body_3 ?>

<?cs var:L.account_users.mail.portal_url ?>: <?cs var:Mail.BaseURL ?>/
<?cs var:L.auth.user_id ?>: <?cs var:Mail.LoginId ?>

<?cs var:L.account_users.mail.set_password ?>

<?cs var:Mail.Link ?>

<?cs var:L.account_users.mail.valid_1 ?> <?cs var:Mail.Hours ?> <?cs var:L.account_users.mail.valid_2 ?>
<?cs var:L.account_users.mail.expired ?>

<?cs var:L.account_users.mail.rule ?>

<?cs var:L.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
