// Prepaid points (PTS-1 … PTS-3): the customer's periods and ledger, the
// service settings page, the staff changes and their refusals (which
// change nothing), the role matrix and tenant isolation of period ids, and
// the rollover of monthly periods.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, createUser, csrfOf, textById, dbRows, sqlString, ADMIN, CONFIG, decodeEntities } from '../lib/http.mjs';
import { freshTenant, openCase, categoryId } from '../lib/cases.mjs';
import { staffLogin } from '../lib/staff.mjs';

let staffP;
const staff = () => (staffP ??= staffLogin({ name: 'ポイント 担当' }));

/** The Japanese business date days from today, "YYYY-MM-DD". */
function jstDate(days = 0) {
  return new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

function tenantId(no) {
  return dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(no)}`)[0][0];
}

function makePeriod(tenant, starts, ends, { contracted = 0, credited = 0, consumed = 0 } = {}) {
  return dbRows(`INSERT INTO point_periods (tenant_id, starts_on, ends_on, contracted, credited, consumed, created_at, updated_at)
    VALUES (${tenant}, '${starts}', '${ends}', ${contracted}, ${credited}, ${consumed}, UTC_TIMESTAMP(), UTC_TIMESTAMP());
    SELECT LAST_INSERT_ID()`)[0][0];
}

function ledgerRow(tenant, period, kind, points, { requestNo = null, caseId = null, reason = '', at = 'UTC_TIMESTAMP()' } = {}) {
  dbRows(`INSERT INTO point_ledger (tenant_id, period_id, kind, points, request_no, case_id, reason, created_at)
    VALUES (${tenant}, ${period}, '${kind}', ${points}, ${requestNo ? sqlString(requestNo) : 'NULL'},
    ${caseId ?? 'NULL'}, ${sqlString(reason)}, ${at})`);
}

function periodRow(id) {
  const [r] = dbRows(`SELECT contracted, credited, consumed FROM point_periods WHERE id = ${id}`);
  return { contracted: Number(r[0]), credited: Number(r[1]), consumed: Number(r[2]) };
}

function ledgerCount(tenant) {
  return Number(dbRows(`SELECT COUNT(*) FROM point_ledger WHERE tenant_id = ${tenant}`)[0][0]);
}

function cell(row, cls) {
  const m = new RegExp(`class="[^"]*\\b${cls}\\b[^"]*">([\\s\\S]*?)</td>`).exec(row);
  return m ? decodeEntities(m[1].replace(/<[^>]*>/g, '')).trim() : null;
}

/** The period rows of a page, in order. */
function periods(html) {
  return [...html.matchAll(/<tr id="period-(\d+)"[^>]*>([\s\S]*?)<\/tr>/g)].map(([, id, row]) => ({
    id, start: cell(row, 'period-start'), end: cell(row, 'period-end'),
    contracted: cell(row, 'period-contracted'), credited: cell(row, 'period-credited'),
    consumed: cell(row, 'period-consumed'), remaining: cell(row, 'period-remaining'),
  }));
}

/** The ledger rows of a page, in order. */
function entries(html) {
  return [...html.matchAll(/<tr class="entry entry-([a-z_]+)">([\s\S]*?)<\/tr>/g)].map(([, kind, row]) => ({
    kind, points: cell(row, 'entry-points'), request: cell(row, 'entry-request'),
    case: cell(row, 'entry-case'), reason: cell(row, 'entry-reason'), when: cell(row, 'entry-when'),
    caseLink: /href="([^"]+)"/.exec(row)?.[1] ?? null,
  }));
}

async function customerOf(tenant, role = 'customer_user') {
  const client = new Client();
  await client.loginOk(createUser({ role, tenant: tenant.no }));
  return client;
}

/** A fresh tenant with a current period (80 + 5 credited, 30 used), an older
 * one (50, all used) and one that has not begun. */
async function tenantWithPeriods() {
  const t = freshTenant('ポイント検証株式会社');
  const id = tenantId(t.no);
  const current = makePeriod(id, jstDate(-10), jstDate(10), { contracted: 80, credited: 5, consumed: 30 });
  const older = makePeriod(id, jstDate(-40), jstDate(-11), { contracted: 50, consumed: 50 });
  const future = makePeriod(id, jstDate(11), jstDate(40), { contracted: 90 });
  return { ...t, id, current, older, future };
}

test('the point page shows the tenant\'s periods, the current one first, and its ledger', async () => {
  const t = await tenantWithPeriods();
  const customer = await customerOf(t);
  const caseNo = await openCase(customer, { subject: 'ポイント消化の対象' });
  const caseId = dbRows(`SELECT id FROM cases WHERE case_no = '${caseNo}'`)[0][0];
  ledgerRow(t.id, t.current, 'contract', 80, { at: 'UTC_TIMESTAMP() - INTERVAL 3 HOUR' });
  ledgerRow(t.id, t.current, 'consume', 30, { requestNo: 'WR7654321', caseId, at: 'UTC_TIMESTAMP() - INTERVAL 2 HOUR' });
  ledgerRow(t.id, t.current, 'credit', 5, { reason: '対応遅延のお詫び', at: 'UTC_TIMESTAMP() - INTERVAL 1 HOUR' });
  ledgerRow(t.id, t.older, 'consume', 50, { requestNo: 'WR1111111' });

  const page = await customer.get('/points/');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>ポイント管理<\/h1>/);
  const rows = periods(page.text);
  assert.deepEqual(rows.map((r) => r.id), [t.current, t.older], 'current first, older below, none not begun');
  assert.deepEqual(rows[0], { id: t.current, start: `${jstDate(-10)} 当期`, end: jstDate(10), contracted: '80', credited: '5', consumed: '30', remaining: '55' });
  assert.equal(rows[1].remaining, '0');
  assert.match(page.text, /作業依頼契約ポイント合計/);
  assert.equal(textById(page.text, 'periods-count'), '1~2 件目 / 2 件');
  assert.match(textById(page.text, 'ledger-title'), new RegExp(`${jstDate(-10)} ~ ${jstDate(10)}`));
  const list = entries(page.text);
  assert.deepEqual(list.map((e) => [e.kind, e.points]), [['credit', '+5'], ['consume', '-30'], ['contract', '+80']], 'newest first, signed');
  assert.equal(list[0].reason, '対応遅延のお詫び');
  assert.equal(list[1].request, 'WR7654321');
  assert.equal(list[1].case, caseNo);
  assert.equal(list[1].caseLink, `/cases/${caseNo}`);
  assert.match(list[1].when, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  // the older period's ledger, by its id
  const older = await customer.get(`/points/?period=${t.older}`);
  assert.equal(older.status, 200);
  assert.deepEqual(entries(older.text).map((e) => [e.kind, e.points, e.request]), [['consume', '-50', 'WR1111111']]);
  // a period that has not begun is not the customer's to open yet
  assert.equal((await customer.get(`/points/?period=${t.future}`)).status, 404);
  // the tenant's admin sees the same
  const admin = await customerOf(t, 'customer_admin');
  assert.deepEqual(periods((await admin.get('/points/')).text).map((r) => r.id), [t.current, t.older]);
});

test('times in the ledger follow the viewer\'s time zone', async () => {
  const t = freshTenant();
  const id = tenantId(t.no);
  const p = makePeriod(id, jstDate(-1), jstDate(1), { contracted: 10 });
  ledgerRow(id, p, 'contract', 10, { at: "'2026-03-01 15:30:00'" });
  const tokyo = await customerOf(t);
  assert.equal(entries((await tokyo.get('/points/')).text)[0].when, '2026-03-02 00:30:00');
  const user = createUser({ tenant: t.no });
  dbRows(`UPDATE users SET time_zone = 'UTC' WHERE id = ${user.id}`);
  const utc = new Client();
  await utc.loginOk(user);
  assert.equal(entries((await utc.get('/points/')).text)[0].when, '2026-03-01 15:30:00');
});

test('the ledger pages by 20', async () => {
  const t = freshTenant();
  const id = tenantId(t.no);
  const p = makePeriod(id, jstDate(-5), jstDate(5), { contracted: 100, consumed: 25 });
  for (let i = 0; i < 25; i++) ledgerRow(id, p, 'consume', 1, { requestNo: `WR${String(i).padStart(7, '0')}`, at: `UTC_TIMESTAMP() - INTERVAL ${i} MINUTE` });
  const customer = await customerOf(t);
  const first = await customer.get('/points/');
  assert.equal(entries(first.text).length, 20);
  assert.equal(entries(first.text)[0].request, 'WR0000000');
  assert.equal(textById(first.text, 'ledger-count'), '1~20 件目 / 25 件');
  const next = /id="ledger-next"/.test(first.text) && /href="([^"]+)"[^>]*id="ledger-next"/.exec(first.text)[1];
  assert.ok(next, 'a next link');
  const second = await customer.get(decodeEntities(next));
  assert.equal(textById(second.text, 'ledger-count'), '21~25 件目 / 25 件');
  assert.deepEqual(entries(second.text).map((e) => e.request), ['WR0000020', 'WR0000021', 'WR0000022', 'WR0000023', 'WR0000024']);
  // a page past the end shows the last one; a page that is no number is refused
  assert.equal(textById((await customer.get(`/points/?period=${p}&page=99`)).text, 'ledger-count'), '21~25 件目 / 25 件');
  assert.equal((await customer.get('/points/?page=abc')).status, 400);
});

test('a tenant without periods sees that there are none', async () => {
  const t = freshTenant();
  const customer = await customerOf(t);
  const page = await customer.get('/points/');
  assert.equal(page.status, 200);
  assert.equal(textById(page.text, 'periods-count'), 'ポイントの期間はまだありません。');
});

test('another tenant\'s period id answers like a missing one, for customers and staff', async () => {
  const a = await tenantWithPeriods();
  const b = await tenantWithPeriods();
  const intruder = await customerOf(b);
  const missing = '999999999999';
  const other = await intruder.get(`/points/?period=${a.current}`);
  const none = await intruder.get(`/points/?period=${missing}`);
  assert.equal(other.status, 404);
  assert.equal(other.status, none.status);
  assert.equal(other.text, none.text);
  assert.equal((await intruder.get('/points/?period=abc')).status, 404);

  // staff: A's period under B's page, and B's changes naming A's period
  const { client } = await staff();
  const [sOther, sNone] = [await client.get(`/staff/points/${b.no}?period=${a.current}`), await client.get(`/staff/points/${b.no}?period=${missing}`)];
  assert.equal(sOther.status, 404);
  assert.equal(sOther.status, sNone.status);
  const csrf = csrfOf((await client.get(`/staff/points/${b.no}`)).text);
  const before = [periodRow(a.current), ledgerCount(a.id)];
  for (const [tail, fields] of [['contracted', { contracted: '500' }], ['credit', { points: '7', reason: '他社' }]]) {
    const [o, n] = [await client.post(`/staff/points/${b.no}/${tail}`, { csrf, period: a.current, ...fields }),
      await client.post(`/staff/points/${b.no}/${tail}`, { csrf, period: missing, ...fields })];
    assert.equal(o.status, 404, tail);
    assert.equal(o.status, n.status, tail);
  }
  assert.deepEqual([periodRow(a.current), ledgerCount(a.id)], before, 'nothing changed');
  assert.equal((await client.get('/staff/points/N000000000')).status, 404, 'no such tenant');
  assert.equal((await client.get('/staff/points/bad')).status, 404);
});

test('customers cannot reach the staff pages; analysts and staff admins can', async () => {
  const t = await tenantWithPeriods();
  for (const role of ['customer_user', 'customer_admin']) {
    const c = await customerOf(t, role);
    const csrf = csrfOf((await c.get('/points/')).text);
    assert.equal((await c.get('/staff/points/')).status, 404, `${role} list`);
    assert.equal((await c.get(`/staff/points/${t.no}`)).status, 404, `${role} tenant`);
    const post = await c.post(`/staff/points/${t.no}/credit`, { csrf, period: t.current, points: '10', reason: '自分で' });
    assert.equal(post.status, 404, `${role} credit`);
    assert.ok(!/id="nav-staff-points"/.test((await c.get('/points/')).text));
  }
  assert.equal(periodRow(t.current).credited, 5, 'no credit from customers');
  const { client } = await staff();
  const list = await client.get(`/staff/points/?q=${t.no}`);
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/staff/points/${t.no}"`));
  assert.equal(textById(list.text, 'list-count'), '1~1 件目 / 1 件');
  const byName = await client.get(`/staff/points/?q=${encodeURIComponent('ポイント検証')}`);
  assert.match(byName.text, new RegExp(t.no));
  assert.equal((await client.get('/points/')).headers.get('location'), '/staff/points/', 'staff are sent to their page');
  const admin = await staffLogin({ role: 'staff_admin', name: 'ポイント 管理者' });
  assert.equal((await admin.client.get(`/staff/points/${t.no}`)).status, 200);
});

