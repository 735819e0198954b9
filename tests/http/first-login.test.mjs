// First login with a temporary password (AUTH-3, AUTH-4): new password →
// user ID → 2-step choice → home, in this order only; a temporary password
// expires 14 days after it was issued (time travel with X-Test-Clock-Offset).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, createTemporaryUser, csrfOf, hiddenValue, textById, listById, uniqueId,
  uniqueMobile, logout, setCookies, dbRows, LOGIN_FAILED, PASSWORD, TEMP_PASSWORD, verifySms,
} from '../lib/http.mjs';
import { enrolTotp } from '../lib/otp.mjs';

const DAY = 86400;
const NEW_PASSWORD = PASSWORD;

const MSG = {
  rejected: 'パスワードが条件を満たしていません。',
  mismatch: '確認用のパスワードが一致しません。',
  sameAsOld: '現在のパスワードと同じパスワードは使えません。',
  tooShort: '文字数が足りません。',
  tooLong: '文字数が多すぎます。',
  noLower: '英小文字を含めてください。',
  noUpper: '英大文字を含めてください。',
  noDigit: '数字を含めてください。',
  noSymbol: '記号(!@#$%&*?+-=)を含めてください。',
  repeated: '同じ文字の繰り返しは使用できません。',
  dictionary: '辞書に載っている単語やよく使われるパスワードは使用できません。',
  hasUser: 'ユーザーIDやメールアドレスを含めることはできません。',
  badChar: '使用できない文字が含まれています。',
  taken: 'このユーザーIDは既に使われています。',
  tempExpired: '仮パスワードの有効期限(14日間)が切れています',
};

/** Logs a temporary-password user in; asserts the 303 to /auth/first. */
async function startFirstLogin(user, { clock } = {}) {
  const c = new Client();
  const res = await c.login(user.login, user.password, { clock });
  assert.equal(res.status, 303, `login of ${user.login}`);
  assert.equal(res.headers.get('location'), '/auth/first');
  assert.ok(c.jar.get('mm_session'), 'a (setup) session cookie');
  return c;
}

/** Where GET path sends the client: the Location of a 303, else the status. */
async function whereTo(c, path, opts) {
  const r = await c.get(path, opts);
  return r.status === 303 ? r.headers.get('location') : r.status;
}

/** Follows /auth/first to the step page and returns [path, page]. */
async function currentStep(c, opts) {
  const r = await c.get('/auth/first', opts);
  assert.equal(r.status, 303, 'GET /auth/first redirects to the current step');
  const step = r.headers.get('location');
  const page = await c.get(step, opts);
  return [step, page];
}

async function passwordStep(c, password, confirm = password) {
  const page = await c.get('/auth/first/password');
  assert.equal(page.status, 200);
  return c.post('/auth/first/password', { csrf: csrfOf(page.text), password, password_confirm: confirm });
}

async function userIdStep(c, loginId) {
  const page = await c.get('/auth/first/user-id');
  assert.equal(page.status, 200);
  return c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: loginId });
}

async function mfaStep(c, fields) {
  const page = await c.get('/auth/first/mfa');
  assert.equal(page.status, 200);
  return c.post('/auth/first/mfa', { csrf: csrfOf(page.text), ...fields });
}

/** The step marked current in the step indicator ("1. …"), or null. */
function currentStepLabel(html) {
  const m = /<ol class="steps"[\s\S]*?<\/ol>/.exec(html);
  if (!m) return null;
  const cur = /<li[^>]*aria-current="step"[^>]*>([\s\S]*?)<\/li>/.exec(m[0]);
  return cur ? cur[1].trim() : null;
}

