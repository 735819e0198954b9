// The login history page against a direct computation (HIST-1): for many
// filter / sort / page combinations the count text and the rows shown (time,
// event, user ID, in order) equal what one SQL statement over both tables
// (auth_events and page_views, ties of one second: security events first,
// then by id or chain seq) gives. The tenant's chain holds 600 rows of both
// tables, so the whole history's count is taken from the chain's last seqs;
// tenants whose last seqs are missing (purged, short) are counted row by row
// and show the exact number.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, dbRows, sqlString, textById, decodeEntities,
} from '../lib/http.mjs';
import { freshTenant } from '../lib/cases.mjs';

const listedLogins = (html) => [...html.matchAll(/<td class="login-id">([^<]*)<\/td>/g)].map((m) => decodeEntities(m[1]));
const listedEvents = (html) => [...html.matchAll(/<span title="([^"]*)">/g)].map((m) => m[1]);
const listedTimes = (html) => [...html.matchAll(/<td class="nowrap">(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)<\/td>/g)].map((m) => m[1]);
const count = (html) => textById(html, 'list-count');
const tenantId = (no) => Number(dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(no)}`)[0][0]);
const CAPPED = ' 以上(期間を絞り込むか、エクスポートですべて取得できます)';
const EMPTY = '該当する記録はありません。';
const HASH = "REPEAT(x'ab', 32)";
const LOW = '00-seed@h.example';
const HIGH = 'zz-seed@h.example';

/**
 * Rows seq from..to of a tenant's chain, one every half second from
 * 2030-01-01 UTC (two rows share each second): every third in auth_events
 * (logout / mfa.ok), the others in page_views (case.view / dashboard.view);
 * every fourth row is the customer user's, the others of two seeded IDs.
 * Later than anything the test's own logins and page views write, so the
 * newest rows of the history are these.
 */
function seed(tid, user, from, to) {
  const who = (s) => `IF(${s} MOD 4 = 0, ${user.id}, ${user.id + 100000})`;
  const login = (s) => `IF(${s} MOD 4 = 0, ${sqlString(user.login)}, IF(${s} MOD 4 = 1, '${HIGH}', '${LOW}'))`;
  const at = (s) => `'2030-01-01 00:00:00' + INTERVAL FLOOR(${s} / 2) SECOND`;
  dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent,
      chain_id, chain_seq, prev_hash, row_hash)
    SELECT ${at('s.seq')}, ${tid}, ${who('s.seq')}, ${login('s.seq')}, IF(s.seq MOD 2 = 0, 'logout', 'mfa.ok'),
      CONCAT('192.0.2.', s.seq MOD 250), 'Seed/1.0', ${tid}, s.seq, ${HASH}, ${HASH}
    FROM seq_${from}_to_${to} s WHERE s.seq MOD 3 = 0`);
  dbRows(`INSERT INTO page_views (tenant_id, chain_seq, occurred_at, user_id, login_id, event, ip, user_agent,
      prev_hash, row_hash)
    SELECT ${tid}, s.seq, ${at('s.seq')}, ${who('s.seq')}, ${login('s.seq')}, IF(s.seq MOD 3 = 1, 'case.view', 'dashboard.view'),
      CONCAT('198.51.100.', s.seq MOD 250), 'Seed/1.0', ${HASH}, ${HASH}
    FROM seq_${from}_to_${to} s WHERE s.seq MOD 3 <> 0`);
  dbRows(`INSERT INTO history_chains (chain_id, seq, head_hash, updated_at) VALUES (${tid}, ${to}, ${HASH}, UTC_TIMESTAMP())
    ON DUPLICATE KEY UPDATE seq = ${to}`);
}

const ORDERS = {
  time: ['occurred_at', 'src', 'k'],
  event: ['event', 'occurred_at', 'src', 'k'],
  user: ['login_id', 'occurred_at', 'src', 'k'],
};

