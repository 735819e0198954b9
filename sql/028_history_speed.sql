-- Login history speed (HIST-1, HIST-2).
--
-- The page and export statements have one form per filter shape
-- (fcgi/history/history_db.c), so each can be answered from one index that
-- starts with the tenant.
--
-- A customer user's own history (and an admin's filter by user): the
-- tenant, the user and the time in one index, so the page's count reads
-- index entries only.
ALTER TABLE auth_events
  ADD KEY auth_events_tenant_user_time (tenant_id, user_id, occurred_at),
  -- The CSV/Excel/PDF export in time order: every exported column in the
  -- index, in export order, so a million-row export reads the index from
  -- end to end and never looks a row up in the table (one primary-key
  -- descent per row was most of MariaDB's work per exported row). id
  -- follows the time because the export orders by (occurred_at, id).
  ADD KEY auth_events_tenant_export (tenant_id, occurred_at, id, event, login_id, ip,
    user_agent, chain_id, chain_seq, user_id, prev_hash, row_hash);
