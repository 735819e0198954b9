// 2-step verification with codes sent by e-mail or SMS (AUTH-6): 6 digits,
// valid 5 minutes, each usable once, resend after 30 s; wrong codes count
// toward the lockout. Messages are read from the stack's mail and SMS sinks
// ($MM_VAR_DIR/mail, $MM_VAR_DIR/sms), matched by recipient.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, createTemporaryUser, csrfOf, textById, chooseMfa, logout, uniqueMobile, verifySms,
  dbRows, LOGIN_FAILED, PASSWORD,
} from '../lib/http.mjs';
import {
  waitForMail, waitForSms, mailsTo, smsTo, outboxTo, codeIn, SUBJECTS,
} from '../lib/mail.mjs';

const codesSent = (userId) =>
  dbRows(`SELECT event FROM auth_events WHERE user_id = ${userId} AND event = 'mfa.code_sent'`).length;

const CODE_WRONG = '確認コードが正しくないか、有効期限が切れています。';
const RESEND_WAIT = '再送信は前回の送信から30秒後にできます。';

/** A user whose 2-step method is the e-mail code (set in the settings). */
async function emailUser() {
  const user = createUser();
  const c = new Client();
  await c.loginOk(user);
  const r = await chooseMfa(c, 'email');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  return user;
}

/** A user whose 2-step method is the SMS code to a new mobile number. */
async function smsUser() {
  const user = createUser();
  const mobile = uniqueMobile();
  const c = new Client();
  await c.loginOk(user);
  const r = await chooseMfa(c, 'sms', { mobile });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  return { ...user, mobile };
}

/**
 * Password login that must stop at the code form; waits for the n-th code
 * mail of the user and returns { client, csrf, code, mail }.
 */
async function loginForCode(user, n, { client = new Client(), clock } = {}) {
  const r = await client.login(user.login, user.password, { clock });
  assert.equal(r.status, 303, 'password accepted');
  assert.equal(r.headers.get('location'), '/auth/mfa');
  const page = await client.get('/auth/mfa', { clock });
  assert.equal(page.status, 200);
  const mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: n });
  return { client, csrf: csrfOf(page.text), page, code: codeIn(mail.body), mail };
}

/**
 * Waits for a message sent by a request with a moved clock; on a timeout the
 * error tells what the outbox holds for the recipient (queued but not sent?).
 */
async function delivered(wait, recipient) {
  try {
    return await wait();
  } catch (e) {
    const rows = outboxTo(recipient).map((m) => `${m.channel} "${m.subject}" ${m.status} created ${m.createdAt}`);
    throw new Error(`${e.message}; outbox rows for ${recipient} at ${new Date().toISOString()}: ${rows.join(' | ')}`);
  }
}

function assertRefused(r, what) {
  assert.equal(r.status, 200, `${what}: refused`);
  assert.equal(textById(r.text, 'code-error'), CODE_WRONG, what);
}

function assertAccepted(r, what) {
  assert.equal(r.status, 303, `${what}: accepted`);
  assert.equal(r.headers.get('location'), '/', what);
}

/** A 6-digit code other than the given ones. */
function otherCode(...codes) {
  for (let n = 1; ; n++) {
    const c = String((Number(codes[0]) + 7919 * n) % 1000000).padStart(6, '0');
    if (!codes.includes(c)) return c;
  }
}

test('e-mail code: login → /auth/mfa, the mailed code logs in', async () => {
  const user = await emailUser();
  const { client, csrf, code, mail, page } = await loginForCode(user, 1);
  assert.equal(textById(page.text, 'mfa-prompt'), '登録メールアドレスに送信した6桁の確認コードを入力してください。');
  assert.match(page.text, /id="resend"/, 'a resend button');
  assert.match(code, /^[0-9]{6}$/);
  assert.equal(mail.subject, SUBJECTS.code);
  assert.ok(mail.body.includes('このコードの有効期限は 5 分です。'), mail.body);
  assert.equal(codesSent(user.id), 1, 'the code sent at login is in the history');
  // Until the code is entered, nothing else is reachable.
  const home = await client.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/auth/mfa');
  assertRefused(await client.post('/auth/mfa', { csrf, code: otherCode(code) }), 'a wrong code');
  for (const bad of ['12345', '1234567', 'abcdef']) {
    const r = await client.post('/auth/mfa', { csrf, code: bad });
    assert.equal(r.status, 200, `code ${bad}`);
    assert.ok(textById(r.text, 'code-error'), `code ${bad} has an error`);
  }
  assertAccepted(await client.post('/auth/mfa', { csrf, code }), 'the mailed code');
  const h = await client.get('/');
  assert.equal(h.status, 200);
  assert.equal(textById(h.text, 'login-id'), user.login);
});

