// UTM devices (DASH-5): registration by MAC + code (right, wrong, the lock),
// the token shown once and working on the API, rotation and revocation,
// tenant isolation on every device route, the staff console (add a
// device, its slip, a new code, retire, the retired ones listed and put
// back to awaiting registration), and one device in service per MAC, also
// under concurrent adds and in the database's own key (sql/046).
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, createUser, csrfOf, dbRows, sqlString, decodeEntities } from '../lib/http.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { makeDevice, randomMac, sha256Hex, contractOf, api, postAlerts, alert, alertCount } from '../lib/devices.mjs';
import { pubid, idOfPubid } from '../lib/pubid.mjs';

const WRONG = 'MACアドレスまたは登録コードが正しくありません。';
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newCode() {
  return [...randomBytes(12)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** A device awaiting registration with a known code. */
function waitingDevice(tenant, { mac = randomMac(), code = newCode() } = {}) {
  const contract = contractOf(tenant.no);
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, reg_code_hash, created_at)
    SELECT id, ${contract}, 'awaiting_registration', ${sqlString(mac)}, 'SN-T', 'UTM-T200', UNHEX('${sha256Hex(code)}'), UTC_TIMESTAMP()
    FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const id = Number(dbRows(`SELECT id FROM devices WHERE mac = ${sqlString(mac)} ORDER BY id DESC LIMIT 1`)[0][0]);
  return { id, mac, code, tenant };
}

async function customer(tenant, role = 'customer_admin') {
  const client = new Client();
  await client.loginOk(createUser({ role, tenant: tenant.no }));
  return client;
}

async function register(client, mac, code, opts = {}) {
  const page = await client.get('/dashboard/devices');
  assert.equal(page.status, 200);
  return client.post('/dashboard/devices/register', { csrf: csrfOf(page.text), mac, code }, opts);
}

function tokenIn(html) {
  const m = /id="api-token"[^>]*value="(mmd_[A-Za-z0-9_-]{43})"/.exec(html);
  return m ? m[1] : null;
}

function deviceRow(id) {
  const [row] = dbRows(`SELECT status, reg_failures, reg_locked_until IS NOT NULL, token_hash IS NOT NULL, reg_code_hash IS NOT NULL FROM devices WHERE id = ${id}`);
  return { status: row[0], failures: Number(row[1]), locked: row[2] === '1', token: row[3] === '1', code: row[4] === '1' };
}

test('a customer registers a delivered UTM; the token is shown once and works', async () => {
  const tenant = freshTenant();
  const dev = waitingDevice(tenant);
  const client = await customer(tenant, 'customer_user');
  const list = await client.get('/dashboard/devices');
  assert.equal(list.status, 200);
  assert.match(list.text, /ポータル登録待ち/);
  assert.match(list.text, /id="devices-waiting"/);
  assert.ok(list.text.includes(dev.mac));
  // typed as a customer would: lower case, hyphens, the code grouped
  const typedMac = dev.mac.toLowerCase().replaceAll(':', '-');
  const typedCode = `${dev.code.slice(0, 4)}-${dev.code.slice(4, 8)}-${dev.code.slice(8)}`.toLowerCase();
  const res = await register(client, typedMac, typedCode);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const token = tokenIn(res.text);
  assert.ok(token, 'the token is on the page');
  assert.match(res.text, /今回だけ表示されます/);
  assert.deepEqual(deviceRow(dev.id), { status: 'registered', failures: 0, locked: false, token: true, code: false });
  // stored only as its hash
  const [hash] = dbRows(`SELECT HEX(token_hash) FROM devices WHERE id = ${dev.id}`)[0];
  assert.equal(hash.toLowerCase(), sha256Hex(token));
  // never shown again
  for (const path of ['/dashboard/devices', `/dashboard/devices/${pubid('device', dev.id)}`]) {
    const again = await client.get(path);
    assert.equal(again.status, 200);
    assert.ok(!again.text.includes(token), `${path} does not show the token`);
    assert.ok(!again.text.includes(token.slice(4, 20)));
  }
  assert.ok(!(await client.get('/dashboard/devices')).text.includes('id="devices-waiting"'));
  // the device can send
  const ping = await api('GET', '/ingest/v1/ping', { token });
  assert.equal(ping.status, 200);
  assert.equal(ping.json.device_id, Number(pubid('device', dev.id)));
  assert.notEqual(ping.json.device_id, dev.id, 'the public number, not the id shared by all tenants');
  // the list links the device by its public number; the database id, a
  // leading zero or a number of no device answer like a missing device
  const listed = await client.get('/dashboard/devices');
  assert.ok(listed.text.includes(`href="/dashboard/devices/${pubid('device', dev.id)}"`));
  assert.ok(!listed.text.includes(`href="/dashboard/devices/${dev.id}"`));
  const [[missing]] = dbRows('SELECT MAX(id) + 1000000 FROM devices');
  const none = await client.get(`/dashboard/devices/${pubid('device', missing)}`);
  assert.equal(none.status, 404);
  for (const bad of [String(dev.id), `0${pubid('device', dev.id)}`, '281474976710656']) {
    const res = await client.get(`/dashboard/devices/${bad}`);
    assert.equal(res.status, 404, bad);
    assert.equal(res.text, none.text, bad);
  }
  // the code is used up: registering again fails like a wrong code
  const twice = await register(client, dev.mac, dev.code);
  assert.equal(twice.status, 400);
  assert.ok(twice.text.includes(WRONG));
});

test('wrong codes: 5 in a row lock the device for 20 minutes, said with the minutes left; wrong or foreign MACs answer the same', async () => {
  const tenant = freshTenant();
  const other = freshTenant();
  const dev = waitingDevice(tenant);
  const foreign = waitingDevice(other);
  const client = await customer(tenant);
  const answers = [];
  // another tenant's device, even with its right code, and an unknown MAC
  answers.push(await register(client, foreign.mac, foreign.code));
  answers.push(await register(client, randomMac(), dev.code));
  assert.equal(deviceRow(foreign.id).status, 'awaiting_registration');
  assert.equal(deviceRow(foreign.id).failures, 0);
  for (let i = 1; i <= 5; i++) {
    answers.push(await register(client, dev.mac, newCode()));
    if (i < 5) assert.equal(deviceRow(dev.id).failures, i);
  }
  assert.equal(deviceRow(dev.id).locked, true);
  // locked: even the right code is refused, and the form says the device is
  // locked and for how long (a device of the user's own tenant only)
  const lockedMessage = (res) => decodeEntities(/id="devices-error">([^<]*)</.exec(res.text)[1]);
  const locked = await register(client, dev.mac, dev.code);
  assert.equal(locked.status, 400);
  assert.equal(lockedMessage(locked), 'この機器は登録コードを5回続けて間違えたため、一時的に登録できなくなっています。あと20分たってから、もう一度登録してください。');
  assert.equal(tokenIn(locked.text), null);
  const lockedLater = await register(client, dev.mac, newCode(), { clock: 18 * 60 + 30 });
  assert.match(lockedMessage(lockedLater), /あと2分たってから/);
  assert.equal(deviceRow(dev.id).failures, 0, 'tries while locked are not counted');
  const en = new Client();
  await en.loginOk(createUser({ role: 'customer_admin', tenant: tenant.no, lang: 'en' }));
  const lockedEn = await register(en, dev.mac, dev.code, { clock: 19 * 60 + 1 });
  assert.match(lockedEn.text, /registration code was entered wrong 5 times in a row\. Please try again in 1 min\./);
  // another tenant's locked device: the neutral answer
  const otherClient = await customer(other);
  for (let i = 1; i <= 5; i++) await register(otherClient, foreign.mac, newCode());
  assert.equal(deviceRow(foreign.id).locked, true);
  answers.push(await register(client, foreign.mac, foreign.code));
  const strip = (h) => h.replace(/name="csrf" value="[^"]*"/g, '').replace(/value="[0-9A-Fa-f:-]{17}"/g, '');
  for (const a of answers) {
    assert.equal(a.status, 400);
    assert.ok(decodeEntities(a.text).includes(WRONG));
    assert.equal(strip(a.text), strip(answers[0].text), 'every refusal looks the same');
    assert.equal(tokenIn(a.text), null);
  }
  assert.equal(deviceRow(dev.id).status, 'awaiting_registration');
  // after 20 minutes the right code works
  const later = await register(client, dev.mac, dev.code, { clock: 20 * 60 + 5 });
  assert.equal(later.status, 200);
  assert.ok(tokenIn(later.text));
  assert.equal(deviceRow(dev.id).status, 'registered');
  // malformed input: a clear message, nothing counted
  const bad = await register(client, 'not-a-mac', dev.code);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /00:11:22:AA:BB:CC の形式/);
});

