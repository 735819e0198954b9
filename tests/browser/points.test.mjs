// ポイント管理 and サービス設定情報 in a real browser (headless Chromium): a
// customer of the demo tenant N200000001 opens both from the menu, reads
// the current period (demo: 100 contracted, 20 credited) and the older
// period's ledger, then does the same on a narrow window through the ≡
// menu. An analyst finds the tenant and is refused a credit without a
// reason (nothing changes, so the demo figures hold). Every page is checked with axe-core when the context closes;
// screenshots go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BASE, createUser, TENANT_A } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
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

async function pointsAndService(page, tag) {
  await Promise.all([page.waitForURL(`${BASE}/points/`), page.click('#nav-points')]);
  assert.equal((await page.textContent('h1')).trim(), 'ポイント管理');
  assert.equal(await page.getAttribute('#nav-points', 'aria-current'), 'page');
  const current = page.locator('#periods tr.current');
  assert.equal(await current.count(), 1, 'the current period is marked');
  assert.equal((await current.locator('.period-contracted').textContent()).trim(), '100');
  assert.equal((await current.locator('.period-credited').textContent()).trim(), '20');
  assert.match((await page.textContent('#ledger')), /障害対応でお待たせしたお詫びとして付与/);
  await screenshot(page, `points-${tag}`);
  // last month's ledger: two work requests, each linked to its case
  await Promise.all([page.waitForURL(/\/points\/\?period=\d+/), page.click('#periods tr:not(.current) a.period-link >> nth=0')]);
  const consumed = page.locator('#ledger tr.entry-consume');
  assert.equal(await consumed.count(), 2);
  assert.match(await consumed.first().locator('.entry-case a').getAttribute('href'), /^\/cases\/CS\d{7}$/);
  await screenshot(page, `points-ledger-${tag}`);
  await Promise.all([page.waitForURL(`${BASE}/points/service`), page.click('#service-link')]);
  assert.equal((await page.textContent('h1')).trim(), 'サービス設定情報');
  assert.equal((await page.textContent('.contract-tenant')).trim(), TENANT_A.name);
  assert.equal((await page.textContent('.contract-plan')).trim(), 'スタンダードプラン');
  assert.match(await page.textContent('#service-note'), /営業担当者へご連絡/);
  await screenshot(page, `points-service-${tag}`);
}

test('a customer opens ポイント管理 and サービス設定情報, wide and narrow', async () => {
  const user = createUser({ tenant: TENANT_A.no, name: 'ポイント 閲覧者' });
  const wide = await launchContext({ viewport: WIDE });
  let checked;
  try {
    wide.context.setDefaultTimeout(STEP_MS);
    const page = wide.context.pages()[0] || await wide.context.newPage();
    await customerLogin(page, user);
    await pointsAndService(page, 'wide');
  } finally {
    checked = await wide.close();
  }
  assert.ok(checked.includes('/points/') && checked.includes('/points/service'), checked.join(' '));

  const narrow = await launchContext({ viewport: NARROW });
  try {
    narrow.context.setDefaultTimeout(STEP_MS);
    const page = narrow.context.pages()[0] || await narrow.context.newPage();
    await customerLogin(page, user);
    assert.equal(await page.isVisible('#nav-points'), false, 'menu folded on a narrow window');
    await page.click('label.menu-button');
    await pointsAndService(page, 'narrow');
  } finally {
    await narrow.close();
  }
});

test('an analyst finds a tenant and is refused a credit without a reason; the pages pass axe', async () => {
  const staff = await staffLogin({ name: 'ポイント ブラウザ' });
  const { context, close } = await launchContext({ viewport: WIDE });
  const url = new URL(BASE);
  await context.addCookies([...staff.client.jar].map(([name, value]) => ({
    name, value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax',
  })));
  try {
    context.setDefaultTimeout(STEP_MS);
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/`);
    await Promise.all([page.waitForURL(`${BASE}/staff/points/`), page.click('#nav-staff-points')]);
    await page.fill('#q', TENANT_A.no);
    await Promise.all([page.waitForURL(/\/staff\/points\/\?q=/), page.click('#search-button')]);
    await Promise.all([page.waitForURL(`${BASE}/staff/points/${TENANT_A.no}`), page.click(`a.tenant-no:has-text("${TENANT_A.no}")`)]);
    assert.ok(await page.isVisible('#overrun-case'));
    // no reason: refused, the form keeps the points typed (the browser's own
    // check of required fields is out of the way: the server decides)
    await page.evaluate(() => document.querySelectorAll('form').forEach((f) => { f.noValidate = true; }));
    await page.fill('#credit-points', '5');
    await Promise.all([page.waitForURL(/\/credit$/), page.click('#credit-button')]);
    assert.equal((await page.textContent('#error-reason')).trim(), '付与の理由を入力してください。');
    assert.equal(await page.inputValue('#credit-points'), '5');
    await screenshot(page, 'points-staff-refused');
  } finally {
    await close();
  }
});
