// The login history (HIST-1 … HIST-3): who sees what, filters, sort and
// paging in the query string, the CSV export (read back with Python's csv
// module, BOM, CRLF, formula neutralisation, offline hash check), a client
// that goes away mid-export, export slots, page-view events, and
// `mimamori-admin verify-history` naming a row changed behind its back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import {
  BASE, Client, CONFIG, ADMIN, createUser, dbRows, sqlString, textById, decodeEntities, TENANT_A,
} from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { until } from '../lib/poll.mjs';
import { privatePrograms, FcgiClient } from '../lib/private.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** A client that sends its own User-Agent (it lands in the history). */
class AgentClient extends Client {
  constructor(userAgent) {
    super();
    this.userAgent = userAgent;
  }

  request(method, p, opts = {}) {
    return super.request(method, p, { ...opts, headers: { 'user-agent': this.userAgent, ...(opts.headers || {}) } });
  }
}

async function loggedInAs(user, ua = `HistoryTest/1.0 ${user.login}`) {
  const client = new AgentClient(ua);
  await client.loginOk(user);
  return client;
}

/** Login IDs shown in the history table, in order. */
function listedLogins(html) {
  return [...html.matchAll(/<td class="login-id">([^<]*)<\/td>/g)].map((m) => decodeEntities(m[1]));
}
function listedEvents(html) {
  return [...html.matchAll(/<span title="([^"]*)">/g)].map((m) => m[1]);
}
function listedTimes(html) {
  return [...html.matchAll(/<td class="nowrap">(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)<\/td>/g)].map((m) => m[1]);
}
const count = (html) => textById(html, 'list-count');

/** The raw bytes of a GET with the client's cookies. */
async function rawGet(client, p, opts = {}) {
  const res = await fetch(BASE + p, { headers: { cookie: client.cookieHeader(), 'user-agent': client.userAgent || 'x' }, redirect: 'manual', ...opts });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body };
}

