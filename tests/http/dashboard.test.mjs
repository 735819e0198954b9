// The dashboard's security status (DASH-1, DASH-3), the alert list and
// page, the inquiry about an alert (DASH-6) and the mail settings (DASH-7),
// with devices and alerts written the way the ingestion API stores them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, textById, dbRows, decodeEntities } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { tenantWithContract, addDevice, addAlerts, tokyoDay } from '../lib/alerts.mjs';
import { makeDevice, postAlerts, alert } from '../lib/devices.mjs';
import { pubid, idOfPubid } from '../lib/pubid.mjs';

const DAY = 24 * 3600 * 1000;

async function login(tenant, role = 'customer_user') {
  const user = createUser({ role, tenant: tenant.no });
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

/** The database ids of the alerts a list shows (by their public numbers). */
function alertIds(html) {
  return [...html.matchAll(/class="alert-id">(\d+)</g)].map((m) => idOfPubid('alert', m[1]));
}

const alertNo = (id) => pubid('alert', id);
const userNo = (id) => pubid('user', id);

function periodOf(now = new Date()) {
  return `${tokyoDay(new Date(now.getTime() - 29 * DAY))} - ${tokyoDay(now)}`;
}

test('a tenant without alerts sees the green status for the last 30 days', async () => {
  const t = tenantWithContract();
  addDevice(t);
  const { client } = await login(t);
  const res = await client.get('/');
  assert.equal(res.status, 200);
  assert.equal(textById(res.text, 'status-title'), 'セキュリティステータス');
  assert.ok(textById(res.text, 'status-ok').includes('検出された脅威はありません'));
  assert.ok(textById(res.text, 'status-period').endsWith(periodOf()), textById(res.text, 'status-period'));
  assert.equal(textById(res.text, 'status-details'), '詳細を確認');
  assert.equal(textById(res.text, 'status-issues'), '問題を確認');
  assert.equal(textById(res.text, 'unregistered-warning'), null);
  assert.ok(res.text.includes('id="report-buttons"'));
  // the home content stays
  assert.equal(textById(res.text, 'customer-no'), t.no);
  // the /dashboard/ address leads home
  const dash = await client.get('/dashboard/');
  assert.equal(dash.status, 303);
});

test('the status counts threats by severity from the daily counts of the period', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const now = Date.now();
  addAlerts(t, dev, [
    { severity: 3 }, { severity: 3, category: 'IPS' }, { severity: 3, detected: new Date(now - 3 * DAY) },
    { severity: 2 }, { severity: 2, category: 'アンチウイルス' },
    { severity: 1 },
    // outside the 30 days: not counted
    { severity: 3, detected: new Date(now - 40 * DAY) },
  ]);
  // the counts come from alert_daily, not from the alerts: a kept count
  // without rows is counted
  dbRows(`INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
    VALUES (${t.id}, '${tokyoDay(new Date(now - 5 * DAY))}', ${dev.id}, 'Webガード', 1, 4)`);
  const { client } = await login(t);
  const res = await client.get('/');
  assert.equal(res.status, 200);
  assert.equal(textById(res.text, 'status-ok'), null);
  assert.equal(textById(res.text, 'count-high'), '3');
  assert.equal(textById(res.text, 'count-medium'), '2');
  assert.equal(textById(res.text, 'count-low'), '5');
  const details = decodeEntities(/id="status-details" href="([^"]+)"/.exec(res.text)[1]);
  const [from, to] = periodOf().split(' - ');
  assert.equal(details, `/dashboard/alerts?from=${from}&to=${to}`);
  const list = await client.get(details);
  assert.equal(list.status, 200);
  assert.equal(textById(list.text, 'list-count'), '1~6 件目 / 6 件');
  const issues = decodeEntities(/id="status-issues" href="([^"]+)"/.exec(res.text)[1]);
  const open = await client.get(issues);
  assert.equal(open.status, 200);
  // high and medium, blocked ones excluded: the test alerts are all blocked
  assert.equal(textById(open.text, 'list-count'), '該当するアラートはありません。');
  addAlerts(t, dev, [{ severity: 3, status: 'detected' }, { severity: 1, status: 'detected' }]);
  const open2 = await client.get(issues);
  assert.equal(textById(open2.text, 'list-count'), '1~1 件目 / 1 件');
});