test('staff set the contracted points; a value below what is used is refused and changes nothing', async () => {
  const t = await tenantWithPeriods();
  const { client, user } = await staff();
  const page = await client.get(`/staff/points/${t.no}?period=${t.current}`);
  assert.equal(page.status, 200);
  const csrf = csrfOf(page.text);
  const url = `/staff/points/${t.no}/contracted`;
  const before = [periodRow(t.current), ledgerCount(t.id)];
  for (const bad of ['abc', '-1', '10000000', '', '1.5', '１０']) {
    const res = await client.post(url, { csrf, period: t.current, contracted: bad });
    assert.equal(res.status, 400, `contracted=${bad}`);
    assert.ok(textById(res.text, 'points-error'), 'a message');
    assert.ok(textById(res.text, 'error-contracted'), 'by the field');
  }
  // 30 used, 5 credited: 24 would leave -1
  const below = await client.post(url, { csrf, period: t.current, contracted: '24' });
  assert.equal(below.status, 409);
  assert.match(textById(below.text, 'points-error'), /残数が0未満/);
  assert.deepEqual([periodRow(t.current), ledgerCount(t.id)], before, 'nothing changed');

  const ok = await client.post(url, { csrf, period: t.current, contracted: '25' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/staff/points/${t.no}?period=${t.current}&done=contracted`);
  assert.deepEqual(periodRow(t.current), { contracted: 25, credited: 5, consumed: 30 });
  const [row] = dbRows(`SELECT kind, points, actor_user_id FROM point_ledger WHERE tenant_id = ${t.id} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(row, ['contract_change', '25', String(user.id)]);
  const after = await client.get(ok.headers.get('location'));
  assert.equal(textById(after.text, 'points-notice'), '契約ポイントを変更しました。');
  assert.equal(periods(after.text).find((p) => p.id === t.current).remaining, '0');
});

test('staff grant credit with a reason; bad amounts and a missing reason change nothing', async () => {
  const t = await tenantWithPeriods();
  const { client } = await staff();
  const csrf = csrfOf((await client.get(`/staff/points/${t.no}`)).text);
  const url = `/staff/points/${t.no}/credit`;
  const before = [periodRow(t.current), ledgerCount(t.id)];
  for (const [points, reason, field] of [['0', '理由', 'error-points'], ['-5', '理由', 'error-points'], ['abc', '理由', 'error-points'],
    ['10000000', '理由', 'error-points'], ['10', '', 'error-reason'], ['10', '   ', 'error-reason']]) {
    const res = await client.post(url, { csrf, period: t.current, points, reason });
    assert.equal(res.status, 400, `${points} / "${reason}"`);
    assert.ok(textById(res.text, field), `${field} shown`);
  }
  const noReason = await client.post(url, { csrf, period: t.current, points: '10', reason: '' });
  assert.equal(textById(noReason.text, 'error-reason'), '付与の理由を入力してください。');
  assert.deepEqual([periodRow(t.current), ledgerCount(t.id)], before, 'nothing changed');

  const ok = await client.post(url, { csrf, period: t.current, points: '12', reason: '障害対応の補填' });
  assert.equal(ok.status, 303);
  assert.deepEqual(periodRow(t.current), { contracted: 80, credited: 17, consumed: 30 });
  // the customer sees the new balance and the reason
  const customer = await customerOf(t);
  const page = await customer.get('/points/');
  assert.equal(periods(page.text)[0].remaining, '67');
  assert.deepEqual(entries(page.text).map((e) => [e.kind, e.points, e.reason]), [['credit', '+12', '障害対応の補填']]);
});

test('staff create a period; overlapping or reversed dates are refused', async () => {
  const t = await tenantWithPeriods();
  const { client } = await staff();
  const csrf = csrfOf((await client.get(`/staff/points/${t.no}`)).text);
  const url = `/staff/points/${t.no}/periods`;
  const count = () => Number(dbRows(`SELECT COUNT(*) FROM point_periods WHERE tenant_id = ${t.id}`)[0][0]);
  const n = count();
  const overlap = await client.post(url, { csrf, starts_on: jstDate(35), ends_on: jstDate(60), period_contracted: '10' });
  assert.equal(overlap.status, 409);
  assert.match(textById(overlap.text, 'points-error'), /重なって/);
  const reversed = await client.post(url, { csrf, starts_on: jstDate(62), ends_on: jstDate(61), period_contracted: '10' });
  assert.equal(reversed.status, 400);
  const badDate = await client.post(url, { csrf, starts_on: '2027-02-30', ends_on: jstDate(70), period_contracted: '10' });
  assert.equal(badDate.status, 400);
  assert.ok(textById(badDate.text, 'error-starts-on'));
  const badAmount = await client.post(url, { csrf, starts_on: jstDate(41), ends_on: jstDate(70), period_contracted: 'x' });
  assert.equal(badAmount.status, 400);
  assert.equal(count(), n, 'nothing created');
  const ok = await client.post(url, { csrf, starts_on: jstDate(41), ends_on: jstDate(70), period_contracted: '33' });
  assert.equal(ok.status, 303);
  assert.equal(count(), n + 1);
  const [row] = dbRows(`SELECT contracted, credited, consumed FROM point_periods WHERE tenant_id = ${t.id} AND starts_on = '${jstDate(41)}'`);
  assert.deepEqual(row, ['33', '0', '0']);
});

test('the staff page links to a new credit-overrun case for the tenant', async () => {
  const t = await tenantWithPeriods();
  const { client } = await staff();
  const page = await client.get(`/staff/points/${t.no}`);
  const href = decodeEntities(/href="([^"]+)" id="overrun-case"/.exec(page.text)[1]);
  assert.equal(href, `/staff/cases/new?tenant=${t.no}&category=${categoryId('credit_overrun')}`);
  const form = await client.get(href);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`id="tenant"[^>]*value="${t.no}"`));
  assert.match(form.text, new RegExp(`<option value="${categoryId('credit_overrun')}" selected>ご利用クレジット数超過`));
});