test('a malformed MAC or code is told at its field, not as an empty form, and is no try', async () => {
  const tenant = freshTenant();
  const dev = waitingDevice(tenant);
  const client = await customer(tenant);
  const fieldError = (res, name) => {
    const m = new RegExp(`id="${name}-error">([^<]*)<`).exec(res.text);
    return m ? decodeEntities(m[1]) : null;
  };
  const topError = (res) => decodeEntities(/id="devices-error">([^<]*)</.exec(res.text)[1]);
  const both = await register(client, 'zz', 'x');
  assert.equal(both.status, 400);
  assert.equal(topError(both), 'MACアドレスまたは登録コードの形式が正しくありません。各項目のメッセージを確認してください。');
  assert.match(fieldError(both, 'mac'), /00:11:22:AA:BB:CC の形式/);
  assert.match(fieldError(both, 'code'), /XXXX-XXXX-XXXX の形式/);
  assert.match(both.text, /id="code"[^>]*aria-invalid="true" aria-describedby="code-error"/);
  const badCode = await register(client, dev.mac, 'ABCD-EFGH-IJK0');
  assert.equal(badCode.status, 400);
  assert.equal(fieldError(badCode, 'mac'), null);
  assert.match(fieldError(badCode, 'code'), /XXXX-XXXX-XXXX の形式/);
  assert.equal(deviceRow(dev.id).failures, 0, 'a code that cannot be one is not counted');
  // empty fields keep their own message
  const empty = await register(client, '', '');
  assert.equal(topError(empty), 'MACアドレスと登録コードを入力してください。');
  // a well-formed code in lower case is still the code
  const ok = await register(client, dev.mac, dev.code.toLowerCase());
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  assert.ok(tokenIn(ok.text));
});

