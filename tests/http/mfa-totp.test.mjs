// Authenticator app (AUTH-6, AUTH-7, §12): enrolment with a QR code and the
// secret as text, codes checked per RFC 6238 (±1 step, each step once), and
// wrong codes counting toward the lockout (AUTH-2).
//
// Codes are made as a phone would make them (oathtool); the QR code is read
// from a Chromium screenshot with zbarimg. Where the time step matters, the
// server's clock is moved into the middle of the step the code was made for
// (X-Test-Clock-Offset), so no test depends on when it runs.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, csrfOf, textById, chooseMfa, logout, setCookies, dbRows, LOGIN_FAILED,
} from '../lib/http.mjs';
import {
  totpAtStep, currentStep, clockForStep, wrongCode, enrolTotp, qrSrcOf, decodeQrDataUris,
  parseOtpauth, secretText, base32Decode,
} from '../lib/otp.mjs';
import { waitForMail, outboxTo, SUBJECTS } from '../lib/mail.mjs';

const CODE_WRONG = '確認コードが正しくないか、有効期限が切れています。';
const MFA_TOTP_LABEL = '認証アプリ(Google Authenticator など)';

/** A logged-in user on the enrolment page's doorstep (method chosen: totp). */
async function enrolling() {
  const user = createUser();
  const client = new Client();
  await client.loginOk(user);
  const r = await chooseMfa(client, 'totp');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa/totp');
  return { user, client };
}

/** A user with a registered authenticator app (code of `step`). */
async function totpUser({ step } = {}) {
  const { user, client } = await enrolling();
  const e = await enrolTotp(client, { step });
  assert.equal(e.res.status, 303, 'enrolment accepted');
  assert.equal(e.res.headers.get('location'), '/account/mfa?saved=1');
  return { user, client, secret: e.secret, step: e.step };
}

/**
 * Password login with the server's clock in `step` (real time when step is
 * null); asserts the 303 to /auth/mfa and returns the csrf of the code form.
 */
async function passwordOnly(client, user, step) {
  const clock = step === null ? undefined : clockForStep(step);
  const r = await client.login(user.login, user.password, { clock });
  assert.equal(r.status, 303, 'password accepted');
  assert.equal(r.headers.get('location'), '/auth/mfa');
  const page = await client.get('/auth/mfa', { clock });
  assert.equal(page.status, 200);
  return csrfOf(page.text);
}

/** POST a code with the server's clock in `step` (real time when null). */
function sendCode(client, csrf, code, step, extra = {}) {
  const clock = step === null ? undefined : clockForStep(step);
  return client.post('/auth/mfa', { csrf, code, ...extra }, { clock });
}

function assertRefused(r, what) {
  assert.equal(r.status, 200, `${what}: refused`);
  assert.equal(textById(r.text, 'code-error'), CODE_WRONG, what);
}

function assertAccepted(r, what) {
  assert.equal(r.status, 303, `${what}: accepted`);
  assert.equal(r.headers.get('location'), '/', what);
}

// a lock engaged by a wrong 2-step code
const CODE_LOCKED = '確認コードの入力を続けて間違えたため、ユーザーIDを20分間ロックしました。20分後にもう一度ログインしてください。';

