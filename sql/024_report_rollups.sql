-- Speed of the threat report (DASH-4) for tenants with many UTMs and long
-- periods. A report's figures (the cells by UTM × category × severity, the
-- daily totals and the three top lists) are kept per tenant, period and
-- UTM choice in report_kept, with what they were computed from:
--
-- - the registered UTMs of the tenant (count and a hash of the ids): a UTM
--   registered or leaving the registered state changes which counts a
--   report shows;
-- - the sum over the period's days of alert_day_gen.gen.
--
-- alert_day_gen counts, per tenant and Japanese day, the ingestion
-- batches that added alerts of that day (the ingestion transaction adds to
-- it in the same transaction as to alert_daily, fcgi/ingest/ingest_db.c).
-- It only ever grows, so the sum over a period's days changes exactly when
-- a batch stored an alert of one of those days: a new alert of today makes
-- the kept 30 days to today out of date at the next view, a late alert of
-- a past day the kept periods containing that day, and nothing else. A
-- finished month, the comparison period and a year that ended yesterday
-- are thus computed once and reused until a late alert arrives.
-- Anything else that writes alert_daily must add to alert_day_gen in the
-- same transaction.
CREATE TABLE alert_day_gen (
  tenant_id  BIGINT UNSIGNED NOT NULL,
  day        DATE NOT NULL COMMENT 'Japanese calendar day, like alert_daily',
  gen        BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, day),
  CONSTRAINT alert_day_gen_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Days counted before this table existed: one generation each.
INSERT INTO alert_day_gen (tenant_id, day, gen)
SELECT tenant_id, day, 1 FROM alert_daily GROUP BY tenant_id, day;

CREATE TABLE report_kept (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  period_from  DATE NOT NULL,
  period_to    DATE NOT NULL,
  device_id    BIGINT UNSIGNED NOT NULL COMMENT '0: every registered UTM',
  devices_n    INT UNSIGNED NOT NULL COMMENT 'registered UTMs of the tenant',
  devices_hash BIGINT NOT NULL COMMENT 'sum of their mixed ids (report_kept_db.c)',
  gen_sum      BIGINT UNSIGNED NOT NULL COMMENT 'sum of alert_day_gen.gen over the period',
  figures      MEDIUMBLOB NOT NULL COMMENT 'report_kept_db.c encoding',
  computed_at  DATETIME NOT NULL,
  PRIMARY KEY (tenant_id, period_from, period_to, device_id),
  KEY report_kept_computed (computed_at),
  CONSTRAINT report_kept_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
