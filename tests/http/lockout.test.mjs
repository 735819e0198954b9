// Lockout (AUTH-2, §12): 5 consecutive wrong passwords lock the user ID for
// 20 minutes; the locked answer is the same as for an unknown user ID.
// Time travel with X-Test-Clock-Offset (test stacks only).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, withoutCsrf, setCookies, textById, uniqueId, dbRows, LOGIN_FAILED, VAR_DIR,
} from '../lib/http.mjs';
import { waitForMail, outboxTo, SUBJECTS } from '../lib/mail.mjs';
import { FcgiClient, privatePrograms } from '../lib/private.mjs';
import fs from 'node:fs';
import path from 'node:path';

const WRONG = 'Wrong#Passw0rd!';

/** Login attempt; returns { status, location, body (comparable), session }. */
async function attempt(login, password, clock) {
  const c = new Client();
  const res = await c.login(login, password, { clock });
  return {
    status: res.status,
    location: res.headers.get('location'),
    body: withoutCsrf(res.text).split(login).join('@USER@'),
    session: setCookies(res).some((k) => k.name === 'mm_session'),
    client: c,
  };
}

test('5 wrong passwords lock for 20 minutes; locked looks exactly like an unknown user', async () => {
  const u = createUser();
  for (let i = 1; i <= 5; i++) {
    const r = await attempt(u.login, WRONG);
    assert.equal(r.status, 200, `wrong attempt ${i}`);
    assert.ok(r.body.includes(LOGIN_FAILED));
    assert.equal(r.session, false);
  }
  // The 6th attempt, with the RIGHT password, is refused.
  const locked = await attempt(u.login, u.password);
  const unknown = await attempt(uniqueId('nobody'), u.password);
  const wrong = await attempt(uniqueId('nobody'), WRONG);
  assert.equal(locked.status, 200);
  assert.equal(locked.session, false, 'no session while locked');
  assert.equal(locked.status, unknown.status);
  assert.equal(locked.body, unknown.body, 'locked answer identical to unknown user ID');
  assert.equal(wrong.body, unknown.body);

  // 19 minutes later: still locked.
  const still = await attempt(u.login, u.password, 19 * 60);
  assert.equal(still.status, 200);
  assert.equal(still.session, false);
  assert.equal(still.body, unknown.body);

  // After 20 minutes the lock ends by itself.
  const later = await attempt(u.login, u.password, 20 * 60 + 1);
  assert.equal(later.status, 303);
  assert.equal(later.location, '/');
  assert.equal(later.session, true);
  const home = await later.client.get('/', { clock: 20 * 60 + 2 });
  assert.equal(home.status, 200);
  assert.equal(textById(home.text, 'login-id'), u.login);
});

test('a successful login resets the failure count (only consecutive failures lock)', async () => {
  const u = createUser();
  for (let i = 0; i < 4; i++) assert.equal((await attempt(u.login, WRONG)).status, 200);
  assert.equal((await attempt(u.login, u.password)).status, 303);
  for (let i = 0; i < 4; i++) assert.equal((await attempt(u.login, WRONG)).status, 200);
  const r = await attempt(u.login, u.password);
  assert.equal(r.status, 303, 'not locked after 4 + 4 failures separated by a success');
  assert.equal(r.session, true);
});

test('locking one user ID does not affect another user', async () => {
  const victim = createUser();
  const other = createUser();
  for (let i = 0; i < 5; i++) await attempt(victim.login, WRONG);
  assert.equal((await attempt(victim.login, victim.password)).session, false);
  const r = await attempt(other.login, other.password);
  assert.equal(r.status, 303);
  assert.equal(r.session, true);
});

test('a wrong password for a locked user looks like one for an unlocked user', async () => {
  const lockedUser = createUser();
  const fresh = createUser();
  for (let i = 0; i < 5; i++) await attempt(lockedUser.login, WRONG);
  const a = await attempt(lockedUser.login, WRONG);
  const b = await attempt(fresh.login, WRONG);
  assert.equal(a.status, b.status);
  assert.equal(a.body, b.body);
});

test('the lockout notice gives the time in the user\'s own time zone', async () => {
  const u = createUser();
  dbRows(`UPDATE users SET time_zone = 'UTC' WHERE id = ${u.id}`);
  for (let i = 0; i < 5; i++) await attempt(u.login, WRONG);
  const lockedAt = Date.now();
  const mail = await waitForMail(u.login, { subject: SUBJECTS.lockout });
  // wrong passwords: the notice says so and does not speak of codes
  assert.match(mail.body, /パスワードの入力を続けて間違えたため、ユーザーIDを一時的にロックしました。/);
  assert.doesNotMatch(mail.body, /確認コード/);
  const m = /日時: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \(UTC\)\n/.exec(mail.body);
  assert.ok(m, mail.body);
  // read as UTC it is the moment of the lock (in Asia/Tokyo it would be 9 hours off)
  const at = Date.parse(`${m[1].replace(' ', 'T')}Z`);
  assert.ok(Math.abs(at - lockedAt) < 10 * 60 * 1000, `${m[1]} is the time of the lock in UTC`);
});