test('rotation revokes the old token at once; revocation stops the device; users may not', async () => {
  const tenant = freshTenant();
  const dev = makeDevice({ tenant });
  const admin = await customer(tenant);
  const user = await customer(tenant, 'customer_user');
  const page = await admin.get(`/dashboard/devices/${pubid('device', dev.id)}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="rotate-button"/);
  const userPage = await user.get(`/dashboard/devices/${pubid('device', dev.id)}`);
  assert.ok(!userPage.text.includes('id="rotate-button"'), 'users see no token buttons');
  const denied = await user.post(`/dashboard/devices/${pubid('device', dev.id)}/rotate`, { csrf: csrfOf(userPage.text) });
  assert.equal(denied.status, 403);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: dev.token })).status, 200, 'user could not rotate');

  const rotated = await admin.post(`/dashboard/devices/${pubid('device', dev.id)}/rotate`, { csrf: csrfOf(page.text) });
  assert.equal(rotated.status, 200);
  const fresh = tokenIn(rotated.text);
  assert.ok(fresh && fresh !== dev.token);
  assert.equal((await postAlerts(dev.token, [alert()])).status, 401, 'old token refused at once');
  const sent = await postAlerts(fresh, [alert()]);
  assert.equal(sent.status, 200);
  assert.equal(alertCount(dev.id), 1);

  const again = await admin.get(`/dashboard/devices/${pubid('device', dev.id)}`);
  // one click revokes nothing: the form asks for its box to be ticked
  assert.match(again.text, /<input type="checkbox" name="confirm" value="1" id="revoke-confirm" required> このUTMのAPIトークンを失効させます/);
  const unticked = await admin.post(`/dashboard/devices/${pubid('device', dev.id)}/revoke`, { csrf: csrfOf(again.text) });
  assert.equal(unticked.status, 400);
  assert.equal(decodeEntities(/id="device-error">([^<]*)</.exec(unticked.text)[1]),
    'APIトークンを失効させるには「このUTMのAPIトークンを失効させます」にチェックを入れてください。');
  assert.equal((await postAlerts(fresh, [alert()])).status, 200, 'not revoked without the tick');
  const revoked = await admin.post(`/dashboard/devices/${pubid('device', dev.id)}/revoke`, { csrf: csrfOf(unticked.text), confirm: '1' });
  assert.equal(revoked.status, 303);
  assert.equal(revoked.headers.get('location'), '/dashboard/devices?done=revoked');
  assert.equal((await postAlerts(fresh, [alert()])).status, 401);
  assert.equal(alertCount(dev.id), 2);
  const list = await admin.get('/dashboard/devices?done=revoked');
  assert.match(list.text, /トークン失効中/);
  // name
  const named = await admin.post(`/dashboard/devices/${pubid('device', dev.id)}/name`, { csrf: csrfOf(list.text), name: '本社 UTM <1>' });
  assert.equal(named.status, 303);
  const shown = await admin.get('/dashboard/devices');
  assert.ok(shown.text.includes('本社 UTM &lt;1&gt;'));
});

test('another tenant\'s device id answers exactly like a missing one on every route', async () => {
  const owner = freshTenant();
  const dev = makeDevice({ tenant: owner });
  const waiting = waitingDevice(owner);
  const missing = 900000000 + Math.floor(Math.random() * 99999999);
  const intruderTenant = freshTenant();
  const before = dbRows(`SELECT name, HEX(token_hash), status FROM devices WHERE id IN (${dev.id}, ${waiting.id}) ORDER BY id`);
  const norm = (h, id) => h.replace(/name="csrf" value="[^"]*"/g, '').replaceAll(`devices/${id}`, 'devices/#');
  for (const role of ['customer_user', 'customer_admin']) {
    const intruder = await customer(intruderTenant, role);
    const csrf = csrfOf((await intruder.get('/dashboard/devices')).text);
    for (const id of [dev.id, waiting.id]) {
      const routes = [
        ['GET', `/dashboard/devices/${pubid('device', id)}`],
        ['POST', `/dashboard/devices/${pubid('device', id)}/name`, { name: '乗っ取り' }],
        ['POST', `/dashboard/devices/${pubid('device', id)}/rotate`, {}],
        ['POST', `/dashboard/devices/${pubid('device', id)}/revoke`, {}],
        ['GET', `/staff/dashboard/devices/${pubid('device', id)}`],
        ['POST', `/staff/dashboard/devices/${pubid('device', id)}/code`, {}],
        ['POST', `/staff/dashboard/devices/${pubid('device', id)}/rotate`, {}],
        ['POST', `/staff/dashboard/devices/${pubid('device', id)}/revoke`, {}],
      ];
      for (const [method, path, fields] of routes) {
        const other = method === 'GET' ? await intruder.get(path) : await intruder.post(path, { csrf, ...fields });
        const miss = path.replace(String(id), String(missing));
        const none = method === 'GET' ? await intruder.get(miss) : await intruder.post(miss, { csrf, ...fields });
        assert.equal(other.status, none.status, `${role} ${method} ${path}`);
        assert.ok(other.status >= 400 && other.status < 500, `${role} ${method} ${path}: ${other.status}`);
        assert.equal(norm(other.text, id), norm(none.text, missing), `${role} ${method} ${path}: same page`);
      }
    }
    const list = await intruder.get('/dashboard/devices');
    assert.ok(!list.text.includes(dev.mac) && !list.text.includes(waiting.mac), 'not listed');
  }
  assert.deepEqual(dbRows(`SELECT name, HEX(token_hash), status FROM devices WHERE id IN (${dev.id}, ${waiting.id}) ORDER BY id`), before);
});

test('staff add a device with its registration code; a new code replaces the old one', async () => {
  const tenant = freshTenant('スタッフ追加株式会社');
  contractOf(tenant.no);
  const { client: staff } = await staffLogin();
  const list = await staff.get('/staff/dashboard/devices');
  assert.equal(list.status, 200);
  const mac = randomMac();
  const bad = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: 'X1', mac: 'zz', serial: '', model: 'M' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /お客様番号は N で始まる10文字/);
  assert.match(bad.text, /MACアドレスは/);
  const unknown = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: 'N399999999', mac, serial: 'S', model: 'M' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /ご契約が見つかりません/);

  const added = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: tenant.no, mac: mac.toLowerCase(), serial: 'SN-0001', model: 'UTM-S300' });
  assert.equal(added.status, 200, added.text.slice(0, 400));
  const m = /id="registration-code">([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</.exec(added.text);
  assert.ok(m, 'the slip shows the code');
  const code = m[1];
  assert.ok([...code.replaceAll('-', '')].every((c) => ALPHABET.includes(c)), 'unambiguous alphabet');
  assert.ok(added.text.includes(tenant.name) && added.text.includes(mac));
  const [id, hash] = dbRows(`SELECT id, HEX(reg_code_hash) FROM devices WHERE mac = ${sqlString(mac)}`)[0];
  assert.equal(hash.toLowerCase(), sha256Hex(code.replaceAll('-', '')), 'stored hashed');
  const view = await staff.get(`/staff/dashboard/devices/${pubid('device', id)}`);
  assert.equal(view.status, 200);
  assert.ok(!view.text.includes(code), 'the code is not shown again');

  // a new code: the old one stops working
  const renewed = await staff.post(`/staff/dashboard/devices/${pubid('device', id)}/code`, { csrf: csrfOf(view.text) });
  assert.equal(renewed.status, 200);
  const code2 = /id="registration-code">([A-Z0-9-]{14})</.exec(renewed.text)[1];
  assert.notEqual(code2, code);
  const client = await customer(tenant);
  const old = await register(client, mac, code);
  assert.equal(old.status, 400);
  const ok = await register(client, mac, code2);
  assert.equal(ok.status, 200);
  assert.ok(tokenIn(ok.text));
  // registered: no more codes
  const done = await staff.get(`/staff/dashboard/devices/${pubid('device', id)}`);
  const refused = await staff.post(`/staff/dashboard/devices/${pubid('device', id)}/code`, { csrf: csrfOf(done.text) });
  assert.equal(refused.status, 409);

  // a device from signup approval has no MAC and no code: staff give both
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, created_at) SELECT id, ${contractOf(tenant.no)}, 'awaiting_registration', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const [bare] = dbRows(`SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)} AND d.mac IS NULL`)[0];
  const barePage = await staff.get(`/staff/dashboard/devices/${pubid('device', bare)}`);
  const noMac = await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/code`, { csrf: csrfOf(barePage.text) });
  assert.equal(noMac.status, 400);
  const mac2 = randomMac();
  const withMac = await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/code`, { csrf: csrfOf(barePage.text), mac: mac2, serial: 'SN-2', model: 'UTM-S100' });
  assert.equal(withMac.status, 200);
  assert.ok(withMac.text.includes(mac2));

  // staff rotate and revoke a customer's token
  const dev = makeDevice({ tenant });
  const devPage = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  const rot = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/rotate`, { csrf: csrfOf(devPage.text) });
  assert.equal(rot.status, 200);
  const t2 = tokenIn(rot.text);
  assert.ok(t2);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: dev.token })).status, 401);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: t2 })).status, 200);
  const rev = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/revoke`, { csrf: csrfOf(devPage.text) });
  assert.equal(rev.status, 303);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: t2 })).status, 401);
});

test('a MAC belongs to one device in service: a second add or code with it is refused', async () => {
  const tenant = freshTenant('MAC重複株式会社');
  const other = freshTenant('MAC重複別会社');
  contractOf(tenant.no);
  contractOf(other.no);
  const { client: staff } = await staffLogin();
  const list = await staff.get('/staff/dashboard/devices');
  const mac = randomMac();
  const first = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: tenant.no, mac, serial: 'SN-A', model: 'UTM-S300' });
  assert.equal(first.status, 200);
  const macRows = () => dbRows(`SELECT id, status FROM devices WHERE mac = ${sqlString(mac)} ORDER BY id`);
  assert.equal(macRows().length, 1);
  // the same MAC again, written another way, for the same or another customer
  for (const [no, typed] of [[tenant.no, mac.toLowerCase()], [other.no, mac.replaceAll(':', '-')]]) {
    const again = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: no, mac: typed, serial: 'SN-B', model: 'UTM-S300' });
    assert.equal(again.status, 409, `${no} ${typed}`);
    assert.match(again.text, /このMACアドレスの機器はすでに登録されています/);
    assert.ok(!/id="registration-code"/.test(again.text), 'no slip');
  }
  assert.equal(macRows().length, 1, 'nothing added');
  // a new code giving a device without MAC the MAC of another: refused too
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, created_at) SELECT id, ${contractOf(other.no)}, 'awaiting_registration', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(other.no)}`);
  const [[bare]] = dbRows(`SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(other.no)} AND d.mac IS NULL`);
  const barePage = await staff.get(`/staff/dashboard/devices/${pubid('device', bare)}`);
  const taken = await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/code`, { csrf: csrfOf(barePage.text), mac });
  assert.equal(taken.status, 409);
  assert.match(taken.text, /このMACアドレスの機器はすでに登録されています/);
  assert.equal(dbRows(`SELECT mac IS NULL, reg_code_hash IS NULL FROM devices WHERE id = ${bare}`)[0].join(), '1,1');
  // a new code for the device that has the MAC keeps working
  const [[id]] = macRows();
  const own = await staff.get(`/staff/dashboard/devices/${pubid('device', id)}`);
  assert.equal((await staff.post(`/staff/dashboard/devices/${pubid('device', id)}/code`, { csrf: csrfOf(own.text), mac })).status, 200);
});

test('staff retire a device: it leaves the customer\'s list and warning, its token stops, its MAC is free again', async () => {
  const tenant = freshTenant('機器廃止株式会社');
  const { client: staff } = await staffLogin();
  // a placeholder from an application whose UTM never came: the warning stays until it is retired
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, created_at) SELECT id, ${contractOf(tenant.no)}, 'awaiting_registration', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const [[placeholder]] = dbRows(`SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)} AND d.mac IS NULL`);
  const dev = makeDevice({ tenant });
  const client = await customer(tenant);
  const home = async () => (await client.get('/')).text;
  assert.ok((await home()).includes('id="unregistered-warning"'));
  const devices = await client.get('/dashboard/devices');
  assert.ok(devices.text.includes(`id="device-${pubid('device', placeholder)}"`) && devices.text.includes('id="devices-waiting"'));

  const page = await staff.get(`/staff/dashboard/devices/${pubid('device', placeholder)}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('id="retire-form"') && page.text.includes('id="retire-confirm"'));
  // without the ticked confirmation: nothing happens
  const unconfirmed = await staff.post(`/staff/dashboard/devices/${pubid('device', placeholder)}/retire`, { csrf: csrfOf(page.text) });
  assert.equal(unconfirmed.status, 400);
  assert.match(unconfirmed.text, /チェックを入れてください/);
  assert.equal(deviceRow(placeholder).status, 'awaiting_registration');
  // without the form's token: refused
  const forged = await staff.post(`/staff/dashboard/devices/${pubid('device', placeholder)}/retire`, { confirm: '1' });
  assert.notEqual(forged.status, 303);
  assert.equal(deviceRow(placeholder).status, 'awaiting_registration');
  const retired = await staff.post(`/staff/dashboard/devices/${pubid('device', placeholder)}/retire`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(retired.status, 303);
  assert.equal(retired.headers.get('location'), '/staff/dashboard/devices?done=retired');
  assert.equal(deviceRow(placeholder).status, 'retired');
  const done = await staff.get('/staff/dashboard/devices?done=retired');
  assert.match(done.text, /UTM機器を廃止しました。/);
  assert.ok(!(await home()).includes('id="unregistered-warning"'), 'the warning is gone');
  const after = await client.get('/dashboard/devices');
  assert.ok(!after.text.includes(`id="device-${pubid('device', placeholder)}"`) && !after.text.includes('id="devices-waiting"'));
  assert.ok(after.text.includes(`id="device-${pubid('device', dev.id)}"`), 'the device in service stays');
  // twice: refused
  const again = await staff.post(`/staff/dashboard/devices/${pubid('device', placeholder)}/retire`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(again.status, 409);

  // a registered UTM replaced after a fault: its token stops, its alerts stay stored, its MAC can be added anew
  const posted = await postAlerts(dev.token, [alert()]);
  assert.equal(posted.status, 200);
  const stored = alertCount(dev.id);
  const devPage = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  assert.equal((await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/retire`, { csrf: csrfOf(devPage.text), confirm: '1' })).status, 303);
  const row = deviceRow(dev.id);
  assert.deepEqual([row.status, row.token, row.code], ['retired', false, false]);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: dev.token })).status, 401);
  assert.equal(alertCount(dev.id), stored, 'its alerts are kept');
  const list = await staff.get('/staff/dashboard/devices');
  const re = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: tenant.no, mac: dev.mac, serial: 'SN-NEW', model: 'UTM-T100' });
  assert.equal(re.status, 200, 'the replacement gets the MAC');
  // customers cannot retire
  const own = await client.get('/dashboard/devices');
  const byCustomer = await client.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/retire`, { csrf: csrfOf(own.text), confirm: '1' });
  assert.notEqual(byCustomer.status, 303);
});

test('the staff list pages all devices with their count, and finds one by MAC, customer or name', async () => {
  const tenant = freshTenant('多数UTM検索株式会社');
  const contract = contractOf(tenant.no);
  const { client: staff } = await staffLogin();
  const macs = Array.from({ length: 105 }, () => randomMac());
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, created_at)
    SELECT t.id, ${contract}, 'awaiting_registration', m.mac, CONCAT('SN-LIST-', m.n), 'UTM-T100', UTC_TIMESTAMP()
    FROM tenants t JOIN (${macs.map((m, i) => `SELECT ${sqlString(m)} AS mac, ${i} AS n`).join(' UNION ALL ')}) m
    WHERE t.customer_no = ${sqlString(tenant.no)}`);
  const rowsOf = (html) => [...html.matchAll(/<tr id="device-(\d+)"/g)].map((m) => idOfPubid('device', m[1]));
  const countOf = (html) => /<p id="list-count">([^<]*)<\/p>/.exec(html)?.[1];
  const first = await staff.get(`/staff/dashboard/devices?tenant=${tenant.no}`);
  assert.equal(first.status, 200);
  assert.equal(rowsOf(first.text).length, 100);
  assert.equal(countOf(first.text), '1~100 件目 / 105 件');
  const next = /<a href="([^"]*)" rel="next" id="page-next">/.exec(first.text);
  assert.ok(next, 'a link to the next page');
  const second = await staff.get(decodeEntities(next[1]));
  assert.equal(second.status, 200);
  assert.equal(rowsOf(second.text).length, 5);
  assert.equal(countOf(second.text), '101~105 件目 / 105 件');
  assert.ok(!/id="page-next"/.test(second.text));
  const all = new Set([...rowsOf(first.text), ...rowsOf(second.text)]);
  assert.equal(all.size, 105, 'every device once');
  // a MAC typed in lower case with hyphens, or a part of it
  const [[wanted]] = dbRows(`SELECT id FROM devices WHERE mac = ${sqlString(macs[42])}`);
  for (const q of [macs[42].toLowerCase().replaceAll(':', '-'), macs[42].slice(3)]) {
    const found = await staff.get(`/staff/dashboard/devices?q=${encodeURIComponent(q)}`);
    assert.equal(found.status, 200);
    assert.deepEqual(rowsOf(found.text), [Number(wanted)], q);
    assert.equal(countOf(found.text), '1~1 件目 / 1 件');
  }
  // the customer number or the company name, and wildcards typed are only characters
  const byName = await staff.get(`/staff/dashboard/devices?q=${encodeURIComponent('多数UTM検索')}`);
  assert.equal(countOf(byName.text), '1~100 件目 / 105 件');
  const byNo = await staff.get(`/staff/dashboard/devices?q=${tenant.no}&page=2`);
  assert.equal(countOf(byNo.text), '101~105 件目 / 105 件');
  const wild = await staff.get(`/staff/dashboard/devices?q=${encodeURIComponent('%_')}`);
  assert.equal(wild.status, 200);
  assert.equal(countOf(wild.text), undefined);
  assert.ok(wild.text.includes('id="devices-empty"'));
});

test('a customer with more UTMs than the list shows is told so', async () => {
  const tenant = freshTenant('多数UTM表示株式会社');
  const contract = contractOf(tenant.no);
  const insert = (n) => dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, created_at, registered_at)
    SELECT t.id, ${contract}, 'registered', m.mac, 'SN-MANY', 'UTM-T100', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM tenants t JOIN (${Array.from({ length: n }, () => `SELECT ${sqlString(randomMac())} AS mac`).join(' UNION ALL ')}) m
    WHERE t.customer_no = ${sqlString(tenant.no)}`);
  insert(200);
  const client = await customer(tenant, 'customer_user');
  const rowsOf = (html) => [...html.matchAll(/<tr id="device-(\d+)"/g)].length;
  const all = await client.get('/dashboard/devices');
  assert.equal(rowsOf(all.text), 200);
  assert.ok(!all.text.includes('id="devices-more"'), 'every device shown: no note');
  insert(1);
  const capped = await client.get('/dashboard/devices');
  assert.equal(rowsOf(capped.text), 200);
  assert.match(capped.text, /id="devices-more">UTM機器が多いため、先頭の 200 台だけを表示しています。/);
});

