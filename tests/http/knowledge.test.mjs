// Knowledge (KB-1 … KB-5), announcements (KB-3, DASH-2) and downloads
// (DASH-8) over HTTP: the 3-character rule, Japanese substrings with width
// and case folded, filters and sorts, view counts, permanent per-user
// dismissal, unpublished articles and their documents invisible, the staff
// round trip, and hostile input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, decodeEntities, dbRows, sqlString, TENANT_B } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { multipart, postMultipart, download, sha256Hex } from '../lib/attach.mjs';
import {
  loadFixture, uniqueKana, idOf, createArticle, setPublished, resultNos, resultTotal,
  listCountText, viewsOf,
} from '../lib/knowledge.mjs';

let staffP;
function staff() {
  staffP ??= (async () => {
    loadFixture();
    return staffLogin({ name: 'ナレッジ 編集者' });
  })();
  return staffP;
}

async function customer(opts = {}) {
  const user = createUser({ name: '閲覧 太郎', ...opts });
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

const search = (client, qs) => client.get(`/knowledge/?${qs}`);
const q = (s) => `q=${encodeURIComponent(s)}`;

test('fewer than 3 characters: a hint and no search; 3 are enough', async () => {
  await staff();
  const { client } = await customer();
  for (const short of ['ab', 'フィ', '  ａ  ', 'x y']) {
    const res = await search(client, q(short));
    assert.equal(res.status, 200);
    assert.match(res.text, /id="search-short"/, `hint for ${short}`);
    assert.equal(resultTotal(res.text), null, 'no result count');
  }
  const res = await search(client, q('フィッ'));
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text, /id="search-short"/);
  assert.ok(resultTotal(res.text) >= 1, 'the fixture phishing article');
});

test('Japanese substrings without spaces, width and case folded, title and body', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const no = await createArticle(s, {
    title: `${tag}ファイアウォールのVPN設定`,
    body: `社内ネットワークで不審なアラートを検知した場合はFIREWALLのログを確認します。${tag}`,
  });
  const { client } = await customer();
  const found = async (word) => resultNos((await search(client, q(word))).text).includes(no);
  assert.ok(await found(`${tag}ファイア`), 'title prefix');
  assert.ok(await found('ォールのＶＰＮ設'), 'full-width VPN finds VPN, in the middle of the title');
  assert.ok(await found('ﾌｧｲｱｳｫｰﾙ'), 'half-width kana find full-width');
  assert.ok(await found('ネットワークで不審'), 'a body substring without spaces');
  assert.ok(await found('firewallのログ'), 'case folded');
  assert.ok(await found(`${tag} アラート`), 'two terms, both required');
  assert.ok(!(await found(`${tag} 存在しない語句`)), 'a missing term excludes it');
});

test('%, _ and \\ are literal; quotes, 10,000 characters and invalid UTF-8 are answered with a message', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 達成率100%_a\\b`, body: '本文' });
  const { client } = await customer();
  assert.ok(resultNos((await search(client, q(`${tag} 100%_a\\b`))).text).includes(no));
  assert.deepEqual(resultNos((await search(client, q(`${tag} 10_%`))).text), [], '_ is not a wildcard');
  assert.deepEqual(resultNos((await search(client, q(`${tag} %%%`))).text), [], '% is not a wildcard');
  const quotes = await search(client, q(`' OR 1=1--"`));
  assert.equal(quotes.status, 200);
  assert.equal(resultTotal(quotes.text), 0);
  const long = await search(client, q('a'.repeat(2000)));
  assert.equal(long.status, 400);
  assert.match(long.text, /id="search-error"/);
  assert.match(long.text, /検索語は100文字以内で入力してください。/, 'the message says what is wrong');
  assert.equal((await search(client, q('あ'.repeat(100)))).status, 200, '100 characters are searched');
  assert.match((await search(client, q('あ'.repeat(101)))).text, /検索語は100文字以内で入力してください。/);
  // 10,000 characters do not fit in a request line: nginx refuses them
  // before any program sees them
  const huge = await search(client, q('あ'.repeat(10000)));
  assert.equal(huge.status, 414);
  const bad = await client.get('/knowledge/?q=%FF%FE%FD');
  assert.ok(bad.status === 400, `invalid UTF-8: ${bad.status}`);
  assert.ok(!/<ol class="kb-results"/.test(bad.text));
  for (const qs of ['sort=password', 'page=abc', 'base=1%20OR%201', 'lang=fr', 'q=a&q=b']) {
    const res = await search(client, qs);
    assert.equal(res.status, 400, qs);
    assert.match(res.text, /id="search-error"/, qs);
  }
  const words = await search(client, q('いち に さん よん ごご'));
  assert.equal(words.status, 400, 'five terms');
  assert.match(words.text, /4語以内/);
});

