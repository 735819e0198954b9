// Password reset (AUTH-9): user ID + registered e-mail → a mail with a
// single-use link valid 30 minutes → a new password (policy enforced). The
// answer never tells whether the user ID or the e-mail matched; 5
// mismatches block a user ID for 20 minutes; after a completed reset no
// new one for 24 hours; a reset ends every session and does not skip the
// second factor. Time travel with X-Test-Clock-Offset.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, createTemporaryUser, csrfOf, textById, listById, withoutCsrf, chooseMfa,
  logout, uniqueId, dbRows, sqlString, BASE, LOGIN_FAILED, TEMP_PASSWORD,
} from '../lib/http.mjs';
import {
  waitForMail, mailsTo, outboxTo, codeIn, resetLinkIn, SUBJECTS,
} from '../lib/mail.mjs';
import { FcgiClient, privatePrograms } from '../lib/private.mjs';

const NEW_PASSWORD = 'Rs7!Np4#Wq9=Xm';
const SENT = '入力内容が登録内容と一致した場合、パスワード再設定用のメールを送信しました。メールのリンクは30分間有効です。';
const BLOCKED = '確認に失敗した回数が多すぎます。しばらく(20分)たってからもう一度お試しください。';
const COOLDOWN_SUBJECT = '【Mimamori】パスワード再設定の申請について';
const INVALID = 'このリンクは無効か、有効期限が切れています。もう一度お手続きください。';
const MIN = 60;
const HOUR = 3600;

/** POST /auth/reset from a fresh browser; returns the answer. */
async function requestReset(userId, email, { clock } = {}) {
  const c = new Client();
  const form = await c.get('/auth/reset', { clock });
  assert.equal(form.status, 200);
  return c.post('/auth/reset', { csrf: csrfOf(form.text), user_id: userId, email }, { clock });
}

/** Requests a reset for the user and returns the link path of the n-th reset mail. */
async function resetLink(user, n = 1) {
  const r = await requestReset(user.login, user.email || user.login);
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'reset-sent'), SENT);
  const mail = await waitForMail(user.email || user.login, { subject: SUBJECTS.reset, count: n });
  return resetLinkIn(mail.body).path;
}

/** Sets a new password through the link; returns the POST answer. */
async function setPassword(path, password, confirm = password, { client = new Client(), clock } = {}) {
  const page = await client.get(path, { clock });
  assert.equal(page.status, 200, `GET ${path}`);
  return client.post(path, { csrf: csrfOf(page.text), password, password_confirm: confirm }, { clock });
}

test('the request answer is the same for an unknown user, a wrong e-mail and a match', async () => {
  const email = uniqueId('rmail');
  const user = { ...createUser({ email }), email };
  const wrongEmail = uniqueId('wrong');
  const form = await new Client().get('/auth/reset');
  assert.match(form.text, /<form method="post" action="\/auth\/reset"/);
  assert.match(form.text, /<input id="user_id" name="user_id"/);
  assert.match(form.text, /<input id="email" name="email" type="email"/);

  const unknown = await requestReset(uniqueId('nobody'), user.email);
  const mismatch = await requestReset(user.login, wrongEmail);
  const match = await requestReset(user.login, user.email);
  for (const [what, r] of [['unknown user', unknown], ['wrong e-mail', mismatch], ['match', match]]) {
    assert.equal(r.status, 200, what);
    assert.equal(textById(r.text, 'reset-sent'), SENT, what);
    assert.equal(textById(r.text, 'reset-error'), null, what);
  }
  assert.equal(withoutCsrf(mismatch.text), withoutCsrf(unknown.text), 'wrong e-mail looks like unknown user');
  assert.equal(withoutCsrf(match.text), withoutCsrf(unknown.text), 'match looks like unknown user');
  assert.equal(mismatch.text.includes(user.login), false, 'the user ID is not echoed');

  // Only the match sends a mail, to the registered address.
  const mail = await waitForMail(user.email, { subject: SUBJECTS.reset });
  const link = resetLinkIn(mail.body);
  assert.equal(link.origin, BASE, 'the link points to the portal');
  assert.match(link.path, /^\/auth\/reset\/[A-Za-z0-9_-]{43}$/);
  assert.ok(mail.body.includes('リンクの有効期限は 30 分です。1回だけ使えます。'), mail.body);
  assert.deepEqual(mailsTo(wrongEmail), []);
  assert.equal(outboxTo(user.email, { subject: SUBJECTS.reset }).length, 1, 'one link queued');
  assert.equal(outboxTo(wrongEmail).length, 0);
});

