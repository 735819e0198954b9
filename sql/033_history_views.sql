-- Login history: fewer indexes to write per event (AUTH-11, HIST-2).
--
-- Every page view of the portal adds a row to auth_events (AUTH-11), so each
-- index of the table is paid on every page. Two go:
-- - auth_events_tenant_export (sql/028) was a second copy of every row in
--   (tenant, time) order, the largest write of a page view (MariaDB's CPU
--   per inserted row: 55 µs with it, 34 µs without, measured on 300,000
--   rows). The export in time order now reads auth_events_tenant_time and
--   looks each row up by its id: slower per row, still far above the
--   export's target (docs/benchmarks.md, "Page views").
-- - auth_events_user_time served no statement (auth_events_user_event and
--   auth_events_tenant_user_time start with the user and the tenant).
ALTER TABLE auth_events
  DROP KEY auth_events_tenant_export,
  DROP KEY auth_events_user_time;