test('filters: language, knowledge base, category, author; the state stays in the query string', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const author = `著者${tag}`;
  const base = idOf('kb_bases', 'kbtest');
  const cat = dbRows(`SELECT id FROM kb_categories WHERE code = 'kbtest-news'`)[0][0];
  const ja = await createArticle(s, { title: `${tag} 日本語の記事`, author });
  const en = await createArticle(s, { title: `${tag} English article`, lang: 'en' });
  const inCat = await createArticle(s, { title: `${tag} カテゴリの記事`, category: cat });
  const { client } = await customer();
  const nos = async (qs) => resultNos((await search(client, `${q(tag)}&${qs}`)).text).sort();
  assert.deepEqual(await nos(''), [ja, en, inCat].sort());
  assert.deepEqual(await nos('lang=en'), [en]);
  assert.deepEqual(await nos('lang=ja'), [ja, inCat].sort());
  assert.deepEqual(await nos(`base=${base}`), [ja, en, inCat].sort());
  assert.deepEqual(await nos('base=999999999'), []);
  assert.deepEqual(await nos(`category=${cat}`), [inCat]);
  assert.deepEqual(await nos(`author=${encodeURIComponent(author)}`), [ja]);
  const page = await search(client, `${q(tag)}&lang=ja&author=${encodeURIComponent(author)}`);
  assert.ok(page.text.includes(`sort=views"`) || page.text.includes('sort=views'), 'sort links');
  assert.match(decodeEntities(page.text), new RegExp(`href="/knowledge/\\?q=[^"]*&lang=ja&author=[^"]*&sort=views"`));
  assert.equal(listCountText(page.text), '1~1 件目 / 1 件');
});

test('each sort: relevance (title hits first), views, newest, alphabetical; paging text', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const bodyHit = await createArticle(s, { title: 'い 本文だけに語がある', body: `本文に ${tag} があります` });
  const titleHit = await createArticle(s, { title: `う タイトルに${tag}` });
  const alpha = await createArticle(s, { title: `あ ${tag} 最初の文字` });
  dbRows(`UPDATE kb_articles SET views = 50, published_at = UTC_TIMESTAMP() - INTERVAL 9 DAY WHERE article_no = ${sqlString(bodyHit)}`);
  dbRows(`UPDATE kb_articles SET views = 5, published_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE article_no = ${sqlString(titleHit)}`);
  dbRows(`UPDATE kb_articles SET views = 7, published_at = UTC_TIMESTAMP() - INTERVAL 5 DAY WHERE article_no = ${sqlString(alpha)}`);
  const { client } = await customer();
  const order = async (sort) => resultNos((await search(client, `${q(tag)}${sort ? `&sort=${sort}` : ''}`)).text);
  assert.deepEqual(await order(''), [titleHit, alpha, bodyHit], 'relevance by default: title hits, newest first');
  assert.deepEqual(await order('relevance'), [titleHit, alpha, bodyHit]);
  assert.deepEqual(await order('views'), [bodyHit, alpha, titleHit]);
  assert.deepEqual(await order('newest'), [titleHit, alpha, bodyHit]);
  assert.deepEqual(await order('title'), [alpha, bodyHit, titleHit]);
  const page = await search(client, q(tag));
  assert.equal(listCountText(page.text), '1~3 件目 / 3 件');
  assert.match(page.text, /<time datetime="[^"]+" title="\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}" class="kb-rel">1日前<\/time>/);
  assert.match(page.text, /9日前/);
});

