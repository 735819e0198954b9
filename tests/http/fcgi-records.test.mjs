// A page as the programs send it to nginx, read record by record over
// FastCGI (no nginx, no cgi-fcgi in between): the response is written with
// its closing records in one call (fcgi/core/mm_response.c), so these check
// the framing itself: every record of request 1, stdout records padded to a
// multiple of 8, bodies larger than one record (65,535 bytes) split across
// several, one empty stdout record, then FCGI_END_REQUEST (complete, status
// 0) as the last record; Content-Length is the body's length; HEAD has no
// body; and the worker takes the next request on a new connection.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { makeTemp, rmTemp, startProgram } from '../lib/fcgi.mjs';
import { createCase } from '../lib/attach.mjs';
import { Client, createUser, dbRows, sqlString, TENANT_A } from '../lib/http.mjs';

let dir;
let cases;
let dashboard;

before(async () => {
  dir = makeTemp('mm-records-');
  cases = await startProgram('cases', { dir });
  dashboard = await startProgram('dashboard', { dir });
});

after(async () => {
  const results = [];
  if (cases) results.push(['cases', await cases.stop()]);
  if (dashboard) results.push(['dashboard', await dashboard.stop()]);
  rmTemp(dir);
  for (const [name, r] of results) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
});

function nameValue(name, value) {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const len = (x) => (x.length < 128 ? Buffer.from([x.length])
    : Buffer.from([0x80 | (x.length >>> 24), (x.length >>> 16) & 0xff, (x.length >>> 8) & 0xff, x.length & 0xff]));
  return Buffer.concat([len(n), len(v), n, v]);
}

function record(type, content) {
  const pad = (8 - (content.length % 8)) % 8;
  const h = Buffer.from([1, type, 0, 1, content.length >> 8, content.length & 0xff, pad, 0]);
  return Buffer.concat([h, content, Buffer.alloc(pad)]);
}

/** One request (id 1) on a fresh connection; resolves with the records as sent. */
function rawRequest(socket, params) {
  const env = { REQUEST_METHOD: 'GET', QUERY_STRING: '', SERVER_PROTOCOL: 'HTTP/1.1', GATEWAY_INTERFACE: 'CGI/1.1', REMOTE_ADDR: '127.0.0.1', ...params };
  const begin = record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]));	// responder, no keep-alive
  const paramBytes = Buffer.concat(Object.entries(env).map(([k, v]) => nameValue(k, String(v))));
  const out = Buffer.concat([begin, record(4, paramBytes), record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0))]);
  return new Promise((resolve, reject) => {
    const chunks = [];
    const c = net.createConnection(socket, () => c.write(out));
    c.setTimeout(15000, () => { c.destroy(); reject(new Error('no answer in 15 s')); });
    c.on('data', (d) => chunks.push(d));
    c.on('error', reject);
    c.on('close', () => resolve(parseRecords(Buffer.concat(chunks))));
  });
}

function parseRecords(buf) {
  const records = [];
  let at = 0;
  while (at < buf.length) {
    assert.ok(buf.length - at >= 8, `a whole record header at byte ${at}`);
    const [version, type, id1, id0, len1, len0, padding] = buf.subarray(at, at + 7);
    const length = (len1 << 8) | len0;
    assert.ok(buf.length >= at + 8 + length + padding, `record at byte ${at} complete`);
    records.push({ version, type, id: (id1 << 8) | id0, length, padding, content: buf.subarray(at + 8, at + 8 + length) });
    at += 8 + length + padding;
  }
  return records;
}

/** Checks the framing; returns { status, headers, body } of the stdout stream. */
function response(records, what) {
  assert.ok(records.length >= 3, `${what}: stdout, its end and END_REQUEST (${records.length} records)`);
  for (const r of records) {
    assert.equal(r.version, 1, `${what}: FastCGI version 1`);
    assert.equal(r.id, 1, `${what}: request id 1`);
    assert.ok(r.type === 6 || r.type === 3, `${what}: only stdout and END_REQUEST records (type ${r.type})`);
    assert.equal((r.length + r.padding) % 8, 0, `${what}: record padded to 8 bytes`);
  }
  const end = records.at(-1);
  assert.equal(end.type, 3, `${what}: FCGI_END_REQUEST last`);
  assert.equal(end.length, 8);
  assert.equal(end.content.readUInt32BE(0), 0, `${what}: application status 0`);
  assert.equal(end.content[4], 0, `${what}: FCGI_REQUEST_COMPLETE`);
  assert.equal(records.filter((r) => r.type === 3).length, 1, `${what}: one END_REQUEST`);
  const stdout = records.slice(0, -1);
  assert.equal(stdout.at(-1).length, 0, `${what}: the empty stdout record ends the stream`);
  assert.equal(stdout.filter((r) => r.length === 0).length, 1, `${what}: one empty stdout record`);
  const bytes = Buffer.concat(stdout.map((r) => r.content));
  const split = bytes.indexOf('\r\n\r\n');
  assert.ok(split > 0, `${what}: headers end`);
  const headers = new Map(bytes.subarray(0, split).toString('latin1').split('\r\n').map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
  }));
  return { status: Number(headers.get('status').split(' ')[0]), headers, body: bytes.subarray(split + 4), stdout };
}

