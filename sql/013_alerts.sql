-- UTM devices and their alerts (DASH-1, DASH-3, DASH-5, DASH-6).
-- A device is created awaiting registration (signup approval or staff);
-- the customer registers it with MAC + registration code, after which it
-- holds an API token. Codes and tokens are stored as SHA-256 only.
ALTER TABLE devices
  ADD COLUMN name              VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN reg_code_hash     BINARY(32) NULL COMMENT 'registration code, shown once',
  ADD COLUMN reg_failures      INT NOT NULL DEFAULT 0,
  ADD COLUMN reg_locked_until  DATETIME NULL,
  ADD COLUMN registered_at     DATETIME NULL,
  ADD COLUMN token_hash        BINARY(32) NULL COMMENT 'API token, shown once',
  ADD COLUMN token_created_at  DATETIME NULL,
  ADD COLUMN last_alert_at     DATETIME NULL,
  ADD COLUMN last_seen_at      DATETIME NULL,
  ADD UNIQUE KEY devices_token (token_hash),
  ADD KEY devices_mac (mac);

-- One row per alert a device reported; (device_id, device_alert_id) makes
-- a retried batch add nothing. Times are UTC.
CREATE TABLE alerts (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id        BIGINT UNSIGNED NOT NULL,
  device_id        BIGINT UNSIGNED NOT NULL,
  device_alert_id  VARCHAR(64) NOT NULL,
  detected_at      DATETIME NOT NULL,
  received_at      DATETIME NOT NULL,
  category         VARCHAR(40) NOT NULL,
  severity         TINYINT UNSIGNED NOT NULL COMMENT '1 low, 2 medium, 3 high',
  source           VARCHAR(255) NOT NULL DEFAULT '',
  destination      VARCHAR(255) NOT NULL DEFAULT '',
  url              VARCHAR(2048) NOT NULL DEFAULT '',
  description      TEXT NOT NULL,
  action           TEXT NOT NULL COMMENT 'recommended action (対処)',
  status           VARCHAR(20) NOT NULL COMMENT 'e.g. blocked, detected',
  PRIMARY KEY (id),
  UNIQUE KEY alerts_device_alert (device_id, device_alert_id),
  KEY alerts_tenant_detected (tenant_id, detected_at),
  KEY alerts_tenant_severity_detected (tenant_id, severity, detected_at),
  CONSTRAINT alerts_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT alerts_device_fk FOREIGN KEY (device_id) REFERENCES devices (id),
  CONSTRAINT alerts_severity CHECK (severity BETWEEN 1 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Daily counts per tenant, device, category and severity (day = the
-- Asia/Tokyo date of detected_at), so the 30-day dashboard never scans a
-- tenant's alerts. The ingestion transaction that inserts new alert rows
-- adds exactly the rows it inserted (INSERT IGNORE's duplicates add
-- nothing), so retries and late alerts keep the counts right.
CREATE TABLE alert_daily (
  tenant_id  BIGINT UNSIGNED NOT NULL,
  day        DATE NOT NULL,
  device_id  BIGINT UNSIGNED NOT NULL,
  category   VARCHAR(40) NOT NULL,
  severity   TINYINT UNSIGNED NOT NULL,
  alerts     INT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, day, device_id, category, severity),
  CONSTRAINT alert_daily_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT alert_daily_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
