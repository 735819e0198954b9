// The database backoff of the daemons (mm_daemon_backoff): a notifier or a
// scheduler that cannot reach MariaDB says so once and keeps retrying until
// it is stopped (exit 0); with --once it reports the database error and
// exits 1. Each daemon runs here with the stack's configuration pointed at
// a socket that does not exist.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG, ADMIN } from '../lib/http.mjs';
import { until } from '../lib/poll.mjs';

let WORK;
let NO_DB_CONFIG;

before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-backoff-'));
  NO_DB_CONFIG = path.join(WORK, 'mimamori.hdf');
  fs.writeFileSync(NO_DB_CONFIG, `${fs.readFileSync(CONFIG, 'utf8')}\nDb.Socket = ${path.join(WORK, 'no-such.sock')}\nDb.Host = localhost\nScheduler.PollMs = 20\nNotifier.PollMs = 20\n`);
});

after(() => {
  if (WORK) fs.rmSync(WORK, { recursive: true, force: true });
});

const daemon = (name) => path.join(path.dirname(ADMIN), `mimamori-${name}`);

function runOnce(name) {
  return new Promise((resolve) => {
    execFile(daemon(name), ['--config', NO_DB_CONFIG, '--once'], { timeout: 60000 },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stderr }));
  });
}

for (const name of ['notifier', 'scheduler']) {
  test(`${name} --once without a database: the error, exit 1`, async () => {
    const { code, stderr } = await runOnce(name);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /database error -?\d+/);
    assert.doesNotMatch(stderr, /retrying/);
  });

  test(`${name} without a database: one warning, retries until stopped, exit 0`, async () => {
    const child = spawn(daemon(name), ['--config', NO_DB_CONFIG], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      await until(`${name} reporting the database trouble`, () => /database unavailable or failing/.test(stderr), 30000);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    assert.equal(signal, null, stderr);
    assert.equal(code, 0, stderr);
    assert.equal((stderr.match(/database unavailable or failing/g) || []).length, 1, stderr);
    assert.doesNotMatch(stderr, /reachable again/);
    assert.match(stderr, /stopped \(signal\)/);
  });
}