async function sessionOf(user) {
  const c = new Client();
  await c.loginOk(user);
  return c.jar.get('mm_session');
}

test('home page: one response framed whole, Content-Length its body, HEAD without body', async () => {
  const user = createUser({ tenant: TENANT_A.no, role: 'customer_admin' });
  const cookie = `mm_session=${await sessionOf(user)}`;
  const get = response(await rawRequest(dashboard.socket, { DOCUMENT_URI: '/', REQUEST_URI: '/', HTTP_COOKIE: cookie }), 'GET /');
  assert.equal(get.status, 200);
  assert.equal(Number(get.headers.get('content-length')), get.body.length, 'Content-Length is the body');
  assert.match(get.body.toString('utf8'), /<\/html>\s*$/, 'the page ends');
  assert.ok(get.headers.get('content-security-policy'), 'security headers in the same response');

  const head = response(await rawRequest(dashboard.socket, { REQUEST_METHOD: 'HEAD', DOCUMENT_URI: '/', REQUEST_URI: '/', HTTP_COOKIE: cookie }), 'HEAD /');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0, 'HEAD: no body');
  assert.ok(Number(head.headers.get('content-length')) > 1000, 'HEAD: the length of the page');

  // redirects and error pages go the same way
  const anon = response(await rawRequest(dashboard.socket, { DOCUMENT_URI: '/', REQUEST_URI: '/' }), 'anonymous GET /');
  assert.equal(anon.status, 303);
  assert.equal(Number(anon.headers.get('content-length')), 0);
  const missing = response(await rawRequest(dashboard.socket, { DOCUMENT_URI: '/no/such/page', REQUEST_URI: '/no/such/page', HTTP_COOKIE: cookie }), '404');
  assert.equal(missing.status, 404);
  assert.equal(Number(missing.headers.get('content-length')), missing.body.length);
});

test('a page larger than one record arrives in several, whole and in order', async () => {
  const user = createUser({ tenant: TENANT_A.no, role: 'customer_admin' });
  const kase = createCase(TENANT_A.no, user.id, { subject: '大きなページ' });
  // two comments of 21,500 characters (64,500 bytes each): a body of more than two records
  for (const mark of ['一', '二']) {
    const text = `始まり${mark}` + 'あいうえお'.repeat(4300) + `終わり${mark}`;
    dbRows(`INSERT INTO case_activity (case_id, tenant_id, author_user_id, kind, body, created_at)
      SELECT ${kase.id}, tenant_id, ${Number(user.id)}, 'comment', ${sqlString(text)}, UTC_TIMESTAMP()
      FROM cases WHERE id = ${kase.id}`);
  }
  const cookie = `mm_session=${await sessionOf(user)}`;
  const uri = `/cases/${kase.no}`;
  const page = response(await rawRequest(cases.socket, { DOCUMENT_URI: uri, REQUEST_URI: uri, HTTP_COOKIE: cookie }), `GET ${uri}`);
  assert.equal(page.status, 200, page.body.subarray(0, 300).toString());
  assert.ok(page.body.length > 2 * 65535, `a body of ${page.body.length} bytes`);
  assert.ok(page.stdout.filter((r) => r.length > 0).length >= 3, 'split into several stdout records');
  assert.ok(page.stdout.every((r) => r.length <= 65535), 'no record over the limit');
  assert.equal(Number(page.headers.get('content-length')), page.body.length, 'Content-Length is the body');
  const text = page.body.toString('utf8');
  for (const mark of ['一', '二']) {
    const start = text.indexOf(`始まり${mark}`);
    const end = text.indexOf(`終わり${mark}`);
    assert.ok(start >= 0 && end > start, `comment ${mark} whole`);
    assert.equal(text.slice(start, end).length, 3 + 1 + 5 * 4300, `comment ${mark}: nothing lost or doubled`);
  }
  assert.match(text, /<\/html>\s*$/, 'the page ends');

  // the same page through nginx
  const c = new Client();
  c.jar.set('mm_session', cookie.split('=')[1]);
  const viaNginx = await c.get(uri);
  assert.equal(viaNginx.status, 200);
  assert.equal(Buffer.byteLength(viaNginx.text), page.body.length, 'the same length through nginx');
});
