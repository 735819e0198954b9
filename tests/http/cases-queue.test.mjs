// The analyst queue and assignment (CASE-8): every tenant's cases, narrowed
// by customer number or a part of the tenant's name and by assignment
// (unassigned, mine); assigning a chosen analyst, oneself, nobody, and the
// refusals. Each test opens its own cases with its own users and keywords,
// so the other suites running alongside see nothing of them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  Client, createUser, csrfOf, textById, hiddenValue, dbRows, sqlString, describe5xx,
  TENANT_A, TENANT_B,
} from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';

const INVALID = '入力内容を確認してください。';

/** A word no other test or demo case holds (letters only: it folds as typed). */
const word = (prefix) => `${prefix}${randomBytes(5).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[d])}`;

function categoryId(code) {
  const rows = dbRows(`SELECT id FROM case_categories WHERE code = ${sqlString(code)}`);
  assert.equal(rows.length, 1, `category ${code}`);
  return rows[0][0];
}

let analystPromise;
/** One analyst with a full session for the whole file (2-step set up once). */
function analyst() {
  analystPromise ||= staffLogin({ name: `解析 ${randomBytes(2).toString('hex')}` });
  return analystPromise;
}

async function customer(tenant = TENANT_A.no, role = 'customer_user') {
  const user = createUser({ tenant, role, name: `顧客 ${randomBytes(2).toString('hex')}` });
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

/** A customer opens an inquiry; returns its number. */
async function openCase(client, { subject = `件名 ${word('s')}`, description = '内容です。' } = {}) {
  const form = await client.get('/cases/new');
  assert.equal(form.status, 200, describe5xx(form));
  const res = await client.post('/cases/new', {
    csrf: csrfOf(form.text), category: categoryId('service'), subject, description,
  });
  assert.equal(res.status, 303, describe5xx(res));
  const m = /^\/cases\/(CS[0-9]{7})\?done=created$/.exec(res.headers.get('location'));
  assert.ok(m, res.headers.get('location'));
  return m[1];
}

/** The staff case page and its form values. */
async function staffCase(client, no) {
  const page = await client.get(`/staff/cases/${no}`);
  assert.equal(page.status, 200, describe5xx(page));
  return { page, csrf: csrfOf(page.text), version: hiddenValue(page.text, 'version') };
}

async function staffAct(client, no, action, fields) {
  const { csrf, version } = await staffCase(client, no);
  return client.post(`/staff/cases/${no}/${action}`, { csrf, version, ...fields });
}

function caseRow(no) {
  const [row] = dbRows(`SELECT status, version, COALESCE(assignee_user_id, 0) FROM cases WHERE case_no = ${sqlString(no)}`);
  return { status: row[0], version: Number(row[1]), assignee: Number(row[2]) };
}

const queueNumbers = (html) => [...html.matchAll(/class="case-no">(CS[0-9]{7})</g)].map((m) => m[1]);

test('the queue holds every tenant, filtered by tenant and by assignment', async () => {
  const { client: analystClient, user: me } = await analyst();
  const a = await customer(TENANT_A.no);
  const b = await customer(TENANT_B.no);
  const tag = word('q');
  const noA = await openCase(a.client, { subject: `${tag} A` });
  const noB = await openCase(b.client, { subject: `${tag} B` });
  const all = await analystClient.get(`/staff/cases/?q=${tag}`);
  assert.equal(all.status, 200, describe5xx(all));
  assert.deepEqual(queueNumbers(all.text).sort(), [noA, noB].sort(), 'both tenants');
  assert.match(textById(all.text, 'list-count'), /^1~2 件目 \/ 2 件$/);
  assert.match(all.text, /id="quick-unassigned"/);
  assert.match(all.text, /id="quick-mine"/);

  const byNo = await analystClient.get(`/staff/cases/?q=${tag}&tenant=${TENANT_B.no}`);
  assert.deepEqual(queueNumbers(byNo.text), [noB]);
  const byA = await analystClient.get(`/staff/cases/?q=${tag}&tenant=${TENANT_A.no}`);
  assert.deepEqual(queueNumbers(byA.text), [noA]);
  const nobody = await analystClient.get(`/staff/cases/?q=${tag}&tenant=N999999999`);
  assert.deepEqual(queueNumbers(nobody.text), [], 'an unknown tenant has no cases');
  const byName = await analystClient.get(`/staff/cases/?q=${tag}&tenant=${encodeURIComponent('みまもり商事')}`);
  assert.deepEqual(queueNumbers(byName.text), [noA], 'a part of the name');
  assert.match(byName.text, new RegExp(`tenant=${encodeURIComponent('みまもり商事')}&amp;sort=`), 'sort links keep it');
  const byWidth = await analystClient.get(`/staff/cases/?q=${tag}&tenant=${encodeURIComponent('ｻﾝﾌﾟﾙ工業')}`);
  assert.deepEqual(queueNumbers(byWidth.text), [noB], 'half-width kana typed for the name');
  const literal = await analystClient.get(`/staff/cases/?q=${tag}&tenant=${encodeURIComponent('%')}`);
  assert.deepEqual(queueNumbers(literal.text), [], '% is a literal character in a name');
  assert.match(byNo.text, new RegExp(`tenant=${TENANT_B.no}&amp;sort=`), 'sort links keep the tenant');

  assert.equal((await staffAct(analystClient, noA, 'assign', { assignee: String(me.id) })).status, 303);
  const mine = await analystClient.get(`/staff/cases/?q=${tag}&assigned=mine`);
  assert.deepEqual(queueNumbers(mine.text), [noA]);
  const unassigned = await analystClient.get(`/staff/cases/?q=${tag}&assigned=none`);
  assert.deepEqual(queueNumbers(unassigned.text), [noB]);

  const bad = await analystClient.get('/staff/cases/?assigned=everyone');
  assert.equal(bad.status, 400);
  assert.match(textById(bad.text, 'list-error'), /検索条件に誤りがあります/);
  const badTenant = await analystClient.get(`/staff/cases/?tenant=${encodeURIComponent('a\nb')}`);
  assert.equal(badTenant.status, 400, 'one line of text');
  const customerView = await a.client.get(`/cases/?q=${tag}`);
  assert.deepEqual(queueNumbers(customerView.text), [noA], 'a customer sees the own tenant only');
});

test('assignment: a chosen analyst, assign to me, none; refusals with a message', async () => {
  const { client } = await analyst();
  const other = createUser({ role: 'analyst', name: `別担当 ${randomBytes(2).toString('hex')}` });
  const { client: cust, user: custUser } = await customer();
  const no = await openCase(cust);

  const page = (await staffCase(client, no)).page;
  assert.match(page.text, new RegExp(`<option value="${other.id}">`), 'analysts are offered');
  let res = await staffAct(client, no, 'assign', { assignee: String(other.id) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/staff/cases/${no}?done=assign`);
  assert.equal(caseRow(no).assignee, other.id);
  const after = await client.get(res.headers.get('location'));
  assert.equal(textById(after.text, 'case-assignee'), other.name);
  assert.match(textById(after.text, 'case-notice'), /担当者を設定しました/);
  assert.match(after.text, new RegExp(`<option value="${other.id}" selected>`));

  res = await staffAct(client, no, 'assign', { assignee: String(custUser.id) });
  assert.equal(res.status, 400, 'a customer is no analyst');
  assert.match(textById(res.text, 'case-error'), new RegExp(INVALID));
  res = await staffAct(client, no, 'assign', { assignee: 'x' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'case-error'), new RegExp(INVALID));
  assert.equal(caseRow(no).assignee, other.id, 'unchanged');

  const mine = (await staffCase(client, no)).page.text.split('id="assign-me-form"')[1];
  const me = hiddenValue(mine, 'assignee');
  res = await staffAct(client, no, 'assign', { assignee: me });
  assert.equal(res.status, 303, 'assign to me');
  assert.equal(String(caseRow(no).assignee), me);
  assert.ok(!(await staffCase(client, no)).page.text.includes('id="assign-me"'), 'no "assign to me" once mine');

  res = await staffAct(client, no, 'assign', { assignee: '' });
  assert.equal(res.status, 303);
  assert.equal(caseRow(no).assignee, 0, 'nobody assigned again');
  assert.equal(textById((await staffCase(client, no)).page.text, 'case-assignee'), '未割り当て');
});

/** The numbers of the page's cases in the order the database gives for the
 * sort (the same keys as the list: the column, then the update time and
 * the id as tie-breakers), to compare with the page's own order. */
function orderedInDb(numbers, sort, desc) {
  const key = {
    no: ['c.case_no'], status: ['c.status', 'c.updated_at'], category: ['c.category_id', 'c.updated_at'],
    subject: ['c.subject'],
    customer: ['t.customer_no', 'c.updated_at'], tenant: ['t.name', 'c.updated_at'],
    service: ['c.service_sort', 'c.updated_at'], contact: ['c.contact_sort', 'c.updated_at'],
    updated: ['c.updated_at'],
  }[sort];
  const dir = desc ? ' DESC' : '';
  const order = [...key, 'c.id'].map((k) => k + dir).join(', ');
  return dbRows(`SELECT c.case_no FROM cases c JOIN tenants t ON t.id = c.tenant_id
    WHERE c.case_no IN (${numbers.map(sqlString).join(', ')}) ORDER BY ${order}`).map((r) => r[0]);
}

test('the queue keeps every sort across tenants, in both directions and on later pages', async () => {
  const { client: analystClient } = await analyst();
  const a = await customer(TENANT_A.no);
  const b = await customer(TENANT_B.no);
  const tag = word('o');
  // the two tenants' cases interleaved in time, subjects against their age
  const opened = [];
  for (let i = 0; i < 6; i++) {
    const who = i % 2 ? b : a;
    opened.push(await openCase(who.client, { subject: `${tag} ${'fedcba'[i]}` }));
  }
  const sorts = ['no', 'status', 'category', 'subject', 'customer', 'tenant', 'service', 'contact', 'updated'];
  for (const sort of sorts) {
    for (const dir of ['asc', 'desc']) {
      for (const query of [`q=${tag}&`, '', 'page=2&']) {
        // The unfiltered pages hold other tests' cases, which those tests may
        // change between the page and the database's order: such a page is
        // read again (a page grouped by tenant stays wrong every time). The
        // keyword's page holds this test's cases only and must be right at once.
        const tries = query.startsWith('q=') ? 1 : 3;
        let shown = [];
        let expected = [];
        for (let t = 0; t < tries; t++) {
          const res = await analystClient.get(`/staff/cases/?${query}sort=${sort}&dir=${dir}`);
          assert.equal(res.status, 200, describe5xx(res));
          shown = queueNumbers(res.text);
          expected = orderedInDb(shown, sort, dir === 'desc');
          if (shown.join() === expected.join()) break;
        }
        if (query.startsWith('q=')) assert.equal(shown.length, opened.length, `${sort} ${dir}`);
        assert.ok(shown.length > 1, `${query}${sort} ${dir}`);
        assert.deepEqual(shown, expected, `${query}sort=${sort}&dir=${dir}`);
      }
    }
  }
});