test('view counts add up under parallel requests once the workers flush', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 閲覧数` });
  const { client } = await customer();
  const n = 40;
  const pages = await Promise.all(Array.from({ length: n }, () => client.get(`/knowledge/${no}`)));
  for (const p of pages) assert.equal(p.status, 200);
  const stored = () => Number(dbRows(`SELECT views FROM kb_articles WHERE article_no = ${sqlString(no)}`)[0][0]);
  // Requests with the clock a minute on make each worker that gets one
  // flush what it holds (its oldest pending view is then "old"); a minute
  // stays inside the session's idle time.
  const deadline = Date.now() + 30000;
  while (stored() < n && Date.now() < deadline) {
    const flushes = await Promise.all(Array.from({ length: 8 }, () => client.get('/knowledge/announcements', { clock: 60 })));
    for (const f of flushes) assert.equal(f.status, 200, 'a page of the knowledge program');
  }
  assert.equal(stored(), n, 'every view counted once');
  const shown = viewsOf((await search(client, q(tag))).text);
  assert.equal(shown, n, 'the result list shows the total');
});

test('announcements: banner on the home page, permanent dismissal per user, list and details', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  // shown for an hour only: the banner of later tests' users stays theirs
  const hourOn = new Date(Date.now() + 3600e3).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
  const no = await createArticle(s, { title: `${tag} メンテナンスのお知らせ`, announcement: '1', body: '作業のお知らせです。', display_until: hourOn });
  const past = await createArticle(s, { title: `${tag} 終了したお知らせ`, announcement: '1', display_until: '2020-01-01T00:00' });
  const a = await customer();
  const b = await customer({ tenant: TENANT_B.no });
  const home = await a.client.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, new RegExp(`id="banner-${no}"`), 'in the banner');
  assert.doesNotMatch(home.text, new RegExp(`id="banner-${past}"`), 'outside its window: not in the banner');
  assert.match(home.text, new RegExp(`href="/knowledge/${no}" class="button small"`), '詳細 opens the article');
  assert.match(home.text, /id="notices"/);
  assert.match(home.text, new RegExp(`href="/knowledge/${no}" class="notice-link"`), 'in the notices panel');
  const noCsrf = await a.client.post(`/knowledge/announcements/${no}/dismiss`, { back: '/' });
  assert.equal(noCsrf.status, 403);
  const evil = await a.client.post(`/knowledge/announcements/${no}/dismiss`, { csrf: csrfOf(home.text), back: 'https://evil.example/' });
  assert.equal(evil.status, 400, 'only local paths to go back to');
  const done = await a.client.post(`/knowledge/announcements/${no}/dismiss`, { csrf: csrfOf(home.text), back: '/' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/');
  assert.doesNotMatch((await a.client.get('/')).text, new RegExp(`id="banner-${no}"`), 'gone after dismissal');
  const again = new Client();
  await again.loginOk(a.user);
  assert.doesNotMatch((await again.get('/')).text, new RegExp(`id="banner-${no}"`), 'gone in a new session too');
  assert.match((await b.client.get('/')).text, new RegExp(`id="banner-${no}"`), 'another user still sees it');
  const list = await a.client.get('/knowledge/announcements');
  assert.match(list.text, new RegExp(`data-no="${no}"`), 'still in the list after dismissal');
  assert.match(list.text, new RegExp(`data-no="${past}"`), 'past ones in the list');
  const article = await a.client.get(`/knowledge/${no}`);
  assert.equal(article.status, 200);
  assert.match(article.text, /作業のお知らせです。/);
  const missing = await a.client.post('/knowledge/announcements/KB0000000/dismiss', { csrf: csrfOf(home.text), back: '/' });
  assert.equal(missing.status, 404);
});

test('a translated announcement: its banner and list show the reader\'s language only, and a dismissal covers the translation', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const hourOn = new Date(Date.now() + 3600e3).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
  const ja = await createArticle(s, { title: `${tag} 定期メンテナンスのお知らせ`, announcement: '1', display_until: hourOn });
  const en = await createArticle(s, { title: `${tag} Scheduled maintenance`, lang: 'en', translation_of: ja,
    announcement: '1', display_until: hourOn });
  const only = await createArticle(s, { title: `${tag} Network notice`, lang: 'en', announcement: '1', display_until: hourOn });
  const inBanner = (html, no) => new RegExp(`id="banner-${no}"`).test(html);
  const listed = (html, no) => new RegExp(`data-no="${no}"`).test(html);
  for (const [lang, mine, twin] of [['ja', ja, en], ['en', en, ja]]) {
    const { user, client } = await customer({ lang });
    const page = await client.get('/knowledge/announcements');
    assert.equal(page.status, 200);
    assert.ok(inBanner(page.text, mine) && listed(page.text, mine), `${lang}: its own language`);
    assert.ok(!inBanner(page.text, twin) && !listed(page.text, twin), `${lang}: not the translation too`);
    assert.ok(inBanner(page.text, only) && listed(page.text, only), `${lang}: the untranslated one`);
    // the × on the home page; the reader then switches language
    const home = await client.get('/');
    const done = await client.post(`/knowledge/announcements/${mine}/dismiss`, { csrf: csrfOf(home.text), back: '/' });
    assert.equal(done.status, 303);
    dbRows(`UPDATE users SET lang = ${sqlString(lang === 'ja' ? 'en' : 'ja')} WHERE id = ${user.id}`);
    for (const url of ['/knowledge/announcements', '/']) {
      const after = await client.get(url);
      assert.equal(after.status, 200);
      assert.ok(!inBanner(after.text, mine) && !inBanner(after.text, twin), `${lang} ${url}: dismissed in both languages`);
    }
    // (the home page keeps its list for a few seconds: the knowledge page is the one read fresh)
    assert.ok(inBanner((await client.get('/knowledge/announcements')).text, only), `${lang}: the other announcement stays`);
  }
});

test('an announcement scheduled for later is in neither the banner nor the list until its time', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const later = new Date(Date.now() + 3 * 3600e3).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
  const no = await createArticle(s, { title: `${tag} 予定のお知らせ`, announcement: '1', body: '予定の本文', display_from: later });
  const { client } = await customer();
  const home = await client.get('/');
  assert.doesNotMatch(home.text, new RegExp(`id="banner-${no}"`), 'not in the banner yet');
  const list = await client.get('/knowledge/announcements');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, new RegExp(`data-no="${no}"`), 'not in the list yet');
  // its time comes
  dbRows(`UPDATE kb_articles SET display_from = DATE_SUB(UTC_TIMESTAMP(), INTERVAL 1 MINUTE) WHERE article_no = ${sqlString(no)}`);
  assert.match((await client.get('/knowledge/announcements')).text, new RegExp(`data-no="${no}"`), 'listed from its time on');
});

test('unpublished articles and their documents answer like missing ones', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 下書き`, body: '下書きの本文' }, { publish: false });
  const data = Buffer.from(`下書きの資料 ${tag}\n`);
  const page = await s.get(`/staff/knowledge/${no}`);
  const up = postMultipart(s, `/staff/knowledge/${no}/files`, multipart([
    { name: 'csrf', value: csrfOf(page.text) },
    { name: 'file', filename: '下書き資料.txt', type: 'text/plain', data },
  ]));
  const upRes = await up;
  assert.equal(upRes.status, 303, upRes.text.slice(0, 300));
  const [[fileId]] = dbRows(`SELECT f.id FROM kb_files f JOIN kb_articles a ON a.id = f.article_id WHERE a.article_no = ${sqlString(no)}`);
  const { client } = await customer();
  const missing = await client.get('/knowledge/KB0000000');
  const draft = await client.get(`/knowledge/${no}`);
  assert.equal(draft.status, 404);
  assert.equal(draft.status, missing.status);
  const doc = await download(client, `/knowledge/${no}/files/${fileId}`);
  assert.equal(doc.res.status, 404, 'its document too');
  assert.deepEqual(resultNos((await search(client, q(tag))).text), [], 'not found by search');
  const staffDoc = await download(s, `/staff/knowledge/${no}/files/${fileId}`);
  assert.equal(staffDoc.res.status, 200);
  assert.equal(staffDoc.sha256, sha256Hex(data));
  await setPublished(s, no, true);
  assert.equal((await client.get(`/knowledge/${no}`)).status, 200);
  const got = await download(client, `/knowledge/${no}/files/${fileId}`);
  assert.equal(got.res.status, 200);
  assert.equal(got.sha256, sha256Hex(data), 'the document, through nginx');
  assert.match(got.res.headers.get('content-disposition'), /attachment; filename=.*filename\*=UTF-8''/);
  assert.equal((await download(client, `/knowledge/${no}/files/999999999`)).res.status, 404);
  await setPublished(s, no, false);
  assert.equal((await client.get(`/knowledge/${no}`)).status, 404);
  assert.equal((await download(client, `/knowledge/${no}/files/${fileId}`)).res.status, 404);
  assert.equal((await client.get(`/staff/knowledge/${no}`)).status, 404, 'customers never reach the console');
});

