-- Account security hardening (AUTH-12, AUTH-13, X-8).

-- A password or code check in flight (AUTH-13). users.failed_logins counts
-- only settled failures; a check holds one of the Auth.MaxFailures places
-- through its claim until it settles, or until the claim's lease lapses when
-- the worker died or the database failed before it settled. So a crash can
-- neither lock an account nor let more checks run than the limit.
CREATE TABLE auth_attempts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id       BIGINT UNSIGNED NOT NULL,
  claimed_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY auth_attempts_user (user_id, claimed_at),
  KEY auth_attempts_claimed (claimed_at),
  CONSTRAINT auth_attempts_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Step-up (AUTH-12): when this session last proved the password or a code
-- of the current 2-step method; sensitive changes need it recent.
ALTER TABLE sessions
  ADD COLUMN reauth_at DATETIME NULL COMMENT 'last password or code proof of the session';

-- Indexes of the purge by age (mimamori-admin purge, X-8).
ALTER TABLE rate_limits ADD KEY rate_limits_window (window_start);
ALTER TABLE reset_failures ADD KEY reset_failures_updated (updated_at);
ALTER TABLE mfa_codes ADD KEY mfa_codes_expires (expires_at);
ALTER TABLE password_resets ADD KEY password_resets_expires (expires_at);
ALTER TABLE trusted_browsers ADD KEY trusted_browsers_expires (expires_at);
ALTER TABLE outbox ADD KEY outbox_done (status, created_at);
ALTER TABLE auth_events ADD KEY auth_events_time (occurred_at);
