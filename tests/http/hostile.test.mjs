// Hostile input (X-4, §12): never a 5xx, always a clear 4xx, and the stack
// keeps serving afterwards.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, setCookies, rawRequest, HOST, LOGIN_FAILED, describe5xx,
} from '../lib/http.mjs';

const BAD_REQUEST = 'リクエストの形式が正しくありません。';
const TOO_LARGE = '送信されたデータが大きすぎます。';
const UNSUPPORTED = 'この形式のデータは受け付けていません。';

function assertNo5xx(res, what) {
  assert.ok(res.status < 500, `${what}: ${describe5xx(res)}`);
}

/** A fresh browser with a login form open: { c, csrf }. */
async function withForm() {
  const c = new Client();
  const { csrf } = await c.loginForm();
  return { c, csrf };
}

/** Body of exactly n bytes: csrf + filler fields of at most 16 KiB each. */
function bodyOfSize(csrf, n) {
  let body = `csrf=${csrf}&user_id=nobody%40t.example&password=x`;
  let i = 0;
  while (body.length < n) {
    const head = `&f${i++}=`;
    const room = n - body.length - head.length;
    if (room < 0) { body += 'y'.repeat(n - body.length); break; }
    body += head + 'z'.repeat(Math.min(room, 16000));
  }
  assert.equal(body.length, n);
  return body;
}

test('form body limit: 64 KiB accepted, 64 KiB + 1 → 413 from the program', async () => {
  const { c, csrf } = await withForm();
  const ok = await c.post('/auth/login', bodyOfSize(csrf, 65536));
  assert.equal(ok.status, 200, `exactly 64 KiB: ${describe5xx(ok)}`);
  assert.ok(ok.text.includes(LOGIN_FAILED));
  const big = await c.post('/auth/login', bodyOfSize(csrf, 65537));
  assert.equal(big.status, 413);
  assert.ok(big.text.includes(TOO_LARGE));
});

test('a single field longer than the field limit → 413', async () => {
  const { c, csrf } = await withForm();
  const res = await c.post('/auth/login', `csrf=${csrf}&user_id=a&password=${'x'.repeat(40000)}`);
  assert.equal(res.status, 413);
  assert.ok(res.text.includes(TOO_LARGE));
});

test('body over 1 MiB → 413 from nginx, no 5xx', async () => {
  const { c, csrf } = await withForm();
  const res = await c.post('/auth/login', `csrf=${csrf}&user_id=a&password=${'x'.repeat(1100 * 1024)}`);
  assert.equal(res.status, 413);
});

test('parameter count: 256 accepted, 257 → 413', async () => {
  const { c, csrf } = await withForm();
  const fields = (n) => [`csrf=${csrf}`, 'user_id=nobody%40t.example', 'password=x',
    ...Array.from({ length: n - 3 }, (_, i) => `p${i}=1`)].join('&');
  const ok = await c.post('/auth/login', fields(256));
  assert.equal(ok.status, 200, describe5xx(ok));
  assert.ok(ok.text.includes(LOGIN_FAILED));
  const many = await c.post('/auth/login', fields(257));
  assert.equal(many.status, 413);
  assert.ok(many.text.includes(TOO_LARGE));
});

test('too many query parameters → 414/413, no 5xx', async () => {
  const c = new Client();
  const qs = Array.from({ length: 300 }, (_, i) => `q${i}=1`).join('&');
  const res = await c.get(`/auth/login?${qs}`);
  assert.ok([413, 414].includes(res.status), describe5xx(res));
});

const BAD_ENCODINGS = ['%zz', '%', '%4', '%E3%81', '%00', '%FF%FE', '%C0%AF', '%ED%A0%80', 'a%00b'];

test('malformed percent-encoding or invalid UTF-8 in the form body → 400', async () => {
  const wrong = [];
  for (const bad of BAD_ENCODINGS) {
    const { c, csrf } = await withForm();
    const res = await c.post('/auth/login', `csrf=${csrf}&user_id=${bad}&password=x`);
    if (res.status !== 400 || !res.text.includes(BAD_REQUEST)) wrong.push(`${bad} → ${res.status}`);
  }
  assert.deepEqual(wrong, []);
});

test('raw invalid UTF-8 bytes in user_id → 400', async () => {
  const { c, csrf } = await withForm();
  const body = Buffer.concat([Buffer.from(`csrf=${csrf}&user_id=`), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('&password=x')]);
  const res = await c.request('POST', '/auth/login', { body });
  assert.equal(res.status, 400);
  assert.ok(res.text.includes(BAD_REQUEST));
});

