-- Knowledge search speed (KB-2): the kept results of common words.
--
-- A keyword whose every bigram is in hundreds of articles gains nothing
-- from the side index (search_grams): its candidates are most of the
-- knowledge base, and checking each one's text costs as much as the scan.
-- Such a term (the LIKE pattern of mm_fold_like_terms, e.g. "%ab!%c%") is
-- kept here once it has been searched: kb_terms lists the kept terms,
-- kb_term_hits the articles whose folded text matches each one, with
-- whether the folded title matches too (the relevance order puts title
-- hits first). The first search of a term fills its rows with one scan;
-- afterwards its searches read the term's rows only. The triggers below
-- keep the rows exact in the transaction of every change of an article's
-- text or title, also for rows written by tools and tests. Each row also
-- carries the article's columns that the search filters and sorts by (a
-- copy kept by the triggers, the view count too), so that a term's count
-- and page read its own narrow rows, not 10,000 wide article rows.
CREATE TABLE kb_terms (
  term        VARBINARY(400) NOT NULL,
  created_at  DATETIME NOT NULL,
  PRIMARY KEY (term)
) ENGINE=InnoDB;

CREATE TABLE kb_term_hits (
  term        VARBINARY(400) NOT NULL,
  article_id  BIGINT UNSIGNED NOT NULL,
  title_hit   TINYINT(1) NOT NULL,
  published   TINYINT(1) NOT NULL,
  published_at DATETIME NULL,
  lang        ENUM('ja','en') NOT NULL,
  base_id     BIGINT UNSIGNED NOT NULL,
  category_id BIGINT UNSIGNED NULL,
  author_name VARCHAR(100) NOT NULL,
  views       BIGINT UNSIGNED NOT NULL,
  title       VARCHAR(200) NOT NULL,
  PRIMARY KEY (term, article_id),
  KEY kb_term_hits_relevance (term, title_hit, published_at, article_id),
  KEY kb_term_hits_newest (term, published_at, article_id),
  KEY kb_term_hits_views (term, views, published_at, article_id),
  KEY kb_term_hits_article (article_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TRIGGER kb_term_hits_insert AFTER INSERT ON kb_search FOR EACH ROW
  INSERT INTO kb_term_hits (term, article_id, title_hit, published, published_at, lang,
                            base_id, category_id, author_name, views, title)
  SELECT t.term, a.id, a.search_title LIKE t.term ESCAPE '!', a.published, a.published_at,
         a.lang, a.base_id, a.category_id, a.author_name, a.views, a.title
  FROM kb_terms t JOIN kb_articles a ON a.id = NEW.article_id
  WHERE NEW.text LIKE t.term ESCAPE '!';

CREATE TRIGGER kb_term_hits_update AFTER UPDATE ON kb_search FOR EACH ROW
  IF NOT (OLD.text <=> NEW.text AND OLD.article_id <=> NEW.article_id) THEN
    DELETE FROM kb_term_hits WHERE article_id = OLD.article_id;
    INSERT INTO kb_term_hits (term, article_id, title_hit, published, published_at, lang,
                              base_id, category_id, author_name, views, title)
    SELECT t.term, a.id, a.search_title LIKE t.term ESCAPE '!', a.published, a.published_at,
           a.lang, a.base_id, a.category_id, a.author_name, a.views, a.title
    FROM kb_terms t JOIN kb_articles a ON a.id = NEW.article_id
    WHERE NEW.text LIKE t.term ESCAPE '!';
  END IF;

CREATE TRIGGER kb_term_hits_delete AFTER DELETE ON kb_search FOR EACH ROW
  DELETE FROM kb_term_hits WHERE article_id = OLD.article_id;

-- The copied columns follow the article (publishing, editing, the view
-- counter's flushes; a flush touches one row per kept term that matched).
CREATE TRIGGER kb_term_hits_article AFTER UPDATE ON kb_articles FOR EACH ROW
  IF NOT (OLD.search_title <=> NEW.search_title AND OLD.published <=> NEW.published
          AND OLD.published_at <=> NEW.published_at AND OLD.lang <=> NEW.lang
          AND OLD.base_id <=> NEW.base_id AND OLD.category_id <=> NEW.category_id
          AND OLD.author_name <=> NEW.author_name AND OLD.views <=> NEW.views
          AND OLD.title <=> NEW.title) THEN
    UPDATE kb_term_hits SET title_hit = (NEW.search_title LIKE term ESCAPE '!'),
      published = NEW.published, published_at = NEW.published_at, lang = NEW.lang,
      base_id = NEW.base_id, category_id = NEW.category_id, author_name = NEW.author_name,
      views = NEW.views, title = NEW.title
    WHERE article_id = NEW.id;
  END IF;
