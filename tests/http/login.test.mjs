// Login: form, success, failures that all look alike, `next` handling.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, csrfOf, hiddenValue, textById, withoutCsrf, setCookies,
  LOGIN_FAILED, TENANT_A, PASSWORD, uniqueId,
} from '../lib/http.mjs';

test('GET /auth/login shows the form and sets the pre-session cookie', async () => {
  const c = new Client();
  const res = await c.get('/auth/login');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8$/i);
  assert.match(res.text, /<html lang="ja">/);
  assert.match(res.text, /<form method="post" action="\/auth\/login"/);
  assert.match(csrfOf(res.text), /^[A-Za-z0-9_-]{20,}$/);
  assert.match(res.text, /<input[^>]*\bname="user_id"/);
  assert.match(res.text, /<input[^>]*\bname="password"[^>]*type="password"|<input[^>]*type="password"[^>]*\bname="password"/);
  assert.equal(hiddenValue(res.text, 'next'), null, 'no next field without ?next=');
  const pre = setCookies(res).find((k) => k.name === 'mm_pre');
  assert.ok(pre, 'mm_pre cookie set');
  assert.match(pre.value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(pre.attrs.get('path'), '/');
  assert.equal(pre.attrs.get('httponly'), true);
  assert.equal(pre.attrs.get('samesite'), 'Lax');
  assert.equal(pre.attrs.has('secure'), false, 'no Secure over plain HTTP (dev mode)');
  assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false);
});

test('GET /auth/login?next=/x carries next in a hidden field', async () => {
  const c = new Client();
  const res = await c.get('/auth/login?next=%2Fcases%2F%3Fq%3D1');
  assert.equal(res.status, 200);
  assert.equal(hiddenValue(res.text, 'next'), '/cases/?q=1');
});

test('successful login: 303 to /, session cookie, home page with the user', async () => {
  const name = `試験 ${uniqueId('n').slice(2, 10)}`;
  const u = createUser({ role: 'customer_user', tenant: TENANT_A.no, name });
  const c = new Client();
  const res = await c.login(u.login, u.password);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const sess = setCookies(res).filter((k) => k.name === 'mm_session');
  assert.equal(sess.length, 1);
  assert.match(sess[0].raw, /^mm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);

  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.equal(textById(home.text, 'display-name'), name);
  assert.equal(textById(home.text, 'login-id'), u.login);
  assert.equal(textById(home.text, 'role'), '一般ユーザー');
  assert.equal(textById(home.text, 'customer-no'), TENANT_A.no);
  assert.equal(textById(home.text, 'tenant-name'), TENANT_A.name);
});

test('blanks around the typed user ID are dropped at both ends alike', async () => {
  const u = createUser();
  for (const typed of [` ${u.login}`, `${u.login} `, `\t${u.login}\u3000`, `\u3000 ${u.login}  `]) {
    const c = new Client();
    const res = await c.login(typed, u.password);
    assert.equal(res.status, 303, `${JSON.stringify(typed)} logs in`);
    assert.equal(res.headers.get('location'), '/');
  }
  // a blank inside the ID is part of it
  const inside = await new Client().login(`${u.login.slice(0, 3)} ${u.login.slice(3)}`, u.password);
  assert.equal(textById(inside.text, 'login-error'), LOGIN_FAILED);
});

test('login accepts a content type with charset=UTF-8', async () => {
  const u = createUser();
  const c = new Client();
  const { csrf } = await c.loginForm();
  const res = await c.post('/auth/login', { csrf, user_id: u.login, password: u.password },
    { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
});

test('each login gets a new session token; a planted token is not adopted', async () => {
  const u = createUser();
  const c = new Client();
  const planted = 'A'.repeat(43);
  c.jar.set('mm_session', planted);
  const t1 = await c.loginOk(u);
  assert.notEqual(t1, planted);
  const c2 = new Client();
  const t2 = await c2.loginOk(u);
  assert.notEqual(t1, t2);
  // Both sessions work independently.
  assert.equal((await c.get('/')).status, 200);
  assert.equal((await c2.get('/')).status, 200);
});

test('failure answers are identical for unknown user and wrong password', async () => {
  const u = createUser();
  const unknown = uniqueId('nobody');
  const answers = [];
  for (const [login, pw] of [[unknown, PASSWORD], [u.login, 'Wrong#Passw0rd!'], [unknown, 'Wrong#Passw0rd!']]) {
    const c = new Client();
    const res = await c.login(login, pw);
    assert.equal(res.status, 200, `login ${login}`);
    assert.ok(res.text.includes(LOGIN_FAILED), 'generic failure message');
    assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false, 'no session on failure');
    // The entered user ID is echoed back; make the bodies comparable.
    answers.push(withoutCsrf(res.text).split(login).join('@USER@'));
  }
  assert.equal(answers[1], answers[0], 'wrong password looks like unknown user');
  assert.equal(answers[2], answers[0]);
  // The password is never echoed.
  assert.ok(!answers[1].includes('Wrong#Passw0rd!'));
});

test('the user ID is echoed escaped, never raw', async () => {
  const c = new Client();
  const evil = '"><script>alert(1)</script><x y=\'';
  const res = await c.login(evil, 'Wrong#Passw0rd!');
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes('<script>alert(1)</script>'));
  assert.ok(!res.text.includes('"><script'));
  assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('a user ID longer than 40 characters is simply a failed login', async () => {
  // 210 characters pass the form's length check; 300 do not, and are answered the same
  for (const id of [`${'a'.repeat(200)}@t.example`, `${'a'.repeat(290)}@t.example`]) {
    const c = new Client();
    const res = await c.login(id, 'Wrong#Passw0rd!');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(LOGIN_FAILED), `${id.length} characters: ${textById(res.text, 'login-error')}`);
    assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false);
  }
});

