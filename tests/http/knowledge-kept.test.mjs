// The article page kept by the knowledge workers (KB-1, knowledge_keep.c):
// a staff change (edit, document, unpublish, publish) shows on the very
// next view in every worker, not only in the one that wrote it; a change
// written around the program shows within the keeping time (a second).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, dbRows, sqlString } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { multipart, postMultipart } from '../lib/attach.mjs';
import { loadFixture, uniqueKana, idOf, createArticle, setPublished } from '../lib/knowledge.mjs';

// enough parallel views that every worker of the program serves some
const SPREAD = 24;

async function customer() {
  const user = createUser({ name: '閲覧 花子' });
  const client = new Client();
  await client.loginOk(user);
  return client;
}

/** SPREAD parallel views of the article, each worker's answer among them. */
async function views(client, no) {
  const pages = await Promise.all(Array.from({ length: SPREAD }, () => client.get(`/knowledge/${no}`)));
  return pages;
}

const titleOf = (html) => /<h1 id="article-title">([^<]*)<\/h1>/.exec(html)?.[1];

test('a staff change shows at once in every worker that keeps the page', async () => {
  loadFixture();
  const { client: s } = await staffLogin({ name: 'ナレッジ 保持' });
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 初版`, body: '初版の本文' });
  const client = await customer();
  // every worker reads and keeps the page
  for (let round = 0; round < 3; round++)
    for (const p of await views(client, no)) {
      assert.equal(p.status, 200);
      assert.equal(titleOf(p.text), `${tag} 初版`);
    }

  const edit = await s.get(`/staff/knowledge/${no}`);
  const saved = await s.post(`/staff/knowledge/${no}`, {
    csrf: csrfOf(edit.text), action: 'save', title: `${tag} 改訂版`, lang: 'ja',
    base: idOf('kb_bases', 'kbtest'), author: 'テスト SOC', body: '改訂した本文',
  });
  assert.equal(saved.status, 303);
  for (const p of await views(client, no)) {
    assert.equal(titleOf(p.text), `${tag} 改訂版`, 'the edit, in every worker');
    assert.match(p.text, /改訂した本文/);
    assert.match(p.text, /id="files-none"/);
  }

  const page = await s.get(`/staff/knowledge/${no}`);
  const up = await postMultipart(s, `/staff/knowledge/${no}/files`, multipart([
    { name: 'csrf', value: csrfOf(page.text) },
    { name: 'file', filename: '手順書.txt', type: 'text/plain', data: Buffer.from('ABCDE') },
  ]));
  assert.equal(up.status, 303);
  const [[fileId]] = dbRows(`SELECT f.id FROM kb_files f JOIN kb_articles a ON a.id = f.article_id WHERE a.article_no = ${sqlString(no)}`);
  for (const p of await views(client, no))
    assert.match(p.text, new RegExp(`<li id="file-${fileId}"><a href="/knowledge/${no}/files/${fileId}" download class="kb-file">手順書.txt</a> <span class="hint" title="5 bytes">\\(5 B\\)</span></li>`),
      'the new document, in every worker');

  await setPublished(s, no, false);
  for (const p of await views(client, no)) assert.equal(p.status, 404, 'unpublished: missing at once, in every worker');
  await setPublished(s, no, true);
  for (const p of await views(client, no)) assert.equal(p.status, 200, 'published again');
});

test('a change written around the program shows within the keeping time', async () => {
  loadFixture();
  const { client: s } = await staffLogin({ name: 'ナレッジ 保持' });
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 直接`, body: '本文' });
  const client = await customer();
  for (const p of await views(client, no)) assert.equal(titleOf(p.text), `${tag} 直接`);
  dbRows(`UPDATE kb_articles SET title = ${sqlString(`${tag} 直接 変更`)} WHERE article_no = ${sqlString(no)}`);
  const changed = Date.now();
  let stale = SPREAD;
  // bounded by the keeping time (1 s) plus the time the views take on a
  // busy machine
  while (stale > 0 && Date.now() - changed < 15000)
    stale = (await views(client, no)).filter((p) => titleOf(p.text) !== `${tag} 直接 変更`).length;
  assert.equal(stale, 0, 'every worker reads the page again');
});
