-- The UTM threat report (DASH-4).
--
-- alert_top keeps, per tenant, Japanese calendar day (like alert_daily),
-- device and value, how many alerts named a blocked destination, a blocked
-- URL or a source, so the report's "top" lists never scan the alerts. The
-- ingestion transaction that inserts alert rows adds exactly those rows'
-- counts (fcgi/ingest/ingest_db.c); the value is keyed by its SHA-256 since
-- a URL is too long for an index. "Blocked" is status 'blocked', as the
-- alert list's filter has it.
CREATE TABLE alert_top (
  tenant_id   BIGINT UNSIGNED NOT NULL,
  kind        TINYINT UNSIGNED NOT NULL COMMENT '1 blocked destination, 2 blocked URL, 3 source',
  day         DATE NOT NULL,
  value_hash  BINARY(32) NOT NULL COMMENT 'SHA-256 of value',
  device_id   BIGINT UNSIGNED NOT NULL,
  value       VARCHAR(2048) NOT NULL,
  alerts      INT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, kind, day, value_hash, device_id),
  CONSTRAINT alert_top_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT alert_top_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Alerts stored before this table existed.
INSERT INTO alert_top (tenant_id, kind, day, value_hash, device_id, value, alerts)
SELECT t.tenant_id, t.kind, t.day, t.h, t.device_id, MIN(t.v), COUNT(*) FROM (
  SELECT tenant_id, 1 AS kind, DATE(detected_at + INTERVAL 9 HOUR) AS day,
         UNHEX(SHA2(destination, 256)) AS h, device_id, destination AS v
    FROM alerts WHERE status = 'blocked' AND destination <> ''
  UNION ALL
  SELECT tenant_id, 2, DATE(detected_at + INTERVAL 9 HOUR), UNHEX(SHA2(url, 256)), device_id, url
    FROM alerts WHERE status = 'blocked' AND url <> ''
  UNION ALL
  SELECT tenant_id, 3, DATE(detected_at + INTERVAL 9 HOUR), UNHEX(SHA2(source, 256)), device_id, source
    FROM alerts WHERE source <> ''
) t GROUP BY t.tenant_id, t.kind, t.day, t.h, t.device_id;

-- The average of the participating companies (参加企業平均), recomputed per
-- period by the aggregate job (fcgi/dashboard/peer_aggregate.c). A period's
-- participants are the tenants whose registered devices reported at least
-- one alert in it; the average is per such device. Only buckets with at
-- least 5 contributing tenants are stored at all, and only rounded (tenths
-- of an alert per device): see docs/reports.md.
CREATE TABLE peer_runs (
  period_from  DATE NOT NULL,
  period_to    DATE NOT NULL,
  tenants      INT UNSIGNED NOT NULL COMMENT 'participating tenants (staff view only)',
  devices      INT UNSIGNED NOT NULL,
  computed_at  DATETIME NOT NULL,
  PRIMARY KEY (period_from, period_to),
  KEY peer_runs_computed (computed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE peer_averages (
  period_from        DATE NOT NULL,
  period_to          DATE NOT NULL,
  dimension          VARCHAR(10) NOT NULL COMMENT 'total, category or severity',
  bucket             VARCHAR(40) NOT NULL COMMENT 'category name, severity 1-3, or empty',
  per_device_tenths  BIGINT UNSIGNED NOT NULL COMMENT 'alerts per device x 10, rounded',
  PRIMARY KEY (period_from, period_to, dimension, bucket),
  CONSTRAINT peer_averages_run_fk FOREIGN KEY (period_from, period_to)
    REFERENCES peer_runs (period_from, period_to) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
