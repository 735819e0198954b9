// Database unreachable (§12): 503 with Retry-After, never a crash.
// The shared MariaDB is left alone: an extra program instance gets a copy of
// the configuration whose Db.Socket points nowhere, on its own socket, and
// is spoken to directly over FastCGI (cgi-fcgi).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTemp, rmTemp, configWithDbSocket, startProgram, fcgiRequest } from '../lib/fcgi.mjs';
import { hiddenValue } from '../lib/http.mjs';

const SESSION = 'mm_session=' + 'Q'.repeat(43);

function assert503(res, what) {
  assert.equal(res.status, 503, `${what}: ${res.raw.slice(0, 300)}`);
  const ra = res.header('retry-after');
  assert.match(ra || '', /^[1-9]\d*$/, `${what}: Retry-After`);
  assert.ok(Number(ra) <= 600, `${what}: Retry-After ${ra} s is short`);
  assert.match(res.header('content-type') || '', /^text\/html; charset=utf-8$/i, `${what}: HTML page`);
  assert.match(res.body, /<html lang="(ja|en)">/, `${what}: error page`);
  assert.ok(res.header('content-security-policy'), `${what}: CSP`);
  assert.equal(res.header('cache-control'), 'no-store', `${what}: no-store`);
}

for (const program of ['dashboard', 'auth']) {
  test(`${program}: DB down → 503 with Retry-After; SIGTERM → exit 0, socket removed`, async () => {
    const dir = makeTemp(`mm-dbdown-${program}-`);
    try {
      const config = configWithDbSocket(dir, path.join(dir, 'no-such-db.sock'));
      const prog = await startProgram(program, { config, dir });
      let stopped = false;
      try {
        if (program === 'dashboard') {
          // A request with a session cookie needs the database.
          const res = fcgiRequest(prog.socket, { DOCUMENT_URI: '/', HTTP_COOKIE: SESSION });
          assert503(res, 'GET / with a session');
          // Twice: the program survives the first failure and answers again.
          assert503(fcgiRequest(prog.socket, { DOCUMENT_URI: '/', HTTP_COOKIE: SESSION }), 'GET / again');
        } else {
          // The login form itself needs no database; submitting it does.
          const form = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login' });
          assert.equal(form.status, 200, 'the login form is served without the database');
          const csrf = hiddenValue(form.body, 'csrf');
          const pre = (form.header('set-cookie') || '').split(';')[0];
          assert.ok(csrf && pre.startsWith('mm_pre='), 'form has a token and a cookie');
          const body = `csrf=${encodeURIComponent(csrf)}&user_id=someone%40t.example&password=Kx7%23mPq2%21vLz9w`;
          const res = fcgiRequest(prog.socket, {
            REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', HTTP_COOKIE: pre,
            CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)),
          }, body);
          assert503(res, 'POST /auth/login');
          assert503(fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/logout', HTTP_COOKIE: SESSION }), 'GET /auth/logout with a session');
        }
        const r = await prog.stop('SIGTERM');
        stopped = true;
        assert.deepEqual(r, { code: 0, signal: null }, `exit status; log:\n${prog.log()}`);
        assert.equal(fs.existsSync(prog.socket), false, 'socket removed on exit');
      } finally {
        if (!stopped) await prog.stop('SIGKILL');
      }
    } finally {
      rmTemp(dir);
    }
  });
}