test('enrolment page: the QR code holds the otpauth URI with the secret shown as text', async () => {
  const { user, client } = await enrolling();
  const page = await client.get('/auth/mfa/totp');
  assert.equal(page.status, 200);
  const grouped = textById(page.text, 'totp-secret');
  assert.match(grouped, /^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/, 'base32 in groups of 4 (160 bits)');
  const src = qrSrcOf(page.text);
  assert.match(src, /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
  // The page tells which account the entry is for.
  assert.ok(page.text.includes(user.login));

  // Reloading before saving keeps the same secret (and so the same QR code).
  const again = await client.get('/auth/mfa/totp');
  assert.equal(textById(again.text, 'totp-secret'), grouped);
  assert.equal(qrSrcOf(again.text), src);

  const [uri] = await decodeQrDataUris([src]);
  assert.ok(uri, 'zbarimg found a QR code in the screenshot');
  const o = parseOtpauth(uri);
  assert.equal(o.type, 'totp');
  assert.equal(o.label, `Mimamori:${user.login}`);
  assert.equal(o.rawLabel, `Mimamori:${encodeURIComponent(user.login)}`);
  assert.deepEqual([...o.params.keys()], ['secret', 'issuer', 'algorithm', 'digits', 'period']);
  assert.equal(o.params.get('secret'), secretText(grouped), 'QR secret = text secret');
  assert.equal(o.params.get('issuer'), 'Mimamori');
  assert.equal(o.params.get('algorithm'), 'SHA1');
  assert.equal(o.params.get('digits'), '6');
  assert.equal(o.params.get('period'), '30');
  assert.equal(uri, `otpauth://totp/Mimamori:${encodeURIComponent(user.login)}?secret=${secretText(grouped)}`
    + '&issuer=Mimamori&algorithm=SHA1&digits=6&period=30');
});

test('enrolment: a wrong or malformed code is refused and nothing is saved', async () => {
  const { user, client } = await enrolling();
  const page = await client.get('/auth/mfa/totp');
  const secret = secretText(textById(page.text, 'totp-secret'));
  const step = currentStep();
  let r = await client.post('/auth/mfa/totp', { csrf: csrfOf(page.text), code: wrongCode(secret, step) },
    { clock: clockForStep(step) });
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'code-error'), CODE_WRONG);
  // The same secret is shown again, to try once more.
  assert.equal(secretText(textById(r.text, 'totp-secret')), secret);
  for (const code of ['12345', '1234567', 'abcdef', '']) {
    r = await client.post('/auth/mfa/totp', { csrf: csrfOf(r.text), code });
    assert.equal(r.status, 200, `code ${JSON.stringify(code)}`);
    assert.ok(textById(r.text, 'code-error'), `code ${JSON.stringify(code)} has an error`);
  }
  const account = await client.get('/account/');
  assert.ok(textById(account.text, 'mfa-current').startsWith('設定しない'), textById(account.text, 'mfa-current'));
  assert.deepEqual(outboxTo(user.login, { subject: SUBJECTS.mfaChanged }), [], 'no change mail');
  // The next login still asks for no code.
  const next = await new Client().login(user.login, user.password);
  assert.equal(next.headers.get('location'), '/');
});

test('enrolment with a valid code: saved, mail sent, and the next login asks for a code', async () => {
  const { user, client, secret, step } = await totpUser();
  const account = await client.get('/account/');
  assert.ok(textById(account.text, 'mfa-current').startsWith(MFA_TOTP_LABEL), textById(account.text, 'mfa-current'));
  const mail = await waitForMail(user.login, { subject: SUBJECTS.mfaChanged });
  assert.ok(mail.body.includes(user.login));

  // The secret is stored encrypted: neither its bytes nor its text are in the row.
  const [[hex]] = dbRows(`SELECT HEX(totp_secret) FROM users WHERE id = ${user.id}`);
  assert.ok(hex && hex.length >= 40, 'a secret is stored');
  assert.equal(hex.includes(base32Decode(secret).toString('hex').toUpperCase()), false, 'not in the clear');
  assert.equal(hex.includes(Buffer.from(secret).toString('hex').toUpperCase()), false, 'not as base32 text');

  const c = new Client();
  const csrf = await passwordOnly(c, user, step + 1);
  // Half logged in: every page leads back to the code form.
  for (const path of ['/', '/account/', '/account/mfa', '/auth/first']) {
    const r = await c.get(path, { clock: clockForStep(step + 1) });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), '/auth/mfa', path);
  }
  const form = await c.get('/auth/mfa', { clock: clockForStep(step + 1) });
  assert.equal(textById(form.text, 'mfa-prompt'), '認証アプリに表示されている6桁のコードを入力してください。');
  assert.equal(form.text.includes('id="resend"'), false, 'nothing to resend for an app');
  const ok = await sendCode(c, csrf, totpAtStep(secret, step + 1), step + 1);
  assertAccepted(ok, 'code of the next step');
  assert.ok(setCookies(ok).some((k) => k.name === 'mm_session'), 'new session token after the second factor');
  const home = await c.get('/', { clock: clockForStep(step + 1) });
  assert.equal(home.status, 200);
  assert.equal(textById(home.text, 'login-id'), user.login);
});

