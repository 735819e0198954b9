-- Speed of the alert list (DASH-1 details, DASH-6 page) over a tenant of
-- 200,000 alerts.
--
-- The list filters on period, severity, category, device and status, and
-- sorts on detection time, severity, category or device (ties by detection
-- time, then id). Each sort has one index that leads with the tenant and
-- the sort column, then detected_at and id, so a page is read in the
-- list's order without sorting; the other filter columns follow, so the
-- rows a filter skips and the rows before a page's offset are read from
-- the index alone (fcgi/dashboard/dashboard_alerts_db.c reads a page's
-- ids there, then only those 20 rows of the table). id is named in the
-- key so that detected_at ties keep id order (InnoDB appends nothing more).
--
-- Before, the list sorted by severity with a filter sorted the tenant's
-- matching rows (28,000 for "high"), the device sort and the status filter
-- read every row of the tenant from the table (205,000 rows, 1.5–2.3 s
-- cold), and every offset walked table rows.
--
-- alerts_tenant_detected and alerts_tenant_severity_detected are prefixes
-- of the first two and go: a new alert writes two more index entries than
-- before, not four.
ALTER TABLE alerts
  ADD KEY alerts_list_detected (tenant_id, detected_at, id, severity, device_id, status, category),
  ADD KEY alerts_list_severity (tenant_id, severity, detected_at, id, device_id, status, category),
  ADD KEY alerts_list_category (tenant_id, category, detected_at, id, severity, device_id, status),
  ADD KEY alerts_list_device (tenant_id, device_id, detected_at, id, severity, status, category),
  DROP KEY alerts_tenant_detected,
  DROP KEY alerts_tenant_severity_detected;