test('the kept status follows alerts stored through the API and devices leaving or joining the registered state', async () => {
  const t = tenantWithContract();
  const dev = makeDevice({ tenant: t });
  const { client } = await login(t);
  const counts = async () => {
    const res = await client.get('/');
    assert.equal(res.status, 200);
    if (textById(res.text, 'status-ok') !== null) return 'ok';
    return ['count-high', 'count-medium', 'count-low'].map((id) => textById(res.text, id)).join('/');
  };
  assert.equal(await counts(), 'ok');
  const kept = () => dbRows(`SELECT high, medium, low FROM dashboard_status WHERE tenant_id = ${t.id}`).map((r) => r.join('/'));
  assert.deepEqual(kept(), ['0/0/0']);
  const batch = [alert({ severity: 3 }), alert({ severity: 1 }), alert({ severity: 1 })];
  const first = await postAlerts(dev.token, batch);
  assert.equal(first.status, 200);
  assert.equal(first.json.counts.accepted, 3);
  assert.equal(await counts(), '1/0/2');
  assert.deepEqual(kept(), ['1/0/2']);
  // the same batch again stores nothing: the kept status stays right
  const again = await postAlerts(dev.token, batch);
  assert.equal(again.json.counts.duplicate, 3);
  assert.equal(await counts(), '1/0/2');
  // partly new: only the new alert is counted
  const partly = await postAlerts(dev.token, [batch[0], alert({ severity: 2 })]);
  assert.deepEqual([partly.json.counts.accepted, partly.json.counts.duplicate], [1, 1]);
  assert.equal(await counts(), '1/1/2');
  // a second registered device with its own counts joins the status
  const other = addDevice(t);
  addAlerts(t, other, [{ severity: 3 }]);
  assert.equal(await counts(), '2/1/2');
  // a device that leaves the registered state no longer counts
  dbRows(`UPDATE devices SET status = 'retired' WHERE id = ${dev.id}`);
  assert.equal(await counts(), '1/0/0');
  dbRows(`UPDATE devices SET status = 'registered' WHERE id = ${dev.id}`);
  assert.equal(await counts(), '2/1/2');
});

test('a device awaiting registration: warning, and its alerts are neither shown nor counted', async () => {
  const t = tenantWithContract();
  const reg = addDevice(t);
  const pending = addDevice(t, { status: 'awaiting_registration', name: '未登録UTM' });
  const [hidden] = addAlerts(t, pending, [{ severity: 3, url: 'http://hidden.example/' }]);
  const [shown] = addAlerts(t, reg, [{ severity: 2 }]);
  const { client } = await login(t);
  const home = await client.get('/');
  const warning = textById(home.text, 'unregistered-warning');
  assert.ok(warning.startsWith('【重要】ポータルへの登録が完了していないUTMがあります。'), warning);
  assert.ok(/id="unregistered-warning"><a href="\/dashboard\/devices">/.test(home.text));
  assert.equal(textById(home.text, 'count-high'), '0');
  assert.equal(textById(home.text, 'count-medium'), '1');
  const list = await client.get('/dashboard/alerts');
  assert.deepEqual(alertIds(list.text), [shown]);
  assert.ok(!list.text.includes('未登録UTM'), 'the unregistered device is not offered as a filter');
  assert.equal((await client.get(`/dashboard/alerts/${alertNo(hidden)}`)).status, 404);
  assert.equal((await client.get(`/dashboard/alerts?device=${pubid('device', pending.id)}`)).status, 400);
  const form = await client.get(`/cases/new?alert=${alertNo(hidden)}`);
  assert.equal(form.status, 200);
  assert.ok(!form.text.includes('hidden.example'));
});

