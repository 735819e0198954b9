-- Login history (HIST-1 … HIST-3).
--
-- Tamper evidence: every auth_events row written from now on belongs to the
-- hash chain of its tenant (chain_id = tenant id; 0 = events without a
-- tenant: provider staff, unknown user IDs). row_hash = SHA-256(prev_hash
-- || canonical fields), see docs/history-chain.md. prev_hash is kept in the
-- row so that a chain whose oldest rows were purged by age (X-8) still
-- verifies from its first remaining row. Rows written before this migration
-- have no chain_seq and are reported as unchained by verify-history.
ALTER TABLE auth_events
  ADD COLUMN chain_id   BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN chain_seq  BIGINT UNSIGNED NULL,
  ADD COLUMN prev_hash  BINARY(32) NULL,
  ADD COLUMN row_hash   BINARY(32) NULL,
  ADD UNIQUE KEY auth_events_chain (chain_id, chain_seq),
  -- the history page of one tenant: filter by event, sorted by time
  ADD KEY auth_events_tenant_event_time (tenant_id, event, occurred_at),
  ADD KEY auth_events_tenant_login_time (tenant_id, login_id, occurred_at);

-- The head of each chain, locked FOR UPDATE by the transaction that appends
-- a row: one lock per tenant, never one for all.
CREATE TABLE history_chains (
  chain_id    BIGINT UNSIGNED NOT NULL,
  seq         BIGINT UNSIGNED NOT NULL,
  head_hash   BINARY(32) NOT NULL,
  updated_at  DATETIME NOT NULL,
  PRIMARY KEY (chain_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Export slots (HIST-2): a streamed export holds one worker of the history
-- program for its whole length. Only History.ExportSlots exports run at a
-- time in the whole installation (and History.ExportsPerTenant per tenant),
-- so the other workers stay free for pages. A slot is leased: a killed
-- worker's slot frees itself when lease_until passes.
CREATE TABLE history_export_slots (
  slot_no      INT NOT NULL,
  tenant_id    BIGINT UNSIGNED NULL,
  holder       BINARY(16) NULL,
  lease_until  DATETIME NOT NULL,
  PRIMARY KEY (slot_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO history_export_slots (slot_no, lease_until) VALUES
  (1, '2000-01-01 00:00:00'), (2, '2000-01-01 00:00:00'), (3, '2000-01-01 00:00:00'),
  (4, '2000-01-01 00:00:00'), (5, '2000-01-01 00:00:00'), (6, '2000-01-01 00:00:00'),
  (7, '2000-01-01 00:00:00'), (8, '2000-01-01 00:00:00');
