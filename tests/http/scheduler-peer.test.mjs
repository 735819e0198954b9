// The nightly participants' average (DASH-4) runs from mimamori-scheduler
// at a fixed Japanese time of day (Scheduler.PeerAggregateAt, 03:30), not a
// day after whenever the scheduler started: after a run it is due at the
// next 03:30, a pass before that time does nothing, one after it runs the
// job once (also from two schedulers at once).
//
// The schedulers here run with a clock-offset file of their own, in 2031:
// the stack's own scheduler (real clock) never finds the job due there.
// The job's 2031 periods hold no counts; their runs are removed again.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG, ADMIN, dbRows, dbConfig } from '../lib/http.mjs';

const run = promisify(execFile);
const SCHEDULER = path.join(path.dirname(ADMIN), 'mimamori-scheduler');
/** Unix time of HH:MM Japanese time on a Japanese date. */
const jst = (y, m, d, hh, mm) => Date.UTC(y, m - 1, d, hh - 9, mm, 0) / 1000;
/** A DATETIME (UTC) as the database prints it. */
const utc = (t) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
let WORK;
let OWN_CONFIG;
let CLOCK_FILE;
let saved;

function job() {
  const rows = dbRows("SELECT DATE_FORMAT(due_at, '%Y-%m-%d %H:%i:%s'), runs FROM scheduled_jobs WHERE name = 'peer-aggregate'");
  return rows.length ? { due: rows[0][0], runs: Number(rows[0][1]) } : null;
}

function forgetFutureRuns() {
  dbRows("DELETE FROM peer_runs WHERE period_from >= '2031-01-01'");
}

async function pass(at, n = 1) {
  fs.writeFileSync(CLOCK_FILE, `${Math.round(at - Date.now() / 1000)}\n`);
  try {
    await Promise.all(Array.from({ length: n }, () => run(SCHEDULER,
      ['--config', OWN_CONFIG, '--once', '--job', 'peer-aggregate'], { timeout: 120000 })));
  } finally {
    forgetFutureRuns();
  }
}

before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-peer-job-'));
  CLOCK_FILE = path.join(WORK, 'clock');
  fs.writeFileSync(CLOCK_FILE, '0\n');
  OWN_CONFIG = path.join(WORK, 'mimamori.hdf');
  fs.writeFileSync(OWN_CONFIG, `${fs.readFileSync(CONFIG, 'utf8')}\nClock.OffsetFile = ${CLOCK_FILE}\nScheduler.PollMs = 20\n`);
  saved = job();
});

after(() => {
  // the stack's own scheduler gets its next real 03:30 back
  if (saved) dbRows(`UPDATE scheduled_jobs SET due_at = '${saved.due}', claimed_by = NULL WHERE name = 'peer-aggregate'`);
  forgetFutureRuns();
  if (WORK) fs.rmSync(WORK, { recursive: true, force: true });
});

test('the participants\' average runs daily at 03:30 Japanese time', async () => {
  // a row whatever the stack's scheduler did so far, overdue on the test
  // clock only (the stack's scheduler must not run it meanwhile)
  const overdue = (t) => dbRows(`UPDATE scheduled_jobs SET due_at = '${utc(t)}', claimed_by = NULL WHERE name = 'peer-aggregate'`);
  dbRows(`INSERT IGNORE INTO scheduled_jobs (name, due_at) VALUES ('peer-aggregate', '${utc(jst(2031, 3, 1, 0, 0))}')`);
  overdue(jst(2031, 3, 1, 0, 0));
  const start = job().runs;

  // overdue, run at 10:00: due again at 03:30 the next morning, not 24 h later
  await pass(jst(2031, 3, 10, 10, 0));
  assert.deepEqual(job(), { due: utc(jst(2031, 3, 11, 3, 30)), runs: start + 1 });

  // one minute early: nothing
  await pass(jst(2031, 3, 11, 3, 29));
  assert.deepEqual(job(), { due: utc(jst(2031, 3, 11, 3, 30)), runs: start + 1 });

  // on time, two schedulers at once: one run, due the next night
  await pass(jst(2031, 3, 11, 3, 31), 2);
  assert.deepEqual(job(), { due: utc(jst(2031, 3, 12, 3, 30)), runs: start + 2 });

  // a scheduler that was down catches up once, then keeps the hour
  await pass(jst(2031, 3, 14, 21, 5));
  assert.deepEqual(job(), { due: utc(jst(2031, 3, 15, 3, 30)), runs: start + 3 });
  // just after midnight the same night's 03:30 is next
  overdue(jst(2031, 3, 15, 0, 0));
  await pass(jst(2031, 3, 15, 0, 10));
  assert.deepEqual(job(), { due: utc(jst(2031, 3, 15, 3, 30)), runs: start + 4 });
});

