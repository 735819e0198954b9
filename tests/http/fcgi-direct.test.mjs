// The programs spoken to directly over FastCGI (no nginx in front), on extra
// instances with the stack's configuration and database:
//  - behind TLS (HTTPS=on): __Host- cookies with Secure, HSTS;
//  - requests nginx would never send (bad CONTENT_LENGTH, short bodies,
//    missing variables) still get a 4xx, and the program keeps serving.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { makeTemp, rmTemp, startProgram, fcgiRequest, programPath } from '../lib/fcgi.mjs';
import { createUser, hiddenValue, parseSetCookie, textById, TENANT_A, CONFIG } from '../lib/http.mjs';

let dir;
let auth;
let dashboard;

before(async () => {
  dir = makeTemp('mm-fcgi-');
  auth = await startProgram('auth', { dir });
  dashboard = await startProgram('dashboard', { dir });
});

after(async () => {
  const results = [];
  if (auth) results.push(['auth', await auth.stop()]);
  if (dashboard) results.push(['dashboard', await dashboard.stop()]);
  rmTemp(dir);
  for (const [name, r] of results) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
});

const TLS = { HTTPS: 'on', REQUEST_SCHEME: 'https', SERVER_PORT: '443', REMOTE_ADDR: '127.0.0.1', HTTP_HOST: 'portal.example' };

function cookiesOf(res) {
  return res.all('set-cookie').map(parseSetCookie);
}

function post(socket, uri, body, extra = {}) {
  return fcgiRequest(socket, {
    REQUEST_METHOD: 'POST', DOCUMENT_URI: uri,
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)),
    ...extra,
  }, body);
}

