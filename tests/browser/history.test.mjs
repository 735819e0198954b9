// The login history in a real browser (headless Chromium): a customer admin
// opens ログイン履歴 from the menu, filters by event, opens the ≡ menu and
// downloads that filter as CSV, Excel and PDF. Every page is checked with axe-core
// (WCAG 2 A/AA) when the context closes; a Japanese screenshot goes to
// $MM_VAR_DIR/screenshots/history-wide.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, createUser } from '../lib/http.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';

const WIDE = { width: 1280, height: 800 };

test('an admin filters the login history and exports it as CSV, Excel and PDF from the ≡ menu', async () => {
  const t = freshTenant('ブラウザ履歴株式会社');
  const admin = createUser({ role: 'customer_admin', tenant: t.no, name: '履歴 確認者' });
  const { context, close } = await launchContext({ viewport: WIDE, acceptDownloads: true });
  try {
    context.setDefaultTimeout(15000);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', admin.login);
    await page.fill('#password', admin.password);
    await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);

    await Promise.all([page.waitForURL(`${BASE}/history/`), page.click('#nav-history')]);
    assert.equal((await page.textContent('h1')).trim(), 'ログイン履歴');
    await page.selectOption('#event', 'login.ok');
    await Promise.all([page.waitForURL(/event=login\.ok/), page.click('#filter-button')]);
    assert.equal((await page.textContent('#list-count')).trim(), '1~1 件目 / 1 件');
    assert.equal((await page.textContent('#history tbody td.login-id')).trim(), admin.login);

    // the ≡ menu opens without JavaScript (<details>) and offers the filter's export
    assert.equal(await page.isVisible('#export-csv'), false);
    await page.click('#export-toggle');
    assert.equal(await page.isVisible('#export-csv'), true);
    await screenshot(page, 'history-wide');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(download.suggestedFilename(), `ログイン履歴_${t.no}_all-all.csv`);
    const file = await download.path();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('\uFEFF日時 (Asia/Tokyo),イベント,ユーザーID'), 'BOM, Japanese header and the time zone');
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 2, 'header and the one login');
    assert.ok(lines[1].includes(',ログイン,') && lines[1].includes(admin.login));

    // the other two formats of the same filter, from the same menu
    for (const ext of ['xlsx', 'pdf']) {
      if (!(await page.isVisible(`#export-${ext}`))) await page.click('#export-toggle');
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#export-${ext}`)]);
      assert.equal(d.suggestedFilename(), `ログイン履歴_${t.no}_all-all.${ext}`);
      const buf = fs.readFileSync(await d.path());
      const magic = ext === 'pdf' ? '%PDF-' : 'PK\u0003\u0004';
      assert.equal(buf.subarray(0, magic.length).toString('latin1'), magic, `${ext} file`);
    }
  } finally {
    const checked = await close();
    assert.ok(checked.includes('/history/'), 'axe checked the history page');
  }
});