/** Rows of a CSV file as Python's csv module reads them (utf-8-sig). */
function pythonCsv(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-hist-'));
  try {
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, buf);
    const out = execFileSync('python3', ['-c',
      'import csv, json, sys\n'
      + 'with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n'
      + '    print(json.dumps(list(csv.reader(f))))', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function verifyCsvOffline(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-hist-'));
  try {
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, buf);
    return spawnSync('python3', [path.join(ROOT, 'tools/verify-history-csv.py'), file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function verifyHistory(...tenants) {
  const args = ['--config', CONFIG, 'verify-history'];
  for (const t of tenants) args.push('--tenant', t);
  return spawnSync(ADMIN, args, { encoding: 'utf8' });
}

const tenantId = (no) => Number(dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(no)}`)[0][0]);

// One tenant with an admin and a user who both logged in, and a second tenant.
let worldP;
function world() {
  worldP ??= (async () => {
    const t = freshTenant('履歴テスト株式会社');
    const other = freshTenant('他社株式会社');
    const admin = createUser({ role: 'customer_admin', tenant: t.no, name: '履歴 管理者' });
    const user = createUser({ role: 'customer_user', tenant: t.no, name: '履歴 一般' });
    const stranger = createUser({ role: 'customer_admin', tenant: other.no, name: '他社 管理者' });
    const adminC = await loggedInAs(admin, '=HYPERLINK("http://evil.example","x")');
    const userC = await loggedInAs(user);
    const strangerC = await loggedInAs(stranger);
    return { t, other, admin, user, stranger, adminC, userC, strangerC };
  })();
  return worldP;
}

test('an admin sees every user of the tenant, a user only their own, another tenant nothing', async () => {
  const w = await world();
  const a = await w.adminC.get('/history/');
  assert.equal(a.status, 200);
  assert.match(a.text, /<h1>ログイン履歴<\/h1>/);
  const logins = new Set(listedLogins(a.text));
  assert.ok(logins.has(w.admin.login) && logins.has(w.user.login), 'both users');
  assert.ok(!logins.has(w.stranger.login));
  assert.ok(a.text.includes('ログイン'), 'event names in Japanese');
  assert.match(a.text, /id="nav-history"[^>]*aria-current="page"/, 'menu entry');

  const u = await w.userC.get('/history/');
  assert.equal(u.status, 200);
  assert.deepEqual([...new Set(listedLogins(u.text))], [w.user.login], 'own events only');
  assert.ok(!/id="user"/.test(u.text), 'no user filter for a user');
  // asking for someone else changes nothing
  const sneaky = await w.userC.get(`/history/?user=${encodeURIComponent(w.admin.login)}`);
  assert.deepEqual([...new Set(listedLogins(sneaky.text))], [w.user.login]);
  const sneakyCsv = pythonCsv((await rawGet(w.userC, `/history/export.csv?user=${encodeURIComponent(w.admin.login)}`)).body);
  assert.ok(sneakyCsv.length > 1);
  assert.deepEqual([...new Set(sneakyCsv.slice(1).map((r) => r[2]))], [w.user.login], 'export: own events only');

  const s = await w.strangerC.get(`/history/?user=${encodeURIComponent(w.admin.login)}`);
  assert.equal(s.status, 200);
  assert.equal(count(s.text), '該当する記録はありません。');
  const sc = pythonCsv((await rawGet(w.strangerC, `/history/export.csv?user=${encodeURIComponent(w.admin.login)}`)).body);
  assert.equal(sc.length, 1, 'header only');
});

test('staff have no login history page; logged-out visitors go to the login', async () => {
  const { client } = await staffLogin();
  assert.equal((await client.get('/history/')).status, 404);
  assert.equal((await client.get('/history/export.csv')).status, 404);
  const anon = await new Client().get('/history/export.csv?sort=user');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/auth\/login\?next=/);
});

// 25 events of the world's tenant written straight into the table (outside
// the chain: chain_seq NULL), at known times, with formula-like text.
let seededP;
function seeded() {
  seededP ??= (async () => {
    const w = await world();
    const tid = tenantId(w.t.no);
    const uid = w.user.id;
    const values = [];
    for (let i = 0; i < 25; i++) {
      // 2026-11-29 15:00 UTC + i hours: the first 24 are 11-30 in Tokyo, the last 12-01
      const at = new Date(Date.UTC(2026, 10, 29, 15 + i, 0, 0)).toISOString().slice(0, 19).replace('T', ' ');
      const event = ['login.ok', 'logout', 'case.view'][i % 3];
      const ua = ['+cmd', '-2+3', '@SUM(A1)', 'plain, "quoted"', '\tTabbed'][i % 5];
      values.push(`(${sqlString(at)}, ${tid}, ${uid}, ${sqlString(`seed${String(i).padStart(2, '0')}@h.example`)},`
        + ` ${sqlString(event)}, '192.0.2.${i}', ${sqlString(ua)})`);
    }
    dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent) VALUES ${values.join(',')}`);
    return w;
  })();
  return seededP;
}
const PERIOD = 'from=2026-11-30&to=2026-12-01';

test('filters, sort both ways and paging, all in the query string', async () => {
  const w = await seeded();
  const p1 = await w.adminC.get(`/history/?${PERIOD}`);
  assert.equal(p1.status, 200);
  assert.equal(count(p1.text), '1~20 件目 / 25 件');
  const times = listedTimes(p1.text);
  assert.equal(times[0], '2026-12-01 00:00:00', 'newest first, in Tokyo time');
  assert.deepEqual(times, [...times].sort().reverse());
  const next = decodeEntities(/href="([^"]+)" rel="next"/.exec(p1.text)[1]);
  assert.match(next, /from=2026-11-30&to=2026-12-01&sort=time&dir=desc&page=2/);
  const p2 = await w.adminC.get(next);
  assert.equal(count(p2.text), '21~25 件目 / 25 件');
  assert.equal(listedTimes(p2.text).at(-1), '2026-11-30 00:00:00');

  // one day in Tokyo: 15:00 UTC the day before … 14:59:59 UTC
  const day = await w.adminC.get('/history/?from=2026-11-30&to=2026-11-30');
  assert.equal(count(day.text), '1~20 件目 / 24 件');
  const dec1 = await w.adminC.get('/history/?from=2026-12-01&to=2026-12-01');
  assert.equal(count(dec1.text), '1~1 件目 / 1 件');
  assert.deepEqual(listedTimes(dec1.text), ['2026-12-01 00:00:00']);

  const byEvent = await w.adminC.get(`/history/?${PERIOD}&sort=event&dir=asc`);
  const ev = listedEvents(byEvent.text);
  assert.deepEqual(ev, [...ev].sort(), 'by event, ascending');
  assert.equal(ev[0], 'case.view');
  const byEventDesc = await w.adminC.get(`/history/?${PERIOD}&sort=event&dir=desc`);
  assert.equal(listedEvents(byEventDesc.text)[0], 'logout');

  const byUser = await w.adminC.get(`/history/?${PERIOD}&sort=user&dir=asc`);
  assert.equal(listedLogins(byUser.text)[0], 'seed00@h.example');
  const byUserDesc = await w.adminC.get(`/history/?${PERIOD}&sort=user&dir=desc`);
  assert.equal(listedLogins(byUserDesc.text)[0], 'seed24@h.example');

  const onlyLogout = await w.adminC.get(`/history/?${PERIOD}&event=logout`);
  assert.equal(count(onlyLogout.text), '1~8 件目 / 8 件');
  assert.deepEqual([...new Set(listedEvents(onlyLogout.text))], ['logout']);
  const oneUser = await w.adminC.get(`/history/?${PERIOD}&user=seed07%40h.example`);
  assert.equal(count(oneUser.text), '1~1 件目 / 1 件');
  // the export links carry the filter and the sort
  const links = [...onlyLogout.text.matchAll(/href="(\/history\/export\.[a-z]+\?[^"]*)"/g)].map((m) => decodeEntities(m[1]));
  assert.deepEqual(links, ['csv', 'xlsx', 'pdf'].map((ext) =>
    `/history/export.${ext}?event=logout&from=2026-11-30&to=2026-12-01&sort=time&dir=desc`));
  assert.match(onlyLogout.text, /<details class="export-menu"[\s\S]*<summary/, 'the ≡ menu is a <details> disclosure');
  // no download attribute: the file downloads by its Content-Disposition,
  // while an export that fails (busy, too many rows) shows its error page
  for (const a of onlyLogout.text.match(/<a href="\/history\/export\.[^>]*>/g)) {
    assert.doesNotMatch(a, /\sdownload\b/, a);
  }
});

test('bad filters get a clear message and no export', async () => {
  const w = await world();
  const cases = [
    ['from=1926-01-01&to=2026-01-01', '日付は2000年から2099年'],
    ['from=2000-01-01&to=2099-12-31', '期間は最長2年'],
    ['from=2026-12-01&to=2026-11-01', '終了日は開始日以降'],
    ['sort=password', '並べ替えの指定'],
    ['dir=sideways', '並べ替えの指定'],
    ['page=-1', 'ページは1以上'],
    ['page=0', 'ページは1以上'],
    ['from=2026-02-31', '日付は'],
    ['event=%3Cscript%3E', 'イベントの指定'],
  ];
  for (const [qs, msg] of cases) {
    for (const p of ['/history/', '/history/export.csv']) {
      const r = await w.adminC.get(`${p}?${qs}`);
      assert.equal(r.status, 400, `${p}?${qs}`);
      assert.match(r.headers.get('content-type'), /text\/html/, `${p}?${qs}: a page, not a file`);
      assert.ok(textById(r.text, 'list-error').includes(msg), `${p}?${qs}: ${textById(r.text, 'list-error')}`);
    }
  }
  assert.equal((await w.adminC.get('/history/export.exe')).status, 404);
});

test('CSV export: BOM, CRLF, RFC 4180, neutralised formulas, the page\'s rows, offline check', async () => {
  const w = await seeded();
  const { res, body } = await rawGet(w.adminC, `/history/export.csv?${PERIOD}&sort=user&dir=asc`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  const cd = res.headers.get('content-disposition');
  assert.match(cd, new RegExp(`^attachment; filename="login-history_${w.t.no}_20261130-20261201\\.csv"; filename\\*=UTF-8''`));
  assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), `ログイン履歴_${w.t.no}_20261130-20261201.csv`);
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM');
  const text = body.toString('utf8');
  assert.equal(text.split('\r\n').length - 1, 26, 'header + 25 rows, each ending CRLF');
  assert.ok(!/[^\r]\n/.test(text.replace(/"[^"]*"/g, '')), 'no bare LF outside quotes');

  const rows = pythonCsv(body);
  assert.deepEqual(rows[0].slice(0, 5), ['日時 (Asia/Tokyo)', 'イベント', 'ユーザーID', 'IPアドレス', 'ユーザーエージェント']);
  assert.equal(rows.length, 26);
  // the same rows as the page, in the same order
  const page = await w.adminC.get(`/history/?${PERIOD}&sort=user&dir=asc`);
  assert.deepEqual(rows.slice(1, 21).map((r) => r[2]), listedLogins(page.text));
  assert.deepEqual(rows.slice(1, 21).map((r) => r[0]), listedTimes(page.text));
  const first = rows[1];
  assert.deepEqual(first.slice(0, 4), ['2026-11-30 00:00:00', 'ログイン', 'seed00@h.example', '192.0.2.0']);
  // neutralised: + - @ TAB get a leading '; quotes and commas survive
  const uas = new Set(rows.slice(1).map((r) => r[4]));
  for (const v of ["'+cmd", "'-2+3", "'@SUM(A1)", 'plain, "quoted"', "'\tTabbed"]) assert.ok(uas.has(v), v);
  assert.equal(first[6], 'login.ok');
  assert.equal(first[5], '2026-11-29 15:00:00', 'UTC column');

  // the chained rows of the whole tenant verify offline
  const all = await rawGet(w.adminC, '/history/export.csv');
  const check = verifyCsvOffline(all.body);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const m = /(\d+) rows verified, \d+ links checked, (\d+) rows without chain/.exec(check.stdout);
  assert.ok(m && Number(m[1]) > 0 && Number(m[2]) >= 25, check.stdout);
  const allRows = pythonCsv(all.body);
  const formula = allRows.find((r) => r[4].startsWith("'=HYPERLINK"));
  assert.ok(formula, 'the admin\'s formula-like user agent, neutralised');
  // one changed cell is found offline
  const tampered = Buffer.from(all.body.toString('utf8').replace(w.user.login, `x${w.user.login}`));
  const bad = verifyCsvOffline(tampered);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /row hash does not match/);
});

test('a large tenant: the count goes ten pages ahead (「件以上」), deep pages read the right rows', async () => {
  const t = freshTenant('大量履歴株式会社');
  const u = createUser({ role: 'customer_admin', tenant: t.no });
  const tid = tenantId(t.no);
  // 500 events, one a minute, every fifth a logout; ids in time order
  dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent)
    SELECT '2026-10-01 00:00:00' + INTERVAL s.seq MINUTE, ${tid}, ${u.id},
      CONCAT('bulk', LPAD(s.seq, 3, '0'), '@h.example'), IF(s.seq MOD 5 = 0, 'logout', 'login.ok'),
      '192.0.2.1', 'Bulk/1.0' FROM seq_1_to_500 s`);
  const c = await loggedInAs(u);
  const period = 'from=2026-10-01&to=2026-10-01';
  const p1 = await c.get(`/history/?${period}`);
  assert.equal(count(p1.text), '1~20 件目 / 220 件 以上(期間を絞り込むか、エクスポートですべて取得できます)');
  assert.match(p1.text, /<span>1 \/ 11<\/span>/);
  assert.equal(listedLogins(p1.text)[0], 'bulk500@h.example');
  // the window moves with the page; from page 11 on (offset 200) the rows
  // come by the deferred join
  const p12 = await c.get(`/history/?${period}&page=12`);
  assert.equal(count(p12.text), '221~240 件目 / 440 件 以上(期間を絞り込むか、エクスポートですべて取得できます)');
  assert.deepEqual(listedLogins(p12.text),
    Array.from({ length: 20 }, (_, i) => `bulk${String(280 - i).padStart(3, '0')}@h.example`));
  const p15 = await c.get(`/history/?${period}&page=15`);
  assert.equal(count(p15.text), '281~300 件目 / 500 件');
  const last = await c.get(`/history/?${period}&page=99`);
  assert.equal(count(last.text), '481~500 件目 / 500 件');
  assert.equal(listedLogins(last.text).at(-1), 'bulk001@h.example');
  assert.ok(!/rel="next"/.test(last.text));
  // sorted by event, deep: the logouts (100) after the logins, both by time
  const byEvent = await c.get(`/history/?${period}&sort=event&dir=asc&page=21`);
  assert.equal(count(byEvent.text), '401~420 件目 / 500 件');
  assert.deepEqual(listedLogins(byEvent.text),
    Array.from({ length: 20 }, (_, i) => `bulk${String(5 * (i + 1)).padStart(3, '0')}@h.example`));
  const logouts = await c.get(`/history/?${period}&event=logout&page=3`);
  assert.equal(count(logouts.text), '41~60 件目 / 100 件');
});

test('every event joins its tenant\'s chain; verify-history names a row changed in the database', async () => {
  const t = freshTenant('改ざん検知株式会社');
  const tid = tenantId(t.no);
  const u = createUser({ role: 'customer_admin', tenant: t.no });
  const c = await loggedInAs(u);
  // the chain runs through both tables: security events in auth_events,
  // page views in page_views (chained when their worker writes them)
  const chained = () => dbRows(`SELECT id, chain_seq, HEX(prev_hash), HEX(row_hash), event, 'a' FROM auth_events
      WHERE user_id = ${u.id} AND chain_seq IS NOT NULL
    UNION ALL SELECT 0, chain_seq, HEX(prev_hash), HEX(row_hash), event, 'v' FROM page_views WHERE tenant_id = ${tid}
    ORDER BY 2`);
  await c.get('/history/');
  await until('the page view event', () => chained().length === 2);
  let rows = chained();
  assert.deepEqual(rows.map((r) => [r[4], r[1], r[5]]), [['login.ok', '1', 'a'], ['history.view', '2', 'v']]);
  assert.equal(rows[0][2], '0'.repeat(64), 'a new chain starts from zeros');
  assert.equal(rows[1][2], rows[0][3], 'linked');
  let v = verifyHistory(t.no);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /2 rows intact/);

  // a login, then a view after it: login (3), view (4)
  assert.ok(await loggedInAs(u));
  await c.get('/');
  await until('the dashboard view', () => chained().length === 4);
  rows = chained();
  assert.deepEqual(rows.map((r) => [r[4], r[1]]),
    [['login.ok', '1'], ['history.view', '2'], ['login.ok', '3'], ['dashboard.view', '4']]);
  assert.equal(rows[3][2], rows[2][3]);
  v = verifyHistory(t.no);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /4 rows intact/);

  const [id] = rows[0];
  const [[ip]] = dbRows(`SELECT ip FROM auth_events WHERE id = ${id}`);
  dbRows(`UPDATE auth_events SET ip = '198.51.100.66' WHERE id = ${id}`);
  try {
    v = verifyHistory(t.no);
    assert.equal(v.status, 1);
    assert.match(v.stdout, new RegExp(`BROKEN at auth_events id ${id} \\(seq 1\\): row hash does not match`));
  } finally {
    dbRows(`UPDATE auth_events SET ip = ${sqlString(ip)} WHERE id = ${id}`);
  }
  // a row taken out of the chain: the gap is named at the row after it
  dbRows(`UPDATE auth_events SET chain_id = 4000000000 WHERE id = ${rows[2][0]}`);
  try {
    v = verifyHistory(t.no);
    assert.equal(v.status, 1);
    assert.match(v.stdout, /BROKEN at page_views seq 4: rows missing before this one/);
  } finally {
    dbRows(`UPDATE auth_events SET chain_id = ${tid} WHERE id = ${rows[2][0]}`);
  }
  assert.equal(verifyHistory(t.no).status, 0);

  // a view written before page_views existed (an unchained auth_events row)
  // is sealed into the chain by verify-history, or the tenant's next event
  dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent, chain_id)
    VALUES (UTC_TIMESTAMP(), ${tid}, ${u.id}, ${sqlString(u.login)}, 'case.view', '192.0.2.7', 'old view', ${tid})`);
  v = verifyHistory(t.no);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /1 page views sealed/);
  assert.match(v.stdout, /5 rows intact/);
  assert.deepEqual(chained().map((r) => [r[4], r[1], r[5]]).slice(-1), [['case.view', '5', 'a']]);
});

