-- Work requests (CASE-2, PTS-2): a staff-maintained catalog of items, each
-- with a point cost and its own form fields defined as data, and the
-- requests customers send from it. A request waits as 'pending' until an
-- analyst accepts it (one transaction: the points of the current period
-- are consumed, a ledger row and a case of category 'work_request' are
-- written) or rejects it with a reason (no case, no points).

-- The catalog. code is the item's stable key (its URL /cases/requests/<code>);
-- retired items are no longer offered but stay readable on old requests.
CREATE TABLE work_request_items (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code           VARCHAR(40) NOT NULL,
  position       INT NOT NULL,
  name_ja        VARCHAR(100) NOT NULL,
  name_en        VARCHAR(100) NOT NULL,
  description_ja VARCHAR(2000) NOT NULL DEFAULT '',
  description_en VARCHAR(2000) NOT NULL DEFAULT '',
  cost           INT UNSIGNED NOT NULL,
  retired        TINYINT(1) NOT NULL DEFAULT 0,
  created_at     DATETIME NOT NULL,
  updated_at     DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY work_request_items_code (code),
  KEY work_request_items_position (position, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The form fields of an item. name is the field's key in the form (f_<name>)
-- and stays fixed; kind decides the validation (fcgi/cases/requests_fields.c).
-- max_length applies to the text kinds, min_value / max_value to numbers
-- (NULL: no bound); options holds the choices of a 'choice' field, one per
-- line as "日本語|English".
CREATE TABLE work_request_fields (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  item_id     BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(40) NOT NULL,
  position    INT NOT NULL,
  kind        ENUM('text','longtext','number','date','choice','yesno','ip','url') NOT NULL,
  label_ja    VARCHAR(200) NOT NULL,
  label_en    VARCHAR(200) NOT NULL,
  required    TINYINT(1) NOT NULL DEFAULT 0,
  max_length  INT UNSIGNED NULL,
  min_value   BIGINT NULL,
  max_value   BIGINT NULL,
  options     TEXT NOT NULL,
  retired     TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY work_request_fields_name (item_id, name),
  KEY work_request_fields_position (item_id, position, id),
  CONSTRAINT work_request_fields_item_fk FOREIGN KEY (item_id) REFERENCES work_request_items (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- A request. Its number is random (WR + 7 digits, retried on collision)
-- like case numbers. The item's names and cost are copied in when it is
-- sent, so that later catalog edits never change what was asked for.
-- lang: the requester's language, the one the case description is
-- written in.
CREATE TABLE work_requests (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  request_no        CHAR(9) NOT NULL,
  tenant_id         BIGINT UNSIGNED NOT NULL,
  item_id           BIGINT UNSIGNED NOT NULL,
  item_name_ja      VARCHAR(100) NOT NULL,
  item_name_en      VARCHAR(100) NOT NULL,
  cost              INT UNSIGNED NOT NULL,
  requester_user_id BIGINT UNSIGNED NOT NULL,
  lang              CHAR(2) NOT NULL DEFAULT 'ja',
  state             ENUM('pending','accepted','rejected') NOT NULL DEFAULT 'pending',
  reason            VARCHAR(1000) NOT NULL DEFAULT '' COMMENT 'why it was rejected',
  decided_by        BIGINT UNSIGNED NULL,
  decided_at        DATETIME NULL,
  case_id           BIGINT UNSIGNED NULL COMMENT 'the case an acceptance opened',
  created_at        DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY work_requests_no (request_no),
  KEY work_requests_tenant_time (tenant_id, created_at),
  KEY work_requests_state_time (state, created_at),
  CONSTRAINT work_requests_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT work_requests_item_fk FOREIGN KEY (item_id) REFERENCES work_request_items (id),
  CONSTRAINT work_requests_requester_fk FOREIGN KEY (requester_user_id) REFERENCES users (id),
  CONSTRAINT work_requests_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id),
  CONSTRAINT work_requests_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The values of a request, one row per field, with the field's labels as
-- they were; shown_ja / shown_en are what people read (a choice's option
-- names, はい / いいえ), value is what was sent.
CREATE TABLE work_request_values (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  request_id  BIGINT UNSIGNED NOT NULL,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  position    INT NOT NULL,
  name        VARCHAR(40) NOT NULL,
  kind        VARCHAR(10) NOT NULL,
  label_ja    VARCHAR(200) NOT NULL,
  label_en    VARCHAR(200) NOT NULL,
  value       TEXT NOT NULL,
  shown_ja    TEXT NOT NULL,
  shown_en    TEXT NOT NULL,
  PRIMARY KEY (id),
  KEY work_request_values_request (request_id, position),
  CONSTRAINT work_request_values_request_fk FOREIGN KEY (request_id) REFERENCES work_requests (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Files sent with a request: stored in the attachment store like case
-- files; an acceptance records the same stored files on the new case.
CREATE TABLE work_request_attachments (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  request_id   BIGINT UNSIGNED NOT NULL,
  tenant_id    BIGINT UNSIGNED NOT NULL,
  store_id     CHAR(32) NOT NULL,
  file_name    VARCHAR(255) NOT NULL,
  content_type VARCHAR(127) NOT NULL,
  size_bytes   BIGINT UNSIGNED NOT NULL,
  sha256       BINARY(32) NOT NULL,
  uploaded_by  BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY work_request_attachments_store (store_id),
  KEY work_request_attachments_request (request_id, id),
  CONSTRAINT work_request_attachments_request_fk FOREIGN KEY (request_id) REFERENCES work_requests (id),
  CONSTRAINT work_request_attachments_user_fk FOREIGN KEY (uploaded_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
