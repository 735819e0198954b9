// The UTM threat report (DASH-4): its figures against a direct count of
// the tenant's alerts (sent through the device API, which keeps the
// aggregates), the participants' average against a hand computation on a
// fixture of fresh companies (with the 5-company threshold), bad periods,
// another tenant's UTM, and the staff page with its on-demand run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { csrfOf, textById, dbRows, ADMIN, CONFIG } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { makeDevice, postAlerts, alert, at } from '../lib/devices.mjs';
import { tenantWithContract, addDevice } from '../lib/alerts.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { loginCustomer as login, tableRows } from '../lib/report.mjs';
import { pubid } from '../lib/pubid.mjs';

const DAY = 24 * 3600 * 1000;

const num = (s) => Number(String(s).replace(/,/g, ''));

test('the report counts equal a direct count of the tenant\'s alerts', async () => {
  const tenant = freshTenant('レポート株式会社');
  const d1 = makeDevice({ tenant });
  const d2 = makeDevice({ tenant });
  const kinds = [
    { category: 'Webガード', severity: 2, status: 'blocked', destination: '203.0.113.5', url: 'http://malware.example/a?x=<b>&y="1"' },
    { category: 'Webガード', severity: 3, status: 'blocked', destination: '203.0.113.5', url: 'http://malware.example/a?x=<b>&y="1"' },
    { category: 'IPS', severity: 3, status: 'blocked', destination: '198.51.100.7', url: '' },
    { category: 'アンチウイルス', severity: 1, status: 'quarantined', destination: '198.51.100.9', url: 'http://virus.example/f.zip' },
    { category: 'アンチスパム', severity: 1, status: 'detected', destination: '192.0.2.99', url: '' },
  ];
  const batch = (n, offset) => Array.from({ length: n }, (_, i) => {
    const k = kinds[(i + offset) % kinds.length];
    return alert({ ...k, source: `192.168.10.${(i % 3) + 1}`, detected_at: at(-((i % 4) * DAY) - 60_000) });
  });
  for (const [dev, alerts] of [[d1, batch(23, 0)], [d2, batch(11, 2)]]) {
    const res = await postAlerts(dev.token, alerts);
    assert.equal(res.status, 200, res.text);
  }
  const [[tid]] = dbRows(`SELECT id FROM tenants WHERE customer_no = '${tenant.no}'`);
  const client = await login(tenant.no);
  const res = await client.get('/dashboard/report');
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const [[total]] = dbRows(`SELECT COUNT(*) FROM alerts WHERE tenant_id = ${tid}`);
  assert.equal(num(textById(res.text, 'report-total')), Number(total));
  for (const [sev, id] of [[3, 'sev-high'], [2, 'sev-medium'], [1, 'sev-low']]) {
    const [[n]] = dbRows(`SELECT COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND severity = ${sev}`);
    assert.equal(num(textById(res.text, id)), Number(n), `severity ${sev}`);
  }
  const cats = Object.fromEntries(dbRows(`SELECT category, COUNT(*) FROM alerts WHERE tenant_id = ${tid} GROUP BY category`).map(([c, n]) => [c, Number(n)]));
  const shown = Object.fromEntries(tableRows(res.text, 'table-category').map(([c, n]) => [c, num(n)]));
  assert.deepEqual(shown, cats);
  const tops = [
    ['top-Destinations', `SELECT destination, COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND status = 'blocked' AND destination <> '' GROUP BY destination ORDER BY 2 DESC, 1 LIMIT 10`],
    ['top-Urls', `SELECT url, COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND status = 'blocked' AND url <> '' GROUP BY url ORDER BY 2 DESC, 1 LIMIT 10`],
    ['top-Sources', `SELECT source, COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND source <> '' GROUP BY source ORDER BY 2 DESC, 1 LIMIT 10`],
  ];
  for (const [id, sql] of tops) {
    const want = dbRows(sql).map(([v, n]) => [v, Number(n)]);
    const got = tableRows(res.text, id).map(([, v, n]) => [v, num(n)]);
    assert.deepEqual(got, want, id);
  }
  // the URL with markup characters is escaped, never markup
  assert.ok(!res.text.includes('x=<b>'));
  // the daily table adds up to the total
  const daily = tableRows(res.text, 'table-trend');
  assert.equal(daily.length, 30);
  assert.equal(daily.reduce((s, [, n]) => s + num(n), 0), Number(total));
  // per device
  const perDevice = dbRows(`SELECT device_id, COUNT(*) FROM alerts WHERE tenant_id = ${tid} GROUP BY device_id ORDER BY device_id`).map((r) => Number(r[1]));
  const devRows = tableRows(res.text, 'table-devices').map((r) => num(r[1]));
  assert.deepEqual(devRows.sort((a, b) => a - b), perDevice.sort((a, b) => a - b));
  // five charts' worth of SVG: severity, category, trend, own devices; each an image with a title
  for (const id of ['chart-severity', 'chart-category', 'chart-trend', 'chart-devices']) {
    assert.match(res.text, new RegExp(`<svg[^>]*id="${id}"[^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc"`), id);
    assert.ok(res.text.includes(`<title id="${id}-title">`), id);
  }
  // one UTM only: the same figures restricted to it
  const one = await client.get(`/dashboard/report?device=${pubid('device', d2.id)}`);
  assert.equal(one.status, 200);
  const [[n2]] = dbRows(`SELECT COUNT(*) FROM alerts WHERE device_id = ${d2.id}`);
  assert.equal(num(textById(one.text, 'report-total')), Number(n2));
  // a calendar month and a range give their periods
  const month = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 7);
  const m = await client.get(`/dashboard/report?period=month&month=${month}`);
  assert.equal(m.status, 200);
  assert.ok(textById(m.text, 'report-period').includes(`${month}-01 - `));
});

