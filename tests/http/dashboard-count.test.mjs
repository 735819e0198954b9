// The alert list's count for a large tenant (DASH-1): a filter without a
// status (period, severity, category, device) is counted from alert_daily
// (the kept daily counts, written in the alerts' own transaction) when they
// give more than 10,000, instead of row by row; a status filter, and
// smaller counts, count the rows. The rows are
// written in bulk with the server's sequence engine, the daily counts as
// the ingestion writes them; one daily count is then raised on purpose so
// the test can tell which count the page used.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, textById, dbRows } from '../lib/http.mjs';
import { tenantWithContract, addDevice, tokyoDay } from '../lib/alerts.mjs';
import { pubid } from '../lib/pubid.mjs';

const DAY = 24 * 3600 * 1000;
const ROWS = 10050;

async function login(tenant) {
  const user = createUser({ role: 'customer_user', tenant: tenant.no });
  const client = new Client();
  await client.loginOk(user);
  return client;
}

test('a large tenant: filters without a status counted from the daily counts, a status row by row', async () => {
  const t = tenantWithContract('大量アラート株式会社');
  const dev = addDevice(t);
  // two days ago at noon in Japan, 03:00 UTC: every row on one Japanese day
  const day = tokyoDay(new Date(Date.now() - 2 * DAY));
  const detected = `${day} 03:00:00`;
  dbRows(`START TRANSACTION;
    INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
    SELECT ${t.id}, ${dev.id}, CONCAT('bulk-', seq), '${detected}', '${detected}', 'IPS', IF(seq % 2 = 0, 3, 1),
      '192.0.2.1', '198.51.100.1', '', '説明', '対処', IF(seq % 10 = 0, 'detected', 'blocked')
    FROM seq_1_to_${ROWS};
    INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts) VALUES
      (${t.id}, '${day}', ${dev.id}, 'IPS', 3, ${ROWS / 2}), (${t.id}, '${day}', ${dev.id}, 'IPS', 1, ${ROWS / 2});
    UPDATE devices SET alerts_gen = alerts_gen + 1 WHERE id = ${dev.id};
    COMMIT;`);
  const client = await login(t);
  const count = async (qs) => {
    const res = await client.get(`/dashboard/alerts?${qs}`);
    assert.equal(res.status, 200, qs);
    return textById(res.text, 'list-count');
  };
  assert.equal(await count(`from=${day}&to=${day}`), `1~20 件目 / ${ROWS} 件`, 'the same number either way');
  // the daily count of severity 3 raised by 7: only a count from alert_daily shows it
  dbRows(`UPDATE alert_daily SET alerts = alerts + 7 WHERE tenant_id = ${t.id} AND severity = 3`);
  assert.equal(await count(`from=${day}&to=${day}`), `1~20 件目 / ${ROWS + 7} 件`, 'period alone: from alert_daily');
  assert.equal(await count(''), `1~20 件目 / ${ROWS + 7} 件`, 'no filter: from alert_daily');
  // 5,032 by the daily counts: not above 10,000, so the rows are counted
  assert.equal(await count('severity=high'), `1~20 件目 / ${ROWS / 2} 件`, 'few enough: row by row');
  assert.equal(await count('category=IPS'), `1~20 件目 / ${ROWS + 7} 件`, 'a category: from alert_daily');
  assert.equal(await count(`device=${pubid('device', dev.id)}`), `1~20 件目 / ${ROWS + 7} 件`, 'a device: from alert_daily');
  // a state: the rows, counted up to 1,000
  assert.equal(await count('state=open&severity=low'), '該当するアラートはありません。', 'a state: row by row');
  assert.equal(await count('state=open'), '1~20 件目 / 1000 件以上', 'a state: capped');
  // the last page of the list still pages the rows
  const lastPage = Math.ceil((ROWS - ROWS / 10) / 20);
  const last = await client.get(`/dashboard/alerts?state=blocked&page=${lastPage}`);
  assert.equal(textById(last.text, 'list-count'), `${ROWS - ROWS / 10 - 4}~${ROWS - ROWS / 10} 件目 / 1000 件以上`);
  assert.doesNotMatch(last.text, /id="page-next"/, 'no next page after the last rows');
  const full = await client.get(`/dashboard/alerts?state=blocked&page=${lastPage - 1}`);
  assert.match(full.text, /id="page-next"/, 'a full page has a next page');
});

test('a small tenant is counted row by row whatever the daily counts say', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const day = tokyoDay(new Date(Date.now() - DAY));
  dbRows(`INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
    SELECT ${t.id}, ${dev.id}, CONCAT('few-', seq), '${day} 03:00:00', '${day} 03:00:00', 'IPS', 2,
      '', '', '', '', '', 'blocked' FROM seq_1_to_30;
    INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
      VALUES (${t.id}, '${day}', ${dev.id}, 'IPS', 2, 99);`);
  const client = await login(t);
  const res = await client.get(`/dashboard/alerts?from=${day}&to=${day}`);
  assert.equal(textById(res.text, 'list-count'), '1~20 件目 / 30 件');
});
