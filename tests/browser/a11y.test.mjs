// Accessibility (WCAG 2.0/2.1 A and AA, axe-core). Every browser test has
// each page it loads checked when its context closes (tests/lib/browser.mjs);
// these tests make sure the check itself works and walk the logged-in pages
// of a customer and of an analyst.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser, TENANT_A } from '../lib/http.mjs';
import { launchContext, axeViolations, screenshot, loginInBrowser } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';

const STEP_MS = 10000;

test('the check finds what it is for: an unlabelled checkbox, missing contrast', async () => {
  const { context, close } = await launchContext();
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.setContent('<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body><main>'
      + '<input type="checkbox" id="menu-toggle"><p style="color:#bbb;background:#fff">薄い文字</p>'
      + '</main></body></html>');
    const found = await axeViolations(page);
    assert.ok(found.some((v) => / label /.test(v) && v.includes('#menu-toggle')), found.join('\n'));
    assert.ok(found.some((v) => v.includes('color-contrast')), found.join('\n'));
  } finally {
    await close();
  }
});

test('a customer\'s pages: login, home, account; every one is checked on close', async () => {
  const user = createUser({ tenant: TENANT_A.no, name: '画面 確認' });
  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
    const { context, close } = await launchContext({ viewport });
    let checked;
    try {
      context.setDefaultTimeout(STEP_MS);
      const page = context.pages()[0] || await context.newPage();
      // home is the target of the login's redirect: the helper waits until
      // the browser shows it
      await loginInBrowser(page, user);
      await page.goto(`${BASE}/account/`);
      await screenshot(page, `a11y-account-${viewport.width}`);
    } finally {
      checked = await close();
    }
    for (const p of ['/auth/login', '/', '/account/']) assert.ok(checked.includes(p), `${p} checked: ${checked}`);
  }
});

test('the first Tab shows a skip link; it moves the keyboard past the menu to the page', async () => {
  for (const [lang, text] of [['ja', '本文へ移動'], ['en', 'Skip to main content']]) {
    const user = createUser({ tenant: TENANT_A.no, name: '移動 確認', lang });
    const { context, close } = await launchContext({ viewport: { width: 1280, height: 800 } });
    try {
      context.setDefaultTimeout(STEP_MS);
      const page = context.pages()[0] || await context.newPage();
      await loginInBrowser(page, user);
      const hidden = await page.locator('#skip-link').boundingBox();
      assert.ok(!hidden || hidden.y + hidden.height <= 0, `${lang}: out of sight before focus`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ id: document.activeElement.id, text: document.activeElement.textContent }));
      assert.deepEqual(focused, { id: 'skip-link', text }, `${lang}: the first stop`);
      const shown = await page.locator('#skip-link').boundingBox();
      assert.ok(shown && shown.y >= 0 && shown.height > 0, `${lang}: visible when focused`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => Boolean(document.activeElement.closest('main')));
      assert.ok(next, `${lang}: the next stop is in the page, not the menu`);
    } finally {
      await close();
    }
  }
});

test('an analyst\'s pages: the application list and the questions', async () => {
  const { context, close } = await launchContext({ viewport: { width: 1280, height: 800 } });
  let checked;
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    // the session of an analyst who went through the 2-step setup over HTTP
    const { client } = await staffLogin();
    await context.addCookies([...client.jar].map(([name, value]) => ({ name, value, url: BASE })));
    await page.goto(`${BASE}/staff/signup/`);
    await page.goto(`${BASE}/staff/signup/?status=all`);
    await page.goto(`${BASE}/staff/signup/questions`);
    await screenshot(page, 'a11y-staff-questions');
  } finally {
    checked = await close();
  }
  assert.ok(checked.includes('/staff/signup/questions'), `checked: ${checked}`);
});