test('the e-mail is compared without regard to letter case', async () => {
  const email = uniqueId('case');
  const user = { ...createUser({ email }), email };
  const r = await requestReset(user.login, user.email.toUpperCase());
  assert.equal(textById(r.text, 'reset-sent'), SENT);
  await waitForMail(user.email, { subject: SUBJECTS.reset });
});

test('one link posted twice at once: exactly one new password is set', async () => {
  const user = createUser();
  const path = await resetLink(user);
  const a = new Client();
  const b = new Client();
  const pages = await Promise.all([a.get(path), b.get(path)]);
  const passwords = ['Tq8#nRw3!yMz5kA', 'Hj4!pLx9#cVb2nE'];
  const answers = await Promise.all([a, b].map((c, i) => c.post(path, {
    csrf: csrfOf(pages[i].text), password: passwords[i], password_confirm: passwords[i],
  })));
  const won = answers.map((r) => r.status === 303);
  assert.equal(won.filter(Boolean).length, 1, 'one request set the password');
  const loser = answers[won.indexOf(false)];
  assert.equal(loser.status, 404);
  assert.equal(textById(loser.text, 'reset-invalid'), INVALID);
  const winner = passwords[won.indexOf(true)];
  assert.equal((await new Client().login(user.login, winner)).status, 303, 'the winner\'s password works');
  const other = passwords[won.indexOf(false)];
  assert.equal(textById((await new Client().login(user.login, other)).text, 'login-error'), LOGIN_FAILED);
});

test('the link: no-referrer, policy enforced, sets the password once → login page', async () => {
  const user = createUser();
  const path = await resetLink(user);
  const c = new Client();
  const page = await c.get(path);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.match(page.text, new RegExp(`<form method="post" action="${path}"`));
  assert.match(page.text, /id="pw-checklist"/);

  let r = await c.post(path, { csrf: csrfOf(page.text), password: 'password', password_confirm: 'password' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(textById(r.text, 'password-error'), 'パスワードが条件を満たしていません。');
  assert.deepEqual(listById(r.text, 'password-rules-error'), ['文字数が足りません。', '英大文字を含めてください。',
    '数字を含めてください。', '記号(!@#$%&*?+-=)を含めてください。', '辞書に載っている単語やよく使われるパスワードは使用できません。']);
  r = await c.post(path, { csrf: csrfOf(r.text), password: NEW_PASSWORD, password_confirm: `${NEW_PASSWORD}!` });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'password-confirm-error'), '確認用のパスワードが一致しません。');
  // The failed tries did not use the link up.
  r = await c.post(path, { csrf: csrfOf(r.text), password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/login?reset=1');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');

  const done = await c.get('/auth/login?reset=1');
  assert.ok(done.text.includes('パスワードを再設定しました。新しいパスワードでログインしてください。'));
  const ok = await new Client().login(user.login, NEW_PASSWORD);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
  const old = await new Client().login(user.login, user.password);
  assert.equal(textById(old.text, 'login-error'), LOGIN_FAILED);

  // Used: the link is dead, for GET and POST.
  const again = await new Client().get(path);
  assert.equal(again.status, 404);
  assert.equal(textById(again.text, 'reset-invalid'), INVALID);
  assert.equal(again.headers.get('referrer-policy'), 'no-referrer');
  const post = await c.post(path, { csrf: csrfOf(page.text), password: 'An0ther#Passw0rd', password_confirm: 'An0ther#Passw0rd' });
  assert.equal(post.status, 404);
  assert.equal(textById(post.text, 'reset-invalid'), INVALID);
  const still = await new Client().login(user.login, NEW_PASSWORD);
  assert.equal(still.status, 303, 'the password set through the link stays');
});

test('the reset form drops blanks around the user ID and the e-mail at both ends alike', async () => {
  const email = uniqueId('rtrim');
  const user = createUser({ email });
  const r = await requestReset(` ${user.login}\u3000`, ` ${email} `);
  assert.equal(textById(r.text, 'reset-sent'), SENT);
  await waitForMail(email, { subject: SUBJECTS.reset });
});

test('a completed reset sends the "password changed" notice to the registered address', async () => {
  const email = uniqueId('rnotice');
  const user = { ...createUser({ email, name: '再設定 花子' }), email };
  const path = await resetLink(user);
  assert.deepEqual(outboxTo(email, { subject: SUBJECTS.passwordChanged }), [], 'nothing before the reset');
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  const mail = await waitForMail(email, { subject: SUBJECTS.passwordChanged });
  assert.ok(mail.body.includes('お使いのアカウントのパスワードが変更されました。'), mail.body);
  assert.ok(mail.body.startsWith(`${user.name} 様\n`), mail.body);
  assert.match(mail.body, /日時: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Tokyo\)\n/);
  assert.ok(mail.body.includes(user.login), 'the user ID');
  assert.equal(outboxTo(email, { subject: SUBJECTS.passwordChanged }).length, 1, 'one notice');
});

