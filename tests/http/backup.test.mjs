// Backup and restore (tools/mimamori-backup) under write load: a private
// stack takes cases with comments and attachments, logins and point credits
// from this test while a backup runs; the backup is restored into a fresh
// var dir and a MariaDB server started on it. Everything answered before the
// backup started is there (attachments with their SHA-256), nothing sent
// after it ended is, every attachment row has its file, and the login
// history chain verifies.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN } from '../lib/http.mjs';
import { makeTemp, rmTemp } from '../lib/fcgi.mjs';
import { configWith, startMariadb } from '../lib/mariadb.mjs';
import { demoLogin, privateStack, rowsOf, staffLogin } from '../lib/stack.mjs';
import { BACKUP_TOOL, caseLoad, loginLoad, pointsLoad, sha256Hex } from '../lib/load.mjs';

test('a backup taken under write load restores everything committed before it, nothing after', { timeout: 600000 }, async (t) => {
  const st = await privateStack({ programs: ['auth', 'cases', 'points'] });
  const backups = makeTemp('mm-backups-');
  const restored = makeTemp('mm-restored-');
  let db2 = null;
  try {
    const customer = await demoLogin(st, 'admin-a@example.com');
    const analyst = await staffLogin(st);
    const ops = [];
    const load = { stop: false };
    const tasks = [
      caseLoad(st, customer, ops, load, 'c1'),
      caseLoad(st, await demoLogin(st, 'user-a@example.com'), ops, load, 'c2'),
      loginLoad(st, 'user-b@example.com', ops, load),
      pointsLoad(st, analyst, 'N200000001', ops, load),
    ];
    const settled = Promise.all(tasks);
    try {
      // some of every kind done before the backup starts
      await until(() => ['case', 'comment', 'login', 'points'].every((k) => ops.some((o) => o.kind === k && o.doneAt)), 60000,
        () => JSON.stringify(ops.filter((o) => o.error).slice(0, 5)));
      const tStart = Date.now();
      const backup = spawn(BACKUP_TOOL, ['backup', '--config', st.config, '--to', backups], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      backup.stdout.on('data', (d) => { out += d; });
      backup.stderr.on('data', (d) => { err += d; });
      const code = await new Promise((resolve) => backup.on('exit', resolve));
      const tEnd = Date.now();
      assert.equal(code, 0, `mimamori-backup backup: ${err}`);
      // load goes on for a while after the backup, then stops
      const after = ops.length;
      await until(() => ops.filter((o, i) => i >= after && o.doneAt).length >= 6, 60000, () => 'load after the backup');
      load.stop = true;
      await settled;

      const during = ops.filter((o) => o.sentAt > tStart && o.doneAt && o.doneAt < tEnd);
      assert.ok(during.length > 0, 'requests were served while the backup ran');
      const failed = ops.filter((o) => o.error);
      assert.deepEqual(failed.map((o) => o.error), [], 'the load itself never failed');

      const bdir = out.trim();
      assert.match(path.basename(bdir), /^mimamori-\d{8}T\d{6}Z$/);
      assert.ok(fs.existsSync(path.join(bdir, 'MANIFEST.sha256')));
      const v = spawnSync(BACKUP_TOOL, ['verify', bdir], { encoding: 'utf8' });
      assert.equal(v.status, 0, `verify: ${v.stderr}`);

      const r = spawnSync(BACKUP_TOOL, ['restore', bdir, '--var', restored], { encoding: 'utf8' });
      assert.equal(r.status, 0, `restore: ${r.stderr}`);
      assert.ok(fs.existsSync(path.join(restored, 'db.initialized')));
      // a second restore into the same (now full) place is refused
      const again = spawnSync(BACKUP_TOOL, ['restore', bdir, '--var', restored], { encoding: 'utf8' });
      assert.equal(again.status, 1);
      assert.match(again.stderr, /not empty/);

      db2 = await startMariadb(restored, { install: false });
      const q = (text) => rowsOf(db2.sql(`USE mimamori;\n${text}`));
      const present = (o) => {
        switch (o.kind) {
          case 'case': return q(`SELECT COUNT(*) FROM cases c JOIN case_search s ON s.case_id = c.id WHERE c.case_no = '${o.key}'`)[0][0] === '1';
          case 'comment': return q(`SELECT COUNT(*) FROM case_activity a JOIN case_attachments t ON t.activity_id = a.id
            WHERE a.body = '${o.key}' AND HEX(t.sha256) = '${o.sha256.toUpperCase()}'`)[0][0] === '1';
          case 'login': return q(`SELECT COUNT(*) FROM auth_events WHERE user_agent = '${o.key}'`)[0][0] === '1';
          case 'points': return q(`SELECT COUNT(*) FROM point_ledger WHERE reason = '${o.key}'`)[0][0] === '1';
          default: throw new Error(o.kind);
        }
      };
      const before = ops.filter((o) => o.doneAt && o.doneAt < tStart);
      const later = ops.filter((o) => o.sentAt > tEnd);
      assert.ok(before.length >= 4 && later.length >= 6, `${before.length} before, ${later.length} after`);
      t.diagnostic(`writes: ${before.length} before the backup, ${during.length} during it (${tEnd - tStart} ms), ${later.length} after`);
      assert.deepEqual(before.filter((o) => !present(o)).map((o) => `${o.kind} ${o.key}`), [], 'committed before the backup: restored');
      assert.deepEqual(later.filter((o) => present(o)).map((o) => `${o.kind} ${o.key}`), [], 'sent after the backup: absent');
      // the source still has them all
      assert.ok(later.every((o) => o.kind !== 'login' || st.sql(`SELECT COUNT(*) FROM auth_events WHERE user_agent = '${o.key}'`)[0][0] === '1'));

      // every attachment row of the restored database has its file, intact
      const rows = q('SELECT store_id, HEX(sha256) FROM case_attachments');
      assert.ok(rows.length >= before.filter((o) => o.kind === 'comment').length);
      for (const [storeId, sha] of rows) {
        const file = path.join(restored, 'attachments', storeId);
        assert.ok(fs.existsSync(file), `stored file of ${storeId}`);
        assert.equal(sha256Hex(fs.readFileSync(file)), sha.toLowerCase(), `SHA-256 of ${storeId}`);
      }
      // no case without its search row, no comment attachment without its comment
      assert.equal(q('SELECT COUNT(*) FROM cases c LEFT JOIN case_search s ON s.case_id = c.id WHERE s.case_id IS NULL')[0][0], '0');
      assert.equal(q(`SELECT COUNT(*) FROM case_attachments t LEFT JOIN case_activity a ON a.id = t.activity_id
        WHERE t.activity_id IS NOT NULL AND a.id IS NULL`)[0][0], '0');

      // the login history chains of the restored copy verify
      const conf = configWith(restored, 'verify.hdf', { 'Db.Socket': db2.socket, 'Db.Host': '', 'Db.Password': st.password });
      const hv = spawnSync(ADMIN, ['--config', conf, 'verify-history'], { encoding: 'utf8' });
      assert.equal(hv.status, 0, `verify-history: ${hv.stdout}${hv.stderr}`);

      // a changed file is found by verify
      const manifest = fs.readFileSync(path.join(bdir, 'MANIFEST.sha256'), 'utf8');
      const att = /^[0-9a-f]{64} {2}(attachments\/[0-9a-f]{32})$/m.exec(manifest);
      assert.ok(att, 'attachments are in the manifest');
      fs.appendFileSync(path.join(bdir, att[1]), 'x');
      const bad = spawnSync(BACKUP_TOOL, ['verify', bdir], { encoding: 'utf8' });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, new RegExp(`changed: ${att[1]}`));
    } finally {
      load.stop = true;
      await settled.catch(() => {});
    }
  } finally {
    if (db2) await db2.stop();
    const exits = await st.stop();
    rmTemp(backups);
    rmTemp(restored);
    for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
  }
});

async function until(cond, ms, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
