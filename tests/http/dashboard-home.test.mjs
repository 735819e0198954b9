// The home page's announcements kept per process (DASH-2, KB-3): with
// Dashboard.AnnouncementsKeepMs long, a new announcement is not read again
// until the time is up, but a dismissal disappears at the next page all the
// same (the reader's dismissals are read with every page); with the time
// short, a new announcement appears within it. Private dashboard instances
// (one worker each, so the kept list is the one this test filled) share
// the stack's database; the sessions come from logins through nginx.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, dbRows } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { FcgiClient, privatePrograms, waitFor } from '../lib/private.mjs';
import { loadFixture, uniqueKana, createArticle } from '../lib/knowledge.mjs';

let staffP;
function staff() {
  staffP ??= (async () => {
    loadFixture();
    return staffLogin({ name: 'お知らせ 編集者' });
  })();
  return staffP;
}

/** An hour from now as the editor's datetime-local value (Asia/Tokyo). */
function hourOn() {
  return new Date(Date.now() + 3600e3).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
}

/** A customer logged in through nginx, and a client of the private home page with its session. */
async function reader(sockets) {
  const user = createUser({ name: '閲覧 花子' });
  const client = new Client();
  await client.loginOk(user);
  const home = new FcgiClient({ '/': sockets['/dashboard/'] });
  home.jar.set('mm_session', client.jar.get('mm_session'));
  return { user, client, home };
}

const inBanner = (html, no) => new RegExp(`id="banner-${no}"`).test(html);
const inNotices = (html, no) => new RegExp(`href="/knowledge/${no}" class="notice-link"`).test(html);

test('kept announcements: a new one waits for the keep time, a dismissal is gone at once', async () => {
  const { client: s } = await staff();
  const inst = await privatePrograms(['dashboard'], ['Dashboard.AnnouncementsKeepMs = 600000']);
  try {
    const tag = uniqueKana();
    const first = await createArticle(s, { title: `${tag} 保守のお知らせ`, announcement: '1', display_until: hourOn() });
    const r = await reader(inst.sockets);
    const page1 = r.home.get('/');
    assert.equal(page1.status, 200);
    assert.ok(inBanner(page1.text, first), 'read when first asked for');
    assert.ok(inNotices(page1.text, first), 'in the notices panel');

    const second = await createArticle(s, { title: `${tag} 追加のお知らせ`, announcement: '1', display_until: hourOn() });
    const page2 = r.home.get('/');
    assert.equal(page2.status, 200);
    assert.ok(!inBanner(page2.text, second), 'a new announcement waits for the keep time');
    assert.ok(inBanner(page2.text, first));

    // the dismissal goes through the stack's knowledge program
    const done = await r.client.post(`/knowledge/announcements/${first}/dismiss`, { csrf: csrfOf(page1.text), back: '/' });
    assert.equal(done.status, 303);
    const page3 = r.home.get('/');
    assert.equal(page3.status, 200);
    assert.ok(!inBanner(page3.text, first), 'dismissed: gone at the next page, the kept list notwithstanding');
    assert.ok(inNotices(page3.text, first), 'still among the notices');

    // another reader of the same process still has it
    const other = await reader(inst.sockets);
    assert.ok(inBanner(other.home.get('/').text, first), 'another user still sees it');
  } finally {
    await inst.stop();
  }
});

test('kept announcements: with a short keep time a new one appears within it', async () => {
  const { client: s } = await staff();
  const keepMs = 300;
  const inst = await privatePrograms(['dashboard'], [`Dashboard.AnnouncementsKeepMs = ${keepMs}`]);
  try {
    const r = await reader(inst.sockets);
    assert.equal(r.home.get('/').status, 200, 'the list is read and kept');
    const tag = uniqueKana();
    const no = await createArticle(s, { title: `${tag} 臨時のお知らせ`, announcement: '1', display_until: hourOn() });
    const published = Date.now();
    await waitFor('the new announcement on the home page', () => inBanner(r.home.get('/').text, no), 10000);
    // bounded by the keep time plus this machine's request time, not by a wait of the test
    assert.ok(Date.now() - published < keepMs + 5000, `appeared after ${Date.now() - published} ms`);
  } finally {
    await inst.stop();
  }
});

test('kept announcements: provider staff get the banner and their dismissals too', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const no = await createArticle(s, { title: `${tag} 職員向けのお知らせ`, announcement: '1', display_until: hourOn() });
  const home = await s.get('/');
  assert.equal(home.status, 200);
  assert.ok(inBanner(home.text, no), 'in the staff home banner');
  const done = await s.post(`/knowledge/announcements/${no}/dismiss`, { csrf: csrfOf(home.text), back: '/' });
  assert.equal(done.status, 303);
  assert.ok(!inBanner((await s.get('/')).text, no), 'gone after the dismissal');
});