test('e-mail code: each code works once and only in its own login', async () => {
  const user = await emailUser();
  const first = await loginForCode(user, 1);
  assertAccepted(await first.client.post('/auth/mfa', { csrf: first.csrf, code: first.code }), 'first code');
  await logout(first.client);
  // A new login: a new code; the old one is refused.
  const second = await loginForCode(user, 2);
  if (second.code !== first.code) {
    assertRefused(await second.client.post('/auth/mfa', { csrf: second.csrf, code: first.code }), 'a used code');
  }
  // Two logins waiting at once: each has its own code.
  const third = await loginForCode(user, 3);
  if (third.code !== second.code) {
    assertRefused(await second.client.post('/auth/mfa', { csrf: second.csrf, code: third.code }),
      'the code of another login');
  }
  assertAccepted(await third.client.post('/auth/mfa', { csrf: third.csrf, code: third.code }), 'own code (3)');
  assertAccepted(await second.client.post('/auth/mfa', { csrf: second.csrf, code: second.code }), 'own code (2)');
});

test('e-mail code: valid for 5 minutes, refused after', async () => {
  const user = await emailUser();
  const { client, csrf, code } = await loginForCode(user, 1);
  assertRefused(await client.post('/auth/mfa', { csrf, code }, { clock: 301 }), '5 min + 1 s');
  // A refused (expired) try does not use the code up: just before 5 minutes it works.
  assertAccepted(await client.post('/auth/mfa', { csrf, code }, { clock: 270 }), '4 min 30 s');
});

test('resend: refused within 30 s, then a new code is mailed', async () => {
  const user = await emailUser();
  const { client, csrf, code } = await loginForCode(user, 1);
  // well inside 30 s: real seconds pass while the first mail is awaited
  const early = await client.post('/auth/mfa/resend', { csrf }, { clock: 20 });
  assert.equal(early.status, 200);
  assert.equal(textById(early.text, 'code-error'), RESEND_WAIT);
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.code }).length, 1, 'no second code queued');

  const later = await client.post('/auth/mfa/resend', { csrf }, { clock: 31 });
  assert.equal(later.status, 303);
  assert.equal(later.headers.get('location'), '/auth/mfa?sent=1');
  const notice = await client.get('/auth/mfa?sent=1', { clock: 32 });
  assert.equal(notice.status, 200);
  assert.ok(notice.text.includes('確認コードを再送信しました。'));
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.code }).length, 2, 'a second code queued');
  // The second mail arrives like the first one did.
  const mail2 = await delivered(() => waitForMail(user.login, { subject: SUBJECTS.code, count: 2 }), user.login);
  const code2 = codeIn(mail2.body);
  assert.notEqual(code2, code, 'a new code');
  assertAccepted(await client.post('/auth/mfa', { csrf, code: code2 }, { clock: 40 }), 'the resent code');
});

test('resend: the earlier code stays valid for its own 5 minutes', async () => {
  const user = await emailUser();
  const { client, csrf, code } = await loginForCode(user, 1);
  const r = await client.post('/auth/mfa/resend', { csrf }, { clock: 31 });
  assert.equal(r.status, 303);
  // Another resend right after the first one: 30 s from the newest code.
  const again = await client.post('/auth/mfa/resend', { csrf }, { clock: 45 });
  assert.equal(again.status, 200);
  assert.equal(textById(again.text, 'code-error'), RESEND_WAIT);
  // The first code is still accepted (sent 4 min 50 s ago).
  assertAccepted(await client.post('/auth/mfa', { csrf, code }, { clock: 290 }), 'first code after a resend');
});

test('5 wrong e-mail codes lock the user ID; the page and the lockout mail say the codes failed', async () => {
  const user = await emailUser();
  const { client, csrf, code } = await loginForCode(user, 1);
  const wrong = otherCode(code);
  for (let i = 1; i <= 4; i++) assertRefused(await client.post('/auth/mfa', { csrf, code: wrong }), `wrong ${i}`);
  const fifth = await client.post('/auth/mfa', { csrf, code: wrong });
  assert.equal(fifth.status, 200);
  assert.equal(textById(fifth.text, 'login-error'),
    '確認コードの入力を続けて間違えたため、ユーザーIDを20分間ロックしました。20分後にもう一度ログインしてください。');
  assert.equal(client.jar.has('mm_session'), false);
  const notice = await waitForMail(user.login, { subject: SUBJECTS.lockout });
  assert.match(notice.body, /2段階認証の確認コードの入力を続けて間違えたため、ユーザーIDを一時的にロックしました。/);
  assert.match(notice.body, /パスワードを変更することをお勧めします。/);
  assert.doesNotMatch(notice.body, /パスワードの入力を続けて間違えたため/);
  // The right code no longer helps: the half session is gone.
  const late = await client.post('/auth/mfa', { csrf, code });
  assert.equal(late.status, 303);
  assert.match(late.headers.get('location'), /^\/auth\/login/);
  const locked = await new Client().login(user.login, user.password);
  assert.equal(textById(locked.text, 'login-error'), LOGIN_FAILED);
});

