// The alert list's cheaper plans (sql/035_alert_list_speed.sql) give the
// answers plain SQL gives: every sort both ways under several filters,
// first, middle and last pages (pages past the middle are read from the
// end, the device sort device after device, devices of the same name
// together); counts from the daily counts for filters without a status,
// also for a period that begins and ends inside a Japanese day; a status
// filter counted up to 1,000 (「1000 件以上」), its pages going on while
// they are full; the keyset link of the
// next page; an unregistered device's alerts never listed or counted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, dbRows, textById } from '../lib/http.mjs';
import { tenantWithContract, addDevice } from '../lib/alerts.mjs';
import { idOfPubid, pubid } from '../lib/pubid.mjs';

const ROWS = 14000;
const DAY = 24 * 3600 * 1000;
const CATEGORIES = ['IPS', 'Webガード', 'アンチウイルス', 'アプリケーション制御', 'アンチボット'];

/** A tenant of ROWS alerts over twelve days ending yesterday, loaded
 * in SQL with their daily counts: a named device, an unnamed one (listed
 * by its MAC), two devices of the same name, and an unregistered device
 * whose alerts must never show. Many alerts share their detection second. */
function loadedTenant() {
  const t = tenantWithContract('一覧速度株式会社');
  const devices = [
    addDevice(t, { name: 'UTM-本社' }),
    addDevice(t, { name: '' }),
    addDevice(t, { name: 'UTM-支社' }),
    addDevice(t, { name: 'UTM-支社' }),
    addDevice(t, { name: 'UTM-未登録', status: 'awaiting_registration' }),
  ];
  const start = new Date(Date.now() - 13 * DAY);
  const startSql = start.toISOString().slice(0, 10);
  const devCase = devices.map((d, i) => `WHEN ${i} THEN ${d.id}`).join(' ');
  const catList = CATEGORIES.map((c) => `'${c}'`).join(', ');
  dbRows(`START TRANSACTION;
    INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
    SELECT ${t.id}, CASE IF(seq % 50 = 0, 4, (seq * 7) % 4) ${devCase} END, CONCAT('speed-', seq),
      '${startSql} 00:00:00' + INTERVAL ((seq DIV 2) * 142) SECOND,
      '${startSql} 00:00:00' + INTERVAL ((seq DIV 2) * 142) SECOND,
      ELT(1 + (seq * 13) % 5, ${catList}), 1 + (seq * 11) % 3,
      '192.0.2.1', CONCAT('198.51.100.', seq % 200), '', '説明', '対処',
      IF(seq % 20 = 0, 'detected', IF(seq % 20 = 1, 'quarantined', 'blocked'))
    FROM seq_1_to_${ROWS};
    INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
    SELECT tenant_id, DATE(detected_at + INTERVAL 9 HOUR), device_id, category, severity, COUNT(*)
      FROM alerts WHERE tenant_id = ${t.id} GROUP BY 1, 2, 3, 4, 5;
    UPDATE devices SET alerts_gen = alerts_gen + 1 WHERE tenant_id = ${t.id};
    COMMIT;`);
  return { t, devices };
}

let loaded;
function tenant() {
  loaded ??= loadedTenant();
  return loaded;
}

async function clientOf(t, zone) {
  const user = createUser({ role: 'customer_user', tenant: t.no });
  if (zone) dbRows(`UPDATE users SET time_zone = '${zone}' WHERE id = ${user.id}`);
  const client = new Client();
  await client.loginOk(user);
  return client;
}

const SORT_KEYS = {
  detected: [],
  severity: ['a.severity'],
  category: ['a.category'],
  device: ["COALESCE(NULLIF(d.name, ''), d.mac, '')"],
};

function orderOf(sort, dir) {
  const d = dir.toUpperCase();
  return [...SORT_KEYS[sort], 'a.detected_at', 'a.id'].map((k) => `${k} ${d}`).join(', ');
}

const HANDLED = "a.status IN ('blocked', 'quarantined')";
const OPEN = "a.status NOT IN ('blocked', 'quarantined')";
const FROM = " FROM alerts a JOIN devices d ON d.id = a.device_id AND d.status = 'registered'";
const countOf = (tid, where) => Number(dbRows(`SELECT COUNT(*)${FROM} WHERE a.tenant_id = ${tid} AND ${where}`)[0][0]);
const idsOf = (tid, where, order, offset) => dbRows(`SELECT a.id${FROM} WHERE a.tenant_id = ${tid} AND ${where}
  ORDER BY ${order} LIMIT 20 OFFSET ${offset}`).map((r) => r[0]);
// the database ids of the listed alerts (the list shows their public numbers)
const listedIds = (html) => [...html.matchAll(/href="\/dashboard\/alerts\/(\d+)" class="alert-id"/g)].map((m) => String(idOfPubid('alert', m[1])));
const countText = (page, n, total, capped = false) =>
  `${(page - 1) * 20 + 1}~${(page - 1) * 20 + n} 件目 / ${total} 件${capped ? '以上' : ''}`;

/** Pages of the list compared with SQL; a state filter's count is capped
 * at 1,000. capped: the caller expects the cap to apply. */
