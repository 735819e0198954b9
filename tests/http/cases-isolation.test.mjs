// Tenant isolation of cases (§0, §12): every case, comment and attachment
// route, for every customer role, GET and POST, answers another tenant's
// case number exactly like a number that does not exist.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, TENANT_A, TENANT_B } from '../lib/http.mjs';
import { openCase, caseRow, activityCount } from '../lib/cases.mjs';
import { multipart, postMultipart, missingCaseNo } from '../lib/attach.mjs';

/** The page without what differs per request (CSRF tokens) and the number asked for. */
function normalise(html, no) {
  return html.replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value=""').replaceAll(no, 'CS#######');
}

const GETS = ['', '/close', '/attachments/1', '/comment', '/nothing'];
const POSTS = [
  ['/comment', { body: '他社への書き込み' }],
  ['/close', { confirm: '1' }],
  ['/accept', {}],
  ['/reject', { body: '却下' }],
  ['/attachments', {}],
  ['/status', { status: 'closed' }],
];

async function login(role, tenant) {
  const client = new Client();
  await client.loginOk(createUser({ role, tenant: tenant.no }));
  return client;
}

test('another tenant\'s case number answers like a missing one, on every route and role', async () => {
  const owner = await login('customer_user', TENANT_A);
  const no = await openCase(owner, { subject: '隔離対象', description: '他社に見えてはいけない' });
  const missing = missingCaseNo();
  const before = caseRow(no);
  const activities = activityCount(no);
  for (const role of ['customer_user', 'customer_admin']) {
    const intruder = await login(role, TENANT_B);
    const csrf = csrfOf((await intruder.get('/')).text);
    for (const prefix of ['/cases/', '/staff/cases/']) {
      for (const tail of GETS) {
        const [other, none] = [await intruder.get(`${prefix}${no}${tail}`), await intruder.get(`${prefix}${missing}${tail}`)];
        assert.equal(other.status, none.status, `${role} GET ${prefix}…${tail}`);
        assert.ok(other.status >= 400 && other.status < 500, `${role} GET ${prefix}…${tail}: ${other.status}`);
        assert.equal(normalise(other.text, no), normalise(none.text, missing), `${role} GET ${prefix}…${tail}: same page`);
        assert.ok(!other.text.includes('隔離対象'));
      }
      for (const [tail, fields] of POSTS) {
        const body = { csrf, version: String(before.version), ...fields };
        const [other, none] = [await intruder.post(`${prefix}${no}${tail}`, body), await intruder.post(`${prefix}${missing}${tail}`, body)];
        assert.equal(other.status, none.status, `${role} POST ${prefix}…${tail}`);
        assert.ok(other.status >= 400 && other.status < 500, `${role} POST ${prefix}…${tail}: ${other.status}`);
        assert.equal(normalise(other.text, no), normalise(none.text, missing), `${role} POST ${prefix}…${tail}: same page`);
        // the same through the upload location, as a multipart form with a file
        const mp = multipart([{ name: 'csrf', value: csrf }, { name: 'version', value: String(before.version) },
          { name: 'body', value: 'x' }, { name: 'attachments', filename: 'a.txt', data: 'abc' }]);
        const [mo, mn] = [await postMultipart(intruder, `${prefix}${no}${tail}`, mp), await postMultipart(intruder, `${prefix}${missing}${tail}`, mp)];
        assert.equal(mo.status, mn.status, `${role} multipart POST ${prefix}…${tail}`);
        assert.equal(normalise(mo.text, no), normalise(mn.text, missing), `${role} multipart ${prefix}…${tail}: same page`);
      }
    }
    const list = await intruder.get(`/cases/?q=${encodeURIComponent('隔離対象')}`);
    assert.ok(!list.text.includes(no), 'not in the other tenant\'s list');
  }
  assert.deepEqual(caseRow(no), before, 'nothing changed');
  assert.equal(activityCount(no), activities);
});

test('customers never reach the analyst console', async () => {
  const customer = await login('customer_admin', TENANT_A);
  const no = await openCase(customer, { subject: 'コンソール' });
  for (const path of ['/staff/cases/', `/staff/cases/${no}`, '/staff/cases/?tenant=N200000001']) {
    assert.equal((await customer.get(path)).status, 404, path);
  }
  assert.equal((await customer.get('/cases/')).status, 200);
});