test('SMS code: sent to the mobile number of the settings, logs in', async () => {
  const user = await smsUser();
  const c = new Client();
  const r = await c.login(user.login, user.password);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa');
  const page = await c.get('/auth/mfa');
  assert.equal(textById(page.text, 'mfa-prompt'),
    `携帯電話にSMSで送信した6桁の確認コードを入力してください。 (****${user.mobile.slice(-4)})`);
  // (SMS 1 confirmed the number when it was chosen)
  const sms = await waitForSms(user.mobile, { count: 2 });
  assert.equal(sms.to, user.mobile);
  // (the stored text ends with the template's line break)
  assert.match(sms.text.trimEnd(), /^Mimamori 確認コード: [0-9]{6} \(5 分間有効\)$/);
  const code = codeIn(sms.text);
  assertRefused(await c.post('/auth/mfa', { csrf: csrfOf(page.text), code: otherCode(code) }), 'wrong SMS code');
  assertAccepted(await c.post('/auth/mfa', { csrf: csrfOf(page.text), code }), 'SMS code');
  // No code went out by e-mail.
  assert.deepEqual(mailsTo(user.login, { subject: SUBJECTS.code }), []);
  assert.deepEqual(outboxTo(user.login, { subject: SUBJECTS.code }), []);
});

test('SMS code: resend after 30 s sends a second SMS', async () => {
  const user = await smsUser();
  const c = new Client();
  await c.login(user.login, user.password);
  const page = await c.get('/auth/mfa');
  const csrf = csrfOf(page.text);
  await waitForSms(user.mobile, { count: 2 });
  const early = await c.post('/auth/mfa/resend', { csrf }, { clock: 10 });
  assert.equal(textById(early.text, 'code-error'), RESEND_WAIT);
  const later = await c.post('/auth/mfa/resend', { csrf }, { clock: 31 });
  assert.equal(later.status, 303);
  assert.equal(later.headers.get('location'), '/auth/mfa?sent=1');
  const sms2 = await delivered(() => waitForSms(user.mobile, { count: 3 }), user.mobile);
  assertAccepted(await c.post('/auth/mfa', { csrf, code: codeIn(sms2.text) }, { clock: 40 }), 'resent SMS code');
});

test('SMS chosen at first login: the next login sends the code to that number', async () => {
  const u = createTemporaryUser();
  const mobile = uniqueMobile();
  const c = new Client();
  let r = await c.login(u.login, u.password);
  assert.equal(r.headers.get('location'), '/auth/first');
  let page = await c.get('/auth/first/password');
  r = await c.post('/auth/first/password', { csrf: csrfOf(page.text), password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.headers.get('location'), '/auth/first/user-id');
  page = await c.get('/auth/first/user-id');
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: u.login });
  assert.equal(r.headers.get('location'), '/auth/first/mfa');
  page = await c.get('/auth/first/mfa');
  r = await c.post('/auth/first/mfa', { csrf: csrfOf(page.text), method: 'sms', mobile });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa/sms');
  // Choosing SMS sends one code to confirm the number.
  r = await verifySms(c, mobile, { count: 1 });
  assert.equal(r.headers.get('location'), '/');
  await logout(c);

  const c2 = new Client();
  r = await c2.login(u.login, PASSWORD);
  assert.equal(r.headers.get('location'), '/auth/mfa');
  page = await c2.get('/auth/mfa');
  const sms = await waitForSms(mobile, { count: 2 });
  assertAccepted(await c2.post('/auth/mfa', { csrf: csrfOf(page.text), code: codeIn(sms.text) }), 'SMS code');
  assert.equal(smsTo(mobile).length, 2, 'the confirmation SMS and one login code');
  assert.equal(codesSent(u.id), 2, 'both codes are in the history');
});

test('e-mail chosen at first login: a code mail at the next login, not before', async () => {
  const u = createTemporaryUser();
  const c = new Client();
  await c.login(u.login, u.password);
  let page = await c.get('/auth/first/password');
  await c.post('/auth/first/password', { csrf: csrfOf(page.text), password: PASSWORD, password_confirm: PASSWORD });
  page = await c.get('/auth/first/user-id');
  await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: u.login });
  page = await c.get('/auth/first/mfa');
  const r = await c.post('/auth/first/mfa', { csrf: csrfOf(page.text), method: 'email' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.equal((await c.get('/')).status, 200);
  assert.deepEqual(outboxTo(u.login, { subject: SUBJECTS.code }), [], 'no code during the setup');
  await logout(c);
  const { client, csrf, code } = await loginForCode({ login: u.login, password: PASSWORD }, 1);
  assertAccepted(await client.post('/auth/mfa', { csrf, code }), 'mailed code');
  assert.equal(outboxTo(u.login, { subject: SUBJECTS.code }).length, 1, 'one code queued');
});