test('page views are recorded after the page: dashboard.view, case.view', async () => {
  const w = await world();
  const before = Number(dbRows(`SELECT COUNT(*) FROM page_views WHERE user_id = ${w.user.id} AND event = 'dashboard.view'`)[0][0]);
  const home = await w.userC.get('/');
  assert.equal(home.status, 200);
  await until('dashboard.view', () => Number(dbRows(`SELECT COUNT(*) FROM page_views WHERE user_id = ${w.user.id} AND event = 'dashboard.view'`)[0][0]) === before + 1);
  const page = await w.userC.get('/history/?event=dashboard.view');
  assert.ok(page.text.includes('ダッシュボード表示'));
  // a page that failed is not a view
  const views = () => Number(dbRows(`SELECT COUNT(*) FROM page_views WHERE user_id = ${w.user.id} AND event = 'case.view'`)[0][0]);
  const seen = views();
  assert.equal((await w.userC.get('/cases/CS9999999')).status, 404);
  assert.equal((await w.userC.get('/')).status, 200);
  await until('the next dashboard.view', () => Number(dbRows(`SELECT COUNT(*) FROM page_views WHERE user_id = ${w.user.id} AND event = 'dashboard.view'`)[0][0]) === before + 2);
  assert.equal(views(), seen);
});

