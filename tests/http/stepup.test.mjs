// AUTH-12 step-up: a live session alone cannot change the 2-step method,
// re-enrol the authenticator app or confirm a new SMS number; the password or
// a code of the current method within the last minutes can (a login counts).
// Plain forms, no script.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  loggedIn, csrfOf, textById, dbRows, chooseMfa, uniqueMobile, LOGIN_FAILED,
} from '../lib/http.mjs';
import { waitForMail, codeIn, outboxTo, SUBJECTS } from '../lib/mail.mjs';

const STALE = 10 * 60 + 1;	// Auth.StepUpMinutes = 10
const STEPUP = '/auth/stepup?next=%2Faccount%2Fmfa';
// a form posted without a fresh proof: its page says the change was not saved
const STEPUP_AGAIN = '/auth/stepup?again=1&next=%2Faccount%2Fmfa';

const mfaOf = (id) => dbRows(`SELECT mfa_method, totp_secret IS NOT NULL FROM users WHERE id = ${id}`)[0];

test('an old session is sent to step-up before any 2-step change, and nothing changes', async () => {
  const { user, client } = await loggedIn();
  await chooseMfa(client, 'email');
  const form = await client.get('/account/mfa', { clock: STALE });
  assert.equal(form.status, 303);
  assert.equal(form.headers.get('location'), STEPUP);
  // a form posted with a token of the session (no proof) changes nothing
  const page = await client.get('/account/', { clock: STALE });
  const csrf = csrfOf(page.text);
  for (const fields of [{ method: 'none', confirm_none: '1' }, { method: 'sms', mobile: uniqueMobile() }]) {
    const r = await client.post('/account/mfa', { csrf, ...fields }, { clock: STALE });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), STEPUP_AGAIN);
  }
  const again = await client.get(STEPUP_AGAIN, { clock: STALE });
  assert.equal(textById(again.text, 'stepup-again'),
    '入力した変更はまだ保存されていません。本人確認の後に元の画面へ戻りますので、変更をもう一度入力して保存してください。');
  assert.match(again.text, /<input type="hidden" name="next" value="\/account\/mfa">/);
  assert.equal(textById((await client.get(STEPUP, { clock: STALE })).text, 'stepup-again'), null, 'a page visit is told nothing');
  // asking for a code keeps the notice
  assert.match(again.text, /<input type="hidden" name="again" value="1">/);
  const sent = await client.post('/auth/stepup/send', { csrf: csrfOf(again.text), next: '/account/mfa', again: '1' }, { clock: STALE });
  assert.equal(sent.headers.get('location'), '/auth/stepup?sent=1&again=1&next=%2Faccount%2Fmfa');
  const totp = await client.get('/auth/mfa/totp', { clock: STALE });
  assert.equal(totp.headers.get('location'), '/auth/stepup?next=%2Fauth%2Fmfa%2Ftotp');
  const totpPost = await client.post('/auth/mfa/totp', { csrf, code: '123456' }, { clock: STALE });
  assert.equal(totpPost.headers.get('location'), '/auth/stepup?again=1&next=%2Fauth%2Fmfa%2Ftotp');
  assert.deepEqual(mfaOf(user.id), ['email', '0'], 'the method is unchanged');
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.mfaChanged }).length, 1, 'only the first change was mailed');
});

test('step-up with the password: a wrong one counts as a failure, the right one opens the change', async () => {
  const { user, client } = await loggedIn();
  const page = await client.get(STEPUP, { clock: STALE });
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/auth\/stepup"/);
  assert.equal(textById(page.text, 'code-error'), null);
  let r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), password: 'Wrong#Passw0rd!', next: '/account/mfa' }, { clock: STALE });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'password-error'), 'パスワードが正しくありません。');
  assert.equal(dbRows(`SELECT failed_logins FROM users WHERE id = ${user.id}`)[0][0], '1');
  r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), password: user.password, next: '/account/mfa' }, { clock: STALE });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/mfa');
  assert.equal(dbRows(`SELECT failed_logins FROM users WHERE id = ${user.id}`)[0][0], '0');
  const done = await chooseMfa(client, 'email', { clock: STALE + 5 });
  assert.equal(done.headers.get('location'), '/account/mfa?saved=1');
  assert.deepEqual(mfaOf(user.id), ['email', '0']);
  await waitForMail(user.login, { subject: SUBJECTS.mfaChanged });
  // the proof is fresh for its minutes only
  assert.equal((await client.get('/account/mfa', { clock: 2 * STALE + 5 })).headers.get('location'), STEPUP);
});

