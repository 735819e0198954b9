// The home page's security status of a reader far from Tokyo (DASH-1,
// DASH-3): the 30 days of the reader's zone begin and end inside Japanese
// days (alert_daily's), yet the status counts exactly the alerts of the
// period, as the alert list behind its 詳細を確認 link does. The server's
// clock is moved (X-Test-Clock-Offset) to noon of the reader's day, so the
// period does not depend on the wall clock.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, textById, dbRows, decodeEntities } from '../lib/http.mjs';
import { tenantWithContract, addDevice, addAlerts } from '../lib/alerts.mjs';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const ymd = (ms) => new Date(ms).toISOString().slice(0, 10);

// zones of a fixed offset from UTC (hours east), far from Tokyo's +9
for (const [zone, east] of [['Etc/GMT+12', -12], ['Pacific/Kiritimati', 14]]) {
  test(`a reader in ${zone}: the status counts the period's alerts exactly, as the list does`, async () => {
    const t = tenantWithContract();
    const dev = addDevice(t);
    // noon of the reader's day now, in real time (ms since the epoch)
    const localDay = Math.floor((Date.now() + east * HOUR) / DAY) * DAY;
    const noon = localDay + 12 * HOUR - east * HOUR;
    const clock = Math.round((noon - Date.now()) / 1000);
    const start = localDay - 29 * DAY - east * HOUR;	// midnight of the first day
    const before = localDay + DAY - east * HOUR;	// midnight after the last day
    const from = ymd(localDay - 29 * DAY);
    const to = ymd(localDay);
    // neither end is a Japanese midnight: both ends cut a Japanese day
    assert.notEqual((start + 9 * HOUR) % DAY, 0);
    assert.notEqual((before + 9 * HOUR) % DAY, 0);
    addAlerts(t, dev, [
      { severity: 3, detected: new Date(start - 1000) },	// outside, same Japanese day as the start
      { severity: 3, detected: new Date(start) },
      { severity: 2, detected: new Date(start + 10 * DAY) },
      { severity: 2, detected: new Date(before - 1000) },
      { severity: 1, detected: new Date(before) },	// outside, same Japanese day as the end
      { severity: 1, detected: new Date(before - 2000) },
      { severity: 1, detected: new Date(start - 20 * HOUR) },	// outside
    ]);
    const user = createUser({ role: 'customer_user', tenant: t.no });
    dbRows(`UPDATE users SET time_zone = '${zone}' WHERE id = ${user.id}`);
    const client = new Client();
    await client.loginOk(user, { clock });

    const counts = async () => {
      const home = await client.get('/', { clock });
      assert.equal(home.status, 200);
      assert.ok(textById(home.text, 'status-period').endsWith(`${from} - ${to}`), textById(home.text, 'status-period'));
      return { home, counts: ['count-high', 'count-medium', 'count-low'].map((id) => textById(home.text, id)).join('/') };
    };
    const first = await counts();
    assert.equal(first.counts, '1/2/1', 'the alerts of the period only');
    // kept now: the next page counts the same from the kept status
    assert.equal((await counts()).counts, '1/2/1', 'from the kept status');

    const details = decodeEntities(/id="status-details" href="([^"]+)"/.exec(first.home.text)[1]);
    assert.equal(details, `/dashboard/alerts?from=${from}&to=${to}`);
    const listCount = async (qs) => textById((await client.get(`${details}${qs}`, { clock })).text, 'list-count');
    assert.equal(await listCount(''), '1~4 件目 / 4 件', 'the list of the same days counts the same');
    assert.equal(await listCount('&severity=high'), '1~1 件目 / 1 件');
    assert.equal(await listCount('&severity=medium'), '1~2 件目 / 2 件');
    assert.equal(await listCount('&severity=low'), '1~1 件目 / 1 件');

    // an alert stored at the very end of the period joins both
    addAlerts(t, dev, [{ severity: 3, detected: new Date(before - 1) }, { severity: 3, detected: new Date(before + 1000) }]);
    assert.equal((await counts()).counts, '2/2/1', 'a new alert counted');
    assert.equal(await listCount(''), '1~5 件目 / 5 件');
  });
}
