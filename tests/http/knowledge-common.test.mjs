// A word found in hundreds of articles (KB-2): its results are kept
// (kb_terms, kb_term_hits) after the first search. The count, the
// "title hits first" order and every page must equal a direct SQL
// computation over the articles' folded text, before and after articles
// change (text, title, publication).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, dbRows, sqlString } from '../lib/http.mjs';
import { reindexKnowledge, uniqueKana, resultNos, resultTotal } from '../lib/knowledge.mjs';

const ARTICLES = 620;	// the rarest bigram in 500 articles or more is kept

/** The published matches of word, in the relevance order, straight from SQL. */
function expected(word) {
  const like = sqlString(`%${word}%`);
  return dbRows(`SELECT a.article_no FROM kb_search s JOIN kb_articles a ON a.id = s.article_id
    WHERE a.published = 1 AND s.text LIKE ${like}
    ORDER BY a.search_title LIKE ${like} DESC, a.published_at DESC, a.id DESC`).map((r) => r[0]);
}

async function pages(client, word, total) {
  const got = [];
  for (let page = 1; got.length < total; page++) {
    const res = await client.get(`/knowledge/?q=${encodeURIComponent(word)}&page=${page}`);
    assert.equal(res.status, 200);
    assert.equal(resultTotal(res.text), total, `count on page ${page}`);
    const nos = resultNos(res.text);
    assert.ok(nos.length > 0, `page ${page} has rows`);
    got.push(...nos);
  }
  return got;
}

test('a word in hundreds of articles: exact count and title hits first, also after changes', async () => {
  const word = uniqueKana(6);
  const code = `common-${word}`;
  // a base of its own, its articles published long ago (other tests'
  // newest-first lists keep their own articles on top)
  dbRows(`INSERT INTO kb_bases (code, name_ja, name_en, position, created_at, updated_at)
    VALUES (${sqlString(code)}, 'よくある語', 'Common word', 98, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  const [[baseId]] = dbRows(`SELECT id FROM kb_bases WHERE code = ${sqlString(code)}`);
  // every 31st article has the word in its title too, every 50th is not
  // published, every 7th holds only the word's two halves apart (its
  // bigrams, not the word)
  const half = word.length / 2;
  dbRows(`INSERT INTO kb_articles (article_no, base_id, lang, title, author_name, body_md, body_html,
      search_title, published, published_at, created_at, updated_at)
    SELECT CONCAT('KB8', LPAD(seq, 3, '0'), LPAD(FLOOR(RAND() * 1000), 3, '0')), ${baseId}, 'ja',
      t.title, '共通語 担当', t.body, CONCAT('<p>', t.body, '</p>'), t.title, seq % 50 <> 0,
      UTC_TIMESTAMP() - INTERVAL 700 DAY - INTERVAL (seq * 37) % 1000 MINUTE, UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM (SELECT seq,
        IF(seq % 31 = 0, CONCAT('手引き ', ${sqlString(word)}, ' ', seq), CONCAT('手引き ', seq)) AS title,
        IF(seq % 7 = 0, CONCAT(${sqlString(word.slice(0, half))}, 'の', ${sqlString(word.slice(half))}),
           CONCAT('本文 ', ${sqlString(word)}, ' です ', seq)) AS body
      FROM seq_1_to_${ARTICLES}) t`);
  dbRows(`INSERT INTO kb_search (article_id, text)
    SELECT id, CONCAT(search_title, '\\n', body_md) FROM kb_articles WHERE base_id = ${baseId}`);
  // rows written around the programs: the side index is rebuilt (searches
  // scan meanwhile, with the same answers)
  reindexKnowledge();

  const user = createUser({ name: '共通語 読者' });
  const client = new Client();
  await client.loginOk(user);
  let want = expected(word);
  assert.ok(want.length > 500, `many matches (${want.length})`);
  const titleHits = dbRows(`SELECT COUNT(*) FROM kb_articles WHERE base_id = ${baseId} AND published = 1
    AND search_title LIKE ${sqlString(`%${word}%`)}`)[0][0];
  assert.ok(Number(titleHits) > 10, 'title hits exist');
  assert.deepEqual(await pages(client, word, want.length), want, 'every page in order');
  assert.equal(dbRows(`SELECT COUNT(*) FROM kb_terms WHERE term = ${sqlString(`%${word}%`)}`)[0][0], '1',
    'the word is kept');

  // changes after the word was kept: a body loses the word, a title gains
  // it, an article is unpublished, a new one comes
  const [[lose]] = dbRows(`SELECT a.id FROM kb_articles a WHERE a.base_id = ${baseId} AND a.published = 1
    AND a.search_title NOT LIKE ${sqlString(`%${word}%`)} ORDER BY a.id LIMIT 1`);
  dbRows(`UPDATE kb_search SET text = '手引き\\n本文のみ' WHERE article_id = ${lose}`);
  const [[gain]] = dbRows(`SELECT a.id FROM kb_articles a JOIN kb_search s ON s.article_id = a.id
    WHERE a.base_id = ${baseId} AND a.published = 1 AND a.search_title NOT LIKE ${sqlString(`%${word}%`)}
    AND s.text LIKE ${sqlString(`%${word}%`)} ORDER BY a.id DESC LIMIT 1`);
  dbRows(`UPDATE kb_articles SET search_title = CONCAT(search_title, ' ', ${sqlString(word)}) WHERE id = ${gain}`);
  dbRows(`UPDATE kb_articles SET published = 0 WHERE base_id = ${baseId} AND published = 1
    AND id NOT IN (${lose}, ${gain}) ORDER BY id DESC LIMIT 1`);
  dbRows(`INSERT INTO kb_articles (article_no, base_id, lang, title, author_name, body_md, body_html,
      search_title, published, published_at, created_at, updated_at)
    VALUES (CONCAT('KB89', LPAD(FLOOR(RAND() * 100000), 5, '0')), ${baseId}, 'ja', 'あとから', '共通語 担当',
      'x', '<p>x</p>', 'あとから', 1, UTC_TIMESTAMP() - INTERVAL 600 DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  dbRows(`INSERT INTO kb_search (article_id, text) SELECT id, CONCAT('あとから\\n', ${sqlString(word)})
    FROM kb_articles WHERE base_id = ${baseId} AND title = 'あとから'`);
  const before = want.length;
  want = expected(word);
  assert.equal(want.length, before - 1, 'one lost, one unpublished, one new');
  assert.deepEqual(await pages(client, word, want.length), want, 'every page in order after the changes');
});
