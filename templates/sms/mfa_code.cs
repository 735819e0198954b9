<?cs var:L.site.name ?> <?cs var:L.mail.sms_code ?>: <?cs var:Mail.Code ?> (<?cs var:Mail.Minutes ?> <?cs var:L.mail.sms_minutes ?>)