test('the English "password changed" notice starts with "Dear <name>," and names the zone of its time', async () => {
  const email = uniqueId('rnoticeen');
  const user = { ...createUser({ email, lang: 'en', name: 'Reset Hanako' }), email };
  dbRows(`UPDATE users SET time_zone = 'America/New_York' WHERE id = ${user.id}`);
  assert.equal(textById((await requestReset(user.login, email)).text, 'reset-sent'), SENT);
  const link = await waitForMail(email, { subject: '[Mimamori] Reset your password' });
  const { path } = resetLinkIn(link.body);
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  const mail = await waitForMail(email, { subject: '[Mimamori] Your password was changed' });
  assert.ok(mail.body.startsWith('Dear Reset Hanako,\n'), mail.body);
  assert.match(mail.body, /Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(America\/New_York\)\n/);
});

test('the link page names the user ID it sets the password of, also in a browser logged in as another user', async () => {
  const email = uniqueId('rwhose');
  const user = { ...createUser({ email }), email };
  const path = await resetLink(user);
  const other = createUser();
  const c = new Client();
  await c.loginOk(other);
  const page = await c.get(path);
  assert.equal(page.status, 200);
  assert.equal(textById(page.text, 'reset-user'), `このリンクでパスワードを設定するユーザーID: ${user.login}`);
  // the live checklist gets the values the server's "no user ID or e-mail" rule compares with
  assert.match(page.text, new RegExp(`data-user="${user.login.replace(/[.+]/g, '\\$&')}" data-email="${email.replace(/[.+]/g, '\\$&')}"`));
});

test('the link expires after 30 minutes', async () => {
  const user = createUser();
  const path = await resetLink(user);
  const c = new Client();
  const late = await c.get(path, { clock: 30 * MIN + 1 });
  assert.equal(late.status, 404);
  assert.equal(textById(late.text, 'reset-invalid'), INVALID);
  const page = await c.get(path, { clock: 29 * MIN + 50 });
  assert.equal(page.status, 200, 'still valid just before 30 minutes');
  const post = await c.post(path, { csrf: csrfOf(page.text), password: NEW_PASSWORD, password_confirm: NEW_PASSWORD },
    { clock: 30 * MIN + 1 });
  assert.equal(post.status, 404, 'a form opened in time cannot be sent after 30 minutes');
  assert.equal(textById(post.text, 'reset-invalid'), INVALID);
  const ok = await new Client().login(user.login, user.password);
  assert.equal(ok.status, 303, 'the old password still works');
});

test('made-up links are invalid (404)', async () => {
  for (const path of ['/auth/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/auth/reset/x', '/auth/reset/%3Cscript%3E']) {
    const r = await new Client().get(path);
    assert.equal(r.status, 404, path);
    assert.equal(textById(r.text, 'reset-invalid'), INVALID, path);
    assert.equal(r.text.includes('<script>'), false);
  }
});

test('a completed reset makes the other outstanding links of the user invalid', async () => {
  const user = createUser();
  const first = await resetLink(user, 1);
  const second = await resetLink(user, 2);
  assert.notEqual(first, second);
  const r = await setPassword(second, NEW_PASSWORD);
  assert.equal(r.status, 303);
  // The password was reset: the older link must not set it once more (it
  // would also get round the 24-hour pause between resets).
  const old = await new Client().get(first);
  assert.equal(old.status, 404, 'older link after a completed reset');
  assert.equal(textById(old.text, 'reset-invalid'), INVALID);
  const c = new Client();
  const post = await c.post(first, { csrf: csrfOf((await c.get('/auth/reset')).text), password: 'An0ther#Passw0rd', password_confirm: 'An0ther#Passw0rd' });
  assert.equal(post.status, 404, 'POST to the older link after a completed reset');
  const ok = await new Client().login(user.login, NEW_PASSWORD);
  assert.equal(ok.status, 303, 'the password of the completed reset stays');
});

