// The threat report's rendered figures (DASH-4): the tables and charts of a
// report are rendered once and reused per worker while their fingerprint
// (the period's alert_day_gen sum, the registered UTMs with their names,
// the participants' average used) is unchanged. Each view reads the
// fingerprint, so a late alert, a renamed UTM, another language or another
// tenant never get a body rendered for something else. Pages are viewed
// several times in a row so that every worker has rendered its own copy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { csrfOf, textById, dbRows } from '../lib/http.mjs';
import { makeDevice, postAlerts, alert, at } from '../lib/devices.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { loginCustomer as login, tableRows } from '../lib/report.mjs';

const DAY = 24 * 3600 * 1000;
const VIEWS = 8;	// more than the workers of a program
const num = (s) => Number(String(s).replace(/,/g, ''));
const tokyoDate = (days = 0) => new Date(Date.now() + 9 * 3600 * 1000 + days * DAY).toISOString().slice(0, 10);
const range = (from, to) => `/dashboard/report?period=range&from=${from}&to=${to}`;

/** Views the page VIEWS times; every view must show the same figures. */
async function views(client, path) {
  let first = null;
  for (let i = 0; i < VIEWS; i++) {
    const res = await client.get(path);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    const figures = {
      total: num(textById(res.text, 'report-total')),
      severity: tableRows(res.text, 'table-severity'),
      categories: tableRows(res.text, 'table-category'),
      devices: tableRows(res.text, 'table-devices'),
      trend: tableRows(res.text, 'table-trend'),
    };
    if (first) assert.deepEqual(figures, first.figures, `view ${i + 1} of ${path} differs`);
    else first = { figures, text: res.text };
  }
  return first;
}

test('a late alert of a past day shows at the next view of a rendered report, on every worker', async () => {
  const tenant = freshTenant('描画キャッシュ株式会社');
  const dev = makeDevice({ tenant });
  const from = tokyoDate(-12);
  const to = tokyoDate(-1);
  assert.equal((await postAlerts(dev.token, [
    alert({ detected_at: at(-3 * DAY), severity: 3 }),
    alert({ detected_at: at(-4 * DAY), severity: 1, category: 'IPS' }),
  ])).status, 200);
  const client = await login(tenant.no);
  let page = await views(client, range(from, to));
  assert.equal(page.figures.total, 2);
  const cats = Object.fromEntries(page.figures.categories.map(([c, n]) => [c, num(n)]));
  assert.deepEqual(cats, { 'Webガード': 1, IPS: 1 });
  const month30 = await views(client, '/dashboard/report');
  assert.equal(month30.figures.total, 2);

  // late: detected 7 days ago, sent now
  assert.equal((await postAlerts(dev.token, [
    alert({ detected_at: at(-7 * DAY), severity: 3, category: 'アンチウイルス' }),
  ])).status, 200);
  page = await views(client, range(from, to));
  assert.equal(page.figures.total, 3);
  assert.equal(num(page.figures.severity[0][1]), 2, 'high: two alerts');
  assert.ok(page.figures.categories.some(([c, n]) => c === 'アンチウイルス' && num(n) === 1));
  assert.equal(page.figures.trend.reduce((s, [, n]) => s + num(n), 0), 3);
  assert.equal(num(page.figures.devices[0][1]), 3);
  assert.equal((await views(client, '/dashboard/report')).figures.total, 3);

  // today's alert: the 30 days to today show it; the finished range as before
  assert.equal((await postAlerts(dev.token, [alert({ detected_at: at(-1000) })])).status, 200);
  assert.equal((await views(client, '/dashboard/report')).figures.total, 4);
  assert.equal((await views(client, range(from, to))).figures.total, 3);
});

test('a renamed UTM shows its new name at the next view', async () => {
  const tenant = freshTenant('名称変更株式会社');
  const dev = makeDevice({ tenant });
  assert.equal((await postAlerts(dev.token, [alert({ detected_at: at(-2 * DAY) })])).status, 200);
  dbRows(`UPDATE devices SET name = '旧名称UTM' WHERE id = ${dev.id}`);
  const client = await login(tenant.no);
  const path = range(tokyoDate(-5), tokyoDate(-1));
  let page = await views(client, path);
  assert.match(page.figures.devices[0][0], /旧名称UTM/);
  dbRows(`UPDATE devices SET name = '新名称UTM' WHERE id = ${dev.id}`);
  page = await views(client, path);
  assert.match(page.figures.devices[0][0], /新名称UTM/);
  assert.equal(page.text.includes('旧名称UTM'), false);
});

test('a report viewed in Japanese is rendered again in English, and the other way round', async () => {
  const tenant = freshTenant('言語切替株式会社');
  const dev = makeDevice({ tenant });
  assert.equal((await postAlerts(dev.token, [alert({ detected_at: at(-DAY) })])).status, 200);
  const client = await login(tenant.no, 'ja');
  const path = range(tokyoDate(-6), tokyoDate(-1));
  let page = await views(client, path);
  assert.match(page.text, /<html lang="ja">/);
  assert.equal(textById(page.text, 'sev-title'), '重要度別の脅威検出数');
  const setLang = async (lang) => {
    const form = await client.get('/account/');
    const r = await client.post('/account/language', { csrf: csrfOf(form.text), lang });
    assert.equal(r.status, 303);
  };
  await setLang('en');
  page = await views(client, path);
  assert.match(page.text, /<html lang="en">/);
  assert.equal(textById(page.text, 'sev-title'), 'Threats by severity');
  assert.equal(textById(page.text, 'trend-title'), 'Threats per day');
  assert.equal(page.text.includes('重要度別の脅威検出数'), false);
  assert.equal(page.figures.total, 1);
  await setLang('ja');
  page = await views(client, path);
  assert.equal(textById(page.text, 'sev-title'), '重要度別の脅威検出数');
});

test('another tenant viewing the same period and language gets its own figures', async () => {
  const a = freshTenant('描画テナントA株式会社');
  const b = freshTenant('描画テナントB株式会社');
  const devA = makeDevice({ tenant: a });
  const devB = makeDevice({ tenant: b });
  dbRows(`UPDATE devices SET name = 'A社専用UTM' WHERE id = ${devA.id}`);
  assert.equal((await postAlerts(devA.token, Array.from({ length: 5 }, () =>
    alert({ detected_at: at(-2 * DAY), destination: '203.0.113.77' })))).status, 200);
  assert.equal((await postAlerts(devB.token, [alert({ detected_at: at(-2 * DAY), category: 'IPS' })])).status, 200);
  const path = range(tokyoDate(-4), tokyoDate(-1));
  const pageA = await views(await login(a.no), path);
  assert.equal(pageA.figures.total, 5);
  const pageB = await views(await login(b.no), path);
  assert.equal(pageB.figures.total, 1);
  assert.deepEqual(pageB.figures.categories, [['IPS', '1']]);
  assert.equal(pageB.text.includes('A社専用UTM'), false);
  assert.equal(pageB.text.includes('203.0.113.77'), false);
  // and the first tenant's rendering is still its own
  assert.equal((await views(await login(a.no), path)).figures.total, 5);
});
