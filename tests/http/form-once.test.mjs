// One-time form keys: a "new" form posted twice (a double click, Back and
// resubmit, a retry after a slow answer) creates one object and sends one
// mail; the second post leads where the first did. Two forms (two keys)
// still make two. A post without a key (an older page) is not matched.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, hiddenValue, uniqueId, dbRows, sqlString, TENANT_A, createUser } from '../lib/http.mjs';
import { outboxTo } from '../lib/mail.mjs';
import { freshTenant, categoryId, TEAM_ADDRESS } from '../lib/cases.mjs';
import { multipart, postMultipart, storeFiles } from '../lib/attach.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { loginAs, userFields, WELCOME_SUBJECT } from '../lib/users.mjs';
import { testItem, goodValues, tenantWithPoints, requestCount } from '../lib/requests.mjs';

const KEY = /^[A-Za-z0-9_-]{43}$/;

/** The form page's csrf and form_key. */
async function formOf(client, path) {
  const form = await client.get(path);
  assert.equal(form.status, 200, `GET ${path}`);
  const key = hiddenValue(form.text, 'form_key');
  assert.match(key || '', KEY, `${path} carries a form key`);
  return { csrf: csrfOf(form.text), key };
}

const usersWithEmail = (email) => dbRows(`SELECT id FROM users WHERE email = ${sqlString(email)}`).map(([id]) => Number(id));
const teamMails = (subject) => outboxTo(TEAM_ADDRESS).filter((m) => m.subject.endsWith(subject));
const casesWithSubject = (subject) => dbRows(`SELECT id, case_no FROM cases WHERE subject = ${sqlString(subject)}`);
const attachmentsOf = (caseId) => dbRows(`SELECT store_id FROM case_attachments WHERE case_id = ${Number(caseId)}`);

test('new user: the same form posted twice creates one user and one welcome mail; both answers lead to that user', async () => {
  const { client } = await loginAs('customer_admin', freshTenant('二重送信テスト株式会社'));
  const { csrf, key } = await formOf(client, '/account/users/new');
  const fields = { csrf, form_key: key, ...userFields({ email: uniqueId('double') }) };
  const first = await client.post('/account/users/new', fields);
  assert.equal(first.status, 303, first.text.slice(0, 300));
  assert.match(first.headers.get('location'), /^\/account\/users\/\d+\?done=created$/);
  const again = await client.post('/account/users/new', fields);
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal(usersWithEmail(fields.email).length, 1, 'one user');
  assert.equal(outboxTo(fields.email, { subject: WELCOME_SUBJECT }).length, 1, 'one welcome mail');
  // the page it leads to shows the same notice
  assert.equal((await client.get(again.headers.get('location'))).status, 200);

  // posted at the same time: still one
  const both = await formOf(client, '/account/users/new');
  const racing = { csrf: both.csrf, form_key: both.key, ...userFields({ email: uniqueId('race') }) };
  const answers = await Promise.all([client.post('/account/users/new', racing), client.post('/account/users/new', racing)]);
  assert.deepEqual(answers.map((a) => a.status), [303, 303], answers.map((a) => a.text.slice(0, 200)).join('\n'));
  assert.equal(answers[0].headers.get('location'), answers[1].headers.get('location'));
  assert.equal(usersWithEmail(racing.email).length, 1, 'one user from the racing pair');
  assert.equal(outboxTo(racing.email, { subject: WELCOME_SUBJECT }).length, 1, 'one welcome mail from the racing pair');
});