test('kept notices panel: one per language and time zone, made again with a new list', async () => {
  const { client: s } = await staff();
  const inst = await privatePrograms(['dashboard'], ['Dashboard.AnnouncementsKeepMs = 600000']);
  try {
    const tag = uniqueKana();
    const no = await createArticle(s, { title: `${tag} 言語別のお知らせ`, announcement: '1', display_until: hourOn() });
    const panel = (html) => /<section class="card" id="notices"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const timeOf = (html) => new RegExp(`<span class="nowrap">([^<]*)</span> <a href="/knowledge/${no}"`).exec(panel(html))?.[1];

    const ja = await reader(inst.sockets);
    const jaPage = ja.home.get('/');
    assert.equal(jaPage.status, 200);
    assert.match(panel(jaPage.text), /<h2 id="notices-title">お知らせ<\/h2>/);
    assert.ok(inNotices(jaPage.text, no));
    assert.match(jaPage.text, /<a href="\/" aria-current="page">/, 'the home entry of the menu is marked');

    // an English reader of the same worker gets the English panel, not the kept Japanese one
    const enUser = createUser({ name: 'Reader', lang: 'en' });
    const enClient = new Client();
    await enClient.loginOk(enUser);
    const en = new FcgiClient({ '/': inst.sockets['/dashboard/'] });
    en.jar.set('mm_session', enClient.jar.get('mm_session'));
    const enPage = en.get('/');
    assert.equal(enPage.status, 200);
    assert.match(panel(enPage.text), /<h2 id="notices-title">Announcements<\/h2>/);
    assert.ok(inNotices(enPage.text, no));

    // a reader in another zone sees the times in that zone
    const utc = await reader(inst.sockets);
    dbRows(`UPDATE users SET time_zone = 'UTC' WHERE id = ${utc.user.id}`);
    const utcPage = utc.home.get('/');
    const tokyo = timeOf(ja.home.get('/').text), inUtc = timeOf(utcPage.text);
    assert.ok(tokyo && inUtc, 'the announcement has a time in both panels');
    const hours = (Date.parse(`${tokyo.replace(' ', 'T')}Z`) - Date.parse(`${inUtc.replace(' ', 'T')}Z`)) / 3600e3;
    assert.equal(hours, 9, `${tokyo} (Asia/Tokyo) against ${inUtc} (UTC)`);
    // and the Japanese panel is still the Japanese reader's
    assert.match(panel(ja.home.get('/').text), /お知らせ/);
  } finally {
    await inst.stop();
  }
});

