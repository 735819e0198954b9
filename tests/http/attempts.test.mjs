// Attempts under pressure: parallel wrong passwords cannot run more checks
// than the lockout allows nor clear a lock; the password change says nothing
// about a new password before the current one is right; SMS to new numbers
// are limited; a code confirms only the number it was sent to.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, loggedIn, csrfOf, textById, uniqueMobile, chooseMfa, verifySms,
  dbRows, sqlString, LOGIN_FAILED,
} from '../lib/http.mjs';
import { outboxTo, SUBJECTS, waitForSms, codeIn } from '../lib/mail.mjs';
import {
  FcgiClient, privatePrograms, waitFor, workerPid, claimsOf, loginInFlight,
} from '../lib/private.mjs';

const WRONG = 'Wrong#Passw0rd!';

function userRow(login) {
  const [failed, locked] = dbRows(`SELECT failed_logins, locked_until IS NOT NULL FROM users
    WHERE login_id = ${sqlString(login)}`)[0];
  return { failed_logins: failed, locked };
}

test('a burst of parallel wrong passwords runs at most the allowed checks and locks once', async () => {
  const u = createUser();
  for (let i = 0; i < 3; i++) {
    const r = await new Client().login(u.login, WRONG);
    assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED);
  }
  // 8 at once: only 2 more checks may run (3 + 2 = 5), the rest is refused
  // as locked; the lock engages once and mails once.
  const burst = await Promise.all(Array.from({ length: 8 }, () => new Client().login(u.login, WRONG)));
  for (const r of burst) assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED);
  const [[failed]] = dbRows(`SELECT COUNT(*) FROM auth_events WHERE login_id = ${sqlString(u.login)}
    AND event = 'login.failed'`);
  assert.equal(Number(failed), 5, 'exactly five password checks ran');
  assert.equal(Number(userRow(u.login).locked), 1);
  assert.equal(outboxTo(u.login, { subject: SUBJECTS.lockout }).length, 1, 'one lockout mail');
  // The right password is refused now, also several at once.
  const right = await Promise.all([1, 2, 3].map(() => new Client().login(u.login, u.password)));
  for (const r of right) {
    assert.equal(r.status, 200);
    assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED);
  }
});