test('redirect to the login page and back: GET / → /auth/login?next=%2F → /', async () => {
  const u = createUser();
  const c = new Client();
  const r1 = await c.get('/');
  assert.equal(r1.status, 303);
  assert.equal(r1.headers.get('location'), '/auth/login?next=%2F');
  const form = await c.get(r1.headers.get('location'));
  assert.equal(form.status, 200);
  assert.equal(hiddenValue(form.text, 'next'), '/');
  const r2 = await c.post('/auth/login', { csrf: csrfOf(form.text), next: '/', user_id: u.login, password: u.password });
  assert.equal(r2.status, 303);
  assert.equal(r2.headers.get('location'), '/');
  assert.equal((await c.get('/')).status, 200);
});

test('a local next is honoured', async () => {
  const u = createUser();
  const c = new Client();
  const res = await c.login(u.login, u.password, { next: '/cases/?status=open' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/cases/?status=open');
});

test('GET /auth/login drops an off-site next', async () => {
  const c = new Client();
  const res = await c.get('/auth/login?next=%2F%2Fevil.example');
  assert.equal(res.status, 200);
  assert.equal(hiddenValue(res.text, 'next'), null);
  assert.ok(!res.text.includes('evil.example'));
});

// Off-site or malformed next values: the login still succeeds and goes to /.
const OFFSITE_NEXT = ['//evil.example', 'https://evil.example', '/\\evil.example', '\\\\evil.example',
  'http:evil.example', 'javascript:alert(1)', ' //evil.example', '/\t/evil.example'];

test('off-site next values are ignored: login succeeds with Location /', async () => {
  const u = createUser();
  const wrong = [];
  for (const next of OFFSITE_NEXT) {
    const c = new Client();
    const res = await c.login(u.login, u.password, { next });
    const loc = res.headers.get('location');
    if (res.status !== 303 || loc !== '/') wrong.push(`${JSON.stringify(next)} → ${res.status} ${loc}`);
    assert.ok(!loc || loc.startsWith('/') && !/^\/[/\\]/.test(loc), `never off-site: ${loc}`);
  }
  assert.deepEqual(wrong, [], 'each of these should log in and redirect to /');
});

test('an empty next means /', async () => {
  const u = createUser();
  const c = new Client();
  const res = await c.login(u.login, u.password, { next: '' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
});

test('next with CR/LF cannot inject headers', async () => {
  const u = createUser();
  const c = new Client();
  const res = await c.login(u.login, u.password, { next: '/x\r\nSet-Cookie: injected=1\r\nX-Injected: 1' });
  assert.equal(res.status, 303);
  const loc = res.headers.get('location');
  assert.ok(loc === '/' || /^\/[^/\\]/.test(loc), `local Location: ${loc}`);
  assert.ok(!/[\r\n]/.test(loc));
  assert.equal(res.headers.get('x-injected'), null);
  assert.equal(setCookies(res).some((k) => k.name === 'injected'), false);
});

test('next survives a failed attempt', async () => {
  const u = createUser();
  const c = new Client();
  const { csrf } = await c.loginForm('/cases/');
  const failed = await c.post('/auth/login', { csrf, next: '/cases/', user_id: u.login, password: 'Wrong#Passw0rd!' });
  assert.equal(failed.status, 200);
  assert.ok(failed.text.includes(LOGIN_FAILED));
  assert.equal(hiddenValue(failed.text, 'next'), '/cases/');
  const ok = await c.post('/auth/login', { csrf: csrfOf(failed.text), next: hiddenValue(failed.text, 'next'), user_id: u.login, password: u.password });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/cases/');
});

test('the login page of a logged-in user sends it on (to next or /)', async () => {
  const u = createUser();
  const c = new Client();
  await c.loginOk(u);
  const home = await c.get('/auth/login');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/');
  const next = await c.get('/auth/login?next=%2Fcases%2F');
  assert.equal(next.status, 303);
  assert.equal(next.headers.get('location'), '/cases/');
  const evil = await c.get('/auth/login?next=%2F%2Fevil.example');
  assert.ok([200, 303].includes(evil.status));
  if (evil.status === 303) assert.equal(evil.headers.get('location'), '/');
});
