// Work requests (CASE-2, PTS-2): sending from an item's form, the analyst's
// accept (points, ledger, case, files, mails) and reject, the balance rule
// under parallel acceptance, every refused input, the catalog editor, and
// isolation between tenants.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, textById, dbRows, sqlString, createUser } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { pubid } from '../lib/pubid.mjs';
import { waitForMail, mailsTo } from '../lib/mail.mjs';
import { multipart, postMultipart, download, sha256Hex } from '../lib/attach.mjs';
import { TEAM_ADDRESS } from '../lib/cases.mjs';
import {
  testItem, goodValues, tenantWithPoints, period, setConsumed, requestCount, requestRow,
  ledgerRows, sendRequest, sendOk, decide, tokyoDate, awayFromTokyoMidnight,
} from '../lib/requests.mjs';

const BALANCE = '残りポイントが変わったため、必要ポイントが残りポイントを超えています。受理できませんでした(何も変更していません)。';
const DECIDED = 'この作業依頼はすでに受理または不受理になっています。';
const OVER = '必要ポイントが今期の残りポイントを超えているため、この作業は依頼できません。';
const NO_PERIOD = '今期のポイントが登録されていないため、作業依頼はお受けできません。依頼は送信されていません。';
const NO_PERIOD_STAFF = 'このお客様には今日を含むポイント期間がありません。ポイント管理で期間を作成してから受理してください(何も変更していません)。';

let analystP, secondP;
const analyst = () => (analystP ??= staffLogin({ name: '受付 アナリスト' }));
const secondAnalyst = () => (secondP ??= staffLogin({ name: '二人目 アナリスト' }));

async function customer(contracted = 20) {
  const { tenant, user } = tenantWithPoints(contracted, { name: '依頼 太郎' });
  const client = new Client();
  await client.loginOk(user);
  return { tenant, user, client };
}

