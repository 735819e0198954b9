// Work requests (CASE-2): periods and dates that name days that have passed.
// The demo catalog's log extraction and compliance report ask for a period
// ("from" and "to") of days that have passed: the end may not precede the
// start (the same day is a period of one day) and neither may lie after
// today in the sender's time zone (Asia/Tokyo here). A refused date gets a
// message beside its field in the sender's language, the form comes back
// with the values and nothing is stored. Staff set the "not before" rule
// of a date field in the catalog editor.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, textById, dbRows, sqlString, createUser } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import {
  tenantWithPoints, period, requestCount, sendRequest, sendOk, tokyoDate, awayFromTokyoMidnight,
} from '../lib/requests.mjs';

const INVALID = '入力内容に誤りがあります。';
const orderJa = (start) => `「${start}」より前の日付は指定できません。「${start}」と同じ日かそれ以降の日付を入力してください。`;
const orderEn = (start) => `This date is before "${start}". Please enter the same day as "${start}" or a later one.`;
const RANGE_JA = '指定できる期間の外の日付です。入力欄の下の期間から選んでください。';
const RANGE_EN = 'This date is outside the allowed period shown below the field.';

function demoItem(code) {
  const [[id, cost]] = dbRows(`SELECT id, cost FROM work_request_items WHERE code = ${sqlString(code)}`);
  return { id, code, cost: Number(cost) };
}

async function customer(contracted = 20) {
  const { tenant, user } = tenantWithPoints(contracted, { name: '期間 花子' });
  const client = new Client();
  await client.loginOk(user);
  return { tenant, user, client };
}

const logValues = (from, to) => ({ f_date_from: from, f_date_to: to, f_source_ip: '192.0.2.15', f_format: 'CSV' });

test('log extraction: a "to" before its "from" is refused beside "to" with the values kept; the same day and a real period are sent', async () => {
  const item = demoItem('log_export');
  const { tenant, client } = await customer(20);
  await awayFromTokyoMidnight();
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.equal(form.status, 200);
  // both dates end today at the latest; "to" names its start below the field
  assert.match(form.text, new RegExp(`id="f_date_from"[^>]*type="date" max="${tokyoDate(0)}"`));
  assert.match(form.text, new RegExp(`id="f_date_to"[^>]*type="date" max="${tokyoDate(0)}"`));
  assert.ok(textById(form.text, 'hint-f_date_to').includes('「抽出期間(開始日)」と同じ日かそれ以降の日付です。'),
    textById(form.text, 'hint-f_date_to'));
  assert.ok(!textById(form.text, 'hint-f_date_from').includes('以降の日付です'));

  const from = tokyoDate(-3), to = tokyoDate(-10);
  const refused = await sendRequest(client, item, logValues(from, to));
  assert.equal(refused.status, 400);
  assert.equal(textById(refused.text, 'error-f_date_to'), orderJa('抽出期間(開始日)'));
  assert.equal(textById(refused.text, 'error-f_date_from'), null, 'the start itself is fine');
  assert.ok(textById(refused.text, 'form-error').startsWith(INVALID));
  assert.match(refused.text, new RegExp(`id="f_date_from" name="f_date_from" value="${from}"`), 'the values are shown back');
  assert.match(refused.text, new RegExp(`id="f_date_to" name="f_date_to" value="${to}"`));
  assert.match(refused.text, /id="f_source_ip" name="f_source_ip" value="192\.0\.2\.15"/);
  assert.equal(requestCount(tenant.no), 0, 'nothing stored');
  assert.deepEqual(period(tenant.no), { contracted: 20, credited: 0, consumed: 0, remaining: 20 });

  // one day before, across a month and a year turn
  for (const [a, b] of [[tokyoDate(-1), tokyoDate(-2)], [tokyoDate(-5), tokyoDate(-40)], [tokyoDate(0), tokyoDate(-400)]]) {
    const res = await sendRequest(client, item, logValues(a, b));
    assert.equal(res.status, 400, `${a} – ${b}`);
    assert.equal(textById(res.text, 'error-f_date_to'), orderJa('抽出期間(開始日)'));
  }
  // a start that is no date is refused as such, without an order message
  const bad = await sendRequest(client, item, logValues('2026-02-30', tokyoDate(-1)));
  assert.equal(bad.status, 400);
  assert.equal(textById(bad.text, 'error-f_date_from'), '正しい日付(YYYY-MM-DD)を入力してください。');
  assert.equal(textById(bad.text, 'error-f_date_to'), null);
  assert.equal(requestCount(tenant.no), 0);

  // the same day, a real period and a period ending today are sent
  await sendOk(client, item, logValues(tokyoDate(-7), tokyoDate(-7)));
  await sendOk(client, item, logValues(tokyoDate(-40), tokyoDate(-5)));
  await sendOk(client, item, logValues(tokyoDate(-1), tokyoDate(0)));
  assert.equal(requestCount(tenant.no), 3);
  const stored = dbRows(`SELECT v.name, v.value FROM work_request_values v JOIN work_requests w ON w.id = v.request_id
    JOIN tenants t ON t.id = w.tenant_id WHERE t.customer_no = ${sqlString(tenant.no)} AND v.name = 'date_to' ORDER BY v.value`);
  assert.deepEqual(stored.map((r) => r[1]), [tokyoDate(-7), tokyoDate(-5), tokyoDate(0)].sort());

  // in English for an English user
  const en = createUser({ role: 'customer_user', tenant: tenant.no, lang: 'en' });
  const enClient = new Client();
  await enClient.loginOk(en);
  const enForm = await enClient.get(`/cases/requests/${item.code}`);
  assert.ok(textById(enForm.text, 'hint-f_date_to').includes('The same day as "From" or later.'), textById(enForm.text, 'hint-f_date_to'));
  const enRefused = await sendRequest(enClient, item, logValues(from, to));
  assert.equal(enRefused.status, 400);
  assert.equal(textById(enRefused.text, 'error-f_date_to'), orderEn('From'));
  assert.equal(requestCount(tenant.no), 3);
});

