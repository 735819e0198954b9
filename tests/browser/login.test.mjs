// The login → home → logout journey in a real browser (headless Chromium),
// wide (menu bar) and narrow (≡ menu), with and without JavaScript.
// Screenshots of each state go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser, uniqueId, TENANT_A } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 10000;

/** Watches a page for script errors and CSP violations. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported with their URL by the response handler.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    // The browser asks for /favicon.ico by itself; a missing one is cosmetic.
    if (r.status() >= 400 && u.pathname !== '/favicon.ico') errors.push(`${r.status()} ${u.pathname}`);
  });
  return errors;
}

async function login(page, user) {
  await page.fill('#user_id', user.login);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL(`${BASE}/`, { timeout: STEP_MS }),
    page.click('form[action="/auth/login"] button[type="submit"]'),
  ]);
}

test('login, menu bar, ≡ menu and logout (JavaScript on)', async () => {
  const name = `画面 試験${Date.now().toString(36).slice(-4)}`;
  const user = createUser({ tenant: TENANT_A.no, name });
  const { context, close } = await launchContext({ viewport: WIDE });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    const errors = watchErrors(page);

    // Wide window: / sends us to the login page.
    await page.goto(`${BASE}/`);
    assert.equal(page.url(), `${BASE}/auth/login?next=%2F`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.ok(await page.isVisible('#user_id'));
    assert.ok(await page.isVisible('#password'));
    await screenshot(page, 'login-wide');

    await login(page, user);
    assert.equal((await page.textContent('#display-name')).trim(), name);
    assert.equal((await page.textContent('#customer-no')).trim(), TENANT_A.no);
    // The menu bar shows the logout button without opening anything.
    assert.equal(await page.isVisible('#logout-button'), true, 'logout visible on a wide window');
    assert.equal(await page.isVisible('label.menu-button'), false, '≡ hidden on a wide window');
    await screenshot(page, 'home-wide');

    // Narrow window: the menu items hide behind ≡.
    await page.setViewportSize(NARROW);
    await page.reload();
    assert.equal((await page.textContent('#display-name')).trim(), name);
    assert.equal(await page.isVisible('label.menu-button'), true, '≡ visible on a narrow window');
    assert.equal(await page.isVisible('#logout-button'), false, 'logout hidden until ≡ is opened');
    await screenshot(page, 'home-narrow-closed');
    await page.click('label.menu-button');
    await page.waitForSelector('#logout-button', { state: 'visible' });
    await screenshot(page, 'home-narrow-open');

    await Promise.all([
      page.waitForURL(`${BASE}/auth/login?bye=1`),
      page.click('#logout-button'),
    ]);
    assert.ok((await page.textContent('main')).includes('ログアウトしました。'));
    await screenshot(page, 'logged-out-narrow');

    // Logged out for real: / leads to the login page again.
    await page.goto(`${BASE}/`);
    assert.equal(page.url(), `${BASE}/auth/login?next=%2F`);
    assert.deepEqual(errors, [], 'no script errors, CSP violations or failed loads');
  } finally {
    await close();
  }
});

test('everything works with JavaScript disabled', async () => {
  const name = `無JS 試験${Date.now().toString(36).slice(-4)}`;
  const user = createUser({ tenant: TENANT_A.no, name });
  const { context, close } = await launchContext({ viewport: NARROW, javaScriptEnabled: false });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/auth/login`);
    assert.equal(page.url(), `${BASE}/auth/login`);
    await screenshot(page, 'login-narrow-nojs');
    await login(page, user);
    assert.equal((await page.textContent('#display-name')).trim(), name);
    // The ≡ menu is pure CSS: it opens without JavaScript.
    assert.equal(await page.isVisible('#logout-button'), false);
    await page.click('label.menu-button');
    await page.waitForSelector('#logout-button', { state: 'visible' });
    await screenshot(page, 'home-narrow-open-nojs');
    await Promise.all([
      page.waitForURL(`${BASE}/auth/login?bye=1`),
      page.click('#logout-button'),
    ]);
    assert.ok((await page.textContent('main')).includes('ログアウトしました。'));
  } finally {
    await close();
  }
});

test('a wrong password in the browser shows the generic message', async () => {
  const user = createUser({ tenant: TENANT_A.no });
  const { context, close } = await launchContext({ viewport: WIDE });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', user.login);
    await page.fill('#password', 'Wrong#Passw0rd!');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/auth/login"] button[type="submit"]'),
    ]);
    await page.waitForSelector('text=ユーザーIDまたはパスワードが正しくありません。');
    assert.equal(new URL(page.url()).pathname, '/auth/login');
    // The user ID stays filled in, the password does not.
    assert.equal(await page.inputValue('#user_id'), user.login);
    assert.equal(await page.inputValue('#password'), '');
    await screenshot(page, 'login-failed-wide');
  } finally {
    await close();
  }
});

test('narrow window: no sideways scrolling, even with a 40-character user ID', async () => {
  // User IDs may be up to 40 characters (AUTH-1), typically an e-mail address.
  const base = uniqueId('w');
  const longId = `${'x'.repeat(40 - base.length)}${base}`;
  assert.equal(longId.length, 40);
  const user = createUser({ tenant: TENANT_A.no, login: longId, name: '幅 確認' });
  const { context, close } = await launchContext({ viewport: NARROW });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    const overflow = () => page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, view: window.innerWidth,
    }));
    await page.goto(`${BASE}/auth/login`);
    let o = await overflow();
    assert.ok(o.scroll <= o.view, `login page ${o.scroll} px wide in a ${o.view} px window`);
    await login(page, user);
    await screenshot(page, 'home-narrow-long-id');
    o = await overflow();
    assert.ok(o.scroll <= o.view, `home page ${o.scroll} px wide in a ${o.view} px window`);
  } finally {
    await close();
  }
});
