// kill -9 of workers under load (§12): every program of the stack
// (MM_PROGRAMS in ./mimamori) runs privately with two workers while clients
// read a page of each, open cases with a commented attachment, log in and
// grant points; workers of every program are killed with SIGKILL again and
// again. At most the requests in flight fail (one per killed worker), and
// nothing is half written: no case without its search row, no comment
// without its attachment row or the other way round, no attachment row
// without its whole file, no point credit without its ledger row, no request
// body left behind by nginx.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/nginx.mjs';
import { demoLogin, staffLogin, privateStack } from '../lib/stack.mjs';
import { caseLoad, loginLoad, pointsLoad } from '../lib/load.mjs';

const PROGRAMS = /^MM_PROGRAMS="([^"]*)"/m.exec(fs.readFileSync(path.join(ROOT, 'mimamori'), 'utf8'))[1].split(/\s+/).filter(Boolean);
// a page of each program a customer may read (else /NAME/)
const PAGES = {
  auth: '/auth/login', dashboard: '/', account: '/account/', signup: '/signup/', cases: '/cases/',
  ingest: '/ingest/v1/alerts', points: '/points/', knowledge: '/knowledge/', history: '/history/',
};

function childrenOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return []; }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function reader(client, paths, log, load) {
  for (let i = 0; !load.stop; i++) {
    const p = paths[i % paths.length];
    try {
      const res = await client.get(p);
      log.push({ path: p, status: res.status, text: res.text });
    } catch (e) {
      // a worker killed after nginx sent the headers: nginx can only close
      // the connection; counted as a failed in-flight request
      log.push({ path: p, status: 599, text: String(e) });
    }
  }
}

test('kill -9 of workers of every program under load: only in-flight requests fail, nothing half written', { timeout: 600000 }, async (t) => {
  const st = await privateStack({ programs: PROGRAMS, workers: 2 });
  try {
    const customer = await demoLogin(st, 'admin-a@example.com');
    const analyst = await staffLogin(st);
    const [[periodId, creditedBefore]] = st.sql(`SELECT p.id, p.credited FROM point_periods p JOIN tenants t ON t.id = p.tenant_id
      WHERE t.customer_no = 'N200000001' AND DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) BETWEEN p.starts_on AND p.ends_on`);
    const pages = PROGRAMS.map((n) => PAGES[n] || `/${n}/`);
    const store = path.join(st.dir, 'attachments');
    const storedBefore = new Set(fs.readdirSync(store));
    const log = [];
    const ops = [];
    const load = { stop: false };
    const loops = Promise.all([
      reader(customer, pages, log, load),
      reader(await demoLogin(st, 'user-a@example.com'), [...pages].reverse(), log, load),
      caseLoad(st, customer, ops, load, 'k1'),
      caseLoad(st, await demoLogin(st, 'admin-b@example.com'), ops, load, 'k2'),
      loginLoad(st, 'user-b@example.com', ops, load),
      pointsLoad(st, analyst, 'N200000001', ops, load),
    ]);
    let kills = 0;
    try {
      await until(() => log.length >= pages.length * 2 && ops.some((o) => o.kind === 'comment' && o.doneAt), 60000, 'load');
      for (let round = 0; round < 3; round++) {
        for (const name of ['dashboard', ...PROGRAMS.filter((n) => n !== 'dashboard')]) {
          const master = st.procs[name].proc.pid;
          await until(() => childrenOf(master).length === 2, 30000, `${name} to have its workers again`);
          const workers = childrenOf(master);
          process.kill(workers[round % workers.length], 'SIGKILL');
          kills += 1;
          await sleep(100);
        }
      }
      for (const name of Object.keys(st.procs)) {
        await until(() => childrenOf(st.procs[name].proc.pid).length === 2, 30000, `${name} workers after the kills`);
      }
      const n = log.length;
      await until(() => log.length >= n + pages.length, 60000, 'load after the kills');
    } finally {
      load.stop = true;
      await loops;
    }
    const all = [...log, ...ops.filter((o) => o.status !== undefined)];
    const failed = all.filter((e) => e.status >= 500);
    t.diagnostic(`${all.length} answers, ${kills} kills, ${failed.length} 5xx`);
    assert.ok(failed.length <= kills, `at most one failed request per killed worker: ${failed.length} > ${kills}`);
    assert.deepEqual(ops.filter((o) => o.error && !(o.status >= 500)).map((o) => o.error), [], 'no other failure');
    assert.deepEqual(log.filter((e) => e.status >= 400 && e.status < 500 && e.path !== '/ingest/v1/alerts').map((e) => `${e.path} ${e.status}`), []);

    // every accepted write is there, whole
    for (const o of ops.filter((x) => x.doneAt)) {
      if (o.kind === 'comment') {
        assert.equal(st.sql(`SELECT COUNT(*) FROM case_activity a JOIN case_attachments t ON t.activity_id = a.id
          WHERE a.body = '${o.key}' AND HEX(t.sha256) = '${o.sha256.toUpperCase()}'`)[0][0], '1', o.key);
      } else if (o.kind === 'points') {
        assert.equal(st.sql(`SELECT COUNT(*) FROM point_ledger WHERE reason = '${o.key}'`)[0][0], '1', o.key);
      }
    }
    assert.equal(st.sql('SELECT COUNT(*) FROM cases c LEFT JOIN case_search s ON s.case_id = c.id WHERE s.case_id IS NULL')[0][0], '0', 'no case without its search row');
    assert.equal(st.sql(`SELECT COUNT(*) FROM case_activity a LEFT JOIN case_attachments t ON t.activity_id = a.id
      WHERE a.body LIKE 'ld-comment-%' AND t.id IS NULL`)[0][0], '0', 'no load comment without its attachment');
    const [[credited, ledger]] = st.sql(`SELECT p.credited, (SELECT COALESCE(SUM(points), 0) FROM point_ledger
      WHERE period_id = p.id AND kind = 'credit' AND reason LIKE 'ld-points-%') FROM point_periods p WHERE p.id = ${periodId}`);
    assert.equal(Number(credited) - Number(creditedBefore), Number(ledger), 'the period\'s credit matches its ledger rows');
    const rows = st.sql('SELECT store_id, HEX(sha256), size_bytes FROM case_attachments');
    const known = new Set(rows.map((r) => r[0]));
    for (const [id, sha, size] of rows) {
      const data = fs.readFileSync(path.join(store, id));
      assert.equal(data.length, Number(size), `size of ${id}`);
      assert.equal(createHash('sha256').update(data).digest('hex').toUpperCase(), sha, `SHA-256 of ${id}`);
    }
    // a worker killed between naming its file and committing the row leaves
    // a whole file without a row, for sweep-attachments; never a partial one
    const orphans = fs.readdirSync(store).filter((f) => !known.has(f) && !storedBefore.has(f));
    assert.ok(orphans.length <= 3, `new files without a row: ${orphans.length}`);
    const bodies = path.join(st.dir, 'nginx', 'client_body');
    await until(() => !fs.existsSync(bodies) || fs.readdirSync(bodies).length === 0, 10000, 'nginx to remove the request bodies');
  } finally {
    const exits = await st.stop();
    for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
  }
});
