// The threat report's kept figures (DASH-4, sql/024_report_rollups.sql):
// a period's figures are kept in report_kept and reused until a batch
// stores an alert of one of its days. A late alert (detected on a past
// day) shows at the next view of every period containing that day; a new
// alert of today leaves a finished period's kept row alone; a retried
// batch counts nothing twice; a year's figures equal a direct count.
import test from 'node:test';
import assert from 'node:assert/strict';
import { textById, dbRows } from '../lib/http.mjs';
import { makeDevice, postAlerts, alert, at } from '../lib/devices.mjs';
import { addAlerts } from '../lib/alerts.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { loginCustomer as login, tableRows } from '../lib/report.mjs';

const DAY = 24 * 3600 * 1000;
const num = (s) => Number(String(s).replace(/,/g, ''));
/** The Asia/Tokyo date offset days from today. */
const tokyoDate = (days = 0) => new Date(Date.now() + 9 * 3600 * 1000 + days * DAY).toISOString().slice(0, 10);

function tenantId(tenant) {
  return Number(dbRows(`SELECT id FROM tenants WHERE customer_no = '${tenant.no}'`)[0][0]);
}

/** The tenant's alerts detected on the Tokyo days from..to (a direct count). */
function directCount(tid, from, to, extra = '') {
  return Number(dbRows(`SELECT COUNT(*) FROM alerts WHERE tenant_id = ${tid}
    AND DATE(detected_at + INTERVAL 9 HOUR) BETWEEN '${from}' AND '${to}' ${extra}`)[0][0]);
}

function kept(tid, from, to) {
  return dbRows(`SELECT gen_sum, computed_at, MD5(figures) FROM report_kept
    WHERE tenant_id = ${tid} AND period_from = '${from}' AND period_to = '${to}' AND device_id = 0`);
}

const range = (from, to) => `/dashboard/report?period=range&from=${from}&to=${to}`;

test('a late alert of a past day shows at the next view of a kept period; today\'s alert leaves it alone', async () => {
  const tenant = freshTenant('遅着アラート株式会社');
  const dev = makeDevice({ tenant });
  const tid = tenantId(tenant);
  const from = tokyoDate(-10);
  const to = tokyoDate(-1);	// a finished period: ends yesterday
  const res1 = await postAlerts(dev.token, [
    alert({ detected_at: at(-3 * DAY), severity: 3 }),
    alert({ detected_at: at(-4 * DAY), severity: 1, category: 'IPS' }),
  ]);
  assert.equal(res1.status, 200, res1.text);
  const client = await login(tenant.no);
  let page = await client.get(range(from, to));
  assert.equal(page.status, 200);
  assert.equal(num(textById(page.text, 'report-total')), directCount(tid, from, to));
  assert.equal(num(textById(page.text, 'report-total')), 2);
  const first = kept(tid, from, to);
  assert.equal(first.length, 1, 'the period\'s figures are kept');

  // an alert of today: the finished period's kept row is reused as it is
  assert.equal((await postAlerts(dev.token, [alert({ detected_at: at(-1000) })])).status, 200);
  page = await client.get(range(from, to));
  assert.equal(num(textById(page.text, 'report-total')), 2);
  assert.deepEqual(kept(tid, from, to), first);
  // ... while the 30 days to today show it at once
  page = await client.get('/dashboard/report');
  assert.equal(num(textById(page.text, 'report-total')), directCount(tid, tokyoDate(-29), tokyoDate(0)));
  assert.equal(num(textById(page.text, 'report-total')), 3);

  // a late alert detected 6 days ago, sent now
  assert.equal((await postAlerts(dev.token, [alert({ detected_at: at(-6 * DAY), severity: 3, category: 'アンチウイルス' })])).status, 200);
  page = await client.get(range(from, to));
  assert.equal(num(textById(page.text, 'report-total')), 3);
  assert.equal(num(textById(page.text, 'report-total')), directCount(tid, from, to));
  assert.equal(num(textById(page.text, 'sev-high')), directCount(tid, from, to, 'AND severity = 3'));
  const cats = Object.fromEntries(tableRows(page.text, 'table-category').map(([c, n]) => [c, num(n)]));
  assert.equal(cats['アンチウイルス'], 1);
  const trend = tableRows(page.text, 'table-trend');
  assert.equal(trend.reduce((s, [, n]) => s + num(n), 0), 3);
  assert.notDeepEqual(kept(tid, from, to), first, 'the kept row was computed again');
  page = await client.get('/dashboard/report');
  assert.equal(num(textById(page.text, 'report-total')), 4);
});