test('malformed percent-encoding or invalid UTF-8 in the query → 400', async () => {
  const wrong = [];
  for (const bad of BAD_ENCODINGS) {
    for (const path of ['/auth/login', '/']) {
      // Raw socket: the URL must reach the server byte for byte.
      const r = await rawRequest(`GET ${path}?next=${bad} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
      if (r.status !== 400) wrong.push(`${path}?next=${bad} → ${r.status}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('unsupported content types for POST → 415', async () => {
  const wrong = [];
  for (const ct of ['multipart/form-data; boundary=XyZ', 'text/plain', 'application/json',
    'application/x-www-form-urlencodedX', 'application/xml']) {
    const { c, csrf } = await withForm();
    const res = await c.post('/auth/login', `csrf=${csrf}&user_id=a&password=b`, { contentType: ct });
    // multipart bodies reach the programs only from the upload locations
    if (res.status !== 415 || !res.text.includes(UNSUPPORTED)) wrong.push(`${ct} → ${res.status}`);
  }
  assert.deepEqual(wrong, []);
});

test('a real multipart body → 415', async () => {
  const { c, csrf } = await withForm();
  const fd = new FormData();
  fd.set('csrf', csrf);
  fd.set('user_id', 'a');
  fd.set('password', 'b');
  const res = await c.request('POST', '/auth/login', { body: fd, contentType: null });
  assert.equal(res.status, 415);
});

test('body shorter than Content-Length (client gives up): no 5xx, stack still answers', async () => {
  const body = 'user_id=a&password=b';
  const req = `POST /auth/login HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n`
    + `Content-Length: 500\r\nConnection: close\r\n\r\n${body}`;
  const r = await rawRequest(req, { halfClose: true, timeoutMs: 5000 });
  assert.ok(r.status === null || (r.status >= 400 && r.status < 500), `got ${r.status}: ${r.head}`);
  // A stalled client (no half-close): nginx waits; we give up after a while.
  const stalled = await rawRequest(req, { timeoutMs: 1500 });
  assert.ok(stalled.status === null || stalled.status < 500, `got ${stalled.status}`);
  const after = await new Client().get('/auth/login');
  assert.equal(after.status, 200);
});

test('chunked request body: no 5xx', async () => {
  const { c, csrf } = await withForm();
  const body = `csrf=${csrf}&user_id=nobody%40t.example&password=x`;
  const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  const r = await rawRequest(`POST /auth/login HTTP/1.1\r\nHost: ${HOST}\r\n`
    + `Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n`
    + `Cookie: ${c.cookieHeader()}\r\nConnection: close\r\n\r\n${chunked}`);
  assert.ok(r.status !== null && r.status < 500, `got ${r.status}`);
});

test('duplicated parameters are refused as a form error, even with the right password', async () => {
  const u = createUser();
  const { c, csrf } = await withForm();
  const res = await c.post('/auth/login', [['csrf', csrf], ['user_id', u.login], ['user_id', 'other@t.example'], ['password', u.password]]);
  assert.equal(res.status, 200, describe5xx(res));
  assert.match(res.text, /<form method="post" action="\/auth\/login"/);
  assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false);
  const same = await c.post('/auth/login', [['csrf', csrf], ['user_id', u.login], ['password', u.password], ['password', u.password]]);
  assert.equal(same.status, 200, describe5xx(same));
  assert.equal(setCookies(same).some((k) => k.name === 'mm_session'), false);
});

test('huge cookie header → 400 (nginx or program), no 5xx', async () => {
  const c = new Client();
  for (const size of [5000, 7000, 20000, 60000]) {
    const res = await c.get('/', { headers: { cookie: `junk=${'a'.repeat(size)}` } });
    assert.ok(res.status < 500, `${size}: ${describe5xx(res)}`);
    assert.ok([303, 400, 431].includes(res.status), `${size}: ${res.status}`);
  }
});

test('garbage cookies: no 5xx, just not logged in', async () => {
  const many = Array.from({ length: 300 }, (_, i) => `c${i}=v`).join('; ');
  const wrong = [];
  for (const cookie of ['mm_session', 'mm_session=', '=', ';;;;', 'mm_session="unterminated',
    'mm_session=AAAA\u0001BBBB', 'mm_session=%00%00', `mm_session=${'A'.repeat(43)}; mm_session=${'B'.repeat(43)}`,
    `mm_pre=${'x'.repeat(43)}; mm_session=${'\u00e9'.repeat(10)}`, many, 'a=b=c=d; ; =; mm_session==',
    `mm_session=${'A'.repeat(2000)}`, 'mm_session=\t\tA']) {
    // Raw socket: fetch refuses control characters in headers.
    const r = await rawRequest(Buffer.from(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`, 'latin1'));
    const loc = /\r\nlocation: ([^\r]*)/i.exec(r.head);
    const ok = r.status === 400 || (r.status === 303 && loc && loc[1] === '/auth/login?next=%2F');
    if (!ok) wrong.push(`${JSON.stringify(cookie.slice(0, 40))} → ${r.status} ${loc ? loc[1] : ''}`);
  }
  assert.deepEqual(wrong, []);
});

test('raw non-ASCII bytes in the cookie header: no 5xx', async () => {
  const head = Buffer.concat([Buffer.from(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nCookie: mm_session=`),
    Buffer.from([0xe6, 0x97, 0xa5, 0xff, 0xfe]), Buffer.from('\r\nConnection: close\r\n\r\n')]);
  const r = await rawRequest(head);
  assert.ok(r.status !== null && r.status < 500, `got ${r.status}`);
});

test('extremely long URL → 414, no 5xx', async () => {
  const c = new Client();
  for (const n of [3000, 5000, 20000]) {
    const res = await c.get(`/auth/login?next=%2F${'a'.repeat(n)}`);
    assert.ok([400, 414].includes(res.status), `${n}: ${describe5xx(res)}`);
  }
  const long = await c.get(`/auth/login?next=%2F${'a'.repeat(20000)}`);
  assert.equal(long.status, 414);
  const path = await c.get(`/${'p'.repeat(5000)}`);
  assert.ok([400, 404, 414].includes(path.status), describe5xx(path));
});

test('unsupported methods → 405 with Allow', async () => {
  const c = new Client();
  for (const m of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'FOO']) {
    for (const path of ['/auth/login', '/']) {
      const res = await c.request(m, path);
      assert.equal(res.status, 405, `${m} ${path}`);
      assert.match(res.headers.get('allow') || '', /GET/, `${m} ${path}: Allow`);
      assert.doesNotMatch(res.headers.get('allow') || '', /PUT|DELETE/, `${m} ${path}: Allow`);
    }
  }
});

test('TRACE and CONNECT are refused (nginx), no 5xx', async () => {
  for (const m of ['TRACE', 'CONNECT']) {
    const target = m === 'CONNECT' ? HOST : '/auth/login';
    const r = await rawRequest(`${m} ${target} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
    assert.ok(r.status !== null && r.status >= 400 && r.status < 500, `${m}: ${r.status}`);
  }
});

test('unknown pages → 404 page in Japanese', async () => {
  const c = new Client();
  for (const path of ['/auth/nonexistent', '/auth/login/extra', '/no/such/page', '/auth/%E3%81%82']) {
    const res = await c.get(path);
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8$/i);
    assert.match(res.text, /<html lang="ja">/, path);
    assert.ok(res.text.includes('ページが見つかりません'), path);
  }
});

test('bad bytes in the path → 400/404, no 5xx', async () => {
  const wrong = [];
  for (const p of ['/auth/login%00', '/auth/%FF', '/auth/%zz', '/%0d%0aX-Injected:%201', '/auth/..%2f..%2fetc%2fpasswd',
    '/static/../../../../etc/passwd', '/auth/login;jsessionid=1', '/auth//login', '/AUTH/LOGIN']) {
    const r = await rawRequest(`GET ${p} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
    if (r.status === null || r.status >= 500) wrong.push(`${p} → ${r.status}`);
    if (/\r\nX-Injected:/i.test(r.head)) wrong.push(`${p} injected a header`);
    if (r.body.toString('latin1').includes('root:x:0:0')) wrong.push(`${p} served /etc/passwd`);
  }
  assert.deepEqual(wrong, []);
});

test('markup in query values is escaped in the page', async () => {
  const c = new Client();
  const res = await c.get(`/auth/login?next=${encodeURIComponent('/"><script>alert(1)</script>')}`);
  assert.ok(res.status === 200 || res.status === 400, describe5xx(res));
  assert.ok(!res.text.includes('<script>alert(1)</script>'));
  assert.ok(!res.text.includes('"><script'));
});

test('SQL metacharacters in the user ID are just a failed login', async () => {
  const u = createUser();
  for (const id of [`${u.login}' OR '1'='1`, `' OR 1=1 -- `, `${u.login}'-- `, '\\', `"; DROP TABLE users; --`, `${u.login}%`, '%', '_']) {
    const { c, csrf } = await withForm();
    const res = await c.post('/auth/login', { csrf, user_id: id, password: u.password });
    assert.equal(res.status, 200, `${id}: ${describe5xx(res)}`);
    assert.ok(res.text.includes(LOGIN_FAILED), id);
    assert.equal(setCookies(res).some((k) => k.name === 'mm_session'), false, id);
  }
});

test('X-Test-Clock-Offset garbage is ignored, no 5xx', async () => {
  const c = new Client();
  for (const v of ['abc', '99999999999999999999', '-99999999999', '1e9', '', ' 5', '0x10', '--1']) {
    const res = await c.get('/auth/login', { headers: { 'x-test-clock-offset': v } });
    assert.equal(res.status, 200, `${JSON.stringify(v)}: ${describe5xx(res)}`);
  }
});

test('the stack still serves after all of this', async () => {
  const c = new Client();
  const res = await c.get('/auth/login');
  assert.equal(res.status, 200);
  assert.match(res.text, /name="csrf"/);
});
