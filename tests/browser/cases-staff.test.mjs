// A case from new to closed in real browsers (headless Chromium), clicked
// and typed as people would: a customer opens an inquiry with a file, the
// analyst finds it in the console queue, takes it, answers and resolves it;
// the customer rejects the solution once, the analyst resolves again with
// a note kept internal, the customer accepts and the case is closed. Run on
// a wide and on a narrow (phone-sized) window. Screenshots go to
// $MM_VAR_DIR/screenshots/cases-staff-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, createUser } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';

const STEP_MS = 10000;
const WINDOWS = { wide: { width: 1280, height: 900 }, narrow: { width: 375, height: 740 } };

/** Path + query of the page's URL. */
const where = (page) => { const u = new URL(page.url()); return `${u.pathname}${u.search}`; };

/** Clicks and waits for the page the browser lands on; returns its path + query. */
async function clickTo(page, selector) {
  const nav = page.waitForNavigation({ waitUntil: 'load', timeout: STEP_MS });
  await page.click(selector);
  const res = await nav;
  assert.ok(res && res.status() < 400, `${selector}: status ${res && res.status()}`);
  return where(page);
}

/** Watches a page for script errors and failed loads. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && u.pathname !== '/favicon.ico') errors.push(`${r.status()} ${u.pathname}`);
  });
  return errors;
}

const statusOf = (page) => page.getAttribute('#case-status', 'data-status');

for (const [size, viewport] of Object.entries(WINDOWS)) {
  test(`a case from inquiry to closed between a customer and an analyst (${size} window)`, async () => {
    const tag = `ブラウザ${randomBytes(3).toString('hex')}`;
    const customer = createUser({ name: `画面 顧客${size}` });
    const analyst = await staffLogin({ name: `画面 担当${size}` });
    const cust = await launchContext({ viewport });
    const staff = await launchContext({ viewport });
    try {
      // the analyst's session comes from the 2-step login done over HTTP
      await staff.context.addCookies([{ name: 'mm_session', value: analyst.client.jar.get('mm_session'), url: BASE }]);
      const c = await cust.context.newPage();
      const s = await staff.context.newPage();
      const errors = [...watchErrors(c), ...watchErrors(s)];

      // the customer logs in and opens an inquiry with a file
      await c.goto(`${BASE}/auth/login`);
      await c.fill('#user_id', customer.login);
      await c.fill('#password', customer.password);
      assert.equal(await clickTo(c, 'button[type="submit"]'), '/');
      await c.goto(`${BASE}/cases/new`);
      await c.check('#category-alert');
      await c.fill('#subject', `不審な通信について ${tag}`);
      await c.fill('#description', '昨日不審なメールが届きました。添付のログをご確認ください。');
      await c.setInputFiles('#new-files', { name: '通信ログ.txt', mimeType: 'text/plain', buffer: Buffer.from('10.0.0.5 -> 203.0.113.9:443\n') });
      await screenshot(c, `cases-staff-${size}-1-new`);
      const created = await clickTo(c, '#send');
      const m = /^\/cases\/(CS[0-9]{7})\?done=created$/.exec(created);
      assert.ok(m, created);
      const no = m[1];
      assert.equal(await statusOf(c), 'new');
      assert.ok((await c.textContent('#attachment-list')).includes('通信ログ.txt'));

      // the analyst finds it in the queue by keyword, takes it and answers
      await s.goto(`${BASE}/staff/cases/?q=${encodeURIComponent(tag)}`);
      await screenshot(s, `cases-staff-${size}-2-queue`);
      assert.equal(await clickTo(s, `a.case-no:has-text("${no}")`), `/staff/cases/${no}`);
      assert.ok((await s.textContent('#attachment-list')).includes('通信ログ.txt'), 'the analyst sees the file');
      assert.equal(await clickTo(s, '#assign-me'), `/staff/cases/${no}?done=assign`);
      assert.equal((await s.textContent('#case-assignee')).trim(), `画面 担当${size}`);
      await s.fill('#comment-body', 'ログを確認しました。該当の通信は遮断済みです。');
      await s.check('#visibility-public');
      assert.equal(await clickTo(s, '#send-comment'), `/staff/cases/${no}?done=comment`);
      await s.selectOption('#new-status', 'resolved');
      assert.equal(await clickTo(s, '#set-status'), `/staff/cases/${no}?done=status`);
      assert.equal(await statusOf(s), 'resolved');

      // the customer rejects the solution once
      await c.goto(`${BASE}/cases/${no}`);
      assert.equal(await statusOf(c), 'resolved');
      assert.ok((await c.textContent('#activity')).includes('遮断済み'), 'the answer is shown');
      await screenshot(c, `cases-staff-${size}-3-resolved`);
      await c.fill('#reject-body', '別の端末からも同じ通信が出ています。');
      assert.equal(await clickTo(c, '#reject-solution'), `/cases/${no}?done=reject`);
      assert.equal(await statusOf(c), 'working');

      // the analyst notes something internal and resolves again
      await s.goto(`${BASE}/staff/cases/${no}`);
      assert.ok((await s.textContent('#activity')).includes('別の端末'));
      await s.fill('#comment-body', `社内メモ ${tag}: 端末2台目も隔離`);
      await s.check('#visibility-internal');
      assert.equal(await clickTo(s, '#send-comment'), `/staff/cases/${no}?done=comment`);
      assert.ok(await s.isVisible('.activity-note .note-badge'), 'the note is marked internal');
      await s.selectOption('#new-status', 'resolved');
      assert.equal(await clickTo(s, '#set-status'), `/staff/cases/${no}?done=status`);
      await screenshot(s, `cases-staff-${size}-4-staff-case`);

      // the customer accepts: closed, nothing more to do
      await c.goto(`${BASE}/cases/${no}`);
      assert.ok(!(await c.content()).includes('社内メモ'), 'the internal note stays internal');
      assert.equal(await clickTo(c, '#accept-solution'), `/cases/${no}?done=accept`);
      assert.equal(await statusOf(c), 'closed');
      assert.ok(await c.isVisible('#closed-note'));
      assert.ok(!(await c.isVisible('#comment-form')));
      await screenshot(c, `cases-staff-${size}-5-closed`);

      await s.goto(`${BASE}/staff/cases/${no}`);
      assert.equal(await statusOf(s), 'closed');
      assert.ok(!(await s.isVisible('#status-form')), 'a closed case offers no status change');
      if (viewport.width < 600) {
        const overflow = await s.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `the staff case page fits a narrow window (${overflow}px too wide)`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await cust.close();
      await staff.close();
    }
  });
}