test('the alert list: filters, sort both ways, paging, state in the query string', async () => {
  const t = tenantWithContract();
  const a = addDevice(t, { name: 'A-本社' });
  const b = addDevice(t, { name: 'B-支店' });
  const base = Date.now() - 10 * DAY;
  const specs = [];
  for (let i = 0; i < 25; i++) {
    specs.push({
      detected: new Date(base + i * 3600 * 1000),
      severity: (i % 3) + 1,
      category: i % 2 ? 'IPS' : 'Webガード',
      status: i % 5 === 0 ? 'detected' : 'blocked',
    });
  }
  const idsA = addAlerts(t, a, specs.slice(0, 15));
  const idsB = addAlerts(t, b, specs.slice(15));
  const all = [...idsA, ...idsB];
  const { client } = await login(t);

  const p1 = await client.get('/dashboard/alerts');
  assert.equal(p1.status, 200);
  assert.equal(textById(p1.text, 'list-count'), '1~20 件目 / 25 件');
  // newest first by default
  assert.deepEqual(alertIds(p1.text), [...all].reverse().slice(0, 20));
  const next = decodeEntities(/href="([^"]+)" rel="next" id="page-next"/.exec(p1.text)[1]);
  // the next page goes on from the last row's key (keyset page)
  const last1 = [...all].reverse()[19];
  assert.match(next, new RegExp(`^/dashboard/alerts\\?sort=detected&dir=desc&page=2&after=\\d+_${alertNo(last1)}$`));
  const p2 = await client.get(next);
  assert.equal(textById(p2.text, 'list-count'), '21~25 件目 / 25 件');
  assert.deepEqual(alertIds(p2.text), [...all].reverse().slice(20));
  // without the key (a typed address) the same page by its number
  const p2n = await client.get('/dashboard/alerts?sort=detected&dir=desc&page=2');
  assert.deepEqual(alertIds(p2n.text), [...all].reverse().slice(20));
  // ascending, the key continues upwards
  const asc1 = await client.get('/dashboard/alerts?sort=detected&dir=asc');
  const nextAsc = decodeEntities(/href="([^"]+)" rel="next" id="page-next"/.exec(asc1.text)[1]);
  assert.match(nextAsc, new RegExp(`&after=\\d+_${alertNo(all[19])}$`));
  assert.deepEqual(alertIds((await client.get(nextAsc)).text), all.slice(20));
  // a malformed key is a bad filter like any other
  for (const bad of ['x', '1_', '_1', '1_2_3', '1-2']) {
    const res = await client.get(`/dashboard/alerts?page=2&after=${encodeURIComponent(bad)}`);
    assert.equal(res.status, 400, bad);
  }

  const asc = await client.get('/dashboard/alerts?sort=detected&dir=asc');
  assert.deepEqual(alertIds(asc.text), all.slice(0, 20));

  const high = await client.get('/dashboard/alerts?severity=high&sort=detected&dir=asc');
  const highIds = all.filter((_, i) => specs[i].severity === 3);
  assert.deepEqual(alertIds(high.text), highIds);
  assert.equal(textById(high.text, 'list-count'), `1~${highIds.length} 件目 / ${highIds.length} 件`);
  // the filter stays in the sort links
  assert.ok(/href="\/dashboard\/alerts\?severity=high&amp;sort=severity&amp;dir=asc" id="sort-severity"/.test(high.text));

  const ips = await client.get(`/dashboard/alerts?category=${encodeURIComponent('IPS')}&sort=detected&dir=asc`);
  assert.deepEqual(alertIds(ips.text), all.filter((_, i) => specs[i].category === 'IPS'));
  const devB = await client.get(`/dashboard/alerts?device=${pubid('device', b.id)}&sort=detected&dir=asc`);
  assert.deepEqual(alertIds(devB.text), idsB);
  const open = await client.get('/dashboard/alerts?state=open&sort=detected&dir=asc');
  assert.deepEqual(alertIds(open.text), all.filter((_, i) => specs[i].status !== 'blocked'));
  const blocked = await client.get('/dashboard/alerts?state=blocked');
  assert.equal(textById(blocked.text, 'list-count'), '1~20 件目 / 20 件');

  // period: the days of alerts 0..23 h after base (the viewer's days, Asia/Tokyo)
  const day0 = tokyoDay(new Date(base));
  const inDay0 = all.filter((_, i) => tokyoDay(specs[i].detected) === day0);
  const period = await client.get(`/dashboard/alerts?from=${day0}&to=${day0}&sort=detected&dir=asc`);
  assert.deepEqual(alertIds(period.text), inDay0.slice(0, 20));
  assert.equal(textById(period.text, 'list-count'), `1~${Math.min(20, inDay0.length)} 件目 / ${inDay0.length} 件`);

  // severity sort both ways: ties broken by time in the same direction
  const bySev = [...all.keys()].sort((x, y) => specs[x].severity - specs[y].severity || x - y).map((i) => all[i]);
  const sevAsc = await client.get('/dashboard/alerts?sort=severity&dir=asc');
  assert.deepEqual(alertIds(sevAsc.text), bySev.slice(0, 20));
  const sevDesc = await client.get('/dashboard/alerts?sort=severity&dir=desc');
  assert.deepEqual(alertIds(sevDesc.text), [...bySev].reverse().slice(0, 20));
  // device sort: A-本社 before B-支店
  const devAsc = await client.get('/dashboard/alerts?sort=device&dir=asc&page=2');
  assert.deepEqual(alertIds(devAsc.text), idsB.slice(5));
  const devDesc = await client.get('/dashboard/alerts?sort=device&dir=desc');
  assert.deepEqual(alertIds(devDesc.text).slice(0, 10), [...idsB].reverse());
  const catAsc = await client.get('/dashboard/alerts?sort=category&dir=asc');
  assert.equal(alertIds(catAsc.text)[0], all.find((_, i) => specs[i].category === 'IPS'));

  // a page past the end shows the last one
  const far = await client.get('/dashboard/alerts?page=99');
  assert.equal(textById(far.text, 'list-count'), '21~25 件目 / 25 件');
  // bad input: a clear message, nothing listed
  for (const q of ['from=2026-02-31', 'severity=4', 'sort=evil', 'dir=up', 'device=abc', 'state=x', 'page=x', 'category=foo']) {
    const bad = await client.get(`/dashboard/alerts?${q}`);
    assert.equal(bad.status, 400, q);
    assert.ok(textById(bad.text, 'list-error'), q);
    assert.deepEqual(alertIds(bad.text), [], q);
  }
  // an unknown category is a wrong filter like a wrong severity; a known
  // one without alerts is an empty list
  assert.equal(textById((await client.get('/dashboard/alerts?category=foo')).text, 'list-error'), '絞り込み条件が正しくありません。条件を確かめてください。');
  const noneOfIt = await client.get(`/dashboard/alerts?category=${encodeURIComponent('サンドボックス')}`);
  assert.equal(noneOfIt.status, 200);
  assert.deepEqual(alertIds(noneOfIt.text), []);
  // the end of the period before its start is refused, as on the case list
  const reversed = await client.get('/dashboard/alerts?from=2026-12-06&to=2026-11-01');
  assert.equal(reversed.status, 400);
  assert.equal(textById(reversed.text, 'list-error'), '検知日の期間は、終了日を開始日以降の日付にしてください。');
  assert.deepEqual(alertIds(reversed.text), []);
  const oneDay = await client.get('/dashboard/alerts?from=2026-12-06&to=2026-12-06');
  assert.equal(oneDay.status, 200);
  const en = new Client();
  const enUser = createUser({ tenant: t.no, lang: 'en' });
  await en.loginOk(enUser);
  const badEn = await en.get('/dashboard/alerts?severity=4');
  assert.equal(textById(badEn.text, 'list-error'), 'The filter is not valid. Please check it.');
});

