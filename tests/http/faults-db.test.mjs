// MariaDB stopped under load (§12): a private stack's server gets SIGTERM
// while clients keep asking for pages, logging in and opening cases, and is
// started again on the same data dir. While it is down every answer is 503
// with Retry-After or a page that needs no database; a few seconds after it
// is back every answer is a success again, sessions included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { csrfOf } from '../lib/http.mjs';
import { startMariadb } from '../lib/mariadb.mjs';
import { demoLogin, staffLogin, privateStack } from '../lib/stack.mjs';

/** A loop of requests; each answer is recorded with its times. */
async function reader(client, paths, log, load) {
  for (let i = 0; !load.stop; i++) {
    const p = paths[i % paths.length];
    const sentAt = Date.now();
    let res;
    if (p === 'login') {
      // a browser without a session each time
      const fresh = new client.constructor(client.base);
      const form = await fresh.get('/auth/login');
      log.push({ path: 'GET /auth/login', sentAt, doneAt: Date.now(), status: form.status, retryAfter: form.headers.get('retry-after'), text: form.text });
      if (form.status !== 200) continue;
      const t = Date.now();
      res = await fresh.post('/auth/login', { csrf: csrfOf(form.text), user_id: 'user-b@example.com', password: 'Demo#Mimamori26' });
      log.push({ path: 'POST /auth/login', sentAt: t, doneAt: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'), text: res.text, location: res.headers.get('location') });
      continue;
    }
    res = await client.get(p);
    log.push({ path: `GET ${p}`, sentAt, doneAt: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'), text: res.text, location: res.headers.get('location') });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('MariaDB stopped and started under load: 503 with Retry-After while down, success soon after', { timeout: 300000 }, async (t) => {
  const st = await privateStack({ programs: ['auth', 'cases', 'points'] });
  try {
    const customer = await demoLogin(st, 'admin-a@example.com');
    const analyst = await staffLogin(st);
    const log = [];
    const load = { stop: false };
    const loops = Promise.all([
      reader(customer, ['/cases/', '/', '/points/', '/cases/new'], log, load),
      reader(analyst, ['/staff/cases/', '/staff/points/N200000001'], log, load),
      reader(st.client(), ['login'], log, load),
      reader(customer, ['/auth/login', '/cases/'], log, load),
    ]);
    try {
      await until(() => log.length >= 20, 60000, 'load before the stop');
      const tStop = Date.now();
      const r = await st.db.stop();
      const tDown = Date.now();
      assert.equal(r.signal, null, 'mariadbd shut down on SIGTERM');
      await until(() => log.filter((e) => e.sentAt > tDown).length >= 30, 60000, 'answers while down');
      const tStart = Date.now();
      st.db = await startMariadb(st.dir, { install: false });
      const tUp = Date.now();
      // Wait for enough answers after the restart, including a login: the login
      // loop is the slowest (argon2), so a fixed count alone may hold none.
      await until(() => {
        const later = log.filter((e) => e.sentAt > tUp + 5000);
        return later.length >= 30 && later.some((e) => e.path === 'POST /auth/login');
      }, 90000, 'answers after the restart');
      load.stop = true;
      await loops;

      const bad = log.filter((e) => e.status >= 500 && !(e.status === 503 && /^[1-9]\d*$/.test(e.retryAfter || '')));
      assert.deepEqual(bad.map((e) => `${e.path} ${e.status} ${e.text.slice(0, 200)}`), [], 'every 5xx is a 503 with Retry-After');
      const down = log.filter((e) => e.sentAt > tDown && e.doneAt <= tStart);
      t.diagnostic(`${log.length} answers; stop took ${tDown - tStop} ms, start ${tUp - tStart} ms; ${down.length} while down`);
      assert.ok(down.length >= 30, `${down.length} answers while down`);
      for (const e of down) {
        assert.ok(e.status === 503 || (e.status === 200 && e.path === 'GET /auth/login'),
          `while down: ${e.path} ${e.status} ${e.location || ''}`);
        if (e.status === 503) assert.match(e.text, /<html lang="ja">/, 'the error page in the user\'s language');
      }
      assert.ok(down.some((e) => e.status === 503), 'pages that need the database answered 503');
      // a few seconds after the restart, everything succeeds again
      const after = log.filter((e) => e.sentAt > tUp + 5000);
      assert.deepEqual(after.filter((e) => e.status >= 400).map((e) => `${e.path} ${e.status}`), [], 'all answers succeed after the restart');
      assert.ok(after.some((e) => e.path === 'GET /cases/' && e.status === 200), 'the session outlived the restart');
      assert.ok(after.some((e) => e.path === 'POST /auth/login' && e.status === 303 && e.location === '/'),
        `logins work again: ${JSON.stringify(after.filter((e) => e.path === 'POST /auth/login').map((e) => [e.status, e.location]))}`);
      // before the stop everything succeeded too
      assert.deepEqual(log.filter((e) => e.doneAt < tStop && e.status >= 400).map((e) => `${e.path} ${e.status}`), []);
    } finally {
      load.stop = true;
      await loops.catch(() => {});
    }
  } finally {
    const exits = await st.stop();
    for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
  }
});