test('the same MAC added by several staff at the same moment makes exactly one device in service', async () => {
  const tenants = [freshTenant('MAC同時追加株式会社'), freshTenant('MAC同時追加別会社')];
  for (const t of tenants) contractOf(t.no);
  const staffs = [(await staffLogin()).client, (await staffLogin()).client];
  const pages = await Promise.all(staffs.map((s) => s.get('/staff/dashboard/devices')));
  for (let round = 0; round < 6; round++) {
    const mac = randomMac();
    // four posts at once: two staff, two customers, the MAC written two ways
    const posts = [0, 1, 2, 3].map((i) => staffs[i % 2].post('/staff/dashboard/devices', {
      csrf: csrfOf(pages[i % 2].text), customer_no: tenants[i >> 1].no,
      mac: i % 2 ? mac.toLowerCase().replaceAll(':', '-') : mac, serial: `SN-RACE-${i}`, model: 'UTM-S300',
    }));
    const answers = await Promise.all(posts);
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409], `round ${round}`);
    for (const a of answers.filter((x) => x.status === 409)) {
      assert.match(a.text, /このMACアドレスの機器はすでに登録されています/);
      assert.ok(!/id="registration-code"/.test(a.text), 'no slip');
    }
    const rows = dbRows(`SELECT status FROM devices WHERE mac = ${sqlString(mac)}`);
    assert.deepEqual(rows, [['awaiting_registration']], `round ${round}: one device`);
  }
});