test('the service settings page shows the tenant\'s contracts only, read-only', async () => {
  const t = freshTenant('サービス情報株式会社');
  const id = tenantId(t.no);
  dbRows(`INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
    VALUES (${id}, 'マネージドCSPM', 'プレミアムプラン', '新規', '2026-05-01', '2027-05-01', UTC_TIMESTAMP())`);
  const customer = await customerOf(t);
  const page = await customer.get('/points/service');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>サービス設定情報<\/h1>/);
  for (const [cls, want] of [['contract-customer-no', t.no], ['contract-tenant', t.name], ['contract-service', 'マネージドCSPM'],
    ['contract-start', '2026-05-01'], ['contract-renewal', '2027-05-01'], ['contract-type', '新規'], ['contract-plan', 'プレミアムプラン']]) {
    const m = new RegExp(`class="${cls}">([^<]*)<`).exec(page.text);
    assert.equal(m && decodeEntities(m[1]), want, cls);
  }
  assert.match(textById(page.text, 'service-note'), /申込書によるお申込みが必要/);
  assert.ok(!/<form[^>]*method="post"[^>]*action="\/points/.test(page.text), 'nothing to change');
  // a tenant without a contract (and another tenant's contract is not listed)
  const other = await customerOf(freshTenant());
  const none = await other.get('/points/service');
  assert.equal(textById(none.text, 'no-contracts'), 'ご契約の情報はまだありません。');
  assert.ok(!none.text.includes('プレミアムプラン'));
});