test('a temporary password leads to /auth/first and the password step (step 1 of 3)', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  const [step, page] = await currentStep(c);
  assert.equal(step, '/auth/first/password');
  assert.equal(page.status, 200);
  assert.equal(currentStepLabel(page.text), '1. パスワード変更');
  assert.match(page.text, /<form method="post" action="\/auth\/first\/password"/);
  assert.match(page.text, /<input id="password" name="password" type="password"/);
  assert.match(page.text, /<input id="password_confirm" name="password_confirm" type="password"/);
  assert.equal((page.text.match(/<li data-rule="/g) || []).length, 7, 'the full checklist');
  // The menu (and its logout form) is not shown before the setup is done.
  assert.equal(page.text.includes('id="logout-button"'), false);
});

test('steps cannot be skipped: every other page leads back to the current step', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  const pwPage = await c.get('/auth/first/password');
  const csrf = csrfOf(pwPage.text);
  const back = ['/auth/first', '/auth/first/password'];
  for (const path of ['/', '/account/', '/account/mfa', '/account/password', '/auth/first/user-id',
    '/auth/first/mfa', '/auth/mfa/totp', '/auth/mfa']) {
    const to = await whereTo(c, path);
    assert.ok(back.includes(to), `GET ${path} → ${to}`);
  }
  // Forms of later steps are refused too, and change nothing.
  const posts = [
    ['/auth/first/user-id', { csrf, login_id: uniqueId('skip') }],
    ['/auth/first/mfa', { csrf, method: 'none', confirm_none: '1' }],
    ['/auth/mfa/totp', { csrf, code: '123456' }],
    ['/auth/mfa', { csrf, code: '123456' }],
    ['/account/mfa', { csrf, method: 'none', confirm_none: '1' }],
    ['/account/password', { csrf, current_password: TEMP_PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }],
  ];
  for (const [path, fields] of posts) {
    const r = await c.post(path, fields);
    assert.equal(r.status, 303, `POST ${path}`);
    assert.ok(back.includes(r.headers.get('location')), `POST ${path} → ${r.headers.get('location')}`);
  }
  // Still at step 1, the temporary password unchanged, the user ID unchanged.
  assert.equal((await currentStep(c))[0], '/auth/first/password');
  const again = await startFirstLogin(u);
  assert.equal((await currentStep(again))[0], '/auth/first/password');
});

test('after the password step, the earlier and later steps lead to the user ID step', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  const r = await passwordStep(c, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/user-id');
  for (const path of ['/auth/first/password', '/auth/first/mfa', '/auth/mfa/totp', '/', '/account/']) {
    const to = await whereTo(c, path);
    assert.ok(['/auth/first', '/auth/first/user-id'].includes(to), `GET ${path} → ${to}`);
  }
  const page = await c.get('/auth/first/user-id');
  assert.equal(currentStepLabel(page.text), '2. ユーザーID設定');
  const mfa = await c.post('/auth/first/mfa', { csrf: csrfOf(page.text), method: 'none', confirm_none: '1' });
  assert.equal(mfa.status, 303);
  assert.ok(['/auth/first', '/auth/first/user-id'].includes(mfa.headers.get('location')));
  assert.equal((await currentStep(c))[0], '/auth/first/user-id');
});

test('password step: every broken rule is listed, the mismatch shown, nothing saved', async () => {
  const email = uniqueId('pwmail');
  // A user ID without "." or "@", so that a password can hold all of it.
  const login = `pwid${uniqueId('x').split('@')[0].replace(/[^a-z0-9]/g, '').slice(1)}`;
  const u = createTemporaryUser({ login, email });
  const c = await startFirstLogin(u);
  const cases = [
    ['password', 'x', [MSG.tooShort, MSG.noUpper, MSG.noDigit, MSG.noSymbol, MSG.dictionary], true],
    ['bbbbbbbbbbbbbbbb', 'bbbbbbbbbbbbbbbb', [MSG.noUpper, MSG.noDigit, MSG.noSymbol, MSG.repeated], false],
    ['Kx7#mPq2!vLz9w'.repeat(3), 'Kx7#mPq2!vLz9w'.repeat(3), [MSG.tooLong], false],
    ['KX7#MPQ2!VLZ9W', 'KX7#MPQ2!VLZ9W', [MSG.noLower], false],
    ['Kx7mPq2vLz9wRt', 'Kx7mPq2vLz9wRt', [MSG.noSymbol], false],
    ['Kx7#Sunshine!9', 'Kx7#Sunshine!9', [MSG.dictionary], false],
    [`Q9#${email.split('@')[0]}`, `Q9#${email.split('@')[0]}`, [MSG.hasUser], false],
    [`Z8!${login}`, `Z8!${login}`, [MSG.hasUser], false],
    [`Z8!${login.toUpperCase()}x`, `Z8!${login.toUpperCase()}x`, [MSG.hasUser], false],
    ['Kx7#mPq2 vLz9w', 'Kx7#mPq2 vLz9w', [MSG.badChar], false],
    ['Kx7#mPq2見守りvLz9w', 'Kx7#mPq2見守りvLz9w', [MSG.badChar], false],
  ];
  for (const [pw, confirm, rules, mismatch] of cases) {
    const r = await passwordStep(c, pw, confirm);
    assert.equal(r.status, 200, `password ${JSON.stringify(pw)} refused`);
    assert.equal(textById(r.text, 'password-error'), MSG.rejected, pw);
    assert.deepEqual(listById(r.text, 'password-rules-error'), rules, pw);
    assert.equal(textById(r.text, 'password-confirm-error'), mismatch ? MSG.mismatch : null, pw);
    // Passwords are never echoed back.
    assert.equal(r.text.includes(`value="${pw}"`), false);
  }
  // A good password with a different confirmation: only the mismatch.
  const mm = await passwordStep(c, NEW_PASSWORD, `${NEW_PASSWORD}x`);
  assert.equal(mm.status, 200);
  assert.equal(textById(mm.text, 'password-error'), null);
  assert.equal(textById(mm.text, 'password-confirm-error'), MSG.mismatch);
  // The temporary password itself is refused as the new one.
  const same = await passwordStep(c, TEMP_PASSWORD);
  assert.equal(same.status, 200);
  assert.equal(textById(same.text, 'password-error'), MSG.sameAsOld);
  assert.equal(listById(same.text, 'password-rules-error'), null);
  // Nothing was saved: still step 1, the temporary password still works.
  assert.equal((await currentStep(c))[0], '/auth/first/password');
  await startFirstLogin(u);
});

test('the whole first login: password → user ID (e-mail prefilled) → none (confirmed) → home', async () => {
  const email = uniqueId('fullmail');
  const name = `初回 ${uniqueId('n').slice(2, 8)}`;
  const u = createTemporaryUser({ email, name });
  const c = await startFirstLogin(u);
  let r = await passwordStep(c, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/user-id');

  // The user ID field is prefilled with the e-mail address.
  const idPage = await c.get('/auth/first/user-id');
  assert.equal(idPage.status, 200);
  const field = /<input id="login_id"[^>]*>/.exec(idPage.text);
  assert.ok(field, 'login_id field');
  assert.match(field[0], /\bname="login_id"/);
  assert.match(field[0], /\bmaxlength="40"/);
  assert.equal(/\bvalue="([^"]*)"/.exec(field[0])[1], email);
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(idPage.text), login_id: email });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/mfa');

  const mfaPage = await c.get('/auth/first/mfa');
  assert.equal(mfaPage.status, 200);
  assert.equal(currentStepLabel(mfaPage.text), '3. 2段階認証');
  for (const m of ['totp', 'email', 'sms', 'none']) {
    assert.match(mfaPage.text, new RegExp(`<input type="radio" name="method" value="${m}"`), m);
  }
  // "none" first asks for a confirmation and saves nothing.
  r = await c.post('/auth/first/mfa', { csrf: csrfOf(mfaPage.text), method: 'none' });
  assert.equal(r.status, 200);
  assert.match(r.text, /id="confirm-none"/);
  assert.equal(hiddenValue(r.text, 'confirm_none'), '1');
  assert.equal(hiddenValue(r.text, 'method'), 'none');
  assert.equal((await currentStep(c))[0], '/auth/first/mfa');
  r = await c.post('/auth/first/mfa', { csrf: csrfOf(r.text), method: 'none', confirm_none: '1' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.equal(setCookies(r).some((k) => k.name === 'mm_session'), true, 'a new session token for the full session');

  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.equal(textById(home.text, 'login-id'), email);
  assert.equal(textById(home.text, 'display-name'), name);
  assert.equal(await whereTo(c, '/auth/first'), '/');
  assert.equal(await whereTo(c, '/auth/first/password'), '/');
  // The login just completed proved the password: the 2-step settings open
  // without asking for it again (AUTH-12).
  const mfaSettings = await c.get('/account/mfa');
  assert.equal(mfaSettings.status, 200, `GET /account/mfa → ${mfaSettings.headers.get('location')}`);

  // Next time: the new user ID and password, straight home; the old ones fail.
  assert.equal((await logout(c)).status, 303);
  const again = new Client();
  const ok = await again.login(email, NEW_PASSWORD);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
  const oldId = await new Client().login(u.login, NEW_PASSWORD);
  assert.equal(oldId.status, 200);
  assert.ok(oldId.text.includes(LOGIN_FAILED));
  const oldPw = await new Client().login(email, TEMP_PASSWORD);
  assert.equal(oldPw.status, 200);
  assert.ok(oldPw.text.includes(LOGIN_FAILED));
});

test('user ID step: an e-mail address another user holds as their ID is not offered; the current ID is', async () => {
  const email = uniqueId('held');
  createUser({ login: email });
  const u = createTemporaryUser({ email });
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  const page = await c.get('/auth/first/user-id');
  const field = /<input id="login_id"[^>]*>/.exec(page.text);
  assert.equal(/\bvalue="([^"]*)"/.exec(field[0])[1], u.login);
  const r = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: u.login });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/mfa');
});

