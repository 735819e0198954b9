// A work request in real browsers (headless Chromium): a customer of a
// tenant with points sends a 遮断代行 (block on behalf) request with an
// attachment from the catalog, the analyst finds it in the request desk and
// accepts it, and the customer sees the case it became, the file on it and
// the new balance. Every page is checked with axe-core; Japanese
// screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE } from '../lib/http.mjs';
import { launchContext, screenshot, setInputFileBytes } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { tenantWithPoints, period } from '../lib/requests.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 740 };
const STEP_MS = 15000;

test('遮断代行 with an attachment: sent, accepted, the case and the new balance', async () => {
  const { tenant, user } = tenantWithPoints(30, { name: 'ブラウザ 依頼者' });
  const staff = await staffLogin({ name: 'ブラウザ 受付' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-request-'));
  const file = path.join(dir, '遮断対象_アラート.txt');
  fs.writeFileSync(file, 'アラートID 20261204-0007\n通信先 203.0.113.45\n');
  const customer = await launchContext({ viewport: WIDE });
  const analyst = await launchContext({ viewport: WIDE });
  try {
    customer.context.setDefaultTimeout(STEP_MS);
    const page = customer.context.pages()[0] || await customer.context.newPage();
    await page.goto(`${BASE}/auth/login`);
    await page.fill('#user_id', user.login);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);

    await Promise.all([page.waitForURL(`${BASE}/cases/requests/`), page.click('#nav-requests')]);
    assert.equal((await page.textContent('#points-remaining')).trim(), '30');
    await screenshot(page, 'requests-catalog-wide');
    await Promise.all([page.waitForURL(`${BASE}/cases/requests/block_on_behalf`),
      page.click('#item-block_on_behalf h3 a')]);
    assert.equal((await page.textContent('#item-name')).trim(), '遮断代行');
    const cost = Number((await page.textContent('#item-cost')).trim());
    await page.fill('#f_target_ip', '203.0.113.0/24');
    await page.fill('#f_target_url', 'https://malware.example/payload');
    await page.fill('#f_reason', 'アラートID 20261204-0007 の通信先を遮断してください。');
    await page.fill('#f_until', new Date(Date.now() + (9 * 3600 + 30 * 86400) * 1000).toISOString().slice(0, 10));
    await page.check('#field-f_account_ready input[value="yes"]');
    await setInputFileBytes(page, '#attachments', file);
    await screenshot(page, 'request-form-wide');
    await Promise.all([page.waitForURL(/\/cases\/requests\/WR\d{7}\?done=sent$/), page.click('#send-request')]);
    const no = /WR\d{7}/.exec(page.url())[0];
    assert.equal(await page.getAttribute('#request-state', 'data-state'), 'pending');
    assert.equal((await page.textContent('#value-target_ip')).trim(), '203.0.113.0/24');
    assert.equal((await page.textContent('#attachment-list a')).trim(), '遮断対象_アラート.txt');
    {
      // the stored file is the one chosen, byte for byte
      const href = await page.getAttribute('#attachment-list a', 'href');
      const got = await page.request.get(new URL(href, page.url()).href);
      assert.equal(got.status(), 200);
      assert.ok(Buffer.compare(await got.body(), fs.readFileSync(file)) === 0, 'the downloaded request attachment equals the upload');
    }
    assert.match(await page.textContent('#request-notice'), /作業依頼を送信しました。/);
    await screenshot(page, 'request-sent-wide');

    // the analyst's desk: the queue, the request, accept
    const url = new URL(BASE);
    await analyst.context.addCookies([...staff.client.jar].map(([name, value]) => ({
      name, value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax',
    })));
    analyst.context.setDefaultTimeout(STEP_MS);
    const desk = analyst.context.pages()[0] || await analyst.context.newPage();
    await desk.goto(`${BASE}/staff/cases/`);
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/requests/`), desk.click('#nav-staff-requests')]);
    await screenshot(desk, 'requests-staff-queue');
    // the queue holds every tenant's pending requests, oldest first: the
    // analyst narrows it to this customer with the filter form
    await desk.fill('#tenant', tenant.no);
    await Promise.all([desk.waitForURL(/\/staff\/cases\/requests\/\?state=pending&tenant=N\d+$/), desk.click('#filter-button')]);
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/requests/${no}`), desk.click(`#request-${no} a.request-no`)]);
    assert.equal((await desk.textContent('#value-reason')).trim(), 'アラートID 20261204-0007 の通信先を遮断してください。');
    await screenshot(desk, 'request-staff-pending');
    await Promise.all([desk.waitForURL(/done=accepted$/), desk.click('#accept-request')]);
    assert.equal(await desk.getAttribute('#request-state', 'data-state'), 'accepted');
    const caseNo = (await desk.textContent('#case-link')).trim();
    assert.match(caseNo, /^CS\d{7}$/);
    await screenshot(desk, 'request-staff-accepted');

    // the catalog editor and an item's fields (axe-checked like every page)
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/requests/`), desk.click('#back-to-queue')]);
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/requests/catalog`), desk.click('#catalog-link')]);
    assert.ok(await desk.isVisible('#item-block_on_behalf'));
    await Promise.all([desk.waitForURL(`${BASE}/staff/cases/requests/catalog/block_on_behalf`),
      desk.click('#fields-block_on_behalf')]);
    assert.equal(await desk.inputValue('#f-target_ip-kind'), 'ip');
    await screenshot(desk, 'request-staff-fields');

    // the customer, on a narrow window: the new balance, the case with the file
    await page.setViewportSize(NARROW);
    await page.goto(`${BASE}/cases/requests/`);
    assert.equal((await page.textContent('#points-remaining')).trim(), String(30 - cost));
    assert.equal(period(tenant.no).consumed, cost);
    assert.equal(await page.getAttribute(`#request-${no}`, 'data-state'), 'accepted');
    await screenshot(page, 'requests-accepted-narrow');
    await Promise.all([page.waitForURL(`${BASE}/cases/${caseNo}`), page.click(`#request-${no} a.case-link`)]);
    assert.equal((await page.textContent('#case-category')).trim(), '作業依頼');
    assert.match(await page.textContent('#case-description'), /203\.0\.113\.0\/24/);
    assert.equal((await page.textContent('#attachment-list a')).trim(), '遮断対象_アラート.txt');
    await screenshot(page, 'request-case-narrow');
  } finally {
    await customer.close();
    await analyst.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