test('new user: two forms (two keys) with the same values make two users; a form shown again after an error keeps its key', async () => {
  const { client } = await loginAs('customer_admin', freshTenant('二名登録テスト株式会社'));
  const email = uniqueId('twice');
  const a = await formOf(client, '/account/users/new');
  const b = await formOf(client, '/account/users/new');
  assert.notEqual(a.key, b.key);
  const first = await client.post('/account/users/new', { csrf: a.csrf, form_key: a.key, ...userFields({ email }) });
  const second = await client.post('/account/users/new', { csrf: b.csrf, form_key: b.key, ...userFields({ email }) });
  assert.equal(first.status, 303);
  assert.equal(second.status, 303);
  assert.notEqual(first.headers.get('location'), second.headers.get('location'));
  assert.equal(usersWithEmail(email).length, 2, 'the admin really meant two');
  assert.equal(outboxTo(email, { subject: WELCOME_SUBJECT }).length, 2);

  // a refused post renders the form with the key it was posted with
  const c = await formOf(client, '/account/users/new');
  const bad = await client.post('/account/users/new', { csrf: c.csrf, form_key: c.key, ...userFields({ email: 'not-an-address' }) });
  assert.equal(bad.status, 400);
  assert.equal(hiddenValue(bad.text, 'form_key'), c.key);
  // the edit form has no key
  const id = /\/account\/users\/(\d+)/.exec(first.headers.get('location'))[1];
  assert.equal(hiddenValue((await client.get(`/account/users/${id}`)).text, 'form_key'), null);
  // an older page without a key is not matched: each post creates
  const plain = uniqueId('plain');
  for (let i = 0; i < 2; i++)
    assert.equal((await client.post('/account/users/new', { csrf: c.csrf, ...userFields({ email: plain }) })).status, 303);
  assert.equal(usersWithEmail(plain).length, 2);
});

/** The multipart body of a new-case form with one file. */
function caseBody(form, fields, file) {
  return multipart([
    { name: 'csrf', value: form.csrf }, { name: 'form_key', value: form.key },
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'attachments', filename: file.name, type: 'text/plain', data: file.data },
  ]);
}

test('new inquiry with a file: the same body posted twice opens one case, stores one file, mails the analysts once', async () => {
  const { client } = await loginAs('customer_user', TENANT_A);
  const subject = `二重送信 ${uniqueId('s')}`;
  const form = await formOf(client, '/cases/new');
  const fields = { category: categoryId('service'), subject, description: '同じフォームを二度送信。' };
  const before = storeFiles().length;
  const body = caseBody(form, fields, { name: 'log.txt', data: 'the same file' });
  const first = await postMultipart(client, '/cases/new', body);
  assert.equal(first.status, 303, first.text.slice(0, 300));
  assert.match(first.headers.get('location'), /^\/cases\/CS\d{7}\?done=created$/);
  const again = await postMultipart(client, '/cases/new', body);
  assert.equal(again.status, 303, again.text.slice(0, 300));
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  const rows = casesWithSubject(subject);
  assert.equal(rows.length, 1, 'one case');
  assert.equal(attachmentsOf(rows[0][0]).length, 1, 'one attachment');
  assert.equal(storeFiles().length, before + 1, 'the repeat copied nothing into the store');
  assert.equal(teamMails(subject).length, 1, 'one mail to the analysts');
  assert.equal((await client.get(again.headers.get('location'))).status, 200);

  // a racing pair: one case, one stored file (the loser's is discarded)
  const raceSubject = `同時送信 ${uniqueId('s')}`;
  const raceForm = await formOf(client, '/cases/new');
  const raceBody = caseBody(raceForm, { ...fields, subject: raceSubject }, { name: 'race.txt', data: 'raced' });
  const stored = storeFiles().length;
  const answers = await Promise.all([postMultipart(client, '/cases/new', raceBody), postMultipart(client, '/cases/new', raceBody)]);
  assert.deepEqual(answers.map((a) => a.status), [303, 303], answers.map((a) => a.text.slice(0, 200)).join('\n'));
  assert.equal(answers[0].headers.get('location'), answers[1].headers.get('location'));
  const raced = casesWithSubject(raceSubject);
  assert.equal(raced.length, 1, 'one case from the racing pair');
  assert.equal(attachmentsOf(raced[0][0]).length, 1);
  assert.equal(storeFiles().length, stored + 1, 'the losing post left no file behind');
  assert.equal(teamMails(raceSubject).length, 1);

  // two forms: two cases
  const twin = `二件 ${uniqueId('s')}`;
  for (let i = 0; i < 2; i++) {
    const f = await formOf(client, '/cases/new');
    const res = await postMultipart(client, '/cases/new', caseBody(f, { ...fields, subject: twin }, { name: 'a.txt', data: 'a' }));
    assert.equal(res.status, 303);
  }
  assert.equal(casesWithSubject(twin).length, 2, 'two forms, two cases');
  assert.equal(teamMails(twin).length, 2);
});

