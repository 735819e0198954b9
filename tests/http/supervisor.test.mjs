// The supervisor of a program keeps its worker slots filled: when fork()
// fails (here: the user's process limit, RLIMIT_NPROC, is reached), the slot
// is filled again later instead of staying empty for good.
//
// A private dashboard instance runs as an otherwise unused user id with a
// process limit of 3, while another process of that user (a sleep) takes one
// place: the supervisor and one worker fit, the second worker does not. Once
// the sleep ends, the second worker must appear. (Raising the limit from
// outside would need CAP_SYS_RESOURCE, which containers often lack.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeTemp, rmTemp, programPath } from '../lib/fcgi.mjs';
import { ROOT } from '../lib/nginx.mjs';
import { until } from '../lib/poll.mjs';

// no account has it: the process limit counts this test's processes only
const UID = 61999;



/** Pids of the processes whose parent is pid. */
function childrenOf(pid) {
  const kids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
    // pid (comm) state ppid ...: comm may hold spaces, so split after ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) kids.push(Number(name));
  }
  return kids;
}

const root = process.getuid && process.getuid() === 0;

test('a worker that cannot be forked is started later, once the system allows it', { skip: !root && 'needs root (setpriv)' }, async () => {
  const dir = makeTemp('mm-supervisor-');
  fs.chmodSync(dir, 0o777);
  // a configuration of its own: the stack's secrets file is not readable by
  // this user, and no database is needed to start
  const config = path.join(dir, 'mm.hdf');
  fs.writeFileSync(config, [
    `Paths.Templates = ${path.join(ROOT, 'templates')}`,
    `Db.Socket = ${path.join(dir, 'no-database.sock')}`,
    `Secrets.Key = ${randomBytes(32).toString('hex')}`,
    `Secrets.DataKey = ${randomBytes(32).toString('hex')}`,
    '',
  ].join('\n'));
  fs.chmodSync(config, 0o644);
  const socket = path.join(dir, 'dashboard.sock');
  const logFile = path.join(dir, 'dashboard.log');
  const logFd = fs.openSync(logFile, 'a');
  const log = () => fs.readFileSync(logFile, 'utf8');
  const asUser = ['setpriv', `--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', '--'];
  const placeholder = spawn(asUser[0], [...asUser.slice(1), 'sleep', '600'], { stdio: 'ignore' });
  const placeholderGone = new Promise((resolve) => placeholder.on('exit', resolve));
  const placeholderReady = () => {
    try {
      const status = fs.readFileSync(`/proc/${placeholder.pid}/status`, 'utf8');
      return /^Name:\s+sleep$/m.test(status) && new RegExp(`^Uid:\\s+${UID}\\s`, 'm').test(status);
    } catch { return false; }
  };
  try {
    await until('the placeholder to run as the test user', placeholderReady);
  } catch (e) {
    placeholder.kill('SIGTERM');
    throw e;
  }
  // sleep + supervisor + 1 worker = 3 processes of UID: the second fork fails
  const proc = spawn('prlimit', ['--nproc=3:3', '--', ...asUser,
    programPath('dashboard'), '--config', config, '--socket', socket, '--workers', '2'], {
    stdio: ['ignore', logFd, logFd],
    // sanitizer reports would go to the test's log dir, which this user
    // cannot write; the leak check at exit needs a thread the process limit
    // may not allow (leaks are the other tests' business)
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' },
  });
  fs.closeSync(logFd);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  exited.then((r) => { gone = r; });
  try {
    await until('the failed start of the second worker', () => {
      if (gone) throw new Error(`the program ended: ${JSON.stringify(gone)}\n${log()}`);
      return /cannot start a worker: Resource temporarily unavailable/.test(log());
    });
    assert.equal(childrenOf(proc.pid).length, 1, 'one worker runs, one slot is empty');
    assert.ok(fs.existsSync(socket), 'the program serves with the worker it has');

    placeholder.kill('SIGTERM');
    await placeholderGone;
    await until('the second worker', () => childrenOf(proc.pid).length === 2);
    assert.equal(gone, null, 'the supervisor is still running');
  } finally {
    placeholder.kill('SIGTERM');
    if (!gone) proc.kill('SIGTERM');
    const timer = setTimeout(() => { if (!gone) proc.kill('SIGKILL'); }, 10000);
    const r = await exited;
    clearTimeout(timer);
    const text = log();
    rmTemp(dir);
    assert.deepEqual(r, { code: 0, signal: null }, `dashboard exit\n${text}`);
  }
});
