<?cs set:Page.Title = L.home.title ?><?cs include:"layout_head.cs" ?>
<?cs include:"dashboard/notices.cs" ?>
<section class="card">
  <h1><?cs var:L.home.title ?></h1>
  <p class="welcome"><?cs var:L.home.welcome_1 ?><strong id="display-name"><?cs var:User.DisplayName ?></strong><?cs var:L.home.welcome_2 ?></p>
  <dl class="facts">
    <dt><?cs var:L.auth.user_id ?></dt><dd id="login-id"><?cs var:User.LoginId ?></dd>
    <dt><?cs var:L.home.role ?></dt><dd id="role"><?cs var:User.RoleLabel ?></dd>
    <?cs if:Tenant.CustomerNo ?>
    <dt><?cs var:L.home.customer_no ?></dt><dd id="customer-no"><?cs var:Tenant.CustomerNo ?></dd>
    <dt><?cs var:L.home.contractor ?></dt><dd id="tenant-name"><?cs var:Tenant.Name ?></dd>
    <?cs else ?>
    <dt><?cs var:L.home.organisation ?></dt><dd id="tenant-name"><?cs var:L.home.provider ?></dd>
    <?cs /if ?>
  </dl>
</section>
<?cs include:"dashboard/status.cs" ?>
<?cs include:"layout_foot.cs" ?>
