// The analyst console beyond the case page: opening a case for a tenant
// (with a file, mailed to the customer) and editing the category list.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, textById, uniqueId, dbRows, TENANT_A } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { waitForMail, mailsAfter } from '../lib/mail.mjs';
import { act, categoryId, caseRow, freshTenant, listedCases } from '../lib/cases.mjs';
import { multipart, postMultipart } from '../lib/attach.mjs';

let staffP;
const staff = () => (staffP ??= staffLogin({ name: 'コンソール アナリスト' }));

async function staffNew(client, fields, file) {
  const form = await client.get('/staff/cases/new');
  assert.equal(form.status, 200);
  const parts = [{ name: 'csrf', value: csrfOf(form.text) },
    ...Object.entries(fields).map(([name, value]) => ({ name, value }))];
  if (file) parts.push({ name: 'attachments', filename: file.name, type: 'text/plain', data: file.data });
  return postMultipart(client, '/staff/cases/new', multipart(parts));
}

test('an analyst opens a case for a tenant with the monthly report; the customer is told and sees it', async () => {
  const { client } = await staff();
  const contact = createUser({ tenant: TENANT_A.no, name: '報告 受取' });
  const res = await staffNew(client, {
    tenant: TENANT_A.no, contact: contact.login, category: categoryId('monthly_report_delivery'),
    subject: '月次レポート送付(テスト)', description: '今月のレポートを添付します。',
  }, { name: '月次レポート.txt', data: 'report body' });
  assert.equal(res.status, 303, textById(res.text, 'form-error') || res.text.slice(0, 200));
  const no = /CS\d{7}/.exec(res.headers.get('location'))[0];
  assert.equal(caseRow(no).status, 'new');
  const mail = await waitForMail(contact.login, { subject: `[${no}] 新しいケース: 月次レポート送付(テスト)` });
  assert.match(mail.body, /今月のレポートを添付します。/);
  const customer = new Client();
  await customer.loginOk(contact);
  const page = await customer.get(`/cases/${no}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('月次レポート.txt'));
  const monthly = await customer.get('/cases/?quick=monthly');
  assert.ok(listedCases(monthly.text).includes(no), 'the monthly report quick filter finds it');
});

test('a public comment on a case with no usable contact reaches the tenant admins; with a contact, only the contact', async () => {
  const { client } = await staff();
  const tenant = freshTenant('連絡先なし株式会社');
  const admin = createUser({ role: 'customer_admin', tenant: tenant.no });
  const contact = createUser({ tenant: tenant.no });
  const open = async (fields) => {
    const res = await staffNew(client, { tenant: tenant.no, category: categoryId('alarm'),
      subject: 'アラーム(連絡先テスト)', description: '検知がありました。', ...fields });
    assert.equal(res.status, 303, textById(res.text, 'form-error') || res.text.slice(0, 200));
    return /CS\d{7}/.exec(res.headers.get('location'))[0];
  };
  const comment = async (no, body) => {
    const res = await act(client, no, 'comment', { body, visibility: 'public' }, { prefix: '/staff' });
    assert.equal(res.status, 303, res.text.slice(0, 200));
  };
  const subject = (no) => `[${no}] 担当者からのコメント: アラーム(連絡先テスト)`;

  const noContact = await open({});
  await comment(noContact, '連絡先のないケースへのコメント');
  const toAdmin = await waitForMail(admin.login, { subject: subject(noContact) });
  assert.match(toAdmin.body, /連絡先のないケースへのコメント/);

  const disabled = await open({ contact: contact.login });
  dbRows(`UPDATE users SET disabled = 1 WHERE id = ${contact.id}`);
  await comment(disabled, '無効な連絡先のケースへのコメント');
  assert.match((await waitForMail(admin.login, { subject: subject(disabled) })).body, /無効な連絡先のケースへのコメント/);

  // a usable contact gets the comment alone, as before
  const other = createUser({ tenant: tenant.no });
  const withContact = await open({ contact: other.login });
  await comment(withContact, '連絡先へのコメント');
  await waitForMail(other.login, { subject: subject(withContact) });
  assert.equal((await mailsAfter(admin.login, { subject: subject(withContact), waitMs: 1500 })).length, 0,
    'the admins are not copied on a comment the contact receives');
});

test('opening a case: unknown tenant, a user of another tenant, a retired category are refused', async () => {
  const { client } = await staff();
  const other = createUser({ tenant: 'N200000002' });
  const base = { category: categoryId('alarm'), subject: 's', description: 'd' };
  const noTenant = await staffNew(client, { ...base, tenant: 'N999999999' });
  assert.equal(noTenant.status, 400);
  assert.equal(textById(noTenant.text, 'error-tenant'), 'このお客様番号のお客様はいません。');
  const wrongContact = await staffNew(client, { ...base, tenant: TENANT_A.no, contact: other.login });
  assert.equal(wrongContact.status, 400);
  assert.ok(wrongContact.text.includes('id="error-contact"'));
  const badCategory = await staffNew(client, { ...base, tenant: TENANT_A.no, category: '999999' });
  assert.equal(badCategory.status, 400);
});

test('the category list: add, rename, offer to customers, retire; codes are unique', async () => {
  const { client } = await staff();
  const code = `t_${uniqueId('c').replace(/[^a-z0-9]/g, '').slice(0, 20)}`;
  let page = await client.get('/staff/cases/categories');
  assert.equal(page.status, 200);
  const add = await client.post('/staff/cases/categories', {
    csrf: csrfOf(page.text), action: 'add', code, name_ja: '新カテゴリ', name_en: 'New category',
    hint_ja: '説明です。', hint_en: 'A hint.', selectable: '1',
  });
  assert.equal(add.status, 303);
  const id = categoryId(code);
  const customer = new Client();
  await customer.loginOk(createUser({ tenant: TENANT_A.no }));
  let form = await customer.get('/cases/new');
  assert.ok(form.text.includes(`id="category-${code}"`) && form.text.includes('説明です。'), 'offered with its hint');
  page = await client.get('/staff/cases/categories');
  const dup = await client.post('/staff/cases/categories', {
    csrf: csrfOf(page.text), action: 'add', code, name_ja: 'x', name_en: 'x' });
  assert.equal(dup.status, 409);
  assert.equal(textById(dup.text, 'categories-error'), 'このコードは既に使われています。');
  const retire = await client.post('/staff/cases/categories', {
    csrf: csrfOf(page.text), action: 'save', id, name_ja: '改名', name_en: 'Renamed', selectable: '1', retired: '1' });
  assert.equal(retire.status, 303);
  form = await customer.get('/cases/new');
  assert.ok(!form.text.includes(`id="category-${code}"`), 'a retired category is not offered');
  const badCode = await client.post('/staff/cases/categories', {
    csrf: csrfOf(page.text), action: 'add', code: 'Bad Code', name_ja: 'x', name_en: 'x' });
  assert.equal(badCode.status, 400);
  assert.equal((await customer.get('/staff/cases/categories')).status, 404, 'not for customers');
});

test('the category order: a saved position moves the category in every list (ties by age); none keeps it', async () => {
  const { client } = await staff();
  const code = `o_${uniqueId('o').replace(/[^a-z0-9]/g, '').slice(0, 20)}`;
  let page = await client.get('/staff/cases/categories');
  const csrf = csrfOf(page.text);
  assert.equal((await client.post('/staff/cases/categories', {
    csrf, action: 'add', code, name_ja: '並び順テスト', name_en: 'Order test', selectable: '1' })).status, 303);
  const id = categoryId(code);
  const codes = (html) => [...html.matchAll(/id="category-([a-z0-9_]+)"/g)].map((m) => m[1])
    .filter((c) => c !== 'add');
  page = await client.get('/staff/cases/categories');
  assert.equal(codes(page.text).at(-1), code, 'a new category comes last');
  assert.match(page.text, new RegExp(`id="${code}-position"[^>]*value="\\d+"`), 'its position is shown');

  const save = (fields) => client.post('/staff/cases/categories', {
    csrf, action: 'save', id, name_ja: '並び順テスト', name_en: 'Order test', selectable: '1', ...fields });
  assert.equal((await save({})).status, 303);
  assert.equal(codes((await client.get('/staff/cases/categories')).text).at(-1), code, 'no position keeps the place');
  assert.equal((await save({ position: 'x' })).status, 400, 'a position is a number');
  assert.equal((await save({ position: '0' })).status, 303);
  page = await client.get('/staff/cases/categories');
  assert.equal(codes(page.text)[0], code, 'first in the editor');
  const customer = new Client();
  await customer.loginOk(createUser({ tenant: TENANT_A.no }));
  assert.equal(codes((await customer.get('/cases/new')).text)[0], code, 'and first on the inquiry form');
  // retired again, so the other suites see the usual list
  assert.equal((await save({ retired: '1' })).status, 303);
  assert.ok(!codes((await customer.get('/cases/new')).text).includes(code));
});

test('a new case for a disabled user says so; blank texts are refused', async () => {
  const { client } = await staff();
  const former = createUser({ tenant: TENANT_A.no, name: '退職 済み' });
  dbRows(`UPDATE users SET disabled = 1 WHERE id = ${former.id}`);
  const subject = `無効ユーザー ${uniqueId('d')}`;
  const fields = { tenant: TENANT_A.no, category: categoryId('service'), subject, description: '内容です。' };
  const disabled = await staffNew(client, { ...fields, contact: former.login });
  assert.equal(disabled.status, 400);
  assert.equal(textById(disabled.text, 'error-contact'),
    'このユーザーIDのユーザーは無効になっているため、ご担当者にできません。');
  const unknown = await staffNew(client, { ...fields, contact: uniqueId('nobody') });
  assert.equal(unknown.status, 400);
  assert.equal(textById(unknown.text, 'error-contact'), 'このお客様にこのユーザーIDのユーザーはいません。');
  const blank = await staffNew(client, { ...fields, description: ' \u3000 ' });
  assert.equal(blank.status, 400);
  assert.match(blank.text, /空白だけでは入力できません。内容を入力してください。/);
  const blankSubject = await staffNew(client, { ...fields, subject: '\u3000 ' });
  assert.equal(blankSubject.status, 400);
  assert.equal(textById(blankSubject.text, 'error-subject'), '空白だけでは入力できません。内容を入力してください。');
  assert.equal(dbRows(`SELECT COUNT(*) FROM cases WHERE subject = '${subject}'`)[0][0], '0');
  const ok = await staffNew(client, fields);
  assert.equal(ok.status, 303);
  const no = /CS\d{7}/.exec(ok.headers.get('location'))[0];
  // a comment of only blanks is no comment
  const before = dbRows(`SELECT COUNT(*) FROM case_activity a JOIN cases c ON c.id = a.case_id WHERE c.case_no = '${no}'`)[0][0];
  const res = await act(client, no, 'comment', { body: '   ', visibility: 'public' }, { prefix: '/staff' });
  assert.equal(res.status, 400);
  assert.equal(dbRows(`SELECT COUNT(*) FROM case_activity a JOIN cases c ON c.id = a.case_id WHERE c.case_no = '${no}'`)[0][0], before);
});
