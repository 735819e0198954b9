<?cs set:Mail.Subject = L.staff_signup.mail.provisional_subject ?><?cs var:L.staff_signup.mail.dear ?>

<?cs var:L.staff_signup.mail.thanks ?>
<?cs var:L.staff_signup.mail.provisional_body_1 ?>
<?cs var:L.staff_signup.mail.provisional_body_2 ?>

<?cs var:L.staff_signup.mail.app_no ?> : <?cs var:Mail.AppNo ?>
<?cs var:L.staff_signup.mail.company ?> : <?cs var:Mail.Company ?>
<?cs var:L.staff_signup.mail.name ?> : <?cs var:Mail.Name ?>
<?cs var:L.staff_signup.mail.portal_url ?> : <?cs var:Mail.BaseURL ?>/
<?cs var:L.staff_signup.mail.user_id ?> : <?cs var:Mail.LoginId ?>
<?cs var:L.staff_signup.mail.temp_password ?> : <?cs var:Mail.Password ?>
<?cs var:L.staff_signup.mail.role ?> : <?cs if:Mail.Admin == "1" ?><?cs var:L.role.customer_admin ?><?cs else ?><?cs var:L.role.customer_user ?><?cs /if ?>

<?cs var:L.staff_signup.mail.first_login ?>

<?cs var:L.staff_signup.mail.valid_1 ?> <?cs var:Mail.Days ?> <?cs var:L.staff_signup.mail.valid_2 ?>
<?cs var:L.staff_signup.mail.reissue_1 ?><?cs var:L.auth.forgot ?><?cs var:L.staff_signup.mail.reissue_2 ?>

<?cs var:L.staff_signup.mail.not_you ?>
-- 
<?cs var:L.site.footer ?>