test('staff round trip: preview, save, edit, attach and remove a file, who and when', async () => {
  const { client: s, user } = await staff();
  const tag = uniqueKana();
  const form = await s.get('/staff/knowledge/new');
  const body = `# 見出し ${tag}\n\n| 列 | 値 |\n|---|---|\n| a | b |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) https://www.example.com/`;
  const preview = await s.post('/staff/knowledge/new', {
    csrf: csrfOf(form.text), action: 'preview', title: `${tag} 手順`, lang: 'ja',
    base: idOf('kb_bases', 'kbtest'), author: 'テスト SOC', body,
  });
  assert.equal(preview.status, 200);
  assert.match(preview.text, /<table>/);
  assert.match(preview.text, /<a href="https:\/\/www\.example\.com\/">/);
  assert.doesNotMatch(preview.text, /<script>alert/);
  assert.doesNotMatch(preview.text, /href="javascript:/);
  assert.equal(dbRows(`SELECT COUNT(*) FROM kb_articles WHERE title = ${sqlString(`${tag} 手順`)}`)[0][0], '0', 'a preview stores nothing');
  const no = await createArticle(s, { title: `${tag} 手順`, body }, { publish: false });
  const [[html, by]] = dbRows(`SELECT REPLACE(body_html, '\\n', ' '), updated_by FROM kb_articles WHERE article_no = ${sqlString(no)}`);
  assert.match(html, /<h1>見出し/, 'rendered once, when saved');
  assert.doesNotMatch(html, /<script/);
  assert.equal(by, String(user.id), 'who');
  const edit = await s.get(`/staff/knowledge/${no}`);
  assert.match(edit.text, /id="article-updated">\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ナレッジ 編集者</);
  const saved = await s.post(`/staff/knowledge/${no}`, {
    csrf: csrfOf(edit.text), action: 'save', title: `${tag} 手順 改訂`, lang: 'en',
    base: idOf('kb_bases', 'kbtest'), author: 'SOC', body: '改訂しました',
  });
  assert.equal(saved.status, 303);
  const [[title, lang, md]] = dbRows(`SELECT title, lang, body_md FROM kb_articles WHERE article_no = ${sqlString(no)}`);
  assert.deepEqual([title, lang, md], [`${tag} 手順 改訂`, 'en', '改訂しました']);
  const up = await postMultipart(s, `/staff/knowledge/${no}/files`, multipart([
    { name: 'csrf', value: csrfOf(edit.text) },
    { name: 'file', filename: 'a.txt', type: 'text/plain', data: 'A' },
    { name: 'file', filename: 'b.txt', type: 'text/plain', data: 'B' },
  ]));
  assert.equal(up.status, 303);
  const files = dbRows(`SELECT f.id, f.file_name, f.store_id FROM kb_files f JOIN kb_articles a ON a.id = f.article_id WHERE a.article_no = ${sqlString(no)} ORDER BY f.file_name`);
  assert.deepEqual(files.map((f) => f[1]), ['a.txt', 'b.txt']);
  const page = await s.get(`/staff/knowledge/${no}`);
  const rm = await s.post(`/staff/knowledge/${no}/files/${files[0][0]}`, { csrf: csrfOf(page.text), action: 'remove' });
  assert.equal(rm.status, 303);
  assert.equal(dbRows(`SELECT COUNT(*) FROM kb_files WHERE id = ${Number(files[0][0])}`)[0][0], '0');
  // bad input: nothing stored, a message
  const before = dbRows(`SELECT updated_at, title FROM kb_articles WHERE article_no = ${sqlString(no)}`);
  for (const [fields, msg] of [
    [{ title: '' }, /入力内容に誤りがあります/],
    [{ title: 'x'.repeat(10000) }, /入力内容に誤りがあります/],
    [{ author: '\u0007x' }, /入力内容に誤りがあります/],
    [{ body: '>'.repeat(40) + ' 深い' }, /入れ子が深すぎます/],
    [{ body: '|a'.repeat(100) }, /表が大きすぎます/],
    [{ category: '999999' }, /組み合わせが正しくありません/],
    [{ display_from: '2030-01-02T00:00', display_until: '2030-01-01T00:00' }, /表示終了日時/],
    [{ display_from: 'tomorrow' }, /日時の形式が正しくありません/],
    [{ translation_of: 'KB0000000' }, /翻訳元の記事番号が見つかりません/],
  ]) {
    const res = await s.post(`/staff/knowledge/${no}`, {
      csrf: csrfOf(page.text), action: 'save', title: 'x', lang: 'ja', base: idOf('kb_bases', 'kbtest'),
      author: 'x', body: 'x', ...fields,
    });
    const what = JSON.stringify(fields).slice(0, 80);
    assert.equal(res.status, 400, what);
    assert.match(res.text, msg, what);
  }
  assert.deepEqual(dbRows(`SELECT updated_at, title FROM kb_articles WHERE article_no = ${sqlString(no)}`), before);
});

test('downloads (DASH-8): staff publish a document per service, customers download it', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const page = await s.get('/staff/knowledge/downloads');
  assert.equal(page.status, 200);
  const data = Buffer.from(`マニュアル ${tag}\n`.repeat(100));
  const up = await postMultipart(s, '/staff/knowledge/downloads', multipart([
    { name: 'csrf', value: csrfOf(page.text) },
    { name: 'base', value: idOf('kb_bases', 'kbtest') },
    { name: 'title_ja', value: `${tag} 利用マニュアル` },
    { name: 'title_en', value: `${tag} manual` },
    { name: 'description_ja', value: '説明です' },
    { name: 'description_en', value: 'About it' },
    { name: 'file', filename: 'manual.txt', type: 'text/plain', data },
  ]));
  assert.equal(up.status, 303, up.text.slice(0, 300));
  const [[id]] = dbRows(`SELECT id FROM kb_files WHERE title_ja = ${sqlString(`${tag} 利用マニュアル`)}`);
  const { client } = await customer();
  const list = await client.get('/knowledge/downloads');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`id="download-${id}"`));
  assert.match(list.text, new RegExp(`${tag} 利用マニュアル`));
  const got = await download(client, `/knowledge/downloads/${id}`);
  assert.equal(got.res.status, 200);
  assert.equal(got.sha256, sha256Hex(data));
  const fixture = await client.get('/knowledge/downloads');
  assert.match(fixture.text, /テスト用マニュアル/, 'the demo loader\'s download');
  const unpub = await s.post(`/staff/knowledge/downloads/${id}/unpublish`, { csrf: csrfOf(page.text) });
  assert.equal(unpub.status, 303);
  assert.doesNotMatch((await client.get('/knowledge/downloads')).text, new RegExp(`id="download-${id}"`));
  assert.equal((await download(client, `/knowledge/downloads/${id}`)).res.status, 404);
  assert.equal((await download(client, '/knowledge/downloads/abc')).res.status, 404);
});