test('bad periods are refused with a message and no report', async () => {
  const client = await login('N200000001');
  const today = new Date(Date.now() + 9 * 3600 * 1000);
  const iso = (d) => d.toISOString().slice(0, 10);
  const cases = [
    ['period=range&from=2026-03-10&to=2026-03-01', '開始日が終了日より後になっています。'],
    ['period=range&from=2024-01-01&to=2025-01-02', '期間は1年(366日)以内で指定してください。'],
    [`period=range&from=${iso(today)}&to=${iso(new Date(today.getTime() + 3 * DAY))}`, '未来の期間は指定できません。'],
    ['period=month&month=2999-01', '未来の期間は指定できません。'],
    ['period=month&month=2026-13', '月は YYYY-MM の形式で、2000年以降の月を入力してください。'],
    ['period=range&from=2026-02-30&to=2026-03-01', '日付は YYYY-MM-DD の形式で、2000年以降の正しい日付を入力してください。'],
    ['period=range&from=2026-03-01', '期間指定には開始日と終了日の両方を入力してください。'],
    ['period=week', '期間の指定が正しくありません。'],
    ['period=range&from=%3Cscript%3E&to=2026-03-01', '日付は YYYY-MM-DD の形式で、2000年以降の正しい日付を入力してください。'],
  ];
  for (const [qs, message] of cases) {
    const res = await client.get(`/dashboard/report?${qs}`);
    assert.equal(res.status, 400, qs);
    assert.equal(textById(res.text, 'report-error'), message, qs);
    assert.equal(textById(res.text, 'report-total'), null, qs);
    assert.ok(!res.text.includes('<svg'), qs);
  }
  const en = await login('N200000001', 'en');
  const res = await en.get('/dashboard/report?period=range&from=2026-03-10&to=2026-03-01');
  assert.equal(res.status, 400);
  assert.equal(textById(res.text, 'report-error'), 'The start date is after the end date.');
});

