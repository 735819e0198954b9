-- Core schema: tenants, users, sessions, security events.
-- Character set utf8mb4 with utf8mb4_general_ci (the server is started with
-- these defaults; every table states them so a server with other defaults
-- creates the same schema). All times are UTC DATETIME values written by the
-- programs from their own clock, never NOW(), so tests can move time.
-- Every table has a primary key (Galera: wsrep_mode=REQUIRED_PRIMARY_KEY).

CREATE TABLE tenants (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_no   CHAR(10) NOT NULL,
  name          VARCHAR(200) NOT NULL,
  created_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY tenants_customer_no (customer_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE users (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id           BIGINT UNSIGNED NULL,
  login_id            VARCHAR(40) NOT NULL,
  email               VARCHAR(254) NOT NULL,
  display_name        VARCHAR(100) NOT NULL,
  role                ENUM('customer_user','customer_admin','analyst','staff_admin') NOT NULL,
  password_hash       VARCHAR(160) NOT NULL,
  lang                CHAR(2) NOT NULL DEFAULT 'ja',
  failed_logins       INT NOT NULL DEFAULT 0,
  locked_until        DATETIME NULL,
  disabled            TINYINT(1) NOT NULL DEFAULT 0,
  created_at          DATETIME NOT NULL,
  password_changed_at DATETIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY users_login_id (login_id),
  KEY users_tenant (tenant_id),
  CONSTRAINT users_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  -- customers belong to a tenant; provider staff to none
  CONSTRAINT users_role_tenant CHECK (
    (role IN ('customer_user','customer_admin') AND tenant_id IS NOT NULL) OR
    (role IN ('analyst','staff_admin') AND tenant_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE sessions (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  token_hash    BINARY(32) NOT NULL,
  user_id       BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME NOT NULL,
  last_seen_at  DATETIME NOT NULL,
  expires_at    DATETIME NOT NULL,
  ip            VARCHAR(45) NOT NULL,
  user_agent    VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- AUTH-11: the login history. login_id keeps what was typed when the user
-- ID is unknown (user_id NULL).
CREATE TABLE auth_events (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  occurred_at   DATETIME NOT NULL,
  tenant_id     BIGINT UNSIGNED NULL,
  user_id       BIGINT UNSIGNED NULL,
  login_id      VARCHAR(40) NOT NULL,
  event         VARCHAR(40) NOT NULL,
  ip            VARCHAR(45) NOT NULL,
  user_agent    VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  KEY auth_events_tenant_time (tenant_id, occurred_at),
  KEY auth_events_user_time (user_id, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
