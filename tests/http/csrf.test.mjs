// CSRF (AUTH-10): every POST needs a csrf field bound to the browser's
// cookie (mm_pre before login, the session after), else 403.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, loggedIn, csrfOf, setCookies, CSRF_FAILED,
} from '../lib/http.mjs';

function assertCsrf403(res, what) {
  assert.equal(res.status, 403, what);
  assert.match(res.headers.get('content-type'), /^text\/html/i);
  assert.match(res.text, /<html lang="ja">/);
  assert.ok(res.text.includes(CSRF_FAILED), `${what}: message`);
  assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false, `${what}: no session`);
}

test('login POST without csrf field → 403, even with the right password', async () => {
  const u = createUser();
  const c = new Client();
  await c.loginForm();
  assertCsrf403(await c.post('/auth/login', { user_id: u.login, password: u.password }), 'no field');
});

test('login POST with an empty, altered or foreign token → 403', async () => {
  const u = createUser();
  const c = new Client();
  const { csrf } = await c.loginForm();
  const other = new Client();
  const { csrf: foreign } = await other.loginForm();
  const altered = (csrf[0] === 'A' ? 'B' : 'A') + csrf.slice(1);
  for (const [what, tok] of [['empty', ''], ['altered', altered], ['foreign', foreign],
    ['truncated', csrf.slice(0, -1)], ['extended', `${csrf}A`], ['garbage', '<script>']]) {
    assertCsrf403(await c.post('/auth/login', { csrf: tok, user_id: u.login, password: u.password }), what);
  }
  // The genuine token still works afterwards.
  const ok = await c.post('/auth/login', { csrf, user_id: u.login, password: u.password });
  assert.equal(ok.status, 303);
});

test('login POST with a valid token but without the cookie it is bound to → 403', async () => {
  const u = createUser();
  const c = new Client();
  const { csrf } = await c.loginForm();
  const bare = new Client();
  assertCsrf403(await bare.post('/auth/login', { csrf, user_id: u.login, password: u.password }), 'no cookie');
  // Another browser's mm_pre cookie does not match this token either.
  const other = new Client();
  await other.loginForm();
  assertCsrf403(await other.post('/auth/login', { csrf, user_id: u.login, password: u.password }), 'wrong cookie');
});

test('requests refused for CSRF do not count as failed logins', async () => {
  const u = createUser();
  const c = new Client();
  await c.loginForm();
  for (let i = 0; i < 6; i++) {
    assertCsrf403(await c.post('/auth/login', { csrf: 'x', user_id: u.login, password: 'Wrong#Passw0rd!' }), `try ${i}`);
  }
  const ok = await new Client().login(u.login, u.password);
  assert.equal(ok.status, 303, 'not locked by CSRF-refused attempts');
});

test('logout POST needs the token of this session, not the pre-login one nor another session\'s', async () => {
  const { client } = await loggedIn();
  const { client: other } = await loggedIn();
  const otherHome = await other.get('/');
  const foreign = csrfOf(otherHome.text);
  // A token computed for the login page (pre-session cookie) of this browser.
  const pre = new Client();
  pre.jar = new Map(client.jar);
  pre.jar.delete('mm_session');
  const { csrf: preToken } = await pre.loginForm();
  client.jar.set('mm_pre', pre.jar.get('mm_pre'));
  for (const [what, tok] of [['foreign session', foreign], ['pre-session', preToken]]) {
    const r = await client.post('/auth/logout', { csrf: tok });
    assertCsrf403(r, what);
  }
  assert.equal((await client.get('/')).status, 200, 'still logged in');
  assert.equal((await other.get('/')).status, 200, 'other session untouched');
});

test('a session token does not work as a CSRF token and vice versa', async () => {
  const { client } = await loggedIn();
  const session = client.jar.get('mm_session');
  assertCsrf403(await client.post('/auth/logout', { csrf: session }), 'session as csrf');
  const home = await client.get('/');
  const csrf = csrfOf(home.text);
  const c2 = new Client();
  c2.jar.set('mm_session', csrf);
  const r = await c2.get('/');
  assert.equal(r.status, 303);
});

test('an error answer does not replace the pre-session cookie: an open login form keeps working', async () => {
  const u = createUser();
  const c = new Client();
  const { csrf } = await c.loginForm();
  const pre = c.jar.get('mm_pre');
  // The same browser hits a few error pages (another tab, a bad link).
  const errors = [
    ['PUT /auth/login', await c.request('PUT', '/auth/login')],
    ['GET /auth/login?next=%zz', await c.get('/auth/login?next=%zz')],
    ['POST text/plain', await c.post('/auth/login', 'a=b', { contentType: 'text/plain' })],
    ['GET /auth/nonexistent', await c.get('/auth/nonexistent')],
  ];
  const replaced = errors
    .filter(([, res]) => setCookies(res).some((k) => k.name === 'mm_pre' && k.value !== pre))
    .map(([what, res]) => `${what} (${res.status})`);
  assert.deepEqual(replaced, [], 'these answers set a new mm_pre although the request carried a valid one');
  const ok = await c.post('/auth/login', { csrf, user_id: u.login, password: u.password });
  assert.equal(ok.status, 303, 'the login form opened before still works');
});