test('user ID step: a taken or too long ID is refused; keeping the current ID is fine', async () => {
  const other = createUser();
  const u = createTemporaryUser({ email: uniqueId('idmail') });
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  let page = await c.get('/auth/first/user-id');
  let r = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: other.login });
  assert.equal(r.status, 200);
  assert.ok(textById(r.text, 'login-id-error').startsWith(MSG.taken), textById(r.text, 'login-id-error'));
  // The typed value stays in the field.
  assert.match(r.text, new RegExp(`<input id="login_id"[^>]*value="${other.login.replace(/[.]/g, '\\.')}"`));
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(r.text), login_id: `${'x'.repeat(30)}@example.com` });
  assert.equal(r.status, 200, '41 characters');
  assert.equal(textById(r.text, 'login-id-error'), '40文字以内で入力してください。', 'the limit for 41 characters');
  const evil = '"><script>alert(1)</script>';
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(r.text), login_id: evil });
  assert.equal(r.status, 200, 'markup in a user ID');
  assert.ok(textById(r.text, 'login-id-error'), 'an error for markup in a user ID');
  assert.equal(r.text.includes('<script>alert(1)'), false, 'echoed escaped, never raw');
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(r.text), login_id: '' });
  assert.equal(r.status, 200, 'empty');
  assert.ok(textById(r.text, 'login-id-error'), 'an error for an empty user ID');
  assert.equal((await currentStep(c))[0], '/auth/first/user-id');
  // The other user was not touched.
  const otherLogin = await new Client().login(other.login, other.password);
  assert.equal(otherLogin.status, 303);
  // Keeping one's own current ID is not "taken".
  page = await c.get('/auth/first/user-id');
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: u.login });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/mfa');
});

