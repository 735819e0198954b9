// Accessibility (WCAG 2.0/2.1 A and AA, axe-core). Every browser test has
// each page it loads checked when its context closes (tests/lib/browser.mjs);
// these tests make sure the check itself works and walk the logged-in pages
// of a customer and of an analyst.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser, TENANT_A } from '../lib/http.mjs';
import { launchContext, axeViolations, screenshot } from '../lib/browser.mjs';
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
      await page.goto(`${BASE}/auth/login`);
      await page.fill('#user_id', user.login);
      await page.fill('#password', user.password);
      await Promise.all([
        page.waitForURL(`${BASE}/`),
        page.click('form[action="/auth/login"] button[type="submit"]'),
      ]);
      // home is the target of the login's redirect: read from the browser,
      // so the test stays on it until it is shown
      await page.waitForSelector('#display-name');
      await page.goto(`${BASE}/account/`);
      await screenshot(page, `a11y-account-${viewport.width}`);
    } finally {
      checked = await close();
    }
    for (const p of ['/auth/login', '/', '/account/']) assert.ok(checked.includes(p), `${p} checked: ${checked}`);
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