// A user ID that names no user is claimed, counted and locked like a known
// one (AUTH-2: the work and the answer must not tell whether it exists).
// Its count is kept under a keyed hash of the ID as the login_id column
// compares it, never the typed text. Each test runs at a clock of its own
// so its rows can be found by their time.
const uniqueClock = () => 30 * 86400 + Math.floor(Math.random() * 900 * 86400);
const unknownRowsAt = (clock) => dbRows(`SELECT login_key, failed_logins,
    locked_until IS NOT NULL AND locked_until > UTC_TIMESTAMP() + INTERVAL ${clock} SECOND
  FROM unknown_logins
  WHERE updated_at BETWEEN UTC_TIMESTAMP() + INTERVAL ${clock - 600} SECOND
    AND UTC_TIMESTAMP() + INTERVAL ${clock + 3600} SECOND`);

test('an unknown user ID is refused exactly like a wrong password, through the lock', async () => {
  const clock = uniqueClock();
  const u = createUser();
  const ghost = uniqueId('ghost');
  for (let i = 1; i <= 6; i++) {
    const known = await attempt(u.login, WRONG, clock);
    const unknown = await attempt(ghost, WRONG, clock);
    assert.equal(unknown.status, known.status, `try ${i}: status`);
    assert.equal(unknown.body, known.body, `try ${i}: page`);
    assert.equal(unknown.session, false);
    assert.ok(unknown.body.includes(LOGIN_FAILED));
  }
  // both are locked now: even the right password of the known one is
  // answered as the unknown one is
  const locked = await attempt(u.login, u.password, clock + 60);
  const unknown = await attempt(ghost, u.password, clock + 60);
  assert.equal(locked.session, false, 'the known user ID is locked');
  assert.equal(unknown.status, locked.status);
  assert.equal(unknown.body, locked.body);
  const rows = unknownRowsAt(clock);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0][2], '1', 'the unknown user ID is locked too');
  // the 5th failure locked it, as a known user ID's does
  const markers = dbRows(`SELECT DISTINCT login_id FROM auth_events
    WHERE event = 'login.lockout' AND user_id IS NULL
      AND occurred_at >= UTC_TIMESTAMP() + INTERVAL ${clock - 600} SECOND
      AND occurred_at <= UTC_TIMESTAMP() + INTERVAL ${clock + 3600} SECOND`);
  assert.equal(markers.length, 1);
  assert.match(markers[0][0], /^\?[0-9a-f]{32}$/);
});

test('an unknown user ID\'s failures are kept by keyed hash of the folded ID, not as typed', async () => {
  const clock = uniqueClock();
  const ghost = uniqueId('ghost');
  await attempt(ghost, WRONG, clock);
  let rows = unknownRowsAt(clock);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.match(rows[0][0], /^\?[0-9a-f]{32}$/);
  assert.ok(!rows[0][0].includes(ghost));
  assert.deepEqual(rows[0].slice(1), ['1', '0']);
  // the same ID as login_id compares it (letter case): the same row
  await attempt(ghost.toUpperCase(), WRONG, clock);
  rows = unknownRowsAt(clock);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], '2');
  // every claim was settled; nothing holds the typed text
  assert.equal(dbRows(`SELECT COUNT(*) FROM unknown_login_attempts WHERE login_key = '${rows[0][0]}'`)[0][0], '0');
  assert.equal(dbRows(`SELECT COUNT(*) FROM unknown_logins WHERE login_key LIKE '%${ghost}%'`)[0][0], '0');
});

test('the lockout notice gives the lock time of the settings', async () => {
  const u = createUser();
  for (let i = 0; i < 5; i++) await attempt(u.login, WRONG);
  const mail = await waitForMail(u.login, { subject: SUBJECTS.lockout });
  assert.ok(mail.body.includes('ロックは 20 分後に自動的に解除されます。'), mail.body);
  // a stack configured for 7 minutes says 7
  const inst = await privatePrograms(['auth'], ['Auth.LockMinutes = 7']);
  try {
    const v = createUser();
    for (let i = 0; i < 5; i++) await new FcgiClient(inst.sockets).login(v.login, WRONG);
    const seven = await waitForMail(v.login, { subject: SUBJECTS.lockout });
    assert.ok(seven.body.includes('ロックは 7 分後に自動的に解除されます。'), seven.body);
    assert.doesNotMatch(seven.body, /20 分/);
  } finally {
    await inst.stop();
  }
});

