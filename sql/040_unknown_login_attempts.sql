-- Password checks of user IDs that name no user (AUTH-2): they are claimed
-- and settled like a user's (auth_attempts, users.failed_logins and
-- users.locked_until), so a refused login takes the same work whether the
-- user ID exists or not, and an unknown ID locks after the same number of
-- failures. Keyed by a keyed hash of the ID as the login_id column compares
-- it ("?" and 32 hex digits); the typed text is never stored. Purged by age
-- (mimamori-admin purge, X-8).
CREATE TABLE unknown_logins (
  login_key     CHAR(33) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until  DATETIME NULL,
  updated_at    DATETIME NOT NULL,
  PRIMARY KEY (login_key),
  KEY unknown_logins_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE unknown_login_attempts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  login_key     CHAR(33) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  claimed_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY unknown_login_attempts_key (login_key, claimed_at),
  KEY unknown_login_attempts_claimed (claimed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
