// AUTH-13: a password check interrupted by a dying worker settles by
// itself. Workers of a private auth instance are killed (SIGKILL) while
// they hold a claimed attempt; the account must not stay locked past the
// lock period, and no lock without an end may appear.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, dbRows, textById, LOGIN_FAILED } from '../lib/http.mjs';
import {
  FcgiClient, privatePrograms, waitFor, workerPid, claimsOf, loginInFlight,
} from '../lib/private.mjs';

const LOCK_SECONDS = 20 * 60;
let instance;
after(async () => { if (instance) await instance.stop(); });

test('workers killed in the middle of password checks cannot lock the account past the lock period', { timeout: 120000 }, async () => {
  instance = await privatePrograms(['auth']);
  const master = instance.procs.auth.proc.pid;
  const user = createUser();
  let orphaned = 0;
  for (let i = 0; i < 40 && orphaned < 5; i++) {
    const worker = await waitFor('a worker', () => workerPid(master));
    const before = claimsOf(user.id);
    const answer = loginInFlight(new FcgiClient(instance.sockets), user.login, user.password);
    // the claim is committed before the Argon2 check runs: kill in between
    const claimed = await waitFor('the claim', () => claimsOf(user.id) > before, 5000).catch(() => false);
    process.kill(worker, 'SIGKILL');
    await answer;
    if (claimed && claimsOf(user.id) > before) orphaned += 1;
    await waitFor('the next worker', () => { const w = workerPid(master); return w && w !== worker; });
  }
  // every place of the lockout is held by a claim whose worker died
  assert.equal(orphaned, 5, `killed mid-check 5 times (${orphaned})`);
  const [[failed, locked]] = dbRows(`SELECT failed_logins, locked_until IS NOT NULL FROM users WHERE id = ${user.id}`);
  assert.equal(Number(failed), 0, 'an interrupted check is no failure');
  assert.equal(Number(locked), 0, 'and no lock engaged');
  // the unsettled claims hold their places for their short lease only
  const now = await new Client().login(user.login, user.password);
  assert.equal(textById(now.text, 'login-error'), LOGIN_FAILED, 'refused while the claims are live');
  const later = await new Client().login(user.login, user.password, { clock: 61 });
  assert.equal(later.status, 303, 'the right password works once the claims lapsed');
  // and so within the lock period at the latest
  assert.equal((await new Client().login(user.login, user.password, { clock: LOCK_SECONDS })).status, 303);
});
