// Lockout (AUTH-2, §12): 5 consecutive wrong passwords lock the user ID for
// 20 minutes; the locked answer is the same as for an unknown user ID.
// Time travel with X-Test-Clock-Offset (test stacks only).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, withoutCsrf, setCookies, textById, uniqueId, dbRows, LOGIN_FAILED,
} from '../lib/http.mjs';
import { waitForMail, SUBJECTS } from '../lib/mail.mjs';

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
  const m = /日時: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(mail.body);
  assert.ok(m, mail.body);
  // read as UTC it is the moment of the lock (in Asia/Tokyo it would be 9 hours off)
  const at = Date.parse(`${m[1].replace(' ', 'T')}Z`);
  assert.ok(Math.abs(at - lockedAt) < 10 * 60 * 1000, `${m[1]} is the time of the lock in UTC`);
});
