-- Knowledge, announcements and downloads (KB-1 … KB-5, DASH-2, DASH-8).
-- Times are UTC, written by the programs. Article numbers are random
-- (KB + 7 digits, retried on collision). Every row staff change records
-- who and when (created_by/at, updated_by/at).

-- One knowledge base per service (utm, cspm, helpdesk …).
CREATE TABLE kb_bases (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code        VARCHAR(40) NOT NULL,
  name_ja     VARCHAR(100) NOT NULL,
  name_en     VARCHAR(100) NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  created_by  BIGINT UNSIGNED NULL,
  created_at  DATETIME NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY kb_bases_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE kb_categories (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  base_id     BIGINT UNSIGNED NOT NULL,
  code        VARCHAR(40) NOT NULL,
  name_ja     VARCHAR(100) NOT NULL,
  name_en     VARCHAR(100) NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  created_by  BIGINT UNSIGNED NULL,
  created_at  DATETIME NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY kb_categories_code (base_id, code),
  CONSTRAINT kb_categories_base_fk FOREIGN KEY (base_id) REFERENCES kb_bases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- body_md is what staff wrote; body_html is its sanitised rendering, made
-- once when the article is saved (never per view). The search (KB-2)
-- matches folded text (mm_fold.h) with LIKE '%…%' (Japanese has no spaces:
-- FULLTEXT cannot serve it): search_title here for the relevance order,
-- title and body in kb_search. Both are binary strings: the text is folded
-- already, a byte match of valid UTF-8 is a character match, and the
-- byte-wise LIKE is several times faster than a collation's.
-- views is the total flushed by the programs' per-process counters
-- (one UPDATE … + n per flush, not a write per view).
-- demo_key: the idempotency key of the demo loader (NULL for staff's own).
CREATE TABLE kb_articles (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  article_no      CHAR(9) NOT NULL,
  demo_key        VARCHAR(100) NULL,
  base_id         BIGINT UNSIGNED NOT NULL,
  category_id     BIGINT UNSIGNED NULL,
  lang            ENUM('ja','en') NOT NULL DEFAULT 'ja',
  translation_of  BIGINT UNSIGNED NULL,
  title           VARCHAR(200) NOT NULL,
  author_name     VARCHAR(100) NOT NULL,
  body_md         MEDIUMTEXT NOT NULL,
  body_html       MEDIUMTEXT NOT NULL,
  search_title    VARBINARY(800) NOT NULL,
  published       TINYINT(1) NOT NULL DEFAULT 0,
  published_at    DATETIME NULL,
  announcement    TINYINT(1) NOT NULL DEFAULT 0,
  display_from    DATETIME NULL,
  display_until   DATETIME NULL,
  views           BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_by      BIGINT UNSIGNED NULL,
  created_at      DATETIME NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY kb_articles_no (article_no),
  UNIQUE KEY kb_articles_demo_key (demo_key),
  KEY kb_articles_published (published, published_at),
  KEY kb_articles_announcement (announcement, published, published_at),
  KEY kb_articles_base (base_id, published, published_at),
  KEY kb_articles_translation (translation_of),
  KEY kb_articles_published_at (published_at),
  KEY kb_articles_author (published, author_name),
  CONSTRAINT kb_articles_base_fk FOREIGN KEY (base_id) REFERENCES kb_bases (id),
  CONSTRAINT kb_articles_category_fk FOREIGN KEY (category_id) REFERENCES kb_categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- The folded title and body of each article, apart from the wide article
-- rows: a keyword search reads this narrow table whole (10,000 articles:
-- about 20 MB) and the articles only where it matched.
CREATE TABLE kb_search (
  article_id  BIGINT UNSIGNED NOT NULL,
  text        MEDIUMBLOB NOT NULL,
  PRIMARY KEY (article_id),
  CONSTRAINT kb_search_article_fk FOREIGN KEY (article_id) REFERENCES kb_articles (id)
) ENGINE=InnoDB;

-- Files in the attachment store (mm_store.h) that belong to knowledge:
-- an article's documents (article_id set) or a Downloads entry (DASH-8,
-- download = 1, base_id set, with its titles and descriptions). A
-- customer reaches a file only through a published article or a
-- published download.
CREATE TABLE kb_files (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  article_id      BIGINT UNSIGNED NULL,
  download        TINYINT(1) NOT NULL DEFAULT 0,
  base_id         BIGINT UNSIGNED NULL,
  title_ja        VARCHAR(200) NOT NULL DEFAULT '',
  title_en        VARCHAR(200) NOT NULL DEFAULT '',
  description_ja  VARCHAR(1000) NOT NULL DEFAULT '',
  description_en  VARCHAR(1000) NOT NULL DEFAULT '',
  published       TINYINT(1) NOT NULL DEFAULT 1,
  demo_key        VARCHAR(200) NULL,
  store_id        CHAR(32) NOT NULL,
  file_name       VARCHAR(255) NOT NULL,
  content_type    VARCHAR(127) NOT NULL,
  size_bytes      BIGINT UNSIGNED NOT NULL,
  sha256          BINARY(32) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  created_at      DATETIME NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY kb_files_store (store_id),
  UNIQUE KEY kb_files_demo_key (demo_key),
  KEY kb_files_article (article_id),
  KEY kb_files_download (download, published, base_id),
  CONSTRAINT kb_files_article_fk FOREIGN KEY (article_id) REFERENCES kb_articles (id),
  CONSTRAINT kb_files_base_fk FOREIGN KEY (base_id) REFERENCES kb_bases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- A user's dismissal of an announcement's banner is permanent (seed 002
-- §4.12); the Announcements list still shows it.
CREATE TABLE kb_dismissals (
  user_id       BIGINT UNSIGNED NOT NULL,
  article_id    BIGINT UNSIGNED NOT NULL,
  dismissed_at  DATETIME NOT NULL,
  PRIMARY KEY (user_id, article_id),
  CONSTRAINT kb_dismissals_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT kb_dismissals_article_fk FOREIGN KEY (article_id) REFERENCES kb_articles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
