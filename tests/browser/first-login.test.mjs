// First login in a real browser (headless Chromium): temporary password →
// new password with the live checklist → user ID → authenticator app (QR
// code read from a screenshot with zbarimg, codes from oathtool, as a phone
// would) → home; then logout and login with password + a fresh code.
// Screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, createTemporaryUser, uniqueId, PASSWORD } from '../lib/http.mjs';
import { launchContext, screenshot, screenshotDir } from '../lib/browser.mjs';
import {
  decodeQrFile, parseOtpauth, secretText, totp, totpAtStep, currentStep, stepMargin, unixNow,
} from '../lib/otp.mjs';

const WIDE = { width: 1280, height: 800 };
const STEP_MS = 10000;
const RULES = ['length', 'lower', 'upper', 'digit', 'symbol', 'repeat', 'user'];

/** Watches a page for script errors, CSP violations and failed loads. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && u.pathname !== '/favicon.ico') errors.push(`${r.status()} ${u.pathname}`);
  });
  return errors;
}

/** { rule: 'ok' | 'ng' | '' } of the checklist items. */
async function checklist(page) {
  return page.$$eval('#pw-checklist li', (lis) => Object.fromEntries(lis.map((li) => [li.dataset.rule,
    li.classList.contains('ok') ? 'ok' : li.classList.contains('ng') ? 'ng' : ''])));
}

async function submit(page, formAction, urlAfter) {
  await Promise.all([
    page.waitForURL(urlAfter, { timeout: STEP_MS }),
    page.click(`form[action="${formAction}"] button[type="submit"]`),
  ]);
}

