// Sessions (AUTH-10): idle timeout 30 min, absolute timeout 12 h, logout.
// Time travel with X-Test-Clock-Offset (test stacks only).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, loggedIn, createUser, csrfOf, textById, setCookies, CSRF_FAILED,
} from '../lib/http.mjs';

const TO_LOGIN = '/auth/login?next=%2F';

/** GET / with the given session token only (no other cookie). */
async function homeWith(token, clock) {
  const c = new Client();
  c.jar.set('mm_session', token);
  return c.get('/', { clock });
}

test('idle timeout: a request 30 min + 1 s after the last one goes to the login page', async () => {
  const { client } = await loggedIn();
  const r = await client.get('/', { clock: 30 * 60 + 1 });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), TO_LOGIN);
});

test('idle timeout: just under 30 min is still fine', async () => {
  const { client, user } = await loggedIn();
  const r = await client.get('/', { clock: 29 * 60 + 50 });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'login-id'), user.login);
});

test('activity keeps the session alive: idle time counts from the last request', async () => {
  const { client } = await loggedIn();
  for (const clock of [1500, 3000, 4500]) {
    const r = await client.get('/', { clock });
    assert.equal(r.status, 200, `request at +${clock} s`);
  }
  const idle = await client.get('/', { clock: 4500 + 30 * 60 + 1 });
  assert.equal(idle.status, 303);
  assert.equal(idle.headers.get('location'), TO_LOGIN);
});

test('absolute timeout: 12 h after login the session ends even when active', async () => {
  const { client } = await loggedIn();
  // A request every 25 minutes keeps it from idling out.
  let clock = 0;
  while (clock + 1500 < 12 * 3600 - 200) {
    clock += 1500;
    const r = await client.get('/', { clock });
    assert.equal(r.status, 200, `request at +${clock} s`);
  }
  const before = await client.get('/', { clock: 12 * 3600 - 100 });
  assert.equal(before.status, 200, 'still valid 100 s before 12 h');
  const after = await client.get('/', { clock: 12 * 3600 + 1 });
  assert.equal(after.status, 303);
  assert.equal(after.headers.get('location'), TO_LOGIN);
});

test('logout: POST with the menu token → /auth/login?bye=1, old cookie dead', async () => {
  const { client } = await loggedIn();
  const token = client.jar.get('mm_session');
  const home = await client.get('/');
  assert.equal(home.status, 200);
  // The logout form of the menu bar.
  const form = /<form[^>]*action="\/auth\/logout"[\s\S]*?<\/form>/.exec(home.text);
  assert.ok(form, 'home page has a logout form');
  assert.match(form[0], /method="post"/);
  const out = await client.post('/auth/logout', { csrf: csrfOf(form[0]) });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/auth/login?bye=1');
  const bye = await client.get('/auth/login?bye=1');
  assert.equal(bye.status, 200);
  assert.ok(bye.text.includes('ログアウトしました。'));
  // The old token no longer works, even when replayed by hand.
  const replay = await homeWith(token);
  assert.equal(replay.status, 303);
  assert.equal(replay.headers.get('location'), TO_LOGIN);
});

test('logout clears the session cookie in the browser', async () => {
  const { client } = await loggedIn();
  const home = await client.get('/');
  const out = await client.post('/auth/logout', { csrf: csrfOf(home.text) });
  assert.equal(out.status, 303);
  const cleared = setCookies(out).find((k) => k.name === 'mm_session');
  assert.ok(cleared, 'Set-Cookie for mm_session on logout');
  assert.ok(cleared.value === '' || cleared.attrs.get('max-age') === '0', `cookie cleared: ${cleared.raw}`);
});

test('GET /auth/logout shows a confirmation form whose token logs out', async () => {
  const { client } = await loggedIn();
  const token = client.jar.get('mm_session');
  const page = await client.get('/auth/logout');
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/auth\/logout"/);
  // Visiting the page alone does not log out.
  assert.equal((await homeWith(token)).status, 200);
  const out = await client.post('/auth/logout', { csrf: csrfOf(page.text) });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/auth/login?bye=1');
  assert.equal((await homeWith(token)).status, 303);
});

test('logout without a valid token is refused and keeps the session', async () => {
  const { client } = await loggedIn();
  const token = client.jar.get('mm_session');
  for (const fields of [{}, { csrf: '' }, { csrf: 'x'.repeat(43) }]) {
    const r = await client.post('/auth/logout', fields);
    assert.equal(r.status, 403, `fields ${JSON.stringify(fields)}`);
    assert.ok(r.text.includes(CSRF_FAILED));
  }
  const r = await homeWith(token);
  assert.equal(r.status, 200);
});

test('logging out one session leaves another session of the same user alone', async () => {
  const user = createUser();
  const a = new Client();
  const b = new Client();
  await a.loginOk(user);
  await b.loginOk(user);
  const home = await a.get('/');
  assert.equal((await a.post('/auth/logout', { csrf: csrfOf(home.text) })).status, 303);
  assert.equal((await a.get('/')).status, 303);
  assert.equal((await b.get('/')).status, 200);
});

test('unknown, malformed or altered session tokens lead to the login page', async () => {
  const { client } = await loggedIn();
  const good = client.jar.get('mm_session');
  const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
  for (const t of [flipped, 'A'.repeat(43), good.slice(0, 42), `${good}A`, '', '%00', '"quoted"', '../../etc/passwd']) {
    const r = await homeWith(t);
    assert.equal(r.status, 303, `token ${JSON.stringify(t)}`);
    assert.equal(r.headers.get('location'), TO_LOGIN);
  }
  assert.equal((await homeWith(good)).status, 200);
});
