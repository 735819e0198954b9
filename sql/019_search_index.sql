-- Search side index (CASE-4, KB-2) and the contact-name sort key of the
-- case list; the design and figures are in docs/case-search.md.

-- Per owner (scope 1: a tenant's cases, scope 2: the knowledge base with
-- tenant 0) and bigram of the folded text, the documents holding it
-- (fcgi/core/mm_ngram.h). Clustered by owner and gram: a tenant's search
-- reads its own postings only, each gram's documents in one range. The
-- programs write the entries in the transaction that writes the text.
CREATE TABLE search_grams (
  scope       TINYINT UNSIGNED NOT NULL,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  gram        BINARY(8) NOT NULL,
  doc_id      BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (scope, tenant_id, gram, doc_id)
) ENGINE=InnoDB;

-- Owners whose entries are incomplete (text written before this migration,
-- or loaded by tools that bypass the programs): their searches scan as
-- before until `mimamori-admin search-reindex` has rebuilt them.
CREATE TABLE search_pending (
  scope       TINYINT UNSIGNED NOT NULL,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (scope, tenant_id)
) ENGINE=InnoDB;

INSERT INTO search_pending (scope, tenant_id) SELECT DISTINCT 1, tenant_id FROM case_search;
INSERT INTO search_pending (scope, tenant_id) SELECT 2, 0 FROM kb_search LIMIT 1;

-- The contact's name stored on the case for the list's sort by contact: the
-- sort then walks (tenant_id, contact_sort, updated_at, id) instead of
-- joining users for every case of the tenant and sorting them (a large
-- tenant's last page: 305 ms of server CPU). Kept by triggers, inside the
-- transaction of every change, also for rows written by tools and tests.
ALTER TABLE cases
  ADD COLUMN contact_sort VARCHAR(100) NULL,
  ADD KEY cases_tenant_contact_sort (tenant_id, contact_sort, updated_at, id);

UPDATE cases c JOIN users u ON u.id = c.contact_user_id SET c.contact_sort = u.display_name;

CREATE TRIGGER cases_contact_sort_insert BEFORE INSERT ON cases FOR EACH ROW
  SET NEW.contact_sort = (SELECT display_name FROM users WHERE id = NEW.contact_user_id);

CREATE TRIGGER cases_contact_sort_update BEFORE UPDATE ON cases FOR EACH ROW
  IF NOT (OLD.contact_user_id <=> NEW.contact_user_id) THEN
    SET NEW.contact_sort = (SELECT display_name FROM users WHERE id = NEW.contact_user_id);
  END IF;

CREATE TRIGGER users_contact_sort_update AFTER UPDATE ON users FOR EACH ROW
  IF NOT (OLD.display_name <=> NEW.display_name) THEN
    UPDATE cases SET contact_sort = NEW.display_name WHERE contact_user_id = NEW.id;
  END IF;
