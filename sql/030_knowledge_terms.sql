-- Knowledge browsing (KB-2, no keyword): the kept number of articles per
-- combination of the list's filters.
--
-- The list without a keyword shows the exact number of matching articles.
-- Counting them read every published article's wide row (10,000 articles:
-- 22 ms of database CPU per page). The filters are published, language,
-- base, category and author, so the number is the sum of a few rows here
-- (one per combination that exists: bases × categories × languages ×
-- authors). The triggers keep the rows exact in the transaction of every
-- change, also for rows written by tools and tests; a view counter's
-- flush changes none of these columns and touches no row here. An
-- article without a category counts under category 0 (the filter's
-- "any"; ids start at 1). Rows that fall to 0 stay (a later article of the
-- same combination reuses them).
CREATE TABLE kb_article_counts (
  published   TINYINT(1) NOT NULL,
  lang        ENUM('ja','en') NOT NULL,
  base_id     BIGINT UNSIGNED NOT NULL,
  category_id BIGINT UNSIGNED NOT NULL,
  author_name VARCHAR(100) NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (published, lang, base_id, category_id, author_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

INSERT INTO kb_article_counts (published, lang, base_id, category_id, author_name, n)
  SELECT published, lang, base_id, COALESCE(category_id, 0), author_name, COUNT(*)
  FROM kb_articles GROUP BY published, lang, base_id, COALESCE(category_id, 0), author_name;

CREATE TRIGGER kb_article_counts_insert AFTER INSERT ON kb_articles FOR EACH ROW
  INSERT INTO kb_article_counts (published, lang, base_id, category_id, author_name, n)
  VALUES (NEW.published, NEW.lang, NEW.base_id, COALESCE(NEW.category_id, 0), NEW.author_name, 1)
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER kb_article_counts_delete AFTER DELETE ON kb_articles FOR EACH ROW
  UPDATE kb_article_counts SET n = n - 1
  WHERE published = OLD.published AND lang = OLD.lang AND base_id = OLD.base_id
    AND category_id = COALESCE(OLD.category_id, 0) AND author_name = OLD.author_name;

CREATE TRIGGER kb_article_counts_update AFTER UPDATE ON kb_articles FOR EACH ROW
  IF NOT (OLD.published <=> NEW.published AND OLD.lang <=> NEW.lang
          AND OLD.base_id <=> NEW.base_id AND OLD.category_id <=> NEW.category_id
          AND BINARY OLD.author_name <=> BINARY NEW.author_name) THEN
    UPDATE kb_article_counts SET n = n - 1
    WHERE published = OLD.published AND lang = OLD.lang AND base_id = OLD.base_id
      AND category_id = COALESCE(OLD.category_id, 0) AND author_name = OLD.author_name;
    INSERT INTO kb_article_counts (published, lang, base_id, category_id, author_name, n)
    VALUES (NEW.published, NEW.lang, NEW.base_id, COALESCE(NEW.category_id, 0), NEW.author_name, 1)
    ON DUPLICATE KEY UPDATE n = n + 1;
  END IF;
