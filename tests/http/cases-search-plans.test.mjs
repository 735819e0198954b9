// The list's query plans give the same answers as plain SQL: a tenant of
// 1,200 cases (loaded directly, with search rows in the layout of
// docs/case-search.md) searched for a word in every case (cases first),
// the same word on a page past the middle and a word in three cases (search
// first), a word in none (no page query), filters in combination, and the
// status sort with its ties in the sort's direction; the counts kept by
// triggers (sql/007) against COUNT(*) after changes made in SQL and through
// the program. The search side index is rebuilt for the loaded rows
// (mimamori-admin search-reindex), so keyword searches go through it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ADMIN, CONFIG, Client, createUser, dbRows, sqlString } from '../lib/http.mjs';
import { act, caseRow, categoryId, freshTenant, listCount, listedCases } from '../lib/cases.mjs';

const N = 1200;
const STATUSES = ['new', 'working', 'awaiting_customer', 'resolved', 'closed'];

let setupP;
function setup() {
  setupP ??= (async () => {
    const tenant = freshTenant('検索プラン株式会社');
    const user = createUser({ role: 'customer_user', tenant: tenant.no, name: '検索 太郎' });
    const tid = dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`)[0][0];
    const cat = categoryId('service');
    const alert = categoryId('alert');
    const base = Math.floor(Math.random() * (10_000_000 - N));
    // Case numbers in one random block; a number another test holds is
    // skipped (INSERT IGNORE), so the expectations below come from SQL.
    // Update times: several cases share one, so ties matter.
    dbRows(`INSERT IGNORE INTO cases (case_no, tenant_id, category_id, status, subject, description,
        contact_user_id, opened_by_user_id, created_at, updated_at)
      SELECT CONCAT('CS', LPAD(${base} + seq, 7, '0')), ${tid}, IF(seq % 3 = 0, ${alert}, ${cat}),
        ELT(1 + seq % 5, ${STATUSES.map(sqlString).join(', ')}),
        CONCAT('プラン検査 ', seq), IF(seq % 400 = 0, 'ＶＰＮとｴﾓﾃｯﾄの件', 'ＶＰＮ接続の件'),
        IF(seq % 2 = 0, ${user.id}, NULL), ${user.id},
        '2026-01-01 00:00:00', '2026-01-01 00:00:00' + INTERVAL (seq DIV 4) MINUTE
      FROM seq_1_to_${N}`);
    dbRows(`INSERT INTO case_search (case_id, tenant_id, folded)
      SELECT c.id, c.tenant_id, CONCAT(c.subject, '\\n', IF(c.description LIKE '%ｴﾓﾃｯﾄ%', 'vpnとエモテットの件', 'vpn接続の件'))
      FROM cases c WHERE c.tenant_id = ${tid}`);
    // rows loaded around the programs: their side index is built the way an
    // administrator builds it after such a load
    execFileSync(ADMIN, ['--config', CONFIG, 'search-reindex', '--tenant', tenant.no], { stdio: 'ignore' });
    const client = new Client();
    await client.loginOk(user);
    return { tenant, tid, user, client };
  })();
  return setupP;
}

/** Case numbers of the tenant by SQL: where, order, offset. */
function expected(tid, where, order, offset = 0) {
  return dbRows(`SELECT c.case_no FROM cases c WHERE c.tenant_id = ${tid} AND ${where}
    ORDER BY ${order} LIMIT 20 OFFSET ${offset}`).map((r) => r[0]);
}
function countOf(tid, where) {
  return Number(dbRows(`SELECT COUNT(*) FROM cases c WHERE c.tenant_id = ${tid} AND ${where}`)[0][0]);
}
const NEWEST = 'c.updated_at DESC, c.id DESC';

test('a word in every case: count, first page and a page past the middle', async () => {
  const { tid, client } = await setup();
  const total = countOf(tid, '1');
  assert.ok(total > N - 50, `most of the ${N} cases were loaded (${total})`);
  const first = await client.get(`/cases/?q=${encodeURIComponent('ｖｐｎ')}`);
  assert.equal(first.status, 200);
  assert.equal(listCount(first.text), `1~20 件目 / ${total} 件`);
  assert.deepEqual(listedCases(first.text), expected(tid, '1', NEWEST));
  const page = Math.ceil(total / 20) - 1;	// offset beyond half: the other plan
  const deep = await client.get(`/cases/?q=VPN&page=${page}`);
  assert.equal(listCount(deep.text), `${(page - 1) * 20 + 1}~${page * 20} 件目 / ${total} 件`);
  assert.deepEqual(listedCases(deep.text), expected(tid, '1', NEWEST, (page - 1) * 20));
  const oldest = await client.get(`/cases/?q=VPN&sort=updated&dir=asc`);
  assert.deepEqual(listedCases(oldest.text), expected(tid, '1', 'c.updated_at ASC, c.id ASC'));
});

test('a word in a few cases, two words, and a word in none', async () => {
  const { tid, client } = await setup();
  const few = "c.description LIKE '%ｴﾓﾃｯﾄ%'";
  const n = countOf(tid, few);
  assert.ok(n >= 1 && n <= 3);
  for (const q of ['エモテット', 'ｴﾓﾃｯﾄ', 'vpn エモテット', '　ＶＰＮ　　ｴﾓﾃｯﾄ　']) {
    const res = await client.get(`/cases/?q=${encodeURIComponent(q)}`);
    assert.equal(listCount(res.text), `1~${n} 件目 / ${n} 件`, q);
    assert.deepEqual(listedCases(res.text), expected(tid, few, NEWEST), q);
  }
  const none = await client.get(`/cases/?q=${encodeURIComponent('量子鍵配送')}`);
  assert.equal(none.status, 200);
  assert.deepEqual(listedCases(none.text), []);
  assert.ok(!/件目/.test(listCount(none.text)), 'no range for an empty list');
  // the subject and the text after it are two fields: no match across them
  const across = await client.get(`/cases/?q=${encodeURIComponent('1vpn')}`);
  assert.deepEqual(listedCases(across.text), []);
});

test('filters in combination with and without a keyword', async () => {
  const { tid, user, client } = await setup();
  const cases = [
    ['status=working', "c.status = 'working'"],
    ['mine=1', `c.contact_user_id = ${user.id}`],
    ['status=working&mine=1', `c.status = 'working' AND c.contact_user_id = ${user.id}`],
    ['quick=action', "c.status IN ('awaiting_customer', 'resolved')"],
    [`category=${categoryId('alert')}&mine=1`, `c.category_id = ${categoryId('alert')} AND c.contact_user_id = ${user.id}`],
    ['from=2026-01-01&to=2026-01-01&status=closed', "c.status = 'closed' AND c.updated_at < '2026-01-01 15:00:00'"],
  ];
  for (const [qs, where] of cases) {
    for (const q of ['', '&q=vpn', '&q=%E3%82%A8%E3%83%A2%E3%83%86%E3%83%83%E3%83%88']) {
      const kw = q.includes('vpn') ? '1' : q ? "c.description LIKE '%ｴﾓﾃｯﾄ%'" : '1';
      const n = countOf(tid, `${where} AND ${kw}`);
      const res = await client.get(`/cases/?${qs}${q}`);
      assert.equal(res.status, 200, qs + q);
      const want = n ? `1~${Math.min(n, 20)} 件目 / ${n} 件` : null;
      if (want) assert.equal(listCount(res.text), want, qs + q);
      assert.deepEqual(listedCases(res.text), expected(tid, `${where} AND ${kw}`, NEWEST), qs + q);
    }
  }
});

test('the status sort breaks ties by update time in its own direction', async () => {
  const { tid, client } = await setup();
  for (const dir of ['asc', 'desc']) {
    const d = dir.toUpperCase();
    const res = await client.get(`/cases/?sort=status&dir=${dir}`);
    assert.deepEqual(listedCases(res.text), expected(tid, '1', `c.status ${d}, c.updated_at ${d}, c.id ${d}`), dir);
    const last = await client.get(`/cases/?sort=status&dir=${dir}&page=60`);
    assert.deepEqual(listedCases(last.text), expected(tid, '1', `c.status ${d}, c.updated_at ${d}, c.id ${d}`, 59 * 20), dir);
  }
});

test('the counts follow every change of status and category', async () => {
  const { tid, client } = await setup();
  const alert = categoryId('alert');
  const check = async (label) => {
    for (const [qs, where] of [['', '1'], ['status=closed', "c.status = 'closed'"],
      ['quick=action', "c.status IN ('awaiting_customer', 'resolved')"],
      [`category=${alert}`, `c.category_id = ${alert}`],
      [`category=${alert}&status=new`, `c.category_id = ${alert} AND c.status = 'new'`]]) {
      const n = countOf(tid, where);
      const res = await client.get(`/cases/?${qs}`);
      assert.equal(listCount(res.text), `1~${Math.min(n, 20)} 件目 / ${n} 件`, `${label}: ${qs}`);
    }
  };
  await check('as loaded');
  dbRows(`UPDATE cases SET status = 'closed' WHERE tenant_id = ${tid} AND status = 'resolved' AND id % 2 = 0`);
  dbRows(`UPDATE cases SET category_id = ${alert}, status = 'new' WHERE tenant_id = ${tid} AND status = 'working' AND id % 3 = 0`);
  dbRows(`UPDATE cases SET updated_at = updated_at + INTERVAL 1 SECOND WHERE tenant_id = ${tid} AND id % 5 = 0`);
  await check('after changes');
  // and through the program: a customer closes one of the new cases
  const no = dbRows(`SELECT case_no FROM cases WHERE tenant_id = ${tid} AND status = 'new' LIMIT 1`)[0][0];
  const closed = await act(client, no, 'close', { confirm: '1' });
  assert.equal(closed.status, 303, `close: ${closed.status}`);
  assert.equal(caseRow(no).status, 'closed');
  await check('after a close through the program');
});

test('a tenant with more than 10,000 cases sees its exact count', async () => {
  const tenant = freshTenant('大量ケース株式会社');
  const user = createUser({ role: 'customer_user', tenant: tenant.no });
  const tid = dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`)[0][0];
  // case numbers are unique portal-wide and other test files load blocks
  // of them at random places at the same time: a block that meets one
  // keeps fewer rows, and another block makes up for them
  let n = 0;
  for (let block = 0; block < 5 && n <= 10_000; block++) {
    const base = Math.floor(Math.random() * (10_000_000 - 10_050));
    dbRows(`INSERT IGNORE INTO cases (case_no, tenant_id, category_id, status, subject, description,
        opened_by_user_id, created_at, updated_at)
      SELECT CONCAT('CS', LPAD(${base} + seq, 7, '0')), ${tid}, ${categoryId('other')}, 'closed',
        CONCAT('大量 ', ${block}, '-', seq), '本文', ${user.id}, '2025-01-01 00:00:00',
        '2025-01-01 00:00:00'
      FROM seq_1_to_${block ? 1000 : 10050}`);
    n = countOf(tid, '1');
  }
  assert.ok(n > 10_000, `${n} cases loaded`);
  const client = new Client();
  await client.loginOk(user);
  const res = await client.get('/cases/?status=closed');
  assert.equal(listCount(res.text), `1~20 件目 / ${n} 件`);
  const last = await client.get(`/cases/?page=${Math.ceil(n / 20)}`);
  assert.equal(listCount(last.text), `${(Math.ceil(n / 20) - 1) * 20 + 1}~${n} 件目 / ${n} 件`);
});
