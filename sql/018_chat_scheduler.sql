-- One place for timed jobs (X-3) and the chat notification linkages
-- (ACC-4, seed 004).

-- mimamori-scheduler: one row per job of its job table. A run is claimed
-- with one conditional UPDATE (due, and not claimed or the claim expired),
-- so with several app hosts a job runs once per due time; a scheduler that
-- died holding a claim loses it at claim_until. No GET_LOCK (node-local
-- under Galera).
CREATE TABLE scheduled_jobs (
  name         VARCHAR(64) NOT NULL,
  due_at       DATETIME NOT NULL,
  claimed_by   VARBINARY(16) NULL COMMENT 'random claim of the running scheduler',
  claim_until  DATETIME NULL,
  last_done    DATETIME NULL,
  runs         BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- A chat workspace webhook of a tenant. The URL is sealed with the data key
-- (mm_aead, the linkage's tenant and id bound as associated data) and only
-- its masked form (scheme://host…last4) is ever shown again.
CREATE TABLE chat_linkages (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id         BIGINT UNSIGNED NOT NULL,
  company_name      VARCHAR(200) NOT NULL,
  customer_uuid     CHAR(36) NOT NULL,
  org_label         VARCHAR(100) NOT NULL DEFAULT '',
  lang              CHAR(2) NOT NULL DEFAULT 'ja' COMMENT 'of the messages: the registering admin''s language',
  time_zone         VARCHAR(64) NOT NULL DEFAULT 'Asia/Tokyo' COMMENT 'of the report slots: the registering admin''s zone',
  url_sealed        VARBINARY(2200) NULL,
  url_masked        VARCHAR(300) NOT NULL,
  enabled           TINYINT(1) NOT NULL DEFAULT 1,
  failures          INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'failed deliveries in a row',
  first_failure_at  DATETIME NULL,
  failing           TINYINT(1) NOT NULL DEFAULT 0,
  failing_mailed    TINYINT(1) NOT NULL DEFAULT 0 COMMENT 'the admins were told (once per failing spell)',
  last_error        VARCHAR(200) NULL,
  last_sent_at      DATETIME NULL,
  created_at        DATETIME NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY chat_linkages_tenant (tenant_id, enabled),
  KEY chat_linkages_failing (failing, failing_mailed),
  CONSTRAINT chat_linkages_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The biweekly detection report: one row per linkage and slot (the Monday
-- 10:00 of the tenant's zone, in UTC), inserted in the transaction that
-- queues the report. The key makes a second scheduler, a restart or a
-- catch-up find the slot done instead of sending again.
CREATE TABLE chat_report_runs (
  linkage_id  BIGINT UNSIGNED NOT NULL,
  slot_at     DATETIME NOT NULL,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  queued_at   DATETIME NOT NULL,
  PRIMARY KEY (linkage_id, slot_at),
  CONSTRAINT chat_report_runs_linkage_fk FOREIGN KEY (linkage_id) REFERENCES chat_linkages (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
