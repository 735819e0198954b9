<?cs # The home page's announcements (DASH-2): the banner on top, then the
   notices panel, dashboard/notices_panel.cs as dashboard_notices.c
   rendered and kept it (values escaped there). ?>
<?cs include:"knowledge/banner.cs" ?>
<?cs escape: "none" ?><?cs var:Notices.Html ?><?cs /escape ?>