test('5 mismatches block the user ID for 20 minutes, even with the right e-mail', async () => {
  const user = createUser();
  const other = createUser();
  for (let i = 1; i <= 5; i++) {
    const r = await requestReset(user.login, uniqueId('wrong'));
    assert.equal(textById(r.text, 'reset-sent'), SENT, `mismatch ${i} looks like a success`);
  }
  const blocked = await requestReset(user.login, user.login);
  assert.equal(blocked.status, 200);
  assert.equal(textById(blocked.text, 'reset-error'), BLOCKED);
  assert.equal(textById(blocked.text, 'reset-sent'), null);
  const still = await requestReset(user.login, user.login, { clock: 19 * MIN + 50 });
  assert.equal(textById(still.text, 'reset-error'), BLOCKED, 'still blocked after 19 min 50 s');
  assert.deepEqual(outboxTo(user.login, { subject: SUBJECTS.reset }), [], 'no reset mail while blocked');
  // Another user ID is not blocked.
  const r2 = await requestReset(other.login, other.login);
  assert.equal(textById(r2.text, 'reset-sent'), SENT);
  await waitForMail(other.login, { subject: SUBJECTS.reset });
  // 20 minutes later the block is over: the link is sent.
  const free = await requestReset(user.login, user.login, { clock: 20 * MIN + 1 });
  assert.equal(textById(free.text, 'reset-sent'), SENT);
  assert.equal(textById(free.text, 'reset-error'), null);
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.reset }).length, 1, 'the reset mail is queued');
});

test('only 5 mismatches in a row block: a matching request starts the count again', async () => {
  const user = createUser();
  const failures = () => dbRows(`SELECT failures FROM reset_failures WHERE login_id = '#${user.id}'`);
  for (let i = 0; i < 4; i++) await requestReset(user.login, uniqueId('wrong'));
  assert.deepEqual(failures(), [['4']]);
  const match = await requestReset(user.login, user.login);
  assert.equal(textById(match.text, 'reset-sent'), SENT);
  await waitForMail(user.login, { subject: SUBJECTS.reset });
  assert.deepEqual(failures(), [], 'the match ends the run of failures');
  for (let i = 0; i < 4; i++) {
    const r = await requestReset(user.login, uniqueId('wrong'));
    assert.equal(textById(r.text, 'reset-error'), null, `mismatch ${i + 1} after the match is not blocked`);
  }
  const again = await requestReset(user.login, user.login);
  assert.equal(textById(again.text, 'reset-error'), null, '4 + 1 + 4 is not 5 in a row');
  assert.equal(textById(again.text, 'reset-sent'), SENT);
  await waitForMail(user.login, { subject: SUBJECTS.reset, count: 2 });
  // five in a row still block
  for (let i = 0; i < 5; i++) await requestReset(user.login, uniqueId('wrong'));
  assert.equal(textById((await requestReset(user.login, user.login)).text, 'reset-error'), BLOCKED);
});

test('the block holds for unknown user IDs too; the typed text is not stored', async () => {
  const ghost = uniqueId('ghost');
  for (let i = 0; i < 5; i++) await requestReset(ghost, uniqueId('w'));
  const r = await requestReset(ghost, uniqueId('w'));
  assert.equal(textById(r.text, 'reset-error'), BLOCKED);
  assert.deepEqual(dbRows(`SELECT COUNT(*) FROM reset_failures WHERE login_id = ${sqlString(ghost)}`), [['0']],
    'the typed text is not stored, only its keyed hash');
});

// Tests that send many requests use a private auth instance and a client
// address of their own each: the stack's programs count every test's
// requests from 127.0.0.1 against one per-client limit.
let instance;
after(async () => { if (instance) await instance.stop(); });
/** POST /auth/reset to the private instance from a new client address. */
async function requestResetElsewhere(userId, email, { clock } = {}) {
  if (!instance) instance = await privatePrograms(['auth']);
  return new FcgiClient(instance.sockets).post('/auth/reset', { user_id: userId, email }, { clock });
}