test('log extraction: a day after today is refused for "from" and "to", in Japanese and English; nothing stored', async () => {
  const item = demoItem('log_export');
  const { tenant, client } = await customer(20);
  await awayFromTokyoMidnight();
  const tomorrow = tokyoDate(1);
  const futureTo = await sendRequest(client, item, logValues(tokyoDate(-2), tomorrow));
  assert.equal(futureTo.status, 400);
  assert.equal(textById(futureTo.text, 'error-f_date_to'), RANGE_JA);
  assert.equal(textById(futureTo.text, 'error-f_date_from'), null);
  assert.match(futureTo.text, new RegExp(`id="f_date_to" name="f_date_to" value="${tomorrow}"`));
  const futureBoth = await sendRequest(client, item, logValues(tokyoDate(30), tokyoDate(60)));
  assert.equal(futureBoth.status, 400);
  assert.equal(textById(futureBoth.text, 'error-f_date_from'), RANGE_JA);
  assert.equal(textById(futureBoth.text, 'error-f_date_to'), RANGE_JA);
  // a future "from" after a past "to": each date says what is wrong with it
  const both = await sendRequest(client, item, logValues(tomorrow, tokyoDate(-1)));
  assert.equal(both.status, 400);
  assert.equal(textById(both.text, 'error-f_date_from'), RANGE_JA);
  assert.equal(textById(both.text, 'error-f_date_to'), null);
  assert.equal(requestCount(tenant.no), 0, 'nothing stored');

  const en = createUser({ role: 'customer_user', tenant: tenant.no, lang: 'en' });
  const enClient = new Client();
  await enClient.loginOk(en);
  const enRefused = await sendRequest(enClient, item, logValues(tokyoDate(-2), tomorrow));
  assert.equal(enRefused.status, 400);
  assert.equal(textById(enRefused.text, 'error-f_date_to'), RANGE_EN);
  assert.equal(requestCount(tenant.no), 0);
  assert.equal(period(tenant.no).consumed, 0);
});

test('compliance report: its period ends on or after its start and today at the latest', async () => {
  const item = demoItem('compliance_report');
  const { tenant, client } = await customer(30);
  await awayFromTokyoMidnight();
  const values = (from, to) => ({ f_framework: 'CIS Benchmarks', f_period_from: from, f_period_to: to, f_accounts: '3' });
  const refused = await sendRequest(client, item, values(tokyoDate(-1), tokyoDate(-31)));
  assert.equal(refused.status, 400);
  assert.equal(textById(refused.text, 'error-f_period_to'), orderJa('対象期間(開始日)'));
  const future = await sendRequest(client, item, values(tokyoDate(-31), tokyoDate(1)));
  assert.equal(future.status, 400);
  assert.equal(textById(future.text, 'error-f_period_to'), RANGE_JA);
  assert.equal(requestCount(tenant.no), 0);
  await sendOk(client, item, values(tokyoDate(-31), tokyoDate(-1)));
  await sendOk(client, item, values(tokyoDate(-1), tokyoDate(-1)));
  assert.equal(requestCount(tenant.no), 2);
});

test('health check: the preferred date lies between today and a year ahead; it may stay empty', async () => {
  const item = demoItem('health_check');
  const { tenant, client } = await customer(10);
  await awayFromTokyoMidnight();
  const values = (day) => ({ f_device: 'UTM-100-SN0001', f_preferred_date: day });
  const form = await client.get(`/cases/requests/${item.code}`);
  assert.match(form.text, new RegExp(`id="f_preferred_date"[^>]*type="date" min="${tokyoDate(0)}" max="${tokyoDate(365)}"`));
  const late = await sendRequest(client, item, values(tokyoDate(366)));
  assert.equal(late.status, 400);
  assert.equal(textById(late.text, 'error-f_preferred_date'), RANGE_JA);
  const past = await sendRequest(client, item, values(tokyoDate(-1)));
  assert.equal(past.status, 400);
  assert.equal(textById(past.text, 'error-f_preferred_date'), '過去の日付は指定できません。今日以降の日付を入力してください。');
  assert.equal(requestCount(tenant.no), 0);
  await sendOk(client, item, values(tokyoDate(365)));
  await sendOk(client, item, values(tokyoDate(0)));
  await sendOk(client, item, values(''));
  assert.equal(requestCount(tenant.no), 3);
});