test('another tenant\'s UTM in the parameter answers like a missing one', async () => {
  const other = makeDevice();
  const mine = makeDevice();
  const client = await login(mine.tenant.no);
  const foreign = await client.get(`/dashboard/report?device=${pubid('device', other.id)}`);
  const missing = await client.get('/dashboard/report?device=999999999999');
  assert.equal(foreign.status, 400);
  assert.equal(missing.status, foreign.status);
  assert.equal(textById(foreign.text, 'report-error'), '指定されたUTMが見つかりません。');
  assert.equal(textById(missing.text, 'report-error'), textById(foreign.text, 'report-error'));
  const strip = (s) => s.replace(/value="[A-Za-z0-9_-]{20,}"/g, '').replace(/device=\d+/g, '');
  assert.equal(strip(foreign.text), strip(missing.text));
  const ok = await client.get(`/dashboard/report?device=${pubid('device', mine.id)}`);
  assert.equal(ok.status, 200);
  const bad = await client.get('/dashboard/report?device=abc');
  assert.equal(bad.status, 400);
  assert.equal(textById(bad.text, 'report-error'), '指定されたUTMが見つかりません。');
});

function aggregate(day) {
  return execFileSync(ADMIN, ['--config', CONFIG, 'peer-aggregate', '--from', day, '--to', day], { encoding: 'utf8' });
}

test('the participants\' average equals a hand computation; a bucket of 4 companies is hidden', async () => {
  // a day of its own, years back: only this fixture has counts on it
  const base = Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 6500) * DAY;
  const day = new Date(base).toISOString().slice(0, 10);
  const tag = Math.random().toString(36).slice(2, 8);
  const common = `共通${tag}`;
  const rare = `少数${tag}`;
  const tenants = Array.from({ length: 5 }, (_, i) => tenantWithContract(`平均テスト${i}株式会社`));
  const devices = tenants.map((t) => [addDevice(t, { name: 'UTM-A' })]);
  devices[0].push(addDevice(tenants[0], { name: 'UTM-B' }));
  const commonCounts = [[3, 4], [5], [7], [11], [13]];
  const rareCounts = [[2, 0], [1], [6], [9]];	// the fifth company has none
  const rows = [];
  tenants.forEach((t, i) => devices[i].forEach((d, k) => {
    rows.push(`(${t.id}, '${day}', ${d.id}, '${common}', 2, ${commonCounts[i][k]})`);
    if (i < 4 && rareCounts[i][k]) rows.push(`(${t.id}, '${day}', ${d.id}, '${rare}', 3, ${rareCounts[i][k]})`);
  }));
  dbRows(`INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts) VALUES ${rows.join(',')}`);
  const out = aggregate(day);
  assert.match(out, new RegExp(`${day}\\.\\.${day}: 5 tenants, 6 devices`));
  const tenths = (sum, n) => Math.floor((sum * 20 + n) / (2 * n));
  const text = (t) => `${Math.floor(t / 10)}.${t % 10}`;
  const commonSum = 3 + 4 + 5 + 7 + 11 + 13;
  const rareSum = 2 + 1 + 6 + 9;
  const stored = Object.fromEntries(dbRows(`SELECT dimension, bucket, per_device_tenths FROM peer_averages
    WHERE period_from = '${day}' AND period_to = '${day}'`).map(([d, b, v]) => [`${d}:${b}`, Number(v)]));
  assert.deepEqual(stored, {
    'total:': tenths(commonSum + rareSum, 6),
    'severity:2': tenths(commonSum, 6),
    [`category:${common}`]: tenths(commonSum, 6),
  }, 'buckets of fewer than 5 companies are not even stored');

  // the first company's page: its own per-UTM figures against the average
  const client = await login(tenants[0].no);
  const res = await client.get(`/dashboard/report?period=range&from=${day}&to=${day}`);
  assert.equal(res.status, 200);
  assert.equal(textById(res.text, 'peer-period'), `比較期間: ${day} - ${day}`);
  assert.equal(textById(res.text, 'peer-other-period'), null);
  const peers = Object.fromEntries(tableRows(res.text, 'table-peers').map((r) => [r[0], r.slice(1)]));
  assert.deepEqual(peers['合計'].slice(0, 2), [text(tenths(commonSum + rareSum, 6)), text(tenths(3 + 4 + 2, 2))]);
  assert.deepEqual(peers[common], [text(tenths(commonSum, 6)), text(tenths(7, 2)), '3', '4']);
  assert.equal(peers[rare][0], '— 参加企業が5社未満のため非表示');
  assert.equal(peers[rare][1], text(tenths(2, 2)));
  assert.equal(peers['高'][0], '— 参加企業が5社未満のため非表示');
  assert.ok(textById(res.text, 'peer-hidden').includes('5社未満'));
  assert.match(res.text, /<svg[^>]*id="chart-peers"/);

  // with the fifth company gone from the common bucket too, it is hidden
  dbRows(`DELETE FROM alert_daily WHERE tenant_id = ${tenants[4].id} AND day = '${day}'`);
  assert.match(aggregate(day), /: 4 tenants, 5 devices, 0 buckets/);
  const [[left]] = dbRows(`SELECT COUNT(*) FROM peer_averages WHERE period_from = '${day}' AND period_to = '${day}'`);
  assert.equal(Number(left), 0);
  const again = await client.get(`/dashboard/report?period=range&from=${day}&to=${day}`);
  const hidden = Object.fromEntries(tableRows(again.text, 'table-peers').map((r) => [r[0], r.slice(1)]));
  assert.equal(hidden[common][0], '— 参加企業が5社未満のため非表示');
  assert.equal(hidden['合計'][0], '— 参加企業が5社未満のため非表示');
  assert.ok(!again.text.includes('id="chart-peers"'));
});

