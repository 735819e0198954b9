-- One-time form keys: each "new" form (a user, a case, a work request)
-- carries a random key; the transaction that creates the object records
-- the key with what it created, so that the same form posted again (a
-- double click, Back and resubmit, a retry after a slow answer) creates
-- nothing more and leads to what the first post created. Keyed by the
-- user who posted it; rows older than a day are purged (mimamori-admin
-- purge, X-8).
CREATE TABLE form_keys (
  user_id     BIGINT UNSIGNED NOT NULL,
  form_key    CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind        VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  object_ref  VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at  DATETIME NOT NULL,
  PRIMARY KEY (user_id, form_key),
  KEY form_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
