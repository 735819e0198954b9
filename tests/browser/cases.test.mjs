// A case from inquiry to closed in real browsers (headless Chromium): the
// customer opens an inquiry with an attachment, the analyst finds it in the
// queue, takes it, answers and resolves, the customer rejects once, the
// analyst (now on a narrow window) keeps a note internal and resolves again,
// the customer accepts. The customer works in a wide window, then a narrow one.
// Screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, createUser, TENANT_A } from '../lib/http.mjs';
import { launchContext, screenshot, setInputFileBytes } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 15000;

async function customerLogin(page, user) {
  await page.goto(`${BASE}/auth/login`);
  await page.fill('#user_id', user.login);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

/** A browser context carrying the analyst's session made over HTTP. */
async function analystContext(staff) {
  const { context, close } = await launchContext({ viewport: WIDE });
  const url = new URL(BASE);
  await context.addCookies([...staff.client.jar].map(([name, value]) => ({
    name, value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax',
  })));
  context.setDefaultTimeout(STEP_MS);
  return { context, close, page: context.pages()[0] || await context.newPage() };
}

async function analystResolves(page, no, text, shot) {
  await page.goto(`${BASE}/staff/cases/${no}`);
  await page.fill('#comment-body', text);
  await Promise.all([page.waitForURL(/done=comment/), page.click('#send-comment')]);
  await page.selectOption('#new-status', 'resolved');
  await Promise.all([page.waitForURL(/done=status/), page.click('#set-status')]);
  assert.equal(await page.getAttribute('#case-status', 'data-status'), 'resolved');
  await screenshot(page, shot);
}

test('inquiry with an attachment to closed, wide and narrow', async () => {
  const user = createUser({ tenant: TENANT_A.no, name: 'ブラウザ 利用者' });
  const staff = await staffLogin({ name: 'ブラウザ アナリスト' });
  const tag = `b${randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-case-'));
  const file = path.join(dir, 'ログ_2026-12.txt');
  fs.writeFileSync(file, 'ログの抜粋\n'.repeat(100));
  const customer = await launchContext({ viewport: WIDE });
  const analyst = await analystContext(staff);
  try {
    customer.context.setDefaultTimeout(STEP_MS);
    const page = customer.context.pages()[0] || await customer.context.newPage();
    await customerLogin(page, user);
    await page.click('#nav-case-new');
    await page.check('#category-alert');
    await page.fill('#subject', `ブラウザからの問い合わせ ${tag}`);
    await page.fill('#description', '昨日不審なメールが届きました。ログを添付します。');
    await setInputFileBytes(page, '#attachments', file);
    await screenshot(page, 'case-new-wide');
    await Promise.all([page.waitForURL(/\/cases\/CS\d{7}\?done=created$/), page.click('#send')]);
    const no = /CS\d{7}/.exec(page.url())[0];
    assert.equal((await page.textContent('#attachment-list a')).trim(), 'ログ_2026-12.txt');
    {
      // the stored file is the one chosen, byte for byte
      const href = await page.getAttribute('#attachment-list a', 'href');
      const got = await page.request.get(new URL(href, page.url()).href);
      assert.equal(got.status(), 200);
      assert.ok(Buffer.compare(await got.body(), fs.readFileSync(file)) === 0, 'the downloaded case attachment equals the upload');
    }
    assert.equal(await page.getAttribute('#case-status', 'data-status'), 'new');
    await screenshot(page, 'case-created-wide');

    // the analyst finds it in the queue and takes it
    const desk = analyst.page;
    await desk.goto(`${BASE}/staff/cases/?q=${tag}`);
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/${no}`), desk.click(`a.case-no:has-text("${no}")`)]);
    await Promise.all([desk.waitForURL(/done=assign/), desk.click('#assign-me')]);
    assert.equal((await desk.textContent('#case-assignee')).trim(), 'ブラウザ アナリスト');
    assert.equal(await desk.isVisible('#assign-me'), false, 'no "assign to me" once mine');
    await analystResolves(desk, no, '確認しました。フィルタを更新しました。', 'case-staff-resolved');

    // the customer rejects once, with a reason
    await page.goto(`${BASE}/cases/${no}`);
    assert.equal(await page.isVisible('#close-case'), false, 'close is not offered while resolved');
    await page.fill('#reject-body', 'まだ届きます。');
    await Promise.all([page.waitForURL(/done=reject/), page.click('#reject-solution')]);
    assert.equal(await page.getAttribute('#case-status', 'data-status'), 'working');

    // the analyst, on a narrow window now, keeps a note internal, then resolves
    await desk.setViewportSize(NARROW);
    await desk.goto(`${BASE}/staff/cases/${no}`);
    await desk.fill('#comment-body', `社内メモ ${tag}: 送信元を調査中`);
    await desk.check('#visibility-internal');
    await Promise.all([desk.waitForURL(/done=comment/), desk.click('#send-comment')]);
    assert.ok(await desk.isVisible('.activity-note .note-badge'), 'the note is marked internal');
    await screenshot(desk, 'case-staff-note-narrow');
    await analystResolves(desk, no, '送信元をブロックしました。', 'case-staff-resolved-again');

    // narrow window: the ≡ menu, then accept
    const narrow = await customer.context.newPage();
    await narrow.setViewportSize(NARROW);
    await narrow.goto(`${BASE}/`);
    assert.equal(await narrow.isVisible('#nav-cases'), false, 'menu folded on a narrow window');
    await narrow.click('label.menu-button');
    await narrow.click('#nav-cases');
    await narrow.click(`text=${no}`);
    await screenshot(narrow, 'case-resolved-narrow');
    assert.ok(!(await narrow.content()).includes('社内メモ'), 'the internal note stays internal');
    await Promise.all([narrow.waitForURL(/done=accept/), narrow.click('#accept-solution')]);
    assert.equal(await narrow.getAttribute('#case-status', 'data-status'), 'closed');
    assert.equal(await narrow.isVisible('#comment-form'), false);
    assert.ok(await narrow.isVisible('#closed-note'));
    await screenshot(narrow, 'case-closed-narrow');
  } finally {
    await customer.close();
    await analyst.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