test('a code is accepted once: the enrolment code and replayed codes are refused', async () => {
  const s = currentStep() + 2;
  const { user, secret } = await totpUser({ step: s });
  // The code typed at enrolment cannot log in (same step).
  const a = new Client();
  let csrf = await passwordOnly(a, user, s);
  assertRefused(await sendCode(a, csrf, totpAtStep(secret, s), s), 'the enrolment code');
  // An earlier step than the last used one is refused too, even within ±1.
  assertRefused(await sendCode(a, csrf, totpAtStep(secret, s - 1), s), 'a step before the last used one');
  assertAccepted(await sendCode(a, csrf, totpAtStep(secret, s + 1), s + 1), 'a fresh code');
  await logout(a, { clock: clockForStep(s + 1) });

  // The same code again, in the same step: refused.
  const b = new Client();
  csrf = await passwordOnly(b, user, s + 1);
  assertRefused(await sendCode(b, csrf, totpAtStep(secret, s + 1), s + 1), 'a replayed code');
  assertAccepted(await sendCode(b, csrf, totpAtStep(secret, s + 2), s + 2), 'the next step');

  // Two logins waiting for a code at once: the code works for only one of them.
  const c1 = new Client();
  const c2 = new Client();
  const csrf1 = await passwordOnly(c1, user, s + 3);
  const csrf2 = await passwordOnly(c2, user, s + 3);
  const code = totpAtStep(secret, s + 3);
  assertAccepted(await sendCode(c1, csrf1, code, s + 3), 'first use');
  assertRefused(await sendCode(c2, csrf2, code, s + 3), 'same code in another browser');
});

test('the same code posted by several logins at once: exactly one wins', async () => {
  const s = currentStep() + 2;
  const { user, secret } = await totpUser({ step: s });
  const clients = [new Client(), new Client(), new Client(), new Client()];
  const csrfs = [];
  for (const c of clients) csrfs.push(await passwordOnly(c, user, s + 1));
  const code = totpAtStep(secret, s + 1);
  const answers = await Promise.all(clients.map((c, i) => sendCode(c, csrfs[i], code, s + 1)));
  const won = answers.filter((r) => r.status === 303);
  assert.equal(won.length, 1, 'one login got in');
  assert.equal(won[0].headers.get('location'), '/');
  for (const r of answers.filter((x) => x.status !== 303)) assertRefused(r, 'the replays');
});

test('±1 step is accepted, codes two steps (60 s) away are refused', async () => {
  const s = currentStep() + 2;
  const { user, secret } = await totpUser({ step: s });
  const now = s + 10;
  const a = new Client();
  const csrf = await passwordOnly(a, user, now);
  assertRefused(await sendCode(a, csrf, totpAtStep(secret, now - 2), now), '2 steps behind');
  assertRefused(await sendCode(a, csrf, totpAtStep(secret, now + 2), now), '2 steps ahead');
  assertRefused(await sendCode(a, csrf, totpAtStep(secret, now - 20), now), '20 steps behind');
  assertAccepted(await sendCode(a, csrf, totpAtStep(secret, now - 1), now), '1 step behind');

  const b = new Client();
  const csrf2 = await passwordOnly(b, user, now + 10);
  assertAccepted(await sendCode(b, csrf2, totpAtStep(secret, now + 11), now + 10), '1 step ahead');

  const c = new Client();
  const csrf3 = await passwordOnly(c, user, now + 20);
  assertAccepted(await sendCode(c, csrf3, totpAtStep(secret, now + 20), now + 20), 'the current step');
});

