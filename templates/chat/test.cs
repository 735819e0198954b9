<?cs set:Chat.Title = L.chat.msg.test_title ?>[<?cs var:Chat.Organization ?>] <?cs var:Chat.Title ?>
<?cs var:L.chat.msg.test_text ?>
