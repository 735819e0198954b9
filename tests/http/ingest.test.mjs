// The device API (DASH-6, §12): good, duplicate and bad batches with their
// exact answers, every kind of bad input answered with a documented 4xx
// JSON and nothing stored, the per-device rate limit, and alert_daily
// counting exactly the rows inserted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dbRows } from '../lib/http.mjs';
import {
  makeDevice, alert, at, api, postAlerts, alertCount, dailyOf, dailyFromAlerts, newToken,
} from '../lib/devices.mjs';
import { pubid } from '../lib/pubid.mjs';

const DAY = 86400_000;

function assertError(res, status, code, what) {
  assert.equal(res.status, status, `${what}: status (${res.text.slice(0, 200)})`);
  assert.match(res.headers.get('content-type') || '', /^application\/json/, `${what}: JSON`);
  assert.ok(res.json, `${what}: a JSON body`);
  assert.equal(res.json.error, code, `${what}: error code`);
  assert.ok(res.json.message && res.json.message_ja, `${what}: messages in English and Japanese`);
}

test('a good batch is stored; the retry adds nothing and alert_daily stays exact', async () => {
  const dev = makeDevice();
  // three days, two categories, the Tokyo day boundary (15:00 UTC) crossed
  const base = Date.now() - 3 * DAY;
  const boundary = new Date(base);
  boundary.setUTCHours(14, 59, 59, 0);
  const alerts = [
    alert({ detected_at: new Date(boundary.getTime()).toISOString().replace('.000Z', 'Z') }),
    alert({ detected_at: new Date(boundary.getTime() + 2000).toISOString().replace('.000Z', 'Z'), severity: 3 }),
    alert({ category: 'IPS', severity: 1, detected_at: at(-DAY) }),
    alert({ category: 'IPS', severity: 1, detected_at: at(-DAY + 1000) }),
    alert({ category: 'アンチウイルス', status: 'quarantined', detected_at: '2026-01-01T00:00:00+09:00'.replace('2026-01-01', new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10)) }),
  ];
  const res = await postAlerts(dev.token, alerts);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, {
    counts: { accepted: 5, duplicate: 0, rejected: 0 },
    accepted: alerts.map((a, index) => ({ index, id: a.id })),
    duplicate: [],
    rejected: [],
  });
  assert.equal(alertCount(dev.id), 5);
  const daily = dailyOf(dev.id);
  assert.deepEqual(daily, dailyFromAlerts(dev.id));
  assert.equal(Object.values(daily).reduce((a, b) => a + b, 0), 5);
  // the first two straddle midnight in Tokyo: two days
  const [d0, d1] = [alerts[0], alerts[1]].map((a) => new Date(Date.parse(a.detected_at) + 9 * 3600_000).toISOString().slice(0, 10));
  assert.notEqual(d0, d1);
  assert.equal(daily[`${d0}|Webガード|2`], 1);
  assert.equal(daily[`${d1}|Webガード|3`], 1);

  const row = dbRows(`SELECT source, destination, url, description, action, status, category, severity, tenant_id = (SELECT id FROM tenants WHERE customer_no = '${dev.tenant.no}') FROM alerts WHERE device_id = ${dev.id} AND device_alert_id = '${alerts[0].id}'`)[0];
  assert.deepEqual(row, [alerts[0].source, alerts[0].destination, alerts[0].url, alerts[0].description, alerts[0].action, 'blocked', 'Webガード', '2', '1']);
  const seen = dbRows(`SELECT last_alert_at IS NOT NULL, last_seen_at IS NOT NULL FROM devices WHERE id = ${dev.id}`)[0];
  assert.deepEqual(seen, ['1', '1']);

  // the same batch again: all duplicates, nothing added anywhere
  const again = await postAlerts(dev.token, alerts);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json.counts, { accepted: 0, duplicate: 5, rejected: 0 });
  assert.deepEqual(again.json.duplicate, alerts.map((a, index) => ({ index, id: a.id })));
  assert.equal(alertCount(dev.id), 5);
  assert.deepEqual(dailyOf(dev.id), daily);

  // a batch mixing old, new, repeated and bad alerts
  const fresh = alert({ category: 'IPS', severity: 1, detected_at: alerts[2].detected_at });
  const mixed = [alerts[0], fresh, { ...fresh }, alert({ severity: 4 }), alert({ id: alerts[1].id.toUpperCase() })];
  const third = await postAlerts(dev.token, mixed);
  assert.equal(third.status, 200);
  assert.deepEqual(third.json, {
    counts: { accepted: 1, duplicate: 3, rejected: 1 },
    accepted: [{ index: 1, id: fresh.id }],
    duplicate: [{ index: 0, id: alerts[0].id }, { index: 2, id: fresh.id }, { index: 4, id: mixed[4].id }],
    rejected: [{ index: 3, id: mixed[3].id, reason: 'severity_out_of_range', field: 'severity' }],
  });
  assert.equal(alertCount(dev.id), 6);
  assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
});