test('5 wrong codes in a row lock the user ID (login page answer, lockout mail)', async () => {
  const { user, secret } = await totpUser();
  const c = new Client();
  const csrf = await passwordOnly(c, user, null);
  for (let i = 1; i <= 4; i++) {
    const r = await sendCode(c, csrf, wrongCode(secret, currentStep()), null);
    assertRefused(r, `wrong code ${i}`);
  }
  const fifth = await sendCode(c, csrf, wrongCode(secret, currentStep()), null);
  assert.equal(fifth.status, 200);
  // the password was right: the page says the codes failed (someone may know it)
  assert.equal(textById(fifth.text, 'login-error'), CODE_LOCKED, 'back on the login page');
  assert.match(fifth.text, /<form method="post" action="\/auth\/login"/);
  assert.equal(c.jar.has('mm_session'), false, 'the half session is gone');
  const mail = await waitForMail(user.login, { subject: SUBJECTS.lockout });
  assert.ok(mail.body.includes(user.login));

  // Locked: the right password (and a right code) get the generic answer.
  const again = await new Client().login(user.login, user.password);
  assert.equal(again.status, 200);
  assert.equal(textById(again.text, 'login-error'), LOGIN_FAILED);
  // 20 minutes later the lock is over.
  const s = currentStep() + 41;
  const later = new Client();
  const csrf2 = await passwordOnly(later, user, s);
  assertAccepted(await sendCode(later, csrf2, totpAtStep(secret, s), s), 'after the lock');
});

test('wrong passwords and wrong codes add up: 2 + 3 consecutive failures lock', async () => {
  const { user, secret } = await totpUser();
  for (let i = 0; i < 2; i++) {
    const r = await new Client().login(user.login, 'Wrong#Passw0rd!');
    assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED);
  }
  const c = new Client();
  const csrf = await passwordOnly(c, user, null);
  assertRefused(await sendCode(c, csrf, wrongCode(secret, currentStep()), null), 'failure 3 (code)');
  assertRefused(await sendCode(c, csrf, wrongCode(secret, currentStep()), null), 'failure 4 (code)');
  const fifth = await sendCode(c, csrf, wrongCode(secret, currentStep()), null);
  assert.equal(fifth.status, 200);
  assert.equal(textById(fifth.text, 'login-error'), CODE_LOCKED,
    'the 5th consecutive failure (2 passwords + 3 codes) locks the user ID');
  const locked = await new Client().login(user.login, user.password);
  assert.equal(textById(locked.text, 'login-error'), LOGIN_FAILED, 'locked');
});

test('entering the password again does not reset the count of wrong codes', async () => {
  // Otherwise someone who knows the password could guess codes without end:
  // 4 guesses, log in again, 4 more guesses, …
  const { user, secret } = await totpUser();
  const c = new Client();
  let csrf = await passwordOnly(c, user, null);
  for (let i = 1; i <= 4; i++) {
    assertRefused(await sendCode(c, csrf, wrongCode(secret, currentStep()), null), `wrong code ${i}`);
  }
  const c2 = new Client();
  csrf = await passwordOnly(c2, user, null);
  const fifth = await sendCode(c2, csrf, wrongCode(secret, currentStep()), null);
  assert.equal(fifth.status, 200);
  assert.equal(textById(fifth.text, 'login-error'), CODE_LOCKED,
    'the 5th wrong code in a row locks the user ID, even after a new password login');
  const mail = await waitForMail(user.login, { subject: SUBJECTS.lockout });
  assert.ok(mail.body.includes(user.login));
});

