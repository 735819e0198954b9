// Keywords of several terms (KB-2): a common term beside a rare one is
// kept alone (kb_terms, kb_term_hits) and checked on the rare term's
// candidates only; terms that are all common are kept together (the
// articles matching every term) after their first search. The count and every page, in
// the relevance and the views order, must equal a direct SQL computation
// over the articles' folded text, before and after articles change (text,
// title, publication, a new article).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, dbRows, sqlString } from '../lib/http.mjs';
import { awaitKnowledgeIndex, reindexKnowledge, uniqueKana, resultNos, resultTotal } from '../lib/knowledge.mjs';

const ARTICLES = 620;	// a term whose rarest bigram is in 500 articles or more is kept

const SORTS = {
  relevance: (likes) => `(${likes.map((l) => `a.search_title LIKE ${l}`).join(' AND ')}) DESC,
    a.published_at DESC, a.id DESC`,
  views: () => 'a.views DESC, a.published_at DESC, a.id DESC',
};

/** The published matches of every word, in the sort's order, straight from SQL. */
function expected(words, sort) {
  const likes = words.map((w) => sqlString(`%${w}%`));
  return dbRows(`SELECT a.article_no FROM kb_search s JOIN kb_articles a ON a.id = s.article_id
    WHERE a.published = 1 AND ${likes.map((l) => `s.text LIKE ${l}`).join(' AND ')}
    ORDER BY ${SORTS[sort](likes)}`).map((r) => r[0]);
}

async function pages(client, words, sort, total) {
  const got = [];
  const q = encodeURIComponent(words.join(' '));
  for (let page = 1; got.length < total; page++) {
    const res = await client.get(`/knowledge/?q=${q}&sort=${sort}&page=${page}`);
    assert.equal(res.status, 200);
    assert.equal(resultTotal(res.text), total, `count on page ${page} (${sort})`);
    const nos = resultNos(res.text);
    assert.ok(nos.length > 0, `page ${page} has rows`);
    got.push(...nos);
  }
  if (total === 0) {
    const res = await client.get(`/knowledge/?q=${q}&sort=${sort}`);
    assert.equal(res.status, 200);
    assert.deepEqual(resultNos(res.text), [], 'no rows');
  }
  return got;
}

async function compare(client, words, what) {
  for (const sort of Object.keys(SORTS)) {
    const want = expected(words, sort);
    assert.deepEqual(await pages(client, words, sort, want.length), want, `${what}, ${sort}`);
  }
  return expected(words, 'relevance').length;
}

/** Browsing the base (no keyword): the kept number equals the articles'. */
async function browse(client, baseId, what) {
  for (const [qs, where] of [[`base=${baseId}`, ''], [`base=${baseId}&lang=ja&author=${encodeURIComponent('複数語 担当')}`,
    ` AND lang = 'ja' AND author_name = '複数語 担当'`], [`base=${baseId}&lang=en`, ` AND lang = 'en'`]]) {
    const res = await client.get(`/knowledge/?${qs}`);
    assert.equal(res.status, 200);
    const [[n]] = dbRows(`SELECT COUNT(*) FROM kb_articles WHERE base_id = ${baseId} AND published = 1${where}`);
    assert.equal(resultTotal(res.text) ?? 0, Number(n), `browse ${qs} ${what}`);
  }
}

/** Whether kb_terms holds the word, or the words together (their sorted patterns joined by '\n'). */
const kept = (...words) =>
  dbRows(`SELECT COUNT(*) FROM kb_terms WHERE term = ${sqlString(words.map((w) => `%${w}%`).sort().join('\n'))}`)[0][0] === '1';

