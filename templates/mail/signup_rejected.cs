<?cs set:Mail.Subject = L.staff_signup.mail.rejected_subject_1 + Mail.AppNo + L.staff_signup.mail.rejected_subject_2 ?><?cs var:L.staff_signup.mail.dear ?>

<?cs var:L.staff_signup.mail.thanks ?>
<?cs var:L.staff_signup.mail.rejected_body ?>

<?cs var:L.staff_signup.mail.app_no ?> : <?cs var:Mail.AppNo ?>
<?cs var:L.staff_signup.mail.company ?> : <?cs var:Mail.Company ?>
<?cs var:L.staff_signup.mail.applicant ?> : <?cs var:Mail.Name ?>

<?cs var:L.staff_signup.mail.reason ?> :
<?cs var:Mail.Reason ?>

<?cs var:L.staff_signup.mail.rejected_after ?>
-- 
<?cs var:L.site.footer ?>