async function comparePages(client, tid, qs, where, { capped = false } = {}) {
  const exact = countOf(tid, where);
  assert.ok(exact > 0, `${qs}: the filter finds alerts`);
  if (capped) assert.ok(exact > 1000, `${qs}: more than the cap`);
  capped = /(^|&)state=/.test(qs) && exact > 1000;
  const total = capped ? 1000 : exact;
  const last = Math.ceil((capped ? exact : total) / 20);
  for (const sort of Object.keys(SORT_KEYS)) {
    for (const dir of ['asc', 'desc']) {
      const pages = [...new Set([1, 2, Math.floor(last / 2) + 1, last - 1, last])].filter((p) => p >= 1);
      for (const page of pages) {
        const url = `/dashboard/alerts?${qs}${qs ? '&' : ''}sort=${sort}&dir=${dir}&page=${page}`;
        const res = await client.get(url);
        assert.equal(res.status, 200, url);
        const want = idsOf(tid, where, orderOf(sort, dir), (page - 1) * 20);
        assert.deepEqual(listedIds(res.text), want, url);
        assert.equal(textById(res.text, 'list-count'), countText(page, want.length, total, capped), url);
      }
    }
  }
}

test('every sort both ways, first to last page, as SQL reads them', async () => {
  const { t, devices } = tenant();
  const client = await clientOf(t);
  await comparePages(client, t.id, '', '1');
  await comparePages(client, t.id, 'severity=high', 'a.severity = 3');
  await comparePages(client, t.id, 'severity=medium_up&category=IPS', "a.severity >= 2 AND a.category = 'IPS'");
  await comparePages(client, t.id, `device=${pubid('device', devices[2].id)}`, `a.device_id = ${devices[2].id}`);
  // open: neither blocked nor quarantined (a quarantined threat is handled)
  await comparePages(client, t.id, 'state=open', OPEN);
  // (the open alerts, every 20th, are all of the first device)
  await comparePages(client, t.id, `state=open&device=${pubid('device', devices[0].id)}&severity=low`,
    `${OPEN} AND a.device_id = ${devices[0].id} AND a.severity = 1`);
});

test('a period of Japanese days and one of another time zone are counted and paged exactly', async () => {
  const { t } = tenant();
  const from = new Date(Date.now() - 8 * DAY).toISOString().slice(0, 10);
  const to = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
  const tokyo = await clientOf(t);
  await comparePages(tokyo, t.id, `from=${from}&to=${to}`,
    `a.detected_at >= '${from} 00:00:00' - INTERVAL 9 HOUR AND a.detected_at < '${to} 00:00:00' + INTERVAL 15 HOUR`);
  // London in winter is UTC: its days begin at 09:00 in Japan; over
  // 10,000 alerts, counted from the daily counts less both ends' hours
  const london = await clientOf(t, 'Europe/London');
  const wideFrom = new Date(Date.now() - 12 * DAY).toISOString().slice(0, 10);
  const wideTo = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
  const wide = `a.detected_at >= '${wideFrom} 00:00:00' AND a.detected_at < '${wideTo} 00:00:00' + INTERVAL 1 DAY`;
  assert.ok(countOf(t.id, wide) > 10000);
  await comparePages(london, t.id, `from=${wideFrom}&to=${wideTo}`, wide);
  await comparePages(london, t.id, `from=${from}&to=${to}&category=IPS`,
    `a.detected_at >= '${from} 00:00:00' AND a.detected_at < '${to} 00:00:00' + INTERVAL 1 DAY AND a.category = 'IPS'`);
});

test('a status filter over 1,000 alerts is counted up to 1,000 and paged in order to its end', async () => {
  const { t, devices } = tenant();
  const client = await clientOf(t);
  await comparePages(client, t.id, 'state=blocked', HANDLED, { capped: true });
  await comparePages(client, t.id, `state=blocked&device=${pubid('device', devices[0].id)}`,
    `${HANDLED} AND a.device_id = ${devices[0].id}`, { capped: true });
  // the next link while a page is full, none after the last rows
  const exact = countOf(t.id, HANDLED);
  const last = Math.ceil(exact / 20);
  const before = await client.get(`/dashboard/alerts?state=blocked&page=${last - 1}`);
  assert.match(before.text, /id="page-next"/);
  const end = await client.get(`/dashboard/alerts?state=blocked&page=${last}`);
  assert.doesNotMatch(end.text, /id="page-next"/);
});

test('the next page link of the detection-time sort goes on where the page ended', async () => {
  const { t } = tenant();
  const client = await clientOf(t);
  for (const dir of ['desc', 'asc']) {
    let url = `/dashboard/alerts?severity=medium&sort=detected&dir=${dir}`;
    for (let page = 1; page <= 3; page++) {
      const res = await client.get(url);
      assert.equal(res.status, 200, url);
      assert.deepEqual(listedIds(res.text), idsOf(t.id, 'a.severity = 2', orderOf('detected', dir), (page - 1) * 20), url);
      const next = res.text.match(/href="([^"]+)" rel="next"/);
      assert.ok(next && /after=\d+_\d+/.test(next[1]), 'the next link carries the last row');
      url = next[1].replace(/&amp;/g, '&');
    }
  }
});

test('the unregistered device: none of its alerts listed, counted or reachable', async () => {
  const { t, devices } = tenant();
  const client = await clientOf(t);
  const hidden = new Set(dbRows(`SELECT id FROM alerts WHERE device_id = ${devices[4].id}`).map((r) => r[0]));
  assert.ok(hidden.size > 0);
  const all = await client.get('/dashboard/alerts');
  assert.equal(textById(all.text, 'list-count'), countText(1, 20, countOf(t.id, '1')));
  assert.ok(countOf(t.id, '1') < ROWS);
  for (const sort of ['device', 'detected']) {
    const res = await client.get(`/dashboard/alerts?sort=${sort}&dir=desc&page=1`);
    assert.ok(listedIds(res.text).every((id) => !hidden.has(id)), sort);
  }
  const bad = await client.get(`/dashboard/alerts?device=${pubid('device', devices[4].id)}`);
  assert.equal(bad.status, 400);
});