test('concurrent retries of one batch insert each alert once', async () => {
  const dev = makeDevice();
  const alerts = Array.from({ length: 200 }, (_, i) => alert({ severity: 1 + (i % 3), detected_at: at(-i * 3600_000) }));
  const answers = await Promise.all([1, 2, 3, 4].map(() => postAlerts(dev.token, alerts)));
  for (const a of answers) assert.equal(a.status, 200, a.text);
  assert.equal(answers.reduce((n, a) => n + a.json.counts.accepted, 0), 200, 'each alert accepted exactly once');
  assert.equal(alertCount(dev.id), 200);
  const daily = dailyOf(dev.id);
  assert.deepEqual(daily, dailyFromAlerts(dev.id));
  assert.equal(Object.values(daily).reduce((a, b) => a + b, 0), 200);
});

test('each bad alert is refused with its reason, the good ones of the batch kept', async () => {
  const dev = makeDevice();
  const long = (n) => 'あ'.repeat(n);
  const cases = [
    [alert({ severity: 0 }), 'severity_out_of_range', 'severity'],
    [alert({ severity: 4 }), 'severity_out_of_range', 'severity'],
    [alert({ severity: '2' }), 'wrong_type', 'severity'],
    [alert({ severity: 2.5 }), 'wrong_type', 'severity'],
    [alert({ detected_at: at(2 * 3600_000) }), 'too_far_in_future', 'detected_at'],
    [alert({ detected_at: at(-91 * DAY) }), 'too_old', 'detected_at'],
    [alert({ detected_at: '2026-13-01T00:00:00Z' }), 'bad_time', 'detected_at'],
    [alert({ detected_at: 1767225600 }), 'wrong_type', 'detected_at'],
    [alert({ category: 'その他' }), 'unknown_category', 'category'],
    [alert({ status: 'ignored' }), 'unknown_status', 'status'],
    [alert({ id: 'x'.repeat(65) }), 'too_long', 'id'],
    [alert({ id: 'with space' }), 'bad_characters', 'id'],
    [alert({ id: 42 }), 'wrong_type', 'id'],
    [alert({ description: '' }), 'empty', 'description'],
    [alert({ description: long(4001) }), 'too_long', 'description'],
    [alert({ source: 'a\nb' }), 'bad_characters', 'source'],
    [alert({ extra: 'x' }), 'unknown_field', 'extra'],
    [alert({ tenant_id: 1 }), 'unknown_field', 'tenant_id'],
  ];
  const good = alert();
  const batch = [good, ...cases.map(([a]) => a)];
  const res = await postAlerts(dev.token, batch);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.counts, { accepted: 1, duplicate: 0, rejected: cases.length });
  assert.deepEqual(res.json.accepted, [{ index: 0, id: good.id }]);
  cases.forEach(([a, reason, field], i) => {
    const got = res.json.rejected[i];
    assert.equal(got.index, i + 1);
    assert.equal(got.reason, reason, `${field}: ${JSON.stringify(a[field] ?? a).slice(0, 60)}`);
    assert.equal(got.field, field);
    assert.equal(got.id, typeof a.id === 'string' ? a.id : null);
  });
  const missing = alert();
  delete missing.category;
  const r2 = await postAlerts(dev.token, [missing, 7, null]);
  assert.deepEqual(r2.json.rejected, [
    { index: 0, id: missing.id, reason: 'missing_field', field: 'category' },
    { index: 1, id: null, reason: 'not_an_object' },
    { index: 2, id: null, reason: 'not_an_object' },
  ]);
  assert.equal(alertCount(dev.id), 1);
  assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
});

