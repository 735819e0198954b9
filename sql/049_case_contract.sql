-- Cases made before the case was given its tenant's contract when opened
-- (fcgi/cases/cases_db.c, SQL_CREATE) have none: the list's service name
-- (kept on the case by the triggers of sql/036) was empty for them. They
-- get the tenant's current contract, its latest as the points periods take
-- it. Cases of a tenant without a contract stay NULL. Only NULLs are
-- filled, so the statement can run again without harm.
UPDATE cases c
  JOIN (SELECT tenant_id, MAX(id) AS id FROM contracts GROUP BY tenant_id) k
    ON k.tenant_id = c.tenant_id
  SET c.contract_id = k.id
  WHERE c.contract_id IS NULL;
