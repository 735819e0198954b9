-- Speed of ingestion (DASH-6) and of the alert-mail job that reads what it
-- stores (DASH-7).
--
-- The alert-mail job looks every second for the tenants with alerts
-- received since its last pass (and RescanSeconds before it, for ingestion
-- transactions that commit late). It read them on alerts_received
-- (received_at, tenant_id): one index entry per alert received in the last
-- RescanSeconds, at every pass: 2,400,000 entries a second at 20,000 alerts/s,
-- and one more secondary-index entry written per alert. It now reads them on
-- the devices: the ingestion transaction that stores new alerts already
-- updates its device's row (last_alert_at, alerts_gen), and sets
-- alerts_received_at there too; one entry of devices_alerts_received per
-- device that received alerts, whatever their number
-- (fcgi/scheduler/alertmail_db.c). Anything else that stores alerts must
-- set alerts_received_at of their device to their received_at (or later)
-- in the same transaction, as it adds to alerts_gen.
ALTER TABLE devices
  ADD COLUMN alerts_received_at DATETIME NULL
    COMMENT 'received_at of the last alerts stored; alert-mail candidates',
  ADD KEY devices_alerts_received (alerts_received_at, tenant_id);

-- Devices that received alerts before this column existed: the newest
-- received_at of each, over the last two days (a starting job looks back
-- LookbackSeconds, one day by default), read on alerts_received.
UPDATE devices d
  JOIN (SELECT device_id, MAX(received_at) AS at FROM alerts
        WHERE received_at > UTC_TIMESTAMP() - INTERVAL 2 DAY GROUP BY device_id) a
    ON a.device_id = d.id
  SET d.alerts_received_at = a.at;

ALTER TABLE alerts DROP KEY alerts_received;
