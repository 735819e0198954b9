<?cs # The home page's announcements (DASH-2): the banner on top
   (knowledge/banner.cs), then the notices panel
   (dashboard/notices_panel.cs), each as dashboard_notices.c rendered and
   kept it (values escaped there). ?>
<?cs escape: "none" ?><?cs var:Banner.Html ?><?cs /escape ?>
<?cs escape: "none" ?><?cs var:Notices.Html ?><?cs /escape ?>
