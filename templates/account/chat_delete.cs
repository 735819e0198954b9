<?cs set:Page.Title = L.chat.delete_title ?><?cs include:"layout_head.cs" ?>
<section class="card">
  <h1><?cs var:L.chat.delete_title ?></h1>
  <dl class="facts">
    <dt><?cs var:L.chat.col.org ?></dt><dd id="delete-org"><?cs var:Target.Org ?></dd>
    <dt><?cs var:L.chat.col.company ?></dt><dd><?cs var:Target.Company ?></dd>
    <dt><?cs var:L.chat.col.customer_id ?></dt><dd><?cs var:Target.CustomerId ?></dd>
    <dt><?cs var:L.chat.col.url ?></dt><dd><?cs var:Target.Url ?></dd>
  </dl>
  <p id="delete-question"><?cs var:L.chat.delete_confirm ?></p>
  <form method="post" action="/account/chat/<?cs var:Target.Id ?>/delete" class="form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <button type="submit" class="primary" id="delete-yes"><?cs var:L.chat.delete_yes ?></button>
  </form>
  <p><a href="/account/chat" id="delete-no"><?cs var:L.chat.delete_no ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