test('a retried batch does not count twice, in the aggregates or in the kept report', async () => {
  const tenant = freshTenant('再送バッチ株式会社');
  const dev = makeDevice({ tenant });
  const tid = tenantId(tenant);
  const batch = Array.from({ length: 12 }, (_, i) => alert({
    detected_at: at(-(i % 3) * DAY - 120_000), severity: (i % 3) + 1,
    category: i % 2 ? 'IPS' : 'Webガード', destination: `203.0.113.${i % 4}`,
  }));
  assert.equal((await postAlerts(dev.token, batch)).status, 200);
  const daily = () => dbRows(`SELECT day, category, severity, alerts FROM alert_daily WHERE device_id = ${dev.id} ORDER BY 1, 2, 3`);
  const tops = () => dbRows(`SELECT kind, day, value, alerts FROM alert_top WHERE device_id = ${dev.id} ORDER BY 1, 2, 3`);
  const before = { daily: daily(), tops: tops() };
  const client = await login(tenant.no);
  let page = await client.get('/dashboard/report');
  assert.equal(num(textById(page.text, 'report-total')), 12);

  // the same batch again (a device that lost the answer), then half of it
  const again = await postAlerts(dev.token, batch);
  assert.equal(again.status, 200, again.text);
  assert.equal((await postAlerts(dev.token, batch.slice(0, 6))).status, 200);
  assert.deepEqual(daily(), before.daily);
  assert.deepEqual(tops(), before.tops);
  page = await client.get('/dashboard/report');
  assert.equal(num(textById(page.text, 'report-total')), 12);
  assert.equal(num(textById(page.text, 'report-total')), directCount(tid, tokyoDate(-29), tokyoDate(0)));

  // a batch that is partly new counts only its new alerts
  const extra = alert({ detected_at: at(-DAY - 60_000), severity: 3, destination: '203.0.113.200' });
  assert.equal((await postAlerts(dev.token, [...batch.slice(0, 4), extra])).status, 200);
  page = await client.get('/dashboard/report');
  assert.equal(num(textById(page.text, 'report-total')), 13);
  const dest = tableRows(page.text, 'top-Destinations').map(([, v, n]) => [v, num(n)]);
  const want = dbRows(`SELECT destination, COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND status = 'blocked'
    AND destination <> '' GROUP BY destination ORDER BY 2 DESC, 1 LIMIT 10`).map(([v, n]) => [v, Number(n)]);
  assert.deepEqual(dest, want);
});