test('the alert page shows every field in the viewer\'s time zone; the inquiry button prefills a new inquiry', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t, { name: 'UTM-本社', mac: '02:AA:BB:CC:DD:01' });
  const detected = new Date(Date.UTC(2026, 10, 3, 16, 30, 5));
  const [id] = addAlerts(t, dev, [{
    detected, severity: 2, category: 'Webガード', source: '192.168.10.23', destination: '198.51.100.7',
    url: 'http://bad.example/<x>', description: '有害サイトへのアクセスを検知しました。', action: '利用者に確認してください。', status: 'blocked',
    deviceAlertId: `fw-<${t.id}>&1`,
  }]);
  const num = alertNo(id);
  const { user, client } = await login(t);
  const res = await client.get(`/dashboard/alerts/${num}`);
  assert.equal(res.status, 200);
  assert.equal(textById(res.text, 'f-id'), num);
  // the UTM's own id beside the portal's number, escaped
  assert.equal(textById(res.text, 'f-device-alert-id'), `fw-<${t.id}>&1`);
  assert.ok(res.text.includes(`fw-&lt;${t.id}&gt;&amp;1`), 'the device\'s id escaped');
  assert.equal(textById(res.text, 'f-detected'), '2026-11-04 01:30:05');
  assert.equal(textById(res.text, 'f-severity'), '★★☆ 中');
  assert.equal(textById(res.text, 'f-category'), 'Webガード');
  assert.equal(textById(res.text, 'f-device'), 'UTM-本社 (02:AA:BB:CC:DD:01)');
  assert.equal(textById(res.text, 'f-mac'), '02:AA:BB:CC:DD:01');
  assert.equal(textById(res.text, 'f-source'), '192.168.10.23');
  assert.equal(textById(res.text, 'f-destination'), '198.51.100.7');
  assert.equal(textById(res.text, 'f-url'), 'http://bad.example/<x>');
  assert.ok(res.text.includes('http://bad.example/&lt;x&gt;'), 'escaped');
  assert.equal(textById(res.text, 'f-description'), '有害サイトへのアクセスを検知しました。');
  assert.equal(textById(res.text, 'f-action'), '利用者に確認してください。');
  assert.equal(textById(res.text, 'f-status'), 'ブロック済み');
  assert.equal(textById(res.text, 'ask-about-alert'), 'このアラートについて問い合わせる');
  // another zone, another clock face
  dbRows(`UPDATE users SET time_zone = 'UTC' WHERE id = ${user.id}`);
  const utc = new Client();
  await utc.loginOk(user);
  assert.equal(textById((await utc.get(`/dashboard/alerts/${num}`)).text, 'f-detected'), '2026-11-03 16:30:05');
  dbRows(`UPDATE users SET time_zone = 'Asia/Tokyo' WHERE id = ${user.id}`);

  const href = /id="ask-about-alert" href="([^"]+)"/.exec(res.text)[1];
  assert.equal(href, `/cases/new?alert=${num}`);
  const form = await client.get(href);
  assert.equal(form.status, 200);
  const [[alertCategory]] = dbRows("SELECT id FROM case_categories WHERE code = 'alert'");
  assert.ok(new RegExp(`value="${alertCategory}" id="category-alert" checked`).test(form.text), 'アラートについて chosen');
  const subject = decodeEntities(/id="subject" name="subject"[^>]*value="([^"]*)"/.exec(form.text)[1]);
  assert.equal(subject, `アラートについて: アラートID ${num} (Webガード)`);
  const description = decodeEntities(/<textarea id="description"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.text)[1]);
  for (const part of [`アラートID: ${num}`, `UTMのアラートID: fw-<${t.id}>&1`, '検知日時: 2026-11-04 01:30:05', 'MACアドレス: 02:AA:BB:CC:DD:01',
    'カテゴリ: Webガード', '重要度: ★★☆ 中', '送信元: 192.168.10.23', '宛先: 198.51.100.7', 'URL: http://bad.example/<x>']) {
    assert.ok(description.includes(part), `${part} in ${description}`);
  }
  // sent as it stands, it opens an inquiry
  const sent = await client.post('/cases/new', { csrf: csrfOf(form.text), category: alertCategory, subject, description });
  assert.equal(sent.status, 303, sent.text.slice(0, 300));
  const no = /\/cases\/(CS\d{7})/.exec(sent.headers.get('location'))[1];
  const [[storedSubject, hasMac]] = dbRows(`SELECT subject, LOCATE('02:AA:BB:CC:DD:01', description) > 0 FROM cases WHERE case_no = '${no}'`);
  assert.equal(storedSubject, subject);
  assert.equal(hasMac, '1');
  // a missing alert prefills nothing
  const none = await client.get('/cases/new?alert=999999999999');
  assert.equal(none.status, 200);
  assert.ok(/id="subject" name="subject"[^>]*value=""/.test(none.text));
});