test('staff read a tenant\'s report and recompute the average on demand', async () => {
  const { client } = await staffLogin();
  const page = await client.get('/staff/dashboard/report');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('id="peer-run-button"'));
  const before = dbRows('SELECT COALESCE(MAX(computed_at), \'\') FROM peer_runs')[0][0];
  const run = await client.post('/staff/dashboard/report/peers', { csrf: csrfOf(page.text) });
  assert.equal(run.status, 303);
  assert.equal(run.headers.get('location'), '/staff/dashboard/report?done=1');
  const done = await client.get('/staff/dashboard/report?done=1');
  assert.equal(textById(done.text, 'peer-done'), '参加企業平均を再集計しました。');
  const after = dbRows('SELECT MAX(computed_at) FROM peer_runs')[0][0];
  assert.ok(after >= before);
  // the 30 days that ended yesterday (Japan) are among the runs
  const yesterday = new Date(Date.now() + 9 * 3600 * 1000 - DAY).toISOString().slice(0, 10);
  assert.ok(tableRows(done.text, 'table-runs').some((r) => r[0].endsWith(` - ${yesterday}`)));
  // without the form's token nothing runs
  const forged = await client.post('/staff/dashboard/report/peers', {});
  assert.equal(forged.status, 403);
  // a tenant's report as staff see it
  const [[tid]] = dbRows("SELECT id FROM tenants WHERE customer_no = 'N200000001'");
  const view = await client.get('/staff/dashboard/report?customer=N200000001');
  assert.equal(view.status, 200);
  assert.ok(textById(view.text, 'report-tenant').includes('N200000001'));
  const from = textById(view.text, 'report-period').match(/(\d{4}-\d{2}-\d{2}) - (\d{4}-\d{2}-\d{2})/);
  const [[n]] = dbRows(`SELECT COALESCE(SUM(x.alerts), 0) FROM alert_daily x JOIN devices d ON d.id = x.device_id AND d.status = 'registered'
    WHERE x.tenant_id = ${tid} AND x.day BETWEEN '${from[1]}' AND '${from[2]}'`);
  assert.equal(num(textById(view.text, 'report-total')), Number(n));
  const unknown = await client.get('/staff/dashboard/report?customer=N999999999');
  assert.equal(unknown.status, 404);
  // customers cannot reach the staff page or the run
  const customer = await login('N200000001');
  const denied = await customer.get('/staff/dashboard/report');
  assert.ok([403, 404].includes(denied.status), String(denied.status));
  const home = await customer.get('/');
  assert.match(home.text, /id="report-link" href="\/dashboard\/report"/);
});