test('user ID step: an e-mail longer than 40 characters is not offered as the ID', async () => {
  const email = `${'m'.repeat(30)}.${uniqueId('long')}`;
  assert.ok(email.length > 40);
  const u = createTemporaryUser({ email });
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  const page = await c.get('/auth/first/user-id');
  const field = /<input id="login_id"[^>]*>/.exec(page.text)[0];
  assert.equal(/\bvalue="([^"]*)"/.exec(field)[1], u.login);
});

test('2-step step: SMS needs a mobile number of 10–11 digits', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  await userIdStep(c, u.login);
  for (const mobile of [undefined, '', '090123456', '090123456789', '090-1234-5678', 'abcdefghijk']) {
    const fields = { method: 'sms' };
    if (mobile !== undefined) fields.mobile = mobile;
    const r = await mfaStep(c, fields);
    assert.equal(r.status, 200, `mobile ${JSON.stringify(mobile)}`);
    assert.ok(textById(r.text, 'mobile-error'), `mobile ${JSON.stringify(mobile)} has an error`);
  }
  assert.equal((await currentStep(c))[0], '/auth/first/mfa');
  const mobile = uniqueMobile();
  let r = await mfaStep(c, { method: 'sms', mobile });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa/sms', 'the number is confirmed first');
  // A wrong code keeps the step; the code sent to the number finishes it.
  const page = await c.get('/auth/mfa/sms');
  r = await c.post('/auth/mfa/sms', { csrf: csrfOf(page.text), code: '999999' });
  assert.equal(r.status, 200);
  assert.ok(textById(r.text, 'code-error'));
  assert.equal((await currentStep(c))[0], '/auth/first/mfa', 'not done before the code');
  r = await verifySms(c, mobile, { count: 1 });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const account = await c.get('/account/');
  assert.equal(account.status, 200);
  assert.ok(textById(account.text, 'mfa-current').startsWith('SMSで確認コードを受け取る'));
});