test('articles: number, language, author, relative time, views, documents, translation link', async () => {
  await staff();
  const { client } = await customer();
  const res = await search(client, q('チェックリスト'));
  const no = resultNos(res.text)[0];
  assert.ok(no, 'the fixture article');
  const page = await client.get(`/knowledge/${no}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`id="article-no">${no}<`));
  assert.match(page.text, /<article class="card wide kb-article" lang="ja">/);
  assert.match(page.text, /class="kb-author">テスト SOC</);
  assert.match(page.text, /class="kb-rel">3日前</);
  assert.match(page.text, /<table>/, 'Markdown tables');
  assert.doesNotMatch(page.text, /<script>alert/, 'raw HTML never passes');
  assert.match(page.text, /href="\/knowledge\/KB\d{7}\/files\/\d+" download class="kb-file">phishing-checklist\.txt</);
  assert.match(page.text, /id="translation" hreflang="en"/);
  const en = await client.get('/knowledge/KB0000000');
  assert.equal(en.status, 404);
  for (const p of [`/knowledge/${no}x`, `/knowledge/${no}/files/`, `/knowledge/${no}/files/1 OR 1`, '/knowledge/KB12']) {
    assert.equal((await client.get(p)).status, 404, p);
  }
  const english = createUser({ lang: 'en' });
  const ec = new Client();
  await ec.loginOk(english);
  const enPage = await ec.get(`/knowledge/${no}`);
  assert.match(enPage.text, /class="kb-rel">3 days ago</);
});