test('the database keeps one device in service per MAC; retired devices and devices without MAC are many', () => {
  const tenant = freshTenant('MAC一意株式会社');
  const contract = contractOf(tenant.no);
  const mac = randomMac();
  const insert = (status, m = mac) => dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, created_at)
    SELECT id, ${contract}, ${sqlString(status)}, ${m === null ? 'NULL' : sqlString(m)}, UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  insert('retired');
  insert('retired');
  insert('registered');
  assert.throws(() => insert('awaiting_registration'), /Duplicate entry/);
  assert.throws(() => insert('registered', mac.toLowerCase()), /Duplicate entry/, 'the column compares without case, like the MAC');
  // a retired one put back in service while another is: refused as well
  const [[retired]] = dbRows(`SELECT id FROM devices WHERE mac = ${sqlString(mac)} AND status = 'retired' ORDER BY id LIMIT 1`);
  assert.throws(() => dbRows(`UPDATE devices SET status = 'awaiting_registration' WHERE id = ${retired}`), /Duplicate entry/);
  insert('awaiting_registration', null);
  insert('awaiting_registration', null);
  assert.deepEqual(dbRows(`SELECT status, COUNT(*) FROM devices WHERE tenant_id = (SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)}) GROUP BY status ORDER BY status`),
    [['awaiting_registration', '2'], ['registered', '1'], ['retired', '2']]);
});