test('an analyst opening a case for a tenant: the same form posted twice opens one case and mails the customer once', async () => {
  const { client } = await staffLogin({ name: '二重 確認' });
  const email = uniqueId('rcv');
  const contact = createUser({ tenant: TENANT_A.no, name: '二重 受取', email });
  const subject = `二重送信(コンソール) ${uniqueId('s')}`;
  const form = await formOf(client, '/staff/cases/new');
  const body = caseBody(form, {
    tenant: TENANT_A.no, contact: contact.login, category: categoryId('service'), subject, description: '本文',
  }, { name: 'report.txt', data: 'report' });
  const first = await postMultipart(client, '/staff/cases/new', body);
  assert.equal(first.status, 303, first.text.slice(0, 300));
  assert.match(first.headers.get('location'), /^\/staff\/cases\/CS\d{7}\?done=created$/);
  const again = await postMultipart(client, '/staff/cases/new', body);
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  const rows = casesWithSubject(subject);
  assert.equal(rows.length, 1);
  assert.equal(attachmentsOf(rows[0][0]).length, 1);
  assert.equal(outboxTo(email).length, 1, 'one mail to the customer');
});

test('work request with a file: the same form posted twice sends one request and one mail to the analysts', async () => {
  const item = testItem({ cost: 6 });
  const { tenant, user } = tenantWithPoints(20, { name: '二重 依頼' });
  const client = new Client();
  await client.loginOk(user);
  const path = `/cases/requests/${item.code}`;
  const body = (form) => multipart([
    { name: 'csrf', value: form.csrf }, { name: 'form_key', value: form.key },
    { name: 'item', value: String(item.id) }, { name: 'cost', value: String(item.cost) },
    ...Object.entries(goodValues()).map(([name, value]) => ({ name, value })),
    { name: 'attachments', filename: 'list.txt', type: 'text/plain', data: '198.51.100.0/24' },
  ]);
  const requestMails = () => outboxTo(TEAM_ADDRESS).filter((m) => m.subject.includes(`(${tenant.no})`));
  const before = storeFiles().length;
  const form = await formOf(client, path);
  const first = await postMultipart(client, path, body(form));
  assert.equal(first.status, 303, first.text.slice(0, 300));
  assert.match(first.headers.get('location'), /^\/cases\/requests\/WR\d{7}\?done=sent$/);
  const again = await postMultipart(client, path, body(form));
  assert.equal(again.status, 303, again.text.slice(0, 300));
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal(requestCount(tenant.no), 1, 'one request');
  assert.equal(storeFiles().length, before + 1, 'one stored file');
  assert.equal(requestMails().length, 1, 'one mail to the analysts');

  const raceForm = await formOf(client, path);
  const raced = body(raceForm);
  const answers = await Promise.all([postMultipart(client, path, raced), postMultipart(client, path, raced)]);
  assert.deepEqual(answers.map((a) => a.status), [303, 303], answers.map((a) => a.text.slice(0, 200)).join('\n'));
  assert.equal(answers[0].headers.get('location'), answers[1].headers.get('location'));
  assert.equal(requestCount(tenant.no), 2, 'the racing pair sent one more');
  assert.equal(storeFiles().length, before + 2);
  assert.equal(requestMails().length, 2);

  const other = await formOf(client, path);
  assert.equal((await postMultipart(client, path, body(other))).status, 303);
  assert.equal(requestCount(tenant.no), 3, 'another form, another request');
});
