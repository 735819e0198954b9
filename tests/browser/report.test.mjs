// The threat report in a real browser (headless Chromium), without
// JavaScript as it must work: charts with Japanese labels drawn on the
// server, the period form, the comparison of the tenant's UTMs; wide and
// narrow screenshots; axe-core on every page (checked when the context
// closes). Screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { makeDevice, postAlerts, alert, at } from '../lib/devices.mjs';
import { freshTenant } from '../lib/cases.mjs';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 375, height: 740 };
const DAY = 24 * 3600 * 1000;

async function openReport(page, user) {
  await page.goto(`${BASE}/auth/login`);
  await page.fill('#user_id', user.login);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
  await Promise.all([page.waitForURL(`${BASE}/dashboard/report`), page.click('#report-link')]);
}

test('the report page with charts, wide and narrow, without JavaScript; axe-clean', async () => {
  const tenant = freshTenant('レポート表示株式会社');
  const devices = [makeDevice({ tenant }), makeDevice({ tenant })];
  const kinds = [['Webガード', 2, 'blocked'], ['IPS', 3, 'blocked'], ['アンチウイルス', 3, 'quarantined'],
    ['アプリケーション制御', 1, 'blocked'], ['アンチスパム', 1, 'detected']];
  for (const [n, dev] of devices.entries()) {
    const alerts = Array.from({ length: 40 + n * 25 }, (_, i) => {
      const [category, severity, status] = kinds[(i * (n + 1)) % kinds.length];
      return alert({ category, severity, status, source: `192.168.1.${i % 9 + 1}`,
        destination: `203.0.113.${i % 4 + 1}`, url: `http://bad-${i % 5}.example/ページ`,
        detected_at: at(-(i % 20) * DAY - 120_000) });
    });
    const res = await postAlerts(dev.token, alerts);
    assert.equal(res.status, 200, res.text);
  }
  const user = createUser({ role: 'customer_user', tenant: tenant.no, name: 'レポート 閲覧者' });
  const { context, close } = await launchContext({ viewport: WIDE, locale: 'ja-JP', javaScriptEnabled: false });
  try {
    context.setDefaultTimeout(15000);
    const page = context.pages()[0] || await context.newPage();
    await openReport(page, user);
    assert.equal((await page.textContent('h1')).trim(), 'UTM脅威レポート');
    for (const id of ['chart-severity', 'chart-category', 'chart-trend', 'chart-devices']) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      assert.ok(box && box.width > 200 && box.height > 50, `${id} is drawn`);
    }
    // Japanese labels are text of the chart, laid out with a width
    const label = page.locator('svg#chart-category text', { hasText: 'アプリケーション制御' }).first();
    assert.ok((await label.boundingBox()).width > 40);
    await screenshot(page, 'report-wide');
    // the period form: a calendar month, then a reversed range
    const month = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 7);
    await page.check('#period-month');
    await page.fill('#month', month);
    await Promise.all([page.waitForURL(/period=month/), page.click('#period-button')]);
    assert.ok((await page.textContent('#report-period')).includes(`${month}-01 - `));
    await page.check('#period-range');
    await page.fill('#from', '2026-03-10');
    await page.fill('#to', '2026-03-01');
    await Promise.all([page.waitForURL(/period=range/), page.click('#period-button')]);
    assert.equal((await page.textContent('#report-error')).trim(), '開始日が終了日より後になっています。');
    await screenshot(page, 'report-error');

    await page.setViewportSize(NARROW);
    await page.goto(`${BASE}/dashboard/report`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= NARROW.width + 1, `no sideways scrolling of the page (${wide})`);
    await screenshot(page, 'report-narrow');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print');
  } finally {
    const checked = await close();
    assert.ok(checked.includes('/dashboard/report'), 'the report checked');
  }
  // axe-core again at the narrow width, where the charts and wide tables
  // scroll sideways in their own boxes: each box is reachable by keyboard
  // and named
  const narrow = await launchContext({ viewport: NARROW, locale: 'ja-JP', javaScriptEnabled: false });
  try {
    narrow.context.setDefaultTimeout(15000);
    const page = narrow.context.pages()[0] || await narrow.context.newPage();
    await openReport(page, user);
    for (const box of ['section[aria-labelledby="devices-title"] > .table-scroll', '#peers > .table-scroll',
      '.report-pair > .report-chart', '.wide-chart']) {
      const first = page.locator(box).first();
      if (!(await first.count())) continue;
      assert.equal(await first.getAttribute('tabindex'), '0', box);
      assert.equal(await first.getAttribute('role'), 'region', box);
      assert.ok(await first.getAttribute('aria-labelledby'), box);
    }
    const scrolls = await page.evaluate(() => [...document.querySelectorAll('.table-scroll, .report-chart')]
      .filter((e) => e.scrollWidth > e.clientWidth).length);
    assert.ok(scrolls > 0, 'some box scrolls sideways at this width');
  } finally {
    const checked = await narrow.close();
    assert.ok(checked.includes('/dashboard/report'), 'the narrow report checked');
  }
});