test('migration 046 on devices with duplicate MACs: spare devices awaiting registration retired, two registered stop it, it runs again', () => {
  const scratch = `mm_mig046_${process.pid}`;
  const sqlText = readFileSync(new URL('../../sql/046_device_active_mac.sql', import.meta.url), 'utf8');
  dbRows(`DROP DATABASE IF EXISTS ${scratch}; CREATE DATABASE ${scratch}`);
  try {
    // the table as before 046 (CREATE TABLE … LIKE keeps columns and keys, not foreign keys)
    dbRows(`CREATE TABLE ${scratch}.devices LIKE devices;
      ALTER TABLE ${scratch}.devices DROP KEY devices_active_mac, DROP COLUMN active_mac`);
    const ins = (id, status, mac) => `(${id}, 1, 1, '${status}', ${mac ? `'${mac}'` : 'NULL'}, UNHEX(SHA2('c${id}', 256)), UTC_TIMESTAMP())`;
    dbRows(`INSERT INTO devices (id, tenant_id, contract_id, status, mac, reg_code_hash, created_at) VALUES
      ${[ins(1, 'awaiting_registration', '02:00:00:00:00:01'), ins(2, 'awaiting_registration', '02:00:00:00:00:01'),
    ins(3, 'awaiting_registration', '02:00:00:00:00:02'), ins(4, 'registered', '02:00:00:00:00:02'),
    ins(5, 'retired', '02:00:00:00:00:03'), ins(6, 'awaiting_registration', '02:00:00:00:00:03'),
    ins(7, 'awaiting_registration', null), ins(8, 'awaiting_registration', null),
    ins(9, 'registered', '02:00:00:00:00:04'), ins(10, 'registered', '02:00:00:00:00:04')].join(',')}`, scratch);
    // two registered devices with one MAC: the key cannot be made, nothing of the table changes but the spares
    assert.throws(() => dbRows(sqlText, scratch), /Duplicate entry '02:00:00:00:00:04' for key 'devices_active_mac'/);
    const state = () => dbRows('SELECT id, status, reg_code_hash IS NULL FROM devices ORDER BY id', scratch).map((r) => r.join(' '));
    // 1: the oldest of two awaiting registration stays; 3: a registered one (4) has the MAC; 6: 5 is retired
    const expected = ['1 awaiting_registration 0', '2 retired 1', '3 retired 1', '4 registered 0', '5 retired 0',
      '6 awaiting_registration 0', '7 awaiting_registration 0', '8 awaiting_registration 0'];
    assert.deepEqual(state(), [...expected, '9 registered 0', '10 registered 0']);
    assert.equal(dbRows("SHOW COLUMNS FROM devices LIKE 'active_mac'", scratch).length, 0);
    // staff retire one of the two; the migration then passes, and again without harm
    dbRows("UPDATE devices SET status = 'retired' WHERE id = 10", scratch);
    dbRows(sqlText, scratch);
    dbRows(sqlText, scratch);
    assert.deepEqual(state(), [...expected, '9 registered 0', '10 retired 0']);
    assert.deepEqual(dbRows('SELECT id FROM devices WHERE active_mac IS NOT NULL ORDER BY id', scratch).map((r) => Number(r[0])), [1, 4, 6, 9]);
  } finally {
    dbRows(`DROP DATABASE IF EXISTS ${scratch}`);
  }
});