test('a client that goes away mid-export stops it; the program and the slot are free again', async () => {
  // the demo tenant has 100,000 events: far more than one read
  const admin = createUser({ role: 'customer_admin', tenant: TENANT_A.no });
  const c = await loggedInAs(admin);
  const ac = new AbortController();
  const res = await fetch(`${BASE}/history/export.csv`, { headers: { cookie: c.cookieHeader() }, signal: ac.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const { value } = await reader.read();
  assert.ok(value.length > 0);
  ac.abort();
  await reader.cancel().catch(() => {});
  // pages answer meanwhile
  for (let i = 0; i < 5; i++) assert.equal((await c.get('/history/?event=login.ok')).status, 200);
  // the slot comes back (one export per tenant at a time)
  let last;
  const deadline = Date.now() + 30000;
  for (;;) {
    last = await rawGet(c, '/history/export.csv?event=history.export');
    if (last.res.status === 200 || Date.now() > deadline) break;
    assert.equal(last.res.status, 503);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last.res.status, 200);
  // and no export query is left running on the server
  await until('no export statement left', () => dbRows("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SET STATEMENT max_statement_time = 300%'")[0][0] === '0', 20000);
});

test('exports beyond the tenant\'s slot wait: 503 with Retry-After', async () => {
  const w = await world();
  const tid = tenantId(w.t.no);
  // a running export of this tenant, as another worker would hold it
  dbRows(`UPDATE history_export_slots SET tenant_id = ${tid}, holder = x'00112233445566778899aabbccddeeff', lease_until = UTC_TIMESTAMP() + INTERVAL 1 DAY WHERE slot_no = 2`);
  try {
    const r = await w.adminC.get('/history/export.csv');
    assert.equal(r.status, 503);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.ok(r.text.includes('エクスポートが混み合っています'));
    // the page itself is not affected, nor other tenants' exports
    assert.equal((await w.adminC.get('/history/')).status, 200);
    assert.equal((await rawGet(w.strangerC, '/history/export.csv')).res.status, 200);
  } finally {
    dbRows("UPDATE history_export_slots SET tenant_id = NULL, holder = NULL, lease_until = '2000-01-01' WHERE slot_no = 2");
  }
  assert.equal((await rawGet(w.adminC, '/history/export.csv')).res.status, 200);
});

/** FastCGI: one name-value pair, one record of request 1. */
function fcgiNameValue(name, value) {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const len = (x) => (x.length < 128 ? Buffer.from([x.length])
    : Buffer.from([0x80 | (x.length >>> 24), (x.length >>> 16) & 0xff, (x.length >>> 8) & 0xff, x.length & 0xff]));
  return Buffer.concat([len(n), len(v), n, v]);
}
function fcgiRecord(type, content) {
  const pad = (8 - (content.length % 8)) % 8;
  return Buffer.concat([Buffer.from([1, type, 0, 1, content.length >> 8, content.length & 0xff, pad, 0]), content, Buffer.alloc(pad)]);
}

test('a client that stops reading cannot hold an export past its time: it stops, its slot is free', async () => {
  // the demo tenant's 100,000 events: megabytes, far more than the sockets hold
  const admin = createUser({ role: 'customer_admin', tenant: TENANT_A.no });
  const session = (await loggedInAs(admin)).jar.get('mm_session');
  const tid = tenantId(TENANT_A.no);
  const held = () => Number(dbRows(`SELECT COUNT(*) FROM history_export_slots WHERE tenant_id = ${tid}`)[0][0]);
  await until('no export of the tenant running', () => held() === 0);
  const inst = await privatePrograms(['history'], ['History.ExportSeconds = 2']);
  const conn = net.createConnection(inst.sockets['/history/']);
  try {
    const env = {
      REQUEST_METHOD: 'GET', DOCUMENT_URI: '/history/export.csv', QUERY_STRING: '', SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1', REMOTE_ADDR: '192.0.2.80', HTTP_HOST: 'localhost', HTTP_COOKIE: `mm_session=${session}`,
    };
    const params = Buffer.concat(Object.entries(env).map(([k, v]) => fcgiNameValue(k, v)));
    await new Promise((resolve, reject) => { conn.once('connect', resolve); conn.once('error', reject); });
    conn.on('error', () => {});
    conn.write(Buffer.concat([fcgiRecord(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), fcgiRecord(4, params),
      fcgiRecord(4, Buffer.alloc(0)), fcgiRecord(5, Buffer.alloc(0))]));
    // the client reads the first bytes, then nothing more
    let received = 0;
    const first = new Promise((resolve) => conn.once('data', (d) => { received += d.length; resolve(); }));
    await first;
    conn.pause();
    const t0 = Date.now();
    await until('the export held', () => held() === 1, 5000).catch(() => {});
    await until('the export stopped at its time', () => /history export stopped after \d+ rows \(its time was up\)/.test(inst.procs.history.log()), 10000);
    assert.ok(Date.now() - t0 < 6000, `stopped within its time and a second (${Date.now() - t0} ms)`);
    await until('its slot released', () => held() === 0, 5000);
    // the worker (the instance's only one) answers again, the client still connected
    const c = new FcgiClient({ '/history/': inst.sockets['/history/'] });
    c.jar.set('mm_session', session);
    assert.equal(c.get('/history/?event=login.ok').status, 200);
    // and a client that reads gets its whole export in time
    assert.equal(c.get('/history/export.csv?event=login.ok&from=2026-11-30&to=2026-12-01').status, 200);
    assert.ok(received > 0);
  } finally {
    conn.destroy();
    await inst.stop();
  }
});

/** The cells of the first sheet of an .xlsx file as openpyxl reads them
 * (dates as "YYYY-MM-DD HH:MM:SS"). */
function pythonXlsx(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-hist-'));
  try {
    const file = path.join(dir, 'export.xlsx');
    writeFileSync(file, buf);
    // Debian's interpreter, which python3-openpyxl belongs to (a python3
    // earlier in PATH may lack it)
    const out = execFileSync('/usr/bin/python3', ['-c',
      'import datetime, json, sys, openpyxl\n'
      + 'wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n'
      + 'ws = wb.worksheets[0]\n'
      + 'def cell(v):\n'
      + '    if isinstance(v, datetime.datetime):\n'
      + '        v = (v + datetime.timedelta(microseconds=500000)).replace(microsecond=0)\n'
      + '        return "D:" + v.strftime("%Y-%m-%d %H:%M:%S")\n'
      + '    return v\n'
      + 'print(json.dumps([[cell(v) for v in r] for r in ws.iter_rows(values_only=True)]))', file],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an Excel export of more rows than a sheet holds is refused up front with a message; CSV still works', async () => {
  const w = await seeded();
  // Excel's limit lowered to 24 rows: the 25 rows of PERIOD are one too many
  const inst = await privatePrograms(['history'], ['History.XlsxMaxRows = 24']);
  try {
    const c = new FcgiClient({ '/history/': inst.sockets['/history/'] });
    c.jar.set('mm_session', w.adminC.jar.get('mm_session'));
    const slotsBefore = dbRows('SELECT slot_no, holder IS NULL FROM history_export_slots ORDER BY slot_no').join(';');
    const refused = c.get(`/history/export.xlsx?${PERIOD}`);
    assert.equal(refused.status, 400);
    assert.match(refused.header('content-type'), /^text\/html/);
    assert.equal(refused.header('content-disposition'), null, 'no file');
    assert.ok(refused.text.includes('Excel形式ではエクスポートできません。期間を短くするか、CSV形式でエクスポートしてください。'), refused.text.slice(0, 400));
    assert.equal(dbRows('SELECT slot_no, holder IS NULL FROM history_export_slots ORDER BY slot_no').join(';'), slotsBefore,
      'no slot claimed');
    // the limit itself is fine, and CSV has none
    const day = c.get('/history/export.xlsx?from=2026-11-30&to=2026-11-30');
    assert.equal(day.status, 200);
    assert.match(day.header('content-type'), /spreadsheetml\.sheet/);
    const csv = c.get(`/history/export.csv?${PERIOD}`);
    assert.equal(csv.status, 200);
    // in English too
    const en = createUser({ role: 'customer_admin', tenant: w.t.no, lang: 'en' });
    const enC = await loggedInAs(en);
    c.jar.set('mm_session', enC.jar.get('mm_session'));
    const enRefused = c.get(`/history/export.xlsx?${PERIOD}`);
    assert.equal(enRefused.status, 400);
    assert.ok(enRefused.text.includes('Choose a shorter period or export as CSV.'), enRefused.text.slice(0, 400));
  } finally {
    await inst.stop();
  }
});

/** pdftotext's text and pdfinfo's page count of a PDF. */
function pdfText(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-hist-'));
  try {
    const file = path.join(dir, 'export.pdf');
    writeFileSync(file, buf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Excel and PDF exports of the same filter: openpyxl and pdftotext read the page\'s rows back', async () => {
  const w = await seeded();
  const q = `${PERIOD}&sort=user&dir=asc`;
  const csv = pythonCsv((await rawGet(w.adminC, `/history/export.csv?${q}`)).body);

  const x = await rawGet(w.adminC, `/history/export.xlsx?${q}`);
  assert.equal(x.res.status, 200);
  assert.match(x.res.headers.get('content-type'), /spreadsheetml\.sheet/);
  assert.match(x.res.headers.get('content-disposition'), new RegExp(`^attachment; filename="login-history_${w.t.no}_20261130-20261201\\.xlsx"`));
  const sheet = pythonXlsx(x.body);
  assert.equal(sheet.length, csv.length, 'header + the same rows as the CSV');
  assert.deepEqual(sheet[0].slice(0, 5), csv[0].slice(0, 5));
  for (let i = 1; i < csv.length; i++) {
    assert.equal(sheet[i][0], `D:${csv[i][0]}`, `row ${i}: a typed date cell with the CSV's local time`);
    assert.deepEqual(sheet[i].slice(1, 4), csv[i].slice(1, 4), `row ${i}`);
  }

  const p = await rawGet(w.adminC, `/history/export.pdf?${q}`);
  assert.equal(p.res.status, 200);
  assert.equal(p.res.headers.get('content-type'), 'application/pdf');
  const pdf = pdfText(p.body);
  assert.equal(pdf.pages, Math.ceil((csv.length - 1) / 41), 'pages of 41 rows');
  assert.match(pdf.text, /ログイン履歴/);
  assert.ok(pdf.text.includes(w.t.no), 'tenant in the header');
  for (const r of csv.slice(1)) assert.ok(pdf.text.includes(r[2]), `user ID ${r[2]} in the PDF`);
  assert.match(pdf.text, /1 \/ 1/);
});

test('exports name the viewer\'s time zone: CSV and Excel in the time column, PDF on the period line', async () => {
  const w = await seeded();
  const q = `${PERIOD}&sort=user&dir=asc`;
  // a Tokyo admin (the default zone), in Japanese
  const tokyoPdf = pdfText((await rawGet(w.adminC, `/history/export.pdf?${q}`)).body);
  assert.match(tokyoPdf.text, /タイムゾーン: Asia\/Tokyo/);

  // an admin of the same tenant in London, in English
  const london = createUser({ role: 'customer_admin', tenant: w.t.no, name: 'London admin', lang: 'en' });
  dbRows(`UPDATE users SET time_zone = 'Europe/London' WHERE id = ${london.id}`);
  const c = await loggedInAs(london);
  const csv = pythonCsv((await rawGet(c, `/history/export.csv?${q}`)).body);
  assert.deepEqual(csv[0].slice(0, 2), ['Time (Europe/London)', 'Event']);
  const seededRows = csv.slice(1).filter((r) => /^seed\d\d@h\.example$/.test(r[2]));
  assert.ok(seededRows.length > 0);
  // in November London is on UTC: the named zone is the one the times are in
  for (const r of seededRows) assert.equal(r[0], r[5], `${r[2]}: local time in Europe/London`);

  const sheet = pythonXlsx((await rawGet(c, `/history/export.xlsx?${q}`)).body);
  assert.equal(sheet[0][0], 'Time (Europe/London)');
  // the page names the same zone
  assert.equal(textById((await c.get(`/history/?${q}`)).text, 'history-zone'), 'Time zone: Europe/London');

  const pdf = pdfText((await rawGet(c, `/history/export.pdf?${q}`)).body);
  assert.match(pdf.text, /Time zone: Europe\/London/);
  assert.doesNotMatch(pdf.text, /Asia\/Tokyo/);
});

test('the PDF gives the event names and the time column\'s head (with its zone) their whole width', async () => {
  const w = await seeded();
  const tid = tenantId(w.t.no);
  const long = {
    'login.temp_expired': 'Sign-in refused (temporary password expired)',
    'mfa.ok': '2-step verification passed',
    'mfa.enrol_failed': '2-step verification setup failed',
    'password.reset_limited': 'Password reset mail limit reached',
  };
  const values = Object.keys(long).map((event, i) => `('2026-10-10 1${i}:00:00', ${tid}, ${w.user.id}, `
    + `'wide${i}@h.example', ${sqlString(event)}, '2001:db8:ffff:ffff:ffff:ffff:ffff:${i}', 'Mozilla/5.0 (X11; Linux x86_64)')`);
  dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent) VALUES ${values.join(',')}`);
  const ny = createUser({ role: 'customer_admin', tenant: w.t.no, name: 'New York admin', lang: 'en' });
  dbRows(`UPDATE users SET time_zone = 'America/New_York' WHERE id = ${ny.id}`);
  const c = await loggedInAs(ny);
  const pdf = pdfText((await rawGet(c, '/history/export.pdf?from=2026-10-10&to=2026-10-10')).body);
  assert.ok(pdf.text.includes('Time (America/New_York)'), pdf.text);
  for (const [event, name] of Object.entries(long)) assert.ok(pdf.text.includes(name), `${event}: "${name}" whole in ${pdf.text}`);
  for (let i = 0; i < 4; i++) assert.ok(pdf.text.includes(`2001:db8:ffff:ffff:ffff:ffff:ffff:${i}`), 'the IP address whole');
});

test('the demo history has events only of users who can log in (not of one without a password, nor a disabled one)', () => {
  const demoEvents = (login) => Number(dbRows(`SELECT COUNT(*) FROM auth_events
    WHERE login_id = ${sqlString(login)} AND ip LIKE '203.0.113.%'`)[0][0]);
  assert.equal(demoEvents('invited-b@example.com'), 0, 'no password yet');
  assert.equal(demoEvents('former-a@example.com'), 0, 'disabled');
  assert.ok(demoEvents('user-b@example.com') > 1000, 'the users who can log in have theirs');
});