/** A user ID short enough to take a few more characters (40 at most). */
function shortId(prefix) {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 8)}@t.example`;
}

test('the block counts per user ID as the login compares it: letter case and trailing spaces do not escape it', async () => {
  const login = shortId('rcase');
  const user = createUser({ login });
  for (let i = 1; i <= 5; i++) {
    const r = await requestResetElsewhere(login, uniqueId('wrong'));
    assert.equal(textById(r.text, 'reset-sent'), SENT, `mismatch ${i}`);
  }
  for (const variant of [login.toUpperCase(), `${login[0].toUpperCase()}${login.slice(1)}`, `${login}  `]) {
    const r = await requestResetElsewhere(variant, login);
    assert.equal(textById(r.text, 'reset-error'), BLOCKED, `${JSON.stringify(variant)} is blocked too`);
  }
  assert.deepEqual(outboxTo(login, { subject: SUBJECTS.reset }), [], 'no reset mail while blocked');
  const free = await requestResetElsewhere(user.login.toUpperCase(), login, { clock: 20 * MIN + 1 });
  assert.equal(textById(free.text, 'reset-sent'), SENT);
  assert.equal(outboxTo(login, { subject: SUBJECTS.reset }).length, 1, 'after the block the link is sent');
});

test('the block of an unknown user ID also holds for its other spellings (nothing tells them apart)', async () => {
  const ghost = shortId('rghost');
  for (let i = 0; i < 3; i++) await requestResetElsewhere(ghost, uniqueId('w'));
  await requestResetElsewhere(ghost.toUpperCase(), uniqueId('w'));
  await requestResetElsewhere(`${ghost} `, uniqueId('w'));
  for (const variant of [ghost, ghost.toUpperCase(), `${ghost}   `]) {
    const r = await requestResetElsewhere(variant, uniqueId('w'));
    assert.equal(textById(r.text, 'reset-error'), BLOCKED, `${JSON.stringify(variant)}`);
  }
  const other = await requestResetElsewhere(shortId('rghost'), uniqueId('w'));
  assert.equal(textById(other.text, 'reset-error'), null, 'another unknown ID is not blocked');
});

test('after a completed reset no new reset for 24 hours', async () => {
  const user = createUser();
  const path = await resetLink(user);
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  const soon = await requestReset(user.login, user.login, { clock: 23 * HOUR + 59 * MIN });
  assert.equal(soon.status, 200);
  // the page says what it says to anyone (it must not confirm that this
  // user ID and e-mail belong together); only the owner's mailbox is told
  assert.equal(textById(soon.text, 'reset-error'), null);
  assert.equal(textById(soon.text, 'reset-sent'), SENT);
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.reset }).length, 1, 'no second link queued');
  assert.equal(outboxTo(user.login, { subject: COOLDOWN_SUBJECT }).length, 1, 'the owner is told about the pause');
  const later = await requestReset(user.login, user.login, { clock: 24 * HOUR + 1 });
  assert.equal(textById(later.text, 'reset-sent'), SENT);
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.reset }).length, 2, 'a new link is queued after 24 h');
});

test('a reset ends every session of the user', async () => {
  const user = createUser();
  const a = new Client();
  const b = new Client();
  await a.loginOk(user);
  await b.loginOk(user);
  const path = await resetLink(user);
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  for (const [name, c] of [['a', a], ['b', b]]) {
    const r = await c.get('/');
    assert.equal(r.status, 303, `session ${name}`);
    assert.equal(r.headers.get('location'), '/auth/login?next=%2F', `session ${name}`);
  }
});

test('a reset does not skip the second factor (and revokes trusted browsers)', async () => {
  const user = createUser();
  const c = new Client();
  await c.loginOk(user);
  assert.equal((await chooseMfa(c, 'email')).headers.get('location'), '/account/mfa?saved=1');
  await logout(c);
  // Log in once with "trust this browser".
  let r = await c.login(user.login, user.password);
  assert.equal(r.headers.get('location'), '/auth/mfa');
  let page = await c.get('/auth/mfa');
  let mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: 1 });
  r = await c.post('/auth/mfa', { csrf: csrfOf(page.text), code: codeIn(mail.body), trust: '1' });
  assert.equal(r.headers.get('location'), '/');
  assert.ok(c.jar.has('mm_trust'));
  await logout(c);

  const path = await resetLink(user);
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  r = await c.login(user.login, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa', 'the code is asked after a reset');
  page = await c.get('/auth/mfa');
  mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: 2 });
  r = await c.post('/auth/mfa', { csrf: csrfOf(page.text), code: codeIn(mail.body) });
  assert.equal(r.headers.get('location'), '/');
});

test('a reset unlocks a locked user ID', async () => {
  const user = createUser();
  for (let i = 0; i < 5; i++) await new Client().login(user.login, 'Wrong#Passw0rd!');
  const locked = await new Client().login(user.login, user.password);
  assert.equal(textById(locked.text, 'login-error'), LOGIN_FAILED);
  const path = await resetLink(user);
  assert.equal((await setPassword(path, NEW_PASSWORD)).status, 303);
  const ok = await new Client().login(user.login, NEW_PASSWORD);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
});

test('an expired temporary password: reset, then the first login goes on at the user ID step', async () => {
  const email = uniqueId('tmpmail');
  const u = createTemporaryUser({ email });
  const refused = await new Client().login(u.login, TEMP_PASSWORD, { clock: 14 * 86400 + 60 });
  assert.equal(refused.status, 200);
  assert.ok(textById(refused.text, 'login-error').includes('仮パスワードの有効期限(14日間)が切れています'));

  const path = await resetLink({ login: u.login, email });
  const set = await setPassword(path, NEW_PASSWORD);
  assert.equal(set.status, 303);
  assert.equal(set.headers.get('location'), '/auth/login?reset=1');

  // (Logged in at the real time: a session opened 14 days ahead would end
  // every other test's sessions as idle.)
  const c = new Client();
  const r = await c.login(u.login, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first');
  const step = await c.get('/auth/first');
  assert.equal(step.status, 303);
  assert.equal(step.headers.get('location'), '/auth/first/user-id', 'the password step is done');
  const pw = await c.get('/auth/first/password');
  assert.equal(pw.status, 303);
  assert.equal(pw.headers.get('location'), '/auth/first/user-id');
  const page = await c.get('/auth/first/user-id');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<input id="login_id"[^>]*value="${email.replace(/[.]/g, '\\.')}"`));
});