test('isolation: another tenant\'s alert and device answer like missing ones, on every route', async () => {
  const owner = tenantWithContract('所有者株式会社');
  const dev = addDevice(owner, { name: '他社UTM', mac: '02:00:5E:00:53:99' });
  const [id] = addAlerts(owner, dev, [{ severity: 3, url: 'http://secret.example/' }]);
  const [[missing]] = dbRows('SELECT COALESCE(MAX(id), 0) + 1000000 FROM alerts');
  const [[missingDevice]] = dbRows('SELECT COALESCE(MAX(id), 0) + 1000000 FROM devices');
  const other = tenantWithContract('他社株式会社');
  addDevice(other);
  for (const role of ['customer_user', 'customer_admin']) {
    const { client } = await login(other, role);
    // what differs per request: the CSRF token and a form's one-time key
    const norm = (html) => html.replace(/name="(csrf|form_key)" value="[^"]*"/g, '');
    const pairs = [
      [`/dashboard/alerts/${alertNo(id)}`, `/dashboard/alerts/${alertNo(missing)}`],
      [`/dashboard/alerts?device=${pubid('device', dev.id)}`, `/dashboard/alerts?device=${pubid('device', missingDevice)}`],
      [`/cases/new?alert=${alertNo(id)}`, `/cases/new?alert=${alertNo(missing)}`],
    ];
    for (const [theirs, none] of pairs) {
      const [a, b] = [await client.get(theirs), await client.get(none)];
      assert.equal(a.status, b.status, `${role} ${theirs}`);
      assert.equal(norm(a.text), norm(b.text), `${role} ${theirs}: same page`);
      assert.ok(!a.text.includes('secret.example') && !a.text.includes('他社UTM'), `${role} ${theirs}`);
    }
    const home = await client.get('/');
    assert.equal(textById(home.text, 'count-high'), null, 'the other tenant\'s alert is not counted');
    const list = await client.get('/dashboard/alerts');
    assert.deepEqual(alertIds(list.text), []);
  }
  // provider staff have no tenant alerts on the customer pages
  const { client: staff } = await staffLogin();
  assert.equal((await staff.get(`/dashboard/alerts/${alertNo(id)}`)).status, 404);
  const staffHome = await staff.get('/');
  assert.equal(staffHome.status, 200);
  assert.equal(textById(staffHome.text, 'status-title'), null);
});