test('over TLS: __Host- cookies with Secure, HSTS on every answer, full login', () => {
  const form = fcgiRequest(auth.socket, { ...TLS, DOCUMENT_URI: '/auth/login' });
  assert.equal(form.status, 200);
  const hsts = form.header('strict-transport-security');
  assert.ok(hsts, 'HSTS over TLS');
  const maxAge = Number((/max-age=(\d+)/.exec(hsts) || [])[1]);
  assert.ok(maxAge >= 31536000, `HSTS max-age ${maxAge} ≥ 1 year`);
  const pre = cookiesOf(form).find((k) => k.name === '__Host-mm_pre');
  assert.ok(pre, `__Host-mm_pre set: ${form.all('set-cookie')}`);
  assert.equal(pre.attrs.get('secure'), true);
  assert.equal(pre.attrs.get('httponly'), true);
  assert.equal(pre.attrs.get('path'), '/');
  assert.equal(pre.attrs.has('domain'), false, '__Host- cookies have no Domain');
  assert.equal(cookiesOf(form).some((k) => k.name === 'mm_pre'), false, 'no unprefixed cookie over TLS');

  const u = createUser({ tenant: TENANT_A.no, name: 'TLS 利用者' });
  const csrf = hiddenValue(form.body, 'csrf');
  const body = `csrf=${encodeURIComponent(csrf)}&user_id=${encodeURIComponent(u.login)}&password=${encodeURIComponent(u.password)}`;
  const login = post(auth.socket, '/auth/login', body, { ...TLS, HTTP_COOKIE: `__Host-mm_pre=${pre.value}` });
  assert.equal(login.status, 303, login.body.slice(0, 300));
  assert.equal(login.header('location'), '/');
  assert.ok(login.header('strict-transport-security'));
  const sess = cookiesOf(login).find((k) => k.name === '__Host-mm_session');
  assert.ok(sess, `__Host-mm_session set: ${login.all('set-cookie')}`);
  assert.match(sess.value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(sess.attrs.get('secure'), true);
  assert.equal(sess.attrs.get('httponly'), true);
  assert.equal(sess.attrs.get('samesite'), 'Lax');
  assert.equal(sess.attrs.get('path'), '/');
  assert.equal(sess.attrs.has('domain'), false);

  const home = fcgiRequest(dashboard.socket, { ...TLS, DOCUMENT_URI: '/', HTTP_COOKIE: `__Host-mm_session=${sess.value}` });
  assert.equal(home.status, 200);
  assert.equal(textById(home.body, 'login-id'), u.login);
  assert.ok(home.header('strict-transport-security'));
  // Error answers over TLS carry HSTS as well.
  const missing = fcgiRequest(dashboard.socket, { ...TLS, DOCUMENT_URI: '/no/such/page' });
  assert.equal(missing.status, 404);
  assert.ok(missing.header('strict-transport-security'));
});

test('plain HTTP (no HTTPS variable): no HSTS, unprefixed cookie without Secure', () => {
  const form = fcgiRequest(auth.socket, { DOCUMENT_URI: '/auth/login' });
  assert.equal(form.status, 200);
  assert.equal(form.header('strict-transport-security'), null);
  const pre = cookiesOf(form).find((k) => k.name === 'mm_pre');
  assert.ok(pre);
  assert.equal(pre.attrs.has('secure'), false);
});

test('requests nginx would never send: 4xx, never a crash', () => {
  const cases = [
    ['no REQUEST_METHOD', { REQUEST_METHOD: '', DOCUMENT_URI: '/auth/login' }, '', [400, 405]],
    ['no DOCUMENT_URI', { DOCUMENT_URI: '' }, '', [400, 404]],
    ['relative DOCUMENT_URI', { DOCUMENT_URI: 'auth/login' }, '', [400, 404]],
    ['control char in path', { DOCUMENT_URI: '/auth/login\u0001' }, '', [400]],
    ['body shorter than CONTENT_LENGTH', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '100' }, 'user_id=a', [400]],
    ['CONTENT_LENGTH negative', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '-1' }, 'a=b', [400]],
    ['CONTENT_LENGTH garbage', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '12abc' }, 'a=b', [400]],
    ['CONTENT_LENGTH huge', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '99999999999999999999999' }, 'a=b', [400, 413]],
    ['CONTENT_LENGTH without type', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_LENGTH: '3' }, 'a=b', [415]],
    ['type without CONTENT_LENGTH', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', CONTENT_TYPE: 'application/x-www-form-urlencoded' }, 'a=b', [411, 403]],
    ['query without =', { DOCUMENT_URI: '/auth/login', QUERY_STRING: '&&&=&a&=b&' }, '', [200, 400]],
    ['clock header out of range', { DOCUMENT_URI: '/auth/login', HTTP_X_TEST_CLOCK_OFFSET: '9223372036854775807' }, '', [200]],
    ['cookie without value', { DOCUMENT_URI: '/auth/login', HTTP_COOKIE: 'mm_pre; mm_session' }, '', [200, 400]],
  ];
  const wrong = [];
  for (const [what, params, body, allowed] of cases) {
    const res = fcgiRequest(auth.socket, params, body);
    if (!allowed.includes(res.status)) wrong.push(`${what}: ${res.status}`);
  }
  for (const [what, cookie] of [['session token with control bytes', 'mm_session=AAAA\u0001\u007f'],
    ['session token of 4 KB', `mm_session=${'A'.repeat(4096)}`], ['60 cookies', Array.from({ length: 60 }, (_, i) => `k${i}=v`).join('; ')]]) {
    const res = fcgiRequest(dashboard.socket, { DOCUMENT_URI: '/', HTTP_COOKIE: cookie });
    if (![303, 400].includes(res.status)) wrong.push(`dashboard, ${what}: ${res.status}`);
  }
  assert.deepEqual(wrong, []);
  // Both programs still answer.
  assert.equal(fcgiRequest(auth.socket, { DOCUMENT_URI: '/auth/login' }).status, 200);
  assert.equal(fcgiRequest(dashboard.socket, { DOCUMENT_URI: '/' }).status, 303);
});

test('a program can listen on TCP host:port (several app hosts behind one nginx)', async () => {
  // a port the kernel had free a moment ago
  const port = await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
  const addr = `127.0.0.1:${port}`;
  const proc = spawn(programPath('auth'), ['--config', CONFIG, '--socket', addr, '--workers', '1'],
    { stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 10000;
    for (;;) {
      const open = await new Promise((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
        s.on('error', () => resolve(false));
      });
      if (open) break;
      assert.ok(Date.now() < deadline, 'the program listens within 10 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = fcgiRequest(addr, { DOCUMENT_URI: '/auth/login', REMOTE_ADDR: '192.0.2.7' });
    assert.equal(r.status, 200);
    assert.ok(r.body.includes('name="csrf"'));
  } finally {
    proc.kill('SIGTERM');
    assert.equal(await exited, 0, 'clean exit on SIGTERM');
  }
});