test('a number beyond 64 bits rejects its alert only, with its field\'s reason', async () => {
  const dev = makeDevice();
  const good = alert();
  // JSON.stringify cannot write these numbers: the member is spliced in as text
  const cases = [
    ['severity', '100000000000000000000', 'severity_out_of_range'],
    ['severity', '9223372036854775808', 'severity_out_of_range'],
    ['severity', '-9223372036854775809', 'severity_out_of_range'],
    ['severity', '1e400', 'wrong_type'],
    ['source', '100000000000000000000', 'wrong_type'],
  ].map(([field, number, reason]) => {
    const a = alert();
    delete a[field];
    return { a, field, reason, text: JSON.stringify(a).replace(/}$/, `,"${field}":${number}}`) };
  });
  const body = `{"alerts":[${JSON.stringify(good)},${cases.map((c) => c.text).join(',')}]}`;
  const res = await api('POST', '/ingest/v1/alerts', { token: dev.token, body });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.counts, { accepted: 1, duplicate: 0, rejected: cases.length });
  assert.deepEqual(res.json.accepted, [{ index: 0, id: good.id }]);
  assert.deepEqual(res.json.rejected, cases.map((c, i) => ({
    index: i + 1, id: c.a.id, reason: c.reason, field: c.field,
  })));
  assert.equal(alertCount(dev.id), 1);
});

test('an alert nested deeper than a scalar is rejected alone; the rest of its batch is stored', async () => {
  const dev = makeDevice();
  // a description nested 6 deep (9 levels in the body) and one 25 deep
  const nest = (n) => Array.from({ length: n }).reduce((v, _, i) => ({ [`k${i}`]: v }), 'x');
  const deep6 = alert({ description: nest(6) });
  const deep25 = alert({ source: nest(25) });
  const batch = [...Array.from({ length: 998 }, () => alert()), deep6, deep25];
  const res = await postAlerts(dev.token, batch);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.deepEqual(res.json.counts, { accepted: 998, duplicate: 0, rejected: 2 });
  assert.deepEqual(res.json.rejected, [
    { index: 998, id: deep6.id, reason: 'wrong_type', field: 'description' },
    { index: 999, id: deep25.id, reason: 'wrong_type', field: 'source' },
  ]);
  assert.equal(alertCount(dev.id), 998);
  assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
  // past the body's own limit (32 levels) the whole body is refused
  const tooDeep = await postAlerts(dev.token, [alert({ description: nest(30) })]);
  assert.equal(tooDeep.status, 400);
  assert.equal(tooDeep.json.error, 'too_deep');
  assert.equal(alertCount(dev.id), 998);
});

