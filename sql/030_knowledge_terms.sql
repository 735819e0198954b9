-- Knowledge search speed (KB-2), after sql/027: keywords of several
-- terms, and browsing without a keyword.
--
-- Several terms kept together. A keyword whose terms are all common (each
-- one's rarest bigram in hundreds of articles) matches most articles, and
-- checking each one's text is a scan. Such a keyword is kept like a common
-- word: kb_terms gets an entry whose key is the terms' LIKE patterns,
-- sorted and joined by '\n' (no pattern holds one), and whose patterns
-- like1..like4 (unused: '%') the triggers test, all of them; a one-term
-- entry has its pattern in like1. kb_term_hits holds the articles matching
-- every pattern, title_hit when the title matches every pattern. The
-- triggers of sql/027 are replaced by the same ones testing the patterns.
ALTER TABLE kb_terms
  ADD COLUMN like1 VARBINARY(400) NOT NULL DEFAULT '%',
  ADD COLUMN like2 VARBINARY(400) NOT NULL DEFAULT '%',
  ADD COLUMN like3 VARBINARY(400) NOT NULL DEFAULT '%',
  ADD COLUMN like4 VARBINARY(400) NOT NULL DEFAULT '%';
UPDATE kb_terms SET like1 = term;

DROP TRIGGER kb_term_hits_insert;
DROP TRIGGER kb_term_hits_update;
DROP TRIGGER kb_term_hits_article;

CREATE TRIGGER kb_term_hits_insert AFTER INSERT ON kb_search FOR EACH ROW
  INSERT INTO kb_term_hits (term, article_id, title_hit, published, published_at, lang,
                            base_id, category_id, author_name, views, title)
  SELECT t.term, a.id,
         a.search_title LIKE t.like1 ESCAPE '!' AND a.search_title LIKE t.like2 ESCAPE '!'
         AND a.search_title LIKE t.like3 ESCAPE '!' AND a.search_title LIKE t.like4 ESCAPE '!',
         a.published, a.published_at, a.lang, a.base_id, a.category_id, a.author_name, a.views, a.title
  FROM kb_terms t JOIN kb_articles a ON a.id = NEW.article_id
  WHERE NEW.text LIKE t.like1 ESCAPE '!' AND NEW.text LIKE t.like2 ESCAPE '!'
    AND NEW.text LIKE t.like3 ESCAPE '!' AND NEW.text LIKE t.like4 ESCAPE '!';

CREATE TRIGGER kb_term_hits_update AFTER UPDATE ON kb_search FOR EACH ROW
  IF NOT (OLD.text <=> NEW.text AND OLD.article_id <=> NEW.article_id) THEN
    DELETE FROM kb_term_hits WHERE article_id = OLD.article_id;
    INSERT INTO kb_term_hits (term, article_id, title_hit, published, published_at, lang,
                              base_id, category_id, author_name, views, title)
    SELECT t.term, a.id,
           a.search_title LIKE t.like1 ESCAPE '!' AND a.search_title LIKE t.like2 ESCAPE '!'
           AND a.search_title LIKE t.like3 ESCAPE '!' AND a.search_title LIKE t.like4 ESCAPE '!',
           a.published, a.published_at, a.lang, a.base_id, a.category_id, a.author_name, a.views, a.title
    FROM kb_terms t JOIN kb_articles a ON a.id = NEW.article_id
    WHERE NEW.text LIKE t.like1 ESCAPE '!' AND NEW.text LIKE t.like2 ESCAPE '!'
      AND NEW.text LIKE t.like3 ESCAPE '!' AND NEW.text LIKE t.like4 ESCAPE '!';
  END IF;

CREATE TRIGGER kb_term_hits_article AFTER UPDATE ON kb_articles FOR EACH ROW
  IF NOT (OLD.search_title <=> NEW.search_title AND OLD.published <=> NEW.published
          AND OLD.published_at <=> NEW.published_at AND OLD.lang <=> NEW.lang
          AND OLD.base_id <=> NEW.base_id AND OLD.category_id <=> NEW.category_id
          AND OLD.author_name <=> NEW.author_name AND OLD.views <=> NEW.views
          AND OLD.title <=> NEW.title) THEN
    UPDATE kb_term_hits h JOIN kb_terms t ON t.term = h.term
    SET h.title_hit = (NEW.search_title LIKE t.like1 ESCAPE '!' AND NEW.search_title LIKE t.like2 ESCAPE '!'
                       AND NEW.search_title LIKE t.like3 ESCAPE '!' AND NEW.search_title LIKE t.like4 ESCAPE '!'),
      h.published = NEW.published, h.published_at = NEW.published_at, h.lang = NEW.lang,
      h.base_id = NEW.base_id, h.category_id = NEW.category_id, h.author_name = NEW.author_name,
      h.views = NEW.views, h.title = NEW.title
    WHERE h.article_id = NEW.id;
  END IF;

-- Browsing (no keyword): the kept number of articles per combination of
-- the list's filters.
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