test('a 366-day report equals a direct count of the alerts', async () => {
  const tenant = freshTenant('年間レポート株式会社');
  const d1 = makeDevice({ tenant });
  const d2 = makeDevice({ tenant });
  const tid = tenantId(tenant);
  const t = { id: tid, no: tenant.no };
  const cats = ['Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御'];
  // older than the API takes (90 days): stored the way ingestion stores
  // them, without top-list values (no source, not blocked)
  const old = (dev, days) => days.map((d, i) => ({
    detected: new Date(Date.now() - d * DAY), severity: (i % 3) + 1, category: cats[i % 4],
    source: '', destination: '', url: '', status: 'detected',
  }));
  addAlerts(t, d1, old(d1, [364, 300, 200, 120, 95, 95]));
  addAlerts(t, d2, old(d2, [365, 250, 100]));
  // outside the year: never counted
  addAlerts(t, d2, old(d2, [367, 400]));
  for (const [dev, days] of [[d1, [80, 40, 10, 0]], [d2, [60, 5, 1, 1, 0]]]) {
    const alerts = days.map((d, i) => alert({
      detected_at: at(-d * DAY - 60_000), severity: ((i + 1) % 3) + 1, category: cats[(i + 2) % 4],
      source: `192.168.0.${i % 2}`, destination: `198.51.100.${i}`, status: i % 2 ? 'blocked' : 'detected',
    }));
    assert.equal((await postAlerts(dev.token, alerts)).status, 200);
  }
  const from = tokyoDate(-365);
  const to = tokyoDate(0);
  const client = await login(tenant.no);
  for (let view = 0; view < 2; view++) {	// computed, then read back kept
    const page = await client.get(range(from, to));
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.ok(textById(page.text, 'report-period').includes('366'));
    const total = directCount(tid, from, to);
    assert.equal(total, 18);
    assert.equal(num(textById(page.text, 'report-total')), total);
    for (const [sev, id] of [[3, 'sev-high'], [2, 'sev-medium'], [1, 'sev-low']])
      assert.equal(num(textById(page.text, id)), directCount(tid, from, to, `AND severity = ${sev}`), id);
    const shown = Object.fromEntries(tableRows(page.text, 'table-category').map(([c, n]) => [c, num(n)]));
    const want = Object.fromEntries(dbRows(`SELECT category, COUNT(*) FROM alerts WHERE tenant_id = ${tid}
      AND DATE(detected_at + INTERVAL 9 HOUR) BETWEEN '${from}' AND '${to}' GROUP BY category`).map(([c, n]) => [c, Number(n)]));
    assert.deepEqual(shown, want);
    const trend = tableRows(page.text, 'table-trend');
    assert.equal(trend.length, 366);
    const perDay = Object.fromEntries(dbRows(`SELECT DATE(detected_at + INTERVAL 9 HOUR), COUNT(*) FROM alerts
      WHERE tenant_id = ${tid} AND DATE(detected_at + INTERVAL 9 HOUR) BETWEEN '${from}' AND '${to}' GROUP BY 1`)
      .map(([d, n]) => [d, Number(n)]));
    for (const [day, n] of trend) assert.equal(num(n), perDay[day] || 0, day);
    const devices = tableRows(page.text, 'table-devices').map((r) => num(r[1])).sort((a, b) => a - b);
    const wantDevices = dbRows(`SELECT COUNT(*) FROM alerts WHERE tenant_id = ${tid}
      AND DATE(detected_at + INTERVAL 9 HOUR) BETWEEN '${from}' AND '${to}' GROUP BY device_id`).map(([n]) => Number(n)).sort((a, b) => a - b);
    assert.deepEqual(devices, wantDevices);
    for (const [id, where] of [['top-Destinations', "status = 'blocked' AND destination <> ''"], ['top-Sources', "source <> ''"]]) {
      const col = id === 'top-Sources' ? 'source' : 'destination';
      const got = tableRows(page.text, id).map(([, v, n]) => [v, num(n)]);
      const exp = dbRows(`SELECT ${col}, COUNT(*) FROM alerts WHERE tenant_id = ${tid} AND ${where}
        AND DATE(detected_at + INTERVAL 9 HOUR) BETWEEN '${from}' AND '${to}' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`)
        .map(([v, n]) => [v, Number(n)]);
      assert.deepEqual(got, exp, id);
    }
  }
  assert.equal(kept(tid, from, to).length, 1);
});

test('a UTM leaving the registered state leaves the kept figures at the next view', async () => {
  const tenant = freshTenant('解約UTM株式会社');
  const d1 = makeDevice({ tenant });
  const d2 = makeDevice({ tenant });
  assert.equal((await postAlerts(d1.token, [alert({ detected_at: at(-2 * DAY) })])).status, 200);
  assert.equal((await postAlerts(d2.token, [alert({ detected_at: at(-2 * DAY) }), alert({ detected_at: at(-2 * DAY) })])).status, 200);
  const client = await login(tenant.no);
  const url = range(tokyoDate(-5), tokyoDate(-1));
  assert.equal(num(textById((await client.get(url)).text, 'report-total')), 3);
  dbRows(`UPDATE devices SET status = 'awaiting_registration' WHERE id = ${d2.id}`);
  assert.equal(num(textById((await client.get(url)).text, 'report-total')), 1);
});