test('bodies that are not a batch: 400/413/415 JSON, nothing stored', async () => {
  const dev = makeDevice();
  const t = dev.token;
  const post = (body, opts = {}) => api('POST', '/ingest/v1/alerts', { token: t, body, ...opts });
  assertError(await post('{"alerts":[', {}), 400, 'malformed_json', 'truncated JSON');
  assertError(await post('', {}), 400, 'malformed_json', 'empty body');
  assertError(await post('{"alerts":[],"alerts":[]}'), 400, 'malformed_json', 'duplicate keys');
  assertError(await post(Buffer.from('{"alerts":[{"id":"\xff\xfe"}]}', 'latin1')), 400, 'malformed_json', 'invalid UTF-8');
  assertError(await post('{"alerts":[{"id":"a\\u0000b"}]}'), 400, 'malformed_json', 'NUL in a string');
  assertError(await post('{"alerts":"many"}'), 400, 'alerts_not_an_array', 'alerts a string');
  assertError(await post('{"alerts":[]}'), 400, 'no_alerts', 'no alerts');
  assertError(await post('{}'), 400, 'missing_alerts', 'no alerts member');
  assertError(await post('[{"id":"a"}]'), 400, 'not_an_object', 'a bare array');
  assertError(await post('"alerts"'), 400, 'not_an_object', 'a string');
  assertError(await post({ alerts: [alert()], device: 'x' }), 400, 'unknown_field', 'unknown top-level field');
  const deep = `{"alerts":${'['.repeat(10000)}${']'.repeat(10000)}}`;
  assertError(await post(deep), 400, 'too_deep', '10,000-deep nesting');
  const deepObj = `{"alerts":[${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}]}`;
  assertError(await post(deepObj), 400, 'too_deep', '10,000-deep objects');
  assertError(await post({ alerts: Array.from({ length: 1001 }, () => alert()) }), 413, 'too_many_alerts', '1,001 alerts');
  assertError(await post(JSON.stringify({ alerts: [alert()] }), { contentType: 'text/plain' }), 415, 'unsupported_media_type', 'text/plain');
  assertError(await post(JSON.stringify({ alerts: [alert()] }), { contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type', 'a form');
  assertError(await post(JSON.stringify({ alerts: [alert()] }), { contentType: null }), 415, 'unsupported_media_type', 'no type');
  // 100 MB: refused by nginx from the Content-Length, in the API's form
  const huge = Buffer.alloc(100 * 1024 * 1024, 0x20);
  assertError(await post(huge), 413, 'too_large', '100 MB body');
  const justOver = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
  assertError(await post(justOver), 413, 'too_large', '4 MiB + 1 byte');
  assert.equal(alertCount(dev.id), 0);
  assert.deepEqual(dailyOf(dev.id), {});
  // only a charset other than UTF-8 is refused
  for (const contentType of ['application/json; charset=latin1', 'application/json;charset=ISO-8859-1',
    'application/json; charset="shift_jis"', 'application/json; charset=utf-16', 'application/json; charset=utf-8x',
    'application/json; charset=', 'application/json; foo=1; charset=us-ascii']) {
    assertError(await post(JSON.stringify({ alerts: [alert()] }), { contentType }), 415, 'unsupported_media_type', contentType);
  }
  assert.equal(alertCount(dev.id), 0);
  // no charset, or UTF-8 in any spelling of its case, is fine
  const utf8 = ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="Utf-8"',
    'application/json ; foo=1 ; charset=utf-8'];
  for (const contentType of utf8) {
    const ok = await post(JSON.stringify({ alerts: [alert()] }), { contentType });
    assert.equal(ok.status, 200, `${contentType}: ${ok.text}`);
  }
  assert.equal(alertCount(dev.id), utf8.length);
});

test('tokens: missing, unknown, malformed, revoked or unregistered → 401 with WWW-Authenticate, nothing stored', async () => {
  const dev = makeDevice();
  const other = makeDevice();
  const waiting = makeDevice({ tenant: dev.tenant, registered: false });
  const batch = [alert()];
  const tries = [
    ['no Authorization', undefined, {}],
    ['unknown token', newToken(), {}],
    ['not a bearer token', null, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }],
    ['token without prefix', dev.token.slice(4), {}],
    ['token with a character more', `${dev.token}A`, {}],
    ['empty bearer', '', {}],
  ];
  for (const [what, token, opts] of tries) {
    for (const [method, path, body] of [['POST', '/ingest/v1/alerts', { alerts: batch }], ['GET', '/ingest/v1/ping', undefined]]) {
      const res = await api(method, path, { token, body, ...opts });
      assertError(res, 401, 'invalid_token', `${what} ${method}`);
      assert.match(res.headers.get('www-authenticate') || '', /^Bearer realm="mimamori-ingest"/, `${what}: WWW-Authenticate`);
    }
  }
  // an unregistered device has no token: one that looks right is refused
  assertError(await api('GET', '/ingest/v1/ping', { token: newToken() }), 401, 'invalid_token', 'unregistered device');
  assert.equal(alertCount(waiting.id), 0);

  // another device's token stores under that device only
  const res = await postAlerts(other.token, batch);
  assert.equal(res.status, 200);
  assert.equal(alertCount(other.id), 1);
  assert.equal(alertCount(dev.id), 0);

  // revoked: the token goes at once
  const ping = await api('GET', '/ingest/v1/ping', { token: dev.token });
  assert.equal(ping.status, 200);
  assert.equal(ping.json.device_id, Number(pubid('device', dev.id)));
  assert.match(ping.json.server_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Math.abs(Date.parse(ping.json.server_time) - Date.now()) < 60_000);
  dbRows(`UPDATE devices SET token_hash = NULL WHERE id = ${dev.id}`);
  const revoked = await postAlerts(dev.token, [alert()]);
  assertError(revoked, 401, 'invalid_token', 'revoked token');
  assert.match(revoked.headers.get('www-authenticate'), /error="invalid_token"/);
  assert.equal(alertCount(dev.id), 0);
  // a retired device's token stops working too
  dbRows(`UPDATE devices SET status = 'retired' WHERE id = ${other.id}`);
  assertError(await postAlerts(other.token, [alert()]), 401, 'invalid_token', 'retired device');
  assert.equal(alertCount(other.id), 1);
});

test('unknown paths and methods answer JSON', async () => {
  const dev = makeDevice();
  assertError(await api('GET', '/ingest/v1/nothing', { token: dev.token }), 404, 'not_found', 'unknown path');
  const get = await api('GET', '/ingest/v1/alerts', { token: dev.token });
  assertError(get, 405, 'method_not_allowed', 'GET alerts');
  assert.equal(get.headers.get('allow'), 'POST');
  assertError(await api('POST', '/ingest/v1/ping', { token: dev.token, body: '{}' }), 405, 'method_not_allowed', 'POST ping');
  assertError(await api('PUT', '/ingest/v1/alerts', { token: dev.token, body: '{}' }), 405, 'method_not_allowed', 'PUT alerts');
  // cookies never reach the program; a session cookie is no credential here
  const withCookie = await api('GET', '/ingest/v1/ping', { headers: { cookie: 'mm_session=x' } });
  assertError(withCookie, 401, 'invalid_token', 'cookie only');
});

test('the per-device rate limit answers 429 with Retry-After, other devices unaffected', async () => {
  const dev = makeDevice();
  const other = makeDevice();
  // the test stack allows 40 requests per device and minute (a fixed
  // window): within 81 requests one window holds more than 40
  let limited = null;
  let n = 0;
  for (n = 1; n <= 81 && !limited; n++) {
    const res = await api('GET', '/ingest/v1/ping', { token: dev.token });
    if (res.status === 429) limited = res;
    else assert.equal(res.status, 200, res.text);
  }
  assert.ok(limited, 'a 429 came');
  assert.ok(n - 1 > 40, `not before the 41st request (${n - 1})`);
  assertError(limited, 429, 'rate_limited', 'rate limited');
  assert.match(limited.headers.get('retry-after') || '', /^\d+$/);
  const batch = await postAlerts(dev.token, [alert()]);
  assertError(batch, 429, 'rate_limited', 'batch while limited');
  assert.equal(alertCount(dev.id), 0);
  const fine = await api('GET', '/ingest/v1/ping', { token: other.token });
  assert.equal(fine.status, 200);
});

test('batches count against the same limit as pings: the refused one stores nothing, a bad body over the limit is answered 429', async () => {
  const dev = makeDevice();
  // every other request a ping, every other a batch of one new alert: the
  // limit counts both kinds in the same window (40 per minute in the test
  // stack; within 81 requests one window holds more than 40)
  let limited = null;
  let stored = 0;
  let n = 0;
  for (n = 1; n <= 81 && !limited; n++) {
    const res = n % 2
      ? await postAlerts(dev.token, [alert()])
      : await api('GET', '/ingest/v1/ping', { token: dev.token });
    if (res.status === 429) limited = { res, batch: n % 2 === 1 };
    else {
      assert.equal(res.status, 200, res.text);
      if (n % 2) stored++;
    }
  }
  assert.ok(limited, 'a 429 came');
  assert.ok(n - 1 > 40, `not before the 41st request (${n - 1})`);
  assertError(limited.res, 429, 'rate_limited', 'rate limited');
  assert.match(limited.res.headers.get('retry-after') || '', /^\d+$/);
  assert.equal(alertCount(dev.id), stored, 'the refused batch stored nothing');
  assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
  const batch = await postAlerts(dev.token, [alert()]);
  assertError(batch, 429, 'rate_limited', 'batch while limited');
  const bad = await api('POST', '/ingest/v1/alerts', { token: dev.token, body: '{"alerts":[' });
  assertError(bad, 429, 'rate_limited', 'malformed body while limited');
  const wrongType = await api('POST', '/ingest/v1/alerts', { token: dev.token, body: '{}', contentType: 'text/plain' });
  assertError(wrongType, 429, 'rate_limited', 'wrong content type while limited');
  assert.equal(alertCount(dev.id), stored);
});

test('a full batch of 1,000 alerts is stored in one go', async () => {
  const dev = makeDevice();
  const alerts = Array.from({ length: 1000 }, (_, i) => alert({
    severity: 1 + (i % 3), category: ['Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御'][i % 4], detected_at: at(-i * 60_000),
  }));
  const res = await postAlerts(dev.token, alerts);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.deepEqual(res.json.counts, { accepted: 1000, duplicate: 0, rejected: 0 });
  assert.equal(alertCount(dev.id), 1000);
  assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
});

test('a batch adds one to alert_day_gen per day it stores and marks its device for the alert mails; a retry does neither', async () => {
  const dev = makeDevice();
  // six alerts over two Japanese days, several categories and severities each
  const alerts = [
    alert({ detected_at: at(-2 * DAY) }),
    alert({ detected_at: at(-2 * DAY + 1000), category: 'IPS', severity: 3 }),
    alert({ detected_at: at(-2 * DAY + 2000), severity: 1 }),
    alert({ detected_at: at(-4 * DAY) }),
    alert({ detected_at: at(-4 * DAY + 1000), category: 'IPS' }),
    alert({ detected_at: at(-4 * DAY + 2000), category: 'IPS', severity: 3 }),
  ];
  const tokyoDay = (a) => new Date(Date.parse(a.detected_at) + 9 * 3600_000).toISOString().slice(0, 10);
  const gens = () => Object.fromEntries(dbRows(`SELECT DATE_FORMAT(g.day, '%Y-%m-%d'), g.gen FROM alert_day_gen g
    JOIN devices d ON d.tenant_id = g.tenant_id WHERE d.id = ${dev.id}`).map(([day, gen]) => [day, Number(gen)]));
  const marked = () => dbRows(`SELECT alerts_received_at IS NOT NULL,
    alerts_received_at >= (SELECT MAX(received_at) FROM alerts WHERE device_id = ${dev.id}), alerts_received_at
    FROM devices WHERE id = ${dev.id}`)[0];
  assert.deepEqual(marked().slice(0, 1), ['0'], 'no alerts yet');

  const res = await postAlerts(dev.token, alerts);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.counts.accepted, 6);
  const days = [...new Set(alerts.map(tokyoDay))];
  assert.deepEqual(gens(), Object.fromEntries(days.map((d) => [d, 1])), 'one generation per day of the batch');
  const first = marked();
  assert.deepEqual(first.slice(0, 2), ['1', '1'], 'alerts_received_at: the time the batch was received');

  const again = await postAlerts(dev.token, alerts);
  assert.equal(again.json.counts.duplicate, 6);
  assert.deepEqual(gens(), Object.fromEntries(days.map((d) => [d, 1])), 'a retry adds no generation');
  assert.equal(marked()[2], first[2], 'nor marks the device again');
  assert.equal(alertCount(dev.id), 6);
});

