// The analyst console of cases (CASE-8): the queue of every tenant's cases
// with the tenant and assignment filters, assignment, public comments and
// internal notes (never on the customer's page, mail or keyword search),
// status changes along CASE-5 with their mails, two analysts at once, cases
// opened for a tenant, the category list, and /staff/cases closed to
// customers. Each test opens its own cases with its own users, so the tests
// of the customer side running alongside see nothing of them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  Client, createUser, csrfOf, textById, hiddenValue, dbRows, sqlString, describe5xx,
  TENANT_A, TENANT_B,
} from '../lib/http.mjs';
import { waitForMail, mailsTo, mailsAfter } from '../lib/mail.mjs';
import { staffLogin } from '../lib/staff.mjs';
import {
  attachmentRows, multipart, postMultipart, download, sha256Hex, storeFiles,
} from '../lib/attach.mjs';

const MSG = {
  changed: 'このケースはほかの方によって更新されました。',
  closed: 'このケースはクローズされているため、変更できません。',
  state: '現在の状況ではこの操作はできません。',
  invalid: '入力内容を確認してください。',
  tenant: 'このお客様番号のテナントはありません。',
  customerNo: 'お客様番号は N と 9 桁の数字で入力してください。',
  choose: '一覧から選んでください。',
  code: 'コードには英小文字、数字、_ だけを使えます。',
  codeTaken: 'このコードはすでに使われています。',
};

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