test('first login with the authenticator app, then a login with a fresh code', async () => {
  const name = `初回 画面${Date.now().toString(36).slice(-4)}`;
  const email = uniqueId('brmail');
  const user = createTemporaryUser({ email, name });
  const { context, close } = await launchContext({ viewport: WIDE });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', user.login);
    await page.fill('#password', user.password);
    await submit(page, '/auth/login', `${BASE}/auth/first/password`);

    // Step indicator: step 1 of 3 is the current one.
    assert.deepEqual((await page.$$eval('ol.steps li', (lis) => lis.map((li) => li.textContent.trim()))),
      ['1. パスワード変更', '2. ユーザーID設定', '3. 2段階認証']);
    assert.equal((await page.textContent('ol.steps li[aria-current="step"]')).trim(), '1. パスワード変更');
    assert.deepEqual(await checklist(page), Object.fromEntries(RULES.map((r) => [r, ''])), 'nothing ticked yet');

    // A weak password: the list shows what is missing.
    await page.locator('#password').pressSequentially('password');
    assert.deepEqual(await checklist(page), {
      length: 'ng', lower: 'ok', upper: 'ng', digit: 'ng', symbol: 'ng', repeat: 'ok', user: 'ok',
    });
    await screenshot(page, 'first-login-weak-password');

    // A strong one, typed key by key: the items turn ok as it grows.
    await page.fill('#password', '');
    await page.locator('#password').pressSequentially('Kx7');
    assert.deepEqual(await checklist(page), {
      length: 'ng', lower: 'ok', upper: 'ok', digit: 'ok', symbol: 'ng', repeat: 'ok', user: 'ok',
    });
    await page.locator('#password').pressSequentially('#mPq2');
    assert.equal((await checklist(page)).symbol, 'ok');
    assert.equal((await checklist(page)).length, 'ng', '8 characters');
    await page.locator('#password').pressSequentially(PASSWORD.slice(8));
    assert.equal(await page.inputValue('#password'), PASSWORD);
    assert.deepEqual(await checklist(page), Object.fromEntries(RULES.map((r) => [r, 'ok'])), 'all ok');
    assert.equal(await page.locator('#pw-checklist li.ok').count(), RULES.length);
    // The user ID or the e-mail address inside, in any case or with look-alike
    // digits, is refused here as the server refuses it.
    const local = email.split('@')[0];
    for (const inside of [`Zq9#${user.login.toUpperCase()}`, `Zq9#${email}`, `Zq9#${local.replace(/e/g, '3')}x`]) {
      await page.fill('#password', inside);
      assert.equal((await checklist(page)).user, 'ng', inside);
    }
    await page.fill('#password', PASSWORD);
    assert.deepEqual(await checklist(page), Object.fromEntries(RULES.map((r) => [r, 'ok'])), 'all ok again');
    await page.fill('#password_confirm', PASSWORD);
    await screenshot(page, 'first-login-strong-password');
    await submit(page, '/auth/first/password', `${BASE}/auth/first/user-id`);

    // The user ID: the e-mail address is offered; accept it.
    assert.equal((await page.textContent('ol.steps li[aria-current="step"]')).trim(), '2. ユーザーID設定');
    assert.equal(await page.inputValue('#login_id'), email);
    await screenshot(page, 'first-login-user-id');
    await submit(page, '/auth/first/user-id', `${BASE}/auth/first/mfa`);

    // The 2-step choice: the authenticator app.
    assert.equal((await page.textContent('ol.steps li[aria-current="step"]')).trim(), '3. 2段階認証');
    await page.check('input[name="method"][value="totp"]');
    await screenshot(page, 'first-login-mfa-choice');
    await submit(page, '/auth/first/mfa', `${BASE}/auth/mfa/totp`);

    // Scan the QR code from the screen, as a phone would.
    await page.waitForFunction(() => {
      const img = document.getElementById('totp-qr');
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.ok(await page.isVisible('#totp-qr'));
    const qrFile = path.join(screenshotDir(), 'first-login-totp-qr.png');
    await page.locator('#totp-qr').screenshot({ path: qrFile });
    await screenshot(page, 'first-login-totp');
    const [uri] = decodeQrFile(qrFile);
    assert.ok(uri, 'the QR code is readable');
    const o = parseOtpauth(uri);
    assert.equal(o.label, `Mimamori:${email}`, 'the account is the new user ID');
    assert.equal(o.params.get('issuer'), 'Mimamori');
    const secret = o.params.get('secret');
    assert.equal(secret, secretText(await page.textContent('#totp-secret')), 'QR secret = secret text');

    await stepMargin();
    const enrolStep = currentStep();
    await page.fill('#code', totp(secret, unixNow()));
    await submit(page, '/auth/mfa/totp', `${BASE}/`);
    assert.equal((await page.textContent('#display-name')).trim(), name);
    assert.equal((await page.textContent('#login-id')).trim(), email);
    await screenshot(page, 'first-login-home');

    // Log out, and back in with the password and a fresh code.
    await Promise.all([
      page.waitForURL(`${BASE}/auth/login?bye=1`),
      page.click('#logout-button'),
    ]);
    await page.fill('#user_id', email);
    await page.fill('#password', PASSWORD);
    await submit(page, '/auth/login', `${BASE}/auth/mfa`);
    assert.ok((await page.textContent('#mfa-prompt')).includes('認証アプリ'));
    // The next step's code: the enrolment code's step is used up.
    const next = Math.max(currentStep(), enrolStep) + 1;
    await page.fill('#code', totpAtStep(secret, next));
    await screenshot(page, 'first-login-mfa-code');
    await submit(page, '/auth/mfa', `${BASE}/`);
    assert.equal((await page.textContent('#login-id')).trim(), email);
    await screenshot(page, 'first-login-home-again');
    assert.deepEqual(errors, [], 'no script errors, CSP violations or failed loads');
  } finally {
    await close();
  }
});

test('without JavaScript the server lists the broken rules of a weak password', async () => {
  const user = createTemporaryUser();
  const { context, close } = await launchContext({ viewport: WIDE, javaScriptEnabled: false });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', user.login);
    await page.fill('#password', user.password);
    await submit(page, '/auth/login', `${BASE}/auth/first/password`);
    await page.fill('#password', 'password');
    await page.fill('#password_confirm', 'password');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/auth/first/password"] button[type="submit"]'),
    ]);
    await page.waitForSelector('#password-rules-error');
    assert.deepEqual(await page.$$eval('#password-rules-error li', (lis) => lis.map((li) => li.textContent.trim())), [
      '文字数が足りません。', '英大文字を含めてください。', '数字を含めてください。',
      '記号(!@#$%&*?+-=)を含めてください。', '辞書に載っている単語やよく使われるパスワードは使用できません。',
    ]);
    assert.equal(await page.inputValue('#password'), '', 'the password is not filled in again');
    await screenshot(page, 'first-login-weak-password-nojs');
    await page.fill('#password', PASSWORD);
    await page.fill('#password_confirm', PASSWORD);
    await submit(page, '/auth/first/password', `${BASE}/auth/first/user-id`);
  } finally {
    await close();
  }
});
