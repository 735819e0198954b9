// The database misbehaving (§12, X-6): a hung server, a write whose answer
// never came, TLS to a remote server. Each test runs a program against a
// throwaway mariadbd of its own (tests/lib/mariadb.mjs): stopping or locking
// the shared stack's server would break the test files running beside it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { makeTemp, rmTemp, startProgram, fcgiRequest } from '../lib/fcgi.mjs';
import { hiddenValue, ADMIN, PASSWORD } from '../lib/http.mjs';
import {
  startMariadb, createAppDatabase, configWith, makeCertificates, makeServerCertificate, waitFor,
} from '../lib/mariadb.mjs';

const dir = makeTemp('mm-dbserver-');
const certs = makeServerCertificate(dir, makeCertificates(dir, 'ca'));
const otherCa = makeCertificates(dir, 'other-ca');
let db;
let password;

test.before(async () => {
  db = await startMariadb(dir, { tls: certs });
  password = createAppDatabase(db, dir);
  // over TCP only TLS is accepted: a plain connection cannot pass for one
  db.sql("ALTER USER 'mimamori'@'127.0.0.1' REQUIRE SSL");
});

test.after(async () => {
  if (db) await db.stop();
  rmTemp(dir);
});

let configs = 0;
function config(keys) {
  configs += 1;
  return configWith(dir, `c${configs}.hdf`, { 'Db.Socket': db.socket, 'Db.Host': '', 'Db.Password': password, ...keys });
}

async function withAuth(keys, fn) {
  const prog = await startProgram('auth', { config: config(keys), dir });
  try {
    await fn(prog);
  } finally {
    await prog.stop('SIGTERM');
  }
}

// A login attempt with a wrong password: reads users, counts a failure for a
// known user ID, writes auth_events.
function attemptLogin(prog, login, password = 'Wrong#Pass1234') {
  const form = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login' });
  assert.equal(form.status, 200, 'the login form needs no database');
  const pre = (form.header('set-cookie') || '').split(';')[0];
  const body = `csrf=${encodeURIComponent(hiddenValue(form.body, 'csrf'))}`
    + `&user_id=${encodeURIComponent(login)}&password=${encodeURIComponent(password)}`;
  const t0 = Date.now();
  const res = fcgiRequest(prog.socket, {
    REQUEST_METHOD: 'POST', DOCUMENT_URI: '/auth/login', HTTP_COOKIE: pre,
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)),
  }, body);
  res.ms = Date.now() - t0;
  return res;
}

function assertRefused(res, what) {
  assert.equal(res.status, 200, `${what}: ${res.raw.slice(0, 300)}`);
  assert.match(res.body, /ユーザーIDまたはパスワードが正しくありません/, `${what}: login refused normally`);
}

function assert503(res, what) {
  assert.equal(res.status, 503, `${what}: ${res.raw.slice(0, 300)}`);
  assert.match(res.header('retry-after') || '', /^[1-9]\d*$/, `${what}: Retry-After`);
}

function failures(userId) {
  return Number(db.sql(`SELECT failed_logins FROM mimamori.users WHERE id = ${userId}`).trim());
}

// Events of this private server's database (an unknown user ID is stored
// only as a keyed hash, so the events are counted, not looked up by ID).
function events() {
  return Number(db.sql('SELECT COUNT(*) FROM mimamori.auth_events').trim());
}

test('a hung server: 503 with Retry-After within the timeouts, recovery when it resumes', async (t) => {
  await withAuth({ 'Db.ConnectTimeout': 2, 'Db.ReadTimeout': 2, 'Db.WriteTimeout': 2 }, async (prog) => {
    assertRefused(attemptLogin(prog, 'hang-before@t.example'), 'server up');
    process.kill(db.pid, 'SIGSTOP');
    let res;
    try {
      res = attemptLogin(prog, 'hang-during@t.example');
    } finally {
      process.kill(db.pid, 'SIGCONT');
    }
    assert503(res, 'server stopped');
    // one read timeout, at most one connect timeout after it, some slack
    assert.ok(res.ms < 5500, `answered after ${res.ms} ms`);
    t.diagnostic(`503 after ${res.ms} ms`);
    const t0 = Date.now();
    let tries = 0;
    const again = await waitFor(() => {
      tries += 1;
      const r = attemptLogin(prog, 'hang-after@t.example');
      return r.status === 200 ? r : null;
    }, 15000, 'the program to reach the resumed server');
    assertRefused(again, 'server resumed');
    t.diagnostic(`working again after ${Date.now() - t0} ms, ${tries} tries`);
    assert.doesNotMatch(prog.log(), /AddressSanitizer|runtime error/);
  });
});