/** What the page should show for query string qs, computed over both tables. */
function expected(tid, qs, { ownUserId = 0 } = {}) {
  const p = new URLSearchParams(qs);
  const where = [`e.tenant_id = ${tid}`];
  if (ownUserId) where.push(`e.user_id = ${ownUserId}`);
  if (p.get('event')) where.push(`e.event = ${sqlString(p.get('event'))}`);
  if (p.get('user') && !ownUserId) where.push(`e.login_id = ${sqlString(p.get('user'))}`);
  // a day in Tokyo (UTC+9, no summer time)
  if (p.get('from')) where.push(`e.occurred_at >= ${sqlString(p.get('from'))} - INTERVAL 9 HOUR`);
  if (p.get('to')) where.push(`e.occurred_at < ${sqlString(p.get('to'))} + INTERVAL 15 HOUR`);
  const sort = p.get('sort') || 'time';
  const desc = (p.get('dir') || (sort === 'time' ? 'desc' : 'asc')) === 'desc';
  const order = ORDERS[sort].map((c) => c + (desc ? ' DESC' : '')).join(', ');
  const page = Number(p.get('page') || 1);
  const w = where.join(' AND ');
  const union = `SELECT occurred_at, 0 AS src, id AS k, event, login_id FROM auth_events e WHERE ${w}
    UNION ALL SELECT occurred_at, 1, chain_seq, event, login_id FROM page_views e WHERE ${w}`;
  const total = Number(dbRows(`SELECT COUNT(*) FROM (${union}) u`)[0][0]);
  const rows = dbRows(`SELECT DATE_FORMAT(occurred_at + INTERVAL 9 HOUR, '%Y-%m-%d %H:%i:%s'), event, login_id
    FROM (${union}) u ORDER BY ${order} LIMIT 20 OFFSET ${(page - 1) * 20}`);
  const window = (page + 10) * 20;
  const shown = Math.min(total, window);
  const text = total === 0 ? EMPTY : `${(page - 1) * 20 + 1}~${(page - 1) * 20 + rows.length} 件目 / ${shown} 件${total > window ? CAPPED : ''}`;
  return { text, times: rows.map((r) => r[0]), events: rows.map((r) => r[1]), logins: rows.map((r) => r[2]) };
}

/**
 * The page of qs equals the computation. With own (a customer user's own
 * history, unfiltered) the user's own page views of this test arrive
 * while it runs: the count shown lies between the counts before and after
 * the request.
 */
async function same(client, tid, qs, opts = {}) {
  const before = expected(tid, qs, opts);
  const page = await client.get(`/history/?${qs}`);
  assert.equal(page.status, 200, qs);
  const want = expected(tid, qs, opts);
  if (opts.arriving) {
    const n = (text) => Number(/\/ (\d+) 件/.exec(text)?.[1]);
    const shown = n(count(page.text));
    assert.ok(shown >= n(before.text) && shown <= n(want.text), `${qs}: ${count(page.text)}: ${before.text} … ${want.text}`);
  } else {
    assert.equal(count(page.text), want.text, `${qs}: count`);
  }
  assert.deepEqual(listedTimes(page.text), want.times, `${qs}: times`);
  assert.deepEqual(listedEvents(page.text), want.events, `${qs}: events`);
  assert.deepEqual(listedLogins(page.text), want.logins, `${qs}: user IDs`);
}

let worldP;
function world() {
  worldP ??= (async () => {
    const t = freshTenant('履歴照合株式会社');
    const tid = tenantId(t.no);
    const admin = createUser({ role: 'customer_admin', tenant: t.no });
    const user = createUser({ role: 'customer_user', tenant: t.no });
    seed(tid, user, 1, 600);
    const adminC = new Client();
    await adminC.loginOk(admin);
    const userC = new Client();
    await userC.loginOk(user);
    return { t, tid, admin, user, adminC, userC };
  })();
  return worldP;
}

test('an admin\'s pages equal the direct computation over both tables: filters, sorts both ways, pages', async () => {
  const w = await world();
  const DAY = 'from=2030-01-01&to=2030-01-01';
  // Only combinations whose rows are all seeded: the test's own logins and
  // page views (2026, event login.ok / history.view / dashboard.view, the
  // admin's user ID) fall outside every page compared here.
  const cases = [
    '', 'page=2', 'page=13',
    `${DAY}&sort=time&dir=asc`, `${DAY}&sort=time&dir=asc&page=3`, `${DAY}&sort=time&dir=asc&page=30`, `${DAY}&page=17`,
    'sort=event&dir=asc', 'sort=event&dir=asc&page=4', 'sort=event&dir=desc', 'sort=event&dir=desc&page=3',
    `${DAY}&sort=event&dir=desc&page=2`, `${DAY}&sort=event&dir=asc&page=30`,
    'sort=user&dir=asc', 'sort=user&dir=asc&page=2', 'sort=user&dir=asc&page=10', 'sort=user&dir=desc', 'sort=user&dir=desc&page=5',
    `${DAY}&sort=user&dir=desc&page=26`,
    'event=logout', 'event=logout&page=3', 'event=logout&page=5', 'event=logout&sort=user&dir=desc&page=2',
    'event=case.view&sort=event&dir=asc&page=2', `${DAY}&event=case.view&sort=user&dir=asc`, `${DAY}&event=case.view&sort=user&dir=asc&page=2`,
    `user=${encodeURIComponent(w.user.login)}`, `user=${encodeURIComponent(w.user.login)}&sort=event&dir=desc&page=4`,
    `user=${encodeURIComponent(HIGH)}&event=mfa.ok`, `user=${encodeURIComponent(HIGH)}&event=mfa.ok&sort=user&dir=asc`,
    `user=${encodeURIComponent(LOW)}&sort=time&dir=asc&${DAY}&page=8`,
    'event=password.change',
  ];
  for (const qs of cases) await same(w.adminC, w.tid, qs);
});

