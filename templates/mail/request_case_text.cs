<?cs var:L.requests.case_intro ?>

<?cs include:"mail/request_values.cs" ?>