test('request, accept: points consumed, ledger row, a case with the values and the files, two mails', async () => {
  const item = testItem({ cost: 6 });
  const { tenant, user, client } = await customer(20);
  const { client: staff, user: staffUser } = await analyst();

  const catalog = await client.get('/cases/requests/');
  assert.equal(catalog.status, 200);
  assert.equal(textById(catalog.text, 'points-remaining'), '20');
  assert.match(catalog.text, new RegExp(`id="item-${item.code}"`));

  // the form with a file, as a browser without JavaScript sends it
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.equal(textById(form.text, 'item-cost'), '6');
  assert.equal(textById(form.text, 'points-remaining'), '20');
  const file = Buffer.from('遮断対象の一覧\n198.51.100.0/24\n');
  const parts = [{ name: 'csrf', value: csrfOf(form.text) }, { name: 'item', value: String(item.id) },
    { name: 'cost', value: String(item.cost) },
    ...Object.entries(goodValues()).map(([name, value]) => ({ name, value })),
    { name: 'attachments', filename: '対象一覧.txt', type: 'text/plain', data: file }];
  const sent = await postMultipart(client, `/cases/requests/${item.code}`, multipart(parts));
  assert.equal(sent.status, 303, `${sent.status} ${textById(sent.text, 'form-error')}`);
  const no = /(WR\d{7})/.exec(sent.headers.get('location'))[1];
  const page = await client.get(sent.headers.get('location'));
  assert.match(textById(page.text, 'request-notice'), /^作業依頼を送信しました。/);
  assert.equal(page.text.includes('id="request-state" data-state="pending"'), true);
  assert.equal(textById(page.text, 'value-target'), '198.51.100.0/24');
  assert.equal(textById(page.text, 'value-level'), '中');
  assert.equal(textById(page.text, 'value-ready'), 'はい');
  const sentMail = await waitForMail(user.login, { subject: `[${no}] 作業依頼を受け付けました: ${item.name}` });
  assert.match(sentMail.body, /遮断する IP:\n198\.51\.100\.0\/24/);
  assert.match(sentMail.body, /詳細:\n一行目\n二行目/);
  assert.equal(period(tenant.no).consumed, 0, 'sending consumes nothing');
  const teamMail = await waitForMail(TEAM_ADDRESS, { subject: `[${no}] 新しい作業依頼: ${item.name} (${tenant.no})` });
  assert.match(teamMail.body, new RegExp(`/staff/cases/requests/${no}`));

  // the analyst's queue lists it; accepting consumes and opens the case
  const queue = await staff.get(`/staff/cases/requests/?tenant=${tenant.no}`);
  assert.equal(queue.status, 200);
  assert.match(queue.text, new RegExp(`id="request-${no}" data-state="pending"`));
  const staffPage = await staff.get(`/staff/cases/requests/${no}`);
  assert.match(staffPage.text, /対象一覧\.txt/);
  const accept = await decide(staff, no, 'accept');
  assert.equal(accept.status, 303, `${accept.status} ${textById(accept.text, 'request-error')}`);
  const row = requestRow(no);
  assert.equal(row.state, 'accepted');
  assert.match(row.caseNo, /^CS\d{7}$/);
  assert.equal(period(tenant.no).consumed, 6);
  assert.deepEqual(ledgerRows(no), [['consume', '6', row.caseNo, String(staffUser.id)]]);
  const [caseRow] = dbRows(`SELECT cat.code, c.subject, '', c.contact_user_id, c.status FROM cases c
    JOIN case_categories cat ON cat.id = c.category_id WHERE c.case_no = ${sqlString(row.caseNo)}`);
  assert.equal(caseRow[0], 'work_request');
  assert.equal(caseRow[1], `${item.name} (${no})`);
  const full = dbRows(`SELECT REPLACE(description, '\\n', '|') FROM cases WHERE case_no = ${sqlString(row.caseNo)}`)[0][0];
  for (const part of ['件名:|ブロック依頼', '台数:|3', `期限:|${tokyoDate(30)}`, '重要度:|中', '準備済み:|はい',
    '遮断する IP:|198.51.100.0/24', 'URL:|https://malware.example/x', `依頼番号 : ${no}`]) {
    assert.ok(full.includes(part), `case description holds ${part}: ${full}`);
  }
  assert.equal(caseRow[3], String(user.id), 'the requester is the case contact');

  // the file went over to the case, the same bytes
  const files = dbRows(`SELECT a.id, a.file_name, HEX(a.sha256) FROM case_attachments a JOIN cases c ON c.id = a.case_id
    WHERE c.case_no = ${sqlString(row.caseNo)}`);
  assert.equal(files.length, 1);
  assert.equal(files[0][1], '対象一覧.txt');
  assert.equal(files[0][2].toLowerCase(), sha256Hex(file));
  const got = await download(client, `/cases/${row.caseNo}/attachments/${pubid('attachment', files[0][0])}`);
  assert.equal(got.res.status, 200);
  assert.equal(got.sha256, sha256Hex(file));

  const acceptedMail = await waitForMail(user.login, { subject: `[${no}] 作業依頼を受理しました: ${item.name}` });
  assert.ok(acceptedMail.body.includes(row.caseNo), 'the mail names the case');
  // the customer sees the case link and the new balance
  const after = await client.get('/cases/requests/');
  assert.equal(textById(after.text, 'points-remaining'), '14');
  assert.match(after.text, new RegExp(`href="/cases/${row.caseNo}" class="case-link"`));
  const casePage = await client.get(`/cases/${row.caseNo}`);
  assert.equal(casePage.status, 200);
  assert.equal(textById(casePage.text, 'case-category'), '作業依頼');

  // a second decision changes nothing
  const again = await decide(staff, no, 'reject', { reason: '遅すぎた判断' });
  assert.equal(again.status, 409);
  assert.equal(textById(again.text, 'request-error'), DECIDED);
  assert.equal(requestRow(no).state, 'accepted');
  assert.equal(period(tenant.no).consumed, 6);
});

test('reject: a reason is required; no case, no points, a mail with the reason', async () => {
  const item = testItem({ cost: 4 });
  const { tenant, user, client } = await customer(10);
  const { client: staff } = await analyst();
  const no = await sendOk(client, item);
  const noReason = await decide(staff, no, 'reject', { reason: '' });
  assert.equal(noReason.status, 400);
  assert.equal(requestRow(no).state, 'pending');
  const res = await decide(staff, no, 'reject', { reason: 'この内容は遮断代行の対象外です。' });
  assert.equal(res.status, 303);
  const row = requestRow(no);
  assert.equal(row.state, 'rejected');
  assert.equal(row.caseNo, '');
  assert.equal(row.reason, 'この内容は遮断代行の対象外です。');
  assert.equal(period(tenant.no).consumed, 0);
  assert.deepEqual(ledgerRows(no), []);
  const mail = await waitForMail(user.login, { subject: `[${no}] 作業依頼は受理されませんでした: ${item.name}` });
  assert.match(mail.body, /この内容は遮断代行の対象外です。/);
  const page = await client.get(`/cases/requests/${no}`);
  assert.equal(textById(page.text, 'request-reason'), 'この内容は遮断代行の対象外です。');
  const accept = await decide(staff, no, 'accept');
  assert.equal(accept.status, 409);
  assert.equal(period(tenant.no).consumed, 0);
});

