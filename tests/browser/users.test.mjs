// User management in real browsers (headless Chromium, ACC-3, seed 002
// §5.1.5, §5.2): a customer admin creates a user from the contact list, the
// new user sets the first password from the welcome mail's link on a narrow
// window and logs in; the profile page. Every page is checked with axe-core
// (WCAG 2 A/AA) when its context closes. Screenshots (Japanese) go to
// $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser, uniqueId } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { welcomeLink, userByLogin, userPath, NEW_PASSWORD } from '../lib/users.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 15000;

async function login(page, loginId, password) {
  await page.goto(`${BASE}/auth/login`);
  await page.fill('#user_id', loginId);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

test('an admin creates a user, who sets a password from the mail link and logs in', async () => {
  const tenant = freshTenant('ブラウザ商事株式会社');
  const admin = createUser({ role: 'customer_admin', tenant: tenant.no, name: '画面 管理者' });
  const email = uniqueId('brnew');
  const wide = await launchContext({ viewport: WIDE });
  let narrow = null;
  try {
    wide.context.setDefaultTimeout(STEP_MS);
    const page = wide.context.pages()[0] || await wide.context.newPage();
    await login(page, admin.login, admin.password);
    await Promise.all([page.waitForURL(`${BASE}/account/users/`), page.click('#nav-users')]);
    assert.equal((await page.textContent('h1')).trim(), '連絡先一覧');
    await Promise.all([page.waitForURL(`${BASE}/account/users/new`), page.click('#new-user')]);
    // an invalid address first: the message at the field, the values kept
    await page.fill('#name', '画面 新人');
    await page.fill('#email', 'not-an-address');
    await page.fill('#phone', '03-1111-2222');
    await page.selectOption('#time_zone', 'Asia/Tokyo');
    await page.check('#mfa_required');
    await Promise.all([page.waitForURL(`${BASE}/account/users/new`), page.click('#save-user')]);
    assert.equal((await page.textContent('#email-error')).trim(), 'メールアドレスの形式が正しくありません。');
    assert.equal(await page.inputValue('#name'), '画面 新人');
    await screenshot(page, 'users-new-error');
    await page.fill('#email', email);
    await screenshot(page, 'users-new');
    await Promise.all([page.waitForURL(/\/account\/users\/\d+\?done=created$/), page.click('#save-user')]);
    assert.match(await page.textContent('#user-notice'), /ユーザーを作成しました/);
    // the new user's page is addressed by the user's public number
    assert.equal(new URL(page.url()).pathname, userPath(userByLogin(email).id));
    assert.equal((await page.textContent('#user-state')).trim(), 'パスワード未設定');
    assert.equal(await page.inputValue('#login_id'), email);
    await screenshot(page, 'users-created');
    await Promise.all([page.waitForURL(`${BASE}/account/users/`), page.click('#back-to-users')]);
    await screenshot(page, 'users-list');

    // the new user, on a phone: the link of the welcome mail
    const { path } = await welcomeLink(email);
    narrow = await launchContext({ viewport: NARROW });
    narrow.context.setDefaultTimeout(STEP_MS);
    const phone = narrow.context.pages()[0] || await narrow.context.newPage();
    await phone.goto(`${BASE}${path}`);
    await phone.fill('#password', NEW_PASSWORD);
    await phone.fill('#password_confirm', NEW_PASSWORD);
    await screenshot(phone, 'users-first-password-narrow');
    await Promise.all([phone.waitForURL(`${BASE}/auth/login?reset=1`), phone.click(`form[action="${path}"] button[type="submit"]`)]);
    // MFA required: a code by e-mail after the password
    await phone.fill('#user_id', email);
    await phone.fill('#password', NEW_PASSWORD);
    await Promise.all([phone.waitForURL(/\/auth\/mfa/), phone.click('form[action="/auth/login"] button[type="submit"]')]);
    const { waitForMail, codeIn, SUBJECTS } = await import('../lib/mail.mjs');
    const code = codeIn((await waitForMail(email, { subject: SUBJECTS.code })).body);
    await phone.fill('#code', code);
    await Promise.all([phone.waitForURL(`${BASE}/`), phone.click('form[action="/auth/mfa"] button[type="submit"]')]);
    await screenshot(phone, 'users-first-login-home-narrow');
    await phone.goto(`${BASE}/account/profile`);
    assert.equal((await phone.textContent('#profile-login-id')).trim(), email);
    await screenshot(phone, 'profile-narrow');
    assert.equal(userByLogin(email).unset, '0');

    // the admin sees the user active now
    await page.reload();
    const row = page.locator(`tr:has(td.user-login:text-is("${email}"))`);
    assert.equal((await row.locator('td.user-state').textContent()).trim(), '有効');
    await page.goto(`${BASE}/account/profile`);
    await screenshot(page, 'profile-wide');
  } finally {
    const checked = await wide.close();
    assert.ok(checked.length >= 4, `axe checked ${checked.length} pages`);
    if (narrow) await narrow.close();
  }
});