test('the rollover creates this and next month\'s periods with the latest contracted points, once', () => {
  const t = freshTenant();
  const id = tenantId(t.no);
  dbRows(`INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
    VALUES (${id}, 'UTM', 'ライト', '新規', '2026-01-01', '2027-01-01', UTC_TIMESTAMP())`);
  const today = jstDate();
  const [y, m] = today.split('-').map(Number);
  const monthStart = (k) => { const d = new Date(Date.UTC(y, m - 1 + k, 1)); return d.toISOString().slice(0, 10); };
  const monthEnd = (k) => { const d = new Date(Date.UTC(y, m + k, 0)); return d.toISOString().slice(0, 10); };
  makePeriod(id, monthStart(-3), monthEnd(-3), { contracted: 77 });
  const run = () => execFileSync(ADMIN, ['--config', CONFIG, 'points-rollover', '--tenant', t.no], { encoding: 'utf8' });
  assert.match(run(), /^2 period\(s\) created/);
  const rows = () => dbRows(`SELECT starts_on, ends_on, contracted FROM point_periods WHERE tenant_id = ${id} ORDER BY starts_on`);
  const want = [[monthStart(-3), monthEnd(-3), '77'], [monthStart(0), monthEnd(0), '77'], [monthStart(1), monthEnd(1), '77']];
  assert.deepEqual(rows(), want);
  assert.equal(Number(dbRows(`SELECT COUNT(*) FROM point_ledger WHERE tenant_id = ${id} AND kind = 'contract' AND points = 77`)[0][0]), 2);
  assert.match(run(), /^0 period\(s\) created/);
  assert.deepEqual(rows(), want, 'a second run changes nothing');
});
