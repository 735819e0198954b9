// Work requests over HTTP (CASE-2): an item of the catalog with every kind
// of field, a tenant with points, sending a request through the item's
// form, and the database rows the tests look at.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { csrfOf, dbRows, sqlString, createUser } from './http.mjs';
import { freshTenant } from './cases.mjs';

/** A catalog item of its own (code t_<random>) with one field of every kind. */
export function testItem({ cost = 6, name = '検証用の作業' } = {}) {
  const code = `t_${randomBytes(5).toString('hex')}`;
  dbRows(`INSERT INTO work_request_items (code, position, name_ja, name_en, description_ja, description_en, cost, retired, created_at, updated_at)
    VALUES (${sqlString(code)}, 900, ${sqlString(name)}, 'Test work', 'テスト用の説明', 'Test description', ${cost}, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  const id = dbRows(`SELECT id FROM work_request_items WHERE code = ${sqlString(code)}`)[0][0];
  const fields = [
    ['title', 'text', '件名', 'Title', 1, 20, null, null, ''],
    ['detail', 'longtext', '詳細', 'Details', 0, 500, null, null, ''],
    ['count', 'number', '台数', 'Units', 1, null, 1, 10, ''],
    ['until', 'date', '期限', 'Until', 1, null, 0, null, ''],
    ['level', 'choice', '重要度', 'Level', 1, null, null, null, '高|High\n中|Medium\n低|Low'],
    ['ready', 'yesno', '準備済み', 'Ready', 1, null, null, null, ''],
    ['target', 'ip', '遮断する IP', 'IP to block', 1, null, null, null, ''],
    ['site', 'url', 'URL', 'URL', 0, null, null, null, ''],
  ];
  fields.forEach(([n, kind, ja, en, req, max, min, maxv, options], i) => {
    const num = (v) => (v === null ? 'NULL' : String(v));
    dbRows(`INSERT INTO work_request_fields (item_id, name, position, kind, label_ja, label_en, required, max_length, min_value, max_value, options, retired)
      VALUES (${id}, '${n}', ${i + 1}, '${kind}', ${sqlString(ja)}, ${sqlString(en)}, ${req}, ${num(max)}, ${num(min)}, ${num(maxv)}, ${sqlString(options)}, 0)`);
  });
  return { id, code, cost, name };
}

/**
 * The date days after today in Asia/Tokyo (the users' default time zone),
 * "YYYY-MM-DD". Tokyo has no daylight saving time: UTC+9 is exact.
 */
export function tokyoDate(days = 0) {
  return new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/** Waits past Tokyo's midnight when it is less than a minute away, so that
 * "today" is the same day for the test and the server. */
export async function awayFromTokyoMidnight() {
  const msOfDay = (Date.now() + 9 * 3600e3) % 86400e3;
  if (msOfDay > 86400e3 - 60e3) await new Promise((done) => { setTimeout(done, 86400e3 - msOfDay + 2000); });
}

/** Values that pass every field of testItem (its date: today or later). */
export function goodValues(extra = {}) {
  return {
    f_title: 'ブロック依頼', f_detail: '一行目\r\n二行目', f_count: '3', f_until: tokyoDate(30),
    f_level: '中', f_ready: 'yes', f_target: '198.51.100.0/24', f_site: 'https://malware.example/x', ...extra,
  };
}

/** A fresh tenant with a current period (contracted points) and a customer user. */
export function tenantWithPoints(contracted = 10, { role = 'customer_user', name } = {}) {
  const tenant = freshTenant();
  dbRows(`INSERT INTO point_periods (tenant_id, starts_on, ends_on, contracted, credited, consumed, created_at, updated_at)
    SELECT id, '2000-01-01', '2099-12-31', ${contracted}, 0, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const user = createUser({ role, tenant: tenant.no, name });
  return { tenant, user };
}

export function period(customerNo) {
  const [contracted, credited, consumed] = dbRows(`SELECT p.contracted, p.credited, p.consumed FROM point_periods p
    JOIN tenants t ON t.id = p.tenant_id WHERE t.customer_no = ${sqlString(customerNo)}`)[0].map(Number);
  return { contracted, credited, consumed, remaining: contracted + credited - consumed };
}

export function setConsumed(customerNo, consumed) {
  dbRows(`UPDATE point_periods p JOIN tenants t ON t.id = p.tenant_id SET p.consumed = ${Number(consumed)}
    WHERE t.customer_no = ${sqlString(customerNo)}`);
}

export function requestCount(customerNo) {
  return Number(dbRows(`SELECT COUNT(*) FROM work_requests w JOIN tenants t ON t.id = w.tenant_id
    WHERE t.customer_no = ${sqlString(customerNo)}`)[0][0]);
}

export function requestRow(no) {
  const rows = dbRows(`SELECT w.state, w.cost, COALESCE(c.case_no, ''), w.reason FROM work_requests w
    LEFT JOIN cases c ON c.id = w.case_id WHERE w.request_no = ${sqlString(no)}`);
  assert.equal(rows.length, 1, `request ${no} exists`);
  const [state, cost, caseNo, reason] = rows[0];
  return { state, cost: Number(cost), caseNo, reason };
}

export function ledgerRows(no) {
  return dbRows(`SELECT kind, points, COALESCE(c.case_no, ''), actor_user_id FROM point_ledger l
    LEFT JOIN cases c ON c.id = l.case_id WHERE l.request_no = ${sqlString(no)}`);
}

/** GETs the item's form and POSTs values (plus anything in override). */
export async function sendRequest(client, item, values = goodValues(), override = {}) {
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.equal(form.status, 200, `item form: ${form.status}`);
  return client.post(`/cases/requests/${item.code}`, {
    csrf: csrfOf(form.text), item: String(item.id), cost: String(item.cost), ...values, ...override,
  });
}

/** Sends a request that must pass; returns its number. */
export async function sendOk(client, item, values) {
  const res = await sendRequest(client, item, values);
  assert.equal(res.status, 303, `request sent: ${res.status} ${res.text.slice(0, 300)}`);
  const m = /^\/cases\/requests\/(WR\d{7})\?done=sent$/.exec(res.headers.get('location'));
  assert.ok(m, `redirect to the request: ${res.headers.get('location')}`);
  return m[1];
}

/** POSTs a decision from the analyst's request page: 'accept' or 'reject'. */
export async function decide(staff, no, action, fields = {}) {
  const page = await staff.get(`/staff/cases/requests/${no}`);
  assert.equal(page.status, 200, `staff request page: ${page.status}`);
  return staff.post(`/staff/cases/requests/${no}/${action}`, { csrf: csrfOf(page.text), ...fields });
}