test('kept menu and banner: each kind of user and language its own, each reader its own token and dismissals', async () => {
  const { client: s } = await staff();
  const inst = await privatePrograms(['dashboard'], ['Dashboard.AnnouncementsKeepMs = 600000']);
  try {
    const tag = uniqueKana();
    const no = await createArticle(s, { title: `${tag} <b>"注意"</b> & 確認`, announcement: '1', display_until: hourOn() });
    const client = async (fields) => {
      const user = createUser(fields);
      const c = new Client();
      await c.loginOk(user);
      const home = new FcgiClient({ '/': inst.sockets['/dashboard/'] });
      home.jar.set('mm_session', c.jar.get('mm_session'));
      return { user, client: c, home };
    };
    const admin = await client({ role: 'customer_admin', name: '管理 太郎' });
    const user = await client({ name: '一般 花子' });
    const en = await client({ name: 'Reader', lang: 'en' });
    const tokens = (html) => [...new Set([...html.matchAll(/name="csrf" value="([^"]*)"/g)].map((m) => m[1]))];
    const banner = (html) => /<section class="kb-banner"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

    const pages = {};
    for (const [name, r] of Object.entries({ admin, user, en })) {
      const page = r.home.get('/');
      assert.equal(page.status, 200);
      pages[name] = page.text;
      assert.ok(inBanner(page.text, no), `${name}: the announcement in the banner`);
      const t = tokens(page.text);
      assert.equal(t.length, 1, `${name}: every form of the page (logout, the banner's) carries one token`);
      assert.ok(t[0].length > 20);
    }
    assert.notEqual(tokens(pages.admin)[0], tokens(pages.user)[0], 'each reader has their own token in the kept banner');
    assert.match(banner(pages.user), /&lt;b&gt;&quot;注意&quot;&lt;\/b&gt; &amp; 確認/, 'the title escaped');
    assert.ok(!/<b>"注意"/.test(pages.user), 'never unescaped');

    // the menu: an admin's has the users' entry, a user's not; English for the English reader
    assert.match(pages.admin, /id="nav-users"/);
    assert.doesNotMatch(pages.user, /id="nav-users"/);
    assert.match(pages.user, /<a href="\/" aria-current="page">ホーム<\/a>/);
    assert.match(pages.en, /<a href="\/" aria-current="page">Home<\/a>/);
    assert.match(pages.en, /aria-label="Menu"/);
    // another page of the same worker marks its own entry, and the home page its own again
    const devices = user.home.get('/dashboard/devices');
    assert.equal(devices.status, 200);
    assert.match(devices.text, /<a href="\/dashboard\/devices" id="nav-devices" aria-current="page">/);
    assert.doesNotMatch(devices.text, /<a href="\/" aria-current="page">/);
    assert.match(user.home.get('/').text, /<a href="\/" aria-current="page">ホーム<\/a>/);
    assert.match(pages.user, new RegExp(`<span class="menu-user">一般 花子</span>`), 'the reader\'s own name beside the kept links');

    // a dismissal changes that reader's banner only
    const done = await user.client.post(`/knowledge/announcements/${no}/dismiss`, { csrf: tokens(pages.user)[0], back: '/' });
    assert.equal(done.status, 303);
    const after = user.home.get('/').text;
    assert.ok(!inBanner(after, no), 'dismissed: gone for that reader');
    const adminAfter = admin.home.get('/').text;
    assert.ok(inBanner(adminAfter, no), 'still there for the others');
    assert.deepEqual(tokens(adminAfter), tokens(pages.admin), 'with their own token');
  } finally {
    await inst.stop();
  }
});

test('kept notices panel: an announcement shows from its display start (表示開始日時), not before', async () => {
  const { client: s } = await staff();
  const inst = await privatePrograms(['dashboard'], ['Dashboard.AnnouncementsKeepMs = 600000']);
  try {
    const tag = uniqueKana();
    const at = (ms) => new Date(Date.now() + ms).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
    const now = await createArticle(s, { title: `${tag} 掲載中のお知らせ`, announcement: '1', display_until: hourOn() });
    // starts within two minutes (the editor's minutes), ends in an hour
    const later = await createArticle(s, { title: `${tag} 予告のお知らせ`, announcement: '1', display_from: at(120e3), display_until: hourOn() });
    const r = await reader(inst.sockets);
    const page = r.home.get('/');
    assert.equal(page.status, 200);
    assert.ok(inNotices(page.text, now), 'the current one is listed');
    assert.ok(!inNotices(page.text, later), 'not listed before its display start');
    assert.ok(!inBanner(page.text, later));
    // the same kept panel, read three minutes on: the start has come
    const on = r.home.get('/', { clock: 180 });
    assert.equal(on.status, 200);
    assert.ok(inNotices(on.text, later), 'listed once its display start has come');
    assert.ok(inNotices(on.text, now));
  } finally {
    await inst.stop();
  }
});

test('a translated announcement: each reader sees it once, in their language; an untranslated one reaches everyone', async () => {
  const { client: s } = await staff();
  const tag = uniqueKana();
  const ja = await createArticle(s, { title: `${tag} 定期保守のお知らせ`, announcement: '1', display_until: hourOn() });
  const en = await createArticle(s, { title: `${tag} Scheduled maintenance`, lang: 'en', translation_of: ja,
    announcement: '1', display_until: hourOn() });
  const only = await createArticle(s, { title: `${tag} Network notice`, lang: 'en', announcement: '1', display_until: hourOn() });
  const inst = await privatePrograms(['dashboard'], ['Dashboard.AnnouncementsKeepMs = 600000']);
  try {
    for (const [lang, mine, twin] of [['ja', ja, en], ['en', en, ja]]) {
      const user = createUser({ name: '閲覧 花子', lang });
      const client = new Client();
      await client.loginOk(user);
      const home = new FcgiClient({ '/': inst.sockets['/dashboard/'] });
      home.jar.set('mm_session', client.jar.get('mm_session'));
      const page = home.get('/');
      assert.equal(page.status, 200);
      assert.ok(inBanner(page.text, mine) && inNotices(page.text, mine), `${lang}: its own language`);
      assert.ok(!inBanner(page.text, twin) && !inNotices(page.text, twin), `${lang}: not the translation too`);
      assert.ok(inBanner(page.text, only) && inNotices(page.text, only), `${lang}: the untranslated one`);
    }
  } finally {
    await inst.stop();
  }
});
