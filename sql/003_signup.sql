-- Service application (SIGNUP-1..8): drafts, applications, their delivery
-- destinations, login users and answers, the staff-editable questions, and
-- what approval provisions: contracts and devices. Plus per-IP rate limits.

-- The wizard's server-side draft, bound to the browser by a random cookie
-- token (stored hashed); the values are kept as one urlencoded string.
CREATE TABLE signup_drafts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  token_hash    BINARY(32) NOT NULL,
  data          MEDIUMTEXT NOT NULL,
  created_at    DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY signup_drafts_token (token_hash),
  KEY signup_drafts_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE applications (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  app_no             CHAR(12) NOT NULL COMMENT 'AAP- + 8 random characters',
  status             ENUM('unconfirmed','completed','approved','rejected','expired') NOT NULL,
  company            VARCHAR(100) NOT NULL,
  surname            VARCHAR(50) NOT NULL,
  given_name         VARCHAR(50) NOT NULL,
  department         VARCHAR(100) NOT NULL DEFAULT '',
  position           VARCHAR(100) NOT NULL DEFAULT '',
  email              VARCHAR(254) NOT NULL,
  postal_code        CHAR(7) NOT NULL,
  prefecture         VARCHAR(10) NOT NULL,
  address            VARCHAR(200) NOT NULL,
  phone              VARCHAR(15) NOT NULL,
  lang               CHAR(2) NOT NULL DEFAULT 'ja',
  confirm_token_hash BINARY(32) NOT NULL,
  created_at         DATETIME NOT NULL,
  confirm_expires_at DATETIME NOT NULL,
  confirmed_at       DATETIME NULL,
  decided_at         DATETIME NULL,
  decided_by         BIGINT UNSIGNED NULL,
  reject_reason      VARCHAR(1000) NULL,
  tenant_id          BIGINT UNSIGNED NULL,
  ip                 VARCHAR(45) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY applications_no (app_no),
  UNIQUE KEY applications_token (confirm_token_hash),
  KEY applications_status (status, confirmed_at),
  CONSTRAINT applications_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE application_destinations (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  application_id BIGINT UNSIGNED NOT NULL,
  seq            INT NOT NULL,
  company        VARCHAR(100) NOT NULL,
  surname        VARCHAR(50) NOT NULL,
  given_name     VARCHAR(50) NOT NULL,
  department     VARCHAR(100) NOT NULL DEFAULT '',
  postal_code    CHAR(7) NOT NULL,
  prefecture     VARCHAR(10) NOT NULL,
  address        VARCHAR(200) NOT NULL,
  phone          VARCHAR(15) NOT NULL,
  units          INT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY application_destinations_seq (application_id, seq),
  CONSTRAINT application_destinations_fk FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE application_users (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  application_id BIGINT UNSIGNED NOT NULL,
  seq            INT NOT NULL,
  surname        VARCHAR(50) NOT NULL,
  given_name     VARCHAR(50) NOT NULL,
  email          VARCHAR(254) NOT NULL,
  mobile         VARCHAR(15) NOT NULL DEFAULT '',
  user_id        BIGINT UNSIGNED NULL COMMENT 'the login user created at approval',
  PRIMARY KEY (id),
  UNIQUE KEY application_users_seq (application_id, seq),
  CONSTRAINT application_users_fk FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Additional questions (SIGNUP-4), edited by staff. kind yesno or text; a
-- text question can be required only when a yes/no question was answered yes.
CREATE TABLE signup_questions (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  position         INT NOT NULL,
  kind             ENUM('yesno','text') NOT NULL,
  label_ja         VARCHAR(200) NOT NULL,
  label_en         VARCHAR(200) NOT NULL,
  required         TINYINT(1) NOT NULL DEFAULT 0,
  required_if_yes  BIGINT UNSIGNED NULL,
  max_length       INT NOT NULL DEFAULT 100,
  retired          TINYINT(1) NOT NULL DEFAULT 0,
  created_at       DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY signup_questions_position (retired, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE application_answers (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  application_id BIGINT UNSIGNED NOT NULL,
  question_id    BIGINT UNSIGNED NOT NULL,
  answer         VARCHAR(1000) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY application_answers_q (application_id, question_id),
  CONSTRAINT application_answers_app_fk FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT application_answers_q_fk FOREIGN KEY (question_id) REFERENCES signup_questions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE contracts (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id         BIGINT UNSIGNED NOT NULL,
  application_id    BIGINT UNSIGNED NULL,
  service_name      VARCHAR(100) NOT NULL,
  plan              VARCHAR(100) NOT NULL,
  contract_type     VARCHAR(50) NOT NULL,
  start_date        DATE NOT NULL,
  next_renewal_date DATE NOT NULL,
  created_at        DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY contracts_tenant (tenant_id),
  CONSTRAINT contracts_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE devices (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  contract_id    BIGINT UNSIGNED NOT NULL,
  destination_id BIGINT UNSIGNED NULL COMMENT 'application_destinations row it ships to',
  status         ENUM('awaiting_registration','registered','retired') NOT NULL DEFAULT 'awaiting_registration',
  mac            CHAR(17) NULL,
  serial         VARCHAR(64) NULL,
  model          VARCHAR(64) NULL,
  created_at     DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY devices_tenant (tenant_id, status),
  CONSTRAINT devices_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT devices_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Fixed-window counters (X-6: in the database, so every app host shares them).
CREATE TABLE rate_limits (
  bucket        VARCHAR(120) NOT NULL,
  window_start  DATETIME NOT NULL,
  hits          INT NOT NULL,
  PRIMARY KEY (bucket)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

INSERT INTO signup_questions (id, position, kind, label_ja, label_en, required, required_if_yes, max_length, created_at) VALUES
  (1, 1, 'yesno', '商工会議所/商工会の会員ですか？', 'Are you a member of a chamber of commerce (商工会議所/商工会)?', 1, NULL, 1, '2026-01-01 00:00:00'),
  (2, 2, 'text', '会員の場合、商工会議所/商工会名を入力してください。', 'If a member: the name of the chamber of commerce.', 0, 1, 100, '2026-01-01 00:00:00'),
  (3, 3, 'text', '会員の場合、会員番号を入力してください。', 'If a member: your member number.', 0, 1, 30, '2026-01-01 00:00:00');
