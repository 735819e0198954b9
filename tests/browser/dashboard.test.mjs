// The dashboard in a real browser (headless Chromium): a customer sees the
// green security status, alerts arrive, the status counts them; the list
// and an alert page; every page axe-clean (checked when the context closes), Japanese screenshots, once in a
// narrow window. Screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { tenantWithContract, addDevice, addAlerts } from '../lib/alerts.mjs';
import { pubid } from '../lib/pubid.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 15000;

test('green status, alerts arrive, the counts, the list and an alert; axe-clean, wide and narrow', async () => {
  const t = tenantWithContract('ブラウザ商事株式会社');
  const dev = addDevice(t, { name: 'UTM-本社', mac: '02:AB:CD:EF:00:11' });
  const user = createUser({ role: 'customer_admin', tenant: t.no, name: 'ブラウザ 管理者' });
  const { context, close } = await launchContext({ viewport: WIDE, locale: 'ja-JP' });
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', user.login);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
    assert.equal((await page.textContent('#status-ok')).trim().replace(/^✔\s*/, ''), '検出された脅威はありません');
    await screenshot(page, 'dashboard-green');

    const now = Date.now();
    const ids = addAlerts(t, dev, [
      { severity: 3, category: 'Webガード', url: 'http://malware.example/dl', status: 'blocked' },
      { severity: 3, category: 'IPS', status: 'detected', detected: new Date(now - 3600e3) },
      { severity: 2, category: 'アンチウイルス', detected: new Date(now - 2 * 86400e3) },
      { severity: 1, category: 'アプリケーション制御', detected: new Date(now - 5 * 86400e3) },
    ]);
    await page.reload();
    assert.equal((await page.textContent('#count-high')).trim(), '2');
    assert.equal((await page.textContent('#count-medium')).trim(), '1');
    assert.equal((await page.textContent('#count-low')).trim(), '1');
    await screenshot(page, 'dashboard-counts');

    await Promise.all([page.waitForURL(/\/dashboard\/alerts\?/), page.click('#status-details')]);
    assert.equal((await page.textContent('#list-count')).trim(), '1~4 件目 / 4 件');
    await screenshot(page, 'alerts-list');
    await page.selectOption('#severity', 'high');
    await Promise.all([page.waitForURL(/severity=high/), page.click('#filter-button')]);
    assert.equal((await page.textContent('#list-count')).trim(), '1~2 件目 / 2 件');

    const first = pubid('alert', ids[0]);
    await Promise.all([page.waitForURL(`${BASE}/dashboard/alerts/${first}`), page.click(`a.alert-id:has-text("${first}")`)]);
    assert.equal((await page.textContent('#f-url')).trim(), 'http://malware.example/dl');
    await screenshot(page, 'alert-page');
    await Promise.all([page.waitForURL(/\/cases\/new\?alert=/), page.click('#ask-about-alert')]);
    assert.ok((await page.inputValue('#subject')).includes(first));
    assert.ok((await page.inputValue('#description')).includes('02:AB:CD:EF:00:11'));
    assert.equal(await page.isChecked('#category-alert'), true);
    await screenshot(page, 'alert-inquiry');

    // narrow window: the status and the list still read
    await page.setViewportSize(NARROW);
    await page.goto(`${BASE}/`);
    await screenshot(page, 'dashboard-narrow');
    await page.goto(`${BASE}/dashboard/alerts`);
    await screenshot(page, 'alerts-narrow');
    await page.goto(`${BASE}/dashboard/settings`);
    await screenshot(page, 'alert-mail-settings-narrow');
  } finally {
    // every document the context showed is checked by axe-core here
    const checked = await close();
    for (const p of ['/', '/dashboard/alerts', '/dashboard/settings']) assert.ok(checked.includes(p), `${p} checked`);
    assert.ok(checked.some((p) => /^\/dashboard\/alerts\/\d+$/.test(p)), 'an alert page checked');
  }
});