test('the step-up page gives its minutes with spaces around the figure, in English and Japanese', async () => {
  const { client: en } = await loggedIn({ lang: 'en' });
  const enPage = await en.get(STEPUP, { clock: STALE });
  assert.equal(textById(enPage.text, 'stepup-intro'), 'This change needs a fresh confirmation: enter your password '
    + 'or a code of your current 2-step verification. The confirmation is valid for 10 minutes.');
  const { client: ja } = await loggedIn();
  const jaPage = await ja.get(STEPUP, { clock: STALE });
  assert.match(textById(jaPage.text, 'stepup-intro'), / 10 分間有効です。$/);
  // the same for the hours of the e-mail change link
  const email = await en.get('/account/profile/email');
  assert.equal(email.status, 200);
  assert.match(email.text, /\(the link is valid for \d+ hours\)\./);
});

test('step-up with a code of the current method (e-mail), sent through the code limiter', async () => {
  const { user, client } = await loggedIn();
  await chooseMfa(client, 'email');
  const page = await client.get(STEPUP, { clock: STALE });
  assert.match(page.text, /id="stepup-send"/);
  const sent = await client.post('/auth/stepup/send', { csrf: csrfOf(page.text), next: '/account/mfa' }, { clock: STALE });
  assert.equal(sent.headers.get('location'), '/auth/stepup?sent=1&next=%2Faccount%2Fmfa');
  const again = await client.post('/auth/stepup/send', { csrf: csrfOf(page.text), next: '/account/mfa' }, { clock: STALE + 1 });
  assert.equal(textById(again.text, 'code-error'), '再送信は前回の送信から30秒後にできます。');
  // the mail says what the code is for: a settings change, not a login
  const mail = await waitForMail(user.login, { subject: SUBJECTS.stepupCode });
  assert.ok(mail.body.includes('設定変更(本人確認)の確認コードは次のとおりです。'), mail.body);
  assert.doesNotMatch(mail.body, /ログイン/);
  assert.deepEqual(outboxTo(user.login, { subject: SUBJECTS.code }), [], 'no login code mail');
  // the one code sent (the second send was refused) is in the history, without the code
  assert.deepEqual(dbRows(`SELECT COUNT(*) FROM auth_events WHERE user_id = ${user.id} AND event = 'mfa.code_sent'`),
    [['1']]);
  let r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), code: '000000', next: '/account/mfa' }, { clock: STALE + 2 });
  assert.equal(textById(r.text, 'code-error'), '確認コードが正しくないか、有効期限が切れています。');
  r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), code: codeIn(mail.body), next: '/account/mfa' }, { clock: STALE + 3 });
  assert.equal(r.headers.get('location'), '/account/mfa');
  const none = await chooseMfa(client, 'none', { clock: STALE + 4 });
  assert.equal(none.headers.get('location'), '/account/mfa?saved=1');
  assert.deepEqual(mfaOf(user.id), ['none', '0']);
});

test('step-up refuses an empty proof and a foreign next; five wrong passwords lock like logins', async () => {
  const { user, client } = await loggedIn();
  const page = await client.get('/auth/stepup?next=%2Fauth%2Flogin', { clock: STALE });
  assert.match(page.text, /name="next" value="\/account\/"/, 'auth pages are no target');
  let r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), password: '' }, { clock: STALE });
  assert.equal(textById(r.text, 'password-error'), 'パスワードまたは確認コードを入力してください。');
  for (let i = 1; i <= 4; i++) {
    r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), password: `Wrong#Passw0rd${i}` }, { clock: STALE });
    assert.equal(textById(r.text, 'password-error'), 'パスワードが正しくありません。');
  }
  r = await client.post('/auth/stepup', { csrf: csrfOf(page.text), password: 'Wrong#Passw0rd5' }, { clock: STALE });
  assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED, 'locked: this session ends');
  assert.equal((await client.get('/account/', { clock: STALE })).status, 303);
  await waitForMail(user.login, { subject: SUBJECTS.lockout });
});
