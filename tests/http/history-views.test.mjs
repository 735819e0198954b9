// Page views in their own table (AUTH-11, HIST-1 … HIST-3, sql/034): a view
// is chained when its worker writes it into page_views, and everything that
// reads the login history reads both tables: the page (count, filters,
// sorts, a customer user's own rows), the three exports in time order,
// verify-history (tampering with a page_views row is named), purge by age
// (tests/http/purge.test.mjs). Two workers flushing views of one tenant
// while its users log in leave one gapless chain; a killed worker loses at
// most its buffer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BASE, Client, CONFIG, ADMIN, createUser, dbRows, sqlString, decodeEntities, textById,
} from '../lib/http.mjs';
import { freshTenant } from '../lib/cases.mjs';
import { until } from '../lib/poll.mjs';
import { privatePrograms, FcgiClient, workerPid, waitFor } from '../lib/private.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const tenantId = (no) => Number(dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(no)}`)[0][0]);
const num = (sqlText) => Number(dbRows(sqlText)[0][0]);

function verifyHistory(no) {
  return spawnSync(ADMIN, ['--config', CONFIG, 'verify-history', '--tenant', no], { encoding: 'utf8' });
}

/** Every row of a tenant's chain in both tables: [seq, table, event], in seq order. */
function chainOf(tid) {
  return dbRows(`SELECT chain_seq, 'a', event FROM auth_events WHERE chain_id = ${tid} AND chain_seq IS NOT NULL
    UNION ALL SELECT chain_seq, 'v', event FROM page_views WHERE tenant_id = ${tid} ORDER BY 1`)
    .map(([seq, t, e]) => [Number(seq), t, e]);
}

/** The tenant's history as the page orders it by time, newest first: events. */
function historyOf(tid, where = '') {
  return dbRows(`(SELECT occurred_at, 0 AS src, id AS k, event FROM auth_events e WHERE tenant_id = ${tid} ${where})
    UNION ALL (SELECT occurred_at, 1, chain_seq, event FROM page_views e WHERE tenant_id = ${tid} ${where})
    ORDER BY occurred_at DESC, src DESC, k DESC`).map((r) => r[3]);
}

// The admin's own history pages and exports become rows too, written a
// moment later (a view waits in its worker's buffer): left out of the
// comparisons on both sides.
const ADMIN_OWN = new Set(['history.view', 'history.export']);
const notAdminOwn = (admin) => `AND NOT (login_id = ${sqlString(admin.login)} AND event IN ('history.view', 'history.export'))`;
function pageEvents(html, admin) {
  const ev = listedEvents(html);
  const ls = listedLogins(html);
  return ev.filter((e, i) => !(ls[i] === admin.login && ADMIN_OWN.has(e)));
}

const listedEvents = (html) => [...html.matchAll(/<span title="([^"]*)">/g)].map((m) => m[1]);
const listedLogins = (html) => [...html.matchAll(/<td class="login-id">([^<]*)<\/td>/g)].map((m) => decodeEntities(m[1]));