test('the reset pages send no Referer; the link page holds its token only in the form action', async () => {
  const r = await new Client().get('/auth/reset');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  const user = createUser();
  const path = await resetLink(user);
  const page = await new Client().get(path);
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  // The token appears only in the form action, not in any outgoing link.
  const token = path.split('/').pop();
  const uses = page.text.split(token).length - 1;
  assert.equal(uses, 1, 'the token appears once (the form action)');
});

test('the block message gives the lock time of the settings', async () => {
  const inst = await privatePrograms(['auth'], ['Auth.MaxFailures = 3', 'Auth.LockMinutes = 7']);
  try {
    const c = new FcgiClient(inst.sockets);
    const user = createUser();
    for (let i = 0; i < 3; i++) c.post('/auth/reset', { user_id: user.login, email: uniqueId('wrong') });
    const blocked = c.post('/auth/reset', { user_id: user.login, email: user.login });
    assert.equal(textById(blocked.text, 'reset-error'), '確認に失敗した回数が多すぎます。しばらく(7分)たってからもう一度お試しください。');
  } finally {
    await inst.stop();
  }
});

test('the request page tells whom to ask and warns of the block of the settings (seed 002 §4.4)', async () => {
  const page = await new Client().get('/auth/reset');
  assert.equal(textById(page.text, 'reset-user-id-hint'), 'ユーザーIDを忘れたときは、お客さまの管理者ユーザーに確認してください。');
  assert.equal(textById(page.text, 'reset-email-hint'), '登録されているメールアドレスは、お客さまの管理者ユーザーに確認してください。');
  assert.equal(textById(page.text, 'reset-warning'), 'ご注意ください:登録情報と一致しないメールアドレスを入力すると、確認の失敗と見なされます。'
    + '5回連続で失敗するとその時点から20分間リセットできない状態になりますので、お客さまの管理者ユーザーに登録情報を確認のうえ、20分経過後にもう一度お試しください。');
  const en = new Client();
  en.jar.set('mm_lang', 'en');
  assert.match(textById((await en.get('/auth/reset')).text, 'reset-warning'), /After 5 failures in a row, resets are blocked for 20 minutes/);
  // another configuration: its figures
  const inst = await privatePrograms(['auth'], ['Auth.MaxFailures = 3', 'Auth.LockMinutes = 7']);
  try {
    const own = new FcgiClient(inst.sockets).get('/auth/reset');
    assert.match(textById(own.text, 'reset-warning'), /3回連続で失敗するとその時点から7分間リセットできない状態になります.*7分経過後に/);
  } finally {
    await inst.stop();
  }
});
