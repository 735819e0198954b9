// AUTH-13: one limiter for every code sent, on every route, at the values
// of the stack's configuration (Auth.SmsPerNumberPerHour = 3,
// Auth.SmsPerUserPerDay = 10, Auth.ResetPerClientPerHour = 50,
// Auth.ResetMailsPerAddressPerHour = 3), on private
// instances with client addresses of their own; "nothing more was sent" is
// asked of the outbox table.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, dbRows, textById, uniqueMobile, uniqueId } from '../lib/http.mjs';
import { outboxTo } from '../lib/mail.mjs';
import { FcgiClient, privatePrograms, randomClientAddr } from '../lib/private.mjs';

const SMS_LIMIT = 'この番号・このアカウントへのSMSの送信回数が上限に達しました。しばらくしてからもう一度お試しください。';
const RESET_LIMIT = '再設定の申請が多すぎます。しばらくしてからもう一度お試しください。';
const SENT = '入力内容が登録内容と一致した場合、パスワード再設定用のメールを送信しました。メールのリンクは30分間有効です。';

let instance;
after(async () => { if (instance) await instance.stop(); });
async function programs() {
  if (!instance) instance = await privatePrograms(['auth', 'account']);
  return instance.sockets;
}

async function loggedInPrivate(user = createUser()) {
  const c = new FcgiClient(await programs());
  const r = c.login(user.login, user.password);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return { user, c };
}

test('SMS per number and hour: the new-number resend route stops at 3', async () => {
  const { c } = await loggedInPrivate();
  const mobile = uniqueMobile();
  let r = c.post('/account/mfa', { method: 'sms', mobile });
  assert.equal(r.location, '/auth/mfa/sms');
  for (const clock of [31, 62]) {
    r = c.post('/auth/mfa/sms/resend', {}, { clock, csrfFrom: '/auth/mfa/sms' });
    assert.equal(r.location, '/auth/mfa/sms?sent=1', `resend at +${clock} s`);
  }
  r = c.post('/auth/mfa/sms/resend', {}, { clock: 93, csrfFrom: '/auth/mfa/sms' });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'code-error'), SMS_LIMIT);
  assert.equal(outboxTo(mobile).length, 3, 'three SMS queued for the number, no more');
});

test('SMS per number and hour: the login code and its resend stop at 3 too', async () => {
  const user = createUser();
  const mobile = uniqueMobile();
  dbRows(`UPDATE users SET mfa_method = 'sms', mobile = '${mobile}' WHERE id = ${user.id}`);
  const c = new FcgiClient(await programs());
  let r = c.login(user.login, user.password);
  assert.equal(r.location, '/auth/mfa');
  for (const clock of [31, 62]) {
    r = c.post('/auth/mfa/resend', {}, { clock, csrfFrom: '/auth/mfa' });
    assert.equal(r.location, '/auth/mfa?sent=1', `resend at +${clock} s`);
  }
  r = c.post('/auth/mfa/resend', {}, { clock: 93, csrfFrom: '/auth/mfa' });
  assert.equal(textById(r.text, 'code-error'), SMS_LIMIT);
  // a new login within the hour sends nothing either, and says so
  const again = new FcgiClient(await programs());
  r = again.login(user.login, user.password, { clock: 124 });
  assert.equal(r.location, '/auth/mfa?held=1');
  assert.equal(outboxTo(mobile).length, 3);
});

test('SMS per user and day: the 11th number is refused', async () => {
  const { c } = await loggedInPrivate();
  const numbers = Array.from({ length: 11 }, () => uniqueMobile());
  for (let i = 0; i < 10; i++) {
    const r = c.post('/account/mfa', { method: 'sms', mobile: numbers[i] }, { clock: 31 * i, csrfFrom: '/account/mfa' });
    assert.equal(r.location, '/auth/mfa/sms', `SMS ${i + 1}`);
  }
  const r = c.post('/account/mfa', { method: 'sms', mobile: numbers[10] }, { clock: 310, csrfFrom: '/account/mfa' });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'mobile-error'), SMS_LIMIT);
  assert.equal(outboxTo(numbers[10]).length, 0);
});

test('/auth/reset per client: 50 an hour, counted per IPv6 /64', async () => {
  const sockets = await programs();
  const addr = randomClientAddr();
  for (let i = 0; i < 50; i++) {
    const r = new FcgiClient(sockets, addr).post('/auth/reset', { user_id: uniqueId('rl'), email: 'x@t.example' });
    assert.equal(textById(r.text, 'reset-sent'), SENT, `request ${i + 1}`);
  }
  const over = new FcgiClient(sockets, addr).post('/auth/reset', { user_id: uniqueId('rl'), email: 'x@t.example' });
  assert.equal(over.status, 429);
  assert.equal(textById(over.text, 'reset-error'), RESET_LIMIT);
  const neighbour = new FcgiClient(sockets, addr.replace(/:1::1$/, ':ab:cd:ef:12'));
  assert.equal(neighbour.post('/auth/reset', { user_id: uniqueId('rl'), email: 'x@t.example' }).status, 429);
  const other = new FcgiClient(sockets).post('/auth/reset', { user_id: uniqueId('rl'), email: 'x@t.example' });
  assert.equal(textById(other.text, 'reset-sent'), SENT, 'another network is not affected');
});

test('/auth/reset per mailbox: 3 mails an hour, however many client addresses ask', async () => {
  const sockets = await programs();
  const email = uniqueId('rlbox');
  const user = createUser({ email });
  const ask = (clock) => new FcgiClient(sockets).post('/auth/reset', { user_id: user.login, email }, { clock });
  for (let i = 0; i < 5; i++) {
    const r = ask(i);
    assert.equal(r.status, 200, `request ${i + 1}`);
    assert.equal(textById(r.text, 'reset-sent'), SENT, `request ${i + 1}: the same answer`);
  }
  assert.equal(outboxTo(email).length, 3, 'three links queued, no more');
  assert.equal(dbRows(`SELECT COUNT(*) FROM auth_events WHERE user_id = ${user.id} AND event = 'password.reset_limited'`)[0][0], '2');
  const later = ask(3600 + 10);
  assert.equal(textById(later.text, 'reset-sent'), SENT);
  assert.equal(outboxTo(email).length, 4, 'an hour later a link is sent again');
});

test('/auth/reset per mailbox: the notes about the 24-hour pause stop at 3 too', async () => {
  const sockets = await programs();
  const email = uniqueId('rlpause');
  const user = createUser({ email });
  dbRows(`UPDATE users SET last_reset_at = UTC_TIMESTAMP() WHERE id = ${user.id}`);
  for (let i = 0; i < 5; i++) {
    const r = new FcgiClient(sockets).post('/auth/reset', { user_id: user.login, email }, { clock: i });
    assert.equal(textById(r.text, 'reset-sent'), SENT, `request ${i + 1}`);
  }
  assert.equal(outboxTo(email).length, 3, 'three notes queued, no more');
});