test('a customer user\'s own pages equal the direct computation', async () => {
  const w = await world();
  const own = { ownUserId: w.user.id };
  // the user's own login and page views are of 2026: the newest rows are
  // the seeded ones, and a period of 2030 holds only those
  for (const qs of ['', 'page=2', 'sort=event&dir=desc']) await same(w.userC, w.tid, qs, { ...own, arriving: true });
  for (const qs of ['event=logout', 'event=case.view&sort=event&dir=desc&page=2',
    'from=2030-01-01&to=2030-01-01&sort=time&dir=asc', 'from=2030-01-01&to=2030-01-01&sort=time&dir=asc&page=8',
    'from=2030-01-01&to=2030-01-01&sort=event&dir=asc&page=3',
    `user=${encodeURIComponent(LOW)}&from=2030-01-01&to=2030-01-01`]) {
    await same(w.userC, w.tid, qs, own);
  }
  // what another user of the tenant did is not the user's
  const page = await w.userC.get('/history/?from=2030-01-01&to=2030-01-01');
  assert.deepEqual([...new Set(listedLogins(page.text))], [w.user.login]);
});

test('a tenant whose last chain seqs are missing is counted row by row: exact below the window, capped above', async () => {
  // The whole history's count: sandwiched between the rows before and
  // after the request (the viewer's own page views arrive in between).
  const rowsOf = (tid) => Number(dbRows(`SELECT (SELECT COUNT(*) FROM auth_events WHERE tenant_id = ${tid})
    + (SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tid})`)[0][0]);
  async function wholeCount(tid, admin) {
    const c = new Client();
    await c.loginOk(admin);
    const before = rowsOf(tid);
    const page = await c.get('/history/');
    assert.equal(page.status, 200);
    const after = rowsOf(tid);
    return { text: count(page.text), before, after };
  }
  // 150 rows: the chain's last 221 seqs cannot all be there
  const short = freshTenant('短履歴株式会社');
  const sid = tenantId(short.no);
  const sa = createUser({ role: 'customer_admin', tenant: short.no });
  seed(sid, createUser({ role: 'customer_user', tenant: short.no }), 1, 150);
  const s = await wholeCount(sid, sa);
  const m = /^1~20 件目 \/ (\d+) 件$/.exec(s.text);
  assert.ok(m, s.text);
  assert.ok(Number(m[1]) >= s.before && Number(m[1]) <= s.after, `${s.text}: ${s.before}…${s.after}`);

  // seqs 1…300 of which the oldest 250 purged: 50 rows left under a head of 300
  const purged = freshTenant('削除済履歴株式会社');
  const pid = tenantId(purged.no);
  const pa = createUser({ role: 'customer_admin', tenant: purged.no });
  seed(pid, createUser({ role: 'customer_user', tenant: purged.no }), 1, 300);
  dbRows(`DELETE FROM auth_events WHERE tenant_id = ${pid} AND chain_seq <= 250`);
  dbRows(`DELETE FROM page_views WHERE tenant_id = ${pid} AND chain_seq <= 250`);
  const p = await wholeCount(pid, pa);
  const n = /^1~20 件目 \/ (\d+) 件$/.exec(p.text);
  assert.ok(n, p.text);
  assert.ok(Number(n[1]) >= p.before && Number(n[1]) <= p.after && p.after < 100, `${p.text}: ${p.before}…${p.after}`);

  // 300 rows with ten of the last seqs gone: still more than the window
  const gap = freshTenant('欠番履歴株式会社');
  const gid = tenantId(gap.no);
  const ga = createUser({ role: 'customer_admin', tenant: gap.no });
  seed(gid, createUser({ role: 'customer_user', tenant: gap.no }), 1, 300);
  dbRows(`DELETE FROM page_views WHERE tenant_id = ${gid} AND chain_seq BETWEEN 290 AND 299`);
  dbRows(`DELETE FROM auth_events WHERE tenant_id = ${gid} AND chain_seq BETWEEN 290 AND 299`);
  const g = await wholeCount(gid, ga);
  assert.equal(g.text, `1~20 件目 / 220 件${CAPPED}`);
});
