// Knowledge in real browsers (headless Chromium): a customer searches
// 「フィッシング」, opens the article, downloads its document, dismisses the
// announcement banner and does not see it again after logging in anew; the
// same on a narrow window. Every page is checked with axe-core (WCAG 2
// A/AA) when the browser closes; screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, createUser, dbRows, TENANT_A } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { loadFixture } from '../lib/knowledge.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 15000;

/** The fixture's announcement, made the newest so that the banner shows it. */
function freshNotice() {
  loadFixture();
  dbRows("UPDATE kb_articles SET published_at = UTC_TIMESTAMP() WHERE demo_key = 'fx-notice'");
}

async function login(page, user) {
  await page.goto(`${BASE}/auth/login`);
  await page.fill('#user_id', user.login);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

async function searchAndRead(page, shotPrefix) {
  await page.goto(`${BASE}/knowledge/`);
  await page.fill('#q', 'フィッシング');
  await Promise.all([page.waitForURL(/\/knowledge\/\?q=/), page.click('#search-button')]);
  const title = page.locator('a.kb-title', { hasText: 'フィッシングメールを見分けるチェックリスト' });
  assert.equal(await title.count(), 1, 'the article is found');
  assert.match(await page.textContent('#list-count'), /1~\d+ 件目 \/ \d+ 件/);
  await screenshot(page, `${shotPrefix}-search`);
  await Promise.all([page.waitForURL(/\/knowledge\/KB\d{7}$/), title.click()]);
  assert.equal((await page.textContent('#article-title')).trim(), 'フィッシングメールを見分けるチェックリスト');
  assert.equal(await page.locator('.kb-body table').count(), 1, 'the Markdown table');
  assert.equal(await page.locator('.kb-body script').count(), 0);
  assert.match(await page.getAttribute('time.kb-rel', 'title'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await screenshot(page, `${shotPrefix}-article`);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('a.kb-file')]);
  assert.equal(dl.suggestedFilename(), 'phishing-checklist.txt');
  const saved = await dl.path();
  assert.match(fs.readFileSync(saved, 'utf8'), /フィッシングメール チェックリスト/);
}

test('search, read, download and dismiss the banner for good (wide)', async () => {
  freshNotice();
  const user = createUser({ tenant: TENANT_A.no, name: 'ナレッジ 読者' });
  const first = await launchContext({ viewport: WIDE, acceptDownloads: true });
  try {
    first.context.setDefaultTimeout(STEP_MS);
    const page = first.context.pages()[0] || await first.context.newPage();
    await login(page, user);
    const banner = page.locator('.kb-banner-item', { hasText: 'テスト用メンテナンスのお知らせ' });
    assert.equal(await banner.count(), 1, 'the announcement is in the banner');
    await screenshot(page, 'knowledge-home-banner-wide');
    await searchAndRead(page, 'knowledge-wide');
    await page.goto(`${BASE}/`);
    await Promise.all([page.waitForURL(`${BASE}/`), banner.locator('button.kb-dismiss').click()]);
    assert.equal(await page.locator('.kb-banner-item', { hasText: 'テスト用メンテナンスのお知らせ' }).count(), 0);
    await page.click('#notices-all');
    assert.ok(await page.locator('a.kb-title', { hasText: 'テスト用メンテナンスのお知らせ' }).count() >= 1,
      'still in the announcements list');
    await screenshot(page, 'knowledge-announcements-wide');
  } finally {
    await first.close();
  }
  const again = await launchContext({ viewport: WIDE });
  try {
    again.context.setDefaultTimeout(STEP_MS);
    const page = again.context.pages()[0] || await again.context.newPage();
    await login(page, user);
    assert.equal(await page.locator('.kb-banner-item', { hasText: 'テスト用メンテナンスのお知らせ' }).count(), 0,
      'a new login does not bring it back');
  } finally {
    await again.close();
  }
});

test('the same on a narrow window, without JavaScript', async () => {
  freshNotice();
  const user = createUser({ tenant: TENANT_A.no, name: 'ナレッジ 携帯' });
  const narrow = await launchContext({ viewport: NARROW, acceptDownloads: true, javaScriptEnabled: false });
  try {
    narrow.context.setDefaultTimeout(STEP_MS);
    const page = narrow.context.pages()[0] || await narrow.context.newPage();
    await login(page, user);
    await searchAndRead(page, 'knowledge-narrow');
    await page.goto(`${BASE}/knowledge/downloads`);
    assert.ok(await page.locator('a.kb-download', { hasText: 'テスト用マニュアル' }).count() >= 1);
    await screenshot(page, 'knowledge-downloads-narrow');
    await page.goto(`${BASE}/`);
    const banner = page.locator('.kb-banner-item', { hasText: 'テスト用メンテナンスのお知らせ' });
    await Promise.all([page.waitForURL(`${BASE}/`), banner.locator('button.kb-dismiss').click()]);
    assert.equal(await banner.count(), 0);
    await screenshot(page, 'knowledge-home-narrow');
  } finally {
    await narrow.close();
  }
});
