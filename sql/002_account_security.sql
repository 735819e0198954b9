-- Account security: first login, 2-step verification, trusted browsers,
-- password reset and the notification outbox (AUTH-3, AUTH-6..AUTH-9, X-3).

ALTER TABLE users
  ADD COLUMN setup_state ENUM('password','user_id','mfa','done') NOT NULL DEFAULT 'done'
    COMMENT 'first-login step still to do (AUTH-3)',
  ADD COLUMN temp_password_expires_at DATETIME NULL,
  ADD COLUMN mfa_method ENUM('none','totp','email','sms') NOT NULL DEFAULT 'none',
  ADD COLUMN mfa_required TINYINT(1) NOT NULL DEFAULT 0
    COMMENT 'set by a customer admin: method none is not allowed',
  ADD COLUMN totp_secret VARBINARY(96) NULL COMMENT 'AES-256-GCM sealed, aad = user id',
  ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0 COMMENT 'each TOTP step accepted once',
  ADD COLUMN mobile VARCHAR(20) NULL,
  ADD COLUMN last_reset_at DATETIME NULL;

-- A session is 'mfa' between password and second factor, 'setup' during the
-- first-login steps, 'full' afterwards; only 'full' reaches the portal.
ALTER TABLE sessions
  ADD KEY sessions_last_seen (last_seen_at),
  ADD COLUMN stage ENUM('mfa','setup','full') NOT NULL DEFAULT 'full',
  ADD COLUMN pending_totp VARBINARY(96) NULL COMMENT 'secret being enrolled, sealed',
  ADD COLUMN pending_mobile VARCHAR(20) NULL COMMENT 'number being verified for SMS codes';

-- E-mail / SMS one-time codes for login (AUTH-6).
CREATE TABLE mfa_codes (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  session_id    BIGINT UNSIGNED NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  channel       ENUM('email','sms') NOT NULL,
  code_hash     BINARY(32) NOT NULL,
  created_at    DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  used_at       DATETIME NULL,
  PRIMARY KEY (id),
  KEY mfa_codes_session (session_id, created_at),
  CONSTRAINT mfa_codes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- "Don't ask again on this browser for 8 hours" (AUTH-8).
CREATE TABLE trusted_browsers (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id       BIGINT UNSIGNED NOT NULL,
  token_hash    BINARY(32) NOT NULL,
  created_at    DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY trusted_browsers_token (token_hash),
  KEY trusted_browsers_user (user_id),
  CONSTRAINT trusted_browsers_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Password reset links (AUTH-9): single use, short lifetime.
CREATE TABLE password_resets (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id       BIGINT UNSIGNED NOT NULL,
  token_hash    BINARY(32) NOT NULL,
  created_at    DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  used_at       DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY password_resets_token (token_hash),
  KEY password_resets_user (user_id),
  CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Failed reset requests per typed user ID, known or not, so the answer and
-- the block are the same whether the user exists (AUTH-9).
CREATE TABLE reset_failures (
  login_id      VARCHAR(40) NOT NULL,
  failures      INT NOT NULL DEFAULT 0,
  blocked_until DATETIME NULL,
  updated_at    DATETIME NOT NULL,
  PRIMARY KEY (login_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Transactional outbox (X-3): rows are written in the same transaction as
-- the change that causes them and delivered by mimamori-notifier.
CREATE TABLE outbox (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  channel         ENUM('mail','sms','webhook') NOT NULL,
  recipient       VARCHAR(320) NOT NULL,
  subject         VARCHAR(400) NOT NULL DEFAULT '',
  body            MEDIUMTEXT NOT NULL,
  created_at      DATETIME NOT NULL,
  status          ENUM('pending','sending','sent','failed') NOT NULL DEFAULT 'pending',
  attempts        INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL,
  lease_until     DATETIME NULL COMMENT 'a claimed row is retried after this',
  claim           BINARY(16) NULL COMMENT 'random id of the claiming notifier pass',
  sent_at         DATETIME NULL,
  last_error      VARCHAR(400) NULL,
  PRIMARY KEY (id),
  KEY outbox_due (status, next_attempt_at),
  KEY outbox_claim (claim)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
