-- Page views in a narrow table of their own (AUTH-11, HIST-1 … HIST-3).
--
-- Every page of the portal records a view (dashboard.view, case.view, …).
-- As rows of auth_events each view paid for the seven secondary indexes the
-- security events need and for a later UPDATE that sealed it into the
-- chain and grew the row. Here a view is written once, already chained
-- (chain_seq, prev_hash and row_hash computed in the program from the same
-- canonical encoding, docs/history-chain.md), and never updated.
--
-- tenant_id is the chain (0 = provider staff, as chain 0 of auth_events);
-- a tenant's chain_seq numbers are shared with its auth_events rows, each
-- seq in exactly one of the two tables. The primary key keeps a chain's
-- views in seq order: verify-history reads them in that order, and a flush
-- appends at the end of its tenant's range.
--
-- Secondary indexes: one per statement shape of the login history
-- (fcgi/history/history_db.c), the same ones auth_events has for it:
-- - page_views_tenant_time: the page and the export in time order, the
--   period filter, the count of the unfiltered page, purge by age;
-- - page_views_tenant_user_time: a customer user's own history;
-- - page_views_tenant_event_time: the event filter and the sort by event
--   (without it both read every view of the tenant);
-- - page_views_tenant_login_time: the user ID filter and the sort by user.
CREATE TABLE page_views (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  chain_seq    BIGINT UNSIGNED NOT NULL,
  occurred_at  DATETIME NOT NULL,
  user_id      BIGINT UNSIGNED NOT NULL,
  login_id     VARCHAR(40) NOT NULL,
  event        VARCHAR(40) NOT NULL,
  ip           VARCHAR(45) NOT NULL,
  user_agent   VARCHAR(255) NOT NULL,
  prev_hash    BINARY(32) NOT NULL,
  row_hash     BINARY(32) NOT NULL,
  PRIMARY KEY (tenant_id, chain_seq),
  KEY page_views_tenant_time (tenant_id, occurred_at),
  KEY page_views_tenant_user_time (tenant_id, user_id, occurred_at),
  KEY page_views_tenant_event_time (tenant_id, event, occurred_at),
  KEY page_views_tenant_login_time (tenant_id, login_id, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