test('alert numbers are opaque: not the shared ids, not consecutive, only the canonical text opens one', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const ids = addAlerts(t, dev, [{ severity: 1 }, { severity: 1 }, { severity: 1 }]);
  const { client } = await login(t);
  const list = await client.get('/dashboard/alerts?sort=detected&dir=asc');
  const shown = [...list.text.matchAll(/class="alert-id">(\d+)</g)].map((m) => m[1]);
  assert.equal(shown.length, 3);
  assert.deepEqual(shown, ids.map(alertNo));
  for (let i = 0; i < 3; i++) {
    assert.notEqual(shown[i], String(ids[i]), 'the database id is not shown');
    if (i) assert.ok(Math.abs(Number(shown[i]) - Number(shown[i - 1])) > 1000, `${shown[i - 1]} then ${shown[i]}`);
  }
  const [[missing]] = dbRows('SELECT COALESCE(MAX(id), 0) + 1000000 FROM alerts');
  const gone = await client.get(`/dashboard/alerts/${alertNo(missing)}`);
  assert.equal(gone.status, 404);
  assert.equal((await client.get(`/dashboard/alerts/${shown[0]}`)).status, 200);
  // the database id, a leading zero, a sign, a number beyond the range: the missing alert's page
  for (const bad of [String(ids[0]), `0${shown[0]}`, `+${shown[0]}`, '281474976710656', '99999999999999999999']) {
    const res = await client.get(`/dashboard/alerts/${bad}`);
    assert.equal(res.status, 404, bad);
    assert.equal(res.text, gone.text, bad);
    const form = await client.get(`/cases/new?alert=${encodeURIComponent(bad)}`);
    assert.ok(/id="subject" name="subject"[^>]*value=""/.test(form.text), `nothing prefilled for ${bad}`);
  }
});