/** A customer opens an inquiry (with files: [{ filename, data }]); returns its number. */
async function openCase(client, { subject = `件名 ${word('s')}`, description = '内容です。', files } = {}) {
  const form = await client.get('/cases/new');
  assert.equal(form.status, 200, describe5xx(form));
  const fields = { csrf: csrfOf(form.text), category: categoryId('service'), subject, description };
  const res = files
    ? await postMultipart(client, '/cases/new', multipart([
      ...Object.entries(fields).map(([name, value]) => ({ name, value: String(value) })),
      ...files.map((f) => ({ name: 'attachments', type: 'text/plain', ...f }))]))
    : await client.post('/cases/new', fields);
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

test('customers get the page-not-found answer on every /staff/cases route', async () => {
  const { client } = await customer();
  const no = await openCase(client);
  const csrf = csrfOf((await client.get('/cases/new')).text);
  const missing = await client.get('/staff/cases/CS0000000x');
  for (const path of ['/staff/cases/', '/staff/cases/new', '/staff/cases/new?tenant=N200000001',
    '/staff/cases/categories', `/staff/cases/${no}`]) {
    const res = await client.get(path);
    assert.equal(res.status, 404, `GET ${path}`);
    assert.equal(res.text, missing.text, `GET ${path} answers like a missing page`);
  }
  for (const path of ['/staff/cases/new', '/staff/cases/categories', `/staff/cases/${no}/comment`,
    `/staff/cases/${no}/status`, `/staff/cases/${no}/assign`]) {
    const res = await client.post(path, {
      csrf, version: '1', body: 'x', visibility: 'public', status: 'closed', assignee: '1',
      code: 'x', position: '1', name_ja: 'x', name_en: 'x',
    });
    assert.equal(res.status, 404, `POST ${path}`);
  }
  assert.deepEqual(caseRow(no), { status: 'new', version: 1, assignee: 0 }, 'nothing changed');
});

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
  assert.match(textById(res.text, 'case-error'), new RegExp(MSG.invalid));
  res = await staffAct(client, no, 'assign', { assignee: 'x' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'case-error'), new RegExp(MSG.invalid));
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

test('an internal note never reaches the customer: page, mail or keyword; a public comment does', async () => {
  const { client } = await analyst();
  const { client: cust, user } = await customer();
  const no = await openCase(cust, { files: [{ filename: 'ログ.txt', data: '不審な通信のログ' }] });
  const [[, fileName]] = attachmentRows(dbRows(`SELECT id FROM cases WHERE case_no = ${sqlString(no)}`)[0][0]);
  assert.equal(fileName, 'ログ.txt', 'the inquiry\'s file is recorded with it');
  const secret = word('naibu');
  const open = word('kokai');

  let res = await staffAct(client, no, 'comment', { body: `社内の${secret}メモ`, visibility: 'internal' });
  assert.equal(res.status, 303, describe5xx(res));
  assert.equal(caseRow(no).version, 2, 'the note is a change of the case');
  res = await staffAct(client, no, 'comment', { body: `ご確認ください${open}です`, visibility: 'public' });
  assert.equal(res.status, 303);

  const staffPage = (await staffCase(client, no)).page.text;
  assert.match(staffPage, /class="activity-note by-staff"/);
  assert.match(staffPage, /class="sg-badge note-badge">内部メモ</);
  assert.ok(staffPage.includes(secret), 'the analyst sees the note');

  const custPage = await cust.get(`/cases/${no}`);
  assert.ok(custPage.text.includes(open), 'the customer sees the public comment');
  assert.ok(!custPage.text.includes(secret), 'but not the note');

  const mail = await waitForMail(user.login, { subject: `[${no}] 担当者からのコメント: ${textById(custPage.text, 'case-subject')}` });
  assert.ok(mail.body.includes(open));
  const all = await mailsAfter(user.login, { waitMs: 1000 });
  assert.ok(all.every((m) => !m.body.includes(secret) && !m.subject.includes(secret)), 'no mail holds the note');
  assert.equal(all.length, 1, 'one mail: the public comment');

  assert.deepEqual(queueNumbers((await cust.get(`/cases/?q=${open}`)).text), [no], 'public words are found');
  assert.deepEqual(queueNumbers((await cust.get(`/cases/?q=${secret}`)).text), [], 'note words are not');

  res = await staffAct(client, no, 'comment', { body: '', visibility: 'public' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'error-body'), /入力してください/);
  res = await staffAct(client, no, 'comment', { body: 'x', visibility: 'everyone' });
  assert.equal(res.status, 400);
  assert.equal(dbRows(`SELECT COUNT(*) FROM case_activity a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${sqlString(no)}`)[0][0], '2', 'refused comments stored nothing');
});

test('status changes along CASE-5 mail the contact; resolved mails the admins; closed never reopens', async () => {
  const { client } = await analyst();
  const admin = createUser({ tenant: TENANT_B.no, role: 'customer_admin' });
  const { client: cust, user } = await customer(TENANT_B.no);
  const no = await openCase(cust);
  const subject = textById((await cust.get(`/cases/${no}`)).text, 'case-subject');
  const statusSubject = `[${no}] 状況が変わりました: ${subject}`;

  let res = await staffAct(client, no, 'status', { status: 'new' });
  assert.equal(res.status, 409, 'back to 新規 is not a provider move');
  assert.match(textById(res.text, 'case-error'), new RegExp(MSG.state));
  res = await staffAct(client, no, 'status', { status: 'resolvedx' });
  assert.equal(res.status, 400);

  res = await staffAct(client, no, 'status', { status: 'working' });
  assert.equal(res.status, 303);
  assert.equal(caseRow(no).status, 'working');
  let mail = await waitForMail(user.login, { subject: statusSubject });
  assert.match(mail.body, /状況 : 対応中/);

  const answer = word('kaitou');
  res = await staffAct(client, no, 'status', { status: 'resolved', body: `対処しました ${answer}` });
  assert.equal(res.status, 303);
  mail = await waitForMail(user.login, { subject: statusSubject, count: 2 });
  assert.match(mail.body, /状況 : 解決済み\(クローズ待ち\)/);
  assert.ok(mail.body.includes(answer), 'the comment goes with the status');
  const adminMail = await waitForMail(admin.login, { subject: statusSubject, count: 2 });
  assert.ok(adminMail.body.includes(answer), 'admins hear of a resolved case');
  assert.deepEqual(queueNumbers((await cust.get(`/cases/?q=${answer}`)).text), [no], 'the comment is searchable');

  const custPage = await cust.get(`/cases/${no}`);
  const accept = await cust.post(`/cases/${no}/accept`, { csrf: csrfOf(custPage.text), version: hiddenValue(custPage.text, 'version') });
  assert.equal(accept.status, 303);
  assert.equal(caseRow(no).status, 'closed');

  const before = caseRow(no);
  for (const [action, fields] of [['comment', { body: 'まだ', visibility: 'public' }],
    ['comment', { body: 'メモ', visibility: 'internal' }], ['status', { status: 'working' }],
    ['assign', { assignee: String(createUser({ role: 'analyst' }).id) }]]) {
    const { csrf } = await staffCase(client, no);
    res = await client.post(`/staff/cases/${no}/${action}`, { csrf, version: String(before.version), ...fields });
    assert.equal(res.status, 409, `${action} on a closed case`);
    assert.match(textById(res.text, 'case-error'), new RegExp(MSG.closed));
  }
  assert.deepEqual(caseRow(no), before, 'a closed case does not change');
  const closedPage = (await staffCase(client, no)).page.text;
  assert.ok(!closedPage.includes('id="comment-form"') && !closedPage.includes('id="status-form"'));
  assert.match(textById(closedPage, 'closed-note'), /クローズされているため/);
});

test('two analysts acting at once: one wins, the other is told the case changed', async () => {
  const { client: first } = await analyst();
  const { client: second } = await staffLogin({ name: '同時 担当' });
  const { client: cust } = await customer();
  const no = await openCase(cust);
  const a = await staffCase(first, no);
  const b = await staffCase(second, no);
  const [ra, rb] = await Promise.all([
    first.post(`/staff/cases/${no}/status`, { csrf: a.csrf, version: a.version, status: 'working' }),
    second.post(`/staff/cases/${no}/status`, { csrf: b.csrf, version: b.version, status: 'awaiting_customer', body: '確認をお願いします' }),
  ]);
  const statuses = [ra.status, rb.status].sort();
  assert.deepEqual(statuses, [303, 409], 'one wins');
  const loser = ra.status === 409 ? ra : rb;
  assert.match(textById(loser.text, 'case-error'), new RegExp(MSG.changed));
  assert.equal(caseRow(no).version, 2, 'one change only');

  const stale = await second.post(`/staff/cases/${no}/comment`, { csrf: b.csrf, version: b.version, body: '古い版', visibility: 'internal' });
  assert.equal(stale.status, 409, 'a stale version is refused');
  assert.equal(caseRow(no).version, 2);
});

test('an analyst opens a case for a tenant; the contact is mailed and sees it', async () => {
  const { client } = await analyst();
  const { client: cust, user } = await customer();
  const other = createUser({ tenant: TENANT_B.no });
  const form = await client.get(`/staff/cases/new?tenant=${TENANT_A.no}`);
  assert.equal(form.status, 200, describe5xx(form));
  assert.match(textById(form.text, 'tenant-name'), new RegExp(TENANT_A.name));
  assert.match(form.text, new RegExp(`<option value="${user.id}">`), 'the tenant\'s users are offered');
  assert.ok(!form.text.includes(`<option value="${other.id}">`), 'no user of another tenant');
  assert.match(form.text, /data-code="monthly_report_delivery"/, 'provider-only categories are offered');

  const csrf = csrfOf(form.text);
  const subject = `2026年11月 月次レポート ${word('r')}`;
  const fields = {
    csrf, tenant: TENANT_A.no, contact: String(user.id), category: categoryId('monthly_report_delivery'),
    subject, description: '月次レポートをお送りします。',
  };
  const count = () => Number(dbRows(`SELECT COUNT(*) FROM cases WHERE subject = ${sqlString(subject)}`)[0][0]);

  let res = await client.post('/staff/cases/new', { ...fields, contact: String(other.id) });
  assert.equal(res.status, 400, 'a contact of another tenant');
  assert.match(textById(res.text, 'error-contact'), new RegExp(MSG.choose));
  res = await client.post('/staff/cases/new', { ...fields, tenant: 'N999999999' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'form-error'), new RegExp(MSG.invalid));
  res = await client.post('/staff/cases/new', { ...fields, tenant: 'X1' });
  assert.equal(res.status, 400);
  assert.match(res.text, new RegExp(MSG.customerNo));
  res = await client.post('/staff/cases/new', { ...fields, subject: '' });
  assert.equal(res.status, 400);
  const unknown = await client.get('/staff/cases/new?tenant=N999999999');
  assert.equal(unknown.status, 400);
  assert.match(textById(unknown.text, 'form-error'), new RegExp(MSG.tenant));
  const report = Buffer.concat([Buffer.from('%PDF-1.4\r\n'), Buffer.alloc(50000, 3)]);
  const reportName = '月次レポート_2026年11月.pdf';
  const withFile = (name) => multipart([...Object.entries(fields).map(([k, v]) => ({ name: k, value: String(v) })),
    { name: 'attachments', filename: name, type: 'application/pdf', data: report }]);
  const stored = storeFiles().length;
  res = await postMultipart(client, '/staff/cases/new', withFile('../etc/passwd'));
  assert.equal(res.status, 400, 'a file name with a path');
  assert.ok(res.text.includes('ファイル名に使えない文字'), 'with the reason');
  assert.equal(count(), 0, 'refused forms open nothing');
  assert.equal(storeFiles().length, stored, 'and store no file');

  res = await postMultipart(client, '/staff/cases/new', withFile(reportName));
  assert.equal(res.status, 303, describe5xx(res));
  const no = /^\/staff\/cases\/(CS[0-9]{7})\?done=created$/.exec(res.headers.get('location'))[1];
  assert.equal(count(), 1);
  const caseId = dbRows(`SELECT id FROM cases WHERE case_no = ${sqlString(no)}`)[0][0];
  const [file] = attachmentRows(caseId);
  assert.equal(file[1], reportName);
  assert.equal(file[5], '0', 'the report is for the customer');
  assert.match(textById((await client.get(res.headers.get('location'))).text, 'case-notice'), /ケースを作成/);
  const mail = await waitForMail(user.login, { subject: `[${no}] 新しいケース: ${subject}` });
  assert.match(mail.body, /月次レポートをお送りします。/);
  assert.deepEqual(queueNumbers((await cust.get('/cases/?quick=monthly&mine=1')).text), [no], 'in the customer\'s monthly reports');
  const page = await cust.get(`/cases/${no}`);
  assert.equal(textById(page.text, 'case-category'), '月次レポート送付');
  assert.ok(page.text.includes(reportName), 'the customer sees the file');
  const got = await download(cust, `/cases/${no}/attachments/${file[0]}`);
  assert.equal(got.res.status, 200);
  assert.equal(got.sha256, sha256Hex(report), 'and downloads it unchanged');
});

test('categories: add, edit, retire and restore with validation; a retired category stays on its cases', async () => {
  const { client } = await analyst();
  const code = `t_${randomBytes(4).toString('hex')}`;
  const page = await client.get('/staff/cases/categories');
  assert.equal(page.status, 200, describe5xx(page));
  assert.match(page.text, /id="category-service"/);
  const csrf = csrfOf(page.text);
  const add = { csrf, code, position: '90', name_ja: 'テスト区分', name_en: 'Test kind', hint_ja: 'ヒント', hint_en: 'Hint', customer_selectable: '1' };

  let res = await client.post('/staff/cases/categories', { ...add, code: 'Bad Code' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'error-code'), new RegExp(MSG.code));
  res = await client.post('/staff/cases/categories', { ...add, name_ja: '' });
  assert.equal(res.status, 400);
  assert.match(textById(res.text, 'error-name_ja'), /名前\(日本語\)/);
  res = await client.post('/staff/cases/categories', { ...add, position: '-1' });
  assert.equal(res.status, 400);
  res = await client.post('/staff/cases/categories', add);
  assert.equal(res.status, 303, describe5xx(res));
  assert.equal(res.headers.get('location'), '/staff/cases/categories?saved=1');
  res = await client.post('/staff/cases/categories', add);
  assert.equal(res.status, 409, 'codes are unique');
  assert.match(textById(res.text, 'error-code'), new RegExp(MSG.codeTaken));
  const id = categoryId(code);

  const { client: cust } = await customer();
  assert.match((await cust.get('/cases/new')).text, new RegExp(`id="category-${code}"`), 'customers may choose it');
  const form = await cust.get('/cases/new');
  const opened = await cust.post('/cases/new', { csrf: csrfOf(form.text), category: id, subject: '区分のテスト', description: 'x' });
  assert.equal(opened.status, 303);
  const no = /(CS[0-9]{7})/.exec(opened.headers.get('location'))[1];

  const edit = { csrf, id, position: '91', name_ja: 'テスト区分(旧)', name_en: 'Test kind (old)', hint_ja: '', hint_en: '', retired: '1' };
  res = await client.post('/staff/cases/categories', edit);
  assert.equal(res.status, 303);
  const [row] = dbRows(`SELECT code, position, name_ja, retired, customer_selectable FROM case_categories WHERE id = ${id}`);
  assert.deepEqual(row, [code, '91', 'テスト区分(旧)', '1', '0'], 'the code stays; unchecked boxes clear');
  assert.ok(!(await cust.get('/cases/new')).text.includes(`id="category-${code}"`), 'retired: not offered');
  const refused = await cust.post('/cases/new', { csrf: csrfOf(form.text), category: id, subject: 'x', description: 'x' });
  assert.equal(refused.status, 400, 'a retired category cannot be chosen');
  assert.equal(textById((await cust.get(`/cases/${no}`)).text, 'case-category'), 'テスト区分(旧)', 'its case keeps it');
  assert.match((await client.get('/staff/cases/categories')).text, new RegExp(`id="category-${code}"`), 'the editor still lists it');

  const { retired, ...restore } = edit;
  res = await client.post('/staff/cases/categories', { ...restore, customer_selectable: '1' });
  assert.equal(res.status, 303, 'restored');
  assert.match((await cust.get('/cases/new')).text, new RegExp(`id="category-${code}"`));
  res = await client.post('/staff/cases/categories', { ...edit, id: '999999999' });
  assert.equal(res.status, 404, 'no such category');
  res = await client.post('/staff/cases/categories', { ...edit, retired: '1' });
  assert.equal(res.status, 303, 'retired again: other tests see the default list');
});