test('2-step step: an unknown method is refused with #method-error', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  await userIdStep(c, u.login);
  for (const method of ['', 'fax', 'TOTP']) {
    const r = await mfaStep(c, { method });
    assert.equal(r.status, 200, `method ${JSON.stringify(method)}`);
    assert.ok(textById(r.text, 'method-error'), `method ${JSON.stringify(method)}`);
  }
  assert.equal((await currentStep(c))[0], '/auth/first/mfa');
});

test('2-step step: the authenticator app leads to /auth/mfa/totp; a valid code finishes the first login', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  await userIdStep(c, u.login);
  const r = await mfaStep(c, { method: 'totp' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa/totp');
  const enrol = await c.get('/auth/mfa/totp');
  assert.equal(enrol.status, 200);
  assert.match(enrol.text, /<img id="totp-qr" src="data:image\/svg\+xml;base64,/);
  assert.equal(currentStepLabel(enrol.text), '3. 2段階認証');
  // Leaving the enrolment page does not finish the first login.
  assert.equal(await whereTo(c, '/'), '/auth/first');
  assert.equal((await currentStep(c))[0], '/auth/first/mfa');
  // Back to it: a valid code registers the app and finishes the first login.
  const { res } = await enrolTotp(c);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.equal(textById(home.text, 'login-id'), u.login);
  const account = await c.get('/account/');
  assert.ok(textById(account.text, 'mfa-current').startsWith('認証アプリ'));
});

test('a temporary password expires after 14 days: refused with a pointer to the reset page', async () => {
  // (Only refused logins are sent with the clock moved by days: a login that
  // opens a session at such a time would end every other test's sessions as
  // idle, so the "still valid just before" side is not checked here.)
  const u = createTemporaryUser();
  const c = new Client();
  const r = await c.login(u.login, u.password, { clock: 14 * DAY + 1 });
  assert.equal(r.status, 200);
  assert.equal(setCookies(r).some((k) => k.name === 'mm_session'), false, 'no session');
  const err = textById(r.text, 'login-error');
  assert.ok(err && err.includes(MSG.tempExpired), `message: ${err}`);
  assert.match(r.text, /<a href="\/auth\/reset"/);
  // A wrong password at that time still gets the generic answer (nothing told).
  const wrong = await new Client().login(u.login, 'Wrong#Passw0rd!', { clock: 14 * DAY + 2 });
  assert.equal(wrong.status, 200);
  assert.equal(textById(wrong.text, 'login-error'), LOGIN_FAILED);
  // Within the 14 days (here: now) the temporary password works.
  await startFirstLogin(u);
});

test('a temporary password works until the last seconds of its 14 days', async () => {
  const u = createTemporaryUser();
  const [[valid]] = dbRows(`SELECT TIMESTAMPDIFF(SECOND, created_at, temp_password_expires_at) FROM users WHERE id = ${u.id}`);
  assert.equal(Number(valid), 14 * DAY, 'issued for exactly 14 days');
  // The stored times move back to 30 s before the end instead of the clock
  // forward (a session opened days ahead would end other tests' sessions).
  const back = 14 * DAY - 30;
  dbRows(`UPDATE users SET created_at = created_at - INTERVAL ${back} SECOND,
    temp_password_expires_at = temp_password_expires_at - INTERVAL ${back} SECOND WHERE id = ${u.id}`);
  const late = await new Client().login(u.login, u.password, { clock: 31 });
  assert.ok(textById(late.text, 'login-error').includes(MSG.tempExpired), 'a second past the end: refused');
  await startFirstLogin(u);
});

test('an interrupted first login resumes at the step reached', async () => {
  const u = createTemporaryUser();
  const c = await startFirstLogin(u);
  await passwordStep(c, NEW_PASSWORD);
  // A new browser: the new password is the password now, the next step is the user ID.
  const c2 = new Client();
  const r = await c2.login(u.login, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first');
  assert.equal((await currentStep(c2))[0], '/auth/first/user-id');
  const old = await new Client().login(u.login, TEMP_PASSWORD);
  assert.equal(old.status, 200);
  assert.ok(old.text.includes(LOGIN_FAILED));
});

test('the new password logs out every other session of the temporary password (AUTH-10)', async () => {
  const u = createTemporaryUser();
  const a = await startFirstLogin(u);
  const b = await startFirstLogin(u);
  const before = a.jar.get('mm_session');
  const r = await passwordStep(a, NEW_PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/first/user-id');
  // The other browser is logged out: it cannot follow the user's next steps.
  for (const path of ['/auth/first', '/auth/first/user-id', '/auth/first/mfa']) {
    const to = await whereTo(b, path);
    assert.ok(typeof to === 'string' && to.startsWith('/auth/login'), `other browser: GET ${path} → ${to}`);
  }
  const bPage = await new Client().get('/auth/login');
  const stale = await b.post('/auth/first/user-id', { csrf: csrfOf(bPage.text), login_id: uniqueId('hijack') });
  assert.equal(stale.status, 303, 'other browser: POST /auth/first/user-id');
  assert.ok(stale.headers.get('location').startsWith('/auth/login'), stale.headers.get('location'));
  assert.deepEqual(dbRows(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`), [['1']], 'one session left');
  assert.notEqual(a.jar.get('mm_session'), before, 'this browser goes on under a new token');
  // This browser goes on with the user ID step.
  const page = await a.get('/auth/first/user-id');
  assert.equal(page.status, 200);
  assert.equal(currentStepLabel(page.text), '2. ユーザーID設定');
});

/** The first-login way out: a POST to /auth/logout with the page's token. */
function exitForm(html) {
  const m = /<form method="post" action="\/auth\/logout"[^>]*id="first-exit">([\s\S]*?)<\/form>/.exec(html);
  assert.ok(m, 'the page has the 「ログイン画面へ戻る」 form');
  assert.equal(textById(m[0], 'first-exit-button'), 'ログイン画面へ戻る');
  return csrfOf(m[0]);
}

test('every first-login page has 「ログイン画面へ戻る」, which ends the half-made session', async () => {
  const leave = async (c, html) => {
    const cookie = c.jar.get('mm_session');
    const r = await c.post('/auth/logout', { csrf: exitForm(html) });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/auth/login?bye=1');
    // the session is gone: the old cookie leads to the login, not to a step
    const again = new Client();
    again.jar.set('mm_session', cookie);
    const where = await whereTo(again, '/auth/first');
    assert.ok(String(where).startsWith('/auth/login'), `after leaving: ${where}`);
    assert.ok(String(await whereTo(c, '/auth/first')).startsWith('/auth/login'));
  };
  // ① the password step
  const u1 = createTemporaryUser();
  let c = await startFirstLogin(u1);
  let [step, page] = await currentStep(c);
  assert.equal(step, '/auth/first/password');
  // without the token nothing ends
  assert.equal((await c.post('/auth/logout', {})).status, 403);
  assert.equal((await currentStep(c))[0], '/auth/first/password');
  await leave(c, page.text);
  // the temporary password still works and the first login starts again
  c = await startFirstLogin(u1);
  // ② the user ID step
  await passwordStep(c, NEW_PASSWORD);
  [step, page] = await currentStep(c);
  assert.equal(step, '/auth/first/user-id');
  await leave(c, page.text);
  // ③ the 2-step step and the authenticator page, which also links back to the choice
  const u2 = createTemporaryUser();
  c = await startFirstLogin(u2);
  await passwordStep(c, NEW_PASSWORD);
  await userIdStep(c, u2.login);
  [step, page] = await currentStep(c);
  assert.equal(step, '/auth/first/mfa');
  exitForm(page.text);
  await mfaStep(c, { method: 'totp' });
  const enrol = await c.get('/auth/mfa/totp');
  assert.equal(enrol.status, 200);
  const back = /<a href="([^"]*)" id="totp-back">([^<]*)<\/a>/.exec(enrol.text);
  assert.ok(back, 'a link back to the method choice');
  assert.deepEqual([back[1], back[2]], ['/auth/first/mfa', '2段階認証設定画面へ戻る']);
  assert.equal((await c.get(back[1])).status, 200);
  await leave(c, enrol.text);
});
