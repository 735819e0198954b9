// GET /healthz for load balancers: 200 "ok" while the database answers,
// 503 with Retry-After (and no details) when it is gone or hung; never a
// session, a cookie or a log line per request. The database cases run on a
// private program instance and a private MariaDB, so the shared stack's
// server is never disturbed.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, VAR_DIR } from '../lib/http.mjs';
import { makeTemp, rmTemp, configWithDbSocket, startProgram, fcgiRequest } from '../lib/fcgi.mjs';
import { startMariadb, createAppDatabase, configWith } from '../lib/mariadb.mjs';

function assertPlain(headers, what) {
  assert.match(headers.get('content-type') || '', /^text\/plain; charset=utf-8$/i, `${what}: text`);
  assert.equal(headers.get('cache-control'), 'no-store', `${what}: no-store`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(headers.get('set-cookie'), null, `${what}: no cookie`);
}

/** The fcgiRequest response's headers in a Headers-like shape. */
function fcgiHeaders(res) {
  return { get: (name) => res.header(name) ?? null };
}

function assertUnavailable(res, what) {
  assert.equal(res.status, 503, `${what}: ${res.raw ? res.raw.slice(0, 300) : ''}`);
  assert.equal(res.header('retry-after'), '5', `${what}: Retry-After`);
  assert.equal(res.body, 'unavailable\n', `${what}: no details`);
  assertPlain(fcgiHeaders(res), what);
}

test('GET /healthz through nginx: 200 ok, no cookies, no session, no log line', async () => {
  const marker = `healthz-${process.pid}-${Date.now()}`;
  const res = await fetch(`${BASE}/healthz`, { headers: { 'User-Agent': marker }, redirect: 'manual' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok\n');
  assertPlain(res.headers, 'GET');
  // a session cookie changes nothing: the check never looks at it
  const withCookie = await fetch(`${BASE}/healthz`, { headers: { Cookie: `mm_session=${'Q'.repeat(43)}` } });
  assert.equal(withCookie.status, 200);
  assert.equal(withCookie.headers.get('set-cookie'), null);
  await withCookie.text();
  const head = await fetch(`${BASE}/healthz`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  const post = await fetch(`${BASE}/healthz`, { method: 'POST', body: 'x=1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  await post.text();
  // neither nginx's access log nor the program's log records the checks
  if (VAR_DIR) {
    for (const name of ['nginx-access.log', 'auth.log']) {
      const file = path.join(VAR_DIR, 'log', name);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.equal(text.includes(marker), false, `${name} has no line for the check`);
      assert.equal(/\/healthz/.test(text), false, `${name} has no /healthz line`);
    }
  }
});

test('/healthz with no database server: 503, Retry-After, no details', async () => {
  const dir = makeTemp('mm-healthz-none-');
  try {
    const config = configWithDbSocket(dir, path.join(dir, 'no-such-db.sock'));
    const prog = await startProgram('auth', { config, dir });
    try {
      assertUnavailable(fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' }), 'first check');
      assertUnavailable(fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' }), 'second check');
      // the same program serves its pages meanwhile: the check is no route of theirs
      assert.equal(fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login' }).status, 200);
    } finally {
      const r = await prog.stop('SIGTERM');
      assert.deepEqual(r, { code: 0, signal: null }, prog.log());
    }
    assert.equal(/healthz/.test(prog.log()), false, 'no log line per check');
  } finally {
    rmTemp(dir);
  }
});

test('/healthz follows a private MariaDB: up 200, hung 503 within the timeouts, gone 503', { timeout: 120000 }, async () => {
  const dir = makeTemp('mm-healthz-db-');
  let db;
  let prog;
  try {
    db = await startMariadb(dir);
    const password = createAppDatabase(db, dir);
    const config = configWith(dir, 'healthz.hdf', {
      'Db.Socket': db.socket, 'Db.Host': '', 'Db.Password': password,
      'Db.ConnectTimeout': 1, 'Db.ReadTimeout': 1, 'Db.WriteTimeout': 1,
    });
    prog = await startProgram('auth', { config, dir });
    const ok = fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' });
    assert.equal(ok.status, 200, ok.raw);
    assert.equal(ok.body, 'ok\n');
    // a server that stops answering (SIGSTOP) is caught by the timeouts
    db.proc.kill('SIGSTOP');
    const t0 = Date.now();
    const hung = fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' });
    const took = Date.now() - t0;
    db.proc.kill('SIGCONT');
    assertUnavailable(hung, 'hung server');
    assert.ok(took < 8000, `answered in ${took} ms`);
    const back = fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' });
    assert.equal(back.status, 200, 'healthy again once the server answers');
    await db.stop();
    assertUnavailable(fcgiRequest(prog.socket, { DOCUMENT_URI: '/healthz' }), 'server stopped');
  } finally {
    if (prog) {
      const r = await prog.stop('SIGTERM');
      assert.deepEqual(r, { code: 0, signal: null }, prog.log());
    }
    if (db) await db.stop();
    rmTemp(dir);
  }
});
