-- Cases (CASE-1, CASE-3 … CASE-8): inquiries and, later, accepted work
-- requests, their activity stream, attachments and the keyword search rows.
-- Times are UTC, written by the programs. Case numbers are random
-- (CS + 7 digits, retried on collision): no portal-wide sequence shows.

-- People see times in their own zone (X-7); the database keeps UTC.
ALTER TABLE users ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'Asia/Tokyo';

-- CASE-6, staff-editable. code is the stable key programs refer to
-- (e.g. 'work_request', 'monthly_report_delivery'); names and hints are
-- what people read. customer_selectable = 0: opened by the provider only
-- (月次レポート送付, アラーム, ご利用クレジット数超過, 作業依頼 via the catalog).
CREATE TABLE case_categories (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code                VARCHAR(40) NOT NULL,
  position            INT NOT NULL,
  name_ja             VARCHAR(100) NOT NULL,
  name_en             VARCHAR(100) NOT NULL,
  hint_ja             VARCHAR(400) NOT NULL DEFAULT '',
  hint_en             VARCHAR(400) NOT NULL DEFAULT '',
  customer_selectable TINYINT(1) NOT NULL DEFAULT 1,
  retired             TINYINT(1) NOT NULL DEFAULT 0,
  created_at          DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY case_categories_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- status follows CASE-5: new → working → awaiting_customer → resolved →
-- closed (closed is final). version grows with every change: a change
-- names the version it was made against, so of two people acting at once
-- one wins and the other is told the case changed.
CREATE TABLE cases (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  case_no           CHAR(9) NOT NULL,
  tenant_id         BIGINT UNSIGNED NOT NULL,
  contract_id       BIGINT UNSIGNED NULL,
  category_id       BIGINT UNSIGNED NOT NULL,
  status            ENUM('new','working','awaiting_customer','resolved','closed') NOT NULL DEFAULT 'new',
  subject           VARCHAR(200) NOT NULL,
  description       TEXT NOT NULL,
  contact_user_id   BIGINT UNSIGNED NULL COMMENT 'customer contact (ご担当者)',
  opened_by_user_id BIGINT UNSIGNED NOT NULL,
  assignee_user_id  BIGINT UNSIGNED NULL COMMENT 'analyst',
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL,
  closed_at         DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY cases_case_no (case_no),
  KEY cases_tenant_updated (tenant_id, updated_at),
  KEY cases_tenant_status_updated (tenant_id, status, updated_at),
  KEY cases_tenant_category_updated (tenant_id, category_id, updated_at),
  KEY cases_status_updated (status, updated_at),
  KEY cases_assignee_updated (assignee_user_id, updated_at),
  KEY cases_updated (updated_at),
  CONSTRAINT cases_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT cases_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT cases_category_fk FOREIGN KEY (category_id) REFERENCES case_categories (id),
  CONSTRAINT cases_contact_fk FOREIGN KEY (contact_user_id) REFERENCES users (id),
  CONSTRAINT cases_opened_by_fk FOREIGN KEY (opened_by_user_id) REFERENCES users (id),
  CONSTRAINT cases_assignee_fk FOREIGN KEY (assignee_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The activity stream: comments (public), internal notes (provider only,
-- never shown, mailed or searched for customers), status changes and
-- assignments. tenant_id repeats the case's so that every read can be
-- scoped to the tenant without a join.
CREATE TABLE case_activity (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  case_id        BIGINT UNSIGNED NOT NULL,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  author_user_id BIGINT UNSIGNED NULL COMMENT 'NULL: the system',
  kind           ENUM('comment','note','status','assign') NOT NULL,
  body           TEXT NOT NULL,
  status_from    VARCHAR(20) NULL,
  status_to      VARCHAR(20) NULL,
  created_at     DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY case_activity_case (case_id, created_at),
  CONSTRAINT case_activity_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_activity_author_fk FOREIGN KEY (author_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- CASE-7. The file lives in the attachment store under store_id (random
-- hex); the user's file name only here. internal = 1: provider-only.
CREATE TABLE case_attachments (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  case_id        BIGINT UNSIGNED NOT NULL,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  activity_id    BIGINT UNSIGNED NULL,
  store_id       CHAR(32) NOT NULL,
  file_name      VARCHAR(255) NOT NULL,
  content_type   VARCHAR(127) NOT NULL,
  size_bytes     BIGINT UNSIGNED NOT NULL,
  sha256         BINARY(32) NOT NULL,
  internal       TINYINT(1) NOT NULL DEFAULT 0,
  uploaded_by    BIGINT UNSIGNED NOT NULL,
  created_at     DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY case_attachments_store (store_id),
  KEY case_attachments_case (case_id, created_at),
  CONSTRAINT case_attachments_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_attachments_user_fk FOREIGN KEY (uploaded_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Keyword search (CASE-4): one row per case holding its subject,
-- description and every public comment, folded (full-width → half-width,
-- half-width kana → full-width, lower case) by the program on every write.
-- A binary collation: the text is already folded, and byte comparison
-- keeps the tenant-scoped LIKE '%…%' scan cheap. Internal notes never go in.
CREATE TABLE case_search (
  case_id     BIGINT UNSIGNED NOT NULL,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  folded      MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (case_id),
  KEY case_search_tenant (tenant_id, case_id),
  CONSTRAINT case_search_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

INSERT INTO case_categories (code, position, name_ja, name_en, hint_ja, hint_en, customer_selectable, created_at) VALUES
  ('service',        1, 'サービスについて', 'About the service',
   'ご契約内容、サービスの仕様、ポータルの使い方についてのご質問。', 'Questions about your contract, the service or how to use the portal.', 1, '2026-01-01 00:00:00'),
  ('product',        2, '製品仕様について', 'About the product specification',
   'UTM 機器の機能・設定・仕様についてのご質問。', 'Questions about the functions, settings and specification of the UTM device.', 1, '2026-01-01 00:00:00'),
  ('alert',          3, 'アラートについて', 'About an alert',
   '検知されたアラートの内容や対処方法についてのご相談。アラートID と機器を添えてください。', 'Questions about a detected alert and what to do. Please include the alert ID and the device.', 1, '2026-01-01 00:00:00'),
  ('failure',        4, '故障について', 'About a failure',
   '機器が起動しない、通信できないなどの故障のご連絡。', 'Report a failure: the device does not start, cannot communicate, …', 1, '2026-01-01 00:00:00'),
  ('monthly_report', 5, '月次レポートについて', 'About the monthly report',
   '月次レポートの内容についてのご質問。', 'Questions about the content of the monthly report.', 1, '2026-01-01 00:00:00'),
  ('other',          6, 'その他', 'Other',
   '上記に当てはまらないご相談。セキュリティ全般のご相談もこちらへ。', 'Anything else, including general security questions.', 1, '2026-01-01 00:00:00'),
  ('work_request',   7, '作業依頼', 'Work request',
   '作業依頼メニューからお申し込みください。', 'Please use the work request catalog.', 0, '2026-01-01 00:00:00'),
  ('monthly_report_delivery', 8, '月次レポート送付', 'Monthly report delivery', '', '', 0, '2026-01-01 00:00:00'),
  ('alarm',          9, 'アラーム', 'Alarm', '', '', 0, '2026-01-01 00:00:00'),
  ('health_check',  10, '正常性確認依頼(利用開始時)', 'Health check request (start of service)',
   '利用開始時の正常性確認のご依頼。', 'Request a health check at the start of the service.', 1, '2026-01-01 00:00:00'),
  ('credit_overrun', 11, 'ご利用クレジット数超過', 'Credit usage exceeded', '', '', 0, '2026-01-01 00:00:00');
