// A customer registers a delivered UTM in a real browser (headless
// Chromium): the list warns of the unregistered device, a wrong code is
// refused, the right one gives the API token once; wide and narrow windows,
// every page axe-clean (launchContext checks on close). Screenshots (in
// Japanese) go to $MM_VAR_DIR/screenshots/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, createUser, dbRows, sqlString } from '../lib/http.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { randomMac, sha256Hex, contractOf, api } from '../lib/devices.mjs';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

test('a customer registers a UTM and copies its token (wide, then narrow)', async () => {
  const tenant = freshTenant('ブラウザ登録株式会社');
  const code = [...randomBytes(12)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  const mac = randomMac();
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, reg_code_hash, created_at)
    SELECT id, ${contractOf(tenant.no)}, 'awaiting_registration', ${sqlString(mac)}, 'SN-BR-1', 'MM-UTM 200', UNHEX('${sha256Hex(code)}'), UTC_TIMESTAMP()
    FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const user = createUser({ role: 'customer_admin', tenant: tenant.no, name: 'ブラウザ 管理者' });
  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
    const narrow = viewport.width < 600;
    const { context, close } = await launchContext({ viewport });
    try {
      context.setDefaultTimeout(15000);
      const page = context.pages()[0] || await context.newPage();
      await page.goto(`${BASE}/auth/login`);
      await page.fill('#user_id', user.login);
      await page.fill('#password', user.password);
      await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action="/auth/login"] button[type="submit"]')]);
      if (narrow) {
        await page.goto(`${BASE}/dashboard/devices`);
      } else {
        await Promise.all([page.waitForURL(/\/dashboard\/devices$/), page.click('#nav-devices')]);
      }
      if (!narrow) {
        assert.ok(await page.isVisible('#devices-waiting'), 'the warning of an unregistered UTM');
        assert.match(await page.textContent('#devices'), /ポータル登録待ち/);
        await screenshot(page, 'devices-list-ja');
        await page.fill('#mac', mac.toLowerCase());
        await page.fill('#code', 'AAAA-BBBB-CCCC');
        await Promise.all([page.waitForLoadState('load'), page.click('#register-button')]);
        assert.match(await page.textContent('#devices-error'), /登録コードが正しくありません/);
        await screenshot(page, 'devices-wrong-code-ja');
        await page.fill('#mac', mac);
        await page.fill('#code', `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
        await Promise.all([page.waitForLoadState('load'), page.click('#register-button')]);
        assert.match(await page.textContent('h1'), /UTMを登録しました/);
        const token = await page.inputValue('#api-token');
        assert.match(token, /^mmd_[A-Za-z0-9_-]{43}$/);
        await screenshot(page, 'devices-token-ja');
        assert.equal((await api('GET', '/ingest/v1/ping', { token })).status, 200, 'the shown token works');
        await Promise.all([page.waitForURL(/\/dashboard\/devices\/\d+$/), page.click('#token-done')]);
        assert.equal(await page.locator('#api-token').count(), 0, 'not shown again');
        await page.fill('#name', '本社 UTM');
        await Promise.all([page.waitForURL(/done=renamed/), page.click('#name-button')]);
        assert.match(await page.textContent('#devices'), /本社 UTM/);
      } else {
        assert.match(await page.textContent('#devices'), /本社 UTM/);
        assert.match(await page.textContent('#devices'), /登録済み/);
        await page.click('#devices a');
        await page.waitForURL(/\/dashboard\/devices\/\d+$/);
        await screenshot(page, 'devices-device-narrow-ja');
      }
    } finally {
      await close();
    }
  }
});

test('an analyst adds a UTM and prints its registration slip, retires it and puts it back (axe-clean staff pages)', async () => {
  const tenant = freshTenant('スリップ確認株式会社');
  contractOf(tenant.no);
  const staff = await staffLogin({ name: 'ブラウザ 機器担当' });
  const { context, close } = await launchContext({ viewport: { width: 1280, height: 800 } });
  try {
    context.setDefaultTimeout(15000);
    const url = new URL(BASE);
    await context.addCookies([...staff.client.jar].map(([name, value]) => ({
      name, value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax',
    })));
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/staff/dashboard/devices`);
    await page.fill('#customer_no', tenant.no);
    const mac = randomMac();
    await page.fill('#add-mac', mac);
    await page.fill('#serial', 'SN-SLIP-1');
    await page.fill('#model', 'MM-UTM 100');
    await Promise.all([page.waitForLoadState('load'), page.click('#add-button')]);
    assert.match(await page.textContent('#registration-code'), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.match(await page.textContent('#slip-tenant'), /スリップ確認株式会社/);
    await screenshot(page, 'devices-staff-slip-ja');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#code-once'), false, 'the print view leaves out the on-screen notes');
    await page.emulateMedia({ media: 'screen' });
    await Promise.all([page.waitForURL(/\/staff\/dashboard\/devices\/\d+$/), page.click('#slip-done')]);
    await page.goto(`${BASE}/staff/dashboard/devices?tenant=${tenant.no}`);
    assert.match(await page.textContent('#devices'), new RegExp(mac));

    // retired, found again under the state filter, and put back to awaiting registration with a new slip
    await Promise.all([page.waitForURL(/\/staff\/dashboard\/devices\/\d+$/), page.click(`#devices a[href^="/staff/dashboard/devices/"]`)]);
    await page.check('#retire-confirm');
    await Promise.all([page.waitForURL(/\/staff\/dashboard\/devices\?done=retired$/), page.click('#retire-button')]);
    await page.fill('#tenant', tenant.no);
    assert.equal(await page.inputValue('#state'), 'active');
    await page.selectOption('#state', 'retired');
    await Promise.all([page.waitForURL(/state=retired/), page.click('#filter-button')]);
    assert.match(await page.textContent('#devices'), new RegExp(`${mac}[\\s\\S]*廃止`));
    await Promise.all([page.waitForURL(/\/staff\/dashboard\/devices\/\d+$/), page.click(`#devices a[href^="/staff/dashboard/devices/"]`)]);
    assert.equal(await page.textContent('#device-state'), '廃止');
    await page.check('#reinstate-confirm');
    await Promise.all([page.waitForLoadState('load'), page.click('#reinstate-button')]);
    assert.match(await page.textContent('#registration-code'), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await screenshot(page, 'devices-staff-reinstated-ja');
  } finally {
    await close();
  }
});