test('staff see retired devices under their filter and return one to awaiting registration; the customer registers it again', async () => {
  const tenant = freshTenant('機器再登録株式会社');
  const { client: staff, user: staffUser } = await staffLogin();
  const dev = makeDevice({ tenant });
  const client = await customer(tenant);
  const rowsOf = (html) => [...html.matchAll(/<tr id="device-(\d+)"/g)].map((m) => idOfPubid('device', m[1]));
  const devPage = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  assert.ok(!devPage.text.includes('id="reinstate-form"'), 'only a retired device can be reinstated');
  const early = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(devPage.text), confirm: '1' });
  assert.equal(early.status, 409);
  assert.match(early.text, /この機器は廃止されていません。/);
  assert.equal((await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/retire`, { csrf: csrfOf(devPage.text), confirm: '1' })).status, 303);
  assert.equal(dbRows(`SELECT COUNT(*) FROM auth_events WHERE login_id = ${sqlString(staffUser.login)} AND event = 'device.retire'`)[0][0], '1');

  // the list: in service by default, the retired ones under their filter, or all
  const q = encodeURIComponent(dev.mac);
  const listed = async (state) => {
    const page = await staff.get(`/staff/dashboard/devices?q=${q}${state ? `&state=${state}` : ''}`);
    assert.equal(page.status, 200);
    return page.text;
  };
  assert.deepEqual(rowsOf(await listed()), []);
  assert.deepEqual(rowsOf(await listed('active')), []);
  const retiredList = await listed('retired');
  assert.deepEqual(rowsOf(retiredList), [dev.id]);
  assert.match(retiredList, new RegExp(`<tr id="device-${pubid('device', dev.id)}">[\\s\\S]*?<td>廃止</td>`));
  assert.match(retiredList, /<option value="retired" selected>/);
  assert.deepEqual(rowsOf(await listed('all')), [dev.id]);
  const byTenant = await staff.get(`/staff/dashboard/devices?tenant=${tenant.no}&state=all`);
  assert.deepEqual(rowsOf(byTenant.text), [dev.id]);

  const page = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  assert.match(page.text, /id="device-state">廃止</);
  assert.ok(page.text.includes('id="reinstate-form"') && page.text.includes('id="reinstate-confirm"'));
  assert.ok(!page.text.includes('id="retire-form"'));
  const unconfirmed = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(page.text) });
  assert.equal(unconfirmed.status, 400);
  assert.match(unconfirmed.text, /チェックを入れてください/);
  const forged = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { confirm: '1' });
  assert.notEqual(forged.status, 200);
  const own = await client.get('/dashboard/devices');
  const byCustomer = await client.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(own.text), confirm: '1' });
  assert.notEqual(byCustomer.status, 200);
  assert.equal(deviceRow(dev.id).status, 'retired');

  const back = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(back.status, 200, back.text.slice(0, 400));
  const m = /id="registration-code">([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</.exec(back.text);
  assert.ok(m, 'the slip shows the new code');
  const code = m[1];
  assert.deepEqual(deviceRow(dev.id), { status: 'awaiting_registration', failures: 0, locked: false, token: false, code: true });
  assert.equal(dbRows(`SELECT COUNT(*) FROM auth_events WHERE login_id = ${sqlString(staffUser.login)} AND event = 'device.reinstate'`)[0][0], '1');
  const view = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  assert.ok(!view.text.includes(code), 'the code is shown once');
  assert.deepEqual(rowsOf(await listed()), [dev.id], 'in service again');
  assert.deepEqual(rowsOf(await listed('retired')), []);
  const twice = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(twice.status, 409);

  // the customer sees it awaiting registration, with the warning; the old token stays refused
  const list = await client.get('/dashboard/devices');
  assert.ok(list.text.includes(`id="device-${pubid('device', dev.id)}"`) && list.text.includes('id="devices-waiting"'));
  assert.ok((await client.get('/')).text.includes('id="unregistered-warning"'));
  assert.equal((await api('GET', '/ingest/v1/ping', { token: dev.token })).status, 401);
  const reg = await register(client, dev.mac, code);
  assert.equal(reg.status, 200, reg.text.slice(0, 300));
  const token = tokenIn(reg.text);
  assert.ok(token);
  assert.equal((await api('GET', '/ingest/v1/ping', { token })).status, 200);
  assert.equal((await api('GET', '/ingest/v1/ping', { token: dev.token })).status, 401);
  assert.ok(!(await client.get('/')).text.includes('id="unregistered-warning"'));

  // retired again, and its MAC given to a replacement: it cannot come back
  const again = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  assert.equal((await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/retire`, { csrf: csrfOf(again.text), confirm: '1' })).status, 303);
  const addPage = await staff.get('/staff/dashboard/devices');
  const replacement = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(addPage.text), customer_no: tenant.no, mac: dev.mac, serial: 'SN-REPL', model: 'UTM-T100' });
  assert.equal(replacement.status, 200);
  const retiredPage = await staff.get(`/staff/dashboard/devices/${pubid('device', dev.id)}`);
  const refused = await staff.post(`/staff/dashboard/devices/${pubid('device', dev.id)}/reinstate`, { csrf: csrfOf(retiredPage.text), confirm: '1' });
  assert.equal(refused.status, 409);
  assert.match(refused.text, /このMACアドレスの機器がほかに使用中のため、再登録待ちに戻せません。/);
  assert.ok(!/id="registration-code"/.test(refused.text), 'no slip');
  assert.equal(deviceRow(dev.id).status, 'retired');
  assert.equal(dbRows(`SELECT COUNT(*) FROM devices WHERE mac = ${sqlString(dev.mac)} AND status <> 'retired'`)[0][0], '1');
  assert.equal(dbRows(`SELECT COUNT(*) FROM auth_events WHERE login_id = ${sqlString(staffUser.login)} AND event = 'device.reinstate'`)[0][0], '1', 'a refusal records nothing');
});

