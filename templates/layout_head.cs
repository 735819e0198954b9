<!DOCTYPE html>
<html lang="<?cs var:Lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.Title ?> | <?cs var:L.site.name ?></title>
<link rel="stylesheet" href="/static/css/mimamori.css">
<script src="/static/js/mimamori.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main" id="skip-link"><?cs var:L.nav.skip ?></a>
<header class="site-header">
  <a class="brand" href="/"><?cs var:L.site.name ?></a>
  <?cs if:User.LoggedIn ?>
  <input type="checkbox" id="menu-toggle" class="menu-toggle" aria-label="<?cs var:L.nav.menu ?>" aria-controls="menu-items">
  <label for="menu-toggle" class="menu-button" aria-hidden="true">&#8801;</label>
  <nav class="menu-items" id="menu-items" aria-label="<?cs var:L.nav.menu ?>">
<?cs escape: "none" ?><?cs var:Menu.Html ?><?cs /escape ?>    <span class="menu-user"><?cs var:User.DisplayName ?></span>
    <form method="post" action="/auth/logout" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <button type="submit" class="link" id="logout-button"><?cs var:L.nav.logout ?></button>
    </form>
  </nav>
  <?cs /if ?>
</header>
<main class="content" id="main" tabindex="-1">