test('a write whose answer was lost is not sent a second time', async () => {
  const cfg = config({ 'Db.ReadTimeout': 1, 'Db.ConnectTimeout': 2 });
  const login = `lost-${Date.now().toString(36)}@t.example`;
  const out = execFileSync(ADMIN, ['--config', cfg, 'create-user', '--login', login,
    '--password', PASSWORD, '--role', 'analyst'], { encoding: 'utf8' });
  const id = Number(out.trim().split(/\s+/).pop());
  // The test's own client holds the user's row lock (InnoDB does not end a
  // lock wait when its client goes away), so the program's failure count
  // UPDATE waits on the server until the read timeout gives up on it.
  const locker = spawn('mariadb', ['--no-defaults', `--socket=${db.socket}`, '-uroot', 'mimamori'],
    { stdio: ['pipe', 'ignore', 'inherit'] });
  const lockerGone = new Promise((resolve) => locker.on('exit', resolve));
  try {
    locker.stdin.write(`BEGIN; SELECT id FROM users WHERE id = ${id} FOR UPDATE;\n`);
    await waitFor(() => Number(db.sql(`SELECT COUNT(*) FROM information_schema.INNODB_TRX
      WHERE trx_rows_locked > 0`).trim()) > 0, 10000, 'the row lock');
    const prog = await startProgram('auth', { config: cfg, dir });
    try {
      const res = attemptLogin(prog, login);
      assert503(res, 'the answer to the UPDATE was lost');
      locker.stdin.end('COMMIT;\n');
      await lockerGone;
      // every UPDATE the program sent has run once the lock is gone
      await waitFor(() => !/UPDATE users/.test(
        db.sql('SELECT INFO FROM information_schema.PROCESSLIST WHERE INFO IS NOT NULL')), 10000,
      'the waiting UPDATEs to finish');
      // at most one failure counted, never one per try (the attempt claim is
      // one transaction: a claim whose connection was lost rolls back whole)
      const counted = failures(id);
      assert.ok(counted <= 1, `${counted} failures counted for one try; log:\n${prog.log()}`);
      // the program goes on working on a new connection
      assertRefused(attemptLogin(prog, login), 'after the lost answer');
      assert.equal(failures(id), counted + 1);
    } finally {
      await prog.stop('SIGTERM');
    }
  } finally {
    locker.kill('SIGKILL');
  }
});

test('Db.Tls = on: a verified TLS connection over TCP; a wrong CA or no TLS is refused', async () => {
  const tcp = { 'Db.Socket': '', 'Db.Host': '127.0.0.1', 'Db.Port': db.port };
  const before = events();
  await withAuth({ ...tcp, 'Db.Tls': 'on', 'Db.CaFile': certs.ca }, async (prog) => {
    assertRefused(attemptLogin(prog, 'tls-ok@t.example'), 'TLS with the right CA');
    assertRefused(attemptLogin(prog, 'tls-ok@t.example'), 'again, on the same connection');
    assert.equal(events() - before, 2);
    // data the TLS layer left on the socket must not pass for a closed connection
    assert.doesNotMatch(prog.log(), /reconnecting|connection lost/);
  });
  const cipher = db.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'Ssl_accepts'");
  assert.ok(Number(cipher.trim()) >= 1, 'the server accepted TLS connections');
  await withAuth({ ...tcp, 'Db.Tls': 'on', 'Db.CaFile': otherCa.ca }, async (prog) => {
    assert503(attemptLogin(prog, 'tls-wrong-ca@t.example'), 'TLS with a CA that did not sign the server');
    assert.match(prog.log(), /db connect failed/);
  });
  await withAuth({ ...tcp, 'Db.Tls': 'off' }, async (prog) => {
    assert503(attemptLogin(prog, 'tls-off@t.example'), 'plain TCP to a user that requires TLS');
  });
  await withAuth({ ...tcp, 'Db.Tls': 'maybe' }, async (prog) => {
    assert503(attemptLogin(prog, 'tls-bad@t.example'), 'an unknown Db.Tls value');
    assert.match(prog.log(), /Db\.Tls must be off or on/);
  });
  assert.equal(events() - before, 2, 'no events written without a verified TLS connection');
});