test('a retired device without MAC comes back awaiting registration without code; staff then give MAC and code', async () => {
  const tenant = freshTenant('機器再登録MACなし株式会社');
  const { client: staff } = await staffLogin();
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, created_at) SELECT id, ${contractOf(tenant.no)}, 'retired', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const [[id]] = dbRows(`SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)}`);
  const page = await staff.get(`/staff/dashboard/devices/${pubid('device', id)}`);
  const back = await staff.post(`/staff/dashboard/devices/${pubid('device', id)}/reinstate`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), `/staff/dashboard/devices/${pubid('device', id)}`);
  assert.deepEqual(deviceRow(Number(id)), { status: 'awaiting_registration', failures: 0, locked: false, token: false, code: false });
  const waiting = await staff.get(`/staff/dashboard/devices/${pubid('device', id)}`);
  assert.ok(waiting.text.includes('id="code-form"'));
});

test('a broadcast, multicast or all-zero MAC is refused wherever a MAC is typed; a retired device gets no code', async () => {
  const NOT_UNICAST = 'このMACアドレスは機器のアドレスとして使えません';
  const tenant = freshTenant('MAC種別株式会社');
  contractOf(tenant.no);
  const { client: staff } = await staffLogin();
  const list = await staff.get('/staff/dashboard/devices');
  const groupMacs = ['FF:FF:FF:FF:FF:FF', 'ff-ff-ff-ff-ff-ff', '00:00:00:00:00:00', '01:00:5E:00:00:FB', '33:33:00:00:00:01', '0300aabbccdd'];
  for (const mac of groupMacs) {
    const added = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: tenant.no, mac, serial: 'SN-G', model: 'UTM-S300' });
    assert.equal(added.status, 400, mac);
    assert.ok(decodeEntities(added.text).includes(NOT_UNICAST), mac);
    assert.ok(!/id="registration-code"/.test(added.text), `no slip for ${mac}`);
  }
  assert.equal(dbRows(`SELECT COUNT(*) FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)}`)[0][0], '0');
  // a unicast MAC, also one whose first octet is even but not 02, is fine
  const fine = await staff.post('/staff/dashboard/devices', { csrf: csrfOf(list.text), customer_no: tenant.no, mac: '00:1B:21:3A:4F:5C', serial: 'SN-U', model: 'UTM-S300' });
  assert.equal(fine.status, 200);

  // a new code that would give a device without MAC a group address
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, created_at) SELECT id, ${contractOf(tenant.no)}, 'awaiting_registration', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const [[bare]] = dbRows(`SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)} AND d.mac IS NULL`);
  const barePage = await staff.get(`/staff/dashboard/devices/${pubid('device', bare)}`);
  const coded = await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/code`, { csrf: csrfOf(barePage.text), mac: 'FF:FF:FF:FF:FF:FF' });
  assert.equal(coded.status, 400);
  assert.ok(decodeEntities(coded.text).includes(NOT_UNICAST));
  assert.equal(dbRows(`SELECT mac IS NULL, reg_code_hash IS NULL FROM devices WHERE id = ${bare}`)[0].join(), '1,1');

  // the customer's registration form says the same at the MAC field
  const client = await customer(tenant);
  const reg = await register(client, 'FF:FF:FF:FF:FF:FF', newCode());
  assert.equal(reg.status, 400);
  const fieldError = /id="mac-error">([^<]*)</.exec(reg.text);
  assert.ok(fieldError && decodeEntities(fieldError[1]).startsWith(NOT_UNICAST), reg.text.slice(0, 300));

  // retired: a new code is refused as retired, pointing to 再登録待ちに戻す
  const page = await staff.get(`/staff/dashboard/devices/${pubid('device', bare)}`);
  assert.equal((await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/retire`, { csrf: csrfOf(page.text), confirm: '1' })).status, 303);
  const retiredPage = await staff.get(`/staff/dashboard/devices/${pubid('device', bare)}`);
  const refused = await staff.post(`/staff/dashboard/devices/${pubid('device', bare)}/code`, { csrf: csrfOf(retiredPage.text), mac: randomMac() });
  assert.equal(refused.status, 409);
  const message = decodeEntities(/id="device-error">([^<]*)</.exec(refused.text)[1]);
  assert.match(message, /廃止済み/);
  assert.match(message, /「再登録待ちに戻す」/);
  assert.doesNotMatch(message, /登録済み/);
  assert.equal(deviceRow(Number(bare)).status, 'retired');
});