test('two-word keywords: exact count and order from kept terms, also after changes', async () => {
  // common: in every article; other: in seven of eight; rare: in one of 97
  const common = uniqueKana(6), other = uniqueKana(6), rare = uniqueKana(6);
  const code = `terms-${common}`;
  dbRows(`INSERT INTO kb_bases (code, name_ja, name_en, position, created_at, updated_at)
    VALUES (${sqlString(code)}, '複数語', 'Several words', 98, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  const [[baseId]] = dbRows(`SELECT id FROM kb_bases WHERE code = ${sqlString(code)}`);
  // titles: every 31st holds both common words (a title hit of the pair),
  // every 29th the first only (not a hit of the pair); every 50th article
  // is not published; views repeat (the order's ties go to the date)
  dbRows(`INSERT INTO kb_articles (article_no, base_id, lang, title, author_name, body_md, body_html,
      search_title, published, published_at, views, created_at, updated_at)
    SELECT CONCAT('KB7', LPAD(seq, 3, '0'), LPAD(FLOOR(RAND() * 1000), 3, '0')), ${baseId}, 'ja',
      t.title, '複数語 担当', t.body, CONCAT('<p>', t.body, '</p>'), t.title, seq % 50 <> 0,
      UTC_TIMESTAMP() - INTERVAL 800 DAY - INTERVAL (seq * 37) % 1000 MINUTE, seq % 13,
      UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM (SELECT seq,
        CASE WHEN seq % 31 = 0 THEN CONCAT('案内 ', ${sqlString(common)}, ' ', ${sqlString(other)}, ' ', seq)
             WHEN seq % 29 = 0 THEN CONCAT('案内 ', ${sqlString(common)}, ' ', seq)
             ELSE CONCAT('案内 ', seq) END AS title,
        CONCAT('本文 ', ${sqlString(common)}, ' です ', IF(seq % 8 <> 0, ${sqlString(other)}, ''),
               IF(seq % 97 = 0, CONCAT(' ', ${sqlString(rare)}), ''), ' ', seq) AS body
      FROM seq_1_to_${ARTICLES}) t`);
  dbRows(`INSERT INTO kb_search (article_id, text)
    SELECT id, CONCAT(search_title, '\\n', body_md) FROM kb_articles WHERE base_id = ${baseId}`);
  reindexKnowledge();

  const user = createUser({ name: '複数語 読者' });
  const client = new Client();
  await client.loginOk(user);

  await browse(client, baseId, 'at first');
  // a search while another test file rebuilds the index scans (exact,
  // but keeps nothing): then the search is repeated after the rebuild
  const pair = [common, other], withRare = [rare, common];
  for (let i = 0; i < 3 && !kept(common); i++) {
    if (i > 0) awaitKnowledgeIndex();
    assert.ok(await compare(client, withRare, 'a rare and a common word') > 0, 'the rare pair matches');
  }
  assert.ok(kept(common), 'the common word of a pair is kept');
  assert.ok(!kept(rare), 'the rare word is not kept');
  for (let i = 0; i < 3 && !kept(...pair); i++) {
    if (i > 0) awaitKnowledgeIndex();
    assert.ok(await compare(client, pair, 'two common words') > 300, 'the common pair matches');
  }
  assert.ok(kept(...pair), 'the two common words are kept together');
  assert.ok(!kept(other), 'not the second one alone');
  assert.ok(Number(dbRows(`SELECT COUNT(*) FROM kb_articles WHERE base_id = ${baseId} AND published = 1
    AND search_title LIKE ${sqlString(`%${common}%`)} AND search_title LIKE ${sqlString(`%${other}%`)}`)[0][0]) > 10,
  'title hits of the pair exist');

  // after both were kept: a body loses the other word, a title gains both
  // words, a rare article is unpublished, a new article holds all three
  const like = (w) => sqlString(`%${w}%`);
  const [[lose]] = dbRows(`SELECT s.article_id FROM kb_search s JOIN kb_articles a ON a.id = s.article_id
    WHERE a.base_id = ${baseId} AND a.published = 1 AND a.search_title NOT LIKE ${like(other)}
    AND s.text LIKE ${like(other)} ORDER BY a.id LIMIT 1`);
  dbRows(`UPDATE kb_search SET text = CONCAT('案内\\n本文 ', ${sqlString(common)}) WHERE article_id = ${lose}`);
  const [[gain]] = dbRows(`SELECT a.id FROM kb_articles a JOIN kb_search s ON s.article_id = a.id
    WHERE a.base_id = ${baseId} AND a.published = 1 AND a.search_title NOT LIKE ${like(common)}
    AND s.text LIKE ${like(other)} ORDER BY a.id DESC LIMIT 1`);
  dbRows(`UPDATE kb_articles SET search_title = CONCAT(search_title, ' ', ${sqlString(common)}, ' ',
    ${sqlString(other)}), views = 99 WHERE id = ${gain}`);
  dbRows(`UPDATE kb_articles a JOIN kb_search s ON s.article_id = a.id SET a.published = 0
    WHERE a.base_id = ${baseId} AND a.published = 1 AND s.text LIKE ${like(rare)}
    AND a.id NOT IN (${lose}, ${gain})`);
  dbRows(`INSERT INTO kb_articles (article_no, base_id, lang, title, author_name, body_md, body_html,
      search_title, published, published_at, created_at, updated_at)
    VALUES (CONCAT('KB79', LPAD(FLOOR(RAND() * 100000), 5, '0')), ${baseId}, 'ja', 'あとから', '複数語 担当',
      'x', '<p>x</p>', 'あとから', 1, UTC_TIMESTAMP() - INTERVAL 700 DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  dbRows(`INSERT INTO kb_search (article_id, text) SELECT id,
      CONCAT('あとから\\n', ${sqlString(common)}, ' ', ${sqlString(other)}, ' ', ${sqlString(rare)})
    FROM kb_articles WHERE base_id = ${baseId} AND title = 'あとから'`);
  // the kept rows follow by triggers; the side index (the rare word's
  // candidates) is written by the programs only: rebuilt here
  reindexKnowledge();
  assert.equal(await compare(client, withRare, 'a rare and a common word after the changes'), 1,
    'only the new article is left');
  await compare(client, pair, 'two common words after the changes');
  dbRows(`UPDATE kb_articles SET lang = 'en' WHERE id = ${lose}`);
  dbRows(`DELETE FROM search_grams WHERE scope = 2 AND tenant_id = 0 AND doc_id = ${gain}`);
  dbRows(`DELETE FROM kb_search WHERE article_id = ${gain}`);
  dbRows(`DELETE FROM kb_articles WHERE id = ${gain}`);
  await browse(client, baseId, 'after the changes');
});