async function rawGet(client, p) {
  const res = await fetch(BASE + p, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

function python(args, buf, name) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-views-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, buf);
    return spawnSync('/usr/bin/python3', [...args, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const csvRows = (buf) => JSON.parse(python(['-c',
  'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n'
  + '    print(json.dumps(list(csv.reader(f))))'], buf, 'x.csv').stdout);
const xlsxRows = (buf) => JSON.parse(python(['-c',
  'import json, sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]\n'
  + 'print(json.dumps([[str(v) for v in r] for r in ws.iter_rows(values_only=True)]))'], buf, 'x.xlsx').stdout);
function pdfText(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-views-'));
  try {
    writeFileSync(path.join(dir, 'x.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'x.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A tenant whose admin and user logged in and looked at pages.
let worldP;
function world() {
  worldP ??= (async () => {
    const t = freshTenant('閲覧記録株式会社');
    const tid = tenantId(t.no);
    const admin = createUser({ role: 'customer_admin', tenant: t.no, name: '閲覧 管理者' });
    const user = createUser({ role: 'customer_user', tenant: t.no, name: '閲覧 一般' });
    const adminC = new Client();
    await adminC.loginOk(admin);
    const userC = new Client();
    await userC.loginOk(user);
    assert.equal((await adminC.get('/')).status, 200);
    assert.equal((await userC.get('/')).status, 200);
    assert.equal((await userC.get('/history/')).status, 200);
    await until('three views in page_views', () => num(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tid}`) === 3);
    // a security event after the views
    const again = new Client();
    await again.loginOk(admin);
    return { t, tid, admin, user, adminC, userC };
  })();
  return worldP;
}

test('a view is written chained into page_views, never into auth_events; the chain runs across both tables', async () => {
  const w = await world();
  assert.equal(num(`SELECT COUNT(*) FROM auth_events WHERE tenant_id = ${w.tid} AND event LIKE '%.view'`), 0);
  const chain = chainOf(w.tid);
  assert.deepEqual(chain.map((r) => r[0]), chain.map((_, i) => i + 1), 'seqs 1…N without gaps');
  assert.deepEqual(chain.filter((r) => r[1] === 'v').map((r) => r[2]).sort(),
    ['dashboard.view', 'dashboard.view', 'history.view']);
  assert.deepEqual(chain.at(-1).slice(1), ['a', 'login.ok'], 'the last login after the views');
  // each view links to the row before it, whichever table that is in
  const links = dbRows(`SELECT v.chain_seq, HEX(v.prev_hash), (SELECT HEX(row_hash) FROM auth_events
      WHERE chain_id = v.tenant_id AND chain_seq = v.chain_seq - 1
      UNION ALL SELECT HEX(row_hash) FROM page_views WHERE tenant_id = v.tenant_id AND chain_seq = v.chain_seq - 1)
    FROM page_views v WHERE v.tenant_id = ${w.tid}`);
  for (const [seq, prev, before] of links) assert.equal(prev, before, `view seq ${seq} linked`);
  const [[headSeq]] = dbRows(`SELECT seq FROM history_chains WHERE chain_id = ${w.tid}`);
  assert.equal(Number(headSeq), chain.length, 'the head is the last row');
  const v = verifyHistory(w.t.no);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`${chain.length} rows intact`));
});

test('views show in the page among security events: count, order, filters, sorts, a user\'s own rows', async () => {
  const w = await world();
  const all = historyOf(w.tid, notAdminOwn(w.admin));
  const page = await w.adminC.get('/history/');
  assert.equal(page.status, 200);
  const [total] = textById(page.text, 'list-count').match(/\d+(?= 件)/g).slice(-1);
  assert.equal(Number(total), listedEvents(page.text).length, 'the count of both tables');
  assert.deepEqual(pageEvents(page.text, w.admin), all, 'newest first, views among logins');
  const asc = await w.adminC.get('/history/?sort=time&dir=asc');
  assert.deepEqual(pageEvents(asc.text, w.admin), [...all].reverse());

  const views = await w.adminC.get('/history/?event=dashboard.view');
  assert.deepEqual(listedEvents(views.text), ['dashboard.view', 'dashboard.view']);
  assert.ok(views.text.includes('ダッシュボード表示'));
  const logins = await w.adminC.get('/history/?event=login.ok');
  assert.ok(listedEvents(logins.text).length >= 3 && listedEvents(logins.text).every((e) => e === 'login.ok'));

  const byUser = await w.adminC.get(`/history/?user=${encodeURIComponent(w.user.login)}`);
  assert.deepEqual(listedEvents(byUser.text), historyOf(w.tid, `AND login_id = ${sqlString(w.user.login)}`));
  assert.ok(listedEvents(byUser.text).includes('history.view'));
  assert.deepEqual(new Set(listedLogins(byUser.text)), new Set([w.user.login]));

  const byEvent = await w.adminC.get('/history/?sort=event&dir=asc');
  const events = pageEvents(byEvent.text, w.admin);
  assert.deepEqual(events, [...events].sort(), 'sorted by event code');
  assert.deepEqual(events, [...all].sort());
  const byLogin = await w.adminC.get('/history/?sort=user&dir=desc');
  const ls = listedLogins(byLogin.text);
  assert.deepEqual(ls, [...ls].sort().reverse());

  // a customer user: their own rows only, views included (this page's own
  // view is written after it)
  const ownWant = historyOf(w.tid, `AND user_id = ${w.user.id}`);
  const own = await w.userC.get('/history/');
  assert.deepEqual(listedEvents(own.text), ownWant);
  assert.deepEqual(new Set(listedLogins(own.text)), new Set([w.user.login]));
  const ownViews = await w.userC.get('/history/?event=dashboard.view');
  assert.deepEqual(listedEvents(ownViews.text), ['dashboard.view']);
  // another tenant sees none of them
  const other = freshTenant('無関係株式会社');
  const stranger = createUser({ role: 'customer_admin', tenant: other.no });
  const sc = new Client();
  await sc.loginOk(stranger);
  const theirs = await sc.get('/history/');
  assert.ok(!listedLogins(theirs.text).includes(w.user.login));
});

test('CSV, Excel and PDF exports: both tables in time order, the CSV verifies offline', async () => {
  const w = await world();
  // the user's four pages (two here, two in the test before) are written
  await until('the user\'s views', () => num(`SELECT COUNT(*) FROM page_views WHERE user_id = ${w.user.id}`) === 4);
  const all = historyOf(w.tid, notAdminOwn(w.admin));
  for (const dir of ['asc', 'desc']) {
    const { res, body } = await rawGet(w.adminC, `/history/export.csv?sort=time&dir=${dir}`);
    assert.equal(res.status, 200);
    const rows = csvRows(body);
    const head = rows[0];
    const at = head.indexOf('utc');
    const code = head.indexOf('event_code');
    const seq = head.indexOf('seq');
    const data = rows.slice(1);
    const theirs = data.filter((r) => !(r[2] === w.admin.login && ADMIN_OWN.has(r[code])));
    assert.deepEqual(theirs.map((r) => r[code]), dir === 'desc' ? all : [...all].reverse(), `${dir}: every row, merged`);
    const times = data.map((r) => r[at]);
    assert.deepEqual(times, [...times].sort((a, b) => (dir === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
    assert.ok(data.every((r) => Number(r[seq]) > 0), 'every row chained');
    const check = python([path.join(ROOT, 'tools/verify-history-csv.py')], body, 'export.csv');
    assert.equal(check.status, 0, check.stdout + check.stderr);
  }
  // the event sort is merged by the server
  const byEvent = csvRows((await rawGet(w.adminC, '/history/export.csv?sort=event&dir=asc')).body).slice(1);
  const codes = byEvent.filter((r) => !(r[2] === w.admin.login && ADMIN_OWN.has(r[6]))).map((r) => r[6]);
  assert.deepEqual(codes, [...all].sort());

  const theUser = `user=${encodeURIComponent(w.user.login)}`;
  const x = await rawGet(w.adminC, `/history/export.xlsx?${theUser}`);
  assert.equal(x.res.status, 200);
  const sheet = xlsxRows(x.body).slice(1);
  const csv = csvRows((await rawGet(w.adminC, `/history/export.csv?${theUser}`)).body).slice(1);
  assert.deepEqual(csv.map((r) => r[6]), historyOf(w.tid, `AND login_id = ${sqlString(w.user.login)}`));
  assert.deepEqual(sheet.map((r) => r.slice(1, 3)), csv.map((r) => r.slice(1, 3)), 'Excel: the CSV\'s events and users');

  const p = await rawGet(w.adminC, '/history/export.pdf?event=dashboard.view');
  assert.equal(p.res.status, 200);
  const text = pdfText(p.body);
  assert.equal((text.match(/ダッシュボード表示/g) || []).length, 3, 'PDF: the filter in the header, both views');
});

test('verify-history names a page_views row edited, deleted or forged', async () => {
  const t = freshTenant('閲覧改ざん株式会社');
  const tid = tenantId(t.no);
  const u = createUser({ role: 'customer_admin', tenant: t.no });
  const c = new Client();
  await c.loginOk(u);
  await c.get('/');
  await until('the view', () => num(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tid}`) === 1);
  await new Client().loginOk(u);
  assert.deepEqual(chainOf(tid).map((r) => r.slice(1)), [['a', 'login.ok'], ['v', 'dashboard.view'], ['a', 'login.ok']]);
  assert.equal(verifyHistory(t.no).status, 0);

  dbRows(`UPDATE page_views SET ip = '198.51.100.66' WHERE tenant_id = ${tid} AND chain_seq = 2`);
  let v = verifyHistory(t.no);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /BROKEN at page_views seq 2: row hash does not match its fields/);

  const [saved] = dbRows(`SELECT occurred_at, user_id, login_id, event, user_agent, HEX(prev_hash), HEX(row_hash)
    FROM page_views WHERE tenant_id = ${tid} AND chain_seq = 2`);
  dbRows(`DELETE FROM page_views WHERE tenant_id = ${tid} AND chain_seq = 2`);
  v = verifyHistory(t.no);
  assert.equal(v.status, 1);
  const [[thirdId]] = dbRows(`SELECT id FROM auth_events WHERE chain_id = ${tid} AND chain_seq = 3`);
  assert.match(v.stdout, new RegExp(`BROKEN at auth_events id ${thirdId} \\(seq 3\\): rows missing before this one`));

  // put back as it was (the original ip), then a forged second row with seq 3
  const [at, uid, login, event, ua, prev, hash] = saved;
  const [[ip]] = dbRows(`SELECT ip FROM auth_events WHERE chain_id = ${tid} AND chain_seq = 1`);
  dbRows(`INSERT INTO page_views VALUES (${tid}, 2, '${at}', ${uid}, ${sqlString(login)}, '${event}', ${sqlString(ip)},
    ${sqlString(ua)}, UNHEX('${prev}'), UNHEX('${hash}'))`);
  v = verifyHistory(t.no);
  assert.equal(v.status, 0, v.stdout);
  dbRows(`INSERT INTO page_views VALUES (${tid}, 3, '${at}', ${uid}, ${sqlString(login)}, '${event}', ${sqlString(ip)},
    ${sqlString(ua)}, UNHEX('${hash}'), UNHEX('${hash}'))`);
  try {
    v = verifyHistory(t.no);
    assert.equal(v.status, 1);
    assert.match(v.stdout, /BROKEN at (page_views seq 3|auth_events id \d+ \(seq 3\)): /);
  } finally {
    dbRows(`DELETE FROM page_views WHERE tenant_id = ${tid} AND chain_seq = 3`);
  }
  assert.equal(verifyHistory(t.no).status, 0);
});

test('workers flushing views of one tenant while its users log in: no deadlock, one gapless chain, no view lost', { timeout: 120000 }, async () => {
  const t = freshTenant('同時閲覧株式会社');
  const tid = tenantId(t.no);
  const users = [0, 1, 2, 3].map(() => createUser({ role: 'customer_admin', tenant: t.no }));
  // the synchronous commands above held the event loop for seconds: let it
  // see the keep-alive connections nginx closed meanwhile before reusing one
  await new Promise((resolve) => setImmediate(resolve));
  const clients = [];
  for (const u of users) {
    const c = new Client();
    await c.loginOk(u);
    clients.push(c);
  }
  // four browsers at once (the dashboard's and the history's workers each
  // write their own buffers) while the same tenant's users log in
  const pages = 30;
  const browse = clients.map(async (c) => {
    for (let i = 0; i < pages; i++) assert.equal((await c.get(i % 3 ? '/' : '/history/')).status, 200);
  });
  const logins = (async () => {
    for (let i = 0; i < 6; i++) await new Client().loginOk(users[i % users.length]);
  })();
  await Promise.all([...browse, logins]);
  const want = clients.length * pages;
  await until('every view written', () => num(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tid}`) === want, 30000);
  const chain = chainOf(tid);
  assert.equal(chain.length, want + users.length + 6, 'views and logins');
  assert.deepEqual(chain.map((r) => r[0]), chain.map((_, i) => i + 1), 'seqs 1…N, each once');
  assert.equal(num(`SELECT seq FROM history_chains WHERE chain_id = ${tid}`), chain.length);
  const v = verifyHistory(t.no);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('a killed worker loses at most its buffered views; the chain stays whole; SIGTERM writes the buffer', { timeout: 120000 }, async () => {
  const t = freshTenant('閲覧停止株式会社');
  const tid = tenantId(t.no);
  const u = createUser({ role: 'customer_admin', tenant: t.no });
  const batch = 8;
  const st = await privatePrograms(['auth', 'dashboard'], [`History.ViewBatch = ${batch}`, 'History.ViewFlushMs = 600000']);
  try {
    const c = new FcgiClient({ '/auth/': st.sockets['/auth/'], '/': st.sockets['/dashboard/'] });
    assert.equal(c.login(u.login, u.password).status, 303);
    const views = () => num(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tid}`);
    for (let i = 0; i < batch + 3; i++) assert.equal(c.get('/').status, 200);
    await waitFor('the first batch', () => views() === batch);
    const worker = workerPid(st.procs.dashboard.proc.pid);
    process.kill(worker, 'SIGKILL');
    await waitFor('a new worker', () => { const p = workerPid(st.procs.dashboard.proc.pid); return p && p !== worker; });
    // the 3 buffered views are gone (fewer than a batch); the next ones chain on
    for (let i = 0; i < batch; i++) assert.equal(c.get('/').status, 200);
    await waitFor('the next batch', () => views() === 2 * batch);
    assert.equal(c.get('/').status, 200);
    assert.equal(c.get('/').status, 200);
    await st.stop();
    assert.equal(views(), 2 * batch + 2, 'SIGTERM wrote the buffer');
    const chain = chainOf(tid);
    assert.deepEqual(chain.map((r) => r[0]), chain.map((_, i) => i + 1), 'no gap where the views were lost');
    assert.equal(verifyHistory(t.no).status, 0);
  } catch (e) {
    await st.stop().catch(() => {});
    throw e;
  }
});

test('one flush of views of several tenants: every chain gapless, each head its last row', { timeout: 120000 }, async () => {
  const tenants = [0, 1, 2].map((i) => freshTenant(`一括記録${i}株式会社`));
  const users = tenants.map((t) => createUser({ role: 'customer_admin', tenant: t.no }));
  const batch = 12;
  const st = await privatePrograms(['auth', 'dashboard'], [`History.ViewBatch = ${batch}`, 'History.ViewFlushMs = 600000']);
  try {
    const clients = users.map((u) => {
      const c = new FcgiClient({ '/auth/': st.sockets['/auth/'], '/': st.sockets['/dashboard/'] });
      assert.equal(c.login(u.login, u.password).status, 303);
      return c;
    });
    const views = (t) => num(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${tenantId(t.no)}`);
    // the three tenants' views interleaved in one worker's buffer, written by one flush
    for (let i = 0; i < batch; i++) assert.equal(clients[i % 3].get('/').status, 200);
    await waitFor('the batch written', () => tenants.every((t) => views(t) === batch / 3));
    // and a second flush on top of the heads the first one moved
    for (let i = 0; i < batch; i++) assert.equal(clients[(i * 2) % 3].get('/').status, 200);
    await waitFor('the second batch written', () => tenants.every((t) => views(t) === 2 * batch / 3));
    for (const t of tenants) {
      const tid = tenantId(t.no);
      const chain = chainOf(tid);
      assert.deepEqual(chain.map((r) => r[0]), chain.map((_, i) => i + 1), `${t.no}: seqs 1…N without gaps`);
      assert.equal(chain.filter((r) => r[1] === 'v').length, 2 * batch / 3);
      assert.equal(num(`SELECT seq FROM history_chains WHERE chain_id = ${tid}`), chain.length, `${t.no}: the head is the last row`);
      const v = verifyHistory(t.no);
      assert.equal(v.status, 0, v.stdout + v.stderr);
    }
  } finally {
    await st.stop();
  }
});