test('re-enrolling replaces the secret: the old app stops working', async () => {
  const s = currentStep() + 2;
  const { user, client, secret: oldSecret } = await totpUser({ step: s });
  // From the settings page (full session), choosing the app again.
  const choose = await chooseMfa(client, 'totp', { clock: clockForStep(s) });
  assert.equal(choose.status, 303);
  assert.equal(choose.headers.get('location'), '/auth/mfa/totp');
  const page = await client.get('/auth/mfa/totp', { clock: clockForStep(s) });
  assert.equal(page.status, 200);
  const newSecret = secretText(textById(page.text, 'totp-secret'));
  assert.notEqual(newSecret, oldSecret, 'a new secret');

  // Until a code of the new secret is entered, the old one stays in force.
  const before = new Client();
  let csrf = await passwordOnly(before, user, s + 1);
  assertAccepted(await sendCode(before, csrf, totpAtStep(oldSecret, s + 1), s + 1), 'old secret before saving');

  const saved = await client.post('/auth/mfa/totp', { csrf: csrfOf(page.text), code: totpAtStep(newSecret, s + 2) },
    { clock: clockForStep(s + 2) });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get('location'), '/account/mfa?saved=1');

  const after = new Client();
  csrf = await passwordOnly(after, user, s + 4);
  assertRefused(await sendCode(after, csrf, totpAtStep(oldSecret, s + 4), s + 4), 'old secret after re-enrolment');
  assertAccepted(await sendCode(after, csrf, totpAtStep(newSecret, s + 4), s + 4), 'new secret');
});

test('/auth/mfa/totp in a full session re-enrols directly', async () => {
  const s = currentStep() + 2;
  const { user, client, secret: oldSecret } = await totpUser({ step: s });
  const { secret: newSecret, res } = await enrolTotp(client, { step: s + 1 });
  assert.notEqual(newSecret, oldSecret);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account/mfa?saved=1');
  const c = new Client();
  const csrf = await passwordOnly(c, user, s + 3);
  assertRefused(await sendCode(c, csrf, totpAtStep(oldSecret, s + 3), s + 3), 'old secret');
  assertAccepted(await sendCode(c, csrf, totpAtStep(newSecret, s + 3), s + 3), 'new secret');
});

test('a password-only session cannot reach the enrolment or the settings', async () => {
  const s = currentStep() + 2;
  const { user, secret } = await totpUser({ step: s });
  const intruder = new Client();
  const csrf = await passwordOnly(intruder, user, s + 1);
  for (const path of ['/auth/mfa/totp', '/account/mfa', '/account/password']) {
    const r = await intruder.get(path, { clock: clockForStep(s + 1) });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), '/auth/mfa', path);
  }
  const post = await intruder.post('/auth/mfa/totp', { csrf, code: totpAtStep(secret, s + 1) },
    { clock: clockForStep(s + 1) });
  assert.equal(post.status, 303);
  assert.equal(post.headers.get('location'), '/auth/mfa');
  const choose = await intruder.post('/account/mfa', { csrf, method: 'none', confirm_none: '1' },
    { clock: clockForStep(s + 1) });
  assert.equal(choose.status, 303);
  assert.equal(choose.headers.get('location'), '/auth/mfa');
  // The app still works (nothing was replaced, the code not used up).
  assertAccepted(await sendCode(intruder, csrf, totpAtStep(secret, s + 1), s + 1), 'code after the attempts');
});

test('the code form: "cancel" ends the half session', async () => {
  const { user } = await totpUser({ step: currentStep() + 2 });
  const c = new Client();
  const r = await c.login(user.login, user.password);
  assert.equal(r.headers.get('location'), '/auth/mfa');
  const form = await c.get('/auth/mfa');
  const cancel = /<form method="post" action="\/auth\/logout"[\s\S]*?<\/form>/.exec(form.text);
  assert.ok(cancel, 'a cancel (logout) form');
  const out = await c.post('/auth/logout', { csrf: csrfOf(cancel[0]) });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/auth/login?bye=1');
  const after = await c.get('/auth/mfa');
  assert.equal(after.status, 303);
  assert.match(after.headers.get('location'), /^\/auth\/login/);
});

test('a code typed in full-width digits (a Japanese input method left on) is read as the same code', async () => {
  const { user, secret, step } = await totpUser();
  const c = new Client();
  const csrf = await passwordOnly(c, user, step + 1);
  const wide = totpAtStep(secret, step + 1).replace(/[0-9]/g, (d) => String.fromCharCode(0xFF10 + Number(d)));
  assert.match(wide, /^[０-９]{6}$/);
  assertAccepted(await sendCode(c, csrf, wide, step + 1), 'full-width code of the next step');
});