test('concurrent batches of two devices of one tenant: alert_top keyed by the server\'s SHA-256 of each value, counts and day generations exact', async () => {
  const first = makeDevice();
  const second = makeDevice({ tenant: first.tenant });
  const values = ['198.51.100.7', '198.51.100.8', 'http://例え.example/パス?q=1', 'http://malware.example/dl/%00x', 'HTTP://Malware.example/DL'];
  const batch = (n, offset) => Array.from({ length: n }, (_, i) => alert({
    detected_at: at(-((i + offset) % 5) * DAY - 60_000),
    status: i % 4 === 3 ? 'detected' : 'blocked',
    source: values[i % values.length],
    destination: values[(i + 1) % values.length],
    url: i % 7 === 6 ? '' : values[(i + 2) % values.length],
  }));
  const sent = [[first, batch(300, 0)], [second, batch(300, 1)], [first, batch(200, 2)], [second, batch(200, 3)]];
  const answers = await Promise.all(sent.map(([dev, alerts]) => postAlerts(dev.token, alerts)));
  for (const a of answers) {
    assert.equal(a.status, 200, a.text.slice(0, 300));
    assert.equal(a.json.counts.rejected, 0);
  }
  assert.equal(answers.reduce((n, a) => n + a.json.counts.accepted, 0), 1000);
  for (const dev of [first, second]) {
    assert.equal(alertCount(dev.id), 500);
    assert.deepEqual(dailyOf(dev.id), dailyFromAlerts(dev.id));
    assert.deepEqual(dbRows(`SELECT COUNT(*), COALESCE(SUM(value_hash <> UNHEX(SHA2(value, 256))), 0) FROM alert_top WHERE device_id = ${dev.id}`)[0].slice(1), ['0'],
      'every value keyed by the server\'s digest of it');
    const kept = dbRows(`SELECT kind, DATE_FORMAT(day, '%Y-%m-%d'), value, alerts FROM alert_top WHERE device_id = ${dev.id} ORDER BY 1, 2, 3`);
    const counted = dbRows(`SELECT kind, day, v, COUNT(*) FROM (
        SELECT 1 AS kind, DATE_FORMAT(detected_at + INTERVAL 9 HOUR, '%Y-%m-%d') AS day, destination AS v FROM alerts
          WHERE device_id = ${dev.id} AND status = 'blocked' AND destination <> ''
        UNION ALL SELECT 2, DATE_FORMAT(detected_at + INTERVAL 9 HOUR, '%Y-%m-%d'), url FROM alerts
          WHERE device_id = ${dev.id} AND status = 'blocked' AND url <> ''
        UNION ALL SELECT 3, DATE_FORMAT(detected_at + INTERVAL 9 HOUR, '%Y-%m-%d'), source FROM alerts
          WHERE device_id = ${dev.id} AND source <> '') t
      GROUP BY kind, day, CAST(v AS BINARY) ORDER BY 1, 2, 3`);
    assert.deepEqual(kept, counted, 'alert_top equals a direct count of the alerts');
  }
  // one generation per batch and Japanese day it stored alerts of
  const tokyoDay = (a) => new Date(Date.parse(a.detected_at) + 9 * 3600_000).toISOString().slice(0, 10);
  const want = {};
  for (const [, alerts] of sent) for (const d of new Set(alerts.map(tokyoDay))) want[d] = (want[d] || 0) + 1;
  const gens = Object.fromEntries(dbRows(`SELECT DATE_FORMAT(g.day, '%Y-%m-%d'), g.gen FROM alert_day_gen g
    JOIN tenants t ON t.id = g.tenant_id WHERE t.customer_no = '${first.tenant.no}'`).map(([d, g]) => [d, Number(g)]));
  assert.deepEqual(gens, want);
});
