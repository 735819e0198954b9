<?cs set:Page.Title = Request.No + " " + Request.Item ?><?cs include:"layout_head.cs" ?>
<?cs include:"cases/request_parts.cs" ?><?cs include:"cases/attach_list.cs" ?>
<section class="card wide">
  <p><a href="/cases/requests/" id="back-to-catalog"><?cs var:L.requests.back ?></a></p>
  <h1><span id="title-no"><?cs var:Request.No ?></span> <?cs var:Request.Item ?></h1>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="request-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <p class="notice" id="state-message"><?cs var:L.requests.state_message[Request.State] ?>
    <?cs if:Request.CaseNo ?><a href="/cases/<?cs var:url_escape(Request.CaseNo) ?>" id="case-link"><?cs var:Request.CaseNo ?></a><?cs /if ?></p>
  <?cs call:request_facts() ?>
  <?cs call:request_values() ?>
  <?cs call:attach_list(Files) ?>
</section>
<?cs include:"layout_foot.cs" ?>
