// Security headers (§12, X-5) on every kind of response of the programs:
// pages, redirects, error pages, before and after login.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, csrfOf, setCookies, rawRequest, HOST } from '../lib/http.mjs';

function assertSecurityHeaders(res, what) {
  const h = (n) => res.headers.get(n);
  const csp = h('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.match(csp, /(^|;)\s*frame-ancestors 'none'\s*(;|$)/, `${what}: frame-ancestors 'none'`);
  assert.match(csp, /(^|;)\s*default-src [^;]*'self'/, `${what}: default-src`);
  assert.match(csp, /(^|;)\s*object-src 'none'/, `${what}: object-src 'none'`);
  assert.doesNotMatch(csp, /'unsafe-inline'/, `${what}: no 'unsafe-inline'`);
  assert.doesNotMatch(csp, /'unsafe-eval'/, `${what}: no 'unsafe-eval'`);
  assert.equal(h('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(h('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.ok(h('referrer-policy'), `${what}: Referrer-Policy`);
  assert.match(h('referrer-policy'), /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/, `${what}: Referrer-Policy value`);
  assert.match(h('cache-control') || '', /(^|,)\s*no-store\s*(,|$)/, `${what}: Cache-Control no-store`);
  assert.equal(h('strict-transport-security'), null, `${what}: no HSTS over plain HTTP`);
  assert.equal(h('x-powered-by'), null, `${what}: no X-Powered-By`);
}

test('anonymous responses: login page, redirect, 404, 405, 400, 403, 413, 415', async () => {
  // A fresh browser (cookie jar) for each request: no case depends on another.
  const fresh = async (fn) => { const c = new Client(); const { csrf } = await c.loginForm(); return fn(c, csrf); };
  const cases = [
    ['GET /auth/login', await new Client().get('/auth/login'), 200],
    ['GET / (redirect)', await new Client().get('/'), 303],
    ['GET /auth/nonexistent', await new Client().get('/auth/nonexistent'), 404],
    ['GET /no/such/page', await new Client().get('/no/such/page'), null],
    ['PUT /auth/login', await new Client().request('PUT', '/auth/login'), 405],
    ['GET /auth/login?next=%zz', await new Client().get('/auth/login?next=%zz'), 400],
    ['POST no csrf', await fresh((c) => c.post('/auth/login', { user_id: 'a', password: 'b' })), 403],
    ['POST 70 KB', await fresh((c, csrf) => c.post('/auth/login', `csrf=${csrf}&user_id=a&password=${'x'.repeat(70 * 1024)}`)), 413],
    ['POST text/plain', await fresh((c, csrf) => c.post('/auth/login', `csrf=${csrf}&user_id=a&password=b`, { contentType: 'text/plain' })), 415],
    ['POST failed login', await fresh((c, csrf) => c.post('/auth/login', { csrf, user_id: 'nobody@t.example', password: 'Wrong#Passw0rd!' })), 200],
  ];
  for (const [what, res, status] of cases) {
    if (status !== null) assert.equal(res.status, status, what);
    assertSecurityHeaders(res, what);
  }
});

test('logged-in responses: home, logout page, 404, logout', async () => {
  const { client } = await loggedIn();
  const home = await client.get('/');
  const cases = [
    ['GET / (logged in)', home, 200],
    ['GET /auth/logout', await client.get('/auth/logout'), 200],
    ['GET /nope (logged in)', await client.get('/nope'), 404],
    ['POST /auth/logout', await client.post('/auth/logout', { csrf: csrfOf(home.text) }), 303],
  ];
  for (const [what, res, status] of cases) {
    assert.equal(res.status, status, what);
    assertSecurityHeaders(res, what);
  }
});

test('successful login response carries the headers and a well-formed cookie', async () => {
  const c = new Client();
  const { user } = await loggedIn();
  const res = await c.login(user.login, user.password);
  assert.equal(res.status, 303);
  assertSecurityHeaders(res, 'POST /auth/login (ok)');
  for (const k of setCookies(res)) {
    assert.equal(k.attrs.get('httponly'), true, `${k.name} HttpOnly`);
    assert.ok(['Lax', 'Strict'].includes(k.attrs.get('samesite')), `${k.name} SameSite`);
    assert.equal(k.attrs.get('path'), '/', `${k.name} Path=/`);
    assert.equal(k.attrs.has('domain'), false, `${k.name} has no Domain`);
  }
});

test('HTML pages declare UTF-8 and a language', async () => {
  const c = new Client();
  for (const path of ['/auth/login', '/auth/nonexistent']) {
    const res = await c.get(path);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path);
    assert.match(res.text, /^<!DOCTYPE html>/i, path);
    assert.match(res.text, /<meta charset="utf-8">/i, path);
    assert.match(res.text, /<html lang="(ja|en)">/, path);
    // No inline script (CSP forbids it): scripts only from files.
    assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${path}: inline script`);
    assert.doesNotMatch(res.text, /\son[a-z]+="/i, `${path}: inline event handler`);
    assert.doesNotMatch(res.text, /\sstyle="/i, `${path}: inline style attribute`);
  }
});

test('HEAD /auth/login answers like GET without a body', async () => {
  const c = new Client();
  const res = await c.request('HEAD', '/auth/login');
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
  assertSecurityHeaders(res, 'HEAD /auth/login');
});

// nginx answers some requests itself, before any program sees them: those
// pages carry the same headers and speak Japanese (and English) too.
test("nginx's own refusals: the portal's page with the security headers", async () => {
  const head = (lines) => `${lines.join('\r\n')}\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`;
  const cases = [
    ['TRACE /', head(['TRACE / HTTP/1.1']), 405, 'この操作はできません (405)'],
    ['a URL of 9,000 characters', head([`GET /cases/?q=${'a'.repeat(9000)} HTTP/1.1`]), 414, 'URL が長すぎます (414)'],
    ['a cookie of 9 KB', head(['GET / HTTP/1.1', `Cookie: a=${'b'.repeat(9000)}`]), 400, 'リクエストが正しくありません (400)'],
    ['a path above the root', head(['GET /cases/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1']), 400, 'リクエストが正しくありません (400)'],
    // nginx refuses on the announced length alone: no body is sent
    ['a form body of 2 MB', head(['POST /auth/login HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${2 * 1024 * 1024}`]), 413, '送信内容が大きすぎます (413)'],
  ];
  for (const [what, data, status, title] of cases) {
    const res = await rawRequest(data);
    assert.equal(res.status, status, `${what}: ${res.head.split('\r\n')[0]}`);
    const fields = new Map();
    for (const line of res.head.split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    assertSecurityHeaders({ headers: { get: (n) => fields.get(n.toLowerCase()) ?? null } }, what);
    const body = res.body.toString('utf8');
    assert.ok(body.includes(`<h1>${title}</h1>`), `${what}: the portal's page (${body.slice(0, 120)})`);
    assert.ok(body.includes('<html lang="ja">'), `${what}: Japanese first`);
  }
});

// A page asked for without its closing slash answers like nginx does for
// the programs' own prefixes (/cases → /cases/): 301 to the page, the query
// kept. Unknown paths stay 404 and POST is never redirected.
test('a page without its closing slash: 301 to the page, the query kept', async () => {
  const { client } = await loggedIn({ role: 'customer_admin' });
  for (const [path, to] of [['/account/users', '/account/users/'], ['/account/users?page=2', '/account/users/?page=2'],
    ['/cases/requests', '/cases/requests/']]) {
    const res = await client.get(path);
    assert.equal(res.status, 301, path);
    assert.equal(res.headers.get('location'), to, path);
    assertSecurityHeaders(res, path);
  }
  assert.equal((await client.get('/account/users/nosuch')).status, 404);
  assert.equal((await client.get('/account/nosuchpage')).status, 404);
  const page = await client.get('/account/users/');
  assert.equal(page.status, 200);
  assert.notEqual((await client.post('/account/users', { csrf: csrfOf(page.text) })).status, 301, 'no redirect of a POST');
});
