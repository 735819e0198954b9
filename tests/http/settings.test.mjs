// Account settings (ACC-1 language, ACC-2 password change, AUTH-6 method):
// /account/, /account/password, /account/language, /account/mfa.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, loggedIn, csrfOf, textById, listById, hiddenValue, chooseMfa, logout, setCookies,
  uniqueMobile, dbRows, LOGIN_FAILED,
} from '../lib/http.mjs';
import { waitForMail, outboxTo, SUBJECTS } from '../lib/mail.mjs';

const NEW_PASSWORD = 'St6#Vb2=Kp9!Qw';
const TO_LOGIN = '/auth/login?next=%2F';
const SAVED = '設定を保存しました。';

async function changePassword(client, current, password, confirm = password) {
  const form = await client.get('/account/password');
  assert.equal(form.status, 200);
  return client.post('/account/password', {
    csrf: csrfOf(form.text), current_password: current, password, password_confirm: confirm,
  });
}

test('/account/ shows the user ID, e-mail, current 2-step method and the links', async () => {
  const { user, client } = await loggedIn();
  const r = await client.get('/account/');
  assert.equal(r.status, 200);
  assert.match(r.text, /<html lang="ja">/);
  assert.ok(r.text.includes('アカウント設定'));
  assert.equal(textById(r.text, 'mfa-current'), '設定しない — 変更');
  assert.match(r.text, /<a href="\/account\/mfa">/);
  assert.match(r.text, /<a href="\/account\/password" id="change-password">/);
  assert.ok(r.text.includes(user.login));
  await chooseMfa(client, 'email');
  const after = await client.get('/account/');
  assert.equal(textById(after.text, 'mfa-current'), 'メールで確認コードを受け取る — 変更');
});

test('password change: a wrong current password is refused, nothing changes', async () => {
  const { user, client } = await loggedIn();
  const r = await changePassword(client, 'Wrong#Passw0rd!', NEW_PASSWORD);
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'current-password-error'), '現在のパスワードが正しくありません。');
  assert.equal(textById(r.text, 'password-error'), null);
  // Still logged in, the password unchanged.
  assert.equal((await client.get('/')).status, 200);
  assert.equal((await new Client().login(user.login, user.password)).status, 303);
  assert.equal(textById((await new Client().login(user.login, NEW_PASSWORD)).text, 'login-error'), LOGIN_FAILED);
});

test('wrong current passwords count toward the lockout: the 5th ends this session only', async () => {
  const { user, client } = await loggedIn();
  const other = new Client();
  await other.loginOk(user);
  for (let i = 1; i <= 4; i++) {
    const r = await changePassword(client, `Wrong#Passw0rd${i}`, NEW_PASSWORD);
    assert.equal(r.status, 200, `wrong current password ${i}`);
    assert.equal(textById(r.text, 'current-password-error'), '現在のパスワードが正しくありません。');
  }
  const fifth = await changePassword(client, 'Wrong#Passw0rd5', NEW_PASSWORD);
  assert.equal(fifth.status, 200);
  assert.equal(textById(fifth.text, 'login-error'), LOGIN_FAILED, 'the login page, as for every lock');
  const gone = await client.get('/');
  assert.equal(gone.status, 303, 'the session that ran into the lock ended');
  assert.equal(gone.headers.get('location'), TO_LOGIN);
  // one rule for every lock (README): the user's other sessions stay
  assert.equal((await other.get('/')).status, 200, 'another session of the user stays');
  await waitForMail(user.login, { subject: SUBJECTS.lockout });
  assert.equal(textById((await new Client().login(user.login, user.password)).text, 'login-error'), LOGIN_FAILED);
});

test('password change: policy and confirmation are checked, the same password refused', async () => {
  const { user, client } = await loggedIn();
  let r = await changePassword(client, user.password, 'short1A!', 'short1A?');
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'current-password-error'), null);
  assert.equal(textById(r.text, 'password-error'), 'パスワードが条件を満たしていません。');
  assert.deepEqual(listById(r.text, 'password-rules-error'), ['文字数が足りません。']);
  assert.equal(textById(r.text, 'password-confirm-error'), '確認用のパスワードが一致しません。');
  r = await changePassword(client, user.password, user.password);
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'password-error'), '現在のパスワードと同じパスワードは使えません。');
  assert.equal((await new Client().login(user.login, user.password)).status, 303, 'unchanged');
});