test('a request whose cost exceeds the remaining points is refused at sending, nothing stored', async () => {
  const item = testItem({ cost: 8 });
  const { tenant, client } = await customer(10);
  setConsumed(tenant.no, 3);
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.equal(textById(form.text, 'not-affordable'), OVER);
  const res = await sendRequest(client, item);
  assert.equal(res.status, 409);
  assert.equal(textById(res.text, 'form-error'), OVER);
  assert.equal(requestCount(tenant.no), 0);
  assert.match(res.text, /value="ブロック依頼"/, 'values are kept');
  // without a period of the current date no request fits
  const other = await customer(10);
  dbRows(`DELETE FROM point_periods WHERE tenant_id = (SELECT id FROM tenants WHERE customer_no = ${sqlString(other.tenant.no)})`);
  const none = await sendRequest(other.client, item);
  assert.equal(none.status, 409);
  assert.equal(textById(none.text, 'form-error'), NO_PERIOD);
  assert.equal(requestCount(other.tenant.no), 0);
});

test('without a current period: the customer is told so (a free item too), the analyst is told to create the period', async () => {
  const free = testItem({ cost: 0 });
  const { tenant, client } = await customer(10);
  const { client: staff } = await analyst();
  const pending = await sendOk(client, free);
  // the period ends: nothing holds today any more
  dbRows(`UPDATE point_periods SET starts_on = '2000-01-01', ends_on = '2000-01-31'
    WHERE tenant_id = (SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)})`);
  const form = await client.get(`/cases/requests/${free.code}`);
  assert.equal(textById(form.text, 'no-period'), '今期のポイントは登録されていません。作業依頼はお受けできません。');
  assert.ok(!form.text.includes('id="not-affordable"'));
  const res = await sendRequest(client, free);
  assert.equal(res.status, 409);
  assert.equal(textById(res.text, 'form-error'), NO_PERIOD);
  assert.equal(requestCount(tenant.no), 1, 'nothing stored');
  const accept = await decide(staff, pending, 'accept');
  assert.equal(accept.status, 409);
  assert.equal(textById(accept.text, 'request-error'), NO_PERIOD_STAFF);
  assert.equal(requestRow(pending).state, 'pending', 'nothing changed');
  // once the period is there again it can be accepted
  dbRows(`UPDATE point_periods SET starts_on = '2000-01-01', ends_on = '2099-12-31'
    WHERE tenant_id = (SELECT id FROM tenants WHERE customer_no = ${sqlString(tenant.no)})`);
  assert.equal((await decide(staff, pending, 'accept')).status, 303);
  assert.equal(requestRow(pending).state, 'accepted');
});