test('a run the server cannot finish within Scheduler.PeerJobSeconds is stopped on the server too', async () => {
  // The test's own client holds alert_daily for a moment (LOCK TABLES …
  // WRITE), so the job's scan waits. The scheduler waits 2 s for it and the
  // server stops the scan a second before: once the scheduler has given up,
  // nothing of it may still wait or run on the server, where the next try
  // would pile on.
  // This scheduler connects as root, the stack's programs as their own
  // user: a staff recompute of another test file, held up by the same
  // lock meanwhile, is not this run's scan.
  const short = path.join(WORK, 'short.hdf');
  fs.writeFileSync(short, `${fs.readFileSync(OWN_CONFIG, 'utf8')}\nScheduler.PeerJobSeconds = 2\nDb.User = root\nDb.Password =\n`);
  dbRows(`INSERT IGNORE INTO scheduled_jobs (name, due_at) VALUES ('peer-aggregate', '${utc(jst(2031, 4, 1, 0, 0))}')`);
  dbRows(`UPDATE scheduled_jobs SET due_at = '${utc(jst(2031, 4, 1, 0, 0))}', claimed_by = NULL WHERE name = 'peer-aggregate'`);
  const scans = () => Number(dbRows(`SELECT COUNT(*) FROM information_schema.PROCESSLIST
    WHERE USER = 'root' AND INFO LIKE '%FROM alert_daily x JOIN devices d%' AND ID <> CONNECTION_ID()`)[0][0]);
  const locker = spawn('mariadb', ['--no-defaults', `--socket=${dbConfig().socket}`, '-uroot',
    '--batch', '--unbuffered', '--skip-column-names', dbConfig().name], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lockerGone = new Promise((resolve) => locker.on('exit', resolve));
  try {
    const locked = new Promise((resolve, reject) => {
      let out = '';
      locker.stdout.on('data', (d) => { out += d; if (out.includes('locked')) resolve(); });
      locker.on('exit', () => reject(new Error('the locking client ended before its lock')));
    });
    locker.stdin.write("LOCK TABLES alert_daily WRITE; SELECT 'locked';\n");
    await locked;
    fs.writeFileSync(CLOCK_FILE, `${Math.round(jst(2031, 4, 1, 10, 0) - Date.now() / 1000)}\n`);
    const t0 = Date.now();
    const failed = await run(SCHEDULER, ['--config', short, '--once', '--job', 'peer-aggregate'],
      { timeout: 60000 }).then(() => null, (e) => e);
    const took = Date.now() - t0;
    assert.ok(failed, 'the run could not finish while alert_daily was held');
    assert.ok(took < 10000, `the scheduler gave up after ${took} ms`);
    assert.equal(scans(), 0, 'no scan left waiting on the server');
    assert.equal(job().due, utc(jst(2031, 4, 1, 0, 0)), 'still due: the failed run is tried again');
    locker.stdin.end('UNLOCK TABLES;\n');
    await lockerGone;
  } finally {
    locker.kill('SIGKILL');
    forgetFutureRuns();
  }
});
