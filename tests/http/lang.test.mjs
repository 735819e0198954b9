// Language: Japanese first, English per user.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, loggedIn, textById, DEMO_PASSWORD, TENANT_B } from '../lib/http.mjs';

test('default language is Japanese', async () => {
  const anon = await new Client().get('/auth/login');
  assert.match(anon.text, /<html lang="ja">/);
  assert.ok(anon.text.includes('ログイン'));
  const { client } = await loggedIn({ name: '日本 語子' });
  const home = await client.get('/');
  assert.match(home.text, /<html lang="ja">/);
  assert.ok(home.text.includes('ようこそ'));
  assert.equal(textById(home.text, 'role'), '一般ユーザー');
  assert.ok(!home.text.includes('Welcome'));
});

test('a user with English gets English pages after login', async () => {
  const { client } = await loggedIn({ lang: 'en', tenant: TENANT_B.no, name: 'Jane Doe' });
  const home = await client.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<html lang="en">/);
  assert.ok(home.text.includes('Welcome'));
  assert.equal(textById(home.text, 'display-name'), 'Jane Doe');
  assert.equal(textById(home.text, 'customer-no'), TENANT_B.no);
  assert.ok(!home.text.includes('ようこそ'));
  // The logout button speaks English too.
  assert.equal(textById(home.text, 'logout-button'), 'Log out');
  const confirm = await client.get('/auth/logout');
  assert.match(confirm.text, /<html lang="en">/);
});

test('the English greeting reads "Welcome, <name>" (space after the comma)', async () => {
  const { client } = await loggedIn({ lang: 'en', name: 'Jane Doe' });
  const home = await client.get('/');
  const welcome = /<p class="welcome">([\s\S]*?)<\/p>/.exec(home.text);
  assert.ok(welcome, 'welcome line');
  assert.match(welcome[1].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim(), /^Welcome, Jane Doe\W*$/);
});

test('English user: error pages of the session are in English as well', async () => {
  const { client } = await loggedIn({ lang: 'en' });
  const res = await client.get('/no/such/page');
  assert.equal(res.status, 404);
  assert.match(res.text, /<html lang="en">/);
  assert.ok(!res.text.includes('ページが見つかりません'));
});

test('demo user user-b@example.com sees the home page in English', async () => {
  const c = new Client();
  const res = await c.login('user-b@example.com', DEMO_PASSWORD);
  assert.equal(res.status, 303);
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<html lang="en">/);
  assert.ok(home.text.includes('Welcome'));
  assert.equal(textById(home.text, 'login-id'), 'user-b@example.com');
  assert.equal(textById(home.text, 'customer-no'), TENANT_B.no);
});

test('English user: request errors (400, 405) are in English too', async () => {
  const { client } = await loggedIn({ lang: 'en' });
  const wrong = [];
  for (const [what, res] of [
    ['GET /?x=%zz', await client.get('/?x=%zz')],
    ['PUT /', await client.request('PUT', '/')],
  ]) {
    if (!/<html lang="en">/.test(res.text)) wrong.push(`${what} (${res.status}) not in English`);
  }
  assert.deepEqual(wrong, []);
});

test('language switch before login: English login page, back to the given local page', async () => {
  const c = new Client();
  const res = await c.get('/auth/lang?set=en&next=%2Fauth%2Flogin%3Fnext%3D%252F');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/auth/login?next=%2F');
  const page = await c.get('/auth/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /<html lang="en">/);
  // An off-site next never leaves the site.
  for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
    const r = await c.get(`/auth/lang?set=ja&next=${encodeURIComponent(next)}`);
    assert.equal(r.status, 303, next);
    const loc = r.headers.get('location');
    assert.ok(loc.startsWith('/') && !/^\/[/\\]/.test(loc), `${next} → ${loc}`);
  }
});

test('after login the user\'s own language wins over the pre-login switch', async () => {
  const c = new Client();
  await c.get('/auth/lang?set=en&next=%2Fauth%2Flogin');
  const user = createUser({ name: '和文 優先' });
  await c.loginOk(user);
  const home = await c.get('/');
  assert.match(home.text, /<html lang="ja">/);
  assert.ok(home.text.includes('ようこそ'));
});

test('the password checklist reads "12–40 characters" in English and "12〜40文字" in Japanese', async () => {
  for (const [lang, re] of [['en', /<li data-rule="length">\d+–\d+\u00a0characters<\/li>/], ['ja', /<li data-rule="length">\d+〜\d+文字<\/li>/]]) {
    const { client } = await loggedIn({ lang });
    const page = await client.get('/account/password');
    assert.equal(page.status, 200);
    assert.match(page.text, re, lang);
  }
});
