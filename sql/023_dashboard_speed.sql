-- Speed of the home page's security status (DASH-1). The status of a tenant
-- is kept in dashboard_status together with what it was computed from: its
-- period and a fingerprint of the tenant's registered devices (the sum of
-- their ids and the sum of their alerts_gen). The ingestion transaction
-- that stores new alerts adds one to its device's alerts_gen (it holds that
-- row anyway), and a device registered or leaving the registered state
-- changes the sum of ids,
-- so a kept status whose fingerprint no longer matches is computed again
-- from alert_daily. A page thus reads the devices of its tenant and one
-- row instead of summing a month of daily counts, and never shows a stale
-- status. Anything else that writes alert_daily must add one to alerts_gen
-- of the device in the same transaction.
ALTER TABLE devices
  ADD COLUMN alerts_gen BIGINT UNSIGNED NOT NULL DEFAULT 0
    COMMENT 'batches of new alerts stored; dashboard_status fingerprint';

CREATE TABLE dashboard_status (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  period_from  DATE NOT NULL COMMENT 'in the zone of the reader who computed it',
  period_to    DATE NOT NULL,
  devices_sum  BIGINT UNSIGNED NOT NULL COMMENT 'sum of the registered devices ids',
  gen_sum      BIGINT UNSIGNED NOT NULL COMMENT 'sum of their alerts_gen',
  low          BIGINT UNSIGNED NOT NULL,
  medium       BIGINT UNSIGNED NOT NULL,
  high         BIGINT UNSIGNED NOT NULL,
  computed_at  DATETIME NOT NULL,
  PRIMARY KEY (tenant_id),
  CONSTRAINT dashboard_status_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