function rowFree(userId) {
  try {
    dbRows(`SELECT id FROM users WHERE id = ${userId} FOR UPDATE NOWAIT`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new user with 4 wrong passwords, whose last place of the lockout is held
 * by a login (password) whose worker (private instance) is stopped in the
 * middle of its check while other(user) runs; then the held check finishes.
 * Returns the user. A check that finished before the stop is tried again
 * with another user, so the order is always the one the test wants.
 */
async function withLastCheckHeld(password, other) {
  const inst = await privatePrograms(['auth']);
  try {
    const master = inst.procs.auth.proc.pid;
    for (let tries = 0; tries < 5; tries++) {
      const u = createUser();
      for (let i = 0; i < 4; i++) await new Client().login(u.login, WRONG);
      const worker = await waitFor('a worker', () => workerPid(master));
      const answer = loginInFlight(new FcgiClient(inst.sockets), u.login, password === 'right' ? u.password : WRONG);
      await waitFor('the held claim', () => claimsOf(u.id) === 1);
      process.kill(worker, 'SIGSTOP');
      // held in the check itself, not inside the settling transaction
      const held = claimsOf(u.id) === 1 && rowFree(u.id);
      try {
        if (held) await other(u);
      } finally {
        process.kill(worker, 'SIGCONT');
      }
      await answer;
      if (held) return u;
    }
    throw new Error('the check was never caught in flight');
  } finally {
    await inst.stop();
  }
}

const checksRun = (login) => Number(dbRows(`SELECT COUNT(*) FROM auth_events WHERE login_id = ${sqlString(login)}
  AND event IN ('login.failed', 'login.ok')`)[0][0]);

test('the last check goes to one request: a right password waiting for it cannot clear the lock', async () => {
  const u = await withLastCheckHeld('wrong', async (user) => {
    const right = await new Client().login(user.login, user.password);
    assert.equal(textById(right.text, 'login-error'), LOGIN_FAILED, 'no place left: refused without a check');
  });
  assert.equal(checksRun(u.login), 5, 'five checks ran, all wrong');
  assert.equal(Number(userRow(u.login).locked), 1, 'the held wrong one locked the user');
  const again = await new Client().login(u.login, u.password);
  assert.equal(textById(again.text, 'login-error'), LOGIN_FAILED, 'and the lock holds');
});

test('the last check goes to one request: a wrong password waiting for it cannot lock', async () => {
  const u = await withLastCheckHeld('right', async (user) => {
    const wrong = await new Client().login(user.login, WRONG);
    assert.equal(textById(wrong.text, 'login-error'), LOGIN_FAILED);
  });
  const row = userRow(u.login);
  assert.equal(Number(row.locked), 0, 'the wrong one ran no check');
  assert.equal(Number(row.failed_logins), 0, 'the right one completed the login and cleared the count');
  assert.equal(checksRun(u.login), 5, 'four wrong checks and the right one');
});

test('password change: nothing about the new password before the current one is right', async () => {
  const { user, client } = await loggedIn();
  const page = await client.get('/account/password');
  // the new password equal to the real current one, with a wrong current one
  const guessRight = await client.post('/account/password', {
    csrf: csrfOf(page.text), current_password: 'Not#TheCurrent1', password: user.password, password_confirm: user.password,
  });
  const guessWrong = await client.post('/account/password', {
    csrf: csrfOf(page.text), current_password: 'Not#TheCurrent1', password: 'Other#Passw0rd9x', password_confirm: 'Other#Passw0rd9x',
  });
  for (const r of [guessRight, guessWrong]) {
    assert.equal(r.status, 200);
    assert.equal(textById(r.text, 'current-password-error'), '現在のパスワードが正しくありません。');
    assert.equal(textById(r.text, 'password-error'), null, 'no verdict on the new password');
  }
  assert.equal(Number(userRow(user.login).failed_logins), 2, 'wrong current passwords count');
  // right current, new = current: refused as the same
  const same = await client.post('/account/password', {
    csrf: csrfOf(page.text), current_password: user.password, password: user.password, password_confirm: user.password,
  });
  assert.equal(textById(same.text, 'password-error'), '現在のパスワードと同じパスワードは使えません。');
  assert.equal(Number(userRow(user.login).failed_logins), 0, 'a right current password clears the count');
});

test('choosing SMS: one code per 30 s per user; a code confirms only its own number', async () => {
  const { client } = await loggedIn();
  const a = uniqueMobile();
  const b = uniqueMobile();
  let form = await client.get('/account/mfa');
  let r = await client.post('/account/mfa', { csrf: csrfOf(form.text), method: 'sms', mobile: a });
  assert.equal(r.headers.get('location'), '/auth/mfa/sms');
  const codeA = codeIn((await waitForSms(a)).text);
  form = await client.get('/account/mfa');
  r = await client.post('/account/mfa', { csrf: csrfOf(form.text), method: 'sms', mobile: b });
  assert.equal(r.status, 200, 'a second SMS within 30 s is refused');
  assert.equal(textById(r.text, 'mobile-error'), '再送信は前回の送信から30秒後にできます。');
  // 31 s later number B may be chosen; A's code does not confirm B
  form = await client.get('/account/mfa', { clock: 31 });
  r = await client.post('/account/mfa', { csrf: csrfOf(form.text), method: 'sms', mobile: b }, { clock: 31 });
  assert.equal(r.headers.get('location'), '/auth/mfa/sms');
  const page = await client.get('/auth/mfa/sms', { clock: 32 });
  r = await client.post('/auth/mfa/sms', { csrf: csrfOf(page.text), code: codeA }, { clock: 32 });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'code-error'), '確認コードが正しくないか、有効期限が切れています。');
  r = await verifySms(client, b, { clock: 33 });
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  const settings = await client.get('/account/mfa');
  assert.match(settings.text, new RegExp(`<input id="mobile" name="mobile"[^>]*value="${b}"`));
});
