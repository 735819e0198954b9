-- Important-alert mails (DASH-7). A tenant without a settings row gets the
-- defaults: threshold ★★☆ (2) and every enabled portal user of the tenant.
CREATE TABLE alert_mail_settings (
  tenant_id          BIGINT UNSIGNED NOT NULL,
  threshold          TINYINT UNSIGNED NOT NULL DEFAULT 2 COMMENT 'lowest severity mailed: 1..3',
  recipients_chosen  TINYINT(1) NOT NULL DEFAULT 0 COMMENT '0: every enabled user; 1: alert_mail_recipients',
  updated_at         DATETIME NOT NULL,
  updated_by         BIGINT UNSIGNED NULL,
  PRIMARY KEY (tenant_id),
  CONSTRAINT alert_mail_settings_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT alert_mail_settings_threshold CHECK (threshold BETWEEN 1 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE alert_mail_recipients (
  tenant_id  BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  CONSTRAINT alert_mail_recipients_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT alert_mail_recipients_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- mimamori-alertmail's progress per tenant: every alert up to last_alert_id
-- has been looked at (mailed, or below the threshold). The row is advanced
-- in the transaction that queues the mails, so a crash repeats or loses
-- nothing. last_mail_at starts the batching window.
CREATE TABLE alert_mail_cursor (
  tenant_id      BIGINT UNSIGNED NOT NULL,
  last_alert_id  BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_mail_at   DATETIME NULL,
  mails          INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'batches mailed so far',
  waiting        TINYINT(1) NOT NULL DEFAULT 0 COMMENT 'new alerts wait for the window to end',
  PRIMARY KEY (tenant_id),
  KEY alert_mail_cursor_waiting (waiting),
  CONSTRAINT alert_mail_cursor_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The scheduler finds the tenants with newly received alerts on
-- alerts_received (a range of received_at, index only) and reads a
-- tenant's alerts after its cursor on alerts_tenant_id.
ALTER TABLE alerts ADD KEY alerts_tenant_id (tenant_id, id),
  ADD KEY alerts_received (received_at, tenant_id);
