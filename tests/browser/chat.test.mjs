// Chat notification linkages in a real browser (headless Chromium, ACC-4,
// seed 004): a customer admin opens チャット通知 from the menu, is refused a
// plain http URL, registers the linkage, sees it masked in the list and
// sends the test message, which reaches the local webhook sink; then the
// delete confirmation. Every page is checked with axe-core (WCAG 2 A/AA)
// when the context closes; screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { tenantWithContract } from '../lib/alerts.mjs';
import { until } from '../lib/poll.mjs';
import { hookUrl, hooksFor, UUID } from '../lib/chat.mjs';

const STEP_MS = 15000;

test('an admin registers a chat linkage and sends the test message', async () => {
  const t = tenantWithContract('ブラウザ連携株式会社');
  const admin = createUser({ role: 'customer_admin', tenant: t.no, name: '画面 管理者' });
  const { tag, url } = hookUrl();
  const wide = await launchContext({ viewport: { width: 1280, height: 800 } });
  try {
    wide.context.setDefaultTimeout(STEP_MS);
    const page = wide.context.pages()[0] || await wide.context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', admin.login);
    await page.fill('#password', admin.password);
    await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
    await Promise.all([page.waitForURL(`${BASE}/account/chat`), page.click('#nav-chat')]);
    assert.equal((await page.textContent('h1')).trim(), 'チャット通知連携');
    await page.fill('#url', 'http://hooks.example.com/services/x');
    await page.fill('#company', '株式会社ブラウザ');
    await page.fill('#customer_id', UUID);
    await page.fill('#org', '情報システム部');
    await Promise.all([page.waitForURL(`${BASE}/account/chat`), page.click('#save-linkage')]);
    assert.equal((await page.textContent('#url-error')).trim(), 'https:// で始まるURLを入力してください。');
    assert.equal(await page.inputValue('#url'), '', 'the URL is not echoed back');
    assert.equal(await page.inputValue('#company'), '株式会社ブラウザ');
    await screenshot(page, 'chat-error');
    await page.fill('#url', url);
    await Promise.all([page.waitForURL(`${BASE}/account/chat?done=created`), page.click('#save-linkage')]);
    assert.match(await page.textContent('#chat-notice'), /連携を登録しました/);
    const row = page.locator('#linkages tbody tr').first();
    assert.match((await row.locator('td.linkage-url').textContent()).trim(), /^http:\/\/127\.0\.0\.1…Zq9X$/);
    assert.equal((await row.locator('td.linkage-org').textContent()).trim(), '情報システム部');
    assert.ok(!(await page.content()).includes(tag));
    await screenshot(page, 'chat-list');
    await Promise.all([page.waitForURL(`${BASE}/account/chat?done=tested`), row.locator('button[id^="test-"]').click()]);
    assert.match(await page.textContent('#chat-notice'), /テストメッセージ/);
    const [hook] = await until('the test message in the sink', () => hooksFor(tag).length && hooksFor(tag), 30000);
    assert.equal(hook.body.kind, 'test');
    assert.equal(hook.body.company_name, '株式会社ブラウザ');
    await Promise.all([page.waitForURL(/\/account\/chat\/\d+\/delete$/), row.locator('a[id^="delete-"]').click()]);
    await screenshot(page, 'chat-delete');
    await Promise.all([page.waitForURL(`${BASE}/account/chat?done=deleted`), page.click('#delete-yes')]);
    assert.ok(await page.isVisible('#chat-none'));
  } finally {
    const checked = await wide.close();
    assert.ok(checked.length >= 4, `axe checked ${checked.length} pages`);
  }
});