test('catalog editor: a date field may not precede another date field of the item; wrong rules are refused, nothing stored', async () => {
  const { client: staff } = await staffLogin({ name: '期間 アナリスト' });
  const code = `p_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  let page = await staff.get('/staff/cases/requests/catalog');
  const csrf = csrfOf(page.text);
  assert.equal((await staff.post('/staff/cases/requests/catalog', {
    csrf, action: 'add', code, name_ja: '期間テスト', name_en: 'Period test', description_ja: '', description_en: '', cost: '1',
  })).status, 303);
  const [[id]] = dbRows(`SELECT id FROM work_request_items WHERE code = ${sqlString(code)}`);
  const fieldPost = (f) => staff.post(`/staff/cases/requests/catalog/${code}`, { csrf, ...f });
  assert.equal((await fieldPost({ action: 'add', name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', required: '1' })).status, 303);
  assert.equal((await fieldPost({ action: 'add', name: 'note', kind: 'text', label_ja: 'メモ', label_en: 'Note' })).status, 303);
  // "end" not before "start", added with the rule
  assert.equal((await fieldPost({ action: 'add', name: 'end', kind: 'date', label_ja: '終了日', label_en: 'End', required: '1', not_before: 'start' })).status, 303);
  // a rule on a field that is no date is dropped, like the other limits
  assert.equal((await fieldPost({ action: 'add', name: 'count', kind: 'number', label_ja: '件数', label_en: 'Count', not_before: 'start' })).status, 303);
  const rules = () => dbRows(`SELECT name, not_before FROM work_request_fields WHERE item_id = ${id} ORDER BY position`);
  assert.deepEqual(rules(), [['start', ''], ['note', ''], ['end', 'start'], ['count', '']]);

  page = await staff.get(`/staff/cases/requests/catalog/${code}`);
  assert.equal(page.status, 200);
  // the editor offers the item's other date fields, the saved one chosen
  assert.match(page.text, /<select id="f-end-not-before" name="not_before"[^>]*>\s*<option value="">[^<]*<\/option>\s*<option value="start" selected>/);
  const select = /<select id="f-end-not-before"[\s\S]*?<\/select>/.exec(page.text)[0];
  assert.deepEqual([...select.matchAll(/value="([^"]*)"/g)].map((m) => m[1]), ['', 'start'], 'only the other date fields');
  const startSelect = /<select id="f-start-not-before"[\s\S]*?<\/select>/.exec(page.text)[0];
  assert.deepEqual([...startSelect.matchAll(/value="([^"]*)"/g)].map((m) => m[1]), ['', 'end']);

  const [[startId]] = dbRows(`SELECT id FROM work_request_fields WHERE item_id = ${id} AND name = 'start'`);
  const snapshot = () => dbRows(`SELECT * FROM work_request_fields WHERE item_id = ${id} ORDER BY id`);
  const before = snapshot();
  const DEF = '「この日付より前は不可」には、この作業の別の日付の項目を選んでください(日付の項目のみ)。';
  for (const f of [
    { action: 'save', id: startId, name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', position: '1', not_before: 'start' },
    { action: 'save', id: startId, name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', position: '1', not_before: 'note' },
    { action: 'save', id: startId, name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', position: '1', not_before: 'missing' },
    { action: 'save', id: startId, name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', position: '1', not_before: 'Bad-Name' },
    { action: 'add', name: 'later', kind: 'date', label_ja: '後', label_en: 'Later', not_before: 'later' },
  ]) {
    const res = await fieldPost(f);
    assert.equal(res.status, 400, JSON.stringify(f));
    assert.equal(textById(res.text, 'fields-error'), DEF, JSON.stringify(f));
  }
  assert.deepEqual(snapshot(), before, 'nothing stored');

  // the rule holds on the customer's form
  const { tenant, client } = await customer(5);
  const item = { id, code, cost: 1 };
  const res = await sendRequest(client, item, { f_start: '2026-11-10', f_end: '2026-11-09' });
  assert.equal(res.status, 400);
  assert.equal(textById(res.text, 'error-f_end'), orderJa('開始日'));
  assert.equal(requestCount(tenant.no), 0);
  await sendOk(client, item, { f_start: '2026-11-10', f_end: '2026-11-10' });
  // once "start" is retired, "end" has no start to follow
  assert.equal((await fieldPost({ action: 'save', id: startId, name: 'start', kind: 'date', label_ja: '開始日', label_en: 'Start', position: '1', retired: '1' })).status, 303);
  await sendOk(client, item, { f_end: '2026-11-09' });
  // and the rule is cleared in the editor by choosing none
  const [[endId]] = dbRows(`SELECT id FROM work_request_fields WHERE item_id = ${id} AND name = 'end'`);
  assert.equal((await fieldPost({ action: 'save', id: endId, name: 'end', kind: 'date', label_ja: '終了日', label_en: 'End', position: '3', not_before: '' })).status, 303);
  assert.deepEqual(rules()[2], ['end', '']);
  assert.equal(requestCount(tenant.no), 2);
});