test('password change: 303 /account/?saved=1, new session here, other sessions end', async () => {
  const { user, client } = await loggedIn();
  const other = new Client();
  await other.loginOk(user);
  const oldToken = client.jar.get('mm_session');
  const r = await changePassword(client, user.password, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/?saved=1');
  const sess = setCookies(r).filter((k) => k.name === 'mm_session');
  assert.equal(sess.length, 1, 'a new session cookie');
  assert.match(sess[0].value, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(sess[0].value, oldToken);

  const page = await client.get('/account/?saved=1');
  assert.equal(page.status, 200, 'this browser stays logged in');
  assert.equal(textById(page.text, 'account-notice'), SAVED);
  const gone = await other.get('/');
  assert.equal(gone.status, 303, 'the other session ended');
  assert.equal(gone.headers.get('location'), TO_LOGIN);
  const replay = new Client();
  replay.jar.set('mm_session', oldToken);
  const old = await replay.get('/');
  assert.equal(old.status, 303, 'the old token of this browser is dead');
  assert.equal(old.headers.get('location'), TO_LOGIN);

  assert.equal(textById((await new Client().login(user.login, user.password)).text, 'login-error'), LOGIN_FAILED);
  assert.equal((await new Client().login(user.login, NEW_PASSWORD)).status, 303);
});

test('password change needs the form token', async () => {
  const { user, client } = await loggedIn();
  const r = await client.post('/account/password', {
    current_password: user.password, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD,
  });
  assert.equal(r.status, 403);
  assert.equal((await new Client().login(user.login, user.password)).status, 303, 'unchanged');
});

test('language: English switches the whole UI and stays after logout and login', async () => {
  const { user, client } = await loggedIn();
  const form = await client.get('/account/');
  assert.match(form.text, /<select id="lang" name="lang">/);
  const r = await client.post('/account/language', { csrf: csrfOf(form.text), lang: 'en' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/?saved=1');
  const en = await client.get('/account/?saved=1');
  assert.match(en.text, /<html lang="en">/);
  assert.ok(en.text.includes('Account settings'));
  assert.equal(en.text.includes('アカウント設定'), false);
  assert.match(en.text, /<option value="en" selected>English<\/option>/);
  const home = await client.get('/');
  assert.match(home.text, /<html lang="en">/);
  assert.equal(textById(home.text, 'logout-button'), 'Log out');
  await logout(client);

  // A browser that never chose a language: the user's setting wins after login.
  const fresh = new Client();
  await fresh.loginOk(user);
  const again = await fresh.get('/account/');
  assert.match(again.text, /<html lang="en">/);
  assert.ok(again.text.includes('Account settings'));

  // And back to Japanese.
  const back = await fresh.post('/account/language', { csrf: csrfOf(again.text), lang: 'ja' });
  assert.equal(back.status, 303);
  const ja = await fresh.get('/account/');
  assert.match(ja.text, /<html lang="ja">/);
  assert.ok(ja.text.includes('アカウント設定'));
});

test('language: only ja and en are accepted', async () => {
  const { client } = await loggedIn();
  const form = await client.get('/account/');
  for (const lang of ['fr', '', 'english', 'ja\r\nX: 1']) {
    const r = await client.post('/account/language', { csrf: csrfOf(form.text), lang });
    assert.ok(r.status === 400 || r.status === 200, `lang ${JSON.stringify(lang)} → ${r.status}`);
    assert.equal(r.headers.get('x'), null);
  }
  const page = await client.get('/account/');
  assert.match(page.text, /<html lang="ja">/);
});

test('2-step method: e-mail is saved and a notice mail is sent', async () => {
  const { user, client } = await loggedIn();
  const r = await chooseMfa(client, 'email');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  const page = await client.get('/account/mfa?saved=1');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(SAVED));
  assert.equal(textById(page.text, 'mfa-current'), 'メールで確認コードを受け取る');
  assert.match(page.text, /<input type="radio" name="method" value="email" checked>/);
  const mail = await waitForMail(user.login, { subject: SUBJECTS.mfaChanged });
  assert.ok(mail.body.includes('お使いのアカウントの2段階認証の設定が変更されました。'));
  assert.ok(mail.body.includes(user.login));
});

test('2-step method: "none" asks for a confirmation first', async () => {
  const { user, client } = await loggedIn();
  await chooseMfa(client, 'email');
  await waitForMail(user.login, { subject: SUBJECTS.mfaChanged });
  const form = await client.get('/account/mfa');
  const ask = await client.post('/account/mfa', { csrf: csrfOf(form.text), method: 'none' });
  assert.equal(ask.status, 200);
  assert.match(ask.text, /id="confirm-none"/);
  assert.ok(ask.text.includes('2段階認証を設定しなくてよろしいですか?'));
  assert.equal(hiddenValue(ask.text, 'confirm_none'), '1');
  // Not saved yet.
  const still = await client.get('/account/');
  assert.equal(textById(still.text, 'mfa-current'), 'メールで確認コードを受け取る — 変更');
  // only the dialog's own value confirms
  for (const value of ['0', '2', '']) {
    const no = await client.post('/account/mfa', { csrf: csrfOf(ask.text), method: 'none', confirm_none: value });
    assert.equal(no.status, 200, `confirm_none=${value}`);
    assert.match(no.text, /id="confirm-none"/, `confirm_none=${value} asks again`);
  }
  assert.equal(textById((await client.get('/account/')).text, 'mfa-current'), 'メールで確認コードを受け取る — 変更');
  const yes = await client.post('/account/mfa', { csrf: csrfOf(ask.text), method: 'none', confirm_none: '1' });
  assert.equal(yes.status, 303);
  assert.equal(yes.headers.get('location'), '/account/mfa?saved=1');
  const now = await client.get('/account/');
  assert.equal(textById(now.text, 'mfa-current'), '設定しない — 変更');
  await waitForMail(user.login, { subject: SUBJECTS.mfaChanged, count: 2 });
  // The next login asks for no code.
  await logout(client);
  const r = await new Client().login(user.login, user.password);
  assert.equal(r.headers.get('location'), '/');
});

test('2-step method: SMS needs a valid mobile number', async () => {
  const { user, client } = await loggedIn();
  let r = await chooseMfa(client, 'sms');
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'mobile-error'), 'SMSを使う場合は携帯電話番号を入力してください。');
  r = await chooseMfa(client, 'sms', { mobile: '0901234' });
  assert.equal(r.status, 200);
  assert.ok(textById(r.text, 'mobile-error'));
  assert.equal(textById((await client.get('/account/')).text, 'mfa-current'), '設定しない — 変更');
  assert.deepEqual(outboxTo(user.login, { subject: SUBJECTS.mfaChanged }), []);
  const mobile = uniqueMobile();
  r = await chooseMfa(client, 'sms', { mobile });
  assert.equal(r.status, 303);
  const page = await client.get('/account/mfa');
  assert.equal(textById(page.text, 'mfa-current'), 'SMSで確認コードを受け取る');
  assert.match(page.text, new RegExp(`<input id="mobile" name="mobile"[^>]*value="${mobile}"`));
});

test('2-step method: moving SMS codes to another phone sends the notice too (AUTH-12)', async () => {
  const { user, client } = await loggedIn();
  const first = uniqueMobile();
  const second = uniqueMobile();
  let r = await chooseMfa(client, 'sms', { mobile: first });
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  await waitForMail(user.login, { subject: SUBJECTS.mfaChanged, count: 1 });
  // (a new code may go out 30 s after the last one of this session)
  r = await chooseMfa(client, 'sms', { mobile: second, clock: 31 });
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  assert.deepEqual(dbRows(`SELECT mfa_method, mobile FROM users WHERE id = ${user.id}`), [['sms', second]]);
  await waitForMail(user.login, { subject: SUBJECTS.mfaChanged, count: 2 });
});

test('2-step method change needs the form token', async () => {
  const { client } = await loggedIn();
  await chooseMfa(client, 'email');
  const r = await client.post('/account/mfa', { method: 'none', confirm_none: '1' });
  assert.equal(r.status, 403);
  assert.equal(textById((await client.get('/account/')).text, 'mfa-current'), 'メールで確認コードを受け取る — 変更');
});

test('settings pages need a login', async () => {
  const c = new Client();
  for (const path of ['/account/', '/account/password', '/account/mfa']) {
    const r = await c.get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), `/auth/login?next=${encodeURIComponent(path)}`, path);
  }
});
