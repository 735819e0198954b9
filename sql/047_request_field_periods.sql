-- Two date fields of a work request item can form a period: not_before
-- names another date field of the same item (work_request_fields.name)
-- whose date this one may not precede, e.g. a period's "to" names its
-- "from". '' when the field has no such rule. Existing fields keep none
-- (staff set it in the catalog editor).
ALTER TABLE work_request_fields
  ADD COLUMN not_before VARCHAR(40) NOT NULL DEFAULT '' AFTER max_value;