test('mail settings: a customer admin chooses threshold and recipients; others cannot', async () => {
  const t = tenantWithContract();
  const { user: admin, client } = await login(t, 'customer_admin');
  const plain = createUser({ tenant: t.no });
  const page = await client.get('/dashboard/settings');
  assert.equal(page.status, 200);
  assert.ok(/<option value="2" selected>/.test(page.text), 'default ★★☆');
  assert.ok(new RegExp(`id="recipient-${userNo(plain.id)}" checked`).test(page.text), 'everyone by default');
  // the boxes carry the users' public numbers, never their database ids
  const values = [...page.text.matchAll(/name="recipient" value="(\d+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(values, [userNo(admin.id), userNo(plain.id)].sort());
  const saved = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(page.text))}&threshold=3&recipient=${userNo(admin.id)}`);
  assert.equal(saved.status, 303);
  assert.deepEqual(dbRows(`SELECT threshold, recipients_chosen FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['3', '1']]);
  assert.deepEqual(dbRows(`SELECT user_id FROM alert_mail_recipients WHERE tenant_id = ${t.id}`), [[String(admin.id)]]);
  const again = await client.get('/dashboard/settings?done=saved');
  assert.equal(textById(again.text, 'form-notice'), '設定を保存しました。');
  assert.ok(!new RegExp(`id="recipient-${userNo(plain.id)}" checked`).test(again.text));
  // another tenant's user cannot be added, nor one by the database id; a bad value changes nothing
  const stranger = createUser({ tenant: tenantWithContract().no });
  await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=2&recipient=${userNo(stranger.id)}`);
  assert.deepEqual(dbRows(`SELECT user_id FROM alert_mail_recipients WHERE tenant_id = ${t.id}`), []);
  const raw = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=2&recipient=${admin.id}`);
  assert.equal(raw.status, 303, 'a database id is no user of the tenant: dropped like another tenant\'s');
  assert.deepEqual(dbRows(`SELECT user_id FROM alert_mail_recipients WHERE tenant_id = ${t.id}`), []);
  for (const notNumber of [`0${userNo(admin.id)}`, String(2 ** 48)]) {
    const refused = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=3&recipient=${notNumber}`);
    assert.equal(refused.status, 400, notNumber);
    assert.ok(textById(refused.text, 'form-error'), notNumber);
  }
  assert.deepEqual(dbRows(`SELECT threshold FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['2']]);
  const bad = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=7&recipient=${userNo(admin.id)}`);
  assert.equal(bad.status, 400);
  assert.ok(textById(bad.text, 'form-error'));
  assert.deepEqual(dbRows(`SELECT threshold FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['2']]);
  // the form as a browser sends it: one "recipient" per ticked box
  const both = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=1&recipient=${userNo(admin.id)}&recipient=${userNo(plain.id)}`);
  assert.equal(both.status, 303);
  assert.deepEqual(dbRows(`SELECT threshold FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['1']]);
  assert.deepEqual(dbRows(`SELECT user_id FROM alert_mail_recipients WHERE tenant_id = ${t.id} ORDER BY user_id`),
    [[String(Math.min(admin.id, plain.id))], [String(Math.max(admin.id, plain.id))]]);
  // one bad value among several refuses the whole form
  const oneBad = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(again.text))}&threshold=3&recipient=${userNo(admin.id)}&recipient=x1`);
  assert.equal(oneBad.status, 400);
  assert.ok(textById(oneBad.text, 'form-error'));
  assert.deepEqual(dbRows(`SELECT threshold FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['1']]);
  // a customer user may not change them
  const u = new Client();
  await u.loginOk(plain);
  assert.equal((await u.get('/dashboard/settings')).status, 403);
  assert.equal((await u.post('/dashboard/settings', { csrf: csrfOf((await u.get('/')).text), threshold: '1' })).status, 403);
});