test('two requests that each fit but not together, accepted at once by two analysts: exactly one wins, 20 times', async () => {
  const item = testItem({ cost: 6 });
  const { tenant, client } = await customer(10);
  const { client: a1 } = await analyst();
  const { client: a2 } = await secondAnalyst();
  for (let round = 0; round < 20; round++) {
    setConsumed(tenant.no, 0);
    const first = await sendOk(client, item);
    const second = await sendOk(client, item);
    const [p1, p2] = await Promise.all([a1.get(`/staff/cases/requests/${first}`), a2.get(`/staff/cases/requests/${second}`)]);
    const results = await Promise.all([
      a1.post(`/staff/cases/requests/${first}/accept`, { csrf: csrfOf(p1.text) }),
      a2.post(`/staff/cases/requests/${second}/accept`, { csrf: csrfOf(p2.text) }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [303, 409], `round ${round}: ${statuses}`);
    const loser = results.find((r) => r.status === 409);
    assert.equal(textById(loser.text, 'request-error'), BALANCE);
    const p = period(tenant.no);
    assert.equal(p.consumed, 6, `round ${round}: consumed once`);
    assert.ok(p.remaining >= 0);
    const states = [requestRow(first).state, requestRow(second).state].sort();
    assert.deepEqual(states, ['accepted', 'pending']);
    assert.equal(ledgerRows(first).length + ledgerRows(second).length, 1);
    // leave the pending one decided so the next round starts clean
    const pending = requestRow(first).state === 'pending' ? first : second;
    assert.equal((await decide(a1, pending, 'reject', { reason: '残高不足' })).status, 303);
  }
});

test('two analysts deciding the same request at once: exactly one wins', async () => {
  const item = testItem({ cost: 2 });
  const { tenant, client } = await customer(50);
  const { client: a1 } = await analyst();
  const { client: a2 } = await secondAnalyst();
  for (let round = 0; round < 5; round++) {
    const no = await sendOk(client, item);
    const [p1, p2] = await Promise.all([a1.get(`/staff/cases/requests/${no}`), a2.get(`/staff/cases/requests/${no}`)]);
    const results = await Promise.all([
      a1.post(`/staff/cases/requests/${no}/accept`, { csrf: csrfOf(p1.text) }),
      a2.post(`/staff/cases/requests/${no}/reject`, { csrf: csrfOf(p2.text), reason: '同時の判断' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    assert.equal(textById(results.find((r) => r.status === 409).text, 'request-error'), DECIDED);
    const row = requestRow(no);
    const consumed = period(tenant.no).consumed;
    assert.equal(consumed, 2 * Number(dbRows(`SELECT COUNT(*) FROM work_requests w JOIN tenants t ON t.id = w.tenant_id
      WHERE t.customer_no = ${sqlString(tenant.no)} AND w.state = 'accepted'`)[0][0]));
    assert.equal(ledgerRows(no).length, row.state === 'accepted' ? 1 : 0);
  }
});

test('every bad input of the form: a message beside the field or on top, nothing stored', async () => {
  const item = testItem({ cost: 1 });
  const { tenant, client } = await customer(10);
  const cases = [
    { name: 'unknown field', override: { f_other: 'x' }, top: 'この作業にない項目が送信されました。' },
    { name: 'retired-looking field', override: { 'f_title.x': 'x' }, top: 'この作業にない項目が送信されました。' },
    { name: 'missing required', values: goodValues({ f_title: '' }), field: ['f_title', '入力してください。'] },
    { name: 'blank required', values: goodValues({ f_until: '　 ' }), field: ['f_until', '入力してください。'] },
    { name: 'text too long', values: goodValues({ f_title: 'あ'.repeat(21) }), field: ['f_title', '文字数が多すぎます。'] },
    { name: 'line break in one line', values: goodValues({ f_title: 'a\nb' }), field: ['f_title', '使用できない文字が含まれています。'] },
    { name: 'number not a number', values: goodValues({ f_count: 'abc' }), field: ['f_count', '整数で入力してください。'] },
    { name: 'number out of range', values: goodValues({ f_count: '11' }), field: ['f_count', '入力できる範囲を超えています。'] },
    { name: 'bad date', values: goodValues({ f_until: '2026-02-30' }), field: ['f_until', '正しい日付(YYYY-MM-DD)を入力してください。'] },
    { name: 'choice not offered', values: goodValues({ f_level: '最高' }), field: ['f_level', '表示された選択肢から選んでください。'] },
    { name: 'choice by its English name', values: goodValues({ f_level: 'High' }), field: ['f_level', '表示された選択肢から選んでください。'] },
    { name: 'yes/no other', values: goodValues({ f_ready: 'maybe' }), field: ['f_ready', '表示された選択肢から選んでください。'] },
    { name: 'bad IP', values: goodValues({ f_target: '300.1.2.3' }), field: ['f_target', '正しいIPアドレスまたはCIDRを入力してください。'] },
    { name: 'bad CIDR', values: goodValues({ f_target: '2001:db8::/129' }), field: ['f_target', '正しいIPアドレスまたはCIDRを入力してください。'] },
    { name: 'bad URL', values: goodValues({ f_site: 'javascript:alert(1)' }), field: ['f_site', 'http:// または https:// で始まる正しいURLを入力してください。'] },
    { name: 'tampered cost', override: { cost: '0' }, top: 'この作業の必要ポイントが変更されました。' },
    { name: 'tampered item id', override: { item: String(Number(item.id) + 100000) }, top: '作業の指定が正しくありません。' },
    { name: 'no item id', override: { item: '' }, top: '作業の指定が正しくありません。' },
  ];
  for (const c of cases) {
    const res = await sendRequest(client, item, c.values || goodValues(), c.override || {});
    assert.equal(res.status, 400, `${c.name}: ${res.status}`);
    const top = textById(res.text, 'form-error');
    if (c.top) assert.ok(top.startsWith(c.top), `${c.name}: ${top}`);
    if (c.field) {
      assert.equal(textById(res.text, `error-${c.field[0]}`), c.field[1], c.name);
      assert.ok(top.startsWith('入力内容に誤りがあります。'), `${c.name}: ${top}`);
    }
    assert.equal(requestCount(tenant.no), 0, `${c.name}: nothing stored`);
  }
  // a value given twice
  const form = await client.get(`/cases/requests/${item.code}`);
  const twice = `${new URLSearchParams({ csrf: csrfOf(form.text), item: String(item.id), cost: String(item.cost), ...goodValues() })}&f_level=%E9%AB%98`;
  const res = await client.post(`/cases/requests/${item.code}`, twice);
  assert.equal(res.status, 400);
  assert.equal(requestCount(tenant.no), 0);
  // a retired item is not offered any more
  dbRows(`UPDATE work_request_items SET retired = 1 WHERE id = ${item.id}`);
  assert.equal((await client.get(`/cases/requests/${item.code}`)).status, 404);
  const catalog = await client.get('/cases/requests/');
  assert.ok(!catalog.text.includes(`id="item-${item.code}"`));
});

test('isolation: another tenant\'s request number answers like a missing one on every route', async () => {
  const item = testItem({ cost: 1 });
  const a = await customer(10);
  const b = await customer(10);
  const no = await sendOk(a.client, item);
  const fileId = '1';
  const missing = 'WR0000000';
  for (const path of [`/cases/requests/${no}`, `/cases/requests/${no}/attachments/${fileId}`]) {
    const theirs = await b.client.get(path);
    const none = await b.client.get(path.replace(no, missing));
    assert.equal(theirs.status, 404, path);
    assert.equal(none.status, 404, path);
    assert.equal(textById(theirs.text, 'error-message') ?? '', textById(none.text, 'error-message') ?? '');
  }
  const list = await b.client.get('/cases/requests/');
  assert.ok(!list.text.includes(no), 'the other tenant\'s request is not listed');
  // customers have no staff routes: the same answer as a missing page
  for (const path of [`/staff/cases/requests/${no}`, '/staff/cases/requests/', '/staff/cases/requests/catalog']) {
    assert.equal((await b.client.get(path)).status, 404, path);
  }
  const form = await b.client.get('/cases/requests/');
  const post = await b.client.post(`/staff/cases/requests/${no}/accept`, { csrf: csrfOf(form.text) });
  assert.equal(post.status, 404);
  assert.equal(requestRow(no).state, 'pending');
  // the owner sees it
  assert.equal((await a.client.get(`/cases/requests/${no}`)).status, 200);
});

/** count rejected requests of the tenant, the k-th (0-based) k + 1 minutes
 * old, written as over the years; their numbers, newest first. */
function oldRequests(tenantNo, userId, itemId, count) {
  const tenantId = dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(tenantNo)}`)[0][0];
  for (;;) {
    const base = 1000000 + Math.floor(Math.random() * 8000000);
    const nos = Array.from({ length: count }, (_, k) => `WR${String(base + k).padStart(7, '0')}`);
    const taken = dbRows(`SELECT COUNT(*) FROM work_requests WHERE request_no BETWEEN ${sqlString(nos[0])} AND ${sqlString(nos.at(-1))}`);
    if (Number(taken[0][0]) !== 0) continue;
    const rows = nos.map((no, k) => `(${sqlString(no)}, ${tenantId}, ${itemId}, '古い依頼', 'Old request', 1, ${userId},
      'ja', 'rejected', '理由', DATE_SUB(UTC_TIMESTAMP(), INTERVAL ${k + 1} MINUTE))`);
    dbRows(`INSERT INTO work_requests (request_no, tenant_id, item_id, item_name_ja, item_name_en, cost,
      requester_user_id, lang, state, reason, created_at) VALUES ${rows.join(',')}`);
    return nos;
  }
}

const listedRequests = (html) => [...html.matchAll(/id="request-(WR\d{7})"/g)].map((m) => m[1]);

test('a tenant with 120 requests: both lists page through all of them, 50 a page, with the count', async () => {
  const item = testItem({ cost: 1 });
  const { tenant, user, client } = await customer(10);
  const nos = oldRequests(tenant.no, user.id, item.id, 120);
  const { client: staff } = await analyst();
  for (const [base, http] of [['/cases/requests/?', client], [`/staff/cases/requests/?state=rejected&tenant=${tenant.no}&`, staff]]) {
    const seen = [];
    for (const [page, from, to] of [[1, 1, 50], [2, 51, 100], [3, 101, 120]]) {
      const res = await http.get(`${base}page=${page}`);
      assert.equal(res.status, 200, `${base} page ${page}`);
      assert.equal(textById(res.text, 'list-count'), `${from}~${to} 件目 / 120 件`, `${base} page ${page}`);
      assert.equal(/id="page-next"/.test(res.text), page < 3, 'a next page link while there is one');
      assert.equal(/id="page-prev"/.test(res.text), page > 1);
      seen.push(...listedRequests(res.text));
    }
    assert.deepEqual(seen, nos, `${base}: every request once, newest first`);
    const past = await http.get(`${base}page=99`);
    assert.equal(textById(past.text, 'list-count'), '101~120 件目 / 120 件', 'a page past the last shows the last');
  }
  // the pager keeps the filter
  const page1 = await staff.get(`/staff/cases/requests/?state=rejected&tenant=${tenant.no}`);
  assert.match(page1.text, new RegExp(`href="/staff/cases/requests/\\?state=rejected&amp;tenant=${tenant.no}&amp;page=2"`));
  // the staff queue by tenant: another tenant's, an unknown and a malformed number
  const other = await staff.get('/staff/cases/requests/?state=all&tenant=N200000002');
  assert.ok(!listedRequests(other.text).some((no) => nos.includes(no)), 'another tenant shows none of them');
  const unknown = await staff.get('/staff/cases/requests/?state=all&tenant=N399999999');
  assert.ok(unknown.text.includes('id="requests-none"'));
  const bad = await staff.get('/staff/cases/requests/?state=all&tenant=x');
  assert.ok(bad.text.includes('id="error-tenant"') && bad.text.includes('id="requests-none"'));
});

test('catalog editor: add an item and its fields; tampered ids, costs and field names are refused', async () => {
  const { client: staff } = await analyst();
  const code = `e_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let page = await staff.get('/staff/cases/requests/catalog');
  assert.equal(page.status, 200);
  const csrf = csrfOf(page.text);
  const add = await staff.post('/staff/cases/requests/catalog', {
    csrf, action: 'add', code, name_ja: '編集テスト', name_en: 'Editor test', description_ja: '説明', description_en: 'desc', cost: '7',
  });
  assert.equal(add.status, 303);
  const [id, cost] = dbRows(`SELECT id, cost FROM work_request_items WHERE code = ${sqlString(code)}`)[0];
  assert.equal(cost, '7');
  const count = () => dbRows(`SELECT COUNT(*) FROM work_request_items`)[0][0];
  const before = count();
  const itemsBefore = dbRows(`SELECT id, name_ja, cost, retired FROM work_request_items ORDER BY id`);
  for (const [fields, msg] of [
    [{ action: 'save', id: '999999999', cost: '3' }, '指定された作業はありません。'],
    [{ action: 'save', id: 'abc', cost: '3' }, null],
    [{ action: 'save', id, cost: '-1' }, '必要ポイントは 0 から 100000 の整数で入力してください。'],
    [{ action: 'save', id, cost: '100001' }, '必要ポイントは 0 から 100000 の整数で入力してください。'],
    [{ action: 'add', code: 'Bad Code', cost: '3' }, null],
    [{ action: 'add', code, cost: '3' }, 'このコードはすでに使われています。'],
  ]) {
    const res = await staff.post('/staff/cases/requests/catalog', { csrf, name_ja: '改ざん', name_en: 'Tampered', ...fields });
    assert.equal(res.status >= 400 && res.status < 500, true, `${JSON.stringify(fields)}: ${res.status}`);
    if (msg) assert.ok(textById(res.text, 'catalog-error').startsWith(msg), textById(res.text, 'catalog-error'));
  }
  assert.equal(count(), before);
  assert.deepEqual(dbRows(`SELECT id, name_ja, cost, retired FROM work_request_items ORDER BY id`), itemsBefore, 'nothing stored');

  // fields
  page = await staff.get(`/staff/cases/requests/catalog/${code}`);
  assert.equal(page.status, 200);
  const fieldPost = (f) => staff.post(`/staff/cases/requests/catalog/${code}`, { csrf, label_ja: '項目', label_en: 'Field', ...f });
  assert.equal((await fieldPost({ action: 'add', name: 'ip_to_block', kind: 'ip', required: '1' })).status, 303);
  assert.equal((await fieldPost({ action: 'add', name: 'level', kind: 'choice', options: '高|High\n低|Low' })).status, 303);
  const fields = dbRows(`SELECT id, name, kind, required FROM work_request_fields WHERE item_id = ${id} ORDER BY position`);
  assert.deepEqual(fields.map((f) => f.slice(1)), [['ip_to_block', 'ip', '1'], ['level', 'choice', '0']]);
  const other = testItem();
  const otherField = dbRows(`SELECT id FROM work_request_fields WHERE item_id = ${other.id} LIMIT 1`)[0][0];
  const snapshot = () => dbRows(`SELECT * FROM work_request_fields WHERE item_id IN (${id}, ${other.id}) ORDER BY id`);
  const fieldsBefore = snapshot();
  for (const [f, msg] of [
    [{ action: 'save', id: fields[0][0], name: 'renamed', kind: 'ip' }, '指定された項目はこの作業にありません。'],
    [{ action: 'save', id: otherField, name: 'title', kind: 'text' }, '指定された項目はこの作業にありません。'],
    [{ action: 'save', id: '99999999', name: 'ip_to_block', kind: 'ip' }, '指定された項目はこの作業にありません。'],
    [{ action: 'add', name: 'Bad-Name', kind: 'text' }, '項目名は英小文字・数字・アンダースコア(40文字以内)で入力してください。'],
    [{ action: 'add', name: 'x', kind: 'script' }, '項目の種類が正しくありません。'],
    [{ action: 'add', name: 'ip_to_block', kind: 'text' }, 'この項目名はすでに使われているか、項目が多すぎます(30まで)。'],
    [{ action: 'add', name: 'empty_choice', kind: 'choice', options: '' }, '選択肢は1行に1つ'],
    [{ action: 'add', name: 'dup_choice', kind: 'choice', options: 'A|a\nA|b' }, '同じ選択肢が2回あります。'],
    [{ action: 'add', name: 'range', kind: 'number', min: '5', max: '1' }, '最小値・最大値が正しくありません'],
    [{ action: 'add', name: 'long', kind: 'text', max_length: '5000' }, '最大文字数が種類に合っていません'],
  ]) {
    const res = await fieldPost(f);
    assert.equal(res.status, 400, `${JSON.stringify(f)}: ${res.status}`);
    assert.ok(textById(res.text, 'fields-error').startsWith(msg), `${JSON.stringify(f)}: ${textById(res.text, 'fields-error')}`);
  }
  assert.deepEqual(snapshot(), fieldsBefore, 'nothing stored');

  // retire the item: not offered, old requests still readable
  const { client } = await customer(20);
  const no = await sendOk(client, { id, code, cost: 7 }, { f_ip_to_block: '192.0.2.1', f_level: '高' });
  const retire = await staff.post('/staff/cases/requests/catalog', {
    csrf, action: 'save', id, name_ja: '編集テスト', name_en: 'Editor test', cost: '7', position: '950', retired: '1',
  });
  assert.equal(retire.status, 303);
  assert.equal((await client.get(`/cases/requests/${code}`)).status, 404);
  const old = await client.get(`/cases/requests/${no}`);
  assert.equal(old.status, 200);
  assert.equal(textById(old.text, 'value-level'), '高');
  assert.equal((await staff.get(`/staff/cases/requests/${no}`)).status, 200);
  // restore
  const restore = await staff.post('/staff/cases/requests/catalog', {
    csrf, action: 'save', id, name_ja: '編集テスト', name_en: 'Editor test', cost: '7', position: '950',
  });
  assert.equal(restore.status, 303);
  assert.equal((await client.get(`/cases/requests/${code}`)).status, 200);
});

test('English: the form, the messages and the mail in the requester\'s language', async () => {
  const item = testItem({ cost: 1 });
  const { tenant } = tenantWithPoints(5);
  const user = createUser({ role: 'customer_user', tenant: tenant.no, lang: 'en' });
  const client = new Client();
  await client.loginOk(user);
  const bad = await sendRequest(client, item, goodValues({ f_target: 'nope' }));
  assert.equal(textById(bad.text, 'error-f_target'), 'Please enter a valid IP address or CIDR.');
  const no = await sendOk(client, item, goodValues({ f_level: '低' }));
  const page = await client.get(`/cases/requests/${no}`);
  assert.equal(textById(page.text, 'value-level'), 'Low');
  assert.equal(textById(page.text, 'value-ready'), 'Yes');
  const mail = await waitForMail(user.login, { subject: `[${no}] Work request received: Test work` });
  assert.match(mail.body, /IP to block:\n198\.51\.100\.0\/24/);
  assert.equal(mailsTo(user.login).length, 1);
});

// 遮断代行 (block on behalf): "block until" is today or later in the
// sender's time zone (Asia/Tokyo here); a block until the end of today is
// a real request. A day that has passed is refused beside the field in the
// sender's language, the form comes back with the values, nothing is
// stored and no point is taken.
test('block on behalf: a "block until" date in the past is refused with the values kept; today and later are sent', async () => {
  const [[id, cost]] = dbRows("SELECT id, cost FROM work_request_items WHERE code = 'block_on_behalf'");
  const item = { id, code: 'block_on_behalf', cost: Number(cost) };
  const values = (until) => ({
    f_target_ip: '203.0.113.0/24', f_target_url: 'https://malware.example/dl/payload.exe',
    f_reason: 'アラートID 20261201-0042 の通信先です。', f_until: until, f_account_ready: 'yes',
  });
  const { tenant, client } = await customer(20);
  await awayFromTokyoMidnight();
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.match(form.text, new RegExp(`id="f_until"[^>]*type="date" min="${tokyoDate(0)}"`));

  const yesterday = tokyoDate(-1);
  const refused = await sendRequest(client, item, values(yesterday));
  assert.equal(refused.status, 400);
  assert.equal(textById(refused.text, 'error-f_until'), '過去の日付は指定できません。今日以降の日付を入力してください。');
  assert.ok(textById(refused.text, 'form-error').startsWith('入力内容に誤りがあります。'));
  assert.match(refused.text, new RegExp(`id="f_until" name="f_until" value="${yesterday}"`), 'the date is shown back');
  assert.match(refused.text, /id="f_target_ip" name="f_target_ip" value="203\.0\.113\.0\/24"/);
  assert.ok(refused.text.includes('アラートID 20261201-0042 の通信先です。'));
  assert.equal(requestCount(tenant.no), 0, 'nothing stored');
  assert.deepEqual(period(tenant.no), { contracted: 20, credited: 0, consumed: 0, remaining: 20 });
  // a year ago and the turn of the month are refused too
  for (const past of [tokyoDate(-365), tokyoDate(-31)]) {
    assert.equal((await sendRequest(client, item, values(past))).status, 400, past);
  }
  assert.equal(requestCount(tenant.no), 0);

  // today (a block to the end of the day) and a later day are sent
  await sendOk(client, item, values(tokyoDate(0)));
  await sendOk(client, item, values(tokyoDate(90)));
  assert.equal(requestCount(tenant.no), 2);
  assert.equal(period(tenant.no).consumed, 0, 'sending takes no points');

  // in English for an English user
  const en = createUser({ role: 'customer_user', tenant: tenant.no, lang: 'en' });
  const enClient = new Client();
  await enClient.loginOk(en);
  const enRefused = await sendRequest(enClient, item, values(yesterday));
  assert.equal(enRefused.status, 400);
  assert.equal(textById(enRefused.text, 'error-f_until'), 'A date in the past cannot be chosen. Please enter today or a later date.');
  assert.equal(requestCount(tenant.no), 2);
});

test('reject: a reason of only blanks is refused with a message; nothing changes', async () => {
  const item = testItem({ cost: 3 });
  const { tenant, client } = await customer(10);
  const { client: staff } = await analyst();
  const no = await sendOk(client, item);
  for (const reason of ['   ', '\u3000\u3000', ' \r\n\t ']) {
    const res = await decide(staff, no, 'reject', { reason });
    assert.equal(res.status, 400, JSON.stringify(reason));
    assert.equal(textById(res.text, 'error-reason'), '空白だけでは入力できません。内容を入力してください。');
    const row = requestRow(no);
    assert.equal(row.state, 'pending');
    assert.equal(row.reason, '');
  }
  assert.equal(period(tenant.no).consumed, 0);
  assert.equal((await decide(staff, no, 'reject', { reason: ' 対象外です。 ' })).status, 303);
  assert.equal(requestRow(no).state, 'rejected');
});

test('the points on the requests page name what the points page names: contracted and credited apart', async () => {
  const { tenant, client } = await customer(100);
  dbRows(`UPDATE point_periods p JOIN tenants t ON t.id = p.tenant_id SET p.credited = 20, p.consumed = 10
    WHERE t.customer_no = ${sqlString(tenant.no)}`);
  const page = await client.get('/cases/requests/');
  assert.equal(page.status, 200);
  const text = textById(page.text, 'points').replace(/\s+/g, ' ');
  assert.match(text, /残りポイント: 110 ポイント \(契約ポイント合計 100 \/ 追加付与 20 \/ 消化数 10\)/);
});
