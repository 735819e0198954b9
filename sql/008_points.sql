-- Prepaid points (PTS-1, PTS-2). One row per tenant and period (periods
-- are calendar months by default, created ahead by the rollover job), and
-- a ledger holding every movement. remaining = contracted + credited -
-- consumed; the CHECK keeps it from going below zero whatever a program
-- does, and a consumption is one conditional UPDATE of the period row
-- (… WHERE consumed + ? <= contracted + credited), so two requests that
-- each fit but together do not cannot both pass.
CREATE TABLE point_periods (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  contract_id BIGINT UNSIGNED NULL,
  starts_on   DATE NOT NULL COMMENT 'first day, Japanese business date',
  ends_on     DATE NOT NULL COMMENT 'last day, inclusive',
  contracted  INT UNSIGNED NOT NULL DEFAULT 0,
  credited    INT UNSIGNED NOT NULL DEFAULT 0,
  consumed    INT UNSIGNED NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY point_periods_tenant_start (tenant_id, starts_on),
  KEY point_periods_tenant_end (tenant_id, ends_on),
  CONSTRAINT point_periods_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT point_periods_contract_fk FOREIGN KEY (contract_id) REFERENCES contracts (id),
  CONSTRAINT point_periods_range CHECK (ends_on >= starts_on),
  CONSTRAINT point_periods_balance CHECK (consumed <= contracted + credited)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Every movement of a period's points. points is always positive; kind
-- says the direction ('consume' lowers the balance; 'credit' and 'contract'
-- raise it; 'contract_change' records a staff change of the contracted
-- amount, points = the new amount). request_no / case_id say what a
-- consumption paid for; reason is what staff wrote for a credit.
CREATE TABLE point_ledger (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id     BIGINT UNSIGNED NOT NULL,
  period_id     BIGINT UNSIGNED NOT NULL,
  kind          ENUM('consume','credit','contract','contract_change') NOT NULL,
  points        INT UNSIGNED NOT NULL,
  request_no    CHAR(9) NULL COMMENT 'work request WR + 7 digits',
  case_id       BIGINT UNSIGNED NULL,
  reason        VARCHAR(500) NOT NULL DEFAULT '',
  actor_user_id BIGINT UNSIGNED NULL,
  created_at    DATETIME NOT NULL,
  PRIMARY KEY (id),
  KEY point_ledger_tenant_time (tenant_id, created_at),
  KEY point_ledger_period_time (period_id, created_at),
  CONSTRAINT point_ledger_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT point_ledger_period_fk FOREIGN KEY (period_id) REFERENCES point_periods (id),
  CONSTRAINT point_ledger_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT point_ledger_actor_fk FOREIGN KEY (actor_user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
