-- Customer-admin user management and the profile (ACC-1, ACC-3, AUTH-11).

-- The office phone of a contact (the mobile number is in mobile, 002).
ALTER TABLE users
  ADD COLUMN phone VARCHAR(20) NOT NULL DEFAULT '' AFTER mobile;

-- "Last login" of the contact list: the newest login.ok of each user is
-- one index probe instead of a walk over the user's whole history.
ALTER TABLE auth_events
  ADD KEY auth_events_user_event (user_id, event, occurred_at);

-- A requested e-mail change (ACC-1): confirmed by a single-use link mailed
-- to the new address; the address in users changes only then. The token is
-- stored as its SHA-256.
CREATE TABLE email_changes (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id       BIGINT UNSIGNED NOT NULL,
  new_email     VARCHAR(254) NOT NULL,
  token_hash    BINARY(32) NOT NULL,
  created_at    DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  used_at       DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY email_changes_token (token_hash),
  KEY email_changes_user (user_id),
  KEY email_changes_expires (expires_at),
  CONSTRAINT email_changes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