test('lockout notices are capped at 3 a day per address; the lock itself still happens', async () => {
  const u = createUser();
  const notices = () => outboxTo(u.login, { subject: SUBJECTS.lockout }).length;
  const lockAt = async (clock) => {
    for (let i = 0; i < 5; i++) await attempt(u.login, WRONG, clock);
    const locked = await attempt(u.login, u.password, clock + 1);
    assert.equal(locked.session, false, `locked at ${clock}`);
  };
  // four locks in a row, each after the previous one ended (21 minutes apart)
  for (let n = 0; n < 4; n++) await lockAt(n * 21 * 60);
  assert.equal(notices(), 3, 'the fourth lock of the day sends no notice');
  assert.deepEqual(dbRows(`SELECT COUNT(*) FROM auth_events WHERE event = 'login.lockout' AND user_id = ${u.id}`),
    [['4']], 'every lock is recorded');
  // a day later the address gets notices again
  await lockAt(86400 + 2 * 3600);
  assert.equal(notices(), 4);
});

// The first failures of user IDs that name no user, many at once: the
// claims and settles of different IDs must not wait on one another's locks
// (gap locks of a repeatable-read transaction on rows that do not exist yet
// made such transactions deadlock, ERROR 1213, and run out of retries), and
// the claims of one ID are still serialised: exactly Auth.MaxFailures
// checks, one lock.
const innodbDeadlocks = () => Number(dbRows("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")[0][1]);
const authDeadlockLines = () => {
  const file = path.join(VAR_DIR, 'log', 'auth.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('(1213)')).length : 0;
};
const unknownEventsAt = (clock) => dbRows(`SELECT login_id, event, COUNT(*) FROM auth_events
  WHERE user_id IS NULL AND event LIKE 'login.%'
    AND occurred_at BETWEEN UTC_TIMESTAMP() + INTERVAL ${clock - 600} SECOND
    AND UTC_TIMESTAMP() + INTERVAL ${clock + 3600} SECOND
  GROUP BY login_id, event`);

test('40 new user IDs and 10 tries of one more, all at once: no deadlock, every answer a refused login, the one ID locked after exactly 5 checks', { timeout: 300000 }, async (t) => {
  const deadlocksBefore = innodbDeadlocks();
  const logBefore = authDeadlockLines();
  for (let round = 1; round <= 4; round++) {
    const clock = uniqueClock();
    const one = uniqueId('burst');
    const tries = [];
    for (let i = 0; i < 50; i++) tries.push(i % 5 === 4 ? one : uniqueId('first'));
    const answers = await Promise.all(tries.map((id) => attempt(id, WRONG, clock)));
    answers.forEach((a, i) => {
      assert.equal(a.status, 200, `round ${round}, try ${i}: status`);
      assert.ok(a.body.includes(LOGIN_FAILED), `round ${round}, try ${i}: a refused login`);
      assert.equal(a.session, false);
    });
    // one row per ID; only the burst's is locked (its count starts again)
    const rows = unknownRowsAt(clock);
    assert.equal(rows.length, 41, `round ${round}: rows ${rows.length}`);
    const locked = rows.filter((r) => r[2] === '1');
    assert.equal(locked.length, 1, `round ${round}: one ID locked`);
    assert.equal(locked[0][1], '0');
    assert.deepEqual(rows.filter((r) => r[2] !== '1').map((r) => r[1]), Array(40).fill('1'));
    assert.equal(Number(dbRows(`SELECT COUNT(*) FROM unknown_login_attempts
      WHERE login_key IN (${rows.map((r) => `'${r[0]}'`).join(', ')})`)[0][0]), 0, 'every claim settled');
    // the events: 40 IDs with one failure each; the burst with exactly five
    // checks, one lockout and the other five refused as locked
    const events = new Map();
    for (const [login, event, n] of unknownEventsAt(clock)) {
      events.set(login, { ...events.get(login), [event]: Number(n) });
    }
    const burst = [...events.values()].filter((e) => e['login.lockout']);
    assert.equal(burst.length, 1, `round ${round}: ${JSON.stringify([...events.values()])}`);
    assert.deepEqual(burst[0], { 'login.failed': 5, 'login.lockout': 1, 'login.locked': 5 });
    const single = [...events.values()].filter((e) => !e['login.lockout']);
    assert.equal(single.length, 40);
    for (const e of single) assert.deepEqual(e, { 'login.failed': 1 });
  }
  const deadlocks = innodbDeadlocks() - deadlocksBefore;
  t.diagnostic(`Innodb_deadlocks during the bursts: ${deadlocks}`);
  assert.equal(authDeadlockLines() - logBefore, 0, 'the auth program met no deadlock (ERROR 1213)');
});
