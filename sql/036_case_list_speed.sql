-- The case list of a large tenant (CASE-4) sorted by any column and paged
-- deep: the figures behind these choices are in docs/case-search.md.

-- The service name stored on the case for the list's sort by service, as
-- the contact's name is (sql/019): the sort then walks (tenant_id,
-- service_sort, updated_at, id) instead of joining every case of the tenant
-- to contracts and sorting them (the largest bench tenant's 40,062 cases:
-- 300-760 ms per page, the 1 s statement cap under load). NULL: no
-- contract, which sorts first like the join's NULL did. Kept by triggers
-- inside the transaction of every change, also for rows written by tools.
-- The index after the values: built sorted once instead of updated per row.
ALTER TABLE cases ADD COLUMN service_sort VARCHAR(100) NULL;

UPDATE cases c JOIN contracts k ON k.id = c.contract_id SET c.service_sort = k.service_name;

ALTER TABLE cases ADD KEY cases_tenant_service_sort (tenant_id, service_sort, updated_at, id);

CREATE TRIGGER cases_service_sort_insert BEFORE INSERT ON cases FOR EACH ROW
  SET NEW.service_sort = (SELECT service_name FROM contracts WHERE id = NEW.contract_id);

CREATE TRIGGER cases_service_sort_update BEFORE UPDATE ON cases FOR EACH ROW
  IF NOT (OLD.contract_id <=> NEW.contract_id) THEN
    SET NEW.service_sort = (SELECT service_name FROM contracts WHERE id = NEW.contract_id);
  END IF;

CREATE TRIGGER contracts_service_sort_update AFTER UPDATE ON contracts FOR EACH ROW
  IF NOT (OLD.service_name <=> NEW.service_name) THEN
    UPDATE cases SET service_sort = NEW.service_name WHERE contract_id = NEW.id;
  END IF;

-- A number per tenant that grows with every change of a case that can
-- move it in the list (a new or removed case, a new value of a sorted
-- column): a worker keeps where every 500th case of a tenant's list lies
-- in each order, together with the number it read them at, and starts a
-- deep page from the nearest such position instead of walking up to half
-- of the tenant's index (the largest tenant's middle page: 20,000 index
-- entries). The page's statement reads the number too, in the same
-- snapshot: a changed number discards the positions and the page is read
-- the ordinary way. No row: never changed since this migration (0).
CREATE TABLE case_list_stamps (
  tenant_id   BIGINT UNSIGNED NOT NULL,
  stamp       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TRIGGER case_list_stamps_insert AFTER INSERT ON cases FOR EACH ROW
  INSERT INTO case_list_stamps (tenant_id, stamp) VALUES (NEW.tenant_id, 1)
  ON DUPLICATE KEY UPDATE stamp = stamp + 1;

CREATE TRIGGER case_list_stamps_update AFTER UPDATE ON cases FOR EACH ROW
  IF NOT (OLD.tenant_id = NEW.tenant_id AND OLD.case_no = NEW.case_no
          AND OLD.status = NEW.status AND OLD.category_id = NEW.category_id
          AND OLD.subject = NEW.subject AND OLD.updated_at = NEW.updated_at
          AND OLD.contact_sort <=> NEW.contact_sort
          AND OLD.service_sort <=> NEW.service_sort) THEN
    INSERT INTO case_list_stamps (tenant_id, stamp) VALUES (OLD.tenant_id, 1), (NEW.tenant_id, 1)
    ON DUPLICATE KEY UPDATE stamp = stamp + 1;
  END IF;

CREATE TRIGGER case_list_stamps_delete AFTER DELETE ON cases FOR EACH ROW
  INSERT INTO case_list_stamps (tenant_id, stamp) VALUES (OLD.tenant_id, 1)
  ON DUPLICATE KEY UPDATE stamp = stamp + 1;

-- Case counts per tenant, contact, status and category, kept like
-- case_counts (sql/007) by triggers in the transaction of every change:
-- the count of "my cases" (with a status or category filter or not) is a
-- sum of at most 55 rows instead of counting the contact's index entries
-- on every page view (3,964 for the largest bench tenant's first user).
-- Cases without a contact are not counted here.
CREATE TABLE case_contact_counts (
  tenant_id       BIGINT UNSIGNED NOT NULL,
  contact_user_id BIGINT UNSIGNED NOT NULL,
  status          ENUM('new','working','awaiting_customer','resolved','closed') NOT NULL,
  category_id     BIGINT UNSIGNED NOT NULL,
  n               BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, contact_user_id, status, category_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

INSERT INTO case_contact_counts (tenant_id, contact_user_id, status, category_id, n)
  SELECT tenant_id, contact_user_id, status, category_id, COUNT(*) FROM cases
  WHERE contact_user_id IS NOT NULL
  GROUP BY tenant_id, contact_user_id, status, category_id;

CREATE TRIGGER case_contact_counts_insert AFTER INSERT ON cases FOR EACH ROW
  IF NEW.contact_user_id IS NOT NULL THEN
    INSERT INTO case_contact_counts (tenant_id, contact_user_id, status, category_id, n)
    VALUES (NEW.tenant_id, NEW.contact_user_id, NEW.status, NEW.category_id, 1)
    ON DUPLICATE KEY UPDATE n = n + 1;
  END IF;

-- Only a change of tenant, contact, status or category moves a count.
CREATE TRIGGER case_contact_counts_update AFTER UPDATE ON cases FOR EACH ROW
  IF NOT (OLD.tenant_id = NEW.tenant_id AND OLD.contact_user_id <=> NEW.contact_user_id
          AND OLD.status = NEW.status AND OLD.category_id = NEW.category_id) THEN
    IF OLD.contact_user_id IS NOT NULL THEN
      INSERT INTO case_contact_counts (tenant_id, contact_user_id, status, category_id, n)
      VALUES (OLD.tenant_id, OLD.contact_user_id, OLD.status, OLD.category_id, -1)
      ON DUPLICATE KEY UPDATE n = n - 1;
    END IF;
    IF NEW.contact_user_id IS NOT NULL THEN
      INSERT INTO case_contact_counts (tenant_id, contact_user_id, status, category_id, n)
      VALUES (NEW.tenant_id, NEW.contact_user_id, NEW.status, NEW.category_id, 1)
      ON DUPLICATE KEY UPDATE n = n + 1;
    END IF;
  END IF;

CREATE TRIGGER case_contact_counts_delete AFTER DELETE ON cases FOR EACH ROW
  IF OLD.contact_user_id IS NOT NULL THEN
    UPDATE case_contact_counts SET n = n - 1
    WHERE tenant_id = OLD.tenant_id AND contact_user_id = OLD.contact_user_id
      AND status = OLD.status AND category_id = OLD.category_id;
  END IF;

-- The case number's and the subject's orders are total with the id (both
-- end in it): columns after the id keep the order and let a status,
-- category or period filter be checked on the index entry (covering in the
-- page's id query, pushed down otherwise) instead of reading each case
-- walked. Status 対応中 sorted by subject, page 1 of the largest bench
-- tenant: 1,403 entries walked, each with its row read before.
ALTER TABLE cases
  DROP KEY cases_tenant_case_no,
  ADD KEY cases_tenant_case_no (tenant_id, case_no, id, status, category_id, updated_at),
  DROP KEY cases_tenant_subject,
  ADD KEY cases_tenant_subject (tenant_id, subject, id, status, category_id, updated_at);
