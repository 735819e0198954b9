// The search side index (fcgi/core/mm_ngram.h, sql/019_search_index.sql)
// stays exact: a case's subject, description and public comments are
// found through it right after each write, internal notes never; the
// index holds the grams in the same transaction; a tenant marked pending
// scans until `mimamori-admin search-reindex` rebuilds it; one-character
// terms (no gram) still match; an edited article loses the grams of its
// old text; and the answers equal a plain LIKE over the search rows, also
// for a word whose grams occur apart in other cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ADMIN, CONFIG, Client, createUser, csrfOf, dbRows, sqlString } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { act, caseRow, freshTenant, listCount, listedCases, openCase } from '../lib/cases.mjs';
import { loadFixture, uniqueKana, createArticle, resultNos, resultTotal } from '../lib/knowledge.mjs';

const reindex = (...args) =>
  execFileSync(ADMIN, ['--config', CONFIG, 'search-reindex', ...args], { encoding: 'utf8' });

async function tenantUser() {
  const tenant = freshTenant('索引検査株式会社');
  const user = createUser({ role: 'customer_admin', tenant: tenant.no, name: '索引 花子' });
  const client = new Client();
  await client.loginOk(user);
  const tid = dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`)[0][0];
  return { tenant, tid, client };
}

const found = async (client, words) =>
  listedCases((await client.get(`/cases/?q=${encodeURIComponent(words)}`)).text);

function grams(tid, caseId) {
  return Number(dbRows(`SELECT COUNT(*) FROM search_grams
    WHERE scope = 1 AND tenant_id = ${tid} AND doc_id = ${caseId}`)[0][0]);
}

test('a case is found through the index after creation and each public comment', async () => {
  const { tid, client } = await tenantUser();
  const w1 = uniqueKana(5), w2 = uniqueKana(5), note = uniqueKana(5);
  const no = await openCase(client, { subject: `件名${w1}`, description: 'ＶＰＮの接続が切れます。' });
  const { id } = caseRow(no);
  assert.ok(grams(tid, id) > 5, 'the grams were written with the case');
  assert.deepEqual(await found(client, w1), [no]);
  assert.deepEqual(await found(client, 'vpnの接続'), [no], 'width and case folded');
  assert.deepEqual(await found(client, w2), []);
  const before = grams(tid, id);
  const res = await act(client, no, 'comment', { body: `追記: ｶﾀｶﾅ ${w2} です` });
  assert.equal(res.status, 303);
  assert.ok(grams(tid, id) > before, 'the comment added grams');
  assert.deepEqual(await found(client, w2), [no]);
  assert.deepEqual(await found(client, `カタカナ ${w1}`), [no], 'terms from two fields (AND)');
  // an internal note is never searchable
  const { client: s } = await staffLogin({ name: '索引 担当' });
  const n = await act(s, no, 'comment', { body: `内部 ${note}`, visibility: 'internal' }, { prefix: '/staff' });
  assert.ok([303, 200].includes(n.status));
  assert.deepEqual(await found(client, note), []);
  // no gram crosses the field separator: the end of the subject and the
  // start of the description do not make a term together
  assert.deepEqual(await found(client, `${w1.slice(-1)}ｖ`), []);
});

test('terms shorter than a gram, LIKE wildcards and another tenant', async () => {
  const { client } = await tenantUser();
  const other = await tenantUser();
  const w = uniqueKana(6);
  const a = await openCase(client, { subject: `${w} 率100%_達成`, description: '円記号 \\ も' });
  await openCase(other.client, { subject: `${w} 他社`, description: '別テナント' });
  assert.deepEqual(await found(client, w), [a], 'another tenant\'s case is not listed');
  assert.deepEqual(await found(client, `${w} 率`), [a], 'a one-character term beside a long one');
  assert.deepEqual(await found(client, '100%_'), [a], '% and _ match literally');
  assert.deepEqual(await found(client, '100%x'), []);
  assert.deepEqual(await found(client, '号 \\'), [a], 'one-character terms only: the scan');
});

test('a pending tenant scans; search-reindex rebuilds its grams and clears the mark', async () => {
  const { tid, tenant, client } = await tenantUser();
  const w = uniqueKana(6);
  const nos = [];
  for (let i = 0; i < 3; i++) nos.push(await openCase(client, { subject: `${w} 第${i}号`, description: '本文' }));
  // text loaded around the programs: without its grams a tenant that is
  // not pending finds nothing (the index is what answers) …
  dbRows(`DELETE FROM search_grams WHERE scope = 1 AND tenant_id = ${tid}`);
  assert.deepEqual(await found(client, w), [], 'answered by the index');
  // … and once marked pending, its searches scan
  dbRows(`INSERT INTO search_pending (scope, tenant_id) VALUES (1, ${tid})`);
  assert.equal(new Set(await found(client, w)).size, 3, 'found by the scan while pending');
  const out = reindex('--tenant', tenant.no);
  assert.match(out, /3 document\(s\) indexed/);
  assert.equal(Number(dbRows(`SELECT COUNT(*) FROM search_pending WHERE scope = 1 AND tenant_id = ${tid}`)[0][0]), 0);
  for (const no of nos) assert.ok(grams(tid, caseRow(no).id) > 0);
  assert.deepEqual(new Set(await found(client, w)), new Set(nos));
  assert.match(listCount((await client.get(`/cases/?q=${encodeURIComponent(w)}`)).text), /3/);
  assert.deepEqual(await found(client, `${w} 第1号`), [nos[1]]);
});

test('the index answers exactly what LIKE over the search rows answers', async () => {
  const { tid, client } = await tenantUser();
  const w = uniqueKana(4);
  const texts = ['ウイルス検知の報告', 'ウイルス対策ソフト', '検知ルールの追加', 'メール誤検知', 'ルール'];
  for (const t of texts) await openCase(client, { subject: `${w}${t}`, description: `${t}について` });
  for (const q of ['ウイルス', '検知', 'ルール', '誤検', 'ス検知の', `${w}ウ`, 'ソフト 対策', '報告 メール']) {
    const terms = q.split(' ');
    const where = terms.map((t) => `s.folded LIKE ${sqlString(`%${t}%`)}`).join(' AND ');
    const want = dbRows(`SELECT c.case_no FROM case_search s JOIN cases c ON c.id = s.case_id
      WHERE s.tenant_id = ${tid} AND ${where}`).map((r) => r[0]).sort();
    assert.deepEqual((await found(client, q)).sort(), want, `「${q}」`);
  }
});

// A one-term keyword is counted from its rarest gram's documents alone
// (docs/case-search.md rule 5a): documents that hold the gram but not the
// word are dropped by the LIKE, so the count and the rows stay exact.
test('a word whose grams also occur apart: exact count and rows', async () => {
  const { tid, client } = await tenantUser();
  const w = uniqueKana(4);
  // qz is the rarer gram of xqz (4 of 5 cases, xq in all); one case holds the word
  const texts = ['xq yqz', 'xq qz', 'xqz', 'xq', 'qz xq'];
  const nos = [];
  for (const t of texts) nos.push(await openCase(client, { subject: `${w} ${t}`, description: '本文' }));
  for (const q of ['xqz', 'ｘｑｚ', 'xqz xq', `${w} qz`, 'yqz']) {
    const terms = q.normalize('NFKC').toLowerCase().split(' ');
    const where = terms.map((t) => `s.folded LIKE ${sqlString(`%${t}%`)}`).join(' AND ');
    const want = dbRows(`SELECT c.case_no FROM case_search s JOIN cases c ON c.id = s.case_id
      WHERE s.tenant_id = ${tid} AND ${where}`).map((r) => r[0]).sort();
    const page = (await client.get(`/cases/?q=${encodeURIComponent(q)}`)).text;
    assert.deepEqual(listedCases(page).sort(), want, `「${q}」`);
    assert.match(listCount(page), new RegExp(`/ ${want.length} 件`), `「${q}」 counted`);
  }
  assert.deepEqual(await found(client, 'xqz'), [nos[2]]);
});

test('knowledge: an edited article is found by its new text only, title hits first', async () => {
  loadFixture();
  const { client: s } = await staffLogin({ name: '索引 編集者' });
  const oldWord = uniqueKana(6), newWord = uniqueKana(6), shared = uniqueKana(5);
  const no = await createArticle(s, { title: `${oldWord} 手順`, body: `本文に ${shared} があります。` });
  const other = await createArticle(s, { title: `${shared} の概要`, body: '別の記事です。' });
  const user = createUser({ name: '閲覧 次郎' });
  const client = new Client();
  await client.loginOk(user);
  const search = async (word) => (await client.get(`/knowledge/?q=${encodeURIComponent(word)}`)).text;
  assert.deepEqual(resultNos(await search(oldWord)), [no]);
  let html = await search(shared);
  assert.deepEqual(resultNos(html), [other, no], 'the title hit first');
  assert.equal(resultTotal(html), 2);
  const id = dbRows(`SELECT id FROM kb_articles WHERE article_no = ${sqlString(no)}`)[0][0];
  const edit = await s.get(`/staff/knowledge/${no}`);
  const saved = await s.post(`/staff/knowledge/${no}`, {
    csrf: csrfOf(edit.text), action: 'save', title: `${newWord} 手順`, lang: 'ja',
    author: 'テスト SOC', body: '書き直しました。',
    base: dbRows("SELECT id FROM kb_bases WHERE code = 'kbtest'")[0][0],
  });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  assert.deepEqual(resultNos(await search(oldWord)), []);
  assert.deepEqual(resultNos(await search(newWord)), [no]);
  html = await search(shared);
  assert.deepEqual(resultNos(html), [other]);
  // the grams only the old text had are gone from the article's entries
  const oldGram = Buffer.from(oldWord.slice(0, 2), 'utf8').toString('hex').padEnd(16, '0');
  const left = dbRows(`SELECT COUNT(*) FROM search_grams WHERE scope = 2 AND tenant_id = 0
    AND doc_id = ${id} AND gram = UNHEX('${oldGram}')`)[0][0];
  assert.equal(Number(left), newWord.includes(oldWord.slice(0, 2)) ? 1 : 0);
});

test('the contact sort follows the stored key, kept when a contact is renamed', async () => {
  const tenant = freshTenant('連絡先順株式会社');
  const mk = async (name) => {
    const user = createUser({ role: 'customer_admin', tenant: tenant.no, name });
    const client = new Client();
    await client.loginOk(user);
    return { user, client };
  };
  const a = await mk('あいだ 一郎');
  const b = await mk('わたなべ 二郎');
  const ca = await openCase(a.client, { subject: '連絡先A' });
  const cb = await openCase(b.client, { subject: '連絡先B' });
  const sorted = async (dir) => listedCases((await a.client.get(`/cases/?sort=contact&dir=${dir}`)).text);
  assert.deepEqual(await sorted('asc'), [ca, cb]);
  assert.deepEqual(await sorted('desc'), [cb, ca]);
  dbRows(`UPDATE users SET display_name = 'んどう 一郎' WHERE id = ${a.user.id}`);
  assert.equal(dbRows(`SELECT contact_sort FROM cases WHERE case_no = ${sqlString(ca)}`)[0][0], 'んどう 一郎');
  assert.deepEqual(await sorted('asc'), [cb, ca], 'the renamed contact sorts by the new name');
});