test('mail settings without recipients: saved, and the page says plainly that nobody gets the mails', async () => {
  const NONE_SAVED = '設定を保存しました。通知先ユーザーが選ばれていないため、重要アラートの通知メールはどなたにも送られません。';
  const t = tenantWithContract();
  const { user: admin, client } = await login(t, 'customer_admin');
  const page = await client.get('/dashboard/settings');
  assert.equal(textById(page.text, 'no-recipients-warning'), null, 'everyone by default: no warning');
  // no box ticked
  const none = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(page.text))}&threshold=3`);
  assert.equal(none.status, 303);
  assert.deepEqual(dbRows(`SELECT threshold, recipients_chosen FROM alert_mail_settings WHERE tenant_id = ${t.id}`), [['3', '1']]);
  assert.deepEqual(dbRows(`SELECT user_id FROM alert_mail_recipients WHERE tenant_id = ${t.id}`), []);
  let after = await client.get(none.headers.get('location'));
  assert.equal(textById(after.text, 'form-notice'), NONE_SAVED);
  assert.match(textById(after.text, 'no-recipients-warning'), /通知メールはどなたにも送られません/);
  // the warning stays on the page while nobody is chosen
  after = await client.get('/dashboard/settings');
  assert.equal(textById(after.text, 'form-notice'), null);
  assert.ok(textById(after.text, 'no-recipients-warning'));
  // only another tenant's user: dropped, so the same
  const stranger = createUser({ tenant: tenantWithContract().no });
  const foreign = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(after.text))}&threshold=2&recipient=${userNo(stranger.id)}`);
  assert.equal(foreign.status, 303);
  after = await client.get(foreign.headers.get('location'));
  assert.equal(textById(after.text, 'form-notice'), NONE_SAVED);
  assert.ok(textById(after.text, 'no-recipients-warning'));
  // someone chosen: the plain message, no warning
  const one = await client.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(after.text))}&threshold=2&recipient=${userNo(admin.id)}`);
  after = await client.get(one.headers.get('location'));
  assert.equal(textById(after.text, 'form-notice'), '設定を保存しました。');
  assert.equal(textById(after.text, 'no-recipients-warning'), null);
  // in English
  const enClient = new Client();
  await enClient.loginOk(createUser({ role: 'customer_admin', tenant: t.no, lang: 'en' }));
  const enPage = await enClient.get('/dashboard/settings');
  await enClient.post('/dashboard/settings', `csrf=${encodeURIComponent(csrfOf(enPage.text))}&threshold=2`);
  const en = await enClient.get('/dashboard/settings?done=saved');
  assert.match(textById(en.text, 'form-notice') || '', /no important-alert mail is sent to anyone/);
  assert.ok(textById(en.text, 'no-recipients-warning'));
});

test('every status an alert arrives with is shown in the reader\'s language, on the list and the page', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const statuses = { blocked: ['ブロック済み', 'Blocked'], detected: ['検知', 'Detected'], allowed: ['許可', 'Allowed'],
    quarantined: ['隔離済み', 'Quarantined'], 'held-x': ['held-x', 'held-x'] };
  const ids = addAlerts(t, dev, Object.keys(statuses).map((status) => ({ status })));
  const ja = await login(t);
  const en = createUser({ tenant: t.no, lang: 'en' });
  const enClient = new Client();
  await enClient.loginOk(en);
  for (const [lang, client] of [[0, ja.client], [1, enClient]]) {
    const list = await client.get('/dashboard/alerts');
    assert.equal(list.status, 200);
    const shown = Object.fromEntries([...list.text.matchAll(/class="alert-id">(\d+)<[\s\S]*?class="nowrap alert-status">([^<]*)</g)]
      .map((m) => [idOfPubid('alert', m[1]), decodeEntities(m[2])]));
    Object.values(statuses).forEach((words, i) => {
      assert.equal(shown[ids[i]], words[lang], `list: ${Object.keys(statuses)[i]}`);
    });
    for (const [i, words] of Object.values(statuses).entries()) {
      const page = await client.get(`/dashboard/alerts/${alertNo(ids[i])}`);
      assert.equal(textById(page.text, 'f-status'), words[lang], `page: ${Object.keys(statuses)[i]}`);
    }
  }
});

test('[ダッシュボード]-[ダウンロード]: the menu links the dashboard\'s downloads, which lead to the documents', async () => {
  const t = tenantWithContract('ダウンロード株式会社');
  const { client } = await login(t);
  const home = await client.get('/');
  assert.match(home.text, /<a href="\/dashboard\/downloads" id="nav-downloads">ダウンロード<\/a>/);
  const res = await client.get('/dashboard/downloads');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/knowledge/downloads');
  const page = await client.get('/knowledge/downloads');
  assert.equal(page.status, 200);
  // not logged in: the login first, then back here
  const anon = await new Client().get('/dashboard/downloads');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/auth\/login\?next=%2Fdashboard%2Fdownloads$/);
});
