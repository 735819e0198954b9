<?cs # The menu's links: rendered by mm_render once per language, kind of
   user (User.IsStaff, User.IsAdmin) and current entry (Menu.Current), kept
   by each process and printed by layout_head.cs (Menu.Html). Nothing else
   may be read here: every reader of that combination gets this HTML. ?>    <a href="/"<?cs if:Menu.Current == "home" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.home ?></a>
    <?cs if:User.IsStaff != "1" ?><a href="/cases/new" id="nav-case-new"<?cs if:Menu.Current == "case-new" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.nav_new ?></a>
    <a href="/dashboard/alerts" id="nav-alerts"<?cs if:Menu.Current == "alerts" ?> aria-current="page"<?cs /if ?>><?cs var:L.alerts.nav ?></a>
    <a href="/cases/requests/" id="nav-requests"<?cs if:Menu.Current == "requests" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.nav ?></a>
    <a href="/cases/" id="nav-cases"<?cs if:Menu.Current == "cases" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff != "1" ?><a href="/dashboard/report" id="nav-report"<?cs if:Menu.Current == "report" ?> aria-current="page"<?cs /if ?>><?cs var:L.report.nav ?></a><?cs else ?><a href="/staff/dashboard/report" id="nav-staff-report"<?cs if:Menu.Current == "staff-report" ?> aria-current="page"<?cs /if ?>><?cs var:L.report.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff != "1" ?><a href="/dashboard/devices" id="nav-devices"<?cs if:Menu.Current == "devices" ?> aria-current="page"<?cs /if ?>><?cs var:L.devices.nav ?></a><?cs else ?><a href="/staff/dashboard/devices" id="nav-staff-devices"<?cs if:Menu.Current == "staff-devices" ?> aria-current="page"<?cs /if ?>><?cs var:L.devices.staff_nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff == "1" ?><a href="/staff/points/" id="nav-staff-points"<?cs if:Menu.Current == "staff-points" ?> aria-current="page"<?cs /if ?>><?cs var:L.points.staff.nav ?></a><?cs else ?><a href="/points/" id="nav-points"<?cs if:Menu.Current == "points" ?> aria-current="page"<?cs /if ?>><?cs var:L.points.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff != "1" ?><a href="/dashboard/downloads" id="nav-downloads"<?cs if:Menu.Current == "downloads" ?> aria-current="page"<?cs /if ?>><?cs var:L.knowledge.downloads ?></a><?cs /if ?>
    <?cs if:User.IsStaff != "1" ?><a href="/history/" id="nav-history"<?cs if:Menu.Current == "history" ?> aria-current="page"<?cs /if ?>><?cs var:L.history.nav ?></a><?cs /if ?>
    <a href="/account/"<?cs if:Menu.Current == "account" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav.account ?></a>
    <?cs if:User.IsAdmin == "1" ?><a href="/account/users/" id="nav-users"<?cs if:Menu.Current == "users" ?> aria-current="page"<?cs /if ?>><?cs var:L.account_users.nav ?></a><?cs /if ?>
    <?cs if:User.IsAdmin == "1" ?><a href="/account/chat" id="nav-chat"<?cs if:Menu.Current == "chat" ?> aria-current="page"<?cs /if ?>><?cs var:L.chat.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff == "1" ?><a href="/staff/cases/" id="nav-staff-cases"<?cs if:Menu.Current == "staff-cases" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases.staff.nav ?></a>
    <a href="/staff/cases/new" id="nav-staff-case-new"<?cs if:Menu.Current == "staff-case-new" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases_staff.nav_new ?></a>
    <a href="/staff/cases/categories" id="nav-staff-categories"<?cs if:Menu.Current == "staff-categories" ?> aria-current="page"<?cs /if ?>><?cs var:L.cases_staff.nav_categories ?></a>
    <a href="/staff/cases/requests/" id="nav-staff-requests"<?cs if:Menu.Current == "staff-requests" ?> aria-current="page"<?cs /if ?>><?cs var:L.requests.staff.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff == "1" ?><a href="/staff/knowledge/" id="nav-staff-knowledge"<?cs if:Menu.Current == "staff-knowledge" ?> aria-current="page"<?cs /if ?>><?cs var:L.knowledge.staff.nav ?></a><?cs else ?><a href="/knowledge/" id="nav-knowledge"<?cs if:Menu.Current == "knowledge" ?> aria-current="page"<?cs /if ?>><?cs var:L.knowledge.nav ?></a><?cs /if ?>
    <?cs if:User.IsStaff == "1" ?><a href="/staff/signup/" id="nav-staff-signup"<?cs if:Menu.Current == "staff-signup" ?> aria-current="page"<?cs /if ?>><?cs var:L.staff_signup.nav ?></a><?cs /if ?>
